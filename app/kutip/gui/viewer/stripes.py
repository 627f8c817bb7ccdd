"""Coding stripes: the margin beside a text that shows, line by line, which codes are where.

One lane per code present in the document, in codebook order; each coding is a bar in its
code's colour from the top of its first line to the bottom of its last, with the code's name
written downwards beside it, as far as the lane is free (up to the code's next coding).
Hovering a bar names the code and shows the memo and the passage; clicking it selects the
coding in the text.

The stripes live in the text view's left viewport margin (as a line-number area would) and
read everything from the view: its highlights and where its lines are laid out. The lane
rules are ``lanes``'; how a bar and its name are drawn (``paint_bars``) and its tooltip
(``stripe_tooltip``) are shared with the stripes beside PDF pages (``pdf_stripes``).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from kutip.gui.viewer.highlights import Highlight
from kutip.gui.viewer.lanes import Bar, Lane, LaneRules, innermost, label_room, span

if TYPE_CHECKING:
    from kutip.gui.viewer.text_view import SourceView

__all__ = ["Bar", "CodingStripes", "Lane", "paint_bars", "stripe_tooltip"]

#: Characters of a passage shown in a stripe's tooltip.
_SNIPPET = 160
#: A bar's width, and the gap between it and its name, in pixels.
BAR_WIDTH, LABEL_GAP = 5, 2


def _luminance(color: QColor) -> float:
    return 0.2126 * color.redF() + 0.7152 * color.greenF() + 0.0722 * color.blueF()


def _label_color(color: QColor, background: QColor) -> QColor:
    """The code's colour, darkened (or lightened) until it reads on the margin's background."""
    label = QColor(color)
    dark_background = _luminance(background) < 0.5
    for _step in range(6):
        if abs(_luminance(label) - _luminance(background)) >= 0.45:
            break
        label = label.lighter(130) if dark_background else label.darker(130)
    return label


def stripe_font(font: QFont) -> QFont:
    """The stripes' names: a size smaller than the text beside them."""
    smaller = QFont(font)
    smaller.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
    return smaller


def lane_width(metrics: QFontMetrics) -> int:
    """A lane: the bar, a gap, the name written downwards beside it, a little air."""
    return BAR_WIDTH + LABEL_GAP + metrics.height() + 2


def paint_bars(
    painter: QPainter,
    bars: Sequence[Bar],
    lanes: Sequence[Lane],
    rect_of: Callable[[Bar], QRectF],
    room_of: Callable[[Bar], int],
    *,
    visible: QRectF,
    selected: int | None,
    background: QColor,
) -> None:
    """Draw ``bars`` (at ``rect_of``, in the painter's coordinates), each with its lane's name
    written downwards beside it in the room ``room_of`` gives; the ``selected`` coding's bar
    outlined. Shared by the text's and the PDF pages' stripes."""
    metrics = painter.fontMetrics()
    width = lane_width(metrics)
    for bar in bars:
        rect = rect_of(bar)
        room = room_of(bar)
        if not QRectF(rect.left(), rect.top(), width, max(rect.height(), room)).intersects(visible):
            continue
        color = QColor(bar.highlight.color)
        if bar.highlight.segment_id == selected:
            painter.setPen(color.darker(170))
            rect = rect.adjusted(-1, -1, 1, 1)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(rect, 2, 2)
        # The code's name, reading downwards beside the bar, while its lane is free.
        name = metrics.elidedText(lanes[bar.lane].name, Qt.TextElideMode.ElideRight, room)
        if room < metrics.horizontalAdvance("Ab…") or not name:
            continue
        painter.save()
        painter.translate(rect.right() + LABEL_GAP + metrics.height(), rect.top())
        painter.rotate(90)
        painter.setPen(_label_color(color, background))
        painter.drawText(
            QRectF(0, 0, room, metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            name,
        )
        painter.restore()


def stripe_tooltip(highlight: Highlight, text: str) -> str:
    """A bar's tooltip: the code (with a swatch), the passage, the memo, the coder."""
    passage = " ".join(text[highlight.start : highlight.end].split())
    if len(passage) > _SNIPPET:
        passage = passage[: _SNIPPET - 1].rstrip() + "…"
    parts = [
        f'<span style="color:{highlight.color}">■</span> <b>{html.escape(highlight.code_name)}</b>',
        f"“{html.escape(passage)}”",
    ]
    if highlight.memo:
        parts.append(f"<i>{html.escape(highlight.memo)}</i>")
    if highlight.coder_name:
        parts.append(html.escape(highlight.coder_name))
    return "<br>".join(parts)


class CodingStripes(QWidget):
    def __init__(self, view: SourceView) -> None:
        super().__init__(view)
        self.setObjectName("coding_stripes")
        self._view = view
        self.lanes: list[Lane] = []
        self.rules = LaneRules()
        self._bars: list[Bar] | None = None
        self.setFont(stripe_font(self.font()))
        self.setMouseTracking(True)
        view.verticalScrollBar().valueChanged.connect(self.update)
        view.document().documentLayout().documentSizeChanged.connect(self._layout_changed)

    # -- geometry ----------------------------------------------------------------------------

    BAR, GAP = BAR_WIDTH, LABEL_GAP

    @property
    def lane_width(self) -> int:
        return lane_width(self.fontMetrics())

    @property
    def bar_width(self) -> int:
        return self.BAR

    def needed_width(self) -> int:
        # At least one lane, so the text does not jump sideways at the first coding.
        return max(1, len(self.lanes)) * self.lane_width + 6

    def place(self) -> None:
        area = self._view.contentsRect()
        self.setGeometry(area.left(), area.top(), self.needed_width(), area.height())

    def lane_rect(self, lane: int) -> QRectF:
        """A lane's horizontal extent (and the widget's height), in this widget's coordinates."""
        return QRectF(4 + lane * self.lane_width, 0, self.bar_width, self.height())

    def bar_rect(self, bar: Bar) -> QRectF:
        """Where a bar is drawn now, in this widget's coordinates."""
        scroll = self._view.verticalScrollBar().value()
        # Widget y = viewport y (the stripes share the viewport's top edge).
        lane = self.lane_rect(bar.lane)
        return QRectF(lane.left(), bar.top - scroll, lane.width(), bar.bottom - bar.top)

    # -- content -----------------------------------------------------------------------------

    @property
    def side_by_side(self) -> bool:
        return self.rules.side_by_side

    @property
    def only_coder(self) -> int | None:
        return self.rules.only_coder

    def set_coders(self, *, side_by_side: bool, only: int | None = None) -> None:
        """Show each coder's codings of a code in a lane of their own (named "code · coder"),
        and/or only the codings of the coder ``only``."""
        self.rules = LaneRules(side_by_side, only)
        self.refresh()

    def refresh(self) -> None:
        """The view's highlights changed: lanes, margin and bars follow."""
        self.lanes = self.rules.lanes(self._view.highlights)
        self._view.setViewportMargins(self.needed_width(), 0, 0, 0)
        self.place()
        self._bars = None
        self.update()

    def _layout_changed(self) -> None:
        self._bars = None
        self.update()

    def _lines(self, highlight: Highlight) -> tuple[float, float] | None:
        rects = self._view.line_rects(highlight.start, highlight.end)
        return span((r.top(), r.bottom()) for r in rects)

    def bars(self) -> list[Bar]:
        """Every coding's bar, longest first (so shorter ones are drawn on top)."""
        if self._bars is None:
            self._bars = self.rules.bars(self._view.highlights, self.lanes, self._lines)
        return self._bars

    def bar_at(self, pos: QPoint) -> Bar | None:
        """The bar under ``pos``; of overlapping ones, the shortest."""
        return innermost(
            b for b in self.bars() if self.bar_rect(b).adjusted(-1, 0, 1, 0).contains(pos)
        )

    # -- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.alternateBase())
        painter.setPen(palette.mid().color())
        painter.drawLine(self.width() - 1, 0, self.width() - 1, self.height())
        bars = self.bars()
        paint_bars(
            painter,
            bars,
            self.lanes,
            self.bar_rect,
            lambda bar: label_room(bar, bars),
            visible=QRectF(self.rect()),
            selected=self._view.selected_segment,
            background=palette.alternateBase().color(),
        )
        painter.end()

    # -- the mouse -----------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        over = self.bar_at(event.position().toPoint()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        bar = self.bar_at(event.position().toPoint())
        self._view.setFocus(Qt.FocusReason.MouseFocusReason)
        self._view.select_segment(bar.highlight.segment_id if bar is not None else None)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            bar = self.bar_at(event.pos())
            if bar is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(
                    event.globalPos(), stripe_tooltip(bar.highlight, self._view.text), self
                )
            return True
        return super().event(event)
