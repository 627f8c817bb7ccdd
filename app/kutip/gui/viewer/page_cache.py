"""PDF pages for the PDF view: one PyMuPDF document per source, used off the GUI thread, and an
LRU cache of rendered pages.

PyMuPDF is not thread-safe. A ``PdfDocument`` opens its document lazily, from the bytes the
project stores, *in the worker that first needs it*, and every use of it holds the document's
lock; the view sends all of them to one single-threaded ``TaskRunner`` (``render_runner``), so
the GUI thread never touches MuPDF and never waits on it.

What a worker hands back is plain data: ``PageGeometry`` (sizes and the rotation as a
``QTransform``), ``QImage`` (safe to make off the GUI thread, unlike ``QPixmap``) and
``PageText`` (from ``ingest.pdf.ocr.page_text_with_ocr``, the function the importer built the text
with: from the page itself, or from what OCR read on it, stored in the project; by the text rules
the source was read with, ``Source.text_rules``).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pymupdf
from PySide6.QtGui import QImage, QTransform

from kutip.errors import KnownError
from kutip.i18n import _
from kutip.ingest.pdf.ocr import page_text_with_ocr
from kutip.ingest.pdf.pagetext import Box, PageText
from kutip.ingest.pdf.reader import MUPDF_LOCK

log = logging.getLogger(__name__)

#: Rendered pages kept per open PDF, in bytes of image data (an A4 page filling a 2x screen's
#: width is ~15 MB): a screenful and the pages around it, at two zooms.
CACHE_BYTES = 128 * 1024 * 1024


@dataclass(frozen=True)
class PageGeometry:
    """A page as shown: its size in points (rotation applied) and how its text boxes map on it.

    ``text_to_page`` maps PyMuPDF's unrotated page coordinates (those of ``PageText`` boxes)
    to coordinates on the shown, rotated page; ``page_to_text`` is its inverse.
    """

    index: int
    width: float
    height: float
    text_to_page: QTransform
    page_to_text: QTransform


class PdfUnreadableError(KnownError):
    """The stored PDF cannot be opened for display."""


def _transform(matrix: pymupdf.Matrix) -> QTransform:
    # PyMuPDF maps (x, y) to (a·x + c·y + e, b·x + d·y + f); so does QTransform(a, b, c, d, e, f).
    return QTransform(matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def render_page(document: pymupdf.Document, index: int, scale: float) -> QImage:
    """Page ``index`` rendered at ``scale`` device pixels per point (annotations included)."""
    page = document.load_page(index)
    pixmap = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
    image = QImage(
        pixmap.samples, pixmap.width, pixmap.height, pixmap.stride, QImage.Format.Format_RGB888
    )
    return image.copy()  # the image must own its pixels: ``samples`` goes with the pixmap


class PdfDocument:
    """One source's PDF, opened on first use in whichever worker uses it, one use at a time."""

    def __init__(
        self,
        load: Callable[[], bytes | None],
        name: str,
        ocr_layers: Callable[[], Mapping[int, bytes]] | None = None,
        *,
        text_rules: int,
    ) -> None:
        """``load`` gives the PDF's bytes, ``ocr_layers`` what OCR read on its scanned pages;
        its pages are read by the ``text_rules`` the source's text was read with."""
        self._load = load
        self._rules = text_rules
        self._load_layers = ocr_layers
        self._layers: Mapping[int, bytes] | None = None
        self._name = name
        self._lock = threading.Lock()
        self._document: pymupdf.Document | None = None
        self._closed = False

    def _open(self) -> pymupdf.Document:
        if self._closed:
            raise PdfUnreadableError(_("{name} is closed.").format(name=self._name))
        if self._document is None:
            data = self._load()
            if not data:
                raise PdfUnreadableError(
                    _("{name}: the project holds no PDF file for this source.").format(
                        name=self._name
                    )
                )
            try:
                document = pymupdf.open(stream=data, filetype="pdf")
            except (RuntimeError, ValueError) as error:
                # MuPDF's own words are English and technical: they go to the log only.
                log.warning("%s: MuPDF cannot open the PDF: %s", self._name, error)
                raise PdfUnreadableError(
                    _(
                        "{name}: the pages cannot be shown because the PDF file is damaged; "
                        "its text and codings are not affected."
                    ).format(name=self._name)
                ) from None
            if document.needs_pass:
                # Rendering needs the password the import was given; it is not stored.
                document.close()
                raise PdfUnreadableError(
                    _(
                        "{name}: the PDF is protected by a password, so its pages cannot be shown."
                    ).format(name=self._name)
                )
            self._document = document
        return self._document

    def geometry(self) -> list[PageGeometry]:
        with self._lock, MUPDF_LOCK:
            document = self._open()
            pages = []
            for index in range(document.page_count):
                page = document.load_page(index)
                pages.append(
                    PageGeometry(
                        index,
                        page.rect.width,
                        page.rect.height,
                        _transform(page.rotation_matrix),
                        _transform(page.derotation_matrix),
                    )
                )
            return pages

    def render(self, index: int, scale: float) -> QImage:
        with self._lock, MUPDF_LOCK:
            # Looked up when called, so tests can watch which thread renders.
            return render_page(self._open(), index, scale)

    def text(
        self, index: int, furniture: Sequence[Box] = (), length: int | None = None
    ) -> PageText:
        """Page ``index``'s text as the importer built it: without the ``furniture`` stored
        with the page, and cut to the page's ``length`` in the source (a hyphen joining the
        page's last word to the next page is not in the source's text)."""
        with self._lock, MUPDF_LOCK:
            if self._layers is None:
                self._layers = self._load_layers() if self._load_layers is not None else {}
            text = page_text_with_ocr(
                self._open().load_page(index),
                self._layers.get(index),
                boxes=True,
                skip=furniture,
                rules=self._rules,
            )
        return text if length is None else text.clipped(length)

    def close(self) -> None:
        with self._lock, MUPDF_LOCK:
            self._closed = True
            if self._document is not None:
                self._document.close()
                self._document = None


class PageCache:
    """Rendered pages by (page, scale key), least recently used dropped beyond a byte budget."""

    def __init__(self, budget: int = CACHE_BYTES) -> None:
        self._budget = budget
        self._images: OrderedDict[tuple[int, int], QImage] = OrderedDict()
        self._bytes = 0

    @staticmethod
    def key(index: int, scale: float) -> tuple[int, int]:
        return index, round(scale * 100)

    def get(self, index: int, scale: float) -> QImage | None:
        key = self.key(index, scale)
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def any_of(self, index: int) -> QImage | None:
        """Some rendering of page ``index`` (to show, scaled, until the right one is ready)."""
        found = [image for (page, _scale), image in self._images.items() if page == index]
        return max(found, key=lambda image: image.width()) if found else None

    def put(self, index: int, scale: float, image: QImage) -> None:
        key = self.key(index, scale)
        old = self._images.pop(key, None)
        if old is not None:
            self._bytes -= old.sizeInBytes()
        self._images[key] = image
        self._bytes += image.sizeInBytes()
        while self._bytes > self._budget and len(self._images) > 1:
            _key, dropped = self._images.popitem(last=False)
            self._bytes -= dropped.sizeInBytes()

    def __contains__(self, key: tuple[int, int]) -> bool:
        return key in self._images

    def __len__(self) -> int:
        return len(self._images)

    @property
    def size_in_bytes(self) -> int:
        return self._bytes

    def clear(self) -> None:
        self._images.clear()
        self._bytes = 0
