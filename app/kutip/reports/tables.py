"""The report's tables, computed from its quotes: frequencies, the code × case matrix,
co-occurrence of codes, and the literature-versus-cases grid.

Every table is a ``CountTable`` of integers with row and column labels, so that each renderer
(DOCX, Markdown, HTML, XLSX) and each chart draws the same numbers. Definitions:

* **Frequencies**: per code, its segments, the distinct sources and the distinct cases they
  are in (a code's own segments, not its subcodes').
* **Per source / per case**: segments of each code in each source / case. A segment in a
  source shared by two cases counts for both.
* **Matrix**: the per-case counts, or (``presence``) whether the count is non-zero.
* **Co-occurrence, overlapping**: pairs of segments of two different codes whose ranges
  overlap in the same source (a segment coded twice, or codings that share a sentence).
* **Co-occurrence, same unit**: paragraphs or speaker turns holding a segment of each code;
  the diagonal counts the units holding the code at all. Units are a transcript's speaker
  turns, and elsewhere paragraphs (text between line breaks).
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from kutip.model import Code


@dataclass(frozen=True)
class CountTable:
    """Integers in rows (codes) and columns, with the labels to print them under.

    ``title`` and ``note`` are keys into the report's ``Labels``.
    """

    title: str
    note: str
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    values: tuple[tuple[int, ...], ...]
    presence: bool = False
    total_column: bool = False
    total_row: bool = False
    #: The codes' colours, for charts (one per row), when the rows are codes.
    row_colors: tuple[str, ...] = field(default=())

    def cell(self, row: int, column: int, yes: str = "✓") -> str:
        value = self.values[row][column]
        if self.presence:
            return yes if value else ""
        return str(value)

    def row_total(self, row: int) -> int:
        if self.presence:
            return sum(1 for value in self.values[row] if value)
        return sum(self.values[row])

    def column_total(self, column: int) -> int:
        if self.presence:
            return sum(1 for row in self.values if row[column])
        return sum(row[column] for row in self.values)

    def grid(self, corner: str, total: str, yes: str = "✓") -> list[list[str]]:
        """The table as text: a header row, then one row per code (and totals, if any)."""
        header = [corner, *self.column_labels] + ([total] if self.total_column else [])
        rows = [header]
        for r, label in enumerate(self.row_labels):
            cells = [self.cell(r, c, yes) for c in range(len(self.column_labels))]
            rows.append([label, *cells] + ([str(self.row_total(r))] if self.total_column else []))
        if self.total_row:
            sums = [str(self.column_total(c)) for c in range(len(self.column_labels))]
            grand = [str(sum(self.row_total(r) for r in range(len(self.row_labels))))]
            rows.append([total, *sums] + (grand if self.total_column else []))
        return rows

    def number_grid(self) -> list[list[int]]:
        """The values as they are shown (0/1 for a presence matrix), for spreadsheets."""
        if self.presence:
            return [[1 if value else 0 for value in row] for row in self.values]
        return [list(row) for row in self.values]


@dataclass(frozen=True)
class Coding:
    """What the tables need of one reported segment."""

    code_id: int
    source_id: int
    start: int
    end: int
    cases: tuple[int, ...]


def frequencies(
    codes: Sequence[Code], codings: Iterable[Coding], labels: Sequence[str]
) -> CountTable:
    """Per code: segments, sources, cases. ``labels`` names the columns: two of them leave the
    cases out (a report without cases)."""
    segments: dict[int, int] = defaultdict(int)
    sources: dict[int, set[int]] = defaultdict(set)
    cases: dict[int, set[int]] = defaultdict(set)
    for coding in codings:
        segments[coding.code_id] += 1
        sources[coding.code_id].add(coding.source_id)
        cases[coding.code_id].update(coding.cases)
    return CountTable(
        title="frequencies",
        note="",
        row_labels=tuple(c.name for c in codes),
        column_labels=tuple(labels),
        values=tuple(
            (segments[c.id], len(sources[c.id]), len(cases[c.id]))[: len(labels)] for c in codes
        ),
        row_colors=tuple(c.color for c in codes),
    )


def per_column(
    codes: Sequence[Code],
    codings: Iterable[Coding],
    columns: Sequence[tuple[int, str]],
    *,
    by_case: bool,
    title: str,
    note: str = "",
    presence: bool = False,
) -> CountTable:
    """Segments of each code per source (or per case): ``columns`` is (id, label) pairs."""
    index = {column_id: k for k, (column_id, _label) in enumerate(columns)}
    counts = {c.id: [0] * len(columns) for c in codes}
    for coding in codings:
        row = counts.get(coding.code_id)
        if row is None:
            continue
        for column_id in coding.cases if by_case else (coding.source_id,):
            k = index.get(column_id)
            if k is not None:
                row[k] += 1
    return CountTable(
        title=title,
        note=note,
        row_labels=tuple(c.name for c in codes),
        column_labels=tuple(label for _id, label in columns),
        values=tuple(tuple(counts[c.id]) for c in codes),
        presence=presence,
        total_column=True,
        total_row=not presence,
        row_colors=tuple(c.color for c in codes),
    )


def cooccurrence_overlap(codes: Sequence[Code], codings: Iterable[Coding]) -> CountTable:
    """Pairs of overlapping segments of two different codes, per pair of codes."""
    index = {c.id: k for k, c in enumerate(codes)}
    matrix = [[0] * len(codes) for _ in codes]
    by_source: dict[int, list[Coding]] = defaultdict(list)
    for coding in codings:
        if coding.code_id in index and coding.end > coding.start:
            by_source[coding.source_id].append(coding)
    for items in by_source.values():
        items.sort(key=lambda c: (c.start, c.end))
        active: list[Coding] = []
        for coding in items:
            active = [a for a in active if a.end > coding.start]
            for other in active:
                if other.code_id != coding.code_id:
                    i, j = index[other.code_id], index[coding.code_id]
                    matrix[i][j] += 1
                    matrix[j][i] += 1
            active.append(coding)
    return _square("cooccurrence_overlap", "cooccurrence_overlap_note", codes, matrix)


def cooccurrence_units(
    codes: Sequence[Code],
    codings: Iterable[Coding],
    units: Mapping[int, Sequence[tuple[int, int]]],
) -> CountTable:
    """Units (paragraphs, turns) holding segments of both codes; ``units`` per source, sorted."""
    index = {c.id: k for k, c in enumerate(codes)}
    matrix = [[0] * len(codes) for _ in codes]
    found: dict[tuple[int, int], set[int]] = defaultdict(set)
    starts = {source: [u[0] for u in spans] for source, spans in units.items()}
    for coding in codings:
        if coding.code_id not in index:
            continue
        spans = units.get(coding.source_id, ())
        first = max(bisect.bisect_right(starts.get(coding.source_id, []), coding.start) - 1, 0)
        end = max(coding.end, coding.start + 1)
        for k in range(first, len(spans)):
            unit_start, unit_end = spans[k]
            if unit_start >= end:
                break
            if unit_end > coding.start:
                found[coding.source_id, k].add(index[coding.code_id])
    for present in found.values():
        for i in present:
            matrix[i][i] += 1
        for i, j in itertools.combinations(sorted(present), 2):
            matrix[i][j] += 1
            matrix[j][i] += 1
    return _square("cooccurrence_unit", "cooccurrence_unit_note", codes, matrix)


def _square(title: str, note: str, codes: Sequence[Code], matrix: list[list[int]]) -> CountTable:
    names = tuple(c.name for c in codes)
    return CountTable(
        title=title,
        note=note,
        row_labels=names,
        column_labels=names,
        values=tuple(tuple(row) for row in matrix),
        row_colors=tuple(c.color for c in codes),
    )


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The ranges of text between line breaks (blank ones skipped)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start, end))
        start = end + 1
    return spans


def units_of(text: str, turns: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """A source's co-occurrence units: its turns, and paragraphs outside every turn."""
    if not turns:
        return paragraphs(text)
    ordered = sorted(turns)
    starts = [t[0] for t in ordered]
    units = list(ordered)
    for start, end in paragraphs(text):
        k = bisect.bisect_right(starts, start) - 1
        inside = k >= 0 and ordered[k][1] > start
        following = k + 1 < len(ordered) and ordered[k + 1][0] < end
        if not inside and not following:
            units.append((start, end))
    return sorted(units)
