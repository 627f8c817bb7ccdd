"""The journal dock: memos saved as they are written, each stretch of writing one undo step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kutip.gui.docks.journal_dock import JournalDock
from kutip.gui.docks.journal_model import MemosModel
from kutip.gui.main_window import MainWindow
from kutip.project import Project


def titles(model: MemosModel) -> list[str]:
    return [model.index(row, MemosModel.TITLE).data() for row in range(model.rowCount())]


def focus_journal(window: MainWindow, qtbot: QtBot) -> JournalDock:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window.journal_dock


def test_the_journal_lists_the_demo_memo_and_shows_it(demo_window: MainWindow) -> None:
    journal = demo_window.journal_dock
    QAbstractItemModelTester(journal.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert titles(journal.model) == ["About this demo"]
    assert journal.model.index(0, MemosModel.MODIFIED).data()[:2] == "20"  # a local date
    assert journal.title_edit.text() == "About this demo"
    assert journal.text_edit.toPlainText().startswith("All interviews and articles")
    assert journal.isVisible()


def test_a_new_memo_is_saved_when_the_editor_loses_the_focus_and_undone_step_by_step(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    project = demo_window.project
    assert project is not None
    journal = focus_journal(demo_window, qtbot)
    tester = QAbstractItemModelTester(
        journal.model, QAbstractItemModelTester.FailureReportingMode.Fatal
    )
    journal.new_action.trigger()
    memo_id = journal.memo_id()
    assert memo_id is not None
    assert project.memos.get(memo_id).title == "Untitled memo"
    qtbot.waitUntil(journal.title_edit.hasFocus)
    assert journal.title_edit.selectedText() == "Untitled memo"

    qtbot.keyClicks(journal.title_edit, "Pola hoaks")
    journal.text_edit.setFocus()  # the title loses the focus: saved
    qtbot.waitUntil(journal.text_edit.hasFocus)
    assert project.memos.get(memo_id).title == "Pola hoaks"
    qtbot.keyClicks(journal.text_edit, "Hoaks menyebar lewat grup keluarga.")
    assert project.memos.get(memo_id).text == ""  # not yet: still typing
    demo_window.sources_view.setFocus()
    qtbot.waitUntil(lambda: not journal.text_edit.hasFocus())

    assert project.memos.get(memo_id).text == "Hoaks menyebar lewat grup keluarga."
    assert titles(journal.model) == ["About this demo", "Pola hoaks"]
    assert demo_window.undo_action.text() == "&Undo Edit memo"

    demo_window.undo_action.trigger()  # the text
    assert journal.text_edit.toPlainText() == ""
    assert journal.title_edit.text() == "Pola hoaks"
    demo_window.undo_action.trigger()  # the title
    assert journal.title_edit.text() == "Untitled memo"
    demo_window.undo_action.trigger()  # the memo
    assert titles(journal.model) == ["About this demo"]
    assert journal.memo_id() is None
    assert not journal.text_edit.isEnabled()
    demo_window.redo_action.trigger()
    assert titles(journal.model) == ["About this demo", "Untitled memo"]
    assert tester


def test_typing_is_saved_after_a_pause_and_one_stretch_is_one_undo_step(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    project = demo_window.project
    assert project is not None
    journal = focus_journal(demo_window, qtbot)
    journal._idle.setInterval(30)
    memo_id = journal.memo_id()
    assert memo_id is not None
    before = project.memos.get(memo_id).text
    journal.text_edit.setFocus()
    qtbot.waitUntil(journal.text_edit.hasFocus)
    journal.text_edit.moveCursor(journal.text_edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(journal.text_edit, " Satu.")
    qtbot.waitUntil(lambda: project.memos.get(memo_id).text == before + " Satu.")
    qtbot.keyClicks(journal.text_edit, " Dua.")
    qtbot.waitUntil(lambda: project.memos.get(memo_id).text == before + " Satu. Dua.")
    assert journal.text_edit.hasFocus()  # saving does not disturb the writing
    assert demo_window.undo_stack.count() == 1
    demo_window.undo_action.trigger()
    assert project.memos.get(memo_id).text == before
    assert journal.text_edit.toPlainText() == before


def test_a_blank_title_is_not_saved_and_comes_back(demo_window: MainWindow, qtbot: QtBot) -> None:
    project = demo_window.project
    assert project is not None
    journal = focus_journal(demo_window, qtbot)
    memo_id = journal.memo_id()
    assert memo_id is not None
    journal.title_edit.setFocus()
    qtbot.waitUntil(journal.title_edit.hasFocus)
    journal.title_edit.selectAll()
    qtbot.keyClick(journal.title_edit, Qt.Key.Key_Delete)
    journal.text_edit.setFocus()
    qtbot.waitUntil(journal.text_edit.hasFocus)
    assert project.memos.get(memo_id).title == "About this demo"
    assert journal.title_edit.text() == "About this demo"
    assert demo_window.undo_stack.count() == 0


def test_what_is_typed_is_saved_when_the_project_closes(
    demo_window: MainWindow, demo_path: Path
) -> None:
    journal = demo_window.journal_dock
    journal.text_edit.setPlainText("Ditulis tepat sebelum menutup.")
    assert journal.dirty()
    demo_window.close_project()
    with Project.open(demo_path) as project:
        assert project.memos.all()[0].text == "Ditulis tepat sebelum menutup."


def test_removing_a_memo_asks_and_undo_brings_it_back(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = demo_window.journal_dock
    asked: list[str] = []

    def yes(_parent: object, _title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    journal.remove_action.trigger()
    assert asked == ["Remove the memo 'About this demo'? You can undo this with Ctrl+Z."]
    assert titles(journal.model) == []
    assert journal.title_edit.text() == ""
    demo_window.undo_action.trigger()
    assert titles(journal.model) == ["About this demo"]
