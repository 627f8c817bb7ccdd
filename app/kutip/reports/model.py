"""What a report holds, built from a project and a selection; renderers only lay it out.

``build_report`` reads everything through the ``Project`` facade once, and returns plain
frozen values: per code (in codebook order) its definition, counts and quotes (in source
order), each quote with its text, memo, coder and formatted citation; the tables; the cited
references, formatted. The renderers (DOCX, Markdown, HTML, CSV, XLSX) share it, so they all
print the same quotes, citations and numbers.

How a quote is cited depends on its source's role (``kutip.model.source_role``):

* a source linked to a reference is **literature**: a CSL citation with the printed page
  label(s) where the quote starts and ends as locator ("(Jansen, 2017, p. 412)");
* case material (a source that belongs to a case or has speaker turns) is an **informant's**
  words: the case (or the speaker) and the time code, or else the turn number, of the turn
  where the quote starts ("(Informan 3, 00:12:31)");
* any other source — a PDF not linked to its reference (literature all the same: the grid
  files it under "Literature"), or another document — is cited by its title (and page), and
  the user is told which sources lack a reference.

A quote whose characters lie on a page read by OCR (a scan) is marked ``ocr``: its text may
hold recognition errors, so every report says so after its citation, and counts such quotes.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from kutip.i18n import _
from kutip.model import (
    AttributeScope,
    BibEntry,
    Code,
    Page,
    Segment,
    Source,
    SourceKind,
    SourceRole,
    Turn,
    source_role,
)
from kutip.progress import Cancelled, NoProgress, Progress
from kutip.project import Project
from kutip.reports.agreement import Agreement, compute_agreement
from kutip.reports.citations import DEFAULT_STYLE, CitationFormatter, author_year
from kutip.reports.labels import Labels
from kutip.reports.quotes import clean_quote, whole_words
from kutip.reports.richtext import RichText, Span, rich
from kutip.reports.selection import Membership, Selection, select_segments, selected_codes
from kutip.reports.tables import (
    Coding,
    CountTable,
    cooccurrence_overlap,
    cooccurrence_units,
    frequencies,
    per_column,
    units_of,
)


class QuoteKind(StrEnum):
    """How a quote is cited."""

    LITERATURE = "literature"  # the source is linked to a reference: a CSL citation
    INFORMANT = "informant"  # case material: by the case or speaker, and the time or turn
    UNREFERENCED = "unreferenced"  # neither: cited by its title


@dataclass(frozen=True)
class Quote:
    """One coded segment as the report prints it."""

    segment_id: int
    code_id: int
    source_id: int
    source_title: str
    start: int  # the coded range, as stored
    end: int
    text: str  # whole words, de-hyphenated, whitespace collapsed
    memo: str
    coder: str
    created: str
    kind: QuoteKind
    role: SourceRole  # what the quote's source is: literature, case material or other
    citekey: str | None
    locator: str  # printed page(s): "412", "412–413", "iv"; "" without pages
    cases: tuple[str, ...]
    speaker: str
    time: str  # "00:12:31" where the turn has a time code
    turn: int | None  # 1-based number of the turn where the quote starts
    citation: RichText
    #: Some of its characters lie on a page read by OCR: to be checked against the page.
    ocr: bool = False


@dataclass(frozen=True)
class CodeSection:
    code: Code
    path: str
    depth: int
    segments: int
    sources: int
    cases: int
    quotes: tuple[Quote, ...]

    @property
    def ocr_quotes(self) -> int:
        """How many of its quotes come from pages read by OCR."""
        return sum(quote.ocr for quote in self.quotes)


@dataclass(frozen=True)
class GridRow:
    """One code of the literature-versus-cases grid."""

    code: Code
    literature: tuple[Quote, ...]
    informants: tuple[Quote, ...]


@dataclass(frozen=True)
class Tables:
    frequencies: CountTable
    per_source: CountTable
    per_case: CountTable
    matrix: CountTable
    cooccurrence_overlap: CountTable
    cooccurrence_unit: CountTable
    grid: tuple[GridRow, ...]

    @property
    def has_cases(self) -> bool:
        """Whether the report has cases (the project has some and the selection admits one):
        without, the code × case tables and every count of cases are left out."""
        return bool(self.per_case.column_labels)

    def count_tables(self) -> list[CountTable]:
        """The count tables in the order reports print them."""
        by_case = [self.per_case, self.matrix] if self.has_cases else []
        return [
            self.frequencies,
            self.per_source,
            *by_case,
            self.cooccurrence_overlap,
            self.cooccurrence_unit,
        ]


@dataclass(frozen=True)
class Reference:
    citekey: str
    text: RichText


@dataclass(frozen=True)
class Report:
    project_name: str
    style: str
    labels: Labels
    selection: Selection
    sections: tuple[CodeSection, ...]
    tables: Tables
    references: tuple[Reference, ...]
    #: The references cited, in first-citation order (for the Markdown export's .bib).
    cited: tuple[BibEntry, ...]
    #: The language of each cited reference's source, where known (citekey → "id", "en").
    languages: Mapping[str, str] = field(default_factory=dict)
    #: Translated messages for the user (not part of the report).
    warnings: tuple[str, ...] = field(default=())
    #: Two coders' agreement on the report's codes, when asked for (``ReportOptions``).
    agreement: Agreement | None = None

    @property
    def quotes(self) -> Iterator[Quote]:
        for section in self.sections:
            yield from section.quotes

    @property
    def quote_count(self) -> int:
        return sum(len(section.quotes) for section in self.sections)

    @property
    def ocr_quote_count(self) -> int:
        """How many quotes come from pages read by OCR."""
        return sum(section.ocr_quotes for section in self.sections)

    def counts_line(self, section: CodeSection) -> str:
        """A code's counts: "Segments: 3 · Sources: 2 · Cases: 1 · From OCR pages: 1" (cases
        only when the report has any, quotes from OCR pages only when there are some)."""
        counts = [(self.labels["segments"], section.segments)]
        counts.append((self.labels["sources"], section.sources))
        if self.tables.has_cases:
            counts.append((self.labels["cases"], section.cases))
        if section.ocr_quotes:
            counts.append((self.labels["ocr_quotes"], section.ocr_quotes))
        return " · ".join(f"{label}: {count}" for label, count in counts)

    def ocr_summary(self) -> str:
        """ "2 of 12 quotes come from pages read by OCR …", or "" when none does."""
        if not self.ocr_quote_count:
            return ""
        return self.labels["ocr_summary"].format(n=self.ocr_quote_count, total=self.quote_count)

    def ocr_note(self, quote: Quote) -> str:
        """The note after a quote's citation when its text was read by OCR, else ""."""
        return self.labels["ocr_note"] if quote.ocr else ""

    def beginning(self, quotes: int) -> Report:
        """The report up to its first ``quotes`` quotes, for a preview.

        The sections after the last quote kept are left out, and the grid keeps only the quotes
        kept; the counts, tables and references remain those of the whole report.
        """
        if self.quote_count <= quotes:
            return self
        sections: list[CodeSection] = []
        kept: set[int] = set()
        for section in self.sections:
            room = quotes - len(kept)
            if room <= 0:
                break
            shown = section.quotes[:room]
            kept.update(quote.segment_id for quote in shown)
            sections.append(replace(section, quotes=shown))
        grid = tuple(
            GridRow(
                row.code,
                tuple(q for q in row.literature if q.segment_id in kept),
                tuple(q for q in row.informants if q.segment_id in kept),
            )
            for row in self.tables.grid
        )
        shown_grid = tuple(row for row in grid if row.literature or row.informants)
        return replace(self, sections=tuple(sections), tables=replace(self.tables, grid=shown_grid))


# --------------------------------------------------------------------------------------------
# Where a position is: page, turn


@dataclass
class _SourceFacts:
    source: Source
    text: str
    pages: list[Page]
    page_starts: list[int]
    turns: list[Turn]
    turn_starts: list[int]
    citekey: str | None
    kind: QuoteKind
    role: SourceRole
    #: Indices of the pages whose text OCR read.
    ocr_pages: frozenset[int] = frozenset()


def _page_index(facts: _SourceFacts, position: int, *, at_end: bool) -> int | None:
    if not facts.pages:
        return None
    k = max(bisect.bisect_right(facts.page_starts, position) - 1, 0)
    page = facts.pages[k]
    # Between two pages (the blank line joining them): a start belongs to the next page, an
    # end to the page before.
    if position >= page.end and not at_end and k + 1 < len(facts.pages):
        k += 1
    return k


def locator(facts: _SourceFacts, start: int, end: int) -> str:
    """The printed page label(s) of ``[start, end)``: "412" or "412–413"; "" without pages."""
    first = _page_index(facts, start, at_end=False)
    last = _page_index(facts, max(start, end - 1), at_end=True)
    if first is None or last is None:
        return ""
    a, b = facts.pages[first].label, facts.pages[max(first, last)].label
    return a if a == b else f"{a}–{b}"


def on_ocr_page(facts: _SourceFacts, start: int, end: int) -> bool:
    """Whether some of ``[start, end)`` lies on a page whose text OCR read."""
    if not facts.ocr_pages:
        return False
    first = _page_index(facts, start, at_end=False)
    last = _page_index(facts, max(start, end - 1), at_end=True)
    if first is None or last is None:
        return False
    return any(facts.pages[k].index in facts.ocr_pages for k in range(first, max(first, last) + 1))


def _turn_index(facts: _SourceFacts, start: int, end: int) -> int | None:
    if not facts.turns:
        return None
    k = bisect.bisect_right(facts.turn_starts, start) - 1
    if k >= 0 and start < facts.turns[k].end:
        return k
    if k + 1 < len(facts.turns) and facts.turns[k + 1].start < end:
        return k + 1
    return None


def time_code(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Whole words, without the whitespace a selection may have caught at its edges."""
    start, end = whole_words(text, start, end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --------------------------------------------------------------------------------------------
# Building


@dataclass(frozen=True)
class ReportOptions:
    """How a report is written (what it covers is the ``Selection``)."""

    style: str = DEFAULT_STYLE
    language: str = "en"
    #: The code × case matrix shows counts ("counts") or ✓ for non-zero ("presence").
    matrix: str = "counts"
    #: Sections for selected codes that have no segment in the selection.
    empty_codes: bool = True
    #: Two coders (ids) whose agreement on the selected codes and sources the report shows.
    agreement: tuple[int, int] | None = None


class _Checker:
    """Reports progress every so often and stops the work when the user cancels."""

    def __init__(self, progress: Progress, total: int, message: str) -> None:
        self.progress, self.total, self.message = progress, total, message

    def step(self, done: int) -> None:
        if done % 250 == 0:
            if self.progress.cancelled:
                raise Cancelled
            self.progress.report(done, self.total, self.message)


def build_report(
    project: Project,
    selection: Selection | None = None,
    options: ReportOptions | None = None,
    progress: Progress | None = None,
) -> Report:
    """Everything a report shows, read from ``project`` for ``selection``."""
    selection = selection or Selection()
    options = options or ReportOptions()
    progress = progress or NoProgress()
    labels = Labels(options.language)
    warnings: list[str] = []

    codes = selected_codes(project, selection)
    membership = Membership.of(project.cases.links())
    chosen = select_segments(project, selection, membership)
    case_names = {case.id: case.name for case in project.cases.all()}
    coder_names = {coder.id: coder.name for coder in project.coders.all()}
    entries = {entry.citekey: entry for entry in project.references.all()}
    facts = _source_facts(project, {s.source_id for s, _c in chosen}, membership, entries)

    placed = _placed(chosen, facts, progress)
    order = _citation_order(placed, codes, facts)

    languages: dict[str, str] = {
        f.citekey: f.source.language for f in facts.values() if f.citekey and f.source.language
    }
    formatter = CitationFormatter(entries, options.style, labels, languages)
    formatter.prepare(order)
    for f in facts.values():
        if f.kind is QuoteKind.UNREFERENCED:
            warnings.append(
                _(
                    "“{title}” is not linked to a reference; its quotes are cited by its title."
                ).format(title=f.source.title)
            )

    checker = _Checker(progress, len(placed), _("Formatting the citations"))
    quotes: list[Quote] = []
    for done, (segment, cases, start, end, where) in enumerate(placed):
        checker.step(done)
        quotes.append(
            _quote(facts[segment.source_id], segment, cases, start, end, where,
                   case_names, coder_names, formatter, labels)
        )  # fmt: skip
    warnings.extend(formatter.warnings)

    sections = _sections(project, codes, quotes, chosen, options)
    codings = [
        Coding(segment.code_id, segment.source_id, segment.start, segment.end, cases)
        for segment, cases in chosen
    ]
    tables = _tables(project, selection, codes, codings, quotes, facts, entries, labels, options)
    references = tuple(Reference(key, text) for key, text in formatter.references())
    cited = tuple(entries[key] for key in dict.fromkeys(order) if key in entries)
    return Report(
        project_name=project.name,
        style=options.style,
        labels=labels,
        selection=selection,
        sections=sections,
        tables=tables,
        references=references,
        cited=cited,
        languages=languages,
        warnings=tuple(dict.fromkeys(warnings)),
        agreement=_agreement(project, selection, options, codes),
    )


#: A chosen coding placed in its source: the segment, its cases, the trimmed start and end,
#: and the locator its citation gives (a page, a time, a paragraph).
_Placed = tuple[Segment, tuple[int, ...], int, int, str]


def _placed(
    chosen: Sequence[tuple[Segment, tuple[int, ...]]],
    facts: Mapping[int, _SourceFacts],
    progress: Progress,
) -> list[_Placed]:
    checker = _Checker(progress, len(chosen), _("Reading the codings"))
    placed: list[_Placed] = []
    for done, (segment, cases) in enumerate(chosen):
        checker.step(done)
        source = facts[segment.source_id]
        start, end = _trimmed(source.text, segment.start, segment.end)
        placed.append((segment, cases, start, end, locator(source, start, end)))
    return placed


def _citation_order(
    placed: Sequence[_Placed], codes: Sequence[Code], facts: Mapping[int, _SourceFacts]
) -> list[str]:
    """References in the order the report first cites them (numeric styles number them so):
    sections in codebook order, quotes in source order within each."""
    rank = {code.id: k for k, code in enumerate(codes)}
    return [
        key
        for segment, *_rest in sorted(placed, key=lambda p: rank.get(p[0].code_id, len(rank)))
        if (key := facts[segment.source_id].citekey) is not None
    ]


def _agreement(
    project: Project, selection: Selection, options: ReportOptions, codes: Sequence[Code]
) -> Agreement | None:
    """The two coders' agreement the options ask for, on the report's codes and sources."""
    if options.agreement is None:
        return None
    first, second = (project.coders.get(coder) for coder in options.agreement)
    return compute_agreement(
        project,
        first,
        second,
        code_ids=[code.id for code in codes],
        source_ids=selection.sources,
    )


def _source_facts(
    project: Project,
    source_ids: set[int],
    membership: Membership,
    entries: Mapping[str, BibEntry],
) -> dict[int, _SourceFacts]:
    found: dict[int, _SourceFacts] = {}
    for source in project.sources.all():
        if source.id not in source_ids:
            continue
        pages = project.sources.pages(source.id) if source.kind is SourceKind.PDF else []
        turns = project.sources.turns(source.id)
        citekey = source.bib_key if source.bib_key in entries else None
        role = source_role(
            source,
            referenced=citekey is not None,
            in_case=membership.has_cases(source.id),
            has_turns=bool(turns),
        )
        if citekey is not None:
            kind = QuoteKind.LITERATURE
        elif role is SourceRole.CASE:
            kind = QuoteKind.INFORMANT
        else:  # a PDF without its reference, or another document
            kind = QuoteKind.UNREFERENCED
        found[source.id] = _SourceFacts(
            source=source,
            text=project.sources.text(source.id),
            pages=pages,
            page_starts=[p.start for p in pages],
            turns=turns,
            turn_starts=[t.start for t in turns],
            citekey=citekey,
            kind=kind,
            role=role,
            ocr_pages=project.sources.ocr_pages(source.id) if pages else frozenset(),
        )
    return found


def _quote(
    facts: _SourceFacts,
    segment: Segment,
    cases: tuple[int, ...],
    start: int,
    end: int,
    where: str,
    case_names: Mapping[int, str],
    coder_names: Mapping[int, str],
    formatter: CitationFormatter,
    labels: Labels,
) -> Quote:
    turn_index = _turn_index(facts, start, end)
    turn = facts.turns[turn_index] if turn_index is not None else None
    names = tuple(case_names[c] for c in cases if c in case_names)
    speaker = turn.speaker if turn is not None else ""
    time = time_code(turn.time_start) if turn is not None and turn.time_start is not None else ""
    if facts.kind is QuoteKind.LITERATURE:
        assert facts.citekey is not None
        citation = formatter.cite(facts.citekey, where)
    elif facts.kind is QuoteKind.INFORMANT:
        who = names[0] if len(names) == 1 else speaker or " & ".join(names) or facts.source.title
        if time:
            at = time
        elif turn_index is not None:
            at = f"{labels['turn']} {turn_index + 1}"
        else:
            at = labels.page_locator(where)
        citation = rich(f"({who}{', ' + at if at else ''})")
    else:
        page = labels.page_locator(where)
        after = f", {page})" if page else ")"
        citation = rich("(", Span(facts.source.title, italic=True), after)
    return Quote(
        segment_id=segment.id,
        code_id=segment.code_id,
        source_id=segment.source_id,
        source_title=facts.source.title,
        start=segment.start,
        end=segment.end,
        text=clean_quote(facts.text[start:end]),
        memo=segment.memo,
        coder=coder_names.get(segment.coder_id, "") if segment.coder_id is not None else "",
        created=segment.created,
        kind=facts.kind,
        role=facts.role,
        citekey=facts.citekey,
        locator=where,
        cases=names,
        speaker=speaker,
        time=time,
        turn=turn_index + 1 if turn_index is not None else None,
        citation=citation,
        ocr=on_ocr_page(facts, start, end),
    )


def _sections(
    project: Project,
    codes: Sequence[Code],
    quotes: Sequence[Quote],
    chosen: Sequence[tuple[Segment, tuple[int, ...]]],
    options: ReportOptions,
) -> tuple[CodeSection, ...]:
    by_code: dict[int, list[Quote]] = {}
    cases_by_code: dict[int, set[int]] = {}
    for quote, (_segment, cases) in zip(quotes, chosen, strict=True):
        by_code.setdefault(quote.code_id, []).append(quote)
        cases_by_code.setdefault(quote.code_id, set()).update(cases)
    parents = {code.id: code.parent_id for code in project.codes.all()}
    names = {code.id: code.name for code in project.codes.all()}
    sections: list[CodeSection] = []
    for code in codes:
        own = by_code.get(code.id, [])
        if not own and not options.empty_codes:
            continue
        path, depth, current = [code.name], 0, code.parent_id
        while current is not None:
            path.append(names[current])
            depth += 1
            current = parents.get(current)
        sections.append(
            CodeSection(
                code=code,
                path="/".join(reversed(path)),
                depth=depth,
                segments=len(own),
                sources=len({q.source_id for q in own}),
                cases=len(cases_by_code.get(code.id, ())),
                quotes=tuple(own),
            )
        )
    return tuple(sections)


def _tables(
    project: Project,
    selection: Selection,
    codes: Sequence[Code],
    codings: Sequence[Coding],
    quotes: Sequence[Quote],
    facts: Mapping[int, _SourceFacts],
    entries: Mapping[str, BibEntry],
    labels: Labels,
    options: ReportOptions,
) -> Tables:
    source_columns = _source_columns(facts, entries, labels)
    case_columns = _case_columns(project, selection)
    units = {
        source_id: units_of(f.text, [(t.start, t.end) for t in f.turns])
        for source_id, f in facts.items()
    }
    grid: list[GridRow] = []
    by_code: dict[int, list[Quote]] = {}
    for quote in quotes:
        by_code.setdefault(quote.code_id, []).append(quote)
    for code in codes:
        own = by_code.get(code.id, [])
        if own:
            grid.append(
                GridRow(
                    code,
                    tuple(q for q in own if q.role is not SourceRole.CASE),
                    tuple(q for q in own if q.role is SourceRole.CASE),
                )
            )
    return Tables(
        frequencies=frequencies(
            codes,
            codings,
            [labels["segments"], labels["sources"], *([labels["cases"]] if case_columns else [])],
        ),
        per_source=per_column(codes, codings, source_columns, by_case=False, title="per_source"),
        per_case=per_column(codes, codings, case_columns, by_case=True, title="per_case"),
        matrix=per_column(
            codes,
            codings,
            case_columns,
            by_case=True,
            title="matrix",
            note="matrix_presence_note" if options.matrix == "presence" else "matrix_counts_note",
            presence=options.matrix == "presence",
        ),
        cooccurrence_overlap=cooccurrence_overlap(codes, codings),
        cooccurrence_unit=cooccurrence_units(codes, codings, units),
        grid=tuple(grid),
    )


def _source_columns(
    facts: Mapping[int, _SourceFacts], entries: Mapping[str, BibEntry], labels: Labels
) -> list[tuple[int, str]]:
    """Sources with a reported segment, labelled "Jansen (2017)" or by their title."""
    columns: list[tuple[int, str]] = []
    for source_id in sorted(facts):
        f = facts[source_id]
        if f.citekey is not None:
            columns.append((source_id, author_year(entries[f.citekey], labels)))
        else:
            title = f.source.title
            columns.append((source_id, title if len(title) <= 40 else title[:39] + "…"))
    seen: dict[str, int] = {}
    for label in (label for _id, label in columns):
        seen[label] = seen.get(label, 0) + 1
    return [
        (source_id, label if seen[label] == 1 else f"{label} [{_key(facts[source_id])}]")
        for source_id, label in columns
    ]


def _key(facts: _SourceFacts) -> str:
    return facts.citekey or str(facts.source.id)


def _case_columns(project: Project, selection: Selection) -> list[tuple[int, str]]:
    """The cases the selection admits (all, or those named, and matching its attributes)."""
    filters = [f for f in selection.attributes if f.scope is AttributeScope.CASE]
    columns: list[tuple[int, str]] = []
    for case in project.cases.all():
        if selection.cases is not None and case.id not in selection.cases:
            continue
        if filters:
            values = {
                name.casefold(): value
                for name, value in project.cases.attribute_values(
                    case.id, AttributeScope.CASE
                ).items()
            }
            if not all(f.matches(values.get(f.name.casefold())) for f in filters):
                continue
        columns.append((case.id, case.name))
    return columns
