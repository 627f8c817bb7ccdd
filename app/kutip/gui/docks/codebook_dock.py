"""The codebook dock: the code tree with colours and counts, and the actions that edit it.

The dock reads the codes through its ``CodebookModel`` and edits them through ``Project``
operations put on the window's undo stack, so every change it makes is undoable with Ctrl+Z.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QMenu,
    QTreeView,
    QWidget,
)

from kutip.gui.coding.code_description import CodeDescriptionDialog
from kutip.gui.core.edit_bus import EditBus
from kutip.gui.core.error_dialogs import guarded, guarded_action
from kutip.gui.core.undo import push_on_open_project
from kutip.gui.dialogs.prompts import ask_name, confirm
from kutip.gui.docks.codebook_model import CodebookModel
from kutip.i18n import _, ngettext
from kutip.project import Edit, Project


class CodebookDock(QDockWidget):
    def __init__(
        self, undo_stack: QUndoStack, edits: EditBus, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Codebook"), parent)
        self.setObjectName("codebook_dock")
        self.project: Project | None = None
        self._undo_stack = undo_stack

        self.model = CodebookModel(self)
        self.view = QTreeView()
        self.view.setObjectName("codebook")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        # A code dragged onto a passage in a document codes it.
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setDefaultDropAction(Qt.DropAction.CopyAction)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(CodebookModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CodebookModel.COUNT, QHeaderView.ResizeMode.ResizeToContents)
        self.setWidget(self.view)

        self.new_code_action = guarded_action(self, _("&New Code…"), self._new_code_asked)
        self.rename_code_action = guarded_action(
            self, _("&Rename Code…"), self._rename_code_asked, "F2"
        )
        self.delete_code_action = guarded_action(
            self, _("&Delete Code"), self._delete_code_asked, QKeySequence.StandardKey.Delete
        )
        self.describe_code_action = guarded_action(
            self, _("Edit Code &Description…"), self._describe_code_asked, "Ctrl+Shift+D"
        )
        for action in (
            self.new_code_action,
            self.rename_code_action,
            self.describe_code_action,
            self.delete_code_action,
        ):
            # F2 and Delete mean these only while the codebook has the focus.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.view.addAction(action)

        self.view.customContextMenuRequested.connect(self._menu)
        self.view.activated.connect(lambda _index: guarded(self, self._describe_code_asked))
        self.model.modelReset.connect(self._reset)
        self.view.selectionModel().currentChanged.connect(self.update_actions)
        edits.edited.connect(self.refresh)

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.model.set_project(project)
        self.update_actions()

    def refresh(self, _edit: Edit[Any] | None = None) -> None:
        # Every edit: codings come and go with most of them, and the counts show them.
        self.model.refresh()

    def _reset(self) -> None:
        self.view.expandAll()
        # A flat codebook needs no room for expand arrows.
        self.view.setRootIsDecorated(self.model.has_subcodes())
        self.update_actions()

    def selected_code_id(self) -> int | None:
        return self.model.code_id(self.view.currentIndex())

    def select_code(self, code_id: int) -> None:
        self.view.setCurrentIndex(self.model.index_of(code_id))

    def editing_actions(self) -> list[QAction]:
        """The actions that change the project: off while it is read-only."""
        return [
            self.new_code_action,
            self.rename_code_action,
            self.delete_code_action,
            self.describe_code_action,
        ]

    def update_actions(self) -> None:
        has_code = self.project is not None and self.selected_code_id() is not None
        self.new_code_action.setEnabled(self.project is not None)
        self.rename_code_action.setEnabled(has_code)
        self.describe_code_action.setEnabled(has_code)
        self.delete_code_action.setEnabled(has_code)

    def _menu(self, pos: QPoint) -> None:
        if self.project is None:
            return
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction(self.new_code_action)
        if index.isValid():
            menu.addSeparator()
            menu.addAction(self.rename_code_action)
            menu.addAction(self.describe_code_action)
            menu.addAction(self.delete_code_action)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def _new_code_asked(self) -> None:
        if self.project is None:
            return
        name = ask_name(self, _("New code"), _("Name of the new code:"))
        if name is not None and name.strip():
            code_id = self.add_code(name).value
            self.select_code(code_id)

    def _rename_code_asked(self) -> None:
        code_id = self.selected_code_id()
        if self.project is None or code_id is None:
            return
        code = self.project.codes.get(code_id)
        name = ask_name(
            self,
            _("Rename code"),
            _("New name for '{name}':").format(name=code.name),
            code.name,
        )
        if name is not None:
            self.rename_code(code_id, name)

    def _describe_code_asked(self) -> None:
        code_id = self.selected_code_id()
        if self.project is None or code_id is None:
            return
        self.edit_description(code_id)

    def edit_description(self, code_id: int) -> None:
        """Show a code's description; OK saves what changed as one undo step."""
        if self.project is None:
            return
        code = self.project.codes.get(code_id)
        dialog = CodeDescriptionDialog(code, self.project.codes.path(code_id), self)
        try:
            if dialog.exec() != CodeDescriptionDialog.DialogCode.Accepted:
                return
            changed = dialog.changed()
        finally:
            dialog.deleteLater()
        if changed:
            self.describe_code(code_id, **changed)

    def _delete_code_asked(self) -> None:
        code_id = self.selected_code_id()
        if self.project is None or code_id is None:
            return
        code = self.project.codes.get(code_id)
        # The core deletes subcodes and their codings with the code: say so before.
        doomed = [code_id]
        for candidate in self.project.codes.all():  # tree order: parents come before children
            if candidate.parent_id in doomed:
                doomed.append(candidate.id)
        codings = sum(self.project.codes.usage(doomed_id)[0] for doomed_id in doomed)
        if len(doomed) > 1:
            question = ngettext(
                "Delete the code '{name}', its subcodes and their {n} coding? "
                "You can undo this with Ctrl+Z.",
                "Delete the code '{name}', its subcodes and their {n} codings? "
                "You can undo this with Ctrl+Z.",
                codings,
            )
        else:
            question = ngettext(
                "Delete the code '{name}' and its {n} coding? You can undo this with Ctrl+Z.",
                "Delete the code '{name}' and its {n} codings? You can undo this with Ctrl+Z.",
                codings,
            )
        question = question.format(name=code.name, n=codings)
        if confirm(self, _("Delete code"), question):
            self.delete_code(code_id)

    # Undoable edits. Each applies its edit (a KnownError reaches the user and stacks nothing)
    # and puts it on the undo stack under the edit's own label.

    def _push(self, make_edit: Callable[[Project], Edit[Any]]) -> Edit[Any]:
        return push_on_open_project(self._undo_stack, self.project, make_edit)

    def add_code(self, name: str, parent_id: int | None = None) -> Edit[int]:
        return self._push(lambda p: p.codes.add(name, parent_id=parent_id))

    def rename_code(self, code_id: int, name: str) -> Edit[None]:
        return self._push(lambda p: p.codes.rename(code_id, name))

    def describe_code(self, code_id: int, **fields: str) -> Edit[None]:
        """Change a code's definition, when (not) to use, example or memo (``fields``)."""
        return self._push(lambda p: p.codes.describe(code_id, **fields))

    def delete_code(self, code_id: int) -> Edit[int]:
        return self._push(lambda p: p.codes.delete(code_id))
