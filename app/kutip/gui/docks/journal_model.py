"""The journal's item model: each memo's title and when it last changed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QObject, Qt

from kutip.gui.core.items import ID_ROLE, ROOT, Index
from kutip.i18n import _
from kutip.model import Memo
from kutip.project import Project


def local_time(stamp: str) -> str:
    """A stored UTC time stamp as the user's local date and time, to the minute."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class MemosModel(QAbstractTableModel):
    """The project journal: each memo's title and when it last changed, oldest first."""

    TITLE, MODIFIED = 0, 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._memos: list[Memo] = []

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.refresh()

    def refresh(self) -> None:
        memos = self._project.memos.all() if self._project else []
        if [m.id for m in memos] == [m.id for m in self._memos] and memos:
            self._memos = memos
            self.dataChanged.emit(self.index(0, 0), self.index(len(memos) - 1, 1))
            return
        self.beginResetModel()
        self._memos = memos
        self.endResetModel()

    def memo_id(self, row: int) -> int | None:
        return self._memos[row].id if 0 <= row < len(self._memos) else None

    def row_of(self, memo_id: int) -> int | None:
        return next((i for i, m in enumerate(self._memos) if m.id == memo_id), None)

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._memos)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._memos):
            return None
        memo = self._memos[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return memo.title if index.column() == self.TITLE else local_time(memo.modified)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = " ".join(memo.text.split())
            return f"{memo.title}\n{text[:300]}" if text else memo.title
        if role == ID_ROLE:
            return memo.id
        return None

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _("Memo") if section == self.TITLE else _("Changed")
        return None
