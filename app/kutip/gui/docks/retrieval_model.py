"""The retrieval dock's list as a Qt item model: one row per retrieved coding.

Like the search results, the list is the answer to one query (``Retrieval``), computed on a
worker from the project; the model keeps that answer's rows until the dock asks again (which it
does on every project edit that could change them), and never writes.

Columns: the quote, its citation, the code (with its colour), the source, the memo. A quote
from a page read by OCR says so after its citation ("(Jansen, 2017, p. 4) · OCR"), and its
tooltip says to check the text against the page.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from kutip.gui.core.items import ID_ROLE
from kutip.i18n import _
from kutip.reports.retrieval import RetrievedSegment
from kutip.reports.richtext import to_html

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

#: The ``RetrievedSegment`` of a row (any column).
ROW_ROLE = Qt.ItemDataRole.UserRole + 20

#: A quote longer than this is cut in the list (the tooltip has it all).
QUOTE_CHARS = 400


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class RetrievalModel(QAbstractTableModel):
    """The retrieved codings: quote, citation, code, source, memo."""

    QUOTE, CITATION, CODE, SOURCE, MEMO = range(5)
    COLUMNS = 5

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[RetrievedSegment, ...] = ()

    def set_rows(self, rows: tuple[RetrievedSegment, ...] | list[RetrievedSegment]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows(())

    def rows(self) -> tuple[RetrievedSegment, ...]:
        return self._rows

    def row(self, index: Index) -> RetrievedSegment | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def row_of(self, segment_id: int) -> int | None:
        return next((k for k, r in enumerate(self._rows) if r.segment_id == segment_id), None)

    # -- QAbstractItemModel ---------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else self.COLUMNS

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row(index)
        if row is None or not 0 <= index.column() < self.COLUMNS:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.QUOTE:
                return f"“{_cut(row.quote, QUOTE_CHARS)}”"
            if column == self.CITATION:
                if row.ocr:
                    return _("{place} · OCR").format(place=row.citation_text)
                return row.citation_text
            if column == self.CODE:
                return row.code_path
            if column == self.SOURCE:
                return row.source_title
            return " ".join(row.memo.split())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == self.CODE:
            return QColor(row.code_color)  # the default delegate draws a QColor as a swatch
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role == ID_ROLE:
            return row.segment_id
        if role == ROW_ROLE:
            return row
        return None

    def _tooltip(self, row: RetrievedSegment, column: int) -> str:
        if column == self.MEMO:
            return html.escape(row.memo) if row.memo else ""
        parts = [f"<p>“{html.escape(row.quote)}” {to_html(row.citation)}</p>"]
        details = [_("Code: {code}").format(code=row.code_path)]
        if row.coder:
            details.append(_("Coded by {coder}").format(coder=row.coder))
        if row.cases:
            details.append(_("Case: {names}").format(names=", ".join(row.cases)))
        if row.ocr:
            details.append(_("Text read by OCR: check it against the page."))
        parts.append("<p>" + "<br>".join(html.escape(d) for d in details) + "</p>")
        if row.memo:
            parts.append(f"<p><i>{html.escape(row.memo)}</i></p>")
        return "".join(parts)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            self.QUOTE: _("Quote"),
            self.CITATION: _("Citation"),
            self.CODE: _("Code"),
            self.SOURCE: _("Source"),
            self.MEMO: _("Memo"),
        }.get(section)
