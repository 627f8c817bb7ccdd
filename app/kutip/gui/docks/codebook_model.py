"""The codebook's item model: the code tree, each code's colour and how many codings it has.

It reads the codes from the project when it is reset (on the project's change notifications)
and never writes; a code dragged out of it carries its id (``code_mime``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from kutip.gui.core.items import CODE_MIME, ID_ROLE, ROOT, Index, code_mime
from kutip.i18n import _, current_language
from kutip.model import Code
from kutip.project import Project


class CodebookModel(QAbstractItemModel):
    """The code tree: name with a colour swatch, and how many codings each code has."""

    NAME, COUNT = 0, 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._codes: dict[int, Code] = {}
        self._children: dict[int | None, list[int]] = {}
        self._counts: dict[int, int] = {}

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._codes, self._children, self._counts = {}, {None: []}, {}
        if self._project is not None:
            counts = self._project.codes.counts()
            for code in self._project.codes.all():  # tree order: siblings come sorted
                self._codes[code.id] = code
                self._children.setdefault(code.parent_id, []).append(code.id)
                self._counts[code.id] = counts[code.id][0]
        self.endResetModel()

    def has_subcodes(self) -> bool:
        return any(code.parent_id is not None for code in self._codes.values())

    def code_id(self, index: Index) -> int | None:
        return int(index.internalId()) if index.isValid() else None

    def index_of(self, code_id: int, column: int = NAME) -> QModelIndex:
        code = self._codes.get(code_id)
        if code is None:
            return QModelIndex()
        return self.createIndex(self._children[code.parent_id].index(code_id), column, code_id)

    # -- dragging a code onto a passage codes it ------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid():
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [CODE_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802 - Qt override
        code_ids = [self.code_id(index) for index in indexes if index.isValid()]
        return code_mime(code_ids[0]) if code_ids and code_ids[0] is not None else QMimeData()

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802 - Qt override
        return Qt.DropAction.CopyAction

    # -- QAbstractItemModel ----------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        siblings = self._children.get(self.code_id(parent), [])
        if not (0 <= row < len(siblings) and 0 <= column < 2):
            return QModelIndex()
        # The internal id is the code's id: an index names its code without a pointer.
        return self.createIndex(row, column, siblings[row])

    def parent(self, index: Index) -> QModelIndex:  # type: ignore[override]
        code = self._codes.get(self.code_id(index) or -1)
        if code is None or code.parent_id is None:
            return QModelIndex()
        return self.index_of(code.parent_id)

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt override
        if parent.isValid() and parent.column() != self.NAME:
            return 0
        return len(self._children.get(self.code_id(parent), []))

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt override
        return 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        code = self._codes.get(self.code_id(index) or -1)
        if code is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return code.name if column == self.NAME else self._counts[code.id]
        if role == Qt.ItemDataRole.DecorationRole and column == self.NAME:
            return QColor(code.color)  # the default delegate draws a QColor as a swatch
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return code.text_in("definition", current_language()) or code.name
        if role == ID_ROLE:
            return code.id
        return None

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _("Code") if section == self.NAME else _("Codings")
        return None
