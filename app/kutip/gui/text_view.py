"""A source's text, read-only, with its codings as translucent highlights in the code colours.

Each coding is its own extra selection with a translucent background, so where codings overlap
their colours blend and both stay visible. Positions arrive from the core in code points and are
converted to Qt's UTF-16 positions here, through one ``PositionMap`` per text.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QTextBlockFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from kutip.errors import NotFoundError
from kutip.gui.textpos import PositionMap
from kutip.project import Project

#: Highlight opacity (of 255): light enough to read through, and to see two codings blend.
HIGHLIGHT_ALPHA = 80


@dataclass(frozen=True)
class Highlight:
    """One coding as the view draws it: a code point range and its code."""

    segment_id: int
    start: int
    end: int
    code_name: str
    color: str
    memo: str


class SourceView(QTextEdit):
    """One source's text and its codings; reads both from the project on ``refresh()``."""

    def __init__(self, project: Project, source_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.source_id = source_id
        #: A preview shows whatever source is selected; opening one keeps it in its own tab.
        self.pinned = False
        self.highlights: list[Highlight] = []
        self.setReadOnly(True)
        # Selectable by keyboard too: selections are how coding will start.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setAcceptRichText(False)
        self.document().setDocumentMargin(18)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.setFont(font)
        self._text = project.source_text(source_id)
        self.positions = PositionMap(self._text)
        self.setPlainText(self._text)
        self._space_paragraphs()
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

    def refresh(self) -> None:
        """Read the source's codings again and redraw their highlights."""
        codes = {code.id: code for code in self.project.codes()}
        self.highlights = [
            Highlight(s.id, s.start, s.end, codes[s.code_id].name, codes[s.code_id].color, s.memo)
            for s in self.project.segments(source_id=self.source_id)
            if s.code_id in codes
        ]
        selections = []
        for highlight in self.highlights:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self.cursor_for(highlight.start, highlight.end)
            color = QColor(highlight.color)
            color.setAlpha(HIGHLIGHT_ALPHA)
            selection.format.setBackground(color)
            selection.format.setProperty(QTextFormat.Property.UserProperty, highlight.segment_id)
            selections.append(selection)
        self.setExtraSelections(selections)

    def title(self) -> str:
        try:
            return self.project.source(self.source_id).title
        except NotFoundError:
            return ""

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
        self.setTextCursor(self.cursor_for(start, end))

    def highlights_at(self, position: int) -> list[Highlight]:
        """The codings covering code point ``position``."""
        return [h for h in self.highlights if h.start <= position < h.end]

    # -- tooltips naming the codes under the mouse -----------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self._show_codes_tooltip(event.pos(), event.globalPos())
            return True
        return super().viewportEvent(event)

    def _show_codes_tooltip(self, pos: QPoint, global_pos: QPoint) -> None:
        cursor = self.cursorForPosition(pos)
        # cursorForPosition gives the nearest gap between characters; the character under the
        # mouse is the one after it unless the mouse is on the right half of the previous one.
        if self.cursorRect(cursor).center().x() > pos.x() and cursor.position() > 0:
            cursor.movePosition(QTextCursor.MoveOperation.PreviousCharacter)
        position = self.positions.to_code_point(cursor.position())
        here = self.highlights_at(position)
        if not here:
            QToolTip.hideText()
            return
        lines = [
            f'<span style="color:{h.color}">■</span> {html.escape(h.code_name)}'
            + (f"<br><i>{html.escape(h.memo)}</i>" if h.memo else "")
            for h in here
        ]
        QToolTip.showText(global_pos, "<br>".join(lines), self)
