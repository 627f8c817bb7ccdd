"""A PDF's pages laid out top to bottom, zoomed and scrolled, rendered off the GUI thread.

Pages are painted from an LRU cache of renderings; the pages in view (and a screen's height
around them) that are not cached at the current zoom and screen resolution are rendered by the
single render worker (``page_loader``, ``page_cache``); where they go is ``pdf_layout``'s
business. Until a rendering arrives the page shows whatever rendering of it is cached, scaled,
or a blank page. Each page's text (``PageText``) comes from the same worker; a page whose text
no longer reads as the stored text is reported (``text_mismatch``).

``PdfPagesView`` (``pdf_pages``) adds what a reader does on the pages: selecting, coding,
tooltips, drops.

Coordinates: *text* coordinates are PyMuPDF's of the unrotated page (the boxes'); *page*
coordinates are points on the page as shown (rotation applied); the viewport shows page
coordinates scaled by ``pixels_per_point`` at each page's place in the layout.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent, QTransform, QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from kutip.gui.core.tasks import TaskRunner
from kutip.gui.viewer.page_cache import PageCache, PageGeometry, PdfDocument
from kutip.gui.viewer.page_loader import PageLoader
from kutip.gui.viewer.pdf_layout import (
    FIXED,
    MARGIN,
    MAX_ZOOM,
    MIN_ZOOM,
    ZOOM_STEPS,
    PageLayout,
    clamp_zoom,
)
from kutip.i18n import _
from kutip.ingest.pdf.pagetext import Box, PageText
from kutip.model import Page
from kutip.project import Project


class PdfPageArea(QAbstractScrollArea):
    """One PDF source's pages, laid out, zoomed, scrolled and painted."""

    #: The page in view changed; carries its index.
    current_page_changed = Signal(int)
    zoom_changed = Signal(float)
    #: A page's text no longer reads as it did at import; carries the page's label.
    text_mismatch = Signal(str)
    #: The PDF cannot be shown; carries the reason.
    failed = Signal(str)
    #: The page sizes are known and the first pages can be drawn.
    ready = Signal()

    def __init__(
        self,
        project: Project,
        source_id: int,
        runner: TaskRunner,
        *,
        selectable: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        """The pages open when ``loader.start()`` is called (by the subclass, once built)."""
        super().__init__(parent)
        self.project = project
        self.source_id = source_id
        #: Whether the pages' texts are fetched, to select and code on them.
        self.selectable = selectable
        source = project.sources.get(source_id)
        self.loader = PageLoader(
            PdfDocument(
                lambda: project.sources.file(source_id),
                source.title,
                lambda: project.sources.ocr_layers(source_id),
                text_rules=source.text_rules,
            ),
            runner,
            self,
            pages=lambda: self.pages,
        )
        self.layout_ = PageLayout()
        self.pages: list[Page] = []
        self.source_text = project.sources.text(source_id)
        self.error = ""
        #: Pages whose text reads differently now than at import.
        self.mismatched: list[int] = []
        self._current_page = -1
        #: A page to keep in view (``go_to_page``) until the reader scrolls: the page sizes,
        #: the viewport's size and the zoom may all still change after it was asked for.
        self._target_page: int | None = None

        self.verticalScrollBar().setSingleStep(40)
        self.horizontalScrollBar().setSingleStep(40)
        self.loader.geometry_ready.connect(self._geometry_ready)
        self.loader.page_rendered.connect(lambda _index: self.viewport().update())
        self.loader.text_ready.connect(self._text_ready)
        self.loader.failed.connect(self._failed)
        # The reader moving the pages (wheel, keys, the scroll bars) ends a pending reveal.
        self.verticalScrollBar().actionTriggered.connect(lambda _action: self.forget_target())
        self.horizontalScrollBar().actionTriggered.connect(lambda _action: self.forget_target())

    # -- the document --------------------------------------------------------------------------

    @property
    def cache(self) -> PageCache:
        return self.loader.cache

    @property
    def texts(self) -> dict[int, PageText]:
        return self.loader.texts

    @property
    def document(self) -> PdfDocument:
        return self.loader.document

    def page_label(self, index: int) -> str:
        return self.pages[index].label if 0 <= index < len(self.pages) else str(index + 1)

    @property
    def page_count(self) -> int:
        return len(self.layout_.pages)

    @property
    def current_page(self) -> int:
        return self._current_page

    def close_document(self) -> None:
        """The view goes away: drop pending results and close the PDF on the worker."""
        self.loader.close()

    # -- worker results ----------------------------------------------------------------------

    def _geometry_ready(self, geometry: list[PageGeometry]) -> None:
        self.layout_.pages = geometry
        if self.pages and len(self.pages) != len(geometry):
            self.text_mismatch.emit(self.page_label(0))
        self._relayout(keep=False)
        self.ready.emit()
        self._follow_target()
        self._update_current_page()

    def _failed(self, message: str) -> None:
        self.error = message
        self.failed.emit(message)
        self.viewport().update()

    def _text_ready(self, index: int) -> None:
        if index < len(self.pages):
            page = self.pages[index]
            if self.texts[index].text != self.source_text[page.start : page.end]:
                # The stored text is the truth (codings point into it); say that the boxes
                # used to draw on this page may be off.
                self.mismatched.append(index)
                self.text_mismatch.emit(page.label)
        self._follow_target()
        self.viewport().update()

    def _request_pages(self) -> None:
        """Ask for the renderings and texts of the pages in view and a screen around them."""
        if not self.layout_.pages:
            return
        height = self.viewport().height()
        near = self._pages_between(-height, 2 * height)
        near.sort(key=lambda i: abs(i - self._current_page))
        ratio = self.devicePixelRatioF()
        self.loader.want(near, self.pixels_per_point * ratio, ratio, text=self.selectable)

    # -- layout ------------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return self.layout_.zoom

    @property
    def fit(self) -> str:
        return self.layout_.fit

    @property
    def pixels_per_point(self) -> float:
        return self.layout_.pixels_per_point

    def _scroll(self) -> QPoint:
        return QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def _relayout(self, *, keep: bool = True) -> None:
        """Place the pages at the current zoom; ``keep`` the page at the top where it was."""
        anchor = self._top_anchor() if keep else None
        self.layout_.place(self.viewport().size())
        area = self.viewport().size()
        vertical = self.verticalScrollBar()
        vertical.setRange(0, max(0, int(self.layout_.height - area.height())))
        vertical.setPageStep(max(1, area.height() - 40))
        horizontal = self.horizontalScrollBar()
        horizontal.setRange(0, max(0, int(self.layout_.width - area.width())))
        horizontal.setPageStep(max(1, area.width()))
        if anchor is not None:
            index, share = anchor
            page = self.layout_.pages[index]
            y = self.layout_.tops[index] + share * page.height * self.pixels_per_point
            vertical.setValue(round(y))
        self.viewport().update()

    def set_gutter(self, width: float) -> None:
        """Keep ``width`` pixels free at the left of every page (its coding stripes)."""
        if width == self.layout_.gutter:
            return
        self.layout_.gutter = width
        if self.layout_.pages:
            self._relayout()
            self._follow_target()
            if self.fit != FIXED:
                self.zoom_changed.emit(self.zoom)

    def _top_anchor(self) -> tuple[int, float] | None:
        """The page at the top of the view, and how far down it the view starts."""
        index = self.page_at(0)
        if index is None:
            return None
        rect = self.page_rect(index)
        return index, -rect.top() / max(rect.height(), 1)

    def page_rect(self, index: int) -> QRectF:
        """Where page ``index`` is in the viewport, in logical pixels."""
        return self.layout_.page_rect(index, self.viewport().width(), self._scroll())

    def _pages_between(self, top: float, bottom: float) -> list[int]:
        return self.layout_.pages_between(top, bottom, self.viewport().width(), self._scroll())

    def page_at(self, y: float) -> int | None:
        """The page at viewport row ``y``, or the nearest one (in the gaps and margins)."""
        return self.layout_.page_at(y, self.verticalScrollBar().value())

    def page_transform(self, index: int) -> QTransform:
        """Text coordinates of page ``index`` → viewport coordinates."""
        return self.layout_.transform(index, self.viewport().width(), self._scroll())

    def text_to_view(self, index: int, x: float, y: float) -> QPointF:
        return self.page_transform(index).map(QPointF(x, y))

    def view_to_text(self, index: int, point: QPointF) -> QPointF:
        inverted, _ok = self.page_transform(index).inverted()
        return inverted.map(point)

    def box_to_view(self, index: int, box: Box) -> QRectF:
        rect = QRectF(QPointF(box[0], box[1]), QPointF(box[2], box[3]))
        return self.page_transform(index).mapRect(rect)

    # -- zoom -------------------------------------------------------------------------------

    def set_zoom(self, zoom: float, around: QPointF | None = None) -> None:
        """Show pages at ``zoom`` (1.0: printed size), keeping the point ``around`` in place."""
        self.forget_target()  # the zoom keeps the point ``around`` in place instead
        layout = self.layout_
        layout.zoom, layout.fit = clamp_zoom(zoom), FIXED
        if not layout.pages:
            self.zoom_changed.emit(layout.zoom)
            return
        around = around if around is not None else QPointF(self.viewport().rect().center())
        index = self.page_at(around.y())
        assert index is not None
        before = self.page_rect(index)  # still at the old zoom: the layout is not placed yet
        fx = (around.x() - before.left()) / max(before.width(), 1)
        fy = (around.y() - before.top()) / max(before.height(), 1)
        self._relayout(keep=False)
        after = self.page_rect(index)
        self.horizontalScrollBar().setValue(
            round(self._scroll().x() + after.left() + fx * after.width() - around.x())
        )
        self.verticalScrollBar().setValue(
            round(self._scroll().y() + after.top() + fy * after.height() - around.y())
        )
        self.zoom_changed.emit(layout.zoom)

    def set_fit(self, fit: str) -> None:
        self.layout_.fit = fit
        self._relayout()
        self.zoom_changed.emit(self.zoom)

    def zoom_in(self, around: QPointF | None = None) -> None:
        larger = [z for z in ZOOM_STEPS if z > self.zoom * 1.01]
        self.set_zoom(larger[0] if larger else MAX_ZOOM, around)

    def zoom_out(self, around: QPointF | None = None) -> None:
        smaller = [z for z in ZOOM_STEPS if z < self.zoom / 1.01]
        self.set_zoom(smaller[-1] if smaller else MIN_ZOOM, around)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y()
            if steps > 0:
                self.zoom_in(event.position())
            elif steps < 0:
                self.zoom_out(event.position())
            event.accept()
            return
        super().wheelEvent(event)

    # -- pages in view -----------------------------------------------------------------------

    def go_to_page(self, index: int) -> None:
        """Show page ``index`` from its top, now or as soon as the pages are laid out."""
        self.forget_target()
        self._target_page = index
        self._follow_target()

    def forget_target(self) -> None:
        """Stop keeping a page or passage in view (the reader moved the pages)."""
        self._target_page = None

    def _follow_target(self) -> None:
        """Scroll to the page or passage asked for, with what is known of the layout now."""
        index = self._target_page
        if index is not None and 0 <= index < self.page_count:
            self.verticalScrollBar().setValue(round(self.layout_.tops[index] - MARGIN / 2))
            self._request_pages()
            self._update_current_page()

    def find_page(self, label: str) -> int | None:
        """The page printed with ``label`` (any case), else the ``label``-th page."""
        wanted = label.strip().casefold().removeprefix("p.").strip()
        for index in range(self.page_count):
            if self.page_label(index).casefold() == wanted:
                return index
        if wanted.isdigit() and 1 <= int(wanted) <= self.page_count:
            return int(wanted) - 1
        return None

    def _update_current_page(self) -> None:
        index = self.page_at(self.viewport().height() / 3)
        if index is not None and index != self._current_page:
            self._current_page = index
            self.current_page_changed.emit(index)

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt override
        self.viewport().update()
        self._update_current_page()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.layout_.pages:
            self._relayout()
            self._follow_target()
            if self.fit != FIXED:
                self.zoom_changed.emit(self.zoom)

    # -- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self.viewport())
        palette = self.palette()
        painter.fillRect(event.rect(), palette.dark())
        if not self.layout_.pages:
            painter.setPen(palette.brightText().color())
            message = self.error or _("Opening the pages…")
            painter.drawText(
                self.viewport().rect().adjusted(20, 20, -20, -20),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                message,
            )
            painter.end()
            return
        scale = self.pixels_per_point * self.devicePixelRatioF()
        for index in self._pages_between(event.rect().top(), event.rect().bottom()):
            rect = self.page_rect(index)
            painter.fillRect(rect.translated(2, 2), QColor(0, 0, 0, 60))
            painter.fillRect(rect, Qt.GlobalColor.white)
            image = self.cache.get(index, scale) or self.cache.any_of(index)
            if image is not None:
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                painter.drawImage(rect, image)
            self.paint_over_page(painter, index)
        painter.end()
        self._request_pages()

    def paint_over_page(self, painter: QPainter, index: int) -> None:
        """Paint over page ``index`` once its rendering is drawn (codings, the selection)."""
