"""Ctrl+F in a PDF: the find bar searches the pages' stored text of a 300-page PDF, counts the
matches, moves to the next and previous one across pages (wrapping), shows the current one on
its page (the viewport's rectangle contains the match's boxes) in its own colour, and Esc
clears the marks."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot
from test_reveal import (  # noqa: F401 - the fixtures are used by name
    long_project,
    long_window,
    passage_in_pdf_view,
    source_id,
)

from kutip.gui.main_window import MainWindow
from kutip.gui.viewer.pdf_view import PdfDocumentView


def current_match_shown(view: PdfDocumentView, match: tuple[int, int]) -> bool:
    return passage_in_pdf_view(view, *match)


def painted_current(view: PdfDocumentView, match: tuple[int, int]) -> bool:
    """Whether the current match's boxes are painted orange (not the other matches' yellow)."""
    pages = view.pages
    index = next(i for i, p in enumerate(pages.pages) if p.start <= match[0] < p.end)
    image = pages.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    for box in pages.boxes(index, *match):
        rect = pages.box_to_view(index, box)
        for fx in (0.1, 0.3, 0.5, 0.7, 0.9):
            point = QPointF(rect.left() + fx * rect.width(), rect.top() + 1) * ratio
            color = QColor(image.pixel(point.toPoint()))
            if color.red() > 200 and 140 < color.green() < 200 and color.blue() < 140:
                return True
    return False


def test_find_in_a_long_pdf_moves_across_pages_and_wraps(
    long_window: MainWindow,  # noqa: F811 - the fixture
    qtbot: QtBot,
) -> None:
    project = long_window.project
    assert project is not None
    sid = source_id(long_window, "pdf")
    long_window.show_source(sid, pin=True)
    view = long_window.documents.current_view()
    assert isinstance(view, PdfDocumentView)
    qtbot.waitUntil(lambda: 0 in view.pages.texts, timeout=15_000)
    # Keys reach shortcuts (Esc) only in the active window (on a real display too).
    long_window.activateWindow()
    qtbot.waitActive(long_window)
    bar = long_window.documents.find_bar
    assert bar.find_action.isEnabled()
    bar.find_action.trigger()
    assert bar.isVisible() and bar.target is view
    qtbot.keyClicks(bar.field, "PASSAGE number 25")  # any case

    text = project.sources.text(sid)
    matches = bar.matches()
    # Page 25 and pages 250–259.
    assert len(matches) == 11 and bar.count_label.text() == "1 of 11"
    assert all(text[s:e].casefold() == "passage number 25" for s, e in matches)
    assert view.pages.find_marks == matches and view.pages.find_current == 0
    qtbot.waitUntil(lambda: current_match_shown(view, matches[0]), timeout=15_000)
    assert view.pages.current_page == 24
    assert view.selected_range() == matches[0]  # selected: a code key codes it
    qtbot.waitUntil(lambda: painted_current(view, matches[0]), timeout=5_000)

    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count_label.text() == "2 of 11"
    qtbot.waitUntil(lambda: current_match_shown(view, matches[1]), timeout=15_000)
    assert view.pages.current_page == 249

    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == "11 of 11"  # wrapped backwards, to page 259
    qtbot.waitUntil(lambda: current_match_shown(view, matches[10]), timeout=15_000)
    assert view.pages.current_page == 258

    assert bar.find_next_action.shortcut().toString() == "F3"
    bar.find_next_action.trigger()  # F3: wraps forwards
    assert bar.count_label.text() == "1 of 11" and view.pages.find_current == 0
    qtbot.waitUntil(lambda: current_match_shown(view, matches[0]), timeout=15_000)

    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert view.pages.find_marks == []
    assert not painted_current(view, matches[0])


def test_find_in_a_pdf_starts_where_the_reader_is(
    long_window: MainWindow,  # noqa: F811 - the fixture
    qtbot: QtBot,
) -> None:
    sid = source_id(long_window, "pdf")
    long_window.show_source(sid, pin=True)
    view = long_window.documents.current_view()
    assert isinstance(view, PdfDocumentView)
    qtbot.waitUntil(lambda: view.pages.page_count > 0, timeout=15_000)
    view.pages.go_to_page(150)
    qtbot.waitUntil(lambda: view.pages.current_page == 150, timeout=15_000)
    bar = long_window.documents.find_bar
    bar.open_bar("lies here")
    assert len(bar.matches()) == 300
    assert bar.count_label.text() == "151 of 300"
    qtbot.waitUntil(lambda: current_match_shown(view, bar.matches()[150]), timeout=15_000)
