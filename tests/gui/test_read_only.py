"""A project that cannot be written, or that another Kutip has open for changes, opens
read-only in the window: a banner says so and why, editing is off, reading works."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gui_testing import DialogCatcher
from pytestqt.qtbot import QtBot

from fault_testing import unwritable
from kutip.errors import ProjectReadOnlyError
from kutip.gui.core.error_dialogs import guarded
from kutip.gui.dialogs import project_files
from kutip.gui.main_window import MainWindow
from kutip.project import Project


def editing_actions(window: MainWindow) -> list[object]:
    return [
        window.import_action,
        window.coding.quick_code_action,
        window.codebook_dock.new_code_action,
        window.codebook_dock.rename_code_action,
        window.journal_dock.new_action,
        window.cases_dock.new_case_action,
        window.sources_dock.properties_action,
    ]


def test_a_project_that_cannot_be_written_opens_read_only_and_says_why(
    window: MainWindow, demo_path: Path
) -> None:
    with unwritable(demo_path):
        assert window.open_project(demo_path)
        project = window.project
        assert project is not None and project.read_only
        banner = window.read_only_banner
        assert banner.isVisible()
        assert banner.text().startswith("This project is read-only:")
        assert banner.text().endswith("changes cannot be saved.")
        assert demo_path.name in banner.text()
        assert "(read-only)" in window.windowTitle()
        assert not any(action.isEnabled() for action in editing_actions(window))
        # Reading stays: exporting, searching, the codebook and the sources.
        assert window.export_action.isEnabled()
        assert window.search_dock.search_action.isEnabled()
        assert window.codebook_model.rowCount() > 0
        # Selecting a code (which enables renaming it) leaves renaming off.
        window.codebook_view.setCurrentIndex(window.codebook_model.index(0, 0))
        assert not window.codebook_dock.rename_code_action.isEnabled()
        assert window.journal_dock.text_edit.isReadOnly()
        # Search hits selected would enable coding them: it stays off.
        window.search_dock.code_button.setEnabled(True)
        assert not window.search_dock.code_button.isEnabled()
        # An edit that reached the project anyway is refused in one sentence, with nothing
        # written.
        names = [c.name for c in project.codes.all()]
        with pytest.raises(ProjectReadOnlyError, match="open read-only"):
            project.codes.add("Baru")
        assert [c.name for c in project.codes.all()] == names
        window.close_project()

    # Writable again: opened for changes, banner gone, editing back.
    assert window.open_project(demo_path)
    assert window.project is not None and not window.project.read_only
    assert not window.read_only_banner.isVisible()
    assert window.import_action.isEnabled()
    assert window.codebook_dock.new_code_action.isEnabled()
    assert not window.journal_dock.text_edit.isReadOnly()
    window.search_dock.code_button.setEnabled(True)
    assert window.search_dock.code_button.isEnabled()
    assert "(read-only)" not in window.windowTitle()


def test_a_project_open_for_changes_elsewhere_can_be_read_meanwhile(
    window: MainWindow, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def answer(_parent: object, _title: str, question: str) -> bool:
        asked.append(question)
        return len(asked) > 1  # no the first time, yes the second

    monkeypatch.setattr(project_files, "confirm", answer)
    with Project.open(demo_path) as holder:
        assert not window.open_project(demo_path)
        assert window.project is None
        assert f"process {os.getpid()}" in asked[0]
        assert asked[0].endswith("Open it read-only meanwhile?")

        assert window.open_project(demo_path)
        assert window.project is not None and window.project.read_only
        assert window.read_only_banner.text().startswith("This project is open for changes in ")
        assert f"process {os.getpid()}" in window.read_only_banner.text()
        # What the holder commits, the reader sees.
        holder.memos.add("Catatan baru")
        assert "Catatan baru" in [m.title for m in window.project.memos.all()]
        window.close_project()


def test_a_rejected_write_in_a_read_only_project_is_a_warning_not_a_bug(
    window: MainWindow, demo_path: Path, qtbot: QtBot, dialogs: DialogCatcher
) -> None:
    with unwritable(demo_path):
        assert window.open_project(demo_path)
        # A dock that enables an action the lock does not know of still meets the project's
        # refusal: a warning with one sentence, not a bug report.
        assert window.project is not None
        project = window.project
        dialogs.arm()
        guarded(window, lambda: project.memos.add("X"))
        qtbot.waitUntil(lambda: bool(dialogs.texts))
        assert "open read-only" in dialogs.texts[0]
        assert "bug" not in dialogs.texts[0]
        window.close_project()


def assert_writable(window: MainWindow) -> None:
    assert window.project is not None and not window.project.read_only
    assert not window.read_only_banner.isVisible()
    assert window.import_action.isEnabled()
    assert window.codebook_dock.new_code_action.isEnabled()
    assert not window.journal_dock.text_edit.isReadOnly()
    assert "(read-only)" not in window.windowTitle()


def test_a_project_opened_or_made_after_a_read_only_one_is_writable(
    window: MainWindow, demo_path: Path, tmp_path: Path
) -> None:
    new = tmp_path / "baru.kutip"
    with unwritable(demo_path):
        assert window.open_project(demo_path)
        assert window.read_only_banner.isVisible()
        assert window.create_project(new)  # straight from the read-only project
        assert_writable(window)
        assert window.open_project(demo_path)
        assert window.read_only_banner.isVisible()
        assert window.open_project(new)
        assert_writable(window)
