"""project.sources: each operation changes what it says and is undone exactly; bad input is
refused; a file's bytes are kept once and go with the last source using them."""

from __future__ import annotations

import pytest
from project_testing import Operation, Refusal, assert_refused, assert_undoable

from kutip.errors import NotFoundError, ValidationError
from kutip.project import Project
from kutip_testing import text_draft

OPERATIONS: dict[str, Operation] = {
    "add_source": lambda p, i: p.sources.add(text_draft("New words.", title="third")),
    "rename_source": lambda p, i: p.sources.rename(i["source"], "Renamed"),
    "set_source_memo": lambda p, i: p.sources.set_memo(i["source"], "memo"),
    "set_source_language": lambda p, i: p.sources.set_language(i["source"], "id"),
    "set_first_page": lambda p, i: p.sources.set_first_page(i["source"], 12),
    "remove_source": lambda p, i: p.sources.remove(i["source"]),
}

BAD: dict[str, Refusal] = {
    "source without title": (lambda p: p.sources.add(text_draft("x", title=" ")),
                             ValidationError, "needs a name"),
    "rename unknown source": (lambda p: p.sources.rename(9999, "x"), NotFoundError, "no source"),
    "text of unknown source": (lambda p: p.sources.text(9999), NotFoundError, "no source 9999"),
    "page number out of range": (lambda p: p.sources.set_first_page(p.sources.all()[0].id,
                                                                    100_000),
                                 ValidationError, "not a page number"),
}  # fmt: skip


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


def test_remove_source_keeps_a_file_still_used_by_another_source(project: Project) -> None:
    first = project.sources.add(text_draft("same bytes", title="a")).value
    project.sources.add(text_draft("same bytes", title="b"))
    project.sources.remove(first)
    assert project.store.scalar("SELECT count(*) FROM files") == 1
    project.sources.remove(project.sources.all()[0].id)
    assert project.store.scalar("SELECT count(*) FROM files") == 0


def test_text_file_and_the_source_with_a_file(project: Project) -> None:
    draft = text_draft("Kata demi kata.", title="kata")
    source_id = project.sources.add(draft).value
    assert project.sources.text(source_id) == "Kata demi kata."
    assert project.sources.file(source_id) == draft.data
    found = project.sources.with_file(draft.sha256)
    assert found is not None and found.id == source_id
    assert project.sources.with_file("0" * 64) is None
