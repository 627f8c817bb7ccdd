"""Which codings a report covers: codes, sources, cases, attribute values, coders.

A ``Selection`` holds ids (the GUI dialog and the CLI resolve names to ids with
``resolve_codes`` and friends), so that the filter is exact and survives renames. ``None``
means "all"; an empty tuple means "none". Every filter narrows the set: a segment is reported
when it passes all of them. ``segments`` names codings one by one, for a list that no filter
describes (a retrieval's AND or NOT list: ``kutip.reports.retrieval``).

Cases belong to segments through their sources: a source linked to a case as a whole puts all
its segments in that case; a link to a part ``[start, end)`` of a source (one informant's
turns in a group interview) puts the segments overlapping that part in the case.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from kutip.errors import NotFoundError
from kutip.i18n import _
from kutip.model import AttributeScope, CaseSource, Code, Segment
from kutip.project import Project


@dataclass(frozen=True)
class AttributeFilter:
    """Keep segments whose case (or source) has one of ``values`` for the attribute ``name``.

    Values are compared as the project stores them (``"true"``, ``"19"``, ``"Jawa Barat"``),
    ignoring case. With ``exclude`` the test is inverted: "informants outside Java" is
    ``AttributeFilter("provinsi", ("Jawa Barat", "Jawa Timur", ...), exclude=True)``. A case
    without a value for the attribute never matches a plain filter and always matches an
    excluding one.
    """

    name: str
    values: tuple[str, ...]
    scope: AttributeScope = AttributeScope.CASE
    exclude: bool = False

    def matches(self, value: str | None) -> bool:
        found = value is not None and value.casefold() in {v.casefold() for v in self.values}
        return found != self.exclude


class Run(StrEnum):
    """Which codings of two coders to keep: those of a code that only one of them has on the
    passage, or those both have (overlapping codings of the same code, one by each)."""

    A_ONLY = "a-only"
    B_ONLY = "b-only"
    BOTH = "both"


@dataclass(frozen=True)
class CoderRun:
    """ "Coded by A only / B only / both": coder ``a``'s and ``b``'s codings, as ``run`` says.

    A coding of A is shared when a coding of B with the same code overlaps it in the same
    source (and the other way round); codings of other coders are not kept."""

    a: int
    b: int
    run: Run

    def filter(self, segments: Sequence[Segment]) -> set[int]:
        """The ids of the ``segments`` the run keeps."""
        spans: dict[tuple[int, int, int | None], list[tuple[int, int]]] = {}
        for s in segments:
            if s.coder_id in (self.a, self.b):
                spans.setdefault((s.source_id, s.code_id, s.coder_id), []).append((s.start, s.end))
        ordered = {key: sorted(value) for key, value in spans.items()}
        kept: set[int] = set()
        for s in segments:
            if s.coder_id not in (self.a, self.b):
                continue
            other = self.b if s.coder_id == self.a else self.a
            shared = _overlaps(ordered.get((s.source_id, s.code_id, other), []), s.start, s.end)
            if self.run is Run.BOTH:
                keep = shared
            else:
                keep = not shared and s.coder_id == (self.a if self.run is Run.A_ONLY else self.b)
            if keep:
                kept.add(s.id)
        return kept


def _overlaps(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether any of the sorted ``spans`` shares a character with ``[start, end)``."""
    before = bisect.bisect_left(spans, (end, end))  # the spans starting before ``end``
    return any(other_end > start for _other_start, other_end in spans[:before])


@dataclass(frozen=True)
class Selection:
    """What to report; the default is everything."""

    codes: tuple[int, ...] | None = None
    sources: tuple[int, ...] | None = None
    cases: tuple[int, ...] | None = None
    coders: tuple[int, ...] | None = None
    attributes: tuple[AttributeFilter, ...] = field(default=())
    #: Only these codings (segment ids), if given; the other filters still apply.
    segments: frozenset[int] | None = None
    #: Only two coders' codings, those only one of them or both made (``CoderRun``).
    coder_run: CoderRun | None = None

    @property
    def is_everything(self) -> bool:
        return (
            self.codes is None
            and self.sources is None
            and self.cases is None
            and self.coders is None
            and not self.attributes
            and self.segments is None
            and self.coder_run is None
        )


def resolve_codes(
    project: Project, references: Iterable[str], *, with_subcodes: bool = True
) -> tuple[int, ...]:
    """Code ids for names, paths, GUIDs or ids (as ``--codes`` gives them), in codebook order.

    With ``with_subcodes`` a parent brings its subcodes, which is what a user naming a factor
    means. Raises ``NotFoundError`` naming the first unknown code.
    """
    codes = project.codes.all()
    wanted = {project.codes.find(reference).id for reference in references}
    if with_subcodes:
        grown = True
        while grown:
            children = {c.id for c in codes if c.parent_id in wanted} - wanted
            wanted |= children
            grown = bool(children)
    return tuple(c.id for c in codes if c.id in wanted)


def resolve_cases(project: Project, names: Iterable[str]) -> tuple[int, ...]:
    """Case ids for case names (ignoring case); ``NotFoundError`` for an unknown one."""
    ids: list[int] = []
    for name in names:
        case = project.cases.find(name)
        if case is None:
            raise NotFoundError(_("There is no case called {name}.").format(name=name))
        ids.append(case.id)
    return tuple(ids)


def resolve_coders(project: Project, names: Iterable[str]) -> tuple[int, ...]:
    """Coder ids for coder names (ignoring case); ``NotFoundError`` for an unknown one."""
    by_name = {coder.name.casefold(): coder.id for coder in project.coders.all()}
    ids: list[int] = []
    for name in names:
        if name.casefold() not in by_name:
            raise NotFoundError(_("There is no coder called {name}.").format(name=name))
        ids.append(by_name[name.casefold()])
    return tuple(ids)


@dataclass(frozen=True)
class Membership:
    """Which cases each source, or each part of a source, belongs to."""

    whole: Mapping[int, tuple[int, ...]]
    parts: Mapping[int, tuple[CaseSource, ...]]

    @classmethod
    def of(cls, links: Sequence[CaseSource]) -> Membership:
        whole: dict[int, list[int]] = {}
        parts: dict[int, list[CaseSource]] = {}
        for link in links:
            if link.start is None or link.end is None:
                whole.setdefault(link.source_id, []).append(link.case_id)
            else:
                parts.setdefault(link.source_id, []).append(link)
        return cls(
            {k: tuple(dict.fromkeys(v)) for k, v in whole.items()},
            {k: tuple(v) for k, v in parts.items()},
        )

    def cases_of(self, source_id: int, start: int, end: int) -> tuple[int, ...]:
        """The cases of the range ``[start, end)`` of a source, each once, in link order."""
        found = list(self.whole.get(source_id, ()))
        for link in self.parts.get(source_id, ()):
            assert link.start is not None and link.end is not None
            if link.start < max(end, start + 1) and start < link.end and link.case_id not in found:
                found.append(link.case_id)
        return tuple(found)

    def has_cases(self, source_id: int) -> bool:
        return source_id in self.whole or source_id in self.parts


def selected_codes(project: Project, selection: Selection) -> list[Code]:
    """The selection's codes in codebook order (all codes when it names none)."""
    codes = project.codes.all()
    if selection.codes is None:
        return codes
    wanted = set(selection.codes)
    return [c for c in codes if c.id in wanted]


def select_segments(
    project: Project, selection: Selection, membership: Membership
) -> list[tuple[Segment, tuple[int, ...]]]:
    """The selected segments in source order, each with the ids of the cases it belongs to."""
    code_ids = None if selection.codes is None else set(selection.codes)
    source_ids = None if selection.sources is None else set(selection.sources)
    coder_ids = None if selection.coders is None else set(selection.coders)
    case_ids = None if selection.cases is None else set(selection.cases)
    segment_ids = selection.segments
    case_values = _values(project, selection, AttributeScope.CASE)
    source_values = _values(project, selection, AttributeScope.SOURCE)
    case_filters = [f for f in selection.attributes if f.scope is AttributeScope.CASE]
    source_filters = [f for f in selection.attributes if f.scope is AttributeScope.SOURCE]
    chosen: list[tuple[Segment, tuple[int, ...]]] = []
    every = project.codings.all()
    in_run = selection.coder_run.filter(every) if selection.coder_run else None
    for segment in every:
        if segment_ids is not None and segment.id not in segment_ids:
            continue
        if in_run is not None and segment.id not in in_run:
            continue
        if code_ids is not None and segment.code_id not in code_ids:
            continue
        if source_ids is not None and segment.source_id not in source_ids:
            continue
        if coder_ids is not None and segment.coder_id not in coder_ids:
            continue
        cases = membership.cases_of(segment.source_id, segment.start, segment.end)
        if case_ids is not None and not case_ids.intersection(cases):
            continue
        values = source_values.get(segment.source_id, {})
        if not all(f.matches(values.get(f.name.casefold())) for f in source_filters):
            continue
        if case_filters and not any(
            all(f.matches(case_values.get(case, {}).get(f.name.casefold())) for f in case_filters)
            for case in cases
        ):
            continue
        chosen.append((segment, cases))
    return chosen


def _values(
    project: Project, selection: Selection, scope: AttributeScope
) -> dict[int, dict[str, str]]:
    """Attribute values (names folded) of every case or source, if a filter needs them."""
    if not any(f.scope is scope for f in selection.attributes):
        return {}
    owners = (
        [c.id for c in project.cases.all()]
        if scope is AttributeScope.CASE
        else [s.id for s in project.sources.all()]
    )
    found: dict[int, dict[str, str]] = {}
    for owner in owners:
        values = project.cases.attribute_values(owner, scope)
        found[owner] = {name.casefold(): value for name, value in values.items()}
    return found
