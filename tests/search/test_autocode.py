"""Autocode: scopes, the preview's counts, duplicates skipped, one undo for all."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from search_testing import pdf_draft, transcript_draft

from kutip.errors import ValidationError
from kutip.model import Segment
from kutip.project import Project
from kutip.search import PlannedRange, Scope, SearchIndex, apply_autocode, plan_autocode
from kutip.search.autocode import merge_ranges, sentence_around

ARTICLE = (
    "Pendahuluan singkat.\n"
    "Kampanye 🔥 daring meningkat. Dr. Ahmad menyebut kampanye itu efektif, dll. dan "
    "seterusnya! Pemilih pemula ikut.\n"
    "Paragraf lain tanpa kata kunci."
)
INTERVIEW = [
    ("Pewawancara", "Bagaimana kampanye di desa?"),
    ("Informan 1", "Kampanye lewat WhatsApp. Semua orang ikut.\nLalu mereka memilih."),
]


Setup = tuple[Project, SearchIndex, int]


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    with Project.create(tmp_path / "t.kutip", codebook="empty") as project:
        project.sources.add(pdf_draft([ARTICLE], "artikel"))
        project.sources.add(transcript_draft(INTERVIEW, "wawancara"))
        code = project.codes.add("Kampanye").value
        with SearchIndex(project) as index:
            yield project, index, code


def coded_texts(project: Project, ranges: Iterable[PlannedRange | Segment]) -> list[str]:
    return [project.sources.text(r.source_id)[r.start : r.end] for r in ranges]


def plan_texts(project: Project, index: SearchIndex, code: int, scope: str) -> list[str]:
    hits = index.search("kampanye", limit=None).hits
    return sorted(coded_texts(project, plan_autocode(project, hits, code, scope).ranges))


def test_hit_scope_codes_the_matched_words(setup: Setup) -> None:
    project, index, code = setup
    assert plan_texts(project, index, code, "hit") == ["Kampanye"] * 2 + ["kampanye"] * 2


def test_sentence_scope_codes_each_sentence_once(setup: Setup) -> None:
    project, index, code = setup
    assert plan_texts(project, index, code, "sentence") == sorted(
        [
            "Bagaimana kampanye di desa?",  # after the speaker's label
            "Dr. Ahmad menyebut kampanye itu efektif, dll. dan seterusnya!",
            "Kampanye lewat WhatsApp.",
            "Kampanye 🔥 daring meningkat.",
        ]
    )


def test_paragraph_scope_codes_the_line(setup: Setup) -> None:
    project, index, code = setup
    line = ARTICLE.split("\n")[1]
    assert plan_texts(project, index, code, "paragraph") == sorted(
        [line, "Kampanye lewat WhatsApp. Semua orang ikut.", "Bagaimana kampanye di desa?"]
    )


def test_turn_scope_codes_the_turn_and_falls_back_to_the_paragraph(setup: Setup) -> None:
    project, index, code = setup
    texts = plan_texts(project, index, code, "turn")
    assert "Kampanye lewat WhatsApp. Semua orang ikut.\nLalu mereka memilih." in texts
    assert "Bagaimana kampanye di desa?" in texts
    assert ARTICLE.split("\n")[1] in texts  # the article has no turns


def test_preview_counts_and_skips_what_is_already_coded(setup: Setup) -> None:
    project, index, code = setup
    article = project.sources.all()[0].id
    line_start = ARTICLE.index("Kampanye 🔥")
    project.codings.apply(
        article, line_start, line_start + len("Kampanye 🔥 daring meningkat."), code
    )
    hits = index.search("kampanye").hits
    plan = plan_autocode(project, hits, code, Scope.HIT)
    assert len(plan.ranges) == 3 and len(plan.skipped) == 1
    assert coded_texts(project, plan.skipped) == ["Kampanye"]
    assert plan.summary() == (
        "3 passages will be coded 'Kampanye'. 1 is skipped: it is already coded so."
    )


def test_autocode_extends_a_coding_instead_of_stacking_a_second(setup: Setup) -> None:
    project, index, code = setup
    article = project.sources.all()[0].id
    start = ARTICLE.index("daring")
    project.codings.apply(article, start, start + len("daring meningkat"), code, memo="lama")
    hits = [h for h in index.search("kampanye").hits if h.source_id == article]
    plan = plan_autocode(project, hits, code, Scope.SENTENCE)
    assert plan.extending == 1 and "1 extends a coding already there." in plan.summary()
    edit = apply_autocode(project, plan)
    codings = project.codings.all(source_id=article, code_id=code)
    assert len(edit.value) == len(codings) == 2  # not three: the old coding was stretched
    assert coded_texts(project, codings)[0] == "Kampanye 🔥 daring meningkat."
    assert codings[0].memo == "lama"
    # The same characters are counted once for the code.
    assert index.search("daring", in_code=code).total == 1


def test_another_coders_coding_is_neither_skipped_nor_joined(setup: Setup) -> None:
    project, index, code = setup
    article = project.sources.all()[0].id
    hit = next(h for h in index.search("kampanye").hits if h.source_id == article)
    me = project.coder
    project.coder = project._ensure_coder("budi")  # another coder, in the same open project
    start, end = hit.spans[0]
    project.codings.apply(article, start, end + 1, code)  # a little longer: it covers the hit
    project.coder = me
    plan = plan_autocode(project, [hit], code, Scope.HIT)
    assert PlannedRange(article, start, end) in plan.ranges
    assert plan.skipped == () and plan.extending == 0
    apply_autocode(project, plan)
    stacked = [s for s in project.codings.all(source_id=article) if s.start == start]
    assert sorted((s.end, s.code_id) for s in stacked) == [(end, code), (end + 1, code)]
    assert len({s.coder_id for s in stacked}) == 2


def test_a_chosen_subset_of_hits(setup: Setup) -> None:
    project, index, code = setup
    hits = [h for h in index.search("kampanye").hits if h.source_title == "wawancara"]
    plan = plan_autocode(project, hits, code, "hit")
    assert {r.source_id for r in plan.ranges} == {project.sources.all()[1].id}


def test_one_undo_takes_the_whole_autocode_back(setup: Setup) -> None:
    project, index, code = setup
    before = project.codings.all()
    plan = plan_autocode(project, index.search("kampanye").hits, code, "sentence")
    edit = apply_autocode(project, plan)
    after = project.codings.all(code_id=code)
    assert len(edit.value) == len(plan.ranges) == len(after) == 4
    assert coded_texts(project, after) == [project.codings.text(s) for s in after]
    assert index.search("kampanye", in_code=code).total == 3
    project.undo(edit)
    assert project.codings.all() == before
    assert index.search("kampanye", uncoded=True).total == 3


def test_an_empty_plan_is_refused(setup: Setup) -> None:
    project, _index, code = setup
    plan = plan_autocode(project, [], code, "hit")
    assert plan.ranges == ()
    with pytest.raises(ValidationError):
        apply_autocode(project, plan)
    with pytest.raises(ValidationError, match="not a scope"):
        plan_autocode(project, [], code, "chapter")


def test_sentences_end_at_a_line_break_and_not_after_abbreviations() -> None:
    text = "Menurut Prof. Budi, J. Smith dkk. setuju. Lalu?\nBaris baru"
    start = text.index("setuju")
    assert text[slice(*sentence_around(text, start, start + 6))] == (
        "Menurut Prof. Budi, J. Smith dkk. setuju."
    )
    start = text.index("Baris")
    assert text[slice(*sentence_around(text, start, start + 5))] == "Baris baru"


def test_overlapping_ranges_merge_and_touching_ones_stay_apart() -> None:
    assert merge_ranges([(5, 9), (0, 3), (2, 4), (9, 12), (7, 7)]) == [(0, 4), (5, 9), (9, 12)]
