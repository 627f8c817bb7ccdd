"""Text read by OCR from PDF pages that are pictures of text (scans), and kept as character data.

Tesseract reads the page through PyMuPDF (``Page.get_textpage_ocr``, full page, at ``DPI``):
what comes back is the same kind of character data a born-digital page has — every letter with
its box, in lines and blocks — so it is stored as such (an *OCR layer*, one per page) and the
page's lines are made from it by ``pagetext.layout_from_raw``, the pipeline every PDF page goes
through (furniture — running heads and folios — is then found and left out as on any page).
The importer, the PDF view and the annotated-PDF export all rebuild a scanned page's text from
the stored layer (``page_layout_with_ocr``), never by reading the page again, so a selection on
the page maps to offsets, and offsets to highlights, exactly as on any PDF.

Decisions, and why (measured on generated scans, see tests/benchmarks/bench_ocr.py):

* **300 dpi.** Word recall on 8- and 10-pt type scanned at 150-300 dpi (grey JPEG, bitonal,
  skewed, noisy) is 99-100% at 150, 200 and 300 dpi alike, and 300 costs only 5-15% more time
  than 200 (Tesseract's time goes with the amount of text more than with the pixels: ~3.4 s
  for a full page on one core); 300 keeps footnotes and subscripts readable. Scans with heavy
  pixel noise can make Tesseract slow and wrong on a page: Cancel ends it at once.
* **A layer is compact JSON, zlib-compressed**: per line its box, direction, font size, text and
  the box of every character (to 1/100 pt); ~22 KB for a full page. Reading it back is pure
  Python, no MuPDF, so building the text of a scanned page needs no lock and no Tesseract.
* **Which pages**: those without text on which something is drawn (an image, or many paths — text
  turned into outlines), and those whose text is mostly U+FFFD (glyphs MuPDF cannot map to
  letters). A page with text is left alone unless the user asks for OCR of every page.
* **Tesseract's language data**: see ``kutip.ingest.pdf.tessdata``.

PyMuPDF refuses to run Tesseract on two threads of one process at once ("Attempt to use
Tesseract from 2 threads"), so pages are read in parallel by processes (``kutip.services.ocr``):
``open_in_worker`` and ``read_in_worker`` are what each process runs.
"""

from __future__ import annotations

import json
import logging
import math
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pymupdf

from kutip.errors import KnownError
from kutip.i18n import _
from kutip.ingest.pdf.pagetext import (
    TEXT_FLAGS,
    Box,
    PageLayout,
    PageText,
    layout_from_raw,
    page_layout,
)
from kutip.ingest.pdf.tessdata import DEFAULT_LANGUAGE
from kutip.model import TEXT_RULES

log = logging.getLogger(__name__)

#: The resolution pages are rendered at for Tesseract.
DPI = 300
#: Pages are rendered for Tesseract in at most this many pixels (an A2 page at 300 dpi).
MAX_PIXELS = 40_000_000
#: The format of a stored layer.
LAYER_FORMAT = 1

#: Share of the page an image must cover to make an empty page a scan.
_IMAGE_SHARE = 0.05
#: This many filled or stroked paths on a page without text: text turned into outlines.
_OUTLINE_PATHS = 200
#: A text layer with more than this share of U+FFFD among its letters is unreadable.
_UNREADABLE_SHARE = 0.5


class OcrPageError(KnownError):
    """Tesseract failed on one page (its message says which and why)."""


# --------------------------------------------------------------------------------------------
# Which pages need OCR


def needs_ocr(page: pymupdf.Page, text: str) -> bool:
    """Whether ``page``, whose text layer reads ``text``, is a picture of text: no readable
    text, but an image or outlines on it."""
    letters = [c for c in text if not c.isspace()]
    if letters:
        return letters.count("\ufffd") > _UNREADABLE_SHARE * len(letters)
    area = abs(page.rect)
    paths = 0
    for kind, rect in page.get_bboxlog():
        if kind in ("fill-image", "fill-imgmask") and abs(pymupdf.Rect(rect) & page.rect) >= (
            _IMAGE_SHARE * area
        ):
            return True
        if kind in ("fill-path", "stroke-path"):
            paths += 1
    return paths >= _OUTLINE_PATHS


# --------------------------------------------------------------------------------------------
# Reading a page, and its stored layer


def read_page(page: pymupdf.Page, language: str, tessdata: Path, dpi: int = DPI) -> bytes:
    """OCR ``page`` and return its layer (raises ``OcrPageError`` if Tesseract fails)."""
    # A poster-sized page would make a picture of gigabytes: fewer dots per inch for it.
    inches = abs(page.rect) / (72 * 72)
    dpi = max(1, min(dpi, math.floor(math.sqrt(MAX_PIXELS / inches)) if inches else dpi))
    try:
        textpage = page.get_textpage_ocr(
            flags=TEXT_FLAGS, language=language, dpi=dpi, full=True, tessdata=str(tessdata)
        )
        raw = page.get_text("rawdict", textpage=textpage, flags=TEXT_FLAGS)
        crop = page.cropbox  # the layer's coordinates are those of the unrotated page
    except (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase) as error:
        number = page.number + 1 if page.number is not None else "?"
        # MuPDF's and Tesseract's words are English and technical: the log keeps them.
        log.warning("page %s: OCR failed: %s", number, str(error).strip() or repr(error))
        raise OcrPageError(_("page {n} could not be read by OCR.").format(n=number)) from None
    return encode_layer(raw, crop.width, crop.height)


def encode_layer(raw: Mapping[str, Any], width: float, height: float) -> bytes:
    """A page's character data ("rawdict") and size, as stored: what ``layout_from_raw``
    reads, no more."""
    blocks = []
    for block in raw["blocks"]:
        if block.get("type") != 0:
            continue
        lines = []
        for line in block["lines"]:
            chars = [c for span in line["spans"] for c in span["chars"]]
            if not chars:
                continue
            lines.append(
                {
                    "bbox": [round(v, 2) for v in line["bbox"]],
                    "dir": [round(v, 4) for v in line["dir"]],
                    "size": round(max(span["size"] for span in line["spans"]), 2),
                    "text": "".join(c["c"] for c in chars),
                    "boxes": [round(v, 2) for c in chars for v in c["bbox"]],
                }
            )
        if lines:
            blocks.append(lines)
    document = {"format": LAYER_FORMAT, "width": width, "height": height, "blocks": blocks}
    return zlib.compress(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode())


def decode_layer(layer: bytes) -> tuple[dict[str, Any], float, float]:
    """A stored layer as the "rawdict" it was made from, and the page's width and height.

    Raises ``ValueError`` for data that is not a layer of this format.
    """
    try:
        document = json.loads(zlib.decompress(layer))
        if document["format"] != LAYER_FORMAT:
            raise ValueError(f"OCR layer format {document['format']!r}")
        blocks = []
        for lines in document["blocks"]:
            read = []
            for line in lines:
                text, flat = line["text"], line["boxes"]
                if len(flat) != 4 * len(text):
                    raise ValueError("OCR layer: a line's boxes do not match its text")
                chars = [
                    {"c": char, "bbox": tuple(flat[4 * i : 4 * i + 4])}
                    for i, char in enumerate(text)
                ]
                span = {"size": line["size"], "text": text, "chars": chars}
                read.append({"bbox": tuple(line["bbox"]), "dir": tuple(line["dir"]),
                             "spans": [span]})  # fmt: skip
            blocks.append({"type": 0, "lines": read})
        width, height = float(document["width"]), float(document["height"])
    except (zlib.error, json.JSONDecodeError, KeyError, TypeError, IndexError) as error:
        raise ValueError(f"not an OCR layer: {error}") from None
    return {"blocks": blocks}, width, height


def layer_layout(layer: bytes, *, boxes: bool = True, rules: int = TEXT_RULES) -> PageLayout:
    """The lines of a page read by OCR, from its stored layer, by text ``rules``."""
    raw, width, height = decode_layer(layer)
    return layout_from_raw(raw, width, height, boxes, rules)


def layer_text(
    layer: bytes, *, boxes: bool = True, skip: Sequence[Box] = (), rules: int = TEXT_RULES
) -> PageText:
    """The canonical text of a page read by OCR (without the furniture in ``skip``)."""
    return layer_layout(layer, boxes=boxes, rules=rules).text(skip)


def page_layout_with_ocr(
    page: pymupdf.Page, layer: bytes | None, *, boxes: bool = True, rules: int = TEXT_RULES
) -> PageLayout:
    """A page's lines by text ``rules``: from its OCR layer if it has one, else from the page.

    The one function the importer, the PDF view and the annotated export read a page with: the
    view and the export pass the rules the source was read with (``Source.text_rules``).
    """
    if layer is not None:
        return layer_layout(layer, boxes=boxes, rules=rules)
    return page_layout(page, boxes=boxes, rules=rules)


def page_text_with_ocr(
    page: pymupdf.Page,
    layer: bytes | None,
    *,
    boxes: bool = True,
    skip: Sequence[Box] = (),
    rules: int = TEXT_RULES,
) -> PageText:
    """A page's canonical text (see ``page_layout_with_ocr``), without the furniture in
    ``skip``."""
    return page_layout_with_ocr(page, layer, boxes=boxes, rules=rules).text(skip)


# --------------------------------------------------------------------------------------------
# What the importer is given to read pages, and what runs in each worker process


@dataclass(frozen=True)
class OcrRead:
    """What OCR made of some pages: each page's layer, and problems (one sentence each)."""

    language: str
    layers: Mapping[int, bytes]
    problems: tuple[str, ...] = ()


class PageOcr(Protocol):
    """Reads pages of a PDF by OCR: ``kutip.services.ocr.PageReader`` is one.

    Called with the PDF's bytes, its password and the indices of the pages to read; raises
    ``OcrUnavailableError`` when OCR cannot run at all and ``Cancelled`` when the user stops it.
    """

    def __call__(self, data: bytes, password: str | None, pages: list[int]) -> OcrRead: ...


@dataclass(frozen=True)
class StoredOcr:
    """What OCR read on a source's pages before, given again as the reading of those pages:
    a source read anew keeps its OCR'd text without running OCR again."""

    language: str
    layers: Mapping[int, bytes]

    def __call__(self, data: bytes, password: str | None, pages: list[int]) -> OcrRead:
        return OcrRead(self.language, {i: self.layers[i] for i in pages if i in self.layers})


_worker_document: pymupdf.Document | None = None
_worker_task: tuple[str, Path, int] = (DEFAULT_LANGUAGE, Path(), DPI)


def open_in_worker(
    data: bytes, password: str | None, language: str, tessdata: Path, dpi: int
) -> None:
    """Open the PDF once in a worker process, for ``read_in_worker`` to read its pages."""
    global _worker_document, _worker_task
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    document = pymupdf.open(stream=data, filetype="pdf")
    if document.needs_pass:
        document.authenticate(password or "")
    _worker_document = document
    _worker_task = (language, tessdata, dpi)


def read_in_worker(index: int) -> tuple[int, bytes | None, str]:
    """Read page ``index`` in a worker: (index, its layer, "") or (index, None, the problem)."""
    assert _worker_document is not None, "open_in_worker first"
    language, tessdata, dpi = _worker_task
    try:
        return index, read_page(_worker_document.load_page(index), language, tessdata, dpi), ""
    except OcrPageError as error:
        return index, None, str(error)
