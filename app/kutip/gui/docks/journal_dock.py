"""The journal dock: the project's memos, listed with when they changed, and an editor.

Writing is saved without a Save button: after a short pause in typing and whenever the editor
loses the focus. Each save is a ``project.memos.edit`` on the window's undo stack; the saves of
one stretch of typing (until the editor loses the focus) merge into one undo step, so Ctrl+Z
takes back what was written there rather than its last second.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kutip.errors import NotFoundError
from kutip.gui.core.edit_bus import EditBus
from kutip.gui.core.error_dialogs import guarded, guarded_action
from kutip.gui.core.undo import push_edit
from kutip.gui.dialogs.prompts import confirm
from kutip.gui.docks.journal_model import MemosModel
from kutip.i18n import _
from kutip.project import Edit, Project

#: How long typing pauses before what was typed is saved (ms).
IDLE_SAVE_MS = 1500


class JournalDock(QDockWidget):
    TABLES = frozenset({"memos"})

    def __init__(
        self, undo_stack: QUndoStack, edits: EditBus, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Journal"), parent)
        self.setObjectName("journal_dock")
        self.project: Project | None = None
        self._undo_stack = undo_stack
        #: The memo in the editor, and its title and text as last loaded or saved.
        self._memo_id: int | None = None
        self._saved = ("", "")
        self._loading = False
        #: Saves with the same session merge into one undo step; losing the focus ends one.
        self._session = 0

        self.model = MemosModel(self)
        self._build_list()
        self._build_editor()

        self.new_action = guarded_action(self, _("&New Memo"), self.new_memo)
        self.remove_action = guarded_action(self, _("&Remove Memo…"), self._remove_asked)
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.list.addAction(self.remove_action)

        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.new_action)
        toolbar.addAction(self.remove_action)

        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 4, 0, 0)
        editor_layout.setSpacing(4)
        editor_layout.addWidget(self.title_edit)
        editor_layout.addWidget(self.text_edit, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list)
        splitter.addWidget(editor)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(toolbar)
        layout.addWidget(splitter, 1)
        self.setWidget(body)

        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_SAVE_MS)
        self._idle.timeout.connect(lambda: guarded(self, self.save))
        self.title_edit.textEdited.connect(self._typed)
        self.text_edit.textChanged.connect(self._typed)
        self.title_edit.installEventFilter(self)
        self.text_edit.installEventFilter(self)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._reset)
        edits.edited.connect(self.refresh)
        self._show(None)
        self.new_action.setEnabled(False)  # until a project is open

    def _build_list(self) -> None:
        """The memos, oldest first, with when each last changed."""
        self.list = QTreeView()
        self.list.setObjectName("memos")
        self.list.setModel(self.model)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(MemosModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MemosModel.MODIFIED, QHeaderView.ResizeMode.ResizeToContents)

    def _build_editor(self) -> None:
        """The memo's title and text, saved as they are typed."""
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("memo_title")
        self.title_edit.setPlaceholderText(_("Title"))
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("memo_text")
        self.text_edit.setPlaceholderText(
            _("What you notice, ideas to follow, decisions and why. Saved as you write.")
        )
        self.text_edit.setTabChangesFocus(True)

    # -- the project ------------------------------------------------------------------------

    def editing_actions(self) -> list[QAction]:
        """The actions that change the project: off while it is read-only."""
        return [
            self.new_action,
            self.remove_action,
        ]

    def set_project(self, project: Project | None) -> None:
        if self.project is not None:
            self.flush()
        self.project = project
        self._memo_id = None
        self.model.set_project(project)
        self._select(self.model.memo_id(0))
        self.new_action.setEnabled(project is not None)

    def refresh(self, edit: Edit[Any] | None = None) -> None:
        if edit is not None and not edit.tables & self.TABLES:
            return
        self.model.refresh()
        if self._memo_id is not None and self.model.row_of(self._memo_id) is None:
            # Removed (or its adding undone): what the editor holds has nowhere to go.
            self._saved = (self.title_edit.text(), self.text_edit.toPlainText())
            self._select(None)
        elif not self.dirty():
            self._load()  # an undo or redo may have changed it

    def _reset(self) -> None:
        if self._memo_id is not None:
            row = self.model.row_of(self._memo_id)
            if row is not None:
                self.list.setCurrentIndex(self.model.index(row, 0))

    # -- which memo is in the editor --------------------------------------------------------

    def memo_id(self) -> int | None:
        return self._memo_id

    def _select(self, memo_id: int | None) -> None:
        row = self.model.row_of(memo_id) if memo_id is not None else None
        if row is None:
            self.list.setCurrentIndex(QModelIndex())
            self._show(None)
        else:
            self.list.setCurrentIndex(self.model.index(row, 0))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        memo_id = self.model.memo_id(current.row()) if current.isValid() else None
        if memo_id != self._memo_id:
            guarded(self, self.flush)
            self._show(memo_id)

    def _show(self, memo_id: int | None) -> None:
        self._memo_id = memo_id
        self._session += 1
        self._load()
        has_memo = memo_id is not None
        self.title_edit.setEnabled(has_memo)
        self.text_edit.setEnabled(has_memo)
        self.remove_action.setEnabled(has_memo)

    def _load(self) -> None:
        """Show the memo as the project has it (keeping the cursor where it was)."""
        title, text = "", ""
        if self.project is not None and self._memo_id is not None:
            try:
                memo = self.project.memos.get(self._memo_id)
            except NotFoundError:
                self._memo_id = None
            else:
                title, text = memo.title, memo.text
        self._loading = True
        try:
            if self.title_edit.text() != title:
                self.title_edit.setText(title)
            if self.text_edit.toPlainText() != text:
                position = self.text_edit.textCursor().position()
                self.text_edit.setPlainText(text)
                cursor = self.text_edit.textCursor()
                cursor.setPosition(min(position, len(text)))  # close enough for an undo
                self.text_edit.setTextCursor(cursor)
        finally:
            self._loading = False
        self._saved = (title, text)
        self._idle.stop()

    # -- saving -----------------------------------------------------------------------------

    def _typed(self, *_args: object) -> None:
        if not self._loading and self._memo_id is not None:
            self._idle.start()

    def dirty(self) -> bool:
        """Whether the editor holds what is not saved yet."""
        return (self.title_edit.text(), self.text_edit.toPlainText()) != self._saved

    def save(self) -> Edit[None] | None:
        """Save what the editor holds that the project does not, as (part of) one undo step."""
        self._idle.stop()
        project, memo_id = self.project, self._memo_id
        if project is None or memo_id is None or not self.dirty():
            return None
        title, text = self.title_edit.text(), self.text_edit.toPlainText()
        saved_title, saved_text = self._saved
        # A memo needs a title: while it is blank, the text is saved and the title waits.
        new_title = title if title.strip() and title != saved_title else None
        new_text = text if text != saved_text else None
        if new_title is None and new_text is None:
            return None
        self._saved = (title if new_title is not None else saved_title, text)
        return push_edit(
            self._undo_stack,
            project,
            lambda: project.memos.edit(memo_id, title=new_title, text=new_text),
            merge_key=("memo", str(project.path), memo_id, self._session),
        )

    def flush(self) -> None:
        """Save now and end the stretch of typing (the next save is a new undo step)."""
        try:
            self.save()
        finally:
            self._session += 1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FocusOut:
            guarded(self, self.flush)
            if watched is self.title_edit and not self.title_edit.text().strip():
                self._loading = True
                try:
                    self.title_edit.setText(self._saved[0])  # a memo keeps a title
                finally:
                    self._loading = False
        return super().eventFilter(watched, event)

    # -- new and remove ---------------------------------------------------------------------

    def new_memo(self, title: str | None = None) -> Edit[int] | None:
        """Add a memo to the journal and put it in the editor, its title ready to be typed."""
        project = self.project
        if project is None:
            return None
        self.flush()
        name = title or _("Untitled memo")
        edit = push_edit(self._undo_stack, project, lambda: project.memos.add(name))
        self._select(edit.value)
        self.title_edit.setFocus()
        self.title_edit.selectAll()
        return edit

    def _remove_asked(self) -> None:
        project, memo_id = self.project, self._memo_id
        if project is None or memo_id is None:
            return
        self.flush()
        memo = project.memos.get(memo_id)
        question = _("Remove the memo '{title}'? You can undo this with Ctrl+Z.").format(
            title=memo.title
        )
        if confirm(self, _("Remove memo"), question):
            self.remove_memo(memo_id)

    def remove_memo(self, memo_id: int) -> Edit[None] | None:
        project = self.project
        if project is None:
            return None
        return push_edit(self._undo_stack, project, lambda: project.memos.remove(memo_id))
