"""Undo and redo of project edits through a QUndoStack.

Every ``Project`` mutation returns an ``Edit`` and ``Project.undo(edit)`` returns the edit that
redoes it, so one command class wraps them all. The edit is applied *before* the command is
pushed: a ``KnownError`` (a name already taken, …) then reaches the user and nothing lands on
the stack. Undo and redo run inside Qt's virtual calls, where an exception cannot propagate,
so their failures are reported here and the command is made obsolete.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtGui import QUndoCommand, QUndoStack

from kutip.gui.errors import report
from kutip.project import Edit, Project

T = TypeVar("T")


class EditCommand(QUndoCommand):
    """One already-applied project edit on the undo stack."""

    def __init__(self, project: Project, edit: Edit[Any]) -> None:
        super().__init__(edit.label)
        self._project = project
        self._edit: Edit[Any] = edit
        self._applied = True

    def redo(self) -> None:
        if self._applied:  # QUndoStack.push calls redo(); the edit is already done
            return
        self._swap()

    def undo(self) -> None:
        self._swap()

    def _swap(self) -> None:
        try:
            # Undoing an edit returns its inverse: undoing the undo redoes it, and so on.
            self._edit = self._project.undo(self._edit)
        except Exception as error:
            self.setObsolete(True)
            report(None, error)
        else:
            self._applied = not self._applied


def push_edit(stack: QUndoStack, project: Project, make_edit: Callable[[], Edit[T]]) -> Edit[T]:
    """Apply ``make_edit()`` (raising its ``KnownError`` as is) and put it on ``stack``."""
    edit = make_edit()
    if edit.changes:  # an edit that changed nothing (e.g. the same name) is not worth an undo
        stack.push(EditCommand(project, edit))
    return edit
