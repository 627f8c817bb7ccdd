"""The cases dock: a table of the cases (informants, sites) with their typed attributes.

Each row is a case, each column after the name a case attribute (age, province, platform …).
A cell is edited with an editor of its attribute's type — a spin box for a whole number, a
date edit for a date, a tick for yes/no, a line that completes the values already used for
text — and the value goes through ``project.cases.set_attribute_value``, which refuses what is
not of the type (the refusal is shown as a message, and nothing changes). Cases and attributes are
added, renamed and removed here; the current source, or a selected passage of a document, is
added to a case. Every change is one step on the window's undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMenu,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from kutip.errors import KnownError
from kutip.gui.core.edit_bus import EditBus
from kutip.gui.core.error_dialogs import guarded_action, report, view_action
from kutip.gui.core.undo import push_on_open_project
from kutip.gui.dialogs.prompts import ask_name, confirm
from kutip.gui.docks.cases_model import ATTRIBUTE_TYPE_NAMES, CasesModel
from kutip.i18n import _, ngettext
from kutip.model import AttributeType
from kutip.project import Edit, Project

#: The passage selected in the document in front: (source id, start, end), or None.
SelectionGetter = Callable[[], tuple[int, int, int] | None]
#: The source in front (the open document, else the one selected in the sources dock).
SourceGetter = Callable[[], int | None]

_INT_LIMIT = 2**31 - 1


class AttributeDelegate(QStyledItemDelegate):
    """Edits a cell with an editor of its attribute's type."""

    def __init__(self, model: CasesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def _type(self, index: QModelIndex | QPersistentModelIndex) -> AttributeType | None:
        attribute = self._model.attribute(index.column())
        return attribute.type if attribute is not None else None

    def createEditor(  # noqa: N802 - Qt override
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        kind = self._type(index)
        if kind is AttributeType.INTEGER:
            spin = QSpinBox(parent)
            spin.setRange(-_INT_LIMIT, _INT_LIMIT)
            return spin
        if kind is AttributeType.FLOAT:
            double = QDoubleSpinBox(parent)
            double.setRange(-1e12, 1e12)
            double.setDecimals(4)
            return double
        if kind is AttributeType.DATE:
            date = QDateEdit(parent)
            date.setDisplayFormat("yyyy-MM-dd")
            date.setCalendarPopup(True)
            return date
        line = QLineEdit(parent)
        if kind is AttributeType.TEXT:  # the values used so far, to type them alike
            completer = QCompleter(self._model.column_values(index.column()), line)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            line.setCompleter(completer)
        return line

    def setEditorData(  # noqa: N802 - Qt override
        self, editor: QWidget, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        value = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, QSpinBox):
            editor.setValue(int(value) if value.lstrip("-").isdigit() else 0)
        elif isinstance(editor, QDoubleSpinBox):
            try:
                editor.setValue(float(value) if value else 0.0)
            except ValueError:
                editor.setValue(0.0)
        elif isinstance(editor, QDateEdit):
            date = QDate.fromString(value, Qt.DateFormat.ISODate)
            editor.setDate(date if date.isValid() else QDate.currentDate())
        elif isinstance(editor, QLineEdit):
            editor.setText(value)

    def setModelData(  # noqa: N802 - Qt override
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        value: object
        if isinstance(editor, QSpinBox | QDoubleSpinBox):
            value = editor.value()
        elif isinstance(editor, QDateEdit):
            value = editor.date().toString(Qt.DateFormat.ISODate)
        elif isinstance(editor, QLineEdit):
            value = editor.text()
        else:
            return
        if str(value) != str(index.data(Qt.ItemDataRole.EditRole) or ""):
            model.setData(index, value, Qt.ItemDataRole.EditRole)


class AttributeDialog(QDialog):
    """The name and type of a new attribute."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attribute_dialog")
        self.setWindowTitle(_("New attribute"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(_("e.g. age, province, main platform"))
        self.type_combo = QComboBox()
        for kind, name in ATTRIBUTE_TYPE_NAMES.items():
            self.type_combo.addItem(_(name), kind.value)
        form = QFormLayout()
        form.addRow(_("&Name:"), self.name_edit)
        form.addRow(_("&Type:"), self.type_combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def attribute_type(self) -> AttributeType:
        return AttributeType(self.type_combo.currentData())


class CasesDock(QDockWidget):
    #: The tables whose changes the table shows.
    TABLES = frozenset({"cases", "attributes", "attribute_values"})

    def __init__(
        self,
        undo_stack: QUndoStack,
        edits: EditBus,
        current_source: SourceGetter,
        current_selection: SelectionGetter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Cases"), parent)
        self.setObjectName("cases_dock")
        self.project: Project | None = None
        self._undo_stack = undo_stack
        self._current_source = current_source
        self._current_selection = current_selection

        self.model = CasesModel(self._write, self)
        self._build_table()
        self._build_actions()

        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.setIconSize(toolbar.iconSize() / 2)
        for action in (
            self.new_case_action,
            self.add_source_action,
            None,
            self.new_attribute_action,
        ):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(toolbar)
        layout.addWidget(self.view, 1)
        self.setWidget(body)

        self.view.selectionModel().currentChanged.connect(self.update_actions)
        self.model.modelReset.connect(self._reset)
        edits.edited.connect(self.refresh)
        self.update_actions()

    def _build_table(self) -> None:
        """A row per case, a column per attribute; cells are edited in place."""
        self.view = QTableView()
        self.view.setObjectName("cases")
        self.view.setModel(self.model)
        self.view.setItemDelegate(AttributeDelegate(self.model, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)

    def _build_actions(self) -> None:
        """What is done to cases and attributes (the table's context menus and toolbar)."""
        self.new_case_action = self._action(_("&New Case…"), self._new_case_asked)
        self.rename_case_action = self._action(_("&Rename Case"), self._rename_case_asked)
        self.remove_case_action = self._action(_("Re&move Case…"), self._remove_case_asked)
        self.new_attribute_action = self._action(_("New &Attribute…"), self._new_attribute_asked)
        self.rename_attribute_action = self._action(
            _("Rena&me Attribute…"), self._rename_attribute_asked
        )
        self.remove_attribute_action = self._action(
            _("Remove A&ttribute…"), self._remove_attribute_asked
        )
        self.clear_value_action = self._action(
            _("&Clear Value"), self._clear_value_asked, QKeySequence.StandardKey.Delete
        )
        self.add_source_action = self._action(
            _("Add Current &Source to Case"), self._add_source_asked
        )
        self.add_source_action.setToolTip(
            _("Put the source in front (or selected in Sources) in the selected case")
        )
        #: Also in the Coding menu and the documents' context menus (the window adds it).
        self.add_selection_action = guarded_action(
            self, _("Add Selection to &Case…"), self._add_selection_asked
        )

    def _action(self, text: str, slot: Callable[[], object], shortcut: Any = None) -> QAction:
        return view_action(self, self.view, text, slot, shortcut)

    # -- the project ------------------------------------------------------------------------

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.model.set_project(project)
        self.update_actions()

    def refresh(self, edit: Edit[Any] | None = None) -> None:
        if edit is None or edit.tables & self.TABLES:
            case_id, attribute_id = self.selected_case_id(), self.selected_attribute_id()
            self.model.refresh()
            if not self.view.currentIndex().isValid() and case_id is not None:
                # The table was read anew (a case or an attribute came or went): the
                # selection stays on the same case, and attribute if it is still there.
                column = self.model.column_of(attribute_id) if attribute_id else None
                self.select_case(case_id, column or CasesModel.NAME)
            self.update_actions()

    def _reset(self) -> None:
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            width = self.view.columnWidth(column)
            self.view.setColumnWidth(column, min(max(width + 16, 70), 260))
        self.update_actions()

    def selected_case_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.case_id(index.row()) if index.isValid() else None

    def selected_attribute_id(self) -> int | None:
        index = self.view.currentIndex()
        attribute = self.model.attribute(index.column()) if index.isValid() else None
        return attribute.id if attribute is not None else None

    def select_case(self, case_id: int, column: int = CasesModel.NAME) -> None:
        row = self.model.row_of(case_id)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, column))

    def editing_actions(self) -> list[QAction]:
        """The actions that change the project: off while it is read-only."""
        return [
            self.new_case_action,
            self.rename_case_action,
            self.remove_case_action,
            self.new_attribute_action,
            self.rename_attribute_action,
            self.remove_attribute_action,
            self.clear_value_action,
            self.add_source_action,
            self.add_selection_action,
        ]

    def update_actions(self, *_args: object) -> None:
        has_project = self.project is not None
        has_case = has_project and self.selected_case_id() is not None
        has_attribute = has_project and self.selected_attribute_id() is not None
        for action in (self.new_case_action, self.new_attribute_action):
            action.setEnabled(has_project)
        for action in (self.rename_case_action, self.remove_case_action, self.add_source_action):
            action.setEnabled(has_case)
        for action in (
            self.rename_attribute_action,
            self.remove_attribute_action,
            self.clear_value_action,
        ):
            action.setEnabled(has_attribute)
        self.add_selection_action.setEnabled(has_project)

    def _menu(self, pos: QPoint) -> None:
        if self.project is None:
            return
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction(self.new_case_action)
        if index.isValid():
            menu.addAction(self.rename_case_action)
            menu.addAction(self.add_source_action)
            menu.addAction(self.remove_case_action)
        menu.addSeparator()
        menu.addAction(self.new_attribute_action)
        if self.selected_attribute_id() is not None and index.isValid():
            menu.addAction(self.clear_value_action)
            menu.addAction(self.rename_attribute_action)
            menu.addAction(self.remove_attribute_action)
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _header_menu(self, pos: QPoint) -> None:
        if self.project is None:
            return
        column = self.view.horizontalHeader().logicalIndexAt(pos)
        row = max(0, self.view.currentIndex().row())
        if column >= 0 and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(row, column))
        menu = QMenu(self)
        menu.addAction(self.new_attribute_action)
        if self.model.attribute(column) is not None and self.model.rowCount():
            menu.addAction(self.rename_attribute_action)
            menu.addAction(self.remove_attribute_action)
        menu.exec(self.view.horizontalHeader().mapToGlobal(pos))
        menu.deleteLater()

    # -- a cell edited ----------------------------------------------------------------------

    def _write(self, case_id: int, attribute_id: int | None, value: object) -> bool:
        """What the table's cells write through: an undoable edit, or a refusal explained."""
        try:
            if attribute_id is None:
                self.rename_case(case_id, str(value))
            else:
                self.set_value(attribute_id, case_id, value)
        except Exception as error:
            # Told after the editor has closed: a dialog in the middle of committing the
            # editor's data would take its focus and commit it again.
            QTimer.singleShot(0, partial(report, self, error))
            return False
        return True

    # -- asking the user --------------------------------------------------------------------

    def _new_case_asked(self) -> None:
        if self.project is None:
            return
        name = ask_name(self, _("New case"), _("Name of the new case:"))
        if name is not None and name.strip():
            case_id = self.add_case(name).value
            self.select_case(case_id)

    def _rename_case_asked(self) -> None:
        case_id = self.selected_case_id()
        row = self.model.row_of(case_id) if case_id is not None else None
        if row is not None:
            index = self.model.index(row, CasesModel.NAME)
            self.view.setCurrentIndex(index)
            self.view.edit(index)

    def _remove_case_asked(self) -> None:
        case_id = self.selected_case_id()
        if self.project is None or case_id is None:
            return
        case = self.project.cases.get(case_id)
        question = _(
            "Remove the case '{name}'? Its sources stay in the project; their links to the "
            "case and its attribute values go. You can undo this with Ctrl+Z."
        ).format(name=case.name)
        if confirm(self, _("Remove case"), question):
            self.remove_case(case_id)

    def _new_attribute_asked(self) -> None:
        if self.project is None:
            return
        dialog = AttributeDialog(self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            name, kind = dialog.name_edit.text(), dialog.attribute_type()
        finally:
            dialog.deleteLater()
        attribute_id = self.add_attribute(name, kind).value
        column = self.model.column_of(attribute_id)
        case_id = self.selected_case_id() or self.model.case_id(0)
        if column is not None and case_id is not None:
            self.select_case(case_id, column)

    def _rename_attribute_asked(self) -> None:
        attribute_id = self.selected_attribute_id()
        if self.project is None or attribute_id is None:
            return
        attribute = self.project.cases.attribute(attribute_id)
        name = ask_name(
            self,
            _("Rename attribute"),
            _("New name for '{name}':").format(name=attribute.name),
            attribute.name,
        )
        if name is not None:
            self.rename_attribute(attribute_id, name)

    def _remove_attribute_asked(self) -> None:
        attribute_id = self.selected_attribute_id()
        column = self.model.column_of(attribute_id) if attribute_id is not None else None
        if self.project is None or attribute_id is None or column is None:
            return
        attribute = self.project.cases.attribute(attribute_id)
        values = self.model.value_count(column)
        question = ngettext(
            "Remove the attribute '{name}' and its {n} value? You can undo this with Ctrl+Z.",
            "Remove the attribute '{name}' and its {n} values? You can undo this with Ctrl+Z.",
            values,
        ).format(name=attribute.name, n=values)
        if confirm(self, _("Remove attribute"), question):
            self.remove_attribute(attribute_id)

    def _clear_value_asked(self) -> None:
        attribute_id, case_id = self.selected_attribute_id(), self.selected_case_id()
        if attribute_id is not None and case_id is not None:
            self.set_value(attribute_id, case_id, None)

    def _add_source_asked(self) -> None:
        case_id = self.selected_case_id()
        if self.project is None or case_id is None:
            return
        source_id = self._current_source()
        if source_id is None:
            raise KnownError(_("Open or select a source first, then add it to the case."))
        self.add_source(case_id, source_id)

    def _add_selection_asked(self) -> None:
        project = self.project
        if project is None:
            return
        selection = self._current_selection()
        if selection is None:
            raise KnownError(_("Select a passage in a document first, then add it to a case."))
        source_id, start, end = selection
        names = [case.name for case in project.cases.all()]
        chosen = self.selected_case_id()
        current = next((i for i, case in enumerate(project.cases.all()) if case.id == chosen), 0)
        name, ok = QInputDialog.getItem(
            self,
            _("Add selection to case"),
            _("The selected passage belongs to the case (a new name makes a new case):"),
            names,
            current,
            True,
        )
        if ok and name.strip():
            edit = self.add_part(name, source_id, start, end)
            self.select_case(edit.value)

    # -- undoable edits ---------------------------------------------------------------------

    def _push(self, make_edit: Callable[[Project], Edit[Any]]) -> Edit[Any]:
        return push_on_open_project(self._undo_stack, self.project, make_edit)

    def add_case(self, name: str) -> Edit[int]:
        return self._push(lambda p: p.cases.add(name))

    def rename_case(self, case_id: int, name: str) -> Edit[None]:
        return self._push(lambda p: p.cases.rename(case_id, name))

    def remove_case(self, case_id: int) -> Edit[None]:
        return self._push(lambda p: p.cases.remove(case_id))

    def add_attribute(self, name: str, kind: AttributeType) -> Edit[int]:
        return self._push(lambda p: p.cases.add_attribute(name, kind))

    def rename_attribute(self, attribute_id: int, name: str) -> Edit[None]:
        return self._push(lambda p: p.cases.rename_attribute(attribute_id, name))

    def remove_attribute(self, attribute_id: int) -> Edit[None]:
        return self._push(lambda p: p.cases.remove_attribute(attribute_id))

    def set_value(self, attribute_id: int, case_id: int, value: object) -> Edit[None]:
        return self._push(lambda p: p.cases.set_attribute_value(attribute_id, case_id, value))

    def add_source(self, case_id: int, source_id: int) -> Edit[int]:
        return self._push(lambda p: p.cases.link_source(case_id, source_id))

    def add_part(self, case_name: str, source_id: int, start: int, end: int) -> Edit[int]:
        """Put ``[start, end)`` of a source in the case called ``case_name`` — made if there is
        none yet, in the same undo step; the edit's value is the case's id."""

        def make(project: Project) -> Edit[int]:
            existing = project.cases.find(case_name)

            def steps() -> int:
                case_id = existing.id if existing else project.cases.add(case_name).value
                project.cases.link_source(case_id, source_id, start, end)
                return case_id

            label = _("Add to case '{name}'").format(name=" ".join(case_name.split()))
            return project.compose(label, steps)

        return self._push(make)
