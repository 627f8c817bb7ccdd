"""A source's text, read-only, with its codings as translucent highlights in the code colours.

Each coding is its own extra selection with a translucent background, so where codings overlap
their colours blend and both stay visible. Positions arrive from the core in code points and are
converted to Qt's UTF-16 positions here, through one ``PositionMap`` per text.

The view knows nothing of coding itself: it offers a selection (``selected_range``), a selected
coding (clicking a highlight selects it; ``segment_selected`` tells), and reports codes dropped
on it (``code_dropped``). The ``CodingController`` turns keys, menus and drops into edits.
Coding stripes (``stripes.CodingStripes``) sit in the left margin.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, Signal, SignalInstance
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextLine,
)
from PySide6.QtWidgets import QApplication, QTextEdit, QToolTip, QWidget

from kutip.errors import NotFoundError
from kutip.gui.core.items import code_from_mime
from kutip.gui.core.source_labels import source_label
from kutip.gui.viewer.find_bar import Match, mark_found, set_tagged_selections
from kutip.gui.viewer.highlights import (
    HIGHLIGHT_ALPHA,
    SELECTED_ALPHA,
    Highlight,
    covering,
    load_highlights,
    pick,
    tooltip_html,
)
from kutip.gui.viewer.ranges import scroll_to_show
from kutip.gui.viewer.stripes import CodingStripes
from kutip.gui.viewer.textpos import PositionMap
from kutip.project import Project

__all__ = ["HIGHLIGHT_ALPHA", "Highlight", "SourceView"]


def _cursor_x(line: QTextLine, position: int) -> float:
    """Where ``position`` falls on ``line``, in pixels (PySide returns Qt's (x, position))."""
    x, _position = cast("tuple[float, int]", line.cursorToX(position))
    return x


#: The tag of the codings' extra selections: those of the find bar and search hits are kept.
CODINGS_TAG = "codings"


class SourceView(QTextEdit):
    """One source's text and its codings; reads both from the project on ``refresh()``."""

    #: The selected coding changed; carries its segment id, or None.
    segment_selected = Signal(object)
    #: A code was dropped on a passage: (code id, (start, end)).
    code_dropped = Signal(int, object)
    #: The selected coding's end was dragged: (segment id, (start, end)), its new range.
    segment_resized = Signal(int, object)

    #: How near (in pixels) to a selected coding's end the mouse grabs it.
    GRAB = 4

    def __init__(self, project: Project, source_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.source_id = source_id
        #: A preview shows whatever source is selected; opening one keeps it in its own tab.
        self.pinned = False
        self.highlights: list[Highlight] = []
        self.selected_segment: int | None = None
        #: Actions added to the context menu (the coding controller's).
        self.context_actions: list[QAction] = []
        self._press: QPoint | None = None
        #: While an end of the selected coding is dragged: (which end, start, end).
        self._resizing: tuple[str, int, int] | None = None
        #: A range kept in view until the reader moves the text (``reveal``): the view's
        #: width, and so the lines, may still change after it was asked for.
        self._target: tuple[int, int] | None = None
        self.setReadOnly(True)
        # Selectable by keyboard too: select with Shift+arrows, then press a code's key.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setAcceptRichText(False)
        self.setAcceptDrops(True)
        self.document().setDocumentMargin(18)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.setFont(font)
        self._text = project.sources.text(source_id)
        self.positions = PositionMap(self._text)
        self.setPlainText(self._text)
        self._space_paragraphs()
        self._mark_speakers()
        self.stripes = CodingStripes(self)
        self.selectionChanged.connect(self._selection_changed)
        self.verticalScrollBar().actionTriggered.connect(lambda _action: self.forget_target())
        layout = self.document().documentLayout()
        layout.documentSizeChanged.connect(lambda _size: self._follow_target())
        self.refresh()

    @property
    def text(self) -> str:
        """The source's canonical text, as the core holds it."""
        return self._text

    def _space_paragraphs(self) -> None:
        # Air between lines makes long turns readable (the texts bring their own blank lines
        # between paragraphs). Block formats change no characters: positions are unaffected.
        block = QTextBlockFormat()
        block.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(block)

    def _mark_speakers(self) -> None:
        # A transcript's speaker names, where a turn starts with one, in bold: who speaks shows
        # at a glance. Character formats change no characters: positions are unaffected.
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.DemiBold)
        for turn in self.project.sources.turns(self.source_id):
            name = turn.speaker
            if name and self._text.startswith(name, turn.start):
                end = turn.start + len(name)
                if self._text.startswith(":", end):
                    end += 1
                self.cursor_for(turn.start, end).mergeCharFormat(bold)

    def refresh(self) -> None:
        """Read the source's codings again and redraw their highlights and stripes."""
        self.highlights = load_highlights(self.project, self.source_id)
        if self.selected_segment is not None:
            # Still there, it may have a new memo or code name to tell; gone, it is unselected.
            if self.highlight(self.selected_segment) is None:
                self.selected_segment = None
            self.segment_selected.emit(self.selected_segment)
        self._draw_highlights()
        self.stripes.refresh()

    def _draw_highlights(self) -> None:
        selections = []
        for highlight in self.highlights:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self.cursor_for(*self._shown_range(highlight))
            color = QColor(highlight.color)
            selected = highlight.segment_id == self.selected_segment
            color.setAlpha(SELECTED_ALPHA if selected else HIGHLIGHT_ALPHA)
            selection.format.setBackground(color)
            selection.format.setProperty(QTextFormat.Property.UserProperty, highlight.segment_id)
            selections.append(selection)
        set_tagged_selections(self, CODINGS_TAG, selections)

    def title(self) -> str:
        """The tab's name: the source's short citation as in the sources tree, else its title."""
        try:
            return source_label(self.project, self.project.sources.get(self.source_id))
        except NotFoundError:
            return ""

    def highlight(self, segment_id: int | None) -> Highlight | None:
        return next((h for h in self.highlights if h.segment_id == segment_id), None)

    def _shown_range(self, highlight: Highlight) -> tuple[int, int]:
        """A coding's range as drawn: while one of its ends is dragged, where it would go."""
        if self._resizing is not None and highlight.segment_id == self.selected_segment:
            return self._resizing[1], self._resizing[2]
        return highlight.start, highlight.end

    # -- positions at the widget boundary --------------------------------------------------

    def cursor_for(self, start: int, end: int) -> QTextCursor:
        """A cursor selecting code points ``[start, end)`` of the text."""
        cursor = QTextCursor(self.document())
        first, last = self.positions.range_to_utf16(start, end)
        cursor.setPosition(first)
        cursor.setPosition(last, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def selected_range(self) -> tuple[int, int] | None:
        """The user's selection as a code point range, or None if nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.positions.range_to_code_points(cursor.selectionStart(), cursor.selectionEnd())

    def select_range(self, start: int, end: int) -> None:
        """Select code points ``[start, end)`` and scroll them into view."""
        self.setTextCursor(self.cursor_for(start, end))
        self.reveal(start, end)

    def reveal(self, start: int, end: int) -> None:
        """Scroll so that code points ``[start, end)`` are in view, centred when they fit;
        placed again when the lines change (the view resized) until the reader scrolls."""
        self._target = (start, max(start + 1, end))
        self._follow_target()

    def forget_target(self) -> None:
        self._target = None

    def target_rect(self) -> QRectF | None:
        """The revealed range's rectangle in document coordinates."""
        if self._target is None:
            return None
        found = QRectF()
        for rect in self.line_rects(*self._target):
            found = found.united(rect)
        return None if found.isNull() else found

    def _follow_target(self) -> None:
        rect = self.target_rect()
        if rect is None:
            return
        bar = self.verticalScrollBar()
        bar.setValue(
            scroll_to_show(rect.top(), rect.bottom(), self.viewport().height(), bar.value())
        )

    # -- the find bar (``find_bar.Findable``) ----------------------------------------------------

    def find_widget(self) -> QWidget:
        return self

    def find_text(self) -> str:
        return self._text

    def find_changed(self) -> SignalInstance | None:
        return None  # a view's text is fixed; text read again gets a new view

    def find_origin(self) -> int:
        return self.positions.to_code_point(self.textCursor().selectionStart())

    def find_selection(self) -> str:
        return self.textCursor().selectedText()

    def show_found(self, found: Sequence[Match], current: int | None) -> None:
        mark_found(self, self.positions, found, current)
        if current is not None:
            self.select_range(*found[current])

    def caret_position(self) -> int:
        """The text cursor's position in code points."""
        return self.positions.to_code_point(self.textCursor().position())

    def collapse_selection(self) -> None:
        """Drop the selection, leaving the cursor at its end (so the new highlight shows)."""
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def popup_anchor(self) -> QPoint:
        """Where a popup about the selection opens: below the cursor, in global coordinates."""
        rect = self.cursorRect()
        return self.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 4))

    def coding_widget(self) -> QWidget:
        """The widget the coding keys work in."""
        return self

    def highlights_at(self, position: int) -> list[Highlight]:
        """The codings covering code point ``position``."""
        return [h for h in self.highlights if h.start <= position < h.end]

    def position_at(self, pos: QPoint) -> int:
        """The code point of the character under viewport point ``pos``."""
        cursor = self.cursorForPosition(pos)
        # cursorForPosition gives the nearest gap between characters; the character under the
        # mouse is the one after it unless the mouse is on the right half of the previous one.
        if self.cursorRect(cursor).center().x() > pos.x() and cursor.position() > 0:
            cursor.movePosition(QTextCursor.MoveOperation.PreviousCharacter)
        return self.positions.to_code_point(cursor.position())

    def line_rects(self, start: int, end: int) -> list[QRectF]:
        """Per laid-out line, the rectangle ``[start, end)`` covers, in document coordinates."""
        first, last = self.positions.range_to_utf16(start, end)
        document = self.document()
        layout = document.documentLayout()
        rects: list[QRectF] = []
        block = document.findBlock(first)
        while block.isValid() and block.position() <= last:
            origin = layout.blockBoundingRect(block).topLeft()
            lines = block.layout()
            base = block.position()
            for i in range(lines.lineCount()):
                line = lines.lineAt(i)
                lo = max(base + line.textStart(), first)
                hi = min(base + line.textStart() + line.textLength(), last)
                if lo >= hi:
                    continue
                x0 = _cursor_x(line, lo - base)
                x1 = _cursor_x(line, hi - base)
                rects.append(
                    QRectF(
                        origin.x() + min(x0, x1),
                        origin.y() + line.y(),
                        abs(x1 - x0),
                        line.height(),
                    )
                )
            block = block.next()
        return rects

    def scroll_offset(self) -> QPoint:
        return QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    # -- the selected coding -----------------------------------------------------------------

    def select_segment(self, segment_id: int | None, *, reveal: bool = False) -> None:
        """Select a coding (None: none); ``reveal`` scrolls to it and puts the cursor there."""
        highlight = self.highlight(segment_id)
        segment_id = highlight.segment_id if highlight is not None else None
        if reveal and highlight is not None:
            cursor = self.cursor_for(highlight.start, highlight.start)
            self.setTextCursor(cursor)
            self.reveal(highlight.start, highlight.end)
        if segment_id == self.selected_segment:
            return
        self.selected_segment = segment_id
        self._draw_highlights()
        self.viewport().update()
        self.stripes.update()
        self.segment_selected.emit(segment_id)

    def _selection_changed(self) -> None:
        if self.textCursor().hasSelection():
            self.select_segment(None)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        highlight = self.highlight(self.selected_segment)
        if highlight is None:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(highlight.color).darker(140))
        pen.setWidthF(1.5)
        painter.setPen(pen)
        offset = self.scroll_offset()
        for rect in self.line_rects(*self._shown_range(highlight)):
            painter.drawRoundedRect(rect.translated(-offset.x(), -offset.y()), 2, 2)
        painter.end()

    # -- the mouse: clicking selects a coding, dragging its ends changes its range ------------

    def edge_at(self, pos: QPoint) -> str | None:
        """Which end of the selected coding ("start", "end") is at viewport ``pos``, if any."""
        highlight = self.highlight(self.selected_segment)
        if highlight is None:
            return None
        for edge, position in (("start", highlight.start), ("end", highlight.end)):
            rect = self.cursorRect(self.cursor_for(position, position))
            if (
                abs(pos.x() - rect.center().x()) <= self.GRAB
                and rect.top() <= pos.y() <= rect.bottom()
            ):
                return edge
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.forget_target()
        self._press = event.position().toPoint()
        highlight = self.highlight(self.selected_segment)
        edge = self.edge_at(self._press) if event.button() == Qt.MouseButton.LeftButton else None
        if edge is not None and highlight is not None:
            self._resizing = (edge, highlight.start, highlight.end)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        pos = event.position().toPoint()
        if self._resizing is not None:
            edge, start, end = self._resizing
            cursor = self.cursorForPosition(pos)
            caret = self.positions.to_code_point(cursor.position())
            if edge == "start" and caret < end:
                start = caret
            elif edge == "end" and caret > start:
                end = caret
            self._resizing = (edge, start, end)
            self._draw_highlights()
            self.viewport().update()
            return
        super().mouseMoveEvent(event)
        if not event.buttons():
            grab = self.edge_at(pos) is not None
            shape = Qt.CursorShape.SizeHorCursor if grab else Qt.CursorShape.IBeamCursor
            self.viewport().setCursor(shape)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._resizing is not None:
            _edge, start, end = self._resizing
            self._resizing = None
            self._press = None
            highlight = self.highlight(self.selected_segment)
            if highlight is not None and (start, end) != (highlight.start, highlight.end):
                self.segment_resized.emit(highlight.segment_id, (start, end))
            self._draw_highlights()
            self.viewport().update()
            return
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        pos = event.position().toPoint()
        moved = (pos - press).manhattanLength() >= QApplication.startDragDistance()
        if moved or self.textCursor().hasSelection():
            return
        chosen = pick(self.highlights, self.position_at(pos), self.selected_segment)
        self.select_segment(chosen.segment_id if chosen is not None else None)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        if not self.textCursor().hasSelection():
            here = covering(self.highlights, self.position_at(event.pos()))
            if here and self.selected_segment not in [h.segment_id for h in here]:
                self.select_segment(here[0].segment_id)
        menu = self.createStandardContextMenu(event.pos())
        if self.context_actions:
            menu.addSeparator()
            menu.addActions(self.context_actions)
        menu.exec(event.globalPos())
        menu.deleteLater()

    # -- codes dropped from the codebook ---------------------------------------------------

    def _drop_range(self, pos: QPoint) -> tuple[int, int] | None:
        """What a code dropped at ``pos`` codes: the selection, else the coding under it."""
        selected = self.selected_range()
        if selected is not None:
            return selected
        here = covering(self.highlights, self.position_at(pos))
        return (here[0].start, here[0].end) if here else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if code_from_mime(event.mimeData()) is not None:
            event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        if code_from_mime(event.mimeData()) is not None:
            if self._drop_range(event.position().toPoint()) is not None:
                event.acceptProposedAction()
            else:
                event.ignore()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        code_id = code_from_mime(event.mimeData())
        if code_id is None:
            super().dropEvent(event)
            return
        where = self._drop_range(event.position().toPoint())
        if where is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.code_dropped.emit(code_id, where)

    # -- margins, tooltips -------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.stripes.place()
        self._follow_target()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        self.forget_target()  # the reader moves the caret (and the text with it) from here
        super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self._show_codes_tooltip(event.pos(), event.globalPos())
            return True
        return super().viewportEvent(event)

    def _show_codes_tooltip(self, pos: QPoint, global_pos: QPoint) -> None:
        here = self.highlights_at(self.position_at(pos))
        if not here:
            QToolTip.hideText()
            return
        QToolTip.showText(global_pos, tooltip_html(here), self)
