"""Find in the open document: matches across emoji, any case and accents, counting, moving,
highlights, Esc."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kutip.gui.viewer.find_bar import (
    CURRENT_COLOR,
    FIND_TAG,
    MATCH_COLOR,
    SEARCH_TAG,
    TAG_PROPERTY,
    FindBar,
    highlight_ranges,
)
from kutip.gui.viewer.textpos import PositionMap

# Astral emoji (two UTF-16 units each, a skin tone modifier too) before and between matches.
TEXT = (
    "🔥🎉 Kampanye daring dimulai.\n"
    "Komentar: gas terus, Pak 🔥👍🏽 — kampanye tatap muka jarang.\n"
    "Combining: café, KAMPANYE! 🇮🇩 kampanyenya juga."
)


@pytest.fixture
def editor(qtbot: QtBot) -> QPlainTextEdit:
    return QPlainTextEdit(TEXT)


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    """The window's part: the document with the bar under it (qtbot only keeps a weak ref)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(600, 300)
    return widget


@pytest.fixture
def bar(host: QWidget, editor: QPlainTextEdit, qtbot: QtBot) -> FindBar:
    layout = QVBoxLayout(host)
    layout.addWidget(editor)
    find = FindBar()
    layout.addWidget(find)
    find.set_target(editor)
    host.show()
    # Focus and shortcuts (Esc) work in the active window only, on a real display too.
    host.activateWindow()
    qtbot.waitActive(host)
    return find


def find_selections(editor: QPlainTextEdit | QTextEdit, tag: str = FIND_TAG) -> list[object]:
    return [s for s in editor.extraSelections() if s.format.property(TAG_PROPERTY) == tag]


def target_editor(bar: FindBar) -> QPlainTextEdit | QTextEdit:
    widget = bar.target.find_widget() if bar.target is not None else None
    assert isinstance(widget, QPlainTextEdit | QTextEdit)
    return widget


def test_find_matches_case_insensitively_across_emoji(
    qtbot: QtBot, bar: FindBar, editor: QPlainTextEdit
) -> None:
    bar.open_bar()
    assert bar.isVisible() and bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "kampanye")

    matches = bar.matches()
    assert len(matches) == 4  # Kampanye, kampanye, KAMPANYE, kampanye(nya)
    words = [TEXT[s:e] for s, e in matches]  # code points, as the core counts
    assert words == ["Kampanye", "kampanye", "KAMPANYE", "kampanye"]
    assert matches[0] == (3, 11)
    assert bar.count_label.text() == "1 of 4"
    cursor = editor.textCursor()
    assert cursor.selectedText() == "Kampanye"  # the current match is selected, to code it

    selections = find_selections(editor)
    assert len(selections) == 4
    colours = [s.format.background().color() for s in selections]
    assert colours[0] == QColor(CURRENT_COLOR)
    assert all(c == QColor(MATCH_COLOR) for c in colours[1:])
    assert [s.cursor.selectedText().casefold() for s in selections] == ["kampanye"] * 4


def test_enter_moves_through_the_matches_and_wraps(qtbot: QtBot, bar: FindBar) -> None:
    bar.open_bar("kampanye")
    assert bar.current() == 0
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.current() == 1 and bar.count_label.text() == "2 of 4"
    bar.find_next()
    bar.find_next()
    assert bar.current() == 3
    bar.find_next()
    assert bar.current() == 0  # wraps around
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.current() == 3
    bar.find_previous()
    assert bar.current() == 2
    current = find_selections(target_editor(bar))[2]
    assert current.format.background().color() == QColor(CURRENT_COLOR)


def test_find_as_you_type_starts_where_the_reader_is(
    qtbot: QtBot, bar: FindBar, editor: QPlainTextEdit
) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(PositionMap(TEXT).to_utf16(TEXT.index("Combining")))
    editor.setTextCursor(cursor)
    bar.open_bar()
    qtbot.keyClicks(bar.field, "kampanye")
    assert bar.current() == 2  # KAMPANYE, the first after the cursor


def test_no_matches_says_so(qtbot: QtBot, bar: FindBar, editor: QPlainTextEdit) -> None:
    bar.open_bar("hoaks")
    assert bar.matches() == [] and bar.current() is None
    assert bar.count_label.text() == "No matches"
    assert not find_selections(editor)
    bar.find_next()  # nothing to move to, and no error


def test_escape_closes_the_bar_and_removes_only_its_highlights(
    qtbot: QtBot, bar: FindBar, editor: QPlainTextEdit
) -> None:
    # A coding's highlight the view drew before: the bar must keep it.
    coding = QTextEdit.ExtraSelection()
    coding.cursor = QTextCursor(editor.document())
    coding.cursor.setPosition(0)
    coding.cursor.setPosition(5, QTextCursor.MoveMode.KeepAnchor)
    coding.format.setBackground(QColor("#1f77b4"))
    editor.setExtraSelections([coding])
    highlight_ranges(editor, [(3, 11)], positions=PositionMap(TEXT))  # a search hit's words

    bar.open_bar("kampanye")
    assert len(editor.extraSelections()) == 1 + 1 + 4
    with qtbot.waitSignal(bar.closed, timeout=1000):
        qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    remaining = editor.extraSelections()
    assert len(remaining) == 2
    assert not find_selections(editor)
    (hit,) = find_selections(editor, SEARCH_TAG)
    assert hit.cursor.selectedText() == "Kampanye"  # code points 3–11 are Qt's 5–13
    assert editor.hasFocus() or not editor.window().isActiveWindow()


def test_the_bar_follows_the_editor_it_is_given(qtbot: QtBot, bar: FindBar) -> None:
    bar.open_bar("kampanye")
    first = target_editor(bar)
    assert find_selections(first)
    other = QTextEdit()
    qtbot.addWidget(other)
    other.setPlainText("Kampanye 🔥 kampanye")
    bar.set_target(other)
    assert not find_selections(first)  # the old editor's highlights are gone
    assert len(bar.matches()) == 2 and bar.count_label.text() == "1 of 2"
    assert bar.matches()[1] == (11, 19)  # code points: the emoji counts one
    (_first, second) = find_selections(other)
    assert (second.cursor.selectionStart(), second.cursor.selectionEnd()) == (12, 20)  # Qt's

    other.setPlainText("tanpa kata itu")
    qtbot.waitUntil(lambda: bar.matches() == [], timeout=1000)
    bar.set_target(None)
    assert bar.count_label.text() == ""


def test_the_find_action_opens_the_bar_with_the_selected_words(
    qtbot: QtBot, bar: FindBar, editor: QPlainTextEdit
) -> None:
    assert bar.find_action.shortcut().toString() == "Ctrl+F"
    bar.close_bar()
    cursor = editor.textCursor()
    start, end = PositionMap(TEXT).range_to_utf16(TEXT.index("tatap"), TEXT.index(" jarang"))
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    bar.find_action.trigger()
    assert bar.isVisible() and bar.field.text() == "tatap muka"
    assert len(bar.matches()) == 1


def test_find_ignores_accents_and_finds_across_a_line_break(qtbot: QtBot, bar: FindBar) -> None:
    bar.open_bar("CAFE")
    assert [TEXT[s:e] for s, e in bar.matches()] == ["café"]
    bar.open_bar("jarang. combining")
    assert [TEXT[s:e] for s, e in bar.matches()] == ["jarang.\nCombining"]
    # An accent written apart (e + U+0301) belongs to the match.
    other = QPlainTextEdit("Kafé dan kafe")
    qtbot.addWidget(other)
    bar.set_target(other)
    bar.open_bar("kafé")
    assert bar.matches() == [(0, 5), (10, 14)]
    assert bar.count_label.text() == "1 of 2"
