"""Coding stripes: the margin beside a text that shows, line by line, which codes are where.

One lane per code present in the document, in codebook order; each coding is a bar in its
code's colour from the top of its first line to the bottom of its last, with the code's name
written downwards beside it, as far as the lane is free (up to the code's next coding).
Hovering a bar names the code and shows the memo and the passage; clicking it selects the
coding in the text.

The stripes live in the text view's left viewport margin (as a line-number area would) and
read everything from the view: its highlights and where its lines are laid out.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolTip, QWidget

from kutip.gui.viewer.highlights import Highlight

if TYPE_CHECKING:
    from kutip.gui.viewer.text_view import SourceView

#: Characters of a passage shown in a stripe's tooltip.
_SNIPPET = 160


@dataclass(frozen=True)
class Lane:
    code_id: int
    name: str
    color: str
    #: The coder whose codings the lane holds, when coders are side by side.
    coder_id: int | None = None


@dataclass(frozen=True)
class Bar:
    """One coding's stripe: its lane and its vertical extent in document coordinates."""

    highlight: Highlight
    lane: int
    top: float
    bottom: float


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


class CodingStripes(QWidget):
    def __init__(self, view: SourceView) -> None:
        super().__init__(view)
        self.setObjectName("coding_stripes")
        self._view = view
        self.lanes: list[Lane] = []
        #: One lane per code and coder (coders side by side), and only one coder's codings.
        self.side_by_side = False
        self.only_coder: int | None = None
        self._bars: list[Bar] | None = None
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
        self.setFont(font)
        self.setMouseTracking(True)
        view.verticalScrollBar().valueChanged.connect(self.update)
        view.document().documentLayout().documentSizeChanged.connect(self._layout_changed)

    # -- geometry ----------------------------------------------------------------------------

    #: The bar's width, and the gap between it and its name, in pixels.
    BAR, GAP = 5, 2

    @property
    def lane_width(self) -> int:
        return self.BAR + self.GAP + self.fontMetrics().height() + 2

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

    def set_coders(self, *, side_by_side: bool, only: int | None = None) -> None:
        """Show each coder's codings of a code in a lane of their own (named "code · coder"),
        and/or only the codings of the coder ``only``."""
        self.side_by_side, self.only_coder = side_by_side, only
        self.refresh()

    def _shown(self) -> list[Highlight]:
        return [h for h in self._view.highlights if self.only_coder in (None, h.coder_id)]

    def _lane_key(self, highlight: Highlight) -> tuple[int, int | None]:
        return highlight.code_id, highlight.coder_id if self.side_by_side else None

    def refresh(self) -> None:
        """The view's highlights changed: lanes, margin and bars follow."""
        present: dict[tuple[int, int | None], Highlight] = {}
        for highlight in self._shown():
            present.setdefault(self._lane_key(highlight), highlight)
        ordered = sorted(present.values(), key=lambda h: (h.rank, h.coder_name))
        self.lanes = [
            Lane(h.code_id, f"{h.code_name} · {h.coder_name}", h.color, h.coder_id)
            if self.side_by_side
            else Lane(h.code_id, h.code_name, h.color)
            for h in ordered
        ]
        self._view.setViewportMargins(self.needed_width(), 0, 0, 0)
        self.place()
        self._bars = None
        self.update()

    def _layout_changed(self) -> None:
        self._bars = None
        self.update()

    def bars(self) -> list[Bar]:
        """Every coding's bar, longest first (so shorter ones are drawn on top)."""
        if self._bars is None:
            lane_of = {(lane.code_id, lane.coder_id): i for i, lane in enumerate(self.lanes)}
            bars = []
            for highlight in self._shown():
                rects = self._view.line_rects(highlight.start, highlight.end)
                key = self._lane_key(highlight)
                if not rects or key not in lane_of:
                    continue
                top = min(r.top() for r in rects)
                bottom = max(r.bottom() for r in rects)
                bars.append(Bar(highlight, lane_of[key], top, bottom))
            bars.sort(key=lambda b: b.top - b.bottom)
            self._bars = bars
        return self._bars

    def _label_room(self, bar: Bar, bars: list[Bar]) -> int:
        """How long a label the bar's lane has room for: down to the lane's next bar."""
        below = [b.top for b in bars if b.lane == bar.lane and b.top > bar.top + 1]
        end = min(below) - 4 if below else bar.top + 400
        return max(0, int(end - bar.top - 2))

    def bar_at(self, pos: QPoint) -> Bar | None:
        """The bar under ``pos``; of overlapping ones, the shortest."""
        hits = [b for b in self.bars() if self.bar_rect(b).adjusted(-1, 0, 1, 0).contains(pos)]
        return min(hits, key=lambda b: b.bottom - b.top) if hits else None

    # -- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.alternateBase())
        painter.setPen(palette.mid().color())
        painter.drawLine(self.width() - 1, 0, self.width() - 1, self.height())
        visible = QRectF(self.rect())
        selected = self._view.selected_segment
        metrics = self.fontMetrics()
        bars = self.bars()
        for bar in bars:
            rect = self.bar_rect(bar)
            room = self._label_room(bar, bars)
            if not QRectF(
                rect.left(), rect.top(), self.lane_width, max(rect.height(), room)
            ).intersects(visible):
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
            name = metrics.elidedText(self.lanes[bar.lane].name, Qt.TextElideMode.ElideRight, room)
            if room < metrics.horizontalAdvance("Ab…") or not name:
                continue
            painter.save()
            painter.translate(rect.right() + self.GAP + metrics.height(), rect.top())
            painter.rotate(90)
            painter.setPen(_label_color(color, palette.alternateBase().color()))
            painter.drawText(
                QRectF(0, 0, room, metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                name,
            )
            painter.restore()
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
                QToolTip.showText(event.globalPos(), self._tooltip(bar.highlight), self)
            return True
        return super().event(event)

    def _tooltip(self, highlight: Highlight) -> str:
        passage = " ".join(self._view.text[highlight.start : highlight.end].split())
        if len(passage) > _SNIPPET:
            passage = passage[: _SNIPPET - 1].rstrip() + "…"
        parts = [
            f'<span style="color:{highlight.color}">■</span> <b>{html.escape(highlight.code_name)}'
            "</b>",
            f"“{html.escape(passage)}”",
        ]
        if highlight.memo:
            parts.append(f"<i>{html.escape(highlight.memo)}</i>")
        if highlight.coder_name:
            parts.append(html.escape(highlight.coder_name))
        return "<br>".join(parts)
