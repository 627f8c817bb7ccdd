"""Qt item models over a ``Project``: thin adapters, never a second copy of the data.

Each model reads what it shows from the project when it is reset (on the project's change
notifications) and keeps it only until the next reset; it never writes. Every row carries its
record's id under ``ID_ROLE`` so views and actions speak to the project in ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from kutip.errors import NotFoundError
from kutip.gui.core.source_labels import short_citation
from kutip.i18n import N_, _, ngettext
from kutip.ingest.drafts import FLAG_NO_TEXT_LAYER
from kutip.ingest.pdf import FLAG_REPAIRED
from kutip.model import (
    Attribute,
    AttributeScope,
    AttributeType,
    Case,
    Code,
    Memo,
    Source,
    SourceKind,
)
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


class SourceNode(StrEnum):
    """What a row of the sources tree stands for."""

    GROUP = "group"
    CASE = "case"
    SOURCE = "source"


class SourceGroup(StrEnum):
    LITERATURE = "literature"
    CASES = "cases"
    OTHER = "other"


#: What a row of the sources tree is (a ``SourceNode``).
NODE_ROLE = Qt.ItemDataRole.UserRole + 2
#: The case of a case row, and of a source row under a case; else None.
CASE_ROLE = Qt.ItemDataRole.UserRole + 3

#: What each source flag means, for the badge's tooltip.
FLAG_TEXTS = {
    FLAG_NO_TEXT_LAYER: N_(
        "No text layer: the PDF holds images of its pages only, so it has no text to search "
        "or code. Run OCR on it and import it again."
    ),
    FLAG_REPAIRED: N_(
        "Repaired: the PDF was damaged and was repaired while it was read; check that its "
        "pages and text are complete."
    ),
}

_GROUP_NAMES = {
    SourceGroup.LITERATURE: N_("Literature"),
    SourceGroup.CASES: N_("Cases"),
    SourceGroup.OTHER: N_("Other sources"),
}


@dataclass(frozen=True)
class _Node:
    kind: SourceNode
    key: int | str  # the group, the case id or the source id
    parent: int  # the parent's node number; -1 at the top
    row: int
    label: str
    #: Of a source under a case: how many parts of it belong to the case (0: all of it).
    parts: int = 0
    case_id: int | None = None


class _Tree:
    """What the sources tree shows, read from the project at once."""

    def __init__(self) -> None:
        self.nodes: list[_Node] = []
        self.children: dict[int, list[int]] = {-1: []}
        self.sources: dict[int, Source] = {}
        #: A linked source's short citation and its reference's title, by source id.
        self.references: dict[int, tuple[str, str]] = {}
        self.cases: dict[int, Case] = {}  # in the project's order: by name
        self.case_names: dict[int, list[str]] = {}
        self.case_values: dict[int, dict[str, str]] = {}

    def shape(self) -> list[tuple[SourceNode, int | str, int]]:
        return [(node.kind, node.key, node.parent) for node in self.nodes]

    def source_label(self, source_id: int) -> str:
        reference = self.references.get(source_id)
        return reference[0] if reference is not None else self.sources[source_id].title

    def _add(
        self, kind: SourceNode, key: int | str, parent: int, label: str = "", **extra: Any
    ) -> int:
        siblings = self.children.setdefault(parent, [])
        self.nodes.append(_Node(kind, key, parent, len(siblings), label, **extra))
        siblings.append(len(self.nodes) - 1)
        return len(self.nodes) - 1

    def _by_label(self, source_ids: Iterable[int]) -> list[int]:
        return sorted(source_ids, key=lambda i: (self.source_label(i).casefold(), i))

    @classmethod
    def read(cls, project: Project) -> _Tree:
        tree = cls()
        sources = project.sources()
        tree.sources = {s.id: s for s in sources}
        entries: dict[str, tuple[str, str] | None] = {}
        for source in sources:
            key = source.bib_key
            if key is None:
                continue
            if key not in entries:
                try:
                    entry = project.bib_entry(key)
                except NotFoundError:  # a dangling key: the source goes by its title
                    entries[key] = None
                else:
                    entries[key] = (short_citation(entry), entry.title)
            reference = entries[key]
            if reference is not None:
                tree.references[source.id] = reference
        tree.cases = {case.id: case for case in project.cases()}
        tree.case_values = {
            case_id: project.attribute_values(case_id, AttributeScope.CASE)
            for case_id in tree.cases
        }
        tree.case_names = project.source_cases()
        # (case, source) → how many parts of the source belong to the case; 0: all of it.
        parts: dict[tuple[int, int], int] = {}
        for link in project.case_sources():
            if link.source_id not in tree.sources or link.case_id not in tree.cases:
                continue  # added since the sources were read (an import on a worker)
            pair = (link.case_id, link.source_id)
            whole = link.start is None or parts.get(pair) == 0
            parts[pair] = 0 if whole else parts.get(pair, 0) + 1

        literature = tree._by_label(s.id for s in sources if s.bib_key is not None)
        if literature:
            group = tree._add(SourceNode.GROUP, SourceGroup.LITERATURE, -1)
            for source_id in literature:
                tree._add(SourceNode.SOURCE, source_id, group, tree.source_label(source_id))
        if tree.cases:
            group = tree._add(SourceNode.GROUP, SourceGroup.CASES, -1)
            for case in tree.cases.values():
                node = tree._add(SourceNode.CASE, case.id, group, case.name)
                for source_id in tree._by_label(s for c, s in parts if c == case.id):
                    count = parts[(case.id, source_id)]
                    label = tree.source_label(source_id)
                    if count:
                        label = ngettext("{title} ({n} part)", "{title} ({n} parts)", count)
                        label = label.format(title=tree.source_label(source_id), n=count)
                    tree._add(
                        SourceNode.SOURCE, source_id, node, label, parts=count, case_id=case.id
                    )
        in_cases = {source_id for _case, source_id in parts}
        other = tree._by_label(s.id for s in sources if s.bib_key is None and s.id not in in_cases)
        if other:
            group = tree._add(SourceNode.GROUP, SourceGroup.OTHER, -1)
            for source_id in other:
                tree._add(SourceNode.SOURCE, source_id, group, tree.source_label(source_id))
        return tree


class SourcesModel(QAbstractItemModel):
    """The sources as a tree: the literature by its citations, the cases with their sources,
    and the other sources.

    A source linked to a reference shows as "Jansen (2017)"; a source can stand in more than
    one place (literature that is also part of a case). Nodes are numbered: an index's internal
    id is its node's number, valid until the next reset. After an edit that keeps the tree's
    shape (a rename, a memo) only the rows' data change, so selection and expansion stay.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._tree = _Tree()
        self._warning = QIcon()

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.refresh()

    def refresh(self) -> None:
        tree = _Tree.read(self._project) if self._project is not None else _Tree()
        if tree.shape() == self._tree.shape() and tree.nodes:
            self._tree = tree
            self._changed_everywhere(QModelIndex())
            return
        self.beginResetModel()
        self._tree = tree
        self.endResetModel()

    def _changed_everywhere(self, parent: QModelIndex) -> None:
        rows = self.rowCount(parent)
        if rows == 0:
            return
        self.dataChanged.emit(self.index(0, 0, parent), self.index(rows - 1, 0, parent))
        for row in range(rows):
            self._changed_everywhere(self.index(row, 0, parent))

    # -- finding rows -----------------------------------------------------------------------

    def _node(self, index: Index) -> _Node | None:
        if not index.isValid():
            return None
        number = int(index.internalId())
        return self._tree.nodes[number] if 0 <= number < len(self._tree.nodes) else None

    def _index_of_node(self, number: int) -> QModelIndex:
        return self.createIndex(self._tree.nodes[number].row, 0, number)

    def source_id(self, index: Index) -> int | None:
        node = self._node(index)
        return int(node.key) if node is not None and node.kind is SourceNode.SOURCE else None

    def case_id(self, index: Index) -> int | None:
        """The case of a case row, or of a source row under a case."""
        node = self._node(index)
        if node is None:
            return None
        if node.kind is SourceNode.CASE:
            return int(node.key)
        return node.case_id

    def source_indexes(self, source_id: int) -> list[QModelIndex]:
        """Every row that shows ``source_id`` (in tree order)."""
        return [
            self._index_of_node(number)
            for number, node in enumerate(self._tree.nodes)
            if node.kind is SourceNode.SOURCE and node.key == source_id
        ]

    def index_of_case(self, case_id: int) -> QModelIndex:
        for number, node in enumerate(self._tree.nodes):
            if node.kind is SourceNode.CASE and node.key == case_id:
                return self._index_of_node(number)
        return QModelIndex()

    def node_key(self, index: Index) -> tuple[str, int | str] | None:
        """What a row stands for, stable across resets (to keep rows collapsed)."""
        node = self._node(index)
        return (node.kind.value, node.key) if node is not None else None

    # -- QAbstractItemModel -----------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if column != 0 or (parent.isValid() and parent.column() != 0):
            return QModelIndex()
        parent_number = int(parent.internalId()) if parent.isValid() else -1
        siblings = self._tree.children.get(parent_number, [])
        if not 0 <= row < len(siblings):
            return QModelIndex()
        return self.createIndex(row, 0, siblings[row])

    def parent(self, index: Index) -> QModelIndex:  # type: ignore[override]
        node = self._node(index)
        if node is None or node.parent < 0:
            return QModelIndex()
        return self._index_of_node(node.parent)

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt override
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(
            self._tree.children.get(int(parent.internalId()) if parent.isValid() else -1, [])
        )

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt override
        return 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        node = self._node(index)
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        if node.kind is SourceNode.GROUP:
            return Qt.ItemFlag.ItemIsEnabled  # a heading, not a thing to select
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self._node(index)
        if node is None:
            return None
        if node.kind is SourceNode.GROUP:
            return self._group_data(index, node, role)
        if node.kind is SourceNode.CASE:
            return self._case_data(node, role)
        return self._source_data(node, role)

    def _group_data(self, index: Index, node: _Node, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            name = _(_GROUP_NAMES[SourceGroup(node.key)])
            return _("{group} ({n})").format(group=name, n=self.rowCount(index))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == NODE_ROLE:
            return node.kind.value
        return None

    def _case_data(self, node: _Node, role: int) -> Any:
        case = self._tree.cases.get(int(node.key))
        if case is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return case.name
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [case.name, *([case.description] if case.description else [])]
            values = self._tree.case_values.get(case.id, {})
            lines.extend(f"{name}: {value}" for name, value in values.items())
            return "\n".join(lines)
        if role in (NODE_ROLE, CASE_ROLE):
            return node.kind.value if role == NODE_ROLE else case.id
        return None

    def _source_data(self, node: _Node, role: int) -> Any:
        source = self._tree.sources.get(int(node.key))
        if source is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return node.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(source)
        if role == Qt.ItemDataRole.DecorationRole and source.flags:
            if self._warning.isNull():
                style = QApplication.style()
                self._warning = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return self._warning
        if role == ID_ROLE:
            return source.id
        if role == NODE_ROLE:
            return node.kind.value
        if role == CASE_ROLE:
            return node.case_id
        return None

    def _tooltip(self, source: Source) -> str:
        reference = self._tree.references.get(source.id)
        if reference is not None:  # the reference's title, then the source's
            lines = [reference[1]] if reference[1] else []
            lines.append(_("Source: {title}").format(title=source.title))
        else:
            lines = [source.title]
        kind = _("PDF") if source.kind is SourceKind.PDF else _("Text")
        lines.append(_("{kind}, {n} characters").format(kind=kind, n=source.text_length))
        cases = self._tree.case_names.get(source.id, [])
        if cases:
            lines.append(_("Case: {names}").format(names=", ".join(cases)))
        lines.extend(_(FLAG_TEXTS[flag]) if flag in FLAG_TEXTS else flag for flag in source.flags)
        return "\n".join(lines)


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
        cases = project.cases() if project else []
        attributes = project.attributes(AttributeScope.CASE) if project else []
        values = (
            {c.id: project.attribute_values(c.id, AttributeScope.CASE) for c in cases}
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

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._cases)

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt override
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
        memos = self._project.memos() if self._project else []
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

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._memos)

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt override
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
