"""The sources dock: the literature by its citations, the cases with their transcripts, the rest.

Selecting a source shows it in the centre (a preview tab), activating it (double-click, Enter)
opens it in a tab of its own; the window listens to ``source_selected`` and
``source_activated``. The dock's actions — properties, remove, add to or take out of a case —
edit the project through the window's undo stack. Files dropped anywhere on the window are
imported (``importing.FileDrops``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QMenu,
    QTreeView,
    QWidget,
)

from kutip.errors import NotFoundError
from kutip.gui.core.edit_bus import EditBus
from kutip.gui.core.error_dialogs import guarded, view_action
from kutip.gui.core.mnemonics import literal
from kutip.gui.core.undo import push_on_open_project
from kutip.gui.dialogs.prompts import ask_name, confirm
from kutip.gui.dialogs.reread import Rereader
from kutip.gui.dialogs.source_properties import (
    SourceProperties,
    SourcePropertiesDialog,
    current_properties,
    property_steps,
)
from kutip.gui.docks.sources_model import SourcesModel
from kutip.i18n import _, ngettext
from kutip.model import SourceKind
from kutip.project import Edit, Project


class SourcesDock(QDockWidget):
    #: The current row became a source (carries its id): show it.
    source_selected = Signal(int)
    #: A source was activated (double-click, Enter): open it in a tab of its own.
    source_activated = Signal(int)
    #: "Read by OCR…" on a PDF source; carries its id.
    ocr_requested = Signal(int)

    def __init__(
        self,
        undo_stack: QUndoStack,
        edits: EditBus,
        parent: QWidget | None = None,
        rereader: Rereader | None = None,
    ) -> None:
        """``rereader`` reads a source's file again for "Re-read Text" (the window's)."""
        super().__init__(_("Sources"), parent)
        self.setObjectName("sources_dock")
        self.project: Project | None = None
        self._undo_stack = undo_stack
        self._syncing = False
        #: Rows the user collapsed (by what they stand for): they stay so across refreshes.
        self._collapsed: set[tuple[str, int | str]] = set()
        self._restoring = False
        #: A source's file is being read again: no second re-read, no source removed meanwhile.
        self._rereading = False
        self._rereader = rereader
        if rereader is not None:
            rereader.busy_changed.connect(self.set_rereading)

        self.model = SourcesModel(self)
        self.view = QTreeView()
        self.view.setObjectName("sources")
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setIndentation(14)
        self.setWidget(self.view)

        self.properties_action = self._action(
            _("Source &Properties…"), self._properties_asked, "Alt+Return"
        )
        self.remove_action = self._action(
            _("&Remove Source…"), self._remove_asked, QKeySequence.StandardKey.Delete
        )
        self.ocr_action = self._action(_("Read by &OCR…"), self._ocr_asked, None)
        self.reread_action = self._action(_("Re-read &Text"), self._reread_asked, None)
        self.reread_action.setToolTip(
            _("Extract the text again with this version of Kutip and move the codings to it")
        )
        self.case_menu = QMenu(_("Add to &Case"), self)
        self.case_menu.aboutToShow.connect(self._fill_case_menu)
        self.new_case_action = QAction(_("&New Case…"), self)
        self.new_case_action.triggered.connect(lambda: guarded(self, self._new_case_asked))

        self.view.customContextMenuRequested.connect(self._menu)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.activated.connect(self._activated)
        self.view.collapsed.connect(self._remember_collapsed)
        self.view.expanded.connect(self._remember_expanded)
        self.model.modelReset.connect(self._reset)
        edits.edited.connect(self.refresh)
        self.update_actions()

    def _action(self, text: str, slot: Callable[[], object], shortcut: Any) -> QAction:
        return view_action(self, self.view, text, slot, shortcut)

    # -- the project ------------------------------------------------------------------------

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self._collapsed.clear()
        self.model.set_project(project)
        self.update_actions()

    #: The tables whose changes the tree shows.
    TABLES = frozenset(
        {"sources", "bib_entries", "cases", "case_sources", "attributes", "attribute_values"}
    )

    def refresh(self, edit: Edit[Any] | None = None) -> None:
        if edit is None or edit.tables & self.TABLES:
            self.model.refresh()
            self.update_actions()

    def _reset(self) -> None:
        self._restoring = True  # expanding everything is not the user's choice to remember
        try:
            self.view.expandAll()
            for row in range(self.model.rowCount()):
                self._collapse_remembered(self.model.index(row, 0))
        finally:
            self._restoring = False
        self.update_actions()

    def _collapse_remembered(self, index: QModelIndex) -> None:
        for row in range(self.model.rowCount(index)):
            self._collapse_remembered(self.model.index(row, 0, index))
        if self.model.node_key(index) in self._collapsed:
            self.view.collapse(index)

    def _remember_collapsed(self, index: QModelIndex) -> None:
        key = self.model.node_key(index)
        if key is not None and not self._restoring:
            self._collapsed.add(key)

    def _remember_expanded(self, index: QModelIndex) -> None:
        key = self.model.node_key(index)
        if key is not None and not self._restoring:
            self._collapsed.discard(key)

    # -- the selected source ----------------------------------------------------------------

    def selected_source_id(self) -> int | None:
        return self.model.source_id(self.view.currentIndex())

    def select_source(self, source_id: int | None) -> None:
        """Put the selection on ``source_id`` (its first row) without showing it again."""
        self._syncing = True
        try:
            if source_id is None:
                self.view.clearSelection()
                self.view.setCurrentIndex(QModelIndex())
                return
            if self.model.source_id(self.view.currentIndex()) == source_id:
                return  # it is already selected (maybe under another case: leave it there)
            rows = self.model.source_indexes(source_id)
            if rows:
                self.view.setCurrentIndex(rows[0])
                self.view.scrollTo(rows[0])
        finally:
            self._syncing = False
        self.update_actions()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.update_actions()
        source_id = self.model.source_id(current)
        if not self._syncing and source_id is not None:
            self.source_selected.emit(source_id)

    def _activated(self, index: QModelIndex) -> None:
        source_id = self.model.source_id(index)
        if source_id is not None:
            self.source_activated.emit(source_id)

    def editing_actions(self) -> list[QAction]:
        """The actions that change the project: off while it is read-only."""
        return [
            self.properties_action,
            self.remove_action,
            self.new_case_action,
            self.reread_action,
            self.ocr_action,
        ]

    def set_rereading(self, busy: bool) -> None:
        """A source is being read again (``Rereader.busy_changed``): what would collide is off."""
        self._rereading = busy
        self.update_actions()

    def update_actions(self) -> None:
        has_source = self.project is not None and self.selected_source_id() is not None
        free = has_source and not self._rereading
        self.properties_action.setEnabled(has_source)
        self.remove_action.setEnabled(free)
        self.case_menu.setEnabled(has_source)
        self.reread_action.setEnabled(free)
        self.ocr_action.setEnabled(free and self._selected_is_pdf())

    def _menu(self, pos: QPoint) -> None:
        if self.project is None:
            return
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.setCurrentIndex(index)
        if self.selected_source_id() is None:
            return
        menu = QMenu(self)
        menu.addAction(self.properties_action)
        menu.addAction(self.ocr_action)
        menu.addMenu(self.case_menu)
        menu.addAction(self.reread_action)
        menu.addSeparator()
        menu.addAction(self.remove_action)
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # -- asking the user --------------------------------------------------------------------

    def _selected_is_pdf(self) -> bool:
        source_id = self.selected_source_id()
        if self.project is None or source_id is None:
            return False
        try:
            source = self.project.sources.get(source_id)
        except NotFoundError:
            return False
        return source.kind is SourceKind.PDF and source.file_sha256 is not None

    def _ocr_asked(self) -> None:
        source_id = self.selected_source_id()
        if self.project is not None and source_id is not None:
            self.ocr_requested.emit(source_id)

    def _properties_asked(self) -> None:
        source_id = self.selected_source_id()
        if self.project is None or source_id is None:
            return
        self.edit_properties(source_id)

    def edit_properties(self, source_id: int) -> SourcePropertiesDialog | None:
        """Show a source's properties; OK applies every change made as one undo step."""
        project = self.project
        if project is None:
            return None
        dialog = SourcePropertiesDialog(project, source_id, self)
        try:
            if dialog.exec() == SourcePropertiesDialog.DialogCode.Accepted:
                self.set_properties(source_id, dialog.wanted(), dialog.before)
        finally:
            dialog.deleteLater()
        return dialog

    def _remove_asked(self) -> None:
        source_id = self.selected_source_id()
        project = self.project
        if project is None or source_id is None:
            return
        source = project.sources.get(source_id)
        codings = len(project.codings.all(source_id=source_id))
        question = ngettext(
            "Remove the source '{title}' and its {n} coding? You can undo this with Ctrl+Z.",
            "Remove the source '{title}' and its {n} codings? You can undo this with Ctrl+Z.",
            codings,
        ).format(title=source.title, n=codings)
        if confirm(self, _("Remove source"), question):
            self.remove_source(source_id)

    def _reread_asked(self) -> None:
        source_id = self.selected_source_id()
        if self._rereader is not None and source_id is not None and not self._rereading:
            self._rereader.reread(source_id)

    def _fill_case_menu(self) -> None:
        self.case_menu.clear()
        project, source_id = self.project, self.selected_source_id()
        if project is None or source_id is None:
            return
        linked = {link.case_id for link in project.cases.links() if link.source_id == source_id}
        for case in project.cases.all():
            action = self.case_menu.addAction(literal(case.name))
            action.setCheckable(True)
            action.setChecked(case.id in linked)
            action.toggled.connect(
                lambda on, c=case.id, s=source_id: guarded(
                    self, lambda: self.add_to_case(c, s) if on else self.remove_from_case(c, s)
                )
            )
        if project.cases.all():
            self.case_menu.addSeparator()
        self.case_menu.addAction(self.new_case_action)

    def _new_case_asked(self) -> None:
        source_id = self.selected_source_id()
        if self.project is None or source_id is None:
            return
        name = ask_name(self, _("New case"), _("Name of the new case:"))
        if name is not None and name.strip():
            self.add_to_new_case(name, source_id)

    # -- undoable edits ---------------------------------------------------------------------

    def _push(self, make_edit: Callable[[Project], Edit[Any]]) -> Edit[Any]:
        return push_on_open_project(self._undo_stack, self.project, make_edit)

    def set_properties(
        self,
        source_id: int,
        wanted: SourceProperties,
        before: SourceProperties | None = None,
    ) -> Edit[Any] | None:
        """Give a source the properties ``wanted`` (changed from ``before``, by default what it
        has now): one undo step, whatever it changes."""
        project = self.project
        if project is None:
            return None
        before = before or current_properties(project, source_id)
        steps = property_steps(project, source_id, before, wanted)
        if not steps:
            return None
        if len(steps) == 1:  # one change keeps its own name in the undo menu
            return self._push(lambda _p: steps[0]())
        label = _("Properties of {title}").format(title=before.title)

        def all_steps() -> None:
            for step in steps:
                step()

        # One transaction: if any change is refused, none is made.
        return self._push(lambda p: p.compose(label, all_steps))

    def remove_source(self, source_id: int) -> Edit[None]:
        return self._push(lambda p: p.sources.remove(source_id))

    def add_to_case(self, case_id: int, source_id: int) -> Edit[int]:
        return self._push(lambda p: p.cases.link_source(case_id, source_id))

    def remove_from_case(self, case_id: int, source_id: int) -> Edit[int]:
        return self._push(lambda p: p.cases.unlink_source(case_id, source_id))

    def add_to_new_case(self, name: str, source_id: int) -> Edit[int]:
        """Make a case and put the source in it, as one undo step."""

        def make(project: Project) -> Edit[int]:
            def steps() -> int:
                case_id = project.cases.add(name).value
                project.cases.link_source(case_id, source_id)
                return case_id

            return project.compose(_("New case '{name}'").format(name=name.strip()), steps)

        return self._push(make)
