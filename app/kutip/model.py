"""The project's records as immutable values, as the store returns them.

Positions are half-open ranges ``[start, end)`` of Unicode code points (Python ``str``
indices) into a source's canonical text: NFC, ``\\n`` line ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class SourceKind(StrEnum):
    PDF = "pdf"
    TEXT = "text"


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


@dataclass(frozen=True)
class Page:
    source_id: int
    index: int
    label: str
    start: int
    end: int


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
