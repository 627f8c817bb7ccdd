"""Inter-coder agreement between two coders of one project, per code.

**Units** are the characters (code points) of every source in which both coders made at least
one coding (of any code). For each code, each unit is coded by coder A or not, and by coder B or
not — a binary, nominal judgement — which gives four counts (``CharCounts``): both, A only,
B only, neither. From them:

* the **percentage agreement**, (both + neither) / units;
* **Cohen's kappa**, (p_o − p_e) / (1 − p_e), with p_e from each coder's share of coded units;
  undefined (None) where p_e is 1: both coders coded every unit alike, the code nowhere (nobody
  used it) or everywhere;
* **Krippendorff's alpha** for two coders without missing values, nominal:
  1 − (n − 1)·(A only + B only) / (n₀·n₁), n = 2·units values, n₁ of them "coded", n₀ "not";
  undefined (None) where every value is the same (n₀·n₁ = 0), for the same two reasons.

The counts come from ranges, never character by character: the union of a coder's codings of a
code in a source, intersected with the other coder's. **Overall** pools the counts of the codes
reported (each unit once per code), and computes the same three measures on the pooled table.

The **segment level**, as MAXQDA reports it: a coding of A counts as matched when B coded an
overlapping passage of the same source with the same code whose shared part is at least the
threshold (default 50 %) of the two together (intersection over union); and likewise for B.
Segment agreement is (A's matched + B's matched) / (A's codings + B's codings).

A **disagreement** is a passage where the coders differ on a code: a maximal run of text covered
by overlapping codings of that code (of either coder) in which A's coded characters are not B's.
It lists both coders' codings in it, so that the window can show them side by side and one
coder's version can be accepted for the other (``kutip.services.agreement``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from kutip.errors import ValidationError
from kutip.i18n import _
from kutip.model import Coder, Segment
from kutip.project import Project
from kutip.reports.labels import Labels

Span = tuple[int, int]

#: The default segment overlap (intersection over union) for a coding to count as matched.
DEFAULT_THRESHOLD = 0.5


# -- ranges --------------------------------------------------------------------------------------


def union(spans: Iterable[Span]) -> list[Span]:
    """The ranges ``spans`` cover, merged (touching ranges joined), in order."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def covered(spans: Sequence[Span]) -> int:
    """Characters in merged ``spans``."""
    return sum(end - start for start, end in spans)


def overlap(a: Sequence[Span], b: Sequence[Span]) -> int:
    """Characters in both of two merged lists of ranges."""
    i = j = total = 0
    while i < len(a) and j < len(b):
        total += max(0, min(a[i][1], b[j][1]) - max(a[i][0], b[j][0]))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def jaccard(a: Span, b: Span) -> float:
    """The share of two ranges' extent that both cover (0 when they do not overlap)."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    if shared <= 0:
        return 0.0
    return shared / (max(a[1], b[1]) - min(a[0], b[0]))


def matched(spans: Sequence[Span], others: Sequence[Span], threshold: float) -> int:
    """How many of ``spans`` a range of ``others`` matches at ``threshold`` (see the module)."""
    ordered = sorted(others)
    starts = [start for start, _end in ordered]
    longest = max((end - start for start, end in ordered), default=0)
    count = 0
    for span in spans:
        # Only ranges that start before the span ends, and not too long before it starts.
        first = bisect_left(starts, span[0] - longest)
        last = bisect_left(starts, span[1])
        if any(jaccard(span, ordered[k]) >= threshold for k in range(first, last)):
            count += 1
    return count


# -- the measures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CharCounts:
    """How many units both coders, only A, only B, or neither coded with a code."""

    both: int = 0
    a_only: int = 0
    b_only: int = 0
    neither: int = 0

    def __add__(self, other: CharCounts) -> CharCounts:
        return CharCounts(
            self.both + other.both,
            self.a_only + other.a_only,
            self.b_only + other.b_only,
            self.neither + other.neither,
        )

    @property
    def units(self) -> int:
        return self.both + self.a_only + self.b_only + self.neither

    @property
    def a_chars(self) -> int:
        return self.both + self.a_only

    @property
    def b_chars(self) -> int:
        return self.both + self.b_only

    def agreement(self) -> float | None:
        """The share of units both coders judged alike; None without units."""
        if not self.units:
            return None
        return (self.both + self.neither) / self.units

    def kappa(self) -> float | None:
        """Cohen's kappa, computed exactly; None where chance agreement is 1."""
        n = self.units
        if not n:
            return None
        a1, b1 = self.a_chars, self.b_chars
        expected = Fraction(a1 * b1 + (n - a1) * (n - b1), n * n)
        if expected == 1:
            return None
        observed = Fraction(self.both + self.neither, n)
        return float((observed - expected) / (1 - expected))

    def alpha(self) -> float | None:
        """Krippendorff's alpha (two coders, nominal, no missing values), computed exactly;
        None where all values are the same."""
        values = 2 * self.units
        ones = 2 * self.both + self.a_only + self.b_only
        zeros = 2 * self.neither + self.a_only + self.b_only
        if not ones or not zeros:
            return None
        return float(1 - Fraction((values - 1) * (self.a_only + self.b_only), ones * zeros))


def char_counts(length: int, a: Iterable[Span], b: Iterable[Span]) -> CharCounts:
    """The counts of one code in one text of ``length`` characters."""
    a_union, b_union = union(a), union(b)
    both = overlap(a_union, b_union)
    a_chars, b_chars = covered(a_union), covered(b_union)
    return CharCounts(both, a_chars - both, b_chars - both, length - a_chars - b_chars + both)


@dataclass(frozen=True)
class SegmentCounts:
    """Each coder's codings, and how many of them the other coder's codings match."""

    a_segments: int = 0
    b_segments: int = 0
    a_matched: int = 0
    b_matched: int = 0

    def __add__(self, other: SegmentCounts) -> SegmentCounts:
        return SegmentCounts(
            self.a_segments + other.a_segments,
            self.b_segments + other.b_segments,
            self.a_matched + other.a_matched,
            self.b_matched + other.b_matched,
        )

    def agreement(self) -> float | None:
        total = self.a_segments + self.b_segments
        return (self.a_matched + self.b_matched) / total if total else None


# -- a project's agreement -----------------------------------------------------------------------


@dataclass(frozen=True)
class CodeAgreement:
    """The agreement on one code (or, for ``Agreement.overall``, on all codes pooled)."""

    code_id: int | None
    code: str
    color: str
    chars: CharCounts
    segments: SegmentCounts

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "agreement": _rounded(self.chars.agreement()),
            "kappa": _rounded(self.chars.kappa()),
            "alpha": _rounded(self.chars.alpha()),
            "units": self.chars.units,
            "a_chars": self.chars.a_chars,
            "b_chars": self.chars.b_chars,
            "both_chars": self.chars.both,
            "a_only_chars": self.chars.a_only,
            "b_only_chars": self.chars.b_only,
            "neither_chars": self.chars.neither,
            "a_segments": self.segments.a_segments,
            "b_segments": self.segments.b_segments,
            "a_matched": self.segments.a_matched,
            "b_matched": self.segments.b_matched,
            "segment_agreement": _rounded(self.segments.agreement()),
        }


@dataclass(frozen=True)
class Disagreement:
    """A passage where the coders differ on a code, with each coder's codings in it."""

    source_id: int
    code_id: int
    start: int
    end: int
    a: tuple[Segment, ...]
    b: tuple[Segment, ...]


@dataclass(frozen=True)
class Agreement:
    """Two coders' agreement on a project's codes, over the sources both coded."""

    coder_a: Coder
    coder_b: Coder
    #: The sources both coders coded in, whose characters are the units.
    source_ids: tuple[int, ...]
    units: int
    threshold: float
    codes: tuple[CodeAgreement, ...]
    overall: CodeAgreement
    disagreements: tuple[Disagreement, ...]

    def as_json(self, source_titles: dict[int, str]) -> dict[str, Any]:
        return {
            "coders": [self.coder_a.name, self.coder_b.name],
            "sources": [source_titles[s] for s in self.source_ids],
            "units": self.units,
            "threshold": self.threshold,
            "codes": [code.as_json() for code in self.codes],
            "overall": self.overall.as_json(),
            "disagreements": len(self.disagreements),
        }


def percent_text(value: float | None) -> str:
    """A share as a percentage to one decimal ("87.5 %"), or "—" where it is undefined."""
    return "—" if value is None else f"{value * 100:.1f} %"


def measure_text(value: float | None) -> str:
    """Kappa or alpha to three decimals, or "—" where it is undefined."""
    return "—" if value is None else f"{value:.3f}"


def table_rows(agreement: Agreement, labels: Labels) -> list[list[object]]:
    """The agreement as a table in the report's words: a header, a row per code, then all
    codes; shares and measures as numbers (None where undefined), counts as integers."""
    rows: list[list[object]] = [
        [
            labels["code"], labels["agreement"], labels["kappa"], labels["alpha"],
            agreement.coder_a.name, agreement.coder_b.name, labels["both_coders"],
            labels["segment_agreement"],
        ]
    ]  # fmt: skip
    for row in (*agreement.codes, agreement.overall):
        chars = row.chars
        rows.append(
            [
                row.code if row.code_id is not None else labels["all_codes"],
                chars.agreement(), chars.kappa(), chars.alpha(), chars.a_chars, chars.b_chars,
                chars.both, row.segments.agreement(),
            ]
        )  # fmt: skip
    return rows


def table_note(agreement: Agreement, labels: Labels) -> str:
    return labels["agreement_note"].format(
        a=agreement.coder_a.name,
        b=agreement.coder_b.name,
        units=agreement.units,
        sources=len(agreement.source_ids),
        overlap=f"{agreement.threshold:.0%}",
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def compute_agreement(
    project: Project,
    coder_a: Coder,
    coder_b: Coder,
    *,
    code_ids: Sequence[int] | None = None,
    source_ids: Sequence[int] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> Agreement:
    """The agreement of ``coder_a`` and ``coder_b`` on ``code_ids`` (all codes when None), over
    the sources among ``source_ids`` (all when None) in which both coded something."""
    if coder_a.id == coder_b.id:
        raise ValidationError(_("Agreement needs two different coders."))
    if not 0 < threshold <= 1:
        raise ValidationError(
            _("The overlap threshold must be above 0 % and at most 100 %; it is {value}.").format(
                value=f"{threshold:.0%}"
            )
        )
    codes = project.codes.all()
    if code_ids is not None:
        wanted = set(code_ids)
        codes = [c for c in codes if c.id in wanted]
    allowed = None if source_ids is None else set(source_ids)
    segments, spans, coded_in = _codings_by_coder(project, (coder_a.id, coder_b.id), allowed)
    shared = sorted(coded_in[coder_a.id] & coded_in[coder_b.id])
    lengths = {s.id: s.text_length for s in project.sources.all() if s.id in set(shared)}
    a_spans, b_spans = spans[coder_a.id], spans[coder_b.id]
    rows: list[CodeAgreement] = []
    disagreements: list[Disagreement] = []
    for code in codes:
        chars, counted = CharCounts(), SegmentCounts()
        for source_id in shared:
            key = (source_id, code.id)
            a, b = a_spans.get(key, []), b_spans.get(key, [])
            chars += char_counts(lengths[source_id], a, b)
            counted += SegmentCounts(
                len(a), len(b), matched(a, b, threshold), matched(b, a, threshold)
            )
            if a or b:
                disagreements += _disagreements(
                    source_id,
                    code.id,
                    segments[coder_a.id].get(key, []),
                    segments[coder_b.id].get(key, []),
                )
        rows.append(CodeAgreement(code.id, project.codes.path(code.id), code.color, chars, counted))
    overall = CodeAgreement(
        None,
        _("All codes"),
        "",
        sum((row.chars for row in rows), CharCounts()),
        sum((row.segments for row in rows), SegmentCounts()),
    )
    disagreements.sort(key=lambda d: (d.source_id, d.start, d.end, d.code_id))
    return Agreement(
        coder_a,
        coder_b,
        tuple(shared),
        sum(lengths.values()),
        threshold,
        tuple(rows),
        overall,
        tuple(disagreements),
    )


def _codings_by_coder(
    project: Project, coder_ids: tuple[int, int], allowed: set[int] | None
) -> tuple[
    dict[int, dict[tuple[int, int], list[Segment]]],
    dict[int, dict[tuple[int, int], list[Span]]],
    dict[int, set[int]],
]:
    """The two coders' codings in the ``allowed`` sources (all when None), by coder and then by
    (source, code): the codings themselves, their (start, end) spans, and the sources each coded
    something in."""
    segments: dict[int, dict[tuple[int, int], list[Segment]]] = {
        coder: defaultdict(list) for coder in coder_ids
    }
    spans: dict[int, dict[tuple[int, int], list[Span]]] = {
        coder: defaultdict(list) for coder in coder_ids
    }
    coded_in: dict[int, set[int]] = {coder: set() for coder in coder_ids}
    for segment in project.codings.all():
        coder = segment.coder_id
        if coder not in spans or (allowed is not None and segment.source_id not in allowed):
            continue
        coded_in[coder].add(segment.source_id)
        key = (segment.source_id, segment.code_id)
        spans[coder][key].append((segment.start, segment.end))
        segments[coder][key].append(segment)
    return segments, spans, coded_in


def _disagreements(
    source_id: int, code_id: int, a: Sequence[Segment], b: Sequence[Segment]
) -> list[Disagreement]:
    """The passages of one source where the coders differ on one code (see the module)."""
    tagged = sorted([(s.start, s.end, 0, s) for s in a] + [(s.start, s.end, 1, s) for s in b])
    found: list[Disagreement] = []
    group: list[tuple[int, int, int, Segment]] = []
    reach = -1
    for item in [*tagged, None]:
        if item is not None and group and item[0] < reach:
            group.append(item)
            reach = max(reach, item[1])
            continue
        if group:
            mine = [g[3] for g in group if g[2] == 0]
            theirs = [g[3] for g in group if g[2] == 1]
            if union((s.start, s.end) for s in mine) != union((s.start, s.end) for s in theirs):
                found.append(
                    Disagreement(source_id, code_id, group[0][0], reach, tuple(mine), tuple(theirs))
                )
        if item is not None:
            group, reach = [item], item[1]
    return found
