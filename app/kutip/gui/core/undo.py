"""Undo and redo of project edits through a QUndoStack.

Every ``Project`` mutation returns an ``Edit`` and ``Project.undo(edit)`` returns the edit that
redoes it, so one command class wraps them all. The edits are applied *before* the command is
pushed: a ``KnownError`` (a name already taken, …) then reaches the user and nothing lands on
the stack. Undo and redo run inside Qt's virtual calls, where an exception cannot propagate,
so their failures are reported here and the command is made obsolete.

A command may hold several edits made one after another (an import makes one per file): they
are undone as one step, in reverse order, inside one ``Project.compose`` transaction, so a
conflict in any of them leaves all of them as they were rather than half undone.

Edits pushed one after another with the same ``merge_key`` (nudging one coding's ends word by
word) merge into one step, so one Ctrl+Z takes back the whole adjustment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtGui import QUndoCommand, QUndoStack

from kutip.gui.core.error_dialogs import report
from kutip.project import Edit, Project

T = TypeVar("T")


class EditCommand(QUndoCommand):
    """Already-applied project edits, in the order they were made, as one undo step."""

    #: The QUndoCommand id of commands that may merge (see ``merge_key``).
    MERGING_ID = 0x4B55

    def __init__(
        self,
        project: Project,
        edits: Sequence[Edit[Any]],
        label: str,
        merge_key: object = None,
    ) -> None:
        super().__init__(label)
        if not edits:
            raise ValueError("an undo step needs at least one edit")
        self._project = project
        self._edits: list[Edit[Any]] = list(edits)
        self._applied = True
        self._merge_key = merge_key

    @property
    def edits(self) -> tuple[Edit[Any], ...]:
        """The step's edits as they were last applied (after an undo: the edit that redoes it)."""
        return tuple(self._edits)

    def id(self) -> int:
        return -1 if self._merge_key is None else self.MERGING_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if not (
            isinstance(other, EditCommand)
            and self._merge_key is not None
            and other._merge_key == self._merge_key
            and self._applied
            and other._applied
            and other._project is self._project
        ):
            return False
        self._edits.extend(other._edits)
        return True

    def redo(self) -> None:
        if self._applied:  # QUndoStack.push calls redo(); the edits are already done
            return
        self._swap()

    def undo(self) -> None:
        self._swap()

    def _swap(self) -> None:
        try:
            # Undoing an edit returns its inverse: undoing the undo redoes it, and so on.
            self._edits = [self._inverse()]
        except Exception as error:
            self.setObsolete(True)
            report(None, error)
        else:
            self._applied = not self._applied

    def _inverse(self) -> Edit[None]:
        project, edits = self._project, self._edits
        if len(edits) == 1:
            return project.undo(edits[0])

        def undo_all() -> None:
            # Inside compose() each undo's rows join the one transaction, whose single Edit
            # holds them all: undoing that later re-applies every edit, in the original order.
            for edit in reversed(edits):
                project.undo(edit)

        return project.compose(self.text(), undo_all)


def push_edit(
    stack: QUndoStack,
    project: Project,
    make_edit: Callable[[], Edit[T]],
    *,
    merge_key: object = None,
) -> Edit[T]:
    """Apply ``make_edit()`` (raising its ``KnownError`` as is) and put it on ``stack``.

    ``merge_key``: merge with the step on top of the stack if that was pushed with an equal key.
    """
    edit = make_edit()
    if edit.changes:  # an edit that changed nothing (e.g. the same name) is not worth an undo
        stack.push(EditCommand(project, [edit], edit.label, merge_key))
    return edit


def push_on_open_project(
    stack: QUndoStack, project: Project | None, make_edit: Callable[[Project], Edit[T]]
) -> Edit[T]:
    """``push_edit`` for a dock's action, which only runs while a project is open."""
    if project is None:
        raise RuntimeError("no project is open")
    return push_edit(stack, project, lambda: make_edit(project))


def push_edits(
    stack: QUndoStack, project: Project, edits: Sequence[Edit[Any]], label: str
) -> EditCommand | None:
    """Put edits already made (an import's) on ``stack`` as one step named ``label``."""
    changed = [edit for edit in edits if edit.changes]
    if not changed:
        return None
    command = EditCommand(project, changed, label)
    stack.push(command)
    return command
