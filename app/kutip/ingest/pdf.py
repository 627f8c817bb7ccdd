"""PDF sources: canonical text per page, printed page labels, bibliographic facts, highlights.

The text of each page comes from ``pdftext.page_text`` — the function the PDF view calls again
to map selections and highlights — and pages are joined with a blank line, each page's range
recorded, so a coding can be cited by its printed page. Printed pages matter more than physical
ones (an article's p. 245 is its first physical page), hence the order: the PDF's own page
labels, else a page number found consistently in the headers or footers, else the physical
number.

Every problem with the file becomes an ``ImportFailedError`` naming it: PyMuPDF's exceptions
never reach the user, and MuPDF's messages on stderr are silenced (and logged) while we read.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from kutip.errors import FailureReason, ImportFailedError
from kutip.i18n import _
from kutip.ingest.drafts import (
    FLAG_NO_TEXT_LAYER,
    AnnotationDraft,
    DocumentMetadata,
    PageDraft,
    PasswordRequiredError,
    ReadOptions,
    SourceDraft,
)
from kutip.ingest.language import detect_language
from kutip.ingest.pdftext import PARAGRAPH_BREAK, PageText, page_text
from kutip.model import SourceKind

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

#: Headers and footers: the top and bottom tenth of a page.
_MARGIN_BAND = 0.1
#: The year of publication is looked for in the top quarter of the first page.
_TOP_OF_FIRST_PAGE = 0.25
_PAGE_NUMBER = re.compile(r"(?:page|halaman|hal\.?|p\.)\s*(\d{1,4})\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d{1,4}")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]+")
_CLOSING = {")": "(", "]": "[", "}": "{"}
_JUNK_TITLE = re.compile(
    r"^(untitled|microsoft word\b.*|.*\.(docx?|pdf|tex|dvi|indd|rtf|odt))$", re.I
)


class WrongPasswordError(PasswordRequiredError):
    """A password was given and it does not open the file: ask again."""

    reason = FailureReason.WRONG_PASSWORD


@dataclass(frozen=True)
class _Page:
    text: PageText
    height: float
    annotations: tuple[AnnotationDraft, ...]  # offsets into this page's text


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
            return _draft(doc, path, data, options)
        except _MUPDF_ERRORS as error:
            raise _damaged(name, error) from None
        finally:
            doc.close()


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
    return ImportFailedError(
        _("{name}: the PDF is damaged and cannot be read ({reason}).").format(
            name=name, reason=str(error).strip() or type(error).__name__
        ),
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


def _draft(doc: pymupdf.Document, path: Path, data: bytes, options: ReadOptions) -> SourceDraft:
    pages = _read_pages(doc, path.name, options.with_annotations)
    texts = [page.text.text for page in pages]
    text = PAGE_SEPARATOR.join(texts)
    drafts: list[PageDraft] = []
    annotations: list[AnnotationDraft] = []
    start = 0
    labels = _printed_labels(pages, _own_labels(doc))
    for index, (page, label) in enumerate(zip(pages, labels, strict=True)):
        end = start + len(page.text.text)
        drafts.append(PageDraft(index=index, label=label, start=start, end=end))
        annotations.extend(_shifted(a, start) for a in page.annotations)
        start = end + len(PAGE_SEPARATOR)
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
        metadata=_metadata(doc.metadata or {}, pages),
        flags=_flags(doc, text),
    )


def _flags(doc: pymupdf.Document, text: str) -> tuple[str, ...]:
    flags = []
    if not text.strip():
        flags.append(FLAG_NO_TEXT_LAYER)
    if doc.is_repaired:
        flags.append(FLAG_REPAIRED)
    return tuple(flags)


def _read_pages(doc: pymupdf.Document, name: str, with_annotations: bool) -> list[_Page]:
    """Every page; one MuPDF cannot read (in a repaired file) is kept, empty, if others can."""
    pages: list[_Page] = []
    failure: BaseException | None = None
    for index in range(doc.page_count):
        try:
            pages.append(_read_page(doc, index, with_annotations))
        except _MUPDF_ERRORS as error:
            log.warning("%s: page %d cannot be read: %s", name, index + 1, error)
            failure = error
            pages.append(_Page(PageText("", ()), 0.0, ()))
    if failure is not None and all(not page.text.lines for page in pages):
        raise _damaged(name, failure)
    return pages


def _read_page(doc: pymupdf.Document, index: int, with_annotations: bool) -> _Page:
    page = doc.load_page(index)
    annots = list(page.annots(types=list(_ANNOTATION_KINDS))) if with_annotations else []
    text = page_text(page, boxes=bool(annots))
    found = tuple(a for annot in annots for a in _annotation_drafts(annot, text))
    # The text's coordinates are those of the unrotated page (page.rect is the rotated one).
    return _Page(text, page.cropbox.height, found)


def _shifted(annotation: AnnotationDraft, offset: int) -> AnnotationDraft:
    return AnnotationDraft(
        annotation.start + offset,
        annotation.end + offset,
        annotation.color,
        annotation.note,
        annotation.kind,
    )


# --------------------------------------------------------------------------------------------
# Annotations


def _annotation_drafts(annot: pymupdf.Annot, text: PageText) -> list[AnnotationDraft]:
    """A highlight (underline, …) as the range(s) of the characters its quads cover."""
    vertices = [(p[0], p[1]) for p in (annot.vertices or [])]
    quads = [vertices[k : k + 4] for k in range(0, len(vertices) - 3, 4)]
    if not quads:  # no QuadPoints (some producers): the annotation's rectangle
        r = annot.rect
        quads = [[(r.x0, r.y0), (r.x1, r.y0), (r.x0, r.y1), (r.x1, r.y1)]]
    color = _hex_color(annot.colors.get("stroke"))
    note = (annot.info.get("content") or "").strip()
    kind = _ANNOTATION_KINDS[annot.type[0]]
    return [
        AnnotationDraft(start, end, color, note, kind) for start, end in text.ranges_in_quads(quads)
    ]


def _hex_color(rgb: Sequence[float] | None) -> str:
    if not rgb or len(rgb) != 3:
        return _DEFAULT_HIGHLIGHT
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


# --------------------------------------------------------------------------------------------
# Printed page labels


def _printed_labels(pages: Sequence[_Page], own: list[str]) -> list[str]:
    """Each page's printed label: the PDF's own, else a consistent header/footer number, else
    the physical number."""
    detected = _detected_labels(pages) or [str(i + 1) for i in range(len(pages))]
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


def _detected_labels(pages: Sequence[_Page]) -> list[str] | None:
    """Labels from page numbers in the headers or footers that go up by one a page.

    The offset (printed minus physical) that most pages agree on wins, if at least half the
    pages (and two) show it; every page is then labelled, those without a number too. Pages
    before printed page 1 (front matter) get lowercase roman numerals.
    """
    offsets: Counter[int] = Counter()
    for index, page in enumerate(pages):
        offsets.update({number - index for number in _margin_numbers(page)})
    if not offsets:
        return None
    offset, count = max(offsets.items(), key=lambda item: (item[1], -abs(item[0])))
    if count < 2 or 2 * count < len(pages):
        return None
    return [
        str(index + offset) if index + offset >= 1 else _roman(index + 1)
        for index in range(len(pages))
    ]


def _margin_numbers(page: _Page) -> set[int]:
    band = _MARGIN_BAND * page.height
    numbers: set[int] = set()
    for line in page.text.lines:
        if line.bbox[3] <= band or line.bbox[1] >= page.height - band:
            numbers.update(_number_candidates(page.text.text[line.start : line.end]))
    numbers.discard(0)
    return numbers


def _number_candidates(line: str) -> set[int]:
    """Numbers a header or footer line may carry as its page number: at either end, or after
    "Page"/"Halaman"/"p."."""
    found = {int(m.group(1)) for m in _PAGE_NUMBER.finditer(line)}
    tokens = [t for t in re.split(r"[\s|·•\-–—]+", line) if t]
    for token in tokens[:1] + tokens[-1:]:
        if _NUMBER.fullmatch(token):
            found.add(int(token))
    return found


def _roman(number: int) -> str:
    digits = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc")]
    digits += [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = []
    for value, letters in digits:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Bibliographic facts


def _metadata(meta: dict[str, str], pages: Sequence[_Page]) -> DocumentMetadata:
    first = pages[0]
    title = (meta.get("title") or "").strip()
    if _JUNK_TITLE.match(title):
        title = ""
    return DocumentMetadata(
        title=title or _largest_lines(first),
        authors=_authors(meta.get("author") or ""),
        year=_year(meta.get("creationDate") or "") or _year_near_top(first),
        doi=_doi([*(v for v in meta.values() if isinstance(v, str))])
        or _doi([page.text.text for page in pages[:2]]),
    )


def _largest_lines(page: _Page) -> str:
    """The first run of lines in the page's largest font, if it is larger than the body text."""
    text = page.text
    words = {
        k
        for k, ln in enumerate(text.lines)
        if sum(c.isalpha() for c in text.text[ln.start : ln.end]) >= 3
    }
    if not words:
        return ""
    body: Counter[float] = Counter()
    for k in words:
        body[round(text.lines[k].size, 1)] += text.lines[k].end - text.lines[k].start
    largest = max(text.lines[k].size for k in words)
    if largest < 1.15 * body.most_common(1)[0][0]:
        return ""
    run: list[int] = []
    for k in sorted(words):
        if text.lines[k].size >= largest - 0.5:
            if run and run[-1] != k - 1:
                break
            run.append(k)
    title = text.text[text.lines[run[0]].start : text.lines[run[-1]].end]
    return " ".join(title.split())[:300]


def _authors(author: str) -> tuple[str, ...]:
    """Authors from "A. One; B. Two", "A. One and B. Two" or "A. One, B. Two"; "One, A." is one."""
    author = author.strip()
    if not author:
        return ()
    if ";" in author:
        parts = author.split(";")
    else:
        parts = re.split(r",\s*|\s+and\s+|\s*&\s*", author)
        if any(" " not in p.strip() for p in parts if p.strip()):
            parts = re.split(r"\s+and\s+|\s*&\s*", author)
    return tuple(p.strip() for p in parts if p.strip())


def _year(date: str) -> str:
    """The year of a PDF date ("D:20190512…")."""
    match = re.match(r"(?:D:)?(\d{4})", date.strip())
    return match.group(1) if match and _YEAR.fullmatch(match.group(1)) else ""


def _year_near_top(page: _Page) -> str:
    top = _TOP_OF_FIRST_PAGE * page.height
    for line in page.text.lines:
        if line.bbox[1] <= top:
            match = _YEAR.search(page.text.text[line.start : line.end])
            if match:
                return match.group(1)
    return ""


def _doi(texts: Sequence[str]) -> str:
    for text in texts:
        match = _DOI.search(text)
        if match:
            return _trim_doi(match.group(0))
    return ""


def _trim_doi(doi: str) -> str:
    """Drop sentence punctuation after a DOI, and closing brackets it did not open."""
    while doi:
        last = doi[-1]
        opening = _CLOSING.get(last)
        if last in ".,;:'’”" or (opening and doi.count(last) > doi.count(opening)):
            doi = doi[:-1]
        else:
            break
    return doi
