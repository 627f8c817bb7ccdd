"""Find in the open document (Ctrl+F): a small bar over a QTextEdit or QPlainTextEdit.

The bar finds as you type, case-insensitively, counts the matches ("3 of 12"), moves with
Enter / Shift+Enter (or F3 / Shift+F3, or its arrow buttons) and closes with Esc. Every match is
highlighted with an extra selection in a style of its own (yellow, the current one orange, as
browsers do), and the current match is selected in the editor, so it can be coded at once.

Positions here are Qt's (UTF-16 units) end to end: the bar finds with ``QTextDocument.find``
and highlights with cursors, so an emoji before a match costs nothing. ``matches()`` gives
them as Qt positions; convert with ``kutip.gui.viewer.textpos.PositionMap`` for the core.

The editor's other extra selections (codings, search hits) are kept: each highlight this module
makes carries a tag (``set_tagged_selections``), and only the bar's own are replaced.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QIcon,
    QKeySequence,
    QShortcut,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

from kutip.gui.viewer.textpos import PositionMap
from kutip.i18n import _

Editor = QTextEdit | QPlainTextEdit

#: The text format property naming who made an extra selection (a string tag).
TAG_PROPERTY = QTextFormat.Property.UserProperty + 0x4B55  # "KU"
FIND_TAG = "find"
SEARCH_TAG = "search"
#: Find highlights: every match, and the current one.
MATCH_COLOR = "#ffe45c"
CURRENT_COLOR = "#ff9632"
#: Beyond this many matches the bar stops counting and highlighting (a one-letter query).
MAX_MATCHES = 5000


def set_tagged_selections(
    editor: Editor, tag: str, selections: Sequence[QTextEdit.ExtraSelection]
) -> None:
    """Replace the editor's extra selections tagged ``tag`` with ``selections``; keep others."""
    kept = [s for s in editor.extraSelections() if s.format.property(TAG_PROPERTY) != tag]
    for selection in selections:
        selection.format.setProperty(TAG_PROPERTY, tag)
    editor.setExtraSelections([*kept, *selections])


def highlight_selection(cursor: QTextCursor, color: str) -> QTextEdit.ExtraSelection:
    """An extra selection painting ``cursor``'s selection on ``color``, with dark text."""
    selection = QTextEdit.ExtraSelection()
    selection.cursor = cursor
    selection.format.setBackground(QColor(color))
    selection.format.setForeground(QColor("#1f1f1f"))
    return selection


def highlight_ranges(
    editor: Editor,
    ranges: Sequence[tuple[int, int]],
    *,
    positions: PositionMap | None = None,
    tag: str = SEARCH_TAG,
    color: str = MATCH_COLOR,
) -> None:
    """Highlight ``ranges`` of ``editor`` in the find style (a search hit's matched words).

    With ``positions`` the ranges are code points (as the core and ``hit_activated`` give
    them) and are converted; without, they are Qt positions. An empty list clears them.
    """
    document = editor.document()
    selections = []
    for start, end in ranges:
        if positions is not None:
            start, end = positions.range_to_utf16(start, end)
        cursor = QTextCursor(document)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selections.append(highlight_selection(cursor, color))
    set_tagged_selections(editor, tag, selections)


class FindBar(QWidget):
    """Find-as-you-type over one editor at a time (``set_editor``); hidden until ``open_bar``."""

    #: The bar was closed (Esc or its close button); the editor has the focus back.
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find_bar")
        self._editor: Editor | None = None
        self._matches: list[tuple[int, int]] = []
        self._current: int | None = None
        self._truncated = False

        self.field = QLineEdit()
        self.field.setObjectName("find_field")
        self.field.setPlaceholderText(_("Find in this document"))
        self.field.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("find_count")
        self.count_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000 / 0000"))
        self.previous_button = self._tool_button("go-up", "▲", _("Previous match (Shift+Enter)"))
        self.next_button = self._tool_button("go-down", "▼", _("Next match (Enter)"))
        self.close_button = self._tool_button("window-close", "✕", _("Close (Esc)"))
        self.close_button.setAutoRaise(True)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(4)
        layout.addWidget(QLabel(_("Find:")))
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)

        # Actions for the window's Edit menu: a hidden bar's own shortcuts would never fire.
        self.find_action = QAction(_("&Find in Document…"), self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.triggered.connect(self._find_asked)
        self.find_next_action = QAction(_("Find &Next"), self)
        self.find_next_action.setShortcut(QKeySequence(QKeySequence.StandardKey.FindNext))
        self.find_next_action.triggered.connect(self.find_next)
        self.find_previous_action = QAction(_("Find Pre&vious"), self)
        self.find_previous_action.setShortcut(QKeySequence(QKeySequence.StandardKey.FindPrevious))
        self.find_previous_action.triggered.connect(self.find_previous)

        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_bar)
        # Methods, not lambdas: Qt disconnects them when the bar goes.
        self.field.textChanged.connect(self._text_changed)
        self.field.returnPressed.connect(self._enter)
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.close_button.clicked.connect(self.close_bar)
        # A change to the document (it is replaced, say) is searched again once, afterwards.
        self._research = QTimer(self)
        self._research.setSingleShot(True)
        self._research.setInterval(0)
        self._research.timeout.connect(self._text_changed)
        self._update_label()
        self.hide()

    def _tool_button(self, icon: str, fallback: str, tip: str) -> QToolButton:
        button = QToolButton()
        themed = QIcon.fromTheme(icon)
        if themed.isNull():
            button.setText(fallback)
        else:
            button.setIcon(themed)
        button.setToolTip(tip)
        return button

    # -- the editor -----------------------------------------------------------------------------

    @property
    def editor(self) -> Editor | None:
        return self._editor

    def set_editor(self, editor: Editor | None) -> None:
        """Find in ``editor`` from now on (the window calls this when the front tab changes)."""
        if editor is self._editor:
            return
        old = self._editor
        if old is not None:
            self._clear_highlights()
            old.document().contentsChanged.disconnect(self._research.start)
            old.destroyed.disconnect(self._editor_destroyed)
        self._editor = editor
        self._matches, self._current = [], None
        if editor is not None:
            editor.document().contentsChanged.connect(self._research.start)
            editor.destroyed.connect(self._editor_destroyed)
            if self.isVisible():
                self._search(keep_place=True)
        self._update_label()

    def _editor_destroyed(self) -> None:
        self._editor = None
        self._matches, self._current = [], None
        self._update_label()

    def _find_asked(self, *_args: object) -> None:
        self.open_bar()

    def _text_changed(self, *_args: object) -> None:
        self._search(keep_place=True)

    # -- opening and closing ------------------------------------------------------------------

    def open_bar(self, text: str | None = None) -> None:
        """Show the bar with the focus in it: ``text``, else the editor's selected words."""
        if text is None and self._editor is not None:
            selected = self._editor.textCursor().selectedText()
            # A selection within one line is a query; a selected paragraph is not.
            if selected and "\u2029" not in selected and len(selected) <= 100:
                text = selected
        self.show()
        if text is not None and text != self.field.text():
            self.field.setText(text)
        else:
            self._search(keep_place=True)
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        self._clear_highlights()
        self.hide()
        if self._editor is not None:
            self._editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    # -- finding ------------------------------------------------------------------------------

    def matches(self) -> list[tuple[int, int]]:
        """Every match as a (start, end) Qt position (UTF-16) range, in document order."""
        return list(self._matches)

    def current(self) -> int | None:
        """Which of ``matches()`` is current, or None."""
        return self._current

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def _enter(self) -> None:
        backwards = QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier
        self._step(-1 if backwards else 1)

    def _step(self, direction: int) -> None:
        if not self.isVisible():
            self.open_bar()
            return
        if not self._matches:
            return
        if self._current is None:
            self._current = 0 if direction > 0 else len(self._matches) - 1
        else:
            self._current = (self._current + direction) % len(self._matches)
        self._show_current()

    def _search(self, *, keep_place: bool) -> None:
        editor = self._editor
        text = self.field.text()
        self._matches, self._current, self._truncated = [], None, False
        if editor is None or not self.isVisible():
            self._update_label()
            return
        if text:
            document = editor.document()
            cursor = QTextCursor(document)
            while len(self._matches) < MAX_MATCHES:
                # Without FindCaseSensitively, QTextDocument.find ignores case.
                cursor = document.find(text, cursor)
                if cursor.isNull():
                    break
                if cursor.selectionEnd() == cursor.selectionStart():
                    break
                self._matches.append((cursor.selectionStart(), cursor.selectionEnd()))
            else:
                self._truncated = True
        if self._matches:
            # Find as you type starts from where the reader is, not from the top.
            here = editor.textCursor().selectionStart() if keep_place else 0
            self._current = next(
                (i for i, (start, _end) in enumerate(self._matches) if start >= here), 0
            )
        self._show_current()

    def _show_current(self) -> None:
        editor = self._editor
        self._update_label()
        if editor is None:
            return
        document = editor.document()
        selections = []
        for number, (start, end) in enumerate(self._matches):
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            color = CURRENT_COLOR if number == self._current else MATCH_COLOR
            selections.append(highlight_selection(cursor, color))
        set_tagged_selections(editor, FIND_TAG, selections)
        if self._current is not None:
            start, end = self._matches[self._current]
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            editor.setTextCursor(cursor)
            editor.ensureCursorVisible()

    def _clear_highlights(self) -> None:
        if self._editor is not None:
            set_tagged_selections(self._editor, FIND_TAG, [])

    def reapply(self) -> None:
        """Draw the highlights again (after the editor replaced all its extra selections)."""
        if self.isVisible():
            self._show_current()

    def _update_label(self) -> None:
        text = self.field.text()
        if not text or self._editor is None:
            label = ""
        elif not self._matches:
            label = _("No matches")
        elif self._truncated:
            label = _("{n}+ matches").format(n=len(self._matches))
        else:
            label = _("{current} of {n}").format(
                current=(self._current or 0) + 1, n=len(self._matches)
            )
        self.count_label.setText(label)
        missing = bool(text) and self._editor is not None and not self._matches
        # The field turns reddish when nothing matches, as in browsers.
        self.field.setStyleSheet("QLineEdit { background: #fde2e2; }" if missing else "")
