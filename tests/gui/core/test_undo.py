"""Undo commands over project edits: one edit, or several made one after another as one step."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_testing import DialogCatcher
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from kutip.gui.core.undo import push_edits
from kutip.project import Edit, Project


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with Project.create(tmp_path / "undo.kutip", codebook="empty") as opened:
        yield opened


@pytest.fixture
def stack(qtbot: QtBot) -> QUndoStack:
    return QUndoStack()


def code_names(project: Project) -> list[str]:
    return [code.name for code in project.codes.all()]


def test_several_edits_are_undone_and_redone_as_one_step(
    project: Project, stack: QUndoStack
) -> None:
    heard: list[Edit[object]] = []
    project.subscribe(heard.append)
    first = project.codes.add("Akses")
    second = project.codes.add("Biaya")
    renamed = project.codes.rename(first.value, "Aksesibilitas")
    heard.clear()

    command = push_edits(stack, project, [first, second, renamed], "Import 2 files")

    assert command is not None
    assert stack.count() == 1
    assert stack.undoText() == "Import 2 files"
    assert code_names(project) == ["Aksesibilitas", "Biaya"]  # pushing changes nothing
    stack.undo()
    assert code_names(project) == []
    stack.redo()
    assert code_names(project) == ["Aksesibilitas", "Biaya"]
    stack.undo()
    assert code_names(project) == []
    # Each undo and redo is one transaction: listeners (the models) hear of it once.
    assert len(heard) == 3


def test_edits_that_changed_nothing_make_no_step(project: Project, stack: QUndoStack) -> None:
    code = project.codes.add("Akses")
    unchanged = project.codes.rename(code.value, "Akses")
    assert push_edits(stack, project, [unchanged], "Import 1 file") is None
    assert stack.count() == 0


def test_a_conflict_in_one_edit_leaves_all_of_them_done(
    project: Project, stack: QUndoStack, dialogs: DialogCatcher
) -> None:
    first = project.codes.add("Akses")
    second = project.codes.add("Biaya")
    push_edits(stack, project, [first, second], "Import 2 files")
    project.codes.rename(first.value, "Akses digital")  # outside the stack: undo must refuse

    dialogs.arm()
    stack.undo()

    assert "cannot be undone" in dialogs.texts[0]
    # Biaya was undone first, then Akses conflicted: the transaction put Biaya back too.
    assert code_names(project) == ["Akses digital", "Biaya"]
    assert stack.count() == 0
