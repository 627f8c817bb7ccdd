"""The retrieval dock's list: rows that grow with their wrapped quotes and memos."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QResizeEvent, QTextLayout
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex


class WrappingDelegate(QStyledItemDelegate):
    """Text wrapped at the column's width onto at most ``MAX_LINES`` lines, the last elided.

    A tree view asks for size hints without the column's width, and the style, left to wrap a
    long memo in a short row, draws a sliver of the line after the last; so the delegate fits
    the text itself (the lines that fit, the last one elided) and sizes the row for it.
    """

    MAX_LINES = 3

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view

    def initStyleOption(self, option: QStyleOptionViewItem, index: Any) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        # The code's swatch beside the first line, like the text, not in the middle of the row.
        option.decorationAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop

    def _style(self, option: QStyleOptionViewItem) -> QStyle:
        widget = option.widget
        return widget.style() if widget is not None else QApplication.style()

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        style = self._style(option)
        # The style draws the text inside the text rectangle less a margin on each side.
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, option.widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, option.widget)
        return max(rect.width() - 2 * (margin + 1), 20)

    def _fit(self, option: QStyleOptionViewItem) -> tuple[str, int]:
        """The option's text as it fits its width in ``MAX_LINES`` lines, and how many lines."""
        text = option.text.replace("\n", " ")
        width = self._text_width(option)
        layout = QTextLayout(text, option.font)
        layout.beginLayout()
        starts: list[int] = []
        while len(starts) <= self.MAX_LINES:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            starts.append(line.textStart())
        layout.endLayout()
        if len(starts) <= self.MAX_LINES:
            return text, max(len(starts), 1)
        last = starts[self.MAX_LINES - 1]
        lines = [text[a:b].rstrip() for a, b in pairwise(starts[: self.MAX_LINES])]
        rest = QFontMetrics(option.font).elidedText(text[last:], Qt.TextElideMode.ElideRight, width)
        return "\n".join([*lines, rest]), self.MAX_LINES

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text, _lines = self._fit(item)
        self._style(item).drawControl(
            QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget
        )

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        width = self._view.header().sectionSize(index.column())
        item.rect = QRect(0, 0, width, 10_000)
        _text, lines = self._fit(item)
        spacing = QFontMetrics(item.font).lineSpacing()
        one_line = QStyleOptionViewItem(item)
        one_line.text = "X"
        style = self._style(item)
        single = style.sizeFromContents(
            QStyle.ContentsType.CT_ItemViewItem, one_line, QSize(), item.widget
        ).height()
        return QSize(width, single + (lines - 1) * spacing)


#: The least share of the list's width the quotes' column keeps while the columns fit the dock.
STRETCH_SHARE = 0.4


class RetrievalView(QTreeView):
    """The list: rows grow with their wrapped quotes, so a column resize lays them out anew."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retrieval_list")
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setUniformRowHeights(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setItemDelegate(WrappingDelegate(self))
        self.header().sectionResized.connect(self._relayout)
        #: The columns beside the stretched one, at their widths in a wide dock.
        self._widths: dict[int, int] = {}
        self._fitting = False
        self._user_sized = False

    def set_column_widths(self, widths: dict[int, int]) -> None:
        """Give these (interactive) columns their widths in a wide dock; in a narrower one they
        shrink in proportion, so that the stretched column keeps at least :data:`STRETCH_SHARE`
        of the width, until the user sizes a column."""
        self._widths = dict(widths)
        self._fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        if self._user_sized or not self._widths:
            return
        room = self.viewport().width() * (1 - STRETCH_SHARE)
        scale = min(1.0, room / sum(self._widths.values()))
        self._fitting = True
        try:
            for column, width in self._widths.items():
                self.header().resizeSection(column, max(48, round(width * scale)))
        finally:
            self._fitting = False

    def _relayout(self, column: int, _old: int, _new: int) -> None:
        if column in self._widths and not self._fitting:
            self._user_sized = True  # the user's widths stay as they are
        self.scheduleDelayedItemsLayout()
