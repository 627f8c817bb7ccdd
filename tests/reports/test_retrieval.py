"""Retrieval's query logic: codes combined with OR, AND, NOT, and filters; Qt-free."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from kutip.ingest.drafts import SourceDraft
from kutip.model import SourceKind
from kutip.project import Project
from kutip.reports import AttributeFilter, Selection
from kutip.reports.model import build_report
from kutip.reports.retrieval import (
    CombineMode,
    RetrievalQuery,
    combine,
    export_selection,
    retrieve,
)


@dataclass(frozen=True)
class Coded:
    id: int
    code_id: int
    source_id: int
    start: int
    end: int


def ids(found: list[Coded]) -> list[int]:
    return [c.id for c in found]


A, B, C = 1, 2, 3
CODINGS = [
    Coded(1, A, 10, 0, 10),
    Coded(2, B, 10, 5, 15),  # overlaps 1
    Coded(3, A, 10, 20, 30),
    Coded(4, B, 10, 30, 40),  # touches 3: no overlap
    Coded(5, A, 11, 0, 10),  # another source: B's 0–10 there is in source 10 only
    Coded(6, C, 10, 8, 9),  # inside 1 and 2
    Coded(7, A, 10, 50, 60),
    Coded(8, B, 10, 50, 52),
    Coded(9, C, 10, 58, 60),  # A covers both B and C here, but B and C never meet
]


def test_or_keeps_every_coding_of_any_code_in_the_order_given() -> None:
    assert ids(combine(CODINGS, [A, B], CombineMode.ANY)) == [1, 2, 3, 4, 5, 7, 8]
    assert ids(combine(CODINGS, [C], CombineMode.ANY)) == [6, 9]
    assert combine(CODINGS, [], CombineMode.ANY) == []


def test_and_keeps_the_codings_over_text_every_code_covers() -> None:
    assert ids(combine(CODINGS, [A, B], CombineMode.ALL)) == [1, 2, 7, 8]
    # Three codes: only where A, B and C all cover one stretch (8–9), not 50–60 where B and
    # C each meet A but not each other.
    assert ids(combine(CODINGS, [A, B, C], CombineMode.ALL)) == [1, 2, 6]
    # One code alone: all of it.
    assert ids(combine(CODINGS, [B], CombineMode.ALL)) == [2, 4, 8]


def test_not_keeps_the_first_codes_codings_that_no_other_code_overlaps() -> None:
    assert ids(combine(CODINGS, [A, B], CombineMode.NOT)) == [3, 5]
    assert ids(combine(CODINGS, [B, A], CombineMode.NOT)) == [4]
    assert ids(combine(CODINGS, [A, C], CombineMode.NOT)) == [3, 5]
    assert ids(combine(CODINGS, [A], CombineMode.NOT)) == [1, 3, 5, 7]


def test_the_module_imports_no_qt() -> None:
    code = (
        "import sys, kutip.reports.retrieval; "
        "assert not any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_retrieve_cites_as_the_reports_do_and_filters_by_attribute(demo_path: Path) -> None:
    with Project.open(demo_path) as project:
        codes = tuple(code.id for code in project.codes.all())
        found = retrieve(project, RetrievalQuery(codes))
        assert len(found.rows) == len(project.codings.all())
        cites = {row.citation_text for row in found.rows}
        assert "(Pratama & Lestari, 2024, p. 45)" in cites
        assert any(cite.startswith("(Informan 2, 00:") for cite in cites)

        outside = retrieve(
            project,
            RetrievalQuery(codes, attributes=(AttributeFilter("pulau_jawa", ("false",)),)),
        )
        assert outside.rows
        assert {case for row in outside.rows for case in row.cases} == {"Informan 2", "Informan 4"}

        indonesian = retrieve(project, RetrievalQuery(codes), language="id")
        assert "(Pratama & Lestari, 2024, hlm. 45)" in {r.citation_text for r in indonesian.rows}


def test_a_selection_naming_codings_narrows_the_codings_a_report_sees(demo_path: Path) -> None:
    with Project.open(demo_path) as project:
        first, second = project.codings.all()[:2]
        report = build_report(project, Selection(segments=frozenset({second.id})))
        assert [q.segment_id for q in report.quotes] == [second.id]
        # The other filters still apply: a coding named but filtered out is not reported.
        other_code = next(c.id for c in project.codes.all() if c.id != second.code_id)
        narrowed = Selection(codes=(other_code,), segments=frozenset({second.id}))
        assert list(build_report(project, narrowed).quotes) == []
        assert not Selection(segments=frozenset({first.id})).is_everything


def test_the_export_selection_names_exactly_the_listed_codings(empty_project: Project) -> None:
    project = empty_project
    text = "Satu dua tiga empat lima enam tujuh delapan sembilan sepuluh."
    source = project.sources.add(
        SourceDraft("catatan", text, SourceKind.TEXT, "catatan.txt", "text/plain", text.encode())
    ).value
    a, b = project.codes.add("A").value, project.codes.add("B").value
    project.codings.apply(source, 0, 10, a)
    project.codings.apply(source, 5, 15, b)  # overlaps the first
    second = project.codings.apply(source, 20, 30, a).value
    for mode, listed_ids in ((CombineMode.NOT, [second]), (CombineMode.ALL, None)):
        listed = retrieve(project, RetrievalQuery((a, b), mode))
        assert listed_ids is None or list(listed.segment_ids) == listed_ids
        selection = export_selection(listed)
        assert selection.segments == frozenset(listed.segment_ids)
        exported = [q.segment_id for q in build_report(project, selection).quotes]
        assert sorted(exported) == sorted(listed.segment_ids)
        # Without naming them, the list's codes and sources select more codings.
        unnamed = [
            q.segment_id for q in build_report(project, replace(selection, segments=None)).quotes
        ]
        assert len(unnamed) > len(exported)
