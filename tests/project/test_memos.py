"""project.memos: the journal — each operation changes what it says and is undone exactly."""

from __future__ import annotations

import pytest
from project_testing import Operation, Refusal, assert_refused, assert_undoable

from kutip.errors import NotFoundError, ValidationError
from kutip.project import Project

OPERATIONS: dict[str, Operation] = {
    "add_memo": lambda p, i: p.memos.add("Another", "text"),
    "edit_memo": lambda p, i: p.memos.edit(i["memo"], title="Journal 2", text="more"),
    "remove_memo": lambda p, i: p.memos.remove(i["memo"]),
}

BAD: dict[str, Refusal] = {
    "memo without title": (lambda p: p.memos.add(" "), ValidationError, "needs a name"),
    "unknown memo": (lambda p: p.memos.edit(9999, text="x"), NotFoundError, "no memo"),
}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_operation_changes_the_project_and_undo_restores_every_table(
    seeded: Project, ids: dict[str, int], name: str
) -> None:
    assert_undoable(seeded, ids, name, OPERATIONS[name])


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(
    base: Project, case: str
) -> None:
    assert_refused(base, BAD[case])


def test_a_memo_keeps_its_coder_and_what_is_not_edited(project: Project) -> None:
    memo_id = project.memos.add("Catatan", "pertama").value
    project.memos.edit(memo_id, text="kedua")
    memo = project.memos.get(memo_id)
    assert (memo.title, memo.text, memo.coder_id) == ("Catatan", "kedua", project.coder.id)
    assert [c.name for c in project.coders.all()] == ["tester"]
