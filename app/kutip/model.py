"""The project's records as immutable values, as the store returns them, and the one rule for
what a source is to the researcher (``source_role``).

Positions are half-open ranges ``[start, end)`` of Unicode code points (Python ``str``
indices) into a source's canonical text: NFC, ``\\n`` line ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

#: The rules a PDF page's characters are read into text by (``kutip.ingest.pdf.pagetext``): a
#: source keeps the rules its text was read with, because its codings count in that text, and
#: everything that reads its pages again (the PDF view, the annotated-PDF export) reads them by
#: the same rules. 1: up to spacing accents; 2: a spacing accent drawn over a letter ("¨" over
#: "o", as TeX draws "ö") is composed with it. Re-reading a source moves it to ``TEXT_RULES``.
FIRST_TEXT_RULES = 1
TEXT_RULES = 2


class SourceKind(StrEnum):
    PDF = "pdf"
    TEXT = "text"


class SourceRole(StrEnum):
    """What a source is to the researcher: the literature, the case material, or neither."""

    LITERATURE = "literature"
    CASE = "case"
    OTHER = "other"


class AttributeType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    FLOAT = "float"
    BOOLEAN = "boolean"
    DATE = "date"


class AttributeScope(StrEnum):
    CASE = "case"
    SOURCE = "source"


@dataclass(frozen=True)
class Coder:
    id: int
    guid: str
    name: str
    color: str = ""


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    name: str
    mime: str
    size: int


@dataclass(frozen=True)
class Source:
    id: int
    guid: str
    kind: SourceKind
    title: str
    file_sha256: str | None
    language: str | None
    bib_key: str | None
    memo: str
    imported_at: str
    imported_by: int | None
    text_length: int
    flags: tuple[str, ...] = ()
    first_page: int | None = None
    #: The rules its text was read by (see ``TEXT_RULES``).
    text_rules: int = TEXT_RULES


@dataclass(frozen=True)
class Page:
    source_id: int
    index: int
    label: str
    start: int
    end: int
    #: Boxes (x0, y0, x1, y1) of the running heads, feet and folios left out of the page's text.
    furniture: tuple[tuple[float, float, float, float], ...] = ()


@dataclass(frozen=True)
class Turn:
    source_id: int
    start: int
    end: int
    speaker: str
    time_start: float | None = None
    time_end: float | None = None


@dataclass(frozen=True)
class Code:
    id: int
    guid: str
    parent_id: int | None
    name: str
    color: str
    position: int
    definition: str = ""
    when_to_use: str = ""
    when_not_to_use: str = ""
    example: str = ""
    memo: str = ""
    #: The four texts above in English; those above are the Indonesian (or the only) ones.
    definition_en: str = ""
    when_to_use_en: str = ""
    when_not_to_use_en: str = ""
    example_en: str = ""

    def text_in(self, name: str, language: str) -> str:
        """The text ``name`` ("definition", "when_to_use", "when_not_to_use", "example") in
        ``language`` ("en": the English field, else the Indonesian one), or in the other
        language when that one is empty."""
        indonesian, english = getattr(self, name), getattr(self, f"{name}_en")
        first, second = (english, indonesian) if language == "en" else (indonesian, english)
        return str(first or second)


@dataclass(frozen=True)
class Segment:
    id: int
    guid: str
    source_id: int
    start: int
    end: int
    code_id: int
    memo: str
    coder_id: int | None
    created: str


@dataclass(frozen=True)
class BibEntry:
    citekey: str
    entry_type: str
    title: str
    authors: tuple[str, ...]
    year: str
    doi: str
    fields: dict[str, str] = field(default_factory=dict, hash=False, compare=True)
    original: str = ""
    #: Made from what a PDF says about itself: to be checked, replaced by a bibliography's entry.
    from_pdf: bool = False
    #: Phrases of the title fields whose capitals every style keeps, by field
    #: (``{"title": ("TikTok",)}``): the braces of the BibTeX entry, or those typed in the
    #: reference editor. None: not recorded (a project older than the record), so they are
    #: read from ``original``.
    protected: dict[str, tuple[str, ...]] | None = field(default=None, hash=False, compare=True)


@dataclass(frozen=True)
class Case:
    id: int
    guid: str
    name: str
    description: str


@dataclass(frozen=True)
class CaseSource:
    case_id: int
    source_id: int
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Attribute:
    id: int
    guid: str
    name: str
    type: AttributeType
    scope: AttributeScope
    description: str


@dataclass(frozen=True)
class Memo:
    id: int
    guid: str
    title: str
    text: str
    created: str
    modified: str
    coder_id: int | None


def source_role(
    source: Source,
    *,
    referenced: bool,
    in_case: bool,
    has_turns: bool | Callable[[], bool],
) -> SourceRole:
    """The role of ``source``: the one rule the sources tree, the reports and the search share.

    The facts come from the caller, which reads them with the rest: ``referenced`` — the source
    is linked to a reference the project holds (a ``bib_key`` naming no entry does not count);
    ``in_case`` — the source, or a part of it, belongs to a case; ``has_turns`` — it has speaker
    turns (a transcript), or a function that says so, asked only when the rule needs to know.
    The first rule that applies decides:

    1. linked to a reference: **literature** (cited "(Jansen, 2017, p. 412)"), even when it is
       also part of a case or has turns — the reference says what the user cites it as;
    2. a transcript, or a source that belongs to a case: **case material** (an informant's words,
       cited by the case or the speaker and the time: "(Informan 3, 00:12:31)");
    3. a PDF: **literature** — an article or a book not yet linked to its reference (a report
       cites it by its title and says it lacks a reference; it is literature everywhere else);
    4. anything else (a text of field notes, a document not in a case): **other**.

    The sources tree groups sources by it (a source in a case also shows under its case), a
    report files a quote under "Literature" or "Informants" by it, and the search's ``kind:``
    field holds it (``kind:literature``, ``kind:transcript``, ``kind:other``).
    """
    if referenced:
        return SourceRole.LITERATURE
    if in_case or (has_turns() if callable(has_turns) else has_turns):
        return SourceRole.CASE
    if source.kind is SourceKind.PDF:
        return SourceRole.LITERATURE
    return SourceRole.OTHER
