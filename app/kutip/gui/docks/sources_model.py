"""The sources tree's item model: a thin adapter over the project, never a second copy.

It reads what it shows from the project when it is reset (on the project's change
notifications) and keeps it only until the next reset; it never writes. Every row carries its
record's id under ``ID_ROLE`` so views and actions speak to the project in ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from kutip.errors import NotFoundError
from kutip.gui.core.items import ID_ROLE, ROOT, Index
from kutip.gui.core.source_labels import short_citation
from kutip.i18n import N_, _, ngettext
from kutip.ingest.drafts import FLAG_NO_TEXT_LAYER, FLAG_OCR
from kutip.ingest.pdf.reader import FLAG_REPAIRED
from kutip.model import AttributeScope, Case, Source, SourceKind, SourceRole, source_role
from kutip.project import Project


class SourceNode(StrEnum):
    """What a row of the sources tree stands for."""

    GROUP = "group"
    CASE = "case"
    SOURCE = "source"


class SourceGroup(StrEnum):
    """The tree's top rows: one per role of a source (``kutip.model.source_role``)."""

    LITERATURE = "literature"
    CASES = "cases"
    OTHER = "other"


#: The group that holds the sources of each role (case material also shows under its cases).
ROLE_GROUPS = {
    SourceRole.LITERATURE: SourceGroup.LITERATURE,
    SourceRole.CASE: SourceGroup.CASES,
    SourceRole.OTHER: SourceGroup.OTHER,
}


#: What a row of the sources tree is (a ``SourceNode``).
NODE_ROLE = Qt.ItemDataRole.UserRole + 2
#: The case of a case row, and of a source row under a case; else None.
CASE_ROLE = Qt.ItemDataRole.UserRole + 3

#: What each source flag means, for the badge's tooltip.
FLAG_TEXTS = {
    FLAG_NO_TEXT_LAYER: N_(
        "No text layer: the PDF holds images of its pages only, so it has no text to search "
        "or code. Read it by OCR (in its context menu)."
    ),
    FLAG_OCR: N_(
        "Text by OCR: some pages are pictures whose text was read by OCR; check quotations "
        "against the page."
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
        sources = project.sources.all()
        tree.sources = {s.id: s for s in sources}
        entries: dict[str, tuple[str, str] | None] = {}
        for source in sources:
            key = source.bib_key
            if key is None:
                continue
            if key not in entries:
                try:
                    entry = project.references.get(key)
                except NotFoundError:  # a dangling key: the source goes by its title
                    entries[key] = None
                else:
                    entries[key] = (short_citation(entry), entry.title)
            reference = entries[key]
            if reference is not None:
                tree.references[source.id] = reference
        tree.cases = {case.id: case for case in project.cases.all()}
        tree.case_values = {
            case_id: project.cases.attribute_values(case_id, AttributeScope.CASE)
            for case_id in tree.cases
        }
        tree.case_names = project.cases.names_by_source()
        # (case, source) → how many parts of the source belong to the case; 0: all of it.
        parts: dict[tuple[int, int], int] = {}
        for link in project.cases.links():
            if link.source_id not in tree.sources or link.case_id not in tree.cases:
                continue  # added since the sources were read (an import on a worker)
            pair = (link.case_id, link.source_id)
            whole = link.start is None or parts.get(pair) == 0
            parts[pair] = 0 if whole else parts.get(pair, 0) + 1

        in_cases = {source_id for _case, source_id in parts}

        def has_turns(source_id: int) -> Callable[[], bool]:
            return lambda: bool(project.sources.turns(source_id))  # read only if the rule asks

        groups: dict[SourceGroup, list[int]] = {group: [] for group in SourceGroup}
        for s in sources:
            role = source_role(
                s,
                referenced=s.id in tree.references,
                in_case=s.id in in_cases,
                has_turns=has_turns(s.id),
            )
            groups[ROLE_GROUPS[role]].append(s.id)

        literature = tree._by_label(groups[SourceGroup.LITERATURE])
        if literature:
            group = tree._add(SourceNode.GROUP, SourceGroup.LITERATURE, -1)
            for source_id in literature:
                tree._add(SourceNode.SOURCE, source_id, group, tree.source_label(source_id))
        # Case material in no case yet (transcripts just imported) follows the cases.
        waiting = tree._by_label(i for i in groups[SourceGroup.CASES] if i not in in_cases)
        if tree.cases or waiting:
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
            for source_id in waiting:
                tree._add(SourceNode.SOURCE, source_id, group, tree.source_label(source_id))
        other = tree._by_label(groups[SourceGroup.OTHER])
        if other:
            group = tree._add(SourceNode.GROUP, SourceGroup.OTHER, -1)
            for source_id in other:
                tree._add(SourceNode.SOURCE, source_id, group, tree.source_label(source_id))
        return tree


class SourcesModel(QAbstractItemModel):
    """The sources as a tree: the literature by its citations, the cases with their sources
    (then the case material in no case yet), and the other sources — grouped by their role
    (``kutip.model.source_role``), as the reports and the search see them.

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

    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
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

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt override
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(
            self._tree.children.get(int(parent.internalId()) if parent.isValid() else -1, [])
        )

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt override
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
            name = _(_GROUP_NAMES[SourceGroup(str(node.key))])
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
