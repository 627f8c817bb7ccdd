"""Coding stripes beside a PDF's pages, as the text view has them in its margin.

Each page gets a margin panel at its left (``PdfPageArea`` keeps room for it: the layout's
gutter) with the document's lanes: one per code present (per code and coder when coders are
side by side, ``set_coders``), laid out by the same rules as the text's stripes (``lanes``).
A coding's bar on a page spans the boxes of its characters on that page, so a coding running
over two pages has a bar beside each. Bars are worked out once per page in page points (the
zoom only scales them) and forgotten when the codings, the coder filter or the page's text
change: painting a page costs a few rectangles.

The view asks: ``paint`` (in ``paint_over_page``), ``bar_at`` (clicks, the cursor, tooltips).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetrics, QPainter

from kutip.gui.viewer.highlights import Highlight
from kutip.gui.viewer.lanes import Bar, Lane, LaneRules, innermost, label_room, span
from kutip.gui.viewer.stripes import BAR_WIDTH, lane_width, paint_bars, stripe_font

if TYPE_CHECKING:
    from kutip.gui.viewer.pdf_pages import PdfPagesView


class PdfStripes:
    """The coding stripes of one PDF view's pages."""

    #: Space between a page's left edge and its stripes' panel, in pixels.
    GAP = 4

    def __init__(self, view: PdfPagesView) -> None:
        self._view = view
        self.rules = LaneRules()
        self.lanes: list[Lane] = []
        self.font = stripe_font(view.font())
        self._metrics = QFontMetrics(self.font)
        #: Per page, its bars with top and bottom in page points (rotation applied).
        self._bars: dict[int, list[Bar]] = {}

    # -- content -----------------------------------------------------------------------------

    def set_coders(self, *, side_by_side: bool, only: int | None = None) -> None:
        """Show each coder's codings of a code in a lane of their own (named "code · coder"),
        and/or only the codings of the coder ``only``."""
        self.rules = LaneRules(side_by_side, only)
        self._view.refresh_stripes()

    def refresh(self) -> None:
        """The view's codings changed: the lanes follow; every page's bars are worked out anew."""
        self.lanes = self.rules.lanes(self._view.highlights)
        self._bars.clear()

    def forget_page(self, index: int) -> None:
        """Page ``index``'s text arrived (or changed): its bars follow its boxes."""
        self._bars.pop(index, None)

    # -- geometry ----------------------------------------------------------------------------

    @property
    def lane_width(self) -> int:
        return lane_width(self._metrics)

    def needed_width(self) -> int:
        # At least one lane, so the pages do not move sideways at the first coding.
        return max(1, len(self.lanes)) * self.lane_width + 6

    def gutter(self) -> int:
        """The room the stripes take at the left of a page (the layout keeps it free)."""
        return self.needed_width() + self.GAP

    def panel_rect(self, index: int) -> QRectF:
        """The stripes' panel beside page ``index``, in viewport coordinates."""
        page = self._view.page_rect(index)
        width = self.needed_width()
        return QRectF(page.left() - self.GAP - width, page.top(), width, page.height())

    def bars(self, index: int) -> list[Bar]:
        """The bars beside page ``index`` (top and bottom in page points), longest first;
        none until the page's text (its characters' boxes) is here."""
        found = self._bars.get(index)
        if found is not None:
            return found
        view = self._view
        if index not in view.texts or index >= len(view.layout_.pages):
            return []
        to_page = view.layout_.pages[index].text_to_page

        def rows(highlight: Highlight) -> tuple[float, float] | None:
            rects = (
                to_page.mapRect(QRectF(QPointF(b[0], b[1]), QPointF(b[2], b[3])))
                for b in view.boxes(index, highlight.start, highlight.end)
            )
            return span((r.top(), r.bottom()) for r in rects)

        found = self.rules.bars(view.highlights, self.lanes, rows)
        self._bars[index] = found
        return found

    def bar_rect(self, index: int, bar: Bar) -> QRectF:
        """Where ``bar`` of page ``index`` is drawn now, in viewport coordinates."""
        panel = self.panel_rect(index)
        scale = self._view.pixels_per_point
        return QRectF(
            panel.left() + 4 + bar.lane * self.lane_width,
            panel.top() + bar.top * scale,
            BAR_WIDTH,
            max(1.0, (bar.bottom - bar.top) * scale),
        )

    def bar_at(self, point: QPointF) -> Bar | None:
        """The bar under viewport ``point``; of overlapping ones, the shortest."""
        view = self._view
        index = view.page_at(point.y())
        if index is None or not self.panel_rect(index).adjusted(-2, 0, 2, 0).contains(point):
            return None
        return innermost(
            bar
            for bar in self.bars(index)
            if self.bar_rect(index, bar).adjusted(-1, -1, 1, 1).contains(point)
        )

    # -- painting ----------------------------------------------------------------------------

    def paint(self, painter: QPainter, index: int) -> None:
        """The panel and bars beside page ``index`` (the painter in viewport coordinates)."""
        if not self.lanes:
            return
        panel = self.panel_rect(index)
        palette = self._view.palette()
        background = palette.alternateBase().color()
        painter.save()
        painter.fillRect(panel.translated(2, 2), QColor(0, 0, 0, 60))  # the page's shadow
        painter.fillRect(panel, background)
        bars = self.bars(index)
        if bars:
            painter.setFont(self.font)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            # Names run down their lane in pixels: lay the page's bars out at this zoom.
            scale = self._view.pixels_per_point
            shown = {
                id(bar): Bar(bar.highlight, bar.lane, bar.top * scale, bar.bottom * scale)
                for bar in bars
            }
            scaled = list(shown.values())
            paint_bars(
                painter,
                bars,
                self.lanes,
                lambda bar: self.bar_rect(index, bar),
                lambda bar: label_room(shown[id(bar)], scaled, limit=panel.height()),
                visible=panel.intersected(QRectF(self._view.viewport().rect())),
                selected=self._view.selected_segment,
                background=background,
            )
        painter.restore()
