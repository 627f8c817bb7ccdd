"""Getting a PDF view's pages from the render worker: sizes, renderings and texts, on demand.

The view says which pages it wants (``want``), nearest first; the loader asks the single render
worker for what is neither cached nor already asked for, and says when each arrives. A request
for a page scrolled far away before the worker got to it is dropped by the worker (it reads
the pages wanted *now* before rendering). Results that arrive after ``close`` are ignored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from kutip.errors import KnownError
from kutip.gui.core.tasks import TaskRunner
from kutip.gui.viewer.page_cache import PageCache, PageGeometry, PdfDocument
from kutip.i18n import _
from kutip.ingest.pdf.pagetext import PageText
from kutip.model import Page

log = logging.getLogger(__name__)


class PageLoader(QObject):
    #: The pages' sizes; carries ``list[PageGeometry]``.
    geometry_ready = Signal(list)
    #: A rendering arrived; carries the page's index.
    page_rendered = Signal(int)
    #: A page's text arrived; carries the page's index.
    text_ready = Signal(int)
    #: The PDF cannot be shown; carries the reason.
    failed = Signal(str)

    def __init__(
        self,
        document: PdfDocument,
        runner: TaskRunner,
        parent: QObject | None = None,
        pages: Callable[[], Sequence[Page]] = list,
    ):
        """``pages``: the source's stored pages, whose furniture and length the texts follow."""
        super().__init__(parent)
        self.document = document
        self.pages = pages
        self.runner = runner
        self.cache = PageCache()
        self.texts: dict[int, PageText] = {}
        self._pending: set[tuple[str, int, int]] = set()
        self._wanted: list[frozenset[int]] = [frozenset()]
        self._closed = False

    def start(self) -> None:
        task = self.runner.start(lambda _progress: self.document.geometry())
        task.succeeded.connect(self._geometry)
        task.failed.connect(self._failed)

    def want(self, pages: list[int], scale: float, ratio: float, *, text: bool) -> None:
        """Renderings of ``pages`` at ``scale`` device pixels per point (and their texts)."""
        if self._closed:
            return
        self._wanted[0] = frozenset(pages)
        for index in pages:
            key = ("render", *PageCache.key(index, scale))
            if PageCache.key(index, scale) not in self.cache and key not in self._pending:
                self._pending.add(key)
                self._render(index, scale, ratio)
            if text and index not in self.texts and ("text", index, 0) not in self._pending:
                self._pending.add(("text", index, 0))
                self._text(index)

    def _render(self, index: int, scale: float, ratio: float) -> None:
        document, wanted = self.document, self._wanted

        def work(_progress: object) -> tuple[int, float, QImage | None]:
            if index not in wanted[0]:
                return index, scale, None  # scrolled away meanwhile
            image = document.render(index, scale)
            image.setDevicePixelRatio(ratio)
            return index, scale, image

        task = self.runner.start(work)
        task.succeeded.connect(self._rendered)
        task.failed.connect(lambda error, i=index, s=scale: self._render_failed(i, s, error))

    def _text(self, index: int) -> None:
        document = self.document
        pages = self.pages()
        stored = pages[index] if index < len(pages) else None
        furniture = stored.furniture if stored is not None else ()
        length = stored.end - stored.start if stored is not None else None
        task = self.runner.start(lambda _progress: (index, document.text(index, furniture, length)))
        task.succeeded.connect(self._text_arrived)
        task.failed.connect(self._failed)

    def close(self) -> None:
        """Ignore what is still to come and close the PDF, on the worker that uses it."""
        self._closed = True
        self._wanted[0] = frozenset()
        self.cache.clear()
        document = self.document
        self.runner.start(lambda _progress: document.close())

    # -- results, on the GUI thread ------------------------------------------------------------

    def _geometry(self, geometry: list[PageGeometry]) -> None:
        if not self._closed:
            self.geometry_ready.emit(geometry)

    def _rendered(self, result: tuple[int, float, QImage | None]) -> None:
        index, scale, image = result
        self._pending.discard(("render", *PageCache.key(index, scale)))
        if self._closed or image is None:
            return
        self.cache.put(index, scale, image)
        self.page_rendered.emit(index)

    def _render_failed(self, index: int, scale: float, error: BaseException) -> None:
        self._pending.discard(("render", *PageCache.key(index, scale)))
        self._failed(error)

    def _text_arrived(self, result: tuple[int, PageText]) -> None:
        index, text = result
        self._pending.discard(("text", index, 0))
        if not self._closed:
            self.texts[index] = text
            self.text_ready.emit(index)

    def _failed(self, error: BaseException) -> None:
        if self._closed:
            return
        if isinstance(error, KnownError):
            message = str(error)
        else:
            # MuPDF's message is English and technical: the log has it, the reader ours.
            log.error("the PDF view failed", exc_info=error)
            message = _(
                "The pages cannot be shown: this PDF could not be drawn. "
                "The log file has the details."
            )
        self.failed.emit(message)
