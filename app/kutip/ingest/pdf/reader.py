"""PDF sources: canonical text per page, printed page labels, bibliographic facts, highlights.

The text of each page comes from ``pagetext`` — the module the PDF view calls again to map
selections and highlights — or, for a scanned page, from what OCR read on it (``ocr``, run by
the ``ReadOptions.ocr`` the import service passes in, outside the MuPDF lock), without the
page's furniture (running heads, feet and folios, found
over all pages by ``furniture``), and pages are joined as ``pagetext.page_join`` says, each
page's range and furniture recorded, so a coding can be cited by its printed page. Printed pages
matter more than physical ones (an article's p. 245 is its first physical page), hence the
order: the PDF's own page labels, else the folios found in the heads or feet, else the physical
number. What the file says about itself (title, authors, DOI, journal…) is read by ``metadata``.
The text is read by the current text rules (``kutip.model.TEXT_RULES``), recorded in the draft.

Every problem with the file becomes an ``ImportFailedError`` naming it: PyMuPDF's exceptions
never reach the user, and MuPDF's messages on stderr are silenced (and logged) while we read.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pymupdf

from kutip.errors import FailureReason, ImportFailedError
from kutip.i18n import _
from kutip.ingest.drafts import (
    FLAG_NO_TEXT_LAYER,
    FLAG_OCR,
    AnnotationDraft,
    PageDraft,
    PasswordRequiredError,
    ReadOptions,
    SourceDraft,
)
from kutip.ingest.language import detect_language
from kutip.ingest.pdf.furniture import Line, PageLines, find_furniture
from kutip.ingest.pdf.metadata import document_metadata
from kutip.ingest.pdf.ocr import OcrRead, layer_layout, needs_ocr
from kutip.ingest.pdf.pagetext import (
    PARAGRAPH_BREAK,
    Box,
    PageLayout,
    PageText,
    page_join,
    page_layout,
)
from kutip.ingest.pdf.tessdata import OcrUnavailableError
from kutip.model import TEXT_RULES, SourceKind
from kutip.progress import Cancelled, NoProgress, Progress

log = logging.getLogger(__name__)

#: MuPDF is not thread-safe: every use of PyMuPDF in Kutip (import, page rendering, export,
#: the demo's typesetting) holds this lock, whichever thread it runs on.
MUPDF_LOCK = threading.RLock()

MIME = "application/pdf"
#: MuPDF had to repair the file (a broken cross-reference table, a truncated download): the
#: text may be incomplete. Belongs beside FLAG_NO_TEXT_LAYER in drafts.py.
FLAG_REPAIRED = "repaired"
PAGE_SEPARATOR = PARAGRAPH_BREAK

# PyMuPDF's type stubs lack its annotation-type constants (they exist at run time).
_ANNOTATION_KINDS = {
    pymupdf.PDF_ANNOT_HIGHLIGHT: "highlight",  # type: ignore[attr-defined]
    pymupdf.PDF_ANNOT_UNDERLINE: "underline",  # type: ignore[attr-defined]
    pymupdf.PDF_ANNOT_SQUIGGLY: "squiggly",  # type: ignore[attr-defined]
    pymupdf.PDF_ANNOT_STRIKE_OUT: "strikeout",  # type: ignore[attr-defined]
}
_DEFAULT_HIGHLIGHT = "#ffff00"

#: MuPDF's exceptions: FileDataError and the other RuntimeErrors, and the C++ bindings' own.
_MUPDF_ERRORS = (RuntimeError, pymupdf.mupdf.FzErrorBase)


class WrongPasswordError(PasswordRequiredError):
    """A password was given and it does not open the file: ask again."""

    reason = FailureReason.WRONG_PASSWORD


@dataclass(frozen=True)
class _Page:
    text: PageText  # without the page's furniture
    height: float
    annotations: tuple[AnnotationDraft, ...]  # offsets into this page's text
    furniture: tuple[Box, ...] = ()  # boxes of the running heads, feet and folios left out
    #: MuPDF could not read the page whole: it failed, or warned and found no text.
    damaged: bool = False


def read_pdf(path: Path, data: bytes, options: ReadOptions) -> SourceDraft:
    """Read a PDF file into a source draft, or raise ``ImportFailedError`` naming it and why."""
    name = path.name
    if b"%PDF-" not in data[:1024]:
        raise ImportFailedError(
            _("{name}: this is not a PDF file, although its name ends in .pdf.").format(name=name),
            FailureReason.DAMAGED,
        )
    with MUPDF_LOCK, quiet_mupdf():
        doc = _open(name, data)
        try:
            _unlock(doc, name, options.password)
            read = _read(doc, name, options.with_annotations, options.progress)
        except _MUPDF_ERRORS as error:
            raise _damaged(name, error) from None
        finally:
            doc.close()
    # OCR runs in other processes, without the lock: pages are rendered meanwhile.
    ocr, problems = _read_by_ocr(read, name, data, options)
    return _draft(read, path, data, ocr, problems)


@contextlib.contextmanager
def quiet_mupdf() -> Iterator[None]:
    """MuPDF prints errors and warnings to stderr: keep them for the log instead."""
    tools = pymupdf.TOOLS
    errors, warnings = tools.mupdf_display_errors(), tools.mupdf_display_warnings()
    tools.mupdf_display_errors(False)
    tools.mupdf_display_warnings(False)
    try:
        yield
    finally:
        messages = tools.mupdf_warnings()
        if messages:
            log.info("MuPDF: %s", messages)
        tools.reset_mupdf_warnings()
        tools.mupdf_display_errors(errors)
        tools.mupdf_display_warnings(warnings)


def _damaged(name: str, error: BaseException) -> ImportFailedError:
    # MuPDF's own words are English and technical: they go to the log, not to the user.
    log.warning("%s: MuPDF cannot read the PDF: %s", name, str(error).strip() or repr(error))
    return ImportFailedError(
        _("{name}: the PDF is damaged and cannot be read.").format(name=name),
        FailureReason.DAMAGED,
    )


def _open(name: str, data: bytes) -> pymupdf.Document:
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except _MUPDF_ERRORS as error:
        raise _damaged(name, error) from None
    if doc.page_count == 0:
        doc.close()
        raise ImportFailedError(
            _("{name}: the PDF has no pages.").format(name=name), FailureReason.EMPTY
        )
    return doc


def _unlock(doc: pymupdf.Document, name: str, password: str | None) -> None:
    if not doc.needs_pass:
        return
    if password is None:
        raise PasswordRequiredError(
            _("{name}: the PDF is protected by a password; give the password to import it.").format(
                name=name
            )
        )
    if not doc.authenticate(password):
        raise WrongPasswordError(
            _("{name}: the password does not open this PDF.").format(name=name)
        )


def _draft(
    read: _Read, path: Path, data: bytes, ocr: OcrRead | None, ocr_problems: list[str]
) -> SourceDraft:
    pages, folio_offset = _pages(read)
    text, drafts = _assemble(pages, _printed_labels(len(pages), folio_offset, read.own_labels))
    annotations = [
        _shifted(a, draft.start, draft.end)
        for page, draft in zip(pages, drafts, strict=True)
        for a in page.annotations
        if draft.start + a.start < draft.end
    ]
    problems = list(ocr_problems)
    if read.repaired:
        whole = sum(not page.damaged for page in pages)
        problems.append(
            _("{name}: repaired: {read} of {total} pages read (the PDF is damaged).").format(
                name=path.name, read=whole, total=len(pages)
            )
        )
    layers = tuple(sorted(ocr.layers.items())) if ocr is not None else ()
    return SourceDraft(
        title=path.stem,
        text=text,
        kind=SourceKind.PDF,
        file_name=path.name,
        mime=MIME,
        data=data,
        language=detect_language(text),
        pages=tuple(drafts),
        annotations=tuple(annotations),
        metadata=document_metadata(
            read.metadata,
            read.xmp,
            [(page.text, page.height) for page in pages[:2]],
            drafts[0].label if drafts else "",
            drafts[-1].label if drafts else "",
        ),
        flags=_flags(read, text, bool(layers)),
        problems=tuple(problems),
        ocr_language=ocr.language if ocr is not None and layers else "",
        ocr_layers=layers,
        text_rules=TEXT_RULES,
    )


def _assemble(pages: Sequence[_Page], labels: Sequence[str]) -> tuple[str, list[PageDraft]]:
    """The source's text, pages joined as ``pagetext.page_join`` says, and each page's range."""
    parts: list[str] = []
    drafts: list[PageDraft] = []
    start = 0
    for index, (page, label) in enumerate(zip(pages, labels, strict=True)):
        if index:
            separator, drop_hyphen = page_join(pages[index - 1].text, page.text)
            if drop_hyphen:
                parts[-1] = parts[-1][:-1]
                previous = drafts[-1]
                drafts[-1] = replace(previous, end=previous.end - 1)
                start -= 1
            parts.append(separator)
            start += len(separator)
        parts.append(page.text.text)
        end = start + len(page.text.text)
        drafts.append(PageDraft(index, label, start, end, page.furniture))
        start = end
    return "".join(parts), drafts


def _xmp(doc: pymupdf.Document) -> str:
    try:
        return doc.get_xml_metadata() or ""
    except (*_MUPDF_ERRORS, ValueError) as error:
        log.info("unreadable XMP metadata ignored: %s", error)
        return ""


def _flags(read: _Read, text: str, by_ocr: bool) -> tuple[str, ...]:
    flags = []
    if not text.strip():
        flags.append(FLAG_NO_TEXT_LAYER)
    if by_ocr:
        flags.append(FLAG_OCR)
    if read.repaired:
        flags.append(FLAG_REPAIRED)
    return tuple(flags)


@dataclass(frozen=True)
class _Marks:
    """A page's highlights as read, before its text is built: (kind, colour, note, quads)."""

    found: tuple[tuple[str, str, str, list[list[tuple[float, float]]]], ...]


@dataclass
class _Read:
    """What is read from the PDF while MuPDF's lock is held: each page's lines (None for a page
    MuPDF cannot read), highlights, whether it is damaged or a scan; the document's facts."""

    layouts: list[PageLayout | None]
    marks: list[_Marks]
    damaged: list[bool]
    scanned: list[bool]
    own_labels: list[str]
    metadata: dict[str, str]
    xmp: str
    repaired: bool


def _read(
    doc: pymupdf.Document, name: str, with_annotations: bool, progress: Progress | None = None
) -> _Read:
    """Every page's lines as MuPDF reads them. A page MuPDF cannot read (in a repaired file) is
    kept, empty, if others can. ``progress`` hears of each page and may stop the reading
    between two pages (``Cancelled``)."""
    progress = progress or NoProgress()
    layouts: list[PageLayout | None] = []
    marks: list[_Marks] = []
    damaged: list[bool] = []
    scanned: list[bool] = []
    failure: BaseException | None = None
    for index in range(doc.page_count):
        if progress.cancelled:
            raise Cancelled
        progress.report(index, doc.page_count, _("Reading page {n} of {total}").format(
            n=index + 1, total=doc.page_count))  # fmt: skip
        warnings = pymupdf.TOOLS.mupdf_warnings()
        try:
            page = doc.load_page(index)
            annots = list(page.annots(types=list(_ANNOTATION_KINDS))) if with_annotations else []
            found = _Marks(tuple(_mark(annot) for annot in annots))
            read = page_layout(page, boxes=bool(annots), rules=TEXT_RULES)
            scan = needs_ocr(page, " ".join(text for text, _box in read.lines()))
        except _MUPDF_ERRORS as error:
            log.warning("%s: page %d cannot be read: %s", name, index + 1, error)
            failure = error
            marks.append(_Marks(()))
            scanned.append(False)
            layouts.append(None)
            damaged.append(True)
            continue
        marks.append(found)
        scanned.append(scan)
        layouts.append(read)
        # A page of a repaired file whose content is gone reads as blank, with a warning.
        blank = not read.blocks
        damaged.append(doc.is_repaired and blank and pymupdf.TOOLS.mupdf_warnings() != warnings)
    if failure is not None and all(layout is None or not layout.blocks for layout in layouts):
        raise _damaged(name, failure)
    count = doc.page_count
    progress.report(count, count, _("Reading page {n} of {total}").format(n=count, total=count))
    return _Read(
        layouts, marks, damaged, scanned, _own_labels(doc), doc.metadata or {}, _xmp(doc),
        doc.is_repaired,
    )  # fmt: skip


def _read_by_ocr(
    read: _Read, name: str, data: bytes, options: ReadOptions
) -> tuple[OcrRead | None, list[str]]:
    """Read the scanned pages (and those ``options.ocr_pages`` names) by OCR, if asked to.

    The pages read get their lines from OCR; when OCR cannot run, the problem says what to
    install and the pages stay without text.
    """
    wanted = [
        index
        for index, scan in enumerate(read.scanned)
        if (scan or index in options.ocr_pages) and read.layouts[index] is not None
    ]
    if not wanted or options.ocr is None:
        return None, []
    try:
        ocr = options.ocr(data, options.password, wanted)
    except OcrUnavailableError as error:
        return None, [f"{name}: {error}"]
    for index, layer in ocr.layers.items():
        read.layouts[index] = layer_layout(layer, rules=TEXT_RULES)
    return ocr, [f"{name}: {problem}" for problem in ocr.problems]


def _pages(read: _Read) -> tuple[list[_Page], int | None]:
    """Every page without its furniture, and the offset of the printed page numbers found in
    it (``furniture.Furniture.offset``)."""
    layouts = read.layouts
    lines = [
        PageLines(layout.width, layout.height, tuple(Line(t, b) for t, b in layout.lines()))
        if layout is not None
        else PageLines(0.0, 0.0, ())
        for layout in layouts
    ]
    furniture = find_furniture(lines)
    pages: list[_Page] = []
    for layout, page_lines, skip, found, broken in zip(
        layouts, lines, furniture.boxes(lines), read.marks, read.damaged, strict=True
    ):
        if layout is None:
            pages.append(_Page(PageText("", ()), 0.0, (), (), damaged=True))
            continue
        text = layout.text(skip)
        annotations = tuple(
            AnnotationDraft(start, end, color, note, kind)
            for kind, color, note, quads in found.found
            for start, end in text.ranges_in_quads(quads)
        )
        pages.append(_Page(text, page_lines.height, annotations, tuple(skip), damaged=broken))
    return pages, furniture.offset


def _mark(annot: pymupdf.Annot) -> tuple[str, str, str, list[list[tuple[float, float]]]]:
    """A highlight (underline, …): its kind, colour, note and the quads it covers."""
    vertices = [(p[0], p[1]) for p in (annot.vertices or [])]
    quads = [vertices[k : k + 4] for k in range(0, len(vertices) - 3, 4)]
    if not quads:  # no QuadPoints (some producers): the annotation's rectangle
        r = annot.rect
        quads = [[(r.x0, r.y0), (r.x1, r.y0), (r.x0, r.y1), (r.x1, r.y1)]]
    color = _hex_color(annot.colors.get("stroke"))
    note = (annot.info.get("content") or "").strip()
    return _ANNOTATION_KINDS[annot.type[0]], color, note, quads


def _shifted(annotation: AnnotationDraft, offset: int, end: int) -> AnnotationDraft:
    return AnnotationDraft(
        annotation.start + offset,
        min(annotation.end + offset, end),
        annotation.color,
        annotation.note,
        annotation.kind,
    )


# --------------------------------------------------------------------------------------------
# Annotations


def _hex_color(rgb: Sequence[float] | None) -> str:
    if not rgb or len(rgb) != 3:
        return _DEFAULT_HIGHLIGHT
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


# --------------------------------------------------------------------------------------------
# Printed page labels


def _printed_labels(count: int, folio_offset: int | None, own: list[str]) -> list[str]:
    """Each page's printed label: the PDF's own, else the folio found in its running heads or
    feet (``furniture``: every page is numbered by the offset most pages agree on, and pages
    before printed page 1 — front matter — get lowercase roman numerals), else the physical
    number."""
    if folio_offset is None:
        detected = [str(i + 1) for i in range(count)]
    else:
        detected = [
            str(index + folio_offset) if index + folio_offset >= 1 else _roman(index + 1)
            for index in range(count)
        ]
    if not any(own):
        return detected
    return [label or fallback for label, fallback in zip(own, detected, strict=True)]


def _own_labels(doc: pymupdf.Document) -> list[str]:
    """The PDF's page labels ("" for none), computed once for all pages.

    ``Page.get_label`` re-reads the whole label tree for every page and leaves prefixes written
    as hex strings undecoded ("<FEFF0031>"), as some producers write them.
    """
    count = doc.page_count
    try:
        rules = sorted(doc.get_page_labels(), key=lambda rule: rule["startpage"])
    except (*_MUPDF_ERRORS, ValueError, KeyError, IndexError) as error:
        log.info("unreadable page labels ignored: %s", error)
        return [""] * count
    labels: list[str] = []
    current = -1
    for index in range(count):
        while current + 1 < len(rules) and rules[current + 1]["startpage"] <= index:
            current += 1
        if current < 0:
            labels.append("")
            continue
        rule = rules[current]
        number = index - rule["startpage"] + rule.get("firstpagenum", 1)
        label = _pdf_string(rule.get("prefix", "")) + _styled(number, rule.get("style", ""))
        labels.append(label.strip())
    return labels


def _pdf_string(value: str) -> str:
    """A PDF string as PyMuPDF may leave it: ``<FEFF…>`` hex is decoded (UTF-16 or PDFDoc)."""
    if not (value.startswith("<") and value.endswith(">")):
        return value
    try:
        raw = bytes.fromhex(value[1:-1])
    except ValueError:
        return value
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", errors="replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    return raw.decode("latin-1")


def _styled(number: int, style: str) -> str:
    """A page number in a PDF label style: D 1, 2 …; r/R i, ii …; a/A a … z, aa … zz …"""
    if style == "D":
        return str(number)
    if style in ("r", "R") and number > 0:
        roman = _roman(number)
        return roman if style == "r" else roman.upper()
    if style in ("a", "A") and number > 0:
        letters = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letters if style == "a" else letters.upper()
    return ""


def _roman(number: int) -> str:
    digits = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc")]
    digits += [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = []
    for value, letters in digits:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)
