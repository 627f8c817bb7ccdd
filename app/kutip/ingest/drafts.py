"""What a reader makes of one file: a source draft, not yet in the project.

Readers (one module per kind of file) turn bytes into a ``SourceDraft`` whose text is the
canonical text every stored offset counts in: NFC, ``\\n`` line ends, code points.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kutip.errors import FailureReason, ImportFailedError
from kutip.model import TEXT_RULES, SourceKind

if TYPE_CHECKING:
    from kutip.ingest.pdf.ocr import PageOcr
    from kutip.progress import Progress

#: Flags a reader may set on a draft; stored with the source and shown to the user.
FLAG_NO_TEXT_LAYER = "no-text-layer"
#: The text of some pages was read by OCR (from pictures of text): quotes may hold misreadings.
FLAG_OCR = "ocr"


@dataclass(frozen=True)
class PageDraft:
    index: int
    label: str
    start: int
    end: int
    #: Boxes of the running heads, feet and folios left out of the page's text.
    furniture: tuple[tuple[float, float, float, float], ...] = ()


@dataclass(frozen=True)
class TurnDraft:
    start: int
    end: int
    speaker: str
    time_start: float | None = None
    time_end: float | None = None


@dataclass(frozen=True)
class AnnotationDraft:
    """A highlight or underline found in a file, as a range of the canonical text."""

    start: int
    end: int
    color: str  # "#rrggbb"
    note: str = ""
    kind: str = "highlight"


@dataclass(frozen=True)
class DocumentMetadata:
    """Bibliographic facts found in a file, used to match it to a reference."""

    title: str = ""
    authors: tuple[str, ...] = ()
    year: str = ""
    doi: str = ""
    container: str = ""  # the journal (or book, proceedings) it was published in
    volume: str = ""
    issue: str = ""
    pages: str = ""  # "245–260"
    publisher: str = ""


@dataclass(frozen=True)
class ReadOptions:
    password: str | None = None
    with_annotations: bool = False
    #: Reads scanned pages by OCR (``kutip.services.ocr.PageReader``); None: they stay empty.
    ocr: PageOcr | None = None
    #: Pages to read by OCR whatever text they have (their text layer is garbage).
    ocr_pages: frozenset[int] = frozenset()
    #: Told of each page read, and asked between pages whether to stop (``Cancelled``): a
    #: re-read of a long PDF follows it; an import, which reports per file, gives none.
    progress: Progress | None = None


@dataclass(frozen=True)
class SourceDraft:
    title: str
    text: str
    kind: SourceKind
    file_name: str
    mime: str
    data: bytes
    language: str | None = None
    pages: tuple[PageDraft, ...] = field(default=())
    turns: tuple[TurnDraft, ...] = field(default=())
    annotations: tuple[AnnotationDraft, ...] = field(default=())
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)
    flags: tuple[str, ...] = field(default=())
    bib_key: str | None = None
    #: What the user should know about a file that was read all the same (translated, each
    #: naming the file): the importer reports them with the other problems.
    problems: tuple[str, ...] = field(default=())
    #: The languages OCR read pages in ("ind+eng"), and each page's OCR layer by page index
    #: (``kutip.ingest.pdf.ocr``): the pages whose text came from OCR.
    ocr_language: str = ""
    ocr_layers: tuple[tuple[int, bytes], ...] = field(default=())
    #: The rules its text was read by (``kutip.model.TEXT_RULES``).
    text_rules: int = TEXT_RULES

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


class PasswordRequiredError(ImportFailedError):
    """The file is encrypted: the GUI asks for a password, the CLI takes ``--password``."""

    reason = FailureReason.NEEDS_PASSWORD
