"""A PDF's pages as a reader uses them: text selection, coding highlights, tooltips, drops.

The pages themselves (layout, zoom, rendering off the GUI thread, page texts) are
``PdfPageArea``'s (``pdf_page_area``). A drag selects from the character gap nearest the press
to the one nearest the mouse, in reading order (``[min, max)`` of the two), on one page or
across pages; page text offsets plus the page's start are the source's offsets, so a selection
codes exactly what the stored text holds there, and a coding is highlighted with the boxes of
exactly its characters (``PageText.rects``). Coding stripes stand beside the pages
(``pdf_stripes``); the selected coding's ends can be dragged (``pdf_ends``).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import QApplication, QMenu, QToolTip, QWidget

from kutip.gui.core.items import code_from_mime
from kutip.gui.core.tasks import TaskRunner
from kutip.gui.viewer.find_bar import CURRENT_COLOR, MATCH_COLOR
from kutip.gui.viewer.highlights import (
    HIGHLIGHT_ALPHA,
    SELECTED_ALPHA,
    Highlight,
    load_highlights,
    tooltip_html,
)
from kutip.gui.viewer.pdf_ends import CodingEnds
from kutip.gui.viewer.pdf_page_area import PdfPageArea
from kutip.gui.viewer.pdf_stripes import PdfStripes
from kutip.gui.viewer.ranges import next_word_end, previous_word_start, scroll_to_show
from kutip.gui.viewer.stripes import stripe_tooltip
from kutip.i18n import _
from kutip.ingest.pdf.pagetext import Box
from kutip.project import Project


def _union(rects: Iterable[QRectF]) -> QRectF:
    found = QRectF()
    for rect in rects:
        found = found.united(rect)
    return found


class PdfPagesView(PdfPageArea):
    """The pages of a PDF source as a reader uses them: codings highlighted, text selected with
    the mouse or the keys, a coding selected, tooltips, a context menu, codes dropped."""

    #: The selected coding changed; carries its segment id, or None.
    segment_selected = Signal(object)
    #: A code was dropped on a passage: (code id, (start, end)).
    code_dropped = Signal(int, object)
    #: The selected coding's end was dragged: (segment id, (start, end)), its new range.
    segment_resized = Signal(int, object)

    def __init__(
        self,
        project: Project,
        source_id: int,
        runner: TaskRunner,
        *,
        selectable: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(project, source_id, runner, selectable=selectable, parent=parent)
        self.setObjectName("pdf_pages")
        self.highlights: list[Highlight] = []
        self.selected_segment: int | None = None
        self.selection: tuple[int, int] | None = None
        #: Source ranges marked in the find style (a search hit's matched words).
        self.marks: list[tuple[int, int]] = []
        #: The find bar's matches, and which of them is current (drawn in its own colour).
        self.find_marks: list[tuple[int, int]] = []
        self.find_current: int | None = None
        self.context_actions: list[QAction] = []
        self._boxes: dict[tuple[int, int, int, int], list[Box]] = {}
        #: Where a selection started (the press, or a keyboard selection's start) and where
        #: its moving end is: source offsets.
        self._anchor: int | None = None
        self._caret: int | None = None
        self._press: QPoint | None = None
        self._dragged = False
        #: A source range kept in view until the reader moves the pages (``reveal``).
        self._target: tuple[int, int] | None = None
        self.stripes = PdfStripes(self)
        self.ends = CodingEnds(self)
        self.loader.text_ready.connect(self.stripes.forget_page)

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.viewport().setAcceptDrops(True)
        self.copy_action = QAction(_("&Copy"), self)
        self.copy_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy)
        self.addAction(self.copy_action)
        self.refresh(emit=False)
        self.loader.start()

    # -- the project's data ----------------------------------------------------------------

    @property
    def text(self) -> str:
        return self.source_text

    def refresh(self, *, emit: bool = True) -> None:
        """Read the codings (and page labels) again and redraw."""
        self.highlights = load_highlights(self.project, self.source_id)
        self.pages = self.project.sources.pages(self.source_id)
        self._boxes.clear()
        if self.selected_segment is not None:
            if self.highlight(self.selected_segment) is None:
                self.selected_segment = None
            if emit:
                self.segment_selected.emit(self.selected_segment)
        self.refresh_stripes()

    def refresh_stripes(self) -> None:
        """Lanes and bars follow the codings (and the coder filter); the pages make room."""
        self.stripes.refresh()
        self.set_gutter(self.stripes.gutter() if self.selectable or self.stripes.lanes else 0)
        self.viewport().update()

    def highlight(self, segment_id: int | None) -> Highlight | None:
        return next((h for h in self.highlights if h.segment_id == segment_id), None)

    def _page_range(self, index: int) -> tuple[int, int] | None:
        if index >= len(self.pages):
            return None
        page = self.pages[index]
        return page.start, page.end

    def boxes(self, index: int, start: int, end: int) -> list[Box]:
        """Text-coordinate boxes of source range ``[start, end)`` on page ``index``."""
        bounds = self._page_range(index)
        text = self.texts.get(index)
        if bounds is None or text is None or text.boxes is None:
            return []
        first, last = max(start, bounds[0]), min(end, bounds[1])
        if first >= last:
            return []
        key = (index, first, last, len(text.text))
        if key not in self._boxes:
            self._boxes[key] = text.rects(first - bounds[0], last - bounds[0])
        return self._boxes[key]

    def highlight_rects(self, segment_id: int) -> list[tuple[int, QRectF]]:
        """(page, viewport rectangle) of every piece of a coding's highlight on loaded pages."""
        highlight = self.highlight(segment_id)
        if highlight is None:
            return []
        return [
            (index, self.box_to_view(index, box))
            for index in sorted(self.texts)
            for box in self.boxes(index, highlight.start, highlight.end)
        ]

    def set_marks(self, ranges: list[tuple[int, int]]) -> None:
        """Mark source ``ranges`` on the pages in the find style (an empty list clears them)."""
        self.marks = list(ranges)
        self.viewport().update()

    def set_find_marks(self, ranges: list[tuple[int, int]], current: int | None) -> None:
        """Mark the find bar's matches, ``current`` (an index into them) apart."""
        self.find_marks, self.find_current = list(ranges), current
        self.viewport().update()

    def paint_over_page(self, painter: QPainter, index: int) -> None:
        self.stripes.paint(painter, index)
        self._paint_codings(painter, index)
        self._paint_selection(painter, index)
        # Over the selection: a search hit's words and the current find match stay visible
        # although they are selected too.
        self._paint_marks(painter, index)
        self.ends.paint(painter, index)

    def _paint_marks(self, painter: QPainter, index: int) -> None:
        bounds = self._page_range(index)
        if not (self.marks or self.find_marks) or bounds is None:
            return
        match, current = QColor(MATCH_COLOR), QColor(CURRENT_COLOR)
        painter.save()
        painter.setTransform(self.page_transform(index))
        # As a highlighter pen: the page shows through in the colour, black letters stay black.
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
        marks = [(r, match) for r in self.marks]
        marks += [
            (r, current if n == self.find_current else match) for n, r in enumerate(self.find_marks)
        ]
        for (start, end), color in marks:
            if end <= bounds[0] or start >= bounds[1]:
                continue  # on another page (a find may mark thousands)
            for box in self.boxes(index, start, end):
                painter.fillRect(QRectF(QPointF(box[0], box[1]), QPointF(box[2], box[3])), color)
        painter.restore()

    def _paint_codings(self, painter: QPainter, index: int) -> None:
        bounds = self._page_range(index)
        if bounds is None or index not in self.texts:
            return
        painter.save()
        painter.setTransform(self.page_transform(index))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        selected = None
        for highlight in self.highlights:
            if highlight.end <= bounds[0] or highlight.start >= bounds[1]:
                continue
            boxes = self.boxes(index, *self.ends.shown_range(highlight))
            color = QColor(highlight.color)
            is_selected = highlight.segment_id == self.selected_segment
            color.setAlpha(SELECTED_ALPHA if is_selected else HIGHLIGHT_ALPHA)
            for box in boxes:
                painter.fillRect(QRectF(QPointF(box[0], box[1]), QPointF(box[2], box[3])), color)
            if is_selected:
                selected = (highlight, boxes)
        if selected is not None:
            pen = QPen(QColor(selected[0].color).darker(140))
            pen.setCosmetic(True)
            pen.setWidthF(1.5)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            for box in selected[1]:
                painter.drawRect(QRectF(QPointF(box[0], box[1]), QPointF(box[2], box[3])))
        painter.restore()

    def _paint_selection(self, painter: QPainter, index: int) -> None:
        if self.selection is None:
            return
        if self.find_current is not None and self.selection == self.find_marks[self.find_current]:
            return  # the find bar's current match: drawn as such (orange), as browsers do
        boxes = self.boxes(index, *self.selection)
        if not boxes:
            return
        # The palette's selection colour, translucent over the text and outlined, so that it
        # stays apart from a coding in a similar colour.
        edge = QColor(self.palette().highlight().color())
        fill = QColor(edge)
        fill.setAlpha(110)
        pen = QPen(edge)
        pen.setCosmetic(True)
        painter.save()
        painter.setTransform(self.page_transform(index))
        painter.setPen(pen)
        painter.setBrush(fill)
        for box in boxes:
            painter.drawRect(QRectF(QPointF(box[0], box[1]), QPointF(box[2], box[3])))
        painter.restore()

    # -- selecting text ----------------------------------------------------------------------

    def caret_at(self, point: QPointF) -> int | None:
        """The source offset of the character gap nearest viewport ``point``."""
        index = self.page_at(point.y())
        if index is None or index not in self.texts or index >= len(self.pages):
            return None
        text = self.texts[index]
        at = self.view_to_text(index, point)
        char = text.index_at(at.x(), at.y())
        if char is None:
            return None
        box = text.boxes[char] if text.boxes is not None else None
        if box is not None and at.x() > (box[0] + box[2]) / 2:
            char += 1
        return self.pages[index].start + char

    def char_at(self, point: QPointF) -> int | None:
        """The source offset of the character nearest viewport ``point``."""
        index = self.page_at(point.y())
        if index is None or index not in self.texts or index >= len(self.pages):
            return None
        at = self.view_to_text(index, point)
        char = self.texts[index].index_at(at.x(), at.y())
        return None if char is None else self.pages[index].start + char

    def set_selection(self, start: int, end: int) -> None:
        if self._press is None:  # not dragging: the keyboard goes on from here
            self._anchor, self._caret = start, end
        self.selection = (min(start, end), max(start, end)) if start != end else None
        if self.selection is not None:
            self.select_segment(None)
        self.viewport().update()

    def selected_range(self) -> tuple[int, int] | None:
        return self.selection

    def selected_text(self) -> str:
        return self.source_text[self.selection[0] : self.selection[1]] if self.selection else ""

    def collapse_selection(self) -> None:
        self.selection = None
        self.viewport().update()

    def caret_position(self) -> int:
        if self.selection is not None:
            return self.selection[1]
        bounds = self._page_range(max(self._current_page, 0))
        return bounds[0] if bounds is not None else 0

    def copy(self) -> None:
        if self.selection is not None:
            QApplication.clipboard().setText(self.selected_text())

    def hits_at(self, point: QPointF) -> list[Highlight]:
        """The codings drawn under viewport ``point``, innermost first."""
        index = self.page_at(point.y())
        if index is None or index not in self.texts:
            return []
        at = self.view_to_text(index, point)
        found = [
            h
            for h in self.highlights
            if any(
                box[0] <= at.x() <= box[2] and box[1] <= at.y() <= box[3]
                for box in self.boxes(index, h.start, h.end)
            )
        ]
        return sorted(found, key=lambda h: (h.length, h.start, h.segment_id))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.forget_target()
        if self._press_on_margin(event.position()):
            return
        self._press = event.position().toPoint()
        self._dragged = False
        self._anchor = self.caret_at(event.position()) if self.selectable else None
        self._caret = self._anchor

    def _press_on_margin(self, pos: QPointF) -> bool:
        """A press on a handle starts dragging that end; on a stripe, selects its coding."""
        edge = self.ends.edge_at(pos)
        if edge is not None:
            return self.ends.begin(edge)
        bar = self.stripes.bar_at(pos)
        if bar is not None:
            self.collapse_selection()
            self.select_segment(bar.highlight.segment_id)
        return bar is not None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        pos = event.position()
        if self.ends.dragging is not None:
            self._autoscroll(pos)
            self.ends.move(pos)
            return
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            far = (
                pos.toPoint() - self._press
            ).manhattanLength() >= QApplication.startDragDistance()
            self._dragged = self._dragged or far
            if self._dragged and self._anchor is not None:
                self._autoscroll(pos)
                caret = self.caret_at(pos)
                if caret is not None:
                    self._caret = caret
                    self.set_selection(self._anchor, caret)
            return
        self._update_cursor(pos)

    def _autoscroll(self, pos: QPointF) -> None:
        bar = self.verticalScrollBar()
        if pos.y() < 0:
            bar.setValue(bar.value() + int(pos.y()))
        elif pos.y() > self.viewport().height():
            bar.setValue(bar.value() + int(pos.y() - self.viewport().height()))

    def _update_cursor(self, pos: QPointF) -> None:
        shape = self.ends.cursor(pos)
        if shape is None and self.stripes.bar_at(pos) is not None:
            shape = Qt.CursorShape.PointingHandCursor
        if shape is None:
            over = self._over_text(pos)
            shape = Qt.CursorShape.IBeamCursor if over else Qt.CursorShape.ArrowCursor
        self.viewport().setCursor(shape)

    def _over_text(self, pos: QPointF) -> bool:
        index = self.page_at(pos.y())
        if not self.selectable or index is None or index not in self.texts:
            return False
        at = self.view_to_text(index, pos)
        return any(
            line.bbox[0] <= at.x() <= line.bbox[2] and line.bbox[1] <= at.y() <= line.bbox[3]
            for line in self.texts[index].lines
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and self.ends.dragging is not None:
            segment_id = self.selected_segment
            new = self.ends.finish()
            if new is not None and segment_id is not None:
                self.segment_resized.emit(segment_id, new)
            return
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            super().mouseReleaseEvent(event)
            return
        self._press = None
        if self._dragged:
            return
        # A click: select the coding under it (again: the next one out), or nothing.
        self.collapse_selection()
        hits = self.hits_at(event.position())
        ids = [h.segment_id for h in hits]
        if not hits:
            self.select_segment(None)
        elif self.selected_segment in ids:
            self.select_segment(ids[(ids.index(self.selected_segment) + 1) % len(ids)])
        else:
            self.select_segment(ids[0])

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        char = self.char_at(event.position()) if self.selectable else None
        if char is None or not self.source_text[char : char + 1].strip():
            super().mouseDoubleClickEvent(event)
            return
        self.set_selection(
            previous_word_start(self.source_text, char + 1), next_word_end(self.source_text, char)
        )
        self._press = None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        bar = self.verticalScrollBar()
        if event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self.forget_target()
        if event.key() == Qt.Key.Key_Home:
            bar.setValue(bar.minimum())
        elif event.key() == Qt.Key.Key_End:
            bar.setValue(bar.maximum())
        elif event.key() == Qt.Key.Key_Escape and self.ends.cancel():
            pass  # a dragged end goes back; the coding stays selected
        elif event.key() == Qt.Key.Key_Escape:
            self.collapse_selection()
            self.select_segment(None)
        elif not self._extend_selection(event):
            super().keyPressEvent(event)

    def _extend_selection(self, event: QKeyEvent) -> bool:
        """Shift+←/→ moves the selection's end by a character, Ctrl+Shift+←/→ by a word."""
        modifiers = event.modifiers()
        key = event.key()
        if not (
            self.selectable
            and modifiers & Qt.KeyboardModifier.ShiftModifier
            and not modifiers & Qt.KeyboardModifier.AltModifier
            and key in (Qt.Key.Key_Left, Qt.Key.Key_Right)
        ):
            return False
        if self._caret is None or self._anchor is None:
            start = self.selection[1] if self.selection else self.caret_position()
            self._anchor = self._caret = start
        text = self.source_text
        by_word = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Right:
            caret = next_word_end(text, self._caret) if by_word else self._caret + 1
        else:
            caret = previous_word_start(text, self._caret) if by_word else self._caret - 1
        self._caret = max(0, min(len(text), caret))
        self.set_selection(self._anchor, self._caret)
        self.reveal(max(0, self._caret - 1), max(1, self._caret))
        return True

    # -- the selected coding -----------------------------------------------------------------

    def select_segment(self, segment_id: int | None, *, reveal: bool = False) -> None:
        highlight = self.highlight(segment_id)
        segment_id = highlight.segment_id if highlight is not None else None
        if reveal and highlight is not None:
            self.reveal(highlight.start, highlight.end)
        if segment_id == self.selected_segment:
            return
        self.selected_segment = segment_id
        self.viewport().update()
        self.segment_selected.emit(segment_id)

    def reveal(self, start: int, end: int) -> None:
        """Scroll so that source range ``[start, end)`` is in view, centred when it fits.

        The range is kept in view until the reader moves the pages: it is placed again when
        the page sizes arrive, when the view gets its size, and when the text of one of its
        pages arrives (its exact boxes replace the estimate until then), so a reveal asked
        for before the PDF is open, laid out or rendered still ends on the passage.
        """
        self.forget_target()
        self._target = (start, max(start + 1, end))
        self._follow_target()

    def forget_target(self) -> None:
        super().forget_target()
        self._target = None

    def _follow_target(self) -> None:
        super()._follow_target()
        rect = self.target_rect()
        if rect is None:
            return
        scroll = self._scroll()
        area = self.viewport().size()
        self.verticalScrollBar().setValue(
            scroll_to_show(rect.top(), rect.bottom(), area.height(), scroll.y())
        )
        self.horizontalScrollBar().setValue(
            scroll_to_show(rect.left(), rect.right(), area.width(), scroll.x())
        )
        self._request_pages()
        self._update_current_page()

    def target_rect(self) -> QRectF | None:
        """Where the passage being revealed is, in content coordinates (the viewport's at
        scroll 0): its characters' boxes where the page text is here, else an estimate
        (the share of the page the range takes, over the page's width)."""
        if self._target is None or not self.layout_.pages:
            return None
        start, end = self._target
        spanned = [
            i
            for i, page in enumerate(self.pages[: self.page_count])
            if page.start < end and start < max(page.end, page.start + 1)
        ]
        if not spanned:
            return None
        scroll = QPointF(self._scroll())
        found = QRectF()
        for index in spanned:
            if index in self.texts:
                rects = [self.box_to_view(index, box) for box in self.boxes(index, start, end)]
                if rects:
                    found = found.united(_union(rects).translated(scroll))
                    continue
            page = self.pages[index]
            length = max(1, page.end - page.start)
            top = max(0, start - page.start) / length
            bottom = min(length, end - page.start) / length
            rect = self.page_rect(index).translated(scroll)
            found = found.united(
                QRectF(
                    rect.left(),
                    rect.top() + top * rect.height(),
                    rect.width(),
                    max(1.0, (bottom - top) * rect.height()),
                )
            )
        return found

    def popup_anchor(self) -> QPoint:
        """Below the selection (or the selected coding), in global coordinates."""
        where = self.selection
        if where is None and self.highlight(self.selected_segment) is not None:
            highlight = self.highlight(self.selected_segment)
            assert highlight is not None
            where = (highlight.start, highlight.end)
        rects = []
        if where is not None:
            rects = [
                self.box_to_view(index, box)
                for index in sorted(self.texts)
                for box in self.boxes(index, *where)
            ]
        point = (
            rects[-1].bottomLeft().toPoint() + QPoint(0, 4)
            if rects
            else self.viewport().rect().center()
        )
        return self.viewport().mapToGlobal(point)

    # -- tooltips, context menu, drops -------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            bar = self.stripes.bar_at(QPointF(event.pos()))
            hits = self.hits_at(QPointF(event.pos())) if bar is None else []
            if bar is not None:
                tip = stripe_tooltip(bar.highlight, self.source_text)
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            elif hits:
                QToolTip.showText(event.globalPos(), tooltip_html(hits), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        if self.selection is None:
            hits = self.hits_at(QPointF(event.pos()))
            if hits and self.selected_segment not in [h.segment_id for h in hits]:
                self.select_segment(hits[0].segment_id)
        menu = QMenu(self)
        self.copy_action.setEnabled(self.selection is not None)
        menu.addAction(self.copy_action)
        if self.context_actions:
            menu.addSeparator()
            menu.addActions(self.context_actions)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _drop_range(self, point: QPointF) -> tuple[int, int] | None:
        if self.selection is not None:
            return self.selection
        hits = self.hits_at(point)
        return (hits[0].start, hits[0].end) if hits else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if code_from_mime(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        if code_from_mime(event.mimeData()) is not None and self._drop_range(event.position()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        code_id = code_from_mime(event.mimeData())
        where = self._drop_range(event.position()) if code_id is not None else None
        if code_id is None or where is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.code_dropped.emit(code_id, where)
