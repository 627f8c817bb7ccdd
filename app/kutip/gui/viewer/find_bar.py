"""Find in the open document (Ctrl+F): a small bar under a transcript or a PDF's pages.

The bar finds as you type, ignoring case and accents (``text_find``), counts the matches
("3 of 12"), moves with Enter / Shift+Enter (or F3 / Shift+F3, or its arrow buttons), wrapping
around, and closes with Esc. Every match is marked in a style of its own (yellow, the current
one orange, as browsers do), and the current match is selected and scrolled into view, so it
can be coded at once.

The bar searches a ``Findable``: anything that hands it a text and shows matches on it. The
text view and the PDF view are findables; ``EditorFind`` makes any QTextEdit or QPlainTextEdit
one. Positions are code points into that text, as the core counts them: editors convert them to
Qt's UTF-16 positions (``kutip.gui.viewer.textpos.PositionMap``) where they draw.

An editor's other extra selections (codings, search hits) are kept: each highlight this module
makes carries a tag (``set_tagged_selections``), and only the bar's own are replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from PySide6.QtCore import Qt, QTimer, Signal, SignalInstance
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

from kutip.gui.viewer.text_find import FoldedText
from kutip.gui.viewer.textpos import PositionMap
from kutip.i18n import _

Editor = QTextEdit | QPlainTextEdit
#: A match: a ``[start, end)`` range of code points of the text searched.
Match = tuple[int, int]

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


def mark_found(
    editor: Editor, positions: PositionMap, found: Sequence[Match], current: int | None
) -> None:
    """Highlight the code point ranges ``found`` in ``editor`` in the find style (``current``
    in its own colour); an empty list clears them."""
    document = editor.document()
    selections = []
    for number, (start, end) in enumerate(found):
        first, last = positions.range_to_utf16(start, end)
        cursor = QTextCursor(document)
        cursor.setPosition(first)
        cursor.setPosition(last, QTextCursor.MoveMode.KeepAnchor)
        color = CURRENT_COLOR if number == current else MATCH_COLOR
        selections.append(highlight_selection(cursor, color))
    set_tagged_selections(editor, FIND_TAG, selections)


@runtime_checkable
class Findable(Protocol):
    """What the find bar searches: a text, and a view that shows matches in it."""

    def find_widget(self) -> QWidget:
        """The widget the focus goes back to when the bar closes (the bar lets go of the
        findable when it is destroyed)."""
        ...

    def find_text(self) -> str:
        """The text searched; matches are code point ranges of it."""
        ...

    def find_changed(self) -> SignalInstance | None:
        """A signal telling that ``find_text`` changed (None: it never does)."""
        ...

    def find_origin(self) -> int:
        """Where the reader is (the selection's start): finding as you type starts there."""
        ...

    def find_selection(self) -> str:
        """The selected words, offered as the query when the bar opens."""
        ...

    def show_found(self, found: Sequence[Match], current: int | None) -> None:
        """Mark every match, ``current`` apart; select the current one and bring it into view.
        An empty list clears the marks."""
        ...


class EditorFind:
    """Any QTextEdit or QPlainTextEdit as a ``Findable`` (its plain text)."""

    def __init__(self, editor: Editor) -> None:
        self.editor = editor
        self._positions: PositionMap | None = None
        editor.document().contentsChanged.connect(self._forget_positions)

    def _forget_positions(self) -> None:
        self._positions = None

    @property
    def positions(self) -> PositionMap:
        if self._positions is None:
            self._positions = PositionMap(self.find_text())
        return self._positions

    def find_widget(self) -> QWidget:
        return self.editor

    def find_text(self) -> str:
        # One character per document position, as QTextDocument counts them.
        return self.editor.toPlainText()

    def find_changed(self) -> SignalInstance:
        return self.editor.document().contentsChanged

    def find_origin(self) -> int:
        return self.positions.to_code_point(self.editor.textCursor().selectionStart())

    def find_selection(self) -> str:
        return self.editor.textCursor().selectedText()

    def show_found(self, found: Sequence[Match], current: int | None) -> None:
        mark_found(self.editor, self.positions, found, current)
        if current is not None:
            start, end = self.positions.range_to_utf16(*found[current])
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            self.editor.setTextCursor(cursor)
            self.editor.ensureCursorVisible()


class FindBar(QWidget):
    """Find-as-you-type in one findable at a time (``set_target``); hidden until ``open_bar``."""

    #: The bar was closed (Esc or its close button); the document has the focus back.
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find_bar")
        self._target: Findable | None = None
        self._matches: list[Match] = []
        self._current: int | None = None
        self._truncated = False
        #: The last text searched, folded once (a 300-page PDF's text is folded in ~0.1 s).
        self._folded: FoldedText | None = None

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
        # A change to the text (an editor's is replaced, say) is searched again once, afterwards.
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

    # -- what is searched -----------------------------------------------------------------------

    @property
    def target(self) -> Findable | None:
        return self._target

    def set_target(self, target: Findable | Editor | None) -> None:
        """Find in ``target`` from now on (the window calls this when the front tab changes);
        a plain editor is searched through ``EditorFind``."""
        if target is self._target:
            return
        old = self._target
        if old is not None:
            self._clear_marks()
            changed = old.find_changed()
            if changed is not None:
                changed.disconnect(self._research.start)
            old.find_widget().destroyed.disconnect(self._target_destroyed)
        if target is not None and not isinstance(target, Findable):
            target = EditorFind(target)
        self._target = target
        self._matches, self._current = [], None
        if target is not None:
            changed = target.find_changed()
            if changed is not None:
                changed.connect(self._research.start)
            target.find_widget().destroyed.connect(self._target_destroyed)
            if self.isVisible():
                self._search(keep_place=True)
        self._update_label()

    def _target_destroyed(self) -> None:
        self._target = None
        self._matches, self._current = [], None
        self._update_label()

    def _find_asked(self, *_args: object) -> None:
        self.open_bar()

    def _text_changed(self, *_args: object) -> None:
        self._search(keep_place=True)

    # -- opening and closing ------------------------------------------------------------------

    def open_bar(self, text: str | None = None) -> None:
        """Show the bar with the focus in it: ``text``, else the document's selected words."""
        if text is None and self._target is not None:
            selected = self._target.find_selection()
            # A selection within one line is a query; a selected paragraph is not.
            if selected and not {"\u2029", "\n"} & set(selected) and len(selected) <= 100:
                text = selected
        self.show()
        if text is not None and text != self.field.text():
            self.field.setText(text)
        else:
            self._search(keep_place=True)
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        self._clear_marks()
        self.hide()
        if self._target is not None:
            self._target.find_widget().setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    # -- finding ------------------------------------------------------------------------------

    def matches(self) -> list[Match]:
        """Every match as a (start, end) code point range of the text, in text order."""
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

    def _folded_text(self, target: Findable) -> FoldedText:
        text = target.find_text()
        if self._folded is None or (self._folded.text is not text and self._folded.text != text):
            self._folded = FoldedText(text)
        return self._folded

    def _search(self, *, keep_place: bool) -> None:
        target = self._target
        query = self.field.text()
        self._matches, self._current, self._truncated = [], None, False
        if target is None or not self.isVisible():
            self._update_label()
            return
        if query:
            self._matches, self._truncated = self._folded_text(target).find_all(query, MAX_MATCHES)
        if self._matches:
            # Find as you type starts from where the reader is, not from the top.
            here = target.find_origin() if keep_place else 0
            self._current = next(
                (i for i, (start, _end) in enumerate(self._matches) if start >= here), 0
            )
        self._show_current()

    def _show_current(self) -> None:
        self._update_label()
        if self._target is not None:
            self._target.show_found(self._matches, self._current)

    def _clear_marks(self) -> None:
        if self._target is not None:
            self._target.show_found([], None)

    def _update_label(self) -> None:
        text = self.field.text()
        if not text or self._target is None:
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
        missing = bool(text) and self._target is not None and not self._matches
        # The field turns reddish when nothing matches, as in browsers.
        self.field.setStyleSheet("QLineEdit { background: #fde2e2; }" if missing else "")
