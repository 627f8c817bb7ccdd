"""Retrieval: the coded segments of some codes, combined with OR, AND or NOT, and filtered.

The retrieval dock runs ``retrieve`` on a worker and only shows its rows; exporting the list
exports exactly its codings (``export_selection``: a ``Selection`` that names them).

How codes combine (``CombineMode``), always within one source:

* ``ANY`` (OR): every segment coded with any of the codes;
* ``ALL`` (AND): the segments of these codes that overlap a stretch of text that every one of
  the codes covers (for two codes: the segments of each that overlap a segment of the other);
* ``NOT``: the segments of the *first* code that overlap no segment of the other codes.

The filters (sources, cases, coders, attribute values) work as the reports' ``Selection``
does, and apply before the codes are combined: only the codings that pass them take part.
Ranges are half-open code point ranges, so two codings that merely touch do not overlap.

Quotes and citations come from the report model (``kutip.reports.model.build_report``), so the
list cites exactly as an export does: "(Pratama & Lestari, 2024, p. 45)", "(Informan 2,
00:00:15)".
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Protocol, TypeVar

from kutip.progress import Progress
from kutip.project import Project
from kutip.reports.labels import DEFAULT_LANGUAGE
from kutip.reports.richtext import RichText, plain
from kutip.reports.selection import AttributeFilter, CoderRun, Selection
from kutip.reports.styles import DEFAULT_STYLE


class CombineMode(StrEnum):
    ANY = "or"
    ALL = "and"
    NOT = "not"


class Coded(Protocol):
    """A coded range: a ``Segment``, or a report ``Quote``."""

    @property
    def code_id(self) -> int: ...
    @property
    def source_id(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


C = TypeVar("C", bound=Coded)
Interval = tuple[int, int]


def _union(ranges: Iterable[Interval]) -> list[Interval]:
    """Sorted, disjoint intervals covering what ``ranges`` cover (touching ones joined)."""
    merged: list[Interval] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _intersection(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """Where two sorted, disjoint interval lists both cover the text (non-empty pieces)."""
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _overlaps(intervals: Sequence[Interval], starts: Sequence[int], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of sorted, disjoint ``intervals``."""
    k = bisect.bisect_left(starts, end) - 1  # the last interval starting before ``end``
    return k >= 0 and intervals[k][1] > start


def combine(codings: Sequence[C], codes: Sequence[int], mode: CombineMode) -> list[C]:
    """The codings that ``codes`` combined with ``mode`` retrieve, in the order given.

    ``codes`` is ordered: with ``NOT`` the first is kept and the others are taken away.
    Codings of other codes are ignored.
    """
    order = list(dict.fromkeys(codes))
    wanted = set(order)
    mine = [c for c in codings if c.code_id in wanted]
    if mode is CombineMode.ANY or len(order) <= 1 or not mine:
        return mine
    ranges: dict[tuple[int, int], list[Interval]] = {}
    for c in mine:
        ranges.setdefault((c.source_id, c.code_id), []).append((c.start, c.end))
    sources = {c.source_id for c in mine}
    if mode is CombineMode.ALL:
        covered: dict[int, list[Interval]] = {}
        for source in sources:
            common: list[Interval] | None = None
            for code in order:
                union = _union(ranges.get((source, code), ()))
                common = union if common is None else _intersection(common, union)
                if not common:
                    break
            covered[source] = common or []
        keep = covered
        chosen = mine
    else:
        keep = {
            source: _union(r for code in order[1:] for r in ranges.get((source, code), ()))
            for source in sources
        }
        chosen = [c for c in mine if c.code_id == order[0]]
    starts = {source: [a for a, _b in intervals] for source, intervals in keep.items()}
    hit = [_overlaps(keep[c.source_id], starts[c.source_id], c.start, c.end) for c in chosen]
    if mode is CombineMode.ALL:
        return [c for c, overlapping in zip(chosen, hit, strict=True) if overlapping]
    return [c for c, overlapping in zip(chosen, hit, strict=True) if not overlapping]


@dataclass(frozen=True)
class RetrievalQuery:
    """Which codings to retrieve: codes combined with ``mode``, narrowed by the filters.

    The filters mean what they mean in a ``Selection``: ``None`` is "all"; an attribute filter
    keeps the codings whose case (or source) has one of its values.
    """

    codes: tuple[int, ...] = ()
    mode: CombineMode = CombineMode.ANY
    sources: tuple[int, ...] | None = None
    cases: tuple[int, ...] | None = None
    coders: tuple[int, ...] | None = None
    attributes: tuple[AttributeFilter, ...] = field(default=())
    #: "Coded by A only / B only / both" (see ``CoderRun``).
    coder_run: CoderRun | None = None

    def selection(self) -> Selection:
        """The report selection of every coding that may take part (before combining)."""
        return Selection(
            codes=tuple(dict.fromkeys(self.codes)),
            sources=self.sources,
            cases=self.cases,
            coders=self.coders,
            attributes=self.attributes,
            coder_run=self.coder_run,
        )


@dataclass(frozen=True)
class RetrievedSegment:
    """One row of the retrieval list: a coding with its quote, citation and memo."""

    segment_id: int
    code_id: int
    source_id: int
    start: int  # the coded range as stored (code points), where the reader is taken
    end: int
    quote: str  # whole words, whitespace collapsed, as a report prints it
    citation: RichText
    code_path: str
    code_color: str
    source_title: str
    memo: str
    coder: str
    cases: tuple[str, ...]
    #: Some of the quote lies on a page read by OCR: its text may hold recognition errors.
    ocr: bool = False

    @property
    def citation_text(self) -> str:
        return plain(self.citation)


@dataclass(frozen=True)
class Retrieval:
    """What a query retrieved, in source order, and the report model's warnings."""

    query: RetrievalQuery
    rows: tuple[RetrievedSegment, ...]
    warnings: tuple[str, ...] = ()

    @property
    def segment_ids(self) -> tuple[int, ...]:
        return tuple(row.segment_id for row in self.rows)

    @property
    def source_count(self) -> int:
        return len({row.source_id for row in self.rows})


def retrieve(
    project: Project,
    query: RetrievalQuery,
    *,
    style: str = DEFAULT_STYLE,
    language: str = DEFAULT_LANGUAGE,
    progress: Progress | None = None,
) -> Retrieval:
    """The codings ``query`` asks for, each cited in ``style`` (report ``language``).

    Reads the project on the calling thread (a worker's, in the GUI) and raises ``Cancelled``
    when ``progress`` is cancelled.
    """
    if not query.codes:
        return Retrieval(query, ())
    from kutip.reports.model import ReportOptions, build_report

    report = build_report(
        project,
        query.selection(),
        ReportOptions(style=style, language=language, empty_codes=False),
        progress,
    )
    looks = {s.code.id: (s.path, s.code.color) for s in report.sections}
    quotes = combine(list(report.quotes), query.codes, query.mode)
    rank = {code_id: k for k, code_id in enumerate(dict.fromkeys(query.codes))}
    quotes.sort(key=lambda q: (q.source_id, q.start, q.end, rank.get(q.code_id, 0)))
    rows = tuple(
        RetrievedSegment(
            segment_id=q.segment_id,
            code_id=q.code_id,
            source_id=q.source_id,
            start=q.start,
            end=q.end,
            quote=q.text,
            citation=q.citation,
            code_path=looks[q.code_id][0],
            code_color=looks[q.code_id][1],
            source_title=q.source_title,
            memo=q.memo,
            coder=q.coder,
            cases=q.cases,
            ocr=q.ocr,
        )
        for q in quotes
    )
    return Retrieval(query, rows, report.warnings)


def export_selection(retrieval: Retrieval) -> Selection:
    """The report selection that exports exactly a retrieval's list.

    It names the listed codings (an AND or NOT list is no combination of filters), and keeps
    the query's filters with the codes and sources narrowed to those in the list, so that the
    tables have a row per listed code and a column per listed source, as the list shows them.
    """
    selection = retrieval.query.selection()
    listed_codes = {row.code_id for row in retrieval.rows}
    sources = tuple(dict.fromkeys(row.source_id for row in retrieval.rows))
    return replace(
        selection,
        codes=tuple(c for c in selection.codes or () if c in listed_codes),
        sources=sources,
        segments=frozenset(retrieval.segment_ids),
    )
