"""Dragging the selected coding's ends on a PDF's pages, as in the text view.

The selected coding shows a handle at its start (the left edge of its first box, a knob above)
and at its end (the right edge of its last box, a knob below). Pressing on one and dragging
moves that end to the character gap nearest the mouse (``caret_at``), on any page whose text
is here, scrolling when the mouse leaves the view; the highlight follows as the mouse moves,
the project only on release (one undoable step, through the view's ``segment_resized``). Esc
puts the coding back as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from kutip.gui.viewer.highlights import Highlight
from kutip.gui.viewer.ranges import trimmed

if TYPE_CHECKING:
    from kutip.gui.viewer.pdf_pages import PdfPagesView

START, END = "start", "end"


class CodingEnds:
    """The selected coding's handles on one PDF view's pages, and a drag of one of them."""

    #: How near (in pixels) to a handle the mouse grabs it, and its knob's radius.
    GRAB, KNOB = 5, 3.5

    def __init__(self, view: PdfPagesView) -> None:
        self._view = view
        #: While an end is dragged: (which end, start, end) of the range as it would be.
        self.dragging: tuple[str, int, int] | None = None

    def _selected(self) -> Highlight | None:
        return self._view.highlight(self._view.selected_segment)

    def shown_range(self, highlight: Highlight) -> tuple[int, int]:
        """A coding's range as drawn: while one of its ends is dragged, where it would go."""
        if self.dragging is not None and highlight.segment_id == self._view.selected_segment:
            return self.dragging[1], self.dragging[2]
        return highlight.start, highlight.end

    # -- where the handles are ---------------------------------------------------------------

    def _page_of(self, offset: int, *, at_end: bool) -> int | None:
        """The page holding the character at ``offset`` (``at_end``: the one before it)."""
        for index, page in enumerate(self._view.pages):
            if (page.start < offset <= page.end) if at_end else (page.start <= offset < page.end):
                return index
        return None

    def handles(self) -> list[tuple[str, int, QRectF]]:
        """(end, page, the edge's line in viewport coordinates) of the selected coding's
        handles on pages whose text is here."""
        highlight = self._selected()
        if highlight is None:
            return []
        view = self._view
        start, end = self.shown_range(highlight)
        found = []
        for edge, offset in ((START, start), (END, end)):
            index = self._page_of(offset, at_end=edge == END)
            boxes = view.boxes(index, start, end) if index is not None else []
            if index is None or not boxes:
                continue
            box = view.box_to_view(index, boxes[0] if edge == START else boxes[-1])
            x = box.left() if edge == START else box.right()
            found.append((edge, index, QRectF(x, box.top(), 0, box.height())))
        return found

    def edge_at(self, point: QPointF) -> str | None:
        """Which handle of the selected coding is at viewport ``point``, if any."""
        for edge, _index, line in self.handles():
            knob = 2 * self.KNOB + 1
            top = line.top() - (knob if edge == START else 0)
            bottom = line.bottom() + (knob if edge == END else 0)
            if QRectF(line.left() - self.GRAB, top, 2 * self.GRAB, bottom - top).contains(point):
                return edge
        return None

    # -- a drag --------------------------------------------------------------------------------

    def begin(self, edge: str) -> bool:
        highlight = self._selected()
        if highlight is None:
            return False
        self.dragging = (edge, highlight.start, highlight.end)
        return True

    def move(self, point: QPointF) -> None:
        """The mouse is at viewport ``point``: the dragged end goes to the gap nearest it."""
        if self.dragging is None:
            return
        edge, start, end = self.dragging
        caret = self._view.caret_at(point)
        if caret is not None:
            if edge == START and caret < end:
                start = caret
            elif edge == END and caret > start:
                end = caret
            self.dragging = (edge, start, end)
        self._view.viewport().update()

    def finish(self) -> tuple[int, int] | None:
        """The mouse let go: the coding's new range, without white space at its ends, or
        None if it did not change."""
        dragging, self.dragging = self.dragging, None
        highlight = self._selected()
        self._view.viewport().update()
        if dragging is None or highlight is None:
            return None
        new = trimmed(self._view.source_text, dragging[1], dragging[2])
        return new if new is not None and new != (highlight.start, highlight.end) else None

    def cancel(self) -> bool:
        """Esc: the coding stays as it was. Whether a drag was going on."""
        if self.dragging is None:
            return False
        self.dragging = None
        self._view.viewport().update()
        return True

    # -- painting ----------------------------------------------------------------------------

    def paint(self, painter: QPainter, index: int) -> None:
        """The handles on page ``index`` (the painter in viewport coordinates)."""
        highlight = self._selected()
        handles = [h for h in self.handles() if h[1] == index]
        if highlight is None or not handles:
            return
        color = QColor(highlight.color).darker(150)
        pen = QPen(color)
        pen.setWidthF(2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.setBrush(color)
        for edge, _index, line in handles:
            painter.drawLine(line.topLeft(), line.bottomLeft())
            knob = line.topLeft() - QPointF(0, self.KNOB) if edge == START else line.bottomLeft()
            if edge == END:
                knob += QPointF(0, self.KNOB)
            painter.drawEllipse(knob, self.KNOB, self.KNOB)
        painter.restore()

    def cursor(self, point: QPointF) -> Qt.CursorShape | None:
        """The mouse's shape over a handle (None elsewhere)."""
        return Qt.CursorShape.SizeHorCursor if self.edge_at(point) is not None else None
