"""The cases table's item model: a row per case, its name and a column per case attribute."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QObject, Qt

from kutip.gui.core.items import ID_ROLE, ROOT, Index
from kutip.i18n import N_, _
from kutip.model import Attribute, AttributeScope, AttributeType, Case
from kutip.project import Project

#: How each attribute type is named to the user.
ATTRIBUTE_TYPE_NAMES = {
    AttributeType.TEXT: N_("text"),
    AttributeType.INTEGER: N_("whole number"),
    AttributeType.FLOAT: N_("decimal number"),
    AttributeType.BOOLEAN: N_("yes/no"),
    AttributeType.DATE: N_("date"),
}

#: Writes a cell: (case id, attribute id or None for the name, value) → whether it was taken.
CellWriter = Callable[[int, int | None, object], bool]


class CasesModel(QAbstractTableModel):
    """The cases as a table: a row per case, its name and a column per case attribute.

    The model never writes: an edited cell goes to ``writer`` (the dock's undoable edit), and
    the project's change notification brings the new value back. An edit that keeps the
    table's shape changes the cells in place, so an open editor or a selection is not lost.
    """

    NAME = 0

    def __init__(self, writer: CellWriter | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._writer = writer
        self._cases: list[Case] = []
        self._attributes: list[Attribute] = []
        self._values: dict[int, dict[str, str]] = {}

    def set_writer(self, writer: CellWriter) -> None:
        self._writer = writer

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.refresh()

    def refresh(self) -> None:
        project = self._project
        cases = project.cases.all() if project else []
        attributes = project.cases.attributes(AttributeScope.CASE) if project else []
        values = (
            {c.id: project.cases.attribute_values(c.id, AttributeScope.CASE) for c in cases}
            if project
            else {}
        )
        same_shape = [c.id for c in cases] == [c.id for c in self._cases] and [
            (a.id, a.type) for a in attributes
        ] == [(a.id, a.type) for a in self._attributes]
        if same_shape:
            renamed = [a.name for a in attributes] != [a.name for a in self._attributes]
            self._cases, self._attributes, self._values = cases, attributes, values
            if cases:
                last = self.index(len(cases) - 1, self.columnCount() - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            if renamed and attributes:
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 1, len(attributes))
            return
        self.beginResetModel()
        self._cases, self._attributes, self._values = cases, attributes, values
        self.endResetModel()

    def case_id(self, row: int) -> int | None:
        return self._cases[row].id if 0 <= row < len(self._cases) else None

    def row_of(self, case_id: int) -> int | None:
        return next((i for i, c in enumerate(self._cases) if c.id == case_id), None)

    def attribute(self, column: int) -> Attribute | None:
        """The attribute of a column (None for the name column)."""
        return self._attributes[column - 1] if 1 <= column <= len(self._attributes) else None

    def column_of(self, attribute_id: int) -> int | None:
        return next((i + 1 for i, a in enumerate(self._attributes) if a.id == attribute_id), None)

    def column_values(self, column: int) -> list[str]:
        """The distinct values in a column, sorted (to complete a text being typed)."""
        attribute = self.attribute(column)
        if attribute is None:
            return []
        found = {v[attribute.name] for v in self._values.values() if attribute.name in v}
        return sorted(found, key=str.casefold)

    def value_count(self, column: int) -> int:
        """How many cases have a value in a column."""
        attribute = self.attribute(column)
        if attribute is None:
            return 0
        return sum(1 for values in self._values.values() if attribute.name in values)

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._cases)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else 1 + len(self._attributes)

    def _stored(self, index: Index) -> tuple[Case, Attribute | None, str | None] | None:
        if not index.isValid() or not 0 <= index.row() < len(self._cases):
            return None
        case = self._cases[index.row()]
        attribute = self.attribute(index.column())
        value = self._values.get(case.id, {}).get(attribute.name) if attribute else None
        return case, attribute, value

    def flags(self, index: Index) -> Qt.ItemFlag:
        stored = self._stored(index)
        if stored is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        attribute = stored[1]
        if attribute is not None and attribute.type is AttributeType.BOOLEAN:
            return flags | Qt.ItemFlag.ItemIsUserCheckable  # ticked, never typed
        return flags | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        stored = self._stored(index)
        if stored is None:
            return None
        case, attribute, value = stored
        if role == ID_ROLE:
            return case.id
        if attribute is None:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return case.name
            if role == Qt.ItemDataRole.ToolTipRole:
                return case.description or None
            return None
        boolean = attribute.type is AttributeType.BOOLEAN
        if role == Qt.ItemDataRole.DisplayRole:
            if boolean:
                return None if value is None else _("yes") if value == "true" else _("no")
            return value
        if role == Qt.ItemDataRole.EditRole:
            return value or ""
        if role == Qt.ItemDataRole.CheckStateRole and boolean:
            if value is None:  # not known yet: neither ticked nor clear
                return Qt.CheckState.PartiallyChecked
            return Qt.CheckState.Checked if value == "true" else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and attribute.type in (
            AttributeType.INTEGER,
            AttributeType.FLOAT,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(  # noqa: N802 - Qt override
        self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        stored = self._stored(index)
        if stored is None or self._writer is None:
            return False
        case, attribute, _value = stored
        if role == Qt.ItemDataRole.CheckStateRole:
            if attribute is None or attribute.type is not AttributeType.BOOLEAN:
                return False
            state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))
            return self._writer(case.id, attribute.id, state == Qt.CheckState.Checked)
        if role != Qt.ItemDataRole.EditRole:
            return False
        return self._writer(case.id, attribute.id if attribute else None, value)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        attribute = self.attribute(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == self.NAME:
                return _("Case")
            return attribute.name if attribute is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and attribute is not None:
            kind = _(ATTRIBUTE_TYPE_NAMES[attribute.type])
            text = _("{name}: {kind}").format(name=attribute.name, kind=kind)
            return f"{text}\n{attribute.description}" if attribute.description else text
        return None
