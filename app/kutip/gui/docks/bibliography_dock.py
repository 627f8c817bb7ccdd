"""The bibliography dock: every reference, the sources linked to it and their codings.

A table of the project's references, filtered as one types. Its actions edit the project through
the window's undo stack, each one undo step: *Edit Reference…* (every field, in the reference
editor), *Link a Source…* and *Unlink*, *Merge Duplicates…* (two or more selected references
become one: the sources of the others are linked to it, the fields only they had are added).
Activating a reference opens its first linked source (``source_activated``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kutip.gui.core.edit_bus import EditBus
from kutip.gui.core.error_dialogs import guarded, view_action
from kutip.gui.core.items import ID_ROLE
from kutip.gui.core.mnemonics import literal
from kutip.gui.core.undo import push_on_open_project
from kutip.gui.dialogs.reference_editor import ReferenceEditor
from kutip.gui.docks.bibliography_model import BibliographyModel, ReferenceRow
from kutip.i18n import _
from kutip.project import Edit, Project


class BibliographyDock(QDockWidget):
    #: A reference was activated: show its first linked source (carries the source's id).
    source_activated = Signal(int)

    #: The tables whose changes the list shows.
    TABLES = frozenset({"bib_entries", "sources", "segments"})

    def __init__(
        self, undo_stack: QUndoStack, edits: EditBus, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Bibliography"), parent)
        self.setObjectName("bibliography_dock")
        self.project: Project | None = None
        self._undo_stack = undo_stack

        self.model = BibliographyModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(_("Filter references…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)

        self.view = QTableView()
        self.view.setObjectName("bibliography")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(BibliographyModel.REFERENCE, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(BibliographyModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (BibliographyModel.REFERENCE, BibliographyModel.CODINGS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        self.setWidget(body)

        self.edit_action = self._action(_("&Edit Reference…"), self._edit_asked, "Alt+Return")
        self.link_action = self._action(_("&Link a Source…"), self._link_asked)
        self.unlink_menu = QMenu(_("&Unlink Source"), self)
        self.unlink_menu.aboutToShow.connect(self._fill_unlink_menu)
        self.merge_action = self._action(_("&Merge Duplicates…"), self._merge_asked)

        self.view.customContextMenuRequested.connect(self._menu)
        self.view.activated.connect(self._activated)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        edits.edited.connect(self.refresh)
        self.update_actions()

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: str | None = None
    ) -> QAction:
        return view_action(self, self.view, text, slot, shortcut)

    # -- the project ------------------------------------------------------------------------

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.model.set_project(project)
        self.update_actions()

    def refresh(self, edit: Edit[Any] | None = None) -> None:
        if edit is None or edit.tables & self.TABLES:
            selected = self.selected_citekeys()
            self.model.refresh()
            self.select(selected)
            self.update_actions()

    # -- the selection ------------------------------------------------------------------------

    def selected_citekeys(self) -> list[str]:
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        return [str(self.proxy.index(row, 0).data(ID_ROLE)) for row in rows]

    def current_citekey(self) -> str | None:
        index = self.view.currentIndex()
        if index.isValid() and self.view.selectionModel().isRowSelected(index.row()):
            return str(index.siblingAtColumn(0).data(ID_ROLE))
        keys = self.selected_citekeys()
        return keys[0] if keys else None

    def select(self, citekeys: list[str]) -> None:
        """Select these references' rows (those still there)."""
        selection = self.view.selectionModel()
        selection.clearSelection()
        first = True
        for citekey in citekeys:
            row = self.model.row_of(citekey)
            if row is None:
                continue
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
            if first:
                self.view.setCurrentIndex(index)
                first = False
            selection.select(index, flags)

    def update_actions(self) -> None:
        count = len(self.selected_citekeys()) if self.project is not None else 0
        self.edit_action.setEnabled(count >= 1)
        self.link_action.setEnabled(count == 1)
        self.unlink_menu.setEnabled(count == 1 and bool(self._linked_sources()))
        self.merge_action.setEnabled(count >= 2)

    def _linked_sources(self) -> tuple[tuple[int, str], ...]:
        citekey = self.current_citekey()
        row = self._row(citekey) if citekey is not None else None
        return row.sources if row is not None else ()

    def _row(self, citekey: str) -> ReferenceRow | None:
        index = self.model.row_of(citekey)
        return self.model.row(index) if index is not None else None

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row(self.proxy.mapToSource(index).row())
        if row is not None and row.sources:
            self.source_activated.emit(row.sources[0][0])
        elif row is not None:
            guarded(self, lambda: self.edit_reference(row.entry.citekey))

    def _menu(self, pos: QPoint) -> None:
        if self.project is None:
            return
        index = self.view.indexAt(pos)
        if index.isValid() and not self.view.selectionModel().isRowSelected(index.row()):
            self.view.setCurrentIndex(index)
            self.view.selectRow(index.row())
        if not self.selected_citekeys():
            return
        menu = QMenu(self)
        menu.addAction(self.edit_action)
        menu.addAction(self.link_action)
        menu.addMenu(self.unlink_menu)
        menu.addSeparator()
        menu.addAction(self.merge_action)
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # -- asking the user ----------------------------------------------------------------------

    def _edit_asked(self) -> None:
        citekey = self.current_citekey()
        if citekey is not None:
            self.edit_reference(citekey)

    def edit_reference(self, citekey: str) -> ReferenceEditor | None:
        """Show the reference editor; OK applies every change made as one undo step."""
        project = self.project
        if project is None:
            return None
        dialog = ReferenceEditor(project.references.get(citekey), parent=self)
        try:
            if dialog.exec() == ReferenceEditor.DialogCode.Accepted:
                changes = dialog.changes()
                if changes:
                    self._push(lambda p: p.references.update(citekey, changes))
        finally:
            dialog.deleteLater()
        return dialog

    def _link_asked(self) -> None:
        project, citekey = self.project, self.current_citekey()
        if project is None or citekey is None:
            return
        sources = [s for s in project.sources.all() if s.bib_key != citekey]
        if not sources:
            return
        names = [f"{s.title}  [{s.id}]" for s in sources]
        chosen, ok = QInputDialog.getItem(
            self, _("Link a source"), _("The source that is {citekey}:").format(citekey=citekey),
            names, 0, False,
        )  # fmt: skip
        if ok and chosen in names:
            self.link_source(sources[names.index(chosen)].id, citekey)

    def _fill_unlink_menu(self) -> None:
        self.unlink_menu.clear()
        for source_id, title in self._linked_sources():
            action = self.unlink_menu.addAction(literal(title))
            action.triggered.connect(
                lambda _checked=False, s=source_id: guarded(self, lambda: self.unlink_source(s))
            )

    def _merge_asked(self) -> None:
        project, citekeys = self.project, self.selected_citekeys()
        if project is None or len(citekeys) < 2:
            return
        rows = [row for row in map(self._row, citekeys) if row is not None]
        if len(rows) != len(citekeys):
            return
        names = [f"{row.citation} — {row.entry.title}  [{row.entry.citekey}]" for row in rows]
        # The one most used is the likely keeper.
        best = max(range(len(rows)), key=lambda i: (len(rows[i].sources), rows[i].codings))
        chosen, ok = QInputDialog.getItem(
            self, _("Merge duplicates"),
            _("Keep which reference? The others are merged into it and removed."),
            names, best, False,
        )  # fmt: skip
        if ok and chosen in names:
            keep = citekeys[names.index(chosen)]
            self.merge(keep, [key for key in citekeys if key != keep])

    # -- undoable edits -----------------------------------------------------------------------

    def _push(self, make_edit: Callable[[Project], Edit[Any]]) -> Edit[Any]:
        return push_on_open_project(self._undo_stack, self.project, make_edit)

    def link_source(self, source_id: int, citekey: str) -> Edit[None]:
        return self._push(lambda p: p.references.link_source(source_id, citekey))

    def unlink_source(self, source_id: int) -> Edit[None]:
        return self._push(lambda p: p.references.link_source(source_id, None))

    def merge(self, keep: str, others: list[str]) -> Edit[int]:
        edit = self._push(lambda p: p.references.merge(keep, others))
        self.select([keep])
        return edit
