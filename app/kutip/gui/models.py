"""Qt item models over a ``Project``: thin adapters, never a second copy of the data.

Each model reads what it shows from the project when it is reset (on the project's change
notifications) and keeps it only until the next reset; it never writes. Every row carries its
record's id under ``ID_ROLE`` so views and actions speak to the project in ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from kutip.i18n import _
from kutip.model import Code, Source, SourceKind
from kutip.project import Project

ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: What a code dragged out of the codebook carries: its id, as ASCII digits.
CODE_MIME = "application/x-kutip-code-id"

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def code_mime(code_id: int) -> QMimeData:
    mime = QMimeData()
    mime.setData(CODE_MIME, QByteArray(str(code_id).encode("ascii")))
    return mime


def code_from_mime(mime: QMimeData | None) -> int | None:
    """The id of the code a drag carries, or None if it carries no code."""
    if mime is None or not mime.hasFormat(CODE_MIME):
        return None
    raw = bytes(mime.data(CODE_MIME).data()).decode("ascii", "replace")
    return int(raw) if raw.isdigit() else None


class SourcesModel(QAbstractListModel):
    """The project's sources; a transcript linked to cases shows their names beside its title."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._sources: list[Source] = []
        self._cases: dict[int, list[str]] = {}

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        project = self._project
        self._sources = project.sources() if project else []
        self._cases = project.source_cases() if project else {}
        self.endResetModel()

    def source_id(self, row: int) -> int:
        return self._sources[row].id

    def row_of(self, source_id: int) -> int | None:
        return next((i for i, s in enumerate(self._sources) if s.id == source_id), None)

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._sources)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._sources):
            return None
        source = self._sources[index.row()]
        cases = self._cases.get(source.id, [])
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{source.title} — {', '.join(cases)}" if cases else source.title
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = _("PDF") if source.kind is SourceKind.PDF else _("Text")
            lines = [
                source.title,
                _("{kind}, {n} characters").format(kind=kind, n=source.text_length),
            ]
            if cases:
                lines.append(_("Case: {names}").format(names=", ".join(cases)))
            return "\n".join(lines)
        if role == ID_ROLE:
            return source.id
        return None


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
            counts = self._project.code_counts()
            for code in self._project.codes():  # tree order: siblings come sorted
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

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
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

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt override
        if parent.isValid() and parent.column() != self.NAME:
            return 0
        return len(self._children.get(self.code_id(parent), []))

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt override
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
            return code.definition or code.name
        if role == ID_ROLE:
            return code.id
        return None

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _("Code") if section == self.NAME else _("Codings")
        return None
