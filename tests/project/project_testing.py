"""Checks shared by the Project tests: an operation changes the project and its undo restores
every table; bad input is refused with a clear message and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kutip.errors import KnownError
from kutip.project import Edit, Project
from kutip_testing import dump_tables

#: The seeded project's first source: speaker turns, an emoji, a combining accent.
TEXT = "Pewawancara: Dari mana? 🔥\nInforman 1: Saya tahu dari TikTok, café e\u0301 dekat kampus.\n"

#: An operation on the seeded project, given the ids of its rows.
Operation = Callable[[Project, dict[str, int]], Edit[Any]]
#: Bad input: the operation, the error it raises, and words its message contains.
Refusal = tuple[Callable[[Project], Any], type[KnownError], str]


def assert_undoable(project: Project, ids: dict[str, int], name: str, operation: Operation) -> None:
    """``operation`` changes the project; undone, every table is as before; redone, as after."""
    before = dump_tables(project)
    edit = operation(project, ids)
    after = dump_tables(project)
    assert after != before, f"{name} changed nothing"
    assert edit.label

    redo = project.undo(edit)
    assert dump_tables(project) == before

    project.undo(redo)
    assert dump_tables(project) == after


def assert_refused(project: Project, refusal: Refusal) -> None:
    """The operation raises its error with its message, and nothing is written."""
    operation, error_type, message = refusal
    before = dump_tables(project)
    with pytest.raises(error_type, match=message):
        operation(project)
    assert dump_tables(project) == before
