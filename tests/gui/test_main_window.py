"""The main window as a user meets it: start page, the demo open, codings shown, undo, errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from gui_testing import DialogCatcher
from gui_testing import source_rows as tree_rows
from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QToolTip,
)
from pytestqt.qtbot import QtBot

from kutip.gui.core import settings
from kutip.gui.core.error_dialogs import excepthook, guarded
from kutip.gui.core.items import ID_ROLE
from kutip.gui.docks.codebook_model import CodebookModel
from kutip.gui.main_window import MainWindow
from kutip.gui.viewer.text_view import HIGHLIGHT_ALPHA, SourceView
from kutip.project import Project

DEMO_SOURCES = [
    "Harahap & O'Connor (2024)",
    "Pratama & Lestari (2024)",
    "informan-01 — Informan 1",
    "informan-02 — Informan 2",
    "informan-03 — Informan 3",
    "informan-04 — Informan 4",
]


def source_rows(window: MainWindow) -> list[str]:
    return tree_rows(window.sources_model)


def code_rows(window: MainWindow) -> list[tuple[str, QColor, int]]:
    model = window.codebook_model
    rows = []
    for row in range(model.rowCount()):
        name = model.index(row, CodebookModel.NAME)
        count = model.index(row, CodebookModel.COUNT)
        rows.append((name.data(), name.data(Qt.ItemDataRole.DecorationRole), count.data()))
    return rows


def select_source(window: MainWindow, title: str) -> SourceView:
    assert window.project is not None
    source_id = next(s.id for s in window.project.sources.all() if s.title == title)
    window.sources_view.setCurrentIndex(window.sources_model.source_indexes(source_id)[0])
    view = window.documents.current_view()
    assert view is not None
    return view


def code_index(window: MainWindow, name: str) -> QModelIndex:
    assert window.project is not None
    return window.codebook_model.index_of(window.project.codes.find(name).id)


def highlighted(view: SourceView) -> list[tuple[str, str]]:
    """(text, colour) of every extra selection, as the user sees them."""
    return [
        (
            selection.cursor.selectedText().replace("\u2029", "\n"),
            selection.format.background().color().name(),
        )
        for selection in view.extraSelections()
    ]


# -- start page -----------------------------------------------------------------------------


def test_the_window_starts_on_the_start_page(window: MainWindow) -> None:
    assert window.windowTitle() == "Kutip"
    assert window.pages.currentWidget() is window.start_page
    assert not window.sources_dock.isVisible()
    assert not window.codebook_dock.isVisible()
    assert not window.close_action.isEnabled()
    assert window.start_page.no_recent.isVisible()


def test_the_demo_button_builds_the_demo_in_the_background_and_opens_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    qtbot.mouseClick(window.start_page.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.project is not None, timeout=10_000)
    assert source_rows(window) == DEMO_SOURCES
    assert window.project is not None
    assert window.project.path.parent == window.files.demo_dir
    qtbot.waitUntil(lambda: window.start_page.demo_button.isEnabled())


def test_recent_projects_are_remembered_and_open_with_one_click(
    window: MainWindow, demo_path: Path, qtbot: QtBot
) -> None:
    assert window.open_project(demo_path)
    window.close_action.trigger()
    assert window.pages.currentWidget() is window.start_page
    assert window.windowTitle() == "Kutip"
    assert settings.recent_projects() == [demo_path.absolute()]
    recent = window.start_page.recent_list
    assert recent.count() == 1
    item = recent.item(0)
    qtbot.mouseClick(
        recent.viewport(), Qt.MouseButton.LeftButton, pos=recent.visualItemRect(item).center()
    )
    assert window.project is not None
    assert window.project.path == demo_path


def test_a_new_project_gets_the_default_codebook(window: MainWindow, tmp_path: Path) -> None:
    assert window.create_project(tmp_path / "pemilu2024")
    assert window.project is not None
    assert window.project.path == tmp_path / "pemilu2024.kutip"
    assert window.windowTitle() == "pemilu2024 — Kutip"
    assert window.sources_model.rowCount() == 0
    assert window.codebook_model.rowCount() == 10


def test_new_project_asks_for_a_file_and_adds_the_suffix(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def save_file_name(
        _parent: object, _title: str, _folder: str, filters: str, **kw: object
    ) -> tuple[str, str]:
        asked.append(filters)
        return str(tmp_path / "skripsi"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file_name)
    window.new_action.trigger()
    assert asked == ["Kutip projects (*.kutip)"]
    assert window.project is not None
    assert window.project.path == tmp_path / "skripsi.kutip"


def test_new_project_never_overwrites_a_file(
    window: MainWindow, demo_path: Path, dialogs: DialogCatcher
) -> None:
    before = demo_path.read_bytes()
    dialogs.arm()
    assert not window.create_project(demo_path)
    assert "already exists" in dialogs.texts[0]
    assert demo_path.read_bytes() == before


def test_open_recent_lists_projects_and_opens_them(
    window: MainWindow, demo_path: Path, tmp_path: Path
) -> None:
    assert window.create_project(tmp_path / "other.kutip")
    assert window.open_project(demo_path)
    window.recent_menu.aboutToShow.emit()
    actions = window.recent_menu.actions()
    assert [a.text().split("  —  ")[0] for a in actions] == ["kutip-demo", "other"]
    actions[1].trigger()
    assert window.project is not None
    assert window.project.path == tmp_path / "other.kutip"


# -- the demo open ----------------------------------------------------------------------------


def test_the_demo_shows_its_sources_and_codebook(demo_window: MainWindow) -> None:
    project = demo_window.project
    assert project is not None
    assert demo_window.windowTitle() == f"{project.name} — Kutip"
    assert demo_window.sources_dock.isVisible()
    assert demo_window.codebook_dock.isVisible()
    assert source_rows(demo_window) == DEMO_SOURCES
    expected = [
        (c.name, QColor(c.color), project.codes.usage(c.id)[0]) for c in project.codes.all()
    ]
    assert code_rows(demo_window) == expected
    assert len(expected) == 10
    assert sum(count for _name, _color, count in expected) == 16


def test_both_item_models_pass_qts_model_tester(demo_window: MainWindow) -> None:
    testers = [
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
        for model in (demo_window.sources_model, demo_window.codebook_model)
    ]
    project = demo_window.project
    assert project is not None
    # Through resets on edits, a subcode (a second tree level) and back.
    parent = project.codes.find("Teknologi").id
    demo_window.codebook_dock.add_code("Kecerdasan buatan", parent_id=parent)
    demo_window.codebook_dock.rename_code(parent, "Teknologi digital")
    demo_window.undo_stack.undo()
    demo_window.undo_stack.undo()
    demo_window.close_project()
    assert testers


def test_a_subcode_sits_under_its_parent(demo_window: MainWindow) -> None:
    project = demo_window.project
    assert project is not None
    parent = project.codes.find("Teknologi").id
    child = demo_window.codebook_dock.add_code("Kecerdasan buatan", parent_id=parent).value
    model = demo_window.codebook_model
    parent_index = model.index_of(parent)
    assert model.rowCount(parent_index) == 1
    child_index = model.index(0, CodebookModel.NAME, parent_index)
    assert child_index.data() == "Kecerdasan buatan"
    assert child_index.data(ID_ROLE) == child
    assert model.parent(child_index) == parent_index
    assert demo_window.codebook_view.isExpanded(parent_index)


def test_informan_01_shows_its_text_with_every_coding_highlighted(
    demo_window: MainWindow,
) -> None:
    project = demo_window.project
    assert project is not None
    view = select_source(demo_window, "informan-01")
    source = next(s for s in project.sources.all() if s.title == "informan-01")
    assert view.source_id == source.id
    assert view.toPlainText() == project.sources.text(source.id)
    assert demo_window.documents.tabs.tabText(demo_window.documents.tabs.currentIndex()) == (
        "informan-01"
    )
    codes = {code.id: code for code in project.codes.all()}
    segments = project.codings.all(source_id=source.id)
    expected = [(project.codings.text(s), codes[s.code_id].color) for s in segments]
    assert sorted(highlighted(view)) == sorted(expected)
    # The emoji is inside one coding and before the others: both sides of it line up.
    fire = project.sources.text(source.id).index("🔥")
    assert any(s.start < fire < s.end for s in segments)
    assert any(s.start > fire for s in segments)
    for selection in view.extraSelections():
        assert selection.format.background().color().alpha() == HIGHLIGHT_ALPHA


def test_overlapping_codings_are_drawn_separately_to_blend(demo_window: MainWindow) -> None:
    view = select_source(demo_window, "informan-01")
    sentence = (
        "Pernah ada video yang suaranya mirip banget sama salah satu calon, ternyata buatan AI."
    )
    colours = {colour for text, colour in highlighted(view) if text == sentence}
    assert colours == {"#d62728", "#ff7f0e"}  # Kredibilitas and Teknologi
    start = view.text.index(sentence)
    assert {h.code_name for h in view.highlights_at(start + 3)} == {"Kredibilitas", "Teknologi"}
    assert view.highlights_at(start - 1) == []


def test_a_selection_after_the_emoji_maps_back_to_code_points(demo_window: MainWindow) -> None:
    view = select_source(demo_window, "informan-01")
    start = view.text.index("Dari situ saya merasa")
    end = start + len("Dari situ saya merasa")
    view.select_range(start, end)
    assert view.textCursor().selectedText() == "Dari situ saya merasa"
    assert view.selected_range() == (start, end)
    assert view.textCursor().selectionStart() == start + 1  # the emoji's second UTF-16 unit


def test_hovering_over_a_coding_names_its_code(demo_window: MainWindow, qtbot: QtBot) -> None:
    view = select_source(demo_window, "informan-01")
    fire = view.text.index("🔥")
    view.resize(900, 700)
    cursor = view.cursor_for(fire + 2, fire + 2)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    point = view.cursorRect(cursor).center() + QPoint(3, 0)
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert "Interaksi Sosial" in QToolTip.text()
    assert "Antusiasme kolektif" in QToolTip.text()  # the coding's memo
    QToolTip.hideText()


def test_browsing_reuses_the_preview_tab_and_opening_pins_a_source(
    demo_window: MainWindow,
) -> None:
    tabs = demo_window.documents.tabs
    select_source(demo_window, "informan-01")
    select_source(demo_window, "informan-02")
    assert tabs.count() == 1
    assert tabs.tabText(0) == "informan-02"
    demo_window.sources_view.activated.emit(demo_window.sources_view.currentIndex())
    select_source(demo_window, "informan-03")
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["informan-02", "informan-03"]
    tabs.setCurrentIndex(0)
    current = demo_window.sources_view.currentIndex()
    assert current.data() == "informan-02"
    assert current.parent().data() == "Informan 2"


# -- codebook edits through the undo stack ------------------------------------------------------


def test_renaming_a_code_is_undone_with_ctrl_z(
    demo_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = demo_window.project
    assert project is not None
    code_id = project.codes.find("Konten").id
    view = select_source(demo_window, "informan-02")
    demo_window.codebook_view.setCurrentIndex(code_index(demo_window, "Konten"))
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Isi Konten", True))

    demo_window.codebook_dock.rename_code_action.trigger()

    assert project.codes.get(code_id).name == "Isi Konten"
    assert code_rows(demo_window)[2][0] == "Isi Konten"
    assert "Isi Konten" in [h.code_name for h in view.highlights]
    assert demo_window.undo_action.text() == "&Undo Rename code 'Konten' to 'Isi Konten'"

    demo_window.activateWindow()
    qtbot.waitUntil(demo_window.isActiveWindow)
    qtbot.keyClick(demo_window.codebook_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert project.codes.get(code_id).name == "Konten"
    assert code_rows(demo_window)[2][0] == "Konten"
    assert demo_window.redo_action.text() == "&Redo Rename code 'Konten' to 'Isi Konten'"
    qtbot.keyClick(
        demo_window.codebook_view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert project.codes.get(code_id).name == "Isi Konten"


def test_deleting_a_code_removes_its_highlights_until_undone(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = demo_window.project
    assert project is not None
    view = select_source(demo_window, "informan-01")
    before = highlighted(view)
    demo_window.codebook_view.setCurrentIndex(code_index(demo_window, "Kredibilitas"))
    asked: list[str] = []

    def yes(_parent: object, _title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    demo_window.codebook_dock.delete_code_action.trigger()

    assert asked == [
        "Delete the code 'Kredibilitas' and its 2 codings? You can undo this with Ctrl+Z."
    ]
    assert "Kredibilitas" not in [name for name, _colour, _count in code_rows(demo_window)]
    assert len(highlighted(view)) == len(before) - 1
    demo_window.undo_action.trigger()
    assert sorted(highlighted(view)) == sorted(before)
    assert len(code_rows(demo_window)) == 10


def test_deleting_a_code_with_subcodes_says_so_and_undo_brings_all_back(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = demo_window.project
    assert project is not None
    parent = project.codes.find("Teknologi").id
    child = demo_window.codebook_dock.add_code("Deepfake", parent_id=parent).value
    source = next(s for s in project.sources.all() if s.title == "informan-01").id
    project.codings.apply(source, 0, 10, child)
    demo_window.codebook_dock.select_code(parent)
    asked: list[str] = []

    def yes(_parent: object, _title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    demo_window.codebook_dock.delete_code_action.trigger()
    assert asked == [
        "Delete the code 'Teknologi', its subcodes and their 3 codings? "
        "You can undo this with Ctrl+Z."
    ]
    assert demo_window.codebook_model.index_of(child).isValid() is False
    demo_window.undo_action.trigger()
    assert demo_window.codebook_model.index_of(child).parent() == (
        demo_window.codebook_model.index_of(parent)
    )


def test_a_rejected_edit_is_explained_and_not_put_on_the_undo_stack(
    demo_window: MainWindow, dialogs: DialogCatcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_window.codebook_view.setCurrentIndex(code_index(demo_window, "Konten"))
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("teknologi", True))
    dialogs.arm()
    demo_window.codebook_dock.rename_code_action.trigger()
    assert dialogs.texts == ["Kutip\nThere is already a code called teknologi here.\n"]
    assert demo_window.undo_stack.count() == 0


def test_an_undo_that_conflicts_is_explained_and_dropped_from_the_stack(
    demo_window: MainWindow, dialogs: DialogCatcher
) -> None:
    project = demo_window.project
    assert project is not None
    code_id = project.codes.find("Konten").id
    demo_window.codebook_dock.rename_code(code_id, "Isi")
    project.codes.rename(code_id, "Isi konten")  # changed since, outside the undo stack
    dialogs.arm()
    demo_window.undo_action.trigger()
    assert "cannot be undone" in dialogs.texts[0]
    assert project.codes.get(code_id).name == "Isi konten"
    assert demo_window.undo_stack.count() == 0


# -- errors -------------------------------------------------------------------------------------


def test_a_project_open_elsewhere_is_refused_and_the_start_page_stays_usable(
    window: MainWindow, demo_path: Path, tmp_path: Path, dialogs: DialogCatcher
) -> None:
    with Project.open(demo_path):
        dialogs.arm()
        assert not window.open_project(demo_path)
    assert len(dialogs.texts) == 1
    assert demo_path.name in dialogs.texts[0]
    assert "already open" in dialogs.texts[0]
    assert window.project is None
    assert window.pages.currentWidget() is window.start_page
    assert window.start_page.new_button.isEnabled()
    assert window.open_project(demo_path)  # once the other one let go


def test_a_file_that_is_not_a_project_is_refused(
    window: MainWindow, tmp_path: Path, dialogs: DialogCatcher
) -> None:
    notes = tmp_path / "notes.kutip"
    notes.write_text("just some notes, not a project\n" * 100)
    dialogs.arm()
    assert not window.open_project(notes)
    assert len(dialogs.texts) == 1
    assert "notes.kutip is not a Kutip project" in dialogs.texts[0]
    assert window.pages.currentWidget() is window.start_page


def test_a_project_from_a_newer_kutip_is_refused(
    window: MainWindow, demo_path: Path, dialogs: DialogCatcher
) -> None:
    connection = sqlite3.connect(demo_path)
    connection.execute("PRAGMA user_version = 999")
    connection.close()
    dialogs.arm()
    assert not window.open_project(demo_path)
    assert f"{demo_path.name} was saved by a newer version of Kutip" in dialogs.texts[0]
    assert window.pages.currentWidget() is window.start_page


def test_a_missing_recent_project_is_explained_and_forgotten(
    window: MainWindow, tmp_path: Path, dialogs: DialogCatcher
) -> None:
    gone = tmp_path / "gone.kutip"
    settings.add_recent_project(gone)
    dialogs.arm()
    assert not window.open_project(gone)
    assert "gone.kutip" in dialogs.texts[0]
    assert settings.recent_projects() == []


def test_a_bug_is_reported_with_its_traceback_and_the_log_file(
    window: MainWindow, dialogs: DialogCatcher
) -> None:
    def broken() -> None:
        raise RuntimeError("the flux capacitor")

    dialogs.arm()
    assert guarded(window, broken) is None
    assert dialogs.texts[0].startswith("Kutip hit a bug\n")
    assert "RuntimeError: the flux capacitor" in dialogs.texts[0]
    assert "kutip.log" in dialogs.texts[0]
    assert "in broken" in dialogs.details[0]


def test_uncaught_exceptions_become_bug_reports(window: MainWindow, dialogs: DialogCatcher) -> None:
    try:
        raise ValueError("escaped from a slot")
    except ValueError as error:
        dialogs.arm()
        excepthook(ValueError, error, error.__traceback__)
    assert "ValueError: escaped from a slot" in dialogs.texts[0]
    assert "escaped from a slot" in dialogs.details[0]


# -- settings -----------------------------------------------------------------------------------


def test_the_language_is_stored_for_the_next_start(
    window: MainWindow, dialogs: DialogCatcher
) -> None:
    indonesian = next(a for a in window.language_group.actions() if a.data() == "id")
    dialogs.arm()
    indonesian.trigger()
    assert settings.LANGUAGE.get() == "id"
    assert "Bahasa Indonesia" in dialogs.texts[0]
    assert "next time" in dialogs.texts[0]


def test_geometry_and_dock_layout_are_saved_on_close(demo_window: MainWindow) -> None:
    demo_window.close()
    assert settings.WINDOW_GEOMETRY.get() is not None
    assert settings.WINDOW_STATE.get() is not None
    assert demo_window.project is None


def test_a_layout_saved_before_a_dock_was_added_gives_way_to_the_default(
    window: MainWindow, demo_path: Path
) -> None:
    """Qt restores a saved layout without the docks it does not know, and leaves those hidden:
    the bibliography would never show for a user of an older Kutip."""
    window.bibliography_dock.hide()
    settings.WINDOW_STATE.set(window.saveState())  # as an older Kutip saved it (version 0)
    assert window.open_project(demo_path)
    assert window.bibliography_dock.toggleViewAction().isChecked()
    assert window.bibliography_dock in window.tabifiedDockWidgets(window.search_dock)


def test_the_view_menu_brings_back_every_dock(demo_window: MainWindow) -> None:
    toggles = {action.text(): action for action in demo_window.view_menu.actions()}
    docks = ["Sources", "Codebook", "Journal", "Search", "Cases", "Retrieval", "Bibliography"]
    assert list(toggles) == [*docks, "", "Coders &Side by Side in Stripes"]
    for dock in demo_window.docks:
        action = toggles[dock.windowTitle()]
        assert action.isEnabled()
        dock.close()
        assert not action.isChecked()
        action.trigger()
        assert dock.isVisible()
    # Side by side where there is room: the cases table is a tab beside the search results.
    assert demo_window.tabifiedDockWidgets(demo_window.search_dock) == [
        demo_window.cases_dock,
        demo_window.retrieval_dock,
        demo_window.bibliography_dock,
    ]
    assert demo_window.dockWidgetArea(demo_window.journal_dock) == (
        Qt.DockWidgetArea.RightDockWidgetArea
    )


def test_selecting_a_code_retrieves_its_codings_and_a_row_opens_the_passage(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    project = demo_window.project
    assert project is not None
    code = project.codes.find("Kredibilitas")
    row = demo_window.codebook_model.index_of(code.id)
    demo_window.codebook_view.setCurrentIndex(row)
    dock = demo_window.retrieval_dock
    dock.show()
    expected = len(project.codings.all(code_id=code.id))
    qtbot.waitUntil(lambda: dock.model.rowCount() == expected, timeout=10_000)
    with qtbot.waitSignal(dock.segment_activated):
        dock.view.activated.emit(dock.model.index(0, 0))
    segment = project.codings.all(code_id=code.id)[0]
    shown = demo_window.documents.current_view()
    assert shown is not None and demo_window.current_source_id() == segment.source_id


def test_open_demo_asks_before_replacing_a_demo_with_the_users_changes(
    window: MainWindow, demo_template: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.files.demo_dir is not None
    demo = window.files.demo_dir / demo_template.name
    demo.parent.mkdir(parents=True)
    demo.write_bytes(demo_template.read_bytes())
    assert window.open_project(demo)
    window.codebook_dock.add_code("Kode saya")
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No

    def question(_parent: object, _title: str, text: str, *args: object) -> object:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    window.demo_action.trigger()
    assert asked == [
        f"The demo project {demo} has your own changes. Replace it with a fresh demo? "
        "Your changes to it will be lost."
    ]
    assert window.project is not None and window.project.path == demo  # left open, as it was
    assert "Kode saya" in {code.name for code in window.project.codes.all()}

    answer = QMessageBox.StandardButton.Yes
    window.demo_action.trigger()
    assert len(asked) == 2
    qtbot.waitUntil(lambda: window.project is not None, timeout=10_000)
    assert window.project.path == demo
    assert "Kode saya" not in {code.name for code in window.project.codes.all()}
    qtbot.waitUntil(lambda: window.demo_action.isEnabled())
    window.demo_action.trigger()  # a fresh demo is replaced without a question
    assert len(asked) == 2
    qtbot.waitUntil(lambda: window.project is not None and window.demo_action.isEnabled())
