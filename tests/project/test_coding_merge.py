"""Coding a passage joins the coder's codings of the same code it overlaps or touches: one
coding stretched over all, one undo step; other coders' and other codes' codings stay apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from kutip.errors import ValidationError
from kutip.project import Project
from kutip_testing import dump_tables, text_draft

TEXT = "Kampanye daring meningkat. Pemilih pemula ikut. Semua orang memilih lewat WhatsApp."


def _setup(project: Project) -> tuple[int, int]:
    source = project.sources.add(text_draft(TEXT)).value
    return source, project.codes.add("Kampanye").value


def _ranges(project: Project, code: int) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.memo) for s in project.codings.all(code_id=code)]


def test_an_overlapping_range_extends_the_coding(empty_project: Project) -> None:
    source, code = _setup(empty_project)
    first = empty_project.codings.code(source, 0, 20, code).value
    edit = empty_project.codings.code(source, 10, 40, code)
    assert edit.value.segment_id == first.segment_id and edit.value.joined == 1
    assert _ranges(empty_project, code) == [(0, 40, "")]
    assert "joining 1 coding" in edit.label


def test_a_touching_range_extends_the_coding(empty_project: Project) -> None:
    source, code = _setup(empty_project)
    empty_project.codings.code(source, 0, 20, code)
    empty_project.codings.code(source, 20, 30, code)
    assert _ranges(empty_project, code) == [(0, 30, "")]


def test_a_range_bridging_two_codings_joins_them_and_keeps_their_memos(
    empty_project: Project,
) -> None:
    source, code = _setup(empty_project)
    first = empty_project.codings.code(source, 0, 10, code, memo="awal").value.segment_id
    empty_project.codings.code(source, 30, 40, code, memo="akhir")
    before = dump_tables(empty_project)
    edit = empty_project.codings.code(source, 8, 32, code, memo="tengah")
    assert edit.value.joined == 2 and edit.value.segment_id == first
    assert _ranges(empty_project, code) == [(0, 40, "awal\n\nakhir\n\ntengah")]
    empty_project.undo(edit)  # one step takes the join back: both codings, as they were
    assert dump_tables(empty_project) == before


def test_a_range_already_covered_is_refused(empty_project: Project) -> None:
    source, code = _setup(empty_project)
    empty_project.codings.code(source, 0, 40, code)
    before = dump_tables(empty_project)
    with pytest.raises(ValidationError, match="already coded 'Kampanye'"):
        empty_project.codings.code(source, 5, 20, code)
    assert dump_tables(empty_project) == before


def test_apart_ranges_other_codes_and_other_sources_stay_apart(empty_project: Project) -> None:
    source, code = _setup(empty_project)
    other_code = empty_project.codes.add("Pemilih").value
    other_source = empty_project.sources.add(text_draft(TEXT, title="kedua")).value
    empty_project.codings.code(source, 0, 10, code)
    assert empty_project.codings.code(source, 11, 20, code).value.joined == 0
    assert empty_project.codings.code(source, 5, 15, other_code).value.joined == 0
    assert empty_project.codings.code(other_source, 5, 15, code).value.joined == 0
    assert _ranges(empty_project, code) == [(0, 10, ""), (11, 20, ""), (5, 15, "")]


def test_codings_of_another_coder_are_never_joined(tmp_path: Path) -> None:
    path = tmp_path / "dua.kutip"
    with Project.create(path, codebook="empty", coder="rina") as project:
        source, code = _setup(project)
        project.codings.code(source, 0, 20, code)
    with Project.open(path, coder="budi") as project:
        made = project.codings.code(source, 10, 30, code).value
        assert made.joined == 0
        coders = {(s.start, s.end): s.coder_id for s in project.codings.all(code_id=code)}
        assert set(coders) == {(0, 20), (10, 30)} and len(set(coders.values())) == 2
