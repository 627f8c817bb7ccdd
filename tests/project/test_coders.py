"""Coders: who codes in a session, each coder's own codings, colours, and coders kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from kutip.errors import NotFoundError, ValidationError
from kutip.project import Project
from kutip.project.base import CODER_COLORS
from kutip_testing import dump_tables, text_draft


def test_the_coder_chosen_last_codes_again_when_none_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "sistem")
    path = tmp_path / "tim.kutip"
    Project.create(path, codebook="empty").close()
    with Project.open(path) as project:
        assert project.coder.name == "sistem"  # nobody chosen yet: the system's user
    with Project.open(path, coder="Alice") as project:
        assert project.coder.name == "Alice"
    with Project.open(path) as project:
        assert project.coder.name == "Alice"
    with Project.open(path, coder="bob") as project:
        assert project.coder.name == "bob"
    with Project.open(path, coder="alice") as project:  # names ignore case
        assert project.coder.name == "Alice"
        assert [c.name for c in project.coders.all()] == ["sistem", "Alice", "bob"]
    with Project.open(path) as project:
        assert project.coder.name == "Alice"


def test_use_coder_switches_who_codes_and_new_codings_are_theirs(empty_project: Project) -> None:
    source = empty_project.sources.add(text_draft("Satu dua tiga empat.")).value
    code = empty_project.codes.add("Angka").value
    first = empty_project.codings.apply(source, 0, 4, code).value
    empty_project.use_coder("Bob")
    second = empty_project.codings.apply(source, 0, 4, code).value  # the same passage, Bob's
    by_id = {c.id: c.name for c in empty_project.coders.all()}
    assert by_id[empty_project.codings.get(first).coder_id or 0] == "tester"
    assert by_id[empty_project.codings.get(second).coder_id or 0] == "Bob"
    with pytest.raises(ValidationError, match="already coded"):
        empty_project.codings.apply(source, 0, 4, code)  # Bob once is enough
    with pytest.raises(ValidationError, match="needs a name"):
        empty_project.use_coder("  ")


def test_a_coding_keeps_the_coder_and_date_it_is_given(empty_project: Project) -> None:
    source = empty_project.sources.add(text_draft("Satu dua tiga empat.")).value
    code = empty_project.codes.add("Angka").value
    alice = empty_project.coders.add("Alice").value
    segment_id = empty_project.codings.apply(
        source, 5, 8, code, coder_id=alice, created="2025-06-18T02:06:50+00:00"
    ).value
    segment = empty_project.codings.get(segment_id)
    assert (segment.coder_id, segment.created) == (alice, "2025-06-18T02:06:50+00:00")
    memo_id = empty_project.memos.add(
        "Catatan", "isi", coder_id=alice, created="2025-01-02T03:04:05+00:00"
    ).value
    memo = empty_project.memos.get(memo_id)
    assert (memo.coder_id, memo.created, memo.modified) == (
        alice,
        "2025-01-02T03:04:05+00:00",
        "2025-01-02T03:04:05+00:00",
    )
    with pytest.raises(NotFoundError):
        empty_project.codings.apply(source, 0, 3, code, coder_id=9999)


def test_coders_get_colours_apart_and_a_recolour_is_undoable(empty_project: Project) -> None:
    for name in ("Alice", "Bob", "Citra"):
        empty_project.coders.add(name)
    colors = [c.color for c in empty_project.coders.all()]
    assert colors == list(CODER_COLORS[:4])
    alice = empty_project.coders.named("alice")
    before = dump_tables(empty_project)
    edit = empty_project.coders.recolor(alice.id, "#ABCDEF")
    assert empty_project.coders.get(alice.id).color == "#abcdef"
    empty_project.undo(edit)
    assert dump_tables(empty_project) == before
    with pytest.raises(ValidationError, match="already a coder"):
        empty_project.coders.add("ALICE")
    with pytest.raises(ValidationError, match="not a colour"):
        empty_project.coders.recolor(alice.id, "red")
    with pytest.raises(NotFoundError, match="no coder called Dewi"):
        empty_project.coders.named("Dewi")


def test_adding_a_coder_as_part_of_an_edit_is_undone_with_it(empty_project: Project) -> None:
    before = dump_tables(empty_project)
    edit = empty_project.coders.add("Alice", guid="{29518289-D0E3-447B-B7DD-AE1D8CD880A0}")
    coder = empty_project.coders.get(edit.value)
    assert coder.guid == "29518289-d0e3-447b-b7dd-ae1d8cd880a0"
    assert empty_project.coders.with_guid(coder.guid) == coder
    empty_project.undo(edit)
    assert dump_tables(empty_project) == before


def test_merging_codes_keeps_each_coders_coding_of_the_same_passage(
    empty_project: Project,
) -> None:
    source = empty_project.sources.add(text_draft("Satu dua tiga empat.")).value
    kept = empty_project.codes.add("Akses").value
    merged = empty_project.codes.add("Akses lama").value
    empty_project.codings.apply(source, 0, 4, kept)
    bob = empty_project.coders.add("Bob").value
    empty_project.codings.apply(source, 0, 4, merged, coder_id=bob)
    empty_project.codings.apply(source, 0, 4, merged)  # the tester's twice: joined
    empty_project.codes.merge(merged, kept)
    codings = empty_project.codings.all(code_id=kept)
    assert sorted((s.start, s.end, s.coder_id) for s in codings) == sorted(
        [(0, 4, empty_project.coder.id), (0, 4, bob)]
    )
