"""project.codings: a code on a range of a source's text — each operation changes what it says
and is undone exactly; ranges outside the text and the same coding twice are refused."""

from __future__ import annotations

import pytest
from project_testing import TEXT, Operation, Refusal, assert_refused, assert_undoable

from kutip.errors import NotFoundError, ValidationError
from kutip.project import Project

OPERATIONS: dict[str, Operation] = {
    "apply_code": lambda p, i: p.codings.apply(i["source"], 2, 9, i["tech"], memo="m"),
    "remove_segment": lambda p, i: p.codings.remove(i["segment"]),
    "set_segment_range": lambda p, i: p.codings.set_range(i["segment"], 1, 3),
    "set_segment_memo": lambda p, i: p.codings.set_memo(i["segment"], "new memo"),
}


def _source(p: Project) -> int:
    return p.sources.all()[0].id


def _code(p: Project, name: str = "Konten") -> int:
    return p.codes.find(name).id


BAD: dict[str, Refusal] = {
    "range past the end": (
        lambda p: p.codings.apply(_source(p), 5, 500, _code(p)), ValidationError, "not inside"),
    "negative start": (lambda p: p.codings.apply(_source(p), -1, 3, _code(p)), ValidationError,
                       "not inside"),
    "empty range": (lambda p: p.codings.apply(_source(p), 4, 4, _code(p)), ValidationError,
                    "not inside"),
    "reversed range": (lambda p: p.codings.apply(_source(p), 6, 2, _code(p)), ValidationError,
                       "not inside"),
    "unknown code": (lambda p: p.codings.apply(_source(p), 0, 3, 9999), NotFoundError, "no code"),
    "unknown source": (lambda p: p.codings.apply(9999, 0, 3, _code(p)), NotFoundError,
                       "no source"),
    "same coding twice": (lambda p: p.codings.apply(_source(p), 0, 8, _code(p)), ValidationError,
                          "already coded"),
    "segment range outside": (lambda p: p.codings.set_range(p.codings.all()[0].id, 0, 10_000),
                              ValidationError, "not inside"),
    "unknown segment": (lambda p: p.codings.remove(9999), NotFoundError, "no coding"),
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


def test_segment_text_counts_code_points(seeded: Project, ids: dict[str, int]) -> None:
    source = ids["source"]
    start = TEXT.index("TikTok")
    edit = seeded.codings.apply(source, start, start + 6, seeded.codes.find("Konten").id)
    assert seeded.codings.text(seeded.codings.get(edit.value)) == "TikTok"
    cafe = TEXT.index("café")
    edit = seeded.codings.apply(source, cafe, cafe + 4, seeded.codes.find("Konten").id)
    assert seeded.codings.text(seeded.codings.get(edit.value)) == "café"


def test_codings_of_a_source_and_a_code_and_the_coding_at_a_range(
    seeded: Project, ids: dict[str, int]
) -> None:
    of_access = seeded.codings.all(source_id=ids["source"], code_id=ids["access"])
    assert [(s.start, s.end, s.memo) for s in of_access] == [(0, 11, "first")]
    assert seeded.codings.at(ids["source"], 0, 11, ids["access"]) == of_access[0].id
    assert seeded.codings.at(ids["source"], 0, 12, ids["access"]) is None
    assert of_access[0].coder_id == seeded.coder.id
