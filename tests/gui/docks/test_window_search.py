"""The search dock and the find bar in the window: a hit opens its source, ready to code."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kutip.gui.main_window import MainWindow
from kutip.gui.viewer.find_bar import SEARCH_TAG, TAG_PROPERTY
from kutip.gui.viewer.pdf_view import PdfDocumentView
from kutip.gui.viewer.text_view import SourceView

CTRL = Qt.KeyboardModifier.ControlModifier


def test_the_search_dock_is_part_of_the_window_and_searches_the_open_project(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    dock = demo_window.search_dock
    assert dock.isVisible()
    assert demo_window.search_dock.toggleViewAction() in demo_window.view_menu.actions()
    qtbot.waitUntil(lambda: dock.index is not None, timeout=20_000)
    edit = dock.query_box.lineEdit()
    qtbot.keyClicks(edit, "hoaks")
    with qtbot.waitSignal(dock.search_finished, timeout=20_000):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert dock.model.rowCount() > 0
    demo_window.close_project()
    assert not dock.isVisible()


def test_a_hit_opens_its_text_source_with_the_passage_selected_for_coding(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    project = demo_window.project
    assert project is not None
    source = next(s for s in project.sources.all() if s.title == "informan-01")
    text = project.sources.text(source.id)
    start = text.index("hoaks")
    demo_window.search_dock.hit_activated.emit(source.id, start, start + 5, [(start, start + 5)])
    view = demo_window.documents.current_view()
    assert isinstance(view, SourceView)
    assert view.source_id == source.id
    assert view.selected_range() == (start, start + 5)
    marked = [s for s in view.extraSelections() if s.format.property(TAG_PROPERTY) == SEARCH_TAG]
    assert [s.cursor.selectedText() for s in marked] == ["hoaks"]
    view.setFocus()
    demo_window.activateWindow()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_4)
    assert ("hoaks", "Kredibilitas") in [
        (project.codings.text(s), project.codes.get(s.code_id).name)
        for s in project.codings.all(source_id=source.id)
    ]


def test_a_hit_in_a_pdf_selects_it_on_the_page(demo_window: MainWindow, qtbot: QtBot) -> None:
    project = demo_window.project
    assert project is not None
    source = next(s for s in project.sources.all() if s.kind == "pdf")
    text = project.sources.text(source.id)
    start = text.index("kampanye")
    demo_window.show_hit(source.id, start, start + 8, [(start, start + 8)])
    view = demo_window.documents.current_view()
    assert isinstance(view, PdfDocumentView)
    assert view.selected_range() == (start, start + 8)


def test_find_follows_the_document_in_front(demo_window: MainWindow, qtbot: QtBot) -> None:
    project = demo_window.project
    assert project is not None
    find = demo_window.documents.find_bar
    text = next(s for s in project.sources.all() if s.kind == "text")
    demo_window.show_source(text.id, pin=True)
    assert find.find_action.isEnabled()
    assert find.target is demo_window.documents.current_view()
    find.find_action.trigger()
    assert find.isVisible()
    find.field.setText("kampanye")
    pdf = next(s for s in project.sources.all() if s.kind == "pdf")
    demo_window.show_source(pdf.id, pin=True)
    view = demo_window.documents.current_view()
    assert isinstance(view, PdfDocumentView)
    assert find.find_action.isEnabled() and find.isVisible()
    assert find.target is view  # the open bar now searches the PDF's text
    pdf_text = project.sources.text(pdf.id).casefold()
    assert len(find.matches()) == pdf_text.count("kampanye")
    demo_window.documents.close_all()
    assert not find.find_action.isEnabled()
    assert not find.isVisible()
    assert find.target is None
