"""Coding in the text view, as a user does it: select, press a key; undo; popups; stripes."""

from __future__ import annotations

import pytest
from gui_testing import DialogCatcher
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QHelpEvent,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from kutip.gui.coding.controller import CODE_KEYS
from kutip.gui.coding.memo_editor import MemoEditor
from kutip.gui.core.items import CODE_MIME, code_mime
from kutip.gui.main_window import MainWindow
from kutip.gui.viewer.find_bar import FIND_TAG, TAG_PROPERTY, FindBar
from kutip.gui.viewer.text_view import HIGHLIGHT_ALPHA, SourceView
from kutip.project import Project

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier

PHRASE = "Jujur, saya tahu soal calon-calon presiden ya dari TikTok"


def open_source(window: MainWindow, title: str, qtbot: QtBot) -> SourceView:
    project = window.project
    assert project is not None
    source = next(s for s in project.sources.all() if s.title == title)
    window.show_source(source.id, pin=True)
    view = window.documents.current_view()
    assert isinstance(view, SourceView)
    view.resize(900, 700)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    return view


def point_of(view: SourceView, position: int) -> QPoint:
    """The viewport point at the gap before code point ``position``."""
    cursor = view.cursor_for(position, position)
    rect = view.cursorRect(cursor)
    return QPoint(rect.left(), rect.center().y())


def drag_select(qtbot: QtBot, view: SourceView, start: int, end: int) -> None:
    """Select ``[start, end)`` by dragging the mouse over it, as a user would."""
    view.setTextCursor(view.cursor_for(start, start))
    view.ensureCursorVisible()
    first, last = point_of(view, start), point_of(view, end)
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=first)
    qtbot.mouseMove(viewport, (first + last) / 2)
    qtbot.mouseMove(viewport, last)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=last)


def click(qtbot: QtBot, view: SourceView, position: int) -> None:
    point = point_of(view, position) + QPoint(3, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def highlighted(view: SourceView) -> list[tuple[str, str]]:
    return [
        (
            selection.cursor.selectedText().replace("\u2029", "\n"),
            selection.format.background().color().name(),
        )
        for selection in view.extraSelections()
    ]


def codings(project: Project, source_id: int) -> list[tuple[str, str]]:
    codes = {c.id: c.name for c in project.codes.all()}
    return [
        (project.codings.text(s), codes[s.code_id])
        for s in project.codings.all(source_id=source_id)
    ]


@pytest.fixture
def coding_window(demo_window: MainWindow) -> MainWindow:
    return demo_window


def test_selecting_a_passage_and_pressing_4_codes_it_kredibilitas_with_undo_and_redo(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    start = view.text.index(PHRASE)
    drag_select(qtbot, view, start, start + len(PHRASE))
    assert view.textCursor().selectedText() == PHRASE
    before = codings(project, view.source_id)

    qtbot.keyClick(view, Qt.Key.Key_4)

    after = codings(project, view.source_id)
    assert sorted(after) == sorted([*before, (PHRASE, "Kredibilitas")])
    assert (PHRASE, "#d62728") in highlighted(view)
    assert not view.textCursor().hasSelection()
    segment = next(s for s in project.codings.all(source_id=view.source_id) if s.start == start)
    assert view.selected_segment == segment.id
    assert coding_window.undo_action.text() == "&Undo Code 'Kredibilitas'"
    assert "Kredibilitas" in coding_window.statusBar().currentMessage()

    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert codings(project, view.source_id) == before
    assert (PHRASE, "#d62728") not in highlighted(view)
    assert view.selected_segment is None

    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert sorted(codings(project, view.source_id)) == sorted(after)
    assert (PHRASE, "#d62728") in highlighted(view)


def test_the_ten_keys_name_the_ten_top_level_codes_in_order(coding_window: MainWindow) -> None:
    project = coding_window.project
    assert project is not None
    top = [c.name for c in project.codes.all() if c.parent_id is None]
    actions = coding_window.coding.code_actions
    assert [a.shortcut().toString() for a in actions] == list(CODE_KEYS)
    assert [a.text() for a in actions] == top[:10]
    assert actions[4].text() == "Kampanye Politik"
    coding_window.codebook_dock.rename_code(project.codes.find("Kampanye Politik").id, "Kampanye")
    assert actions[4].text() == "Kampanye"


def test_a_keyboard_selection_is_coded_too_and_white_space_is_trimmed(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    start = view.text.index("lapangan kerja")
    view.setTextCursor(view.cursor_for(start - 1, start - 1))  # the space before it
    for _ in range(len(" lapangan kerja ")):
        qtbot.keyClick(view, Qt.Key.Key_Right, SHIFT)
    assert view.textCursor().selectedText() == " lapangan kerja "
    qtbot.keyClick(view, Qt.Key.Key_5)
    assert ("lapangan kerja", "Kampanye Politik") in codings(project, view.source_id)


def test_code_keys_do_nothing_outside_the_document(coding_window: MainWindow, qtbot: QtBot) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    view.select_range(0, 10)
    before = len(project.codings.all())
    coding_window.codebook_view.setFocus()
    qtbot.waitUntil(coding_window.codebook_view.hasFocus)
    qtbot.keyClick(coding_window.codebook_view, Qt.Key.Key_1)
    assert len(project.codings.all()) == before


def test_a_key_without_a_selection_says_what_to_do(coding_window: MainWindow, qtbot: QtBot) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    before = len(project.codings.all())
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert len(project.codings.all()) == before
    assert "Select a passage" in coding_window.statusBar().currentMessage()


def test_coding_a_passage_twice_with_one_code_is_a_hint_not_a_dialog(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    view = open_source(coding_window, "informan-01", qtbot)
    start = view.text.index(PHRASE)
    view.select_range(start, start + len(PHRASE))
    qtbot.keyClick(view, Qt.Key.Key_2)
    qtbot.keyClick(view, Qt.Key.Key_2)  # the new coding is selected: same passage, same code
    assert "already coded 'Teknologi'" in coding_window.statusBar().currentMessage()
    assert coding_window.undo_stack.count() == 1


def test_q_opens_the_quick_code_popup_which_filters_and_codes_with_enter(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    start = view.text.index(PHRASE)
    view.select_range(start, start + len(PHRASE))
    qtbot.keyClick(view, Qt.Key.Key_Q)
    popup = coding_window.coding.popup
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    assert len(popup.visible_names()) == 10
    qtbot.keyClicks(popup.filter, "si")
    assert popup.visible_names() == [
        "Aksesibilitas",
        "Interaksi Sosial",
        "Konteks Sosial dan Politik",
        "Regulasi dan Kebijakan",
        "Persepsi tentang Dampak",
    ]
    qtbot.keyClicks(popup.filter, "al")
    assert popup.visible_names() == ["Interaksi Sosial", "Konteks Sosial dan Politik"]
    qtbot.keyClick(popup.filter, Qt.Key.Key_Down)
    qtbot.keyClick(popup.filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: coding_window.coding.popup is None)
    assert (PHRASE, "Konteks Sosial dan Politik") in codings(project, view.source_id)
    assert coding_window.undo_action.text() == "&Undo Code 'Konteks Sosial dan Politik'"


def test_the_quick_code_popup_closes_with_escape_and_codes_nothing(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    view.select_range(0, 10)
    before = len(project.codings.all())
    qtbot.keyClick(view, Qt.Key.Key_Q)
    popup = coding_window.coding.popup
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup.filter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: coding_window.coding.popup is None)
    assert len(project.codings.all()) == before


def test_the_quick_code_popup_makes_a_code_typed_that_does_not_exist(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    start = view.text.index(PHRASE)
    view.select_range(start, start + len(PHRASE))
    qtbot.keyClick(view, Qt.Key.Key_Q)
    popup = coding_window.coding.popup
    assert popup is not None
    qtbot.keyClicks(popup.filter, "Debat")
    assert popup.visible_names() == []
    qtbot.keyClick(popup.filter, Qt.Key.Key_Return)
    assert (PHRASE, "Debat") in codings(project, view.source_id)
    coding_window.undo_action.trigger()  # one step takes back the code and the coding
    assert all(c.name != "Debat" for c in project.codes.all())


def test_in_vivo_coding_names_a_new_code_after_the_words_in_one_undo_step(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    words = "lapangan kerja"
    start = view.text.index(words)
    view.select_range(start, start + len(words))
    qtbot.keyClick(view, Qt.Key.Key_V, CTRL | SHIFT)
    code = project.codes.find(words)
    assert code.parent_id is None
    assert (words, words) in codings(project, view.source_id)
    assert coding_window.undo_action.text() == f"&Undo In-vivo code '{words}'"
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert all(c.name != words for c in project.codes.all())
    assert (words, words) not in codings(project, view.source_id)


def test_in_vivo_is_in_the_context_menu(coding_window: MainWindow, qtbot: QtBot) -> None:
    view = open_source(coding_window, "informan-01", qtbot)
    assert coding_window.coding.in_vivo_action in view.context_actions


def test_clicking_a_highlight_selects_its_coding_and_delete_removes_it(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    sentence = "Dari situ saya merasa suara anak muda sebenarnya bisa menentukan."
    target = next(h for h in view.highlights if view.text[h.start : h.end] == sentence)
    view.setTextCursor(view.cursor_for(target.start, target.start))
    view.ensureCursorVisible()
    click(qtbot, view, target.start + 4)
    assert view.selected_segment == target.segment_id
    assert "Persepsi tentang Dampak" in coding_window.statusBar().currentMessage()
    selected_colour = next(
        s.format.background().color()
        for s in view.extraSelections()
        if s.cursor.selectedText() == sentence
    )
    assert selected_colour.alpha() > HIGHLIGHT_ALPHA

    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert target.segment_id not in [s.id for s in project.codings.all()]
    assert (sentence, "#17becf") not in highlighted(view)
    assert coding_window.undo_action.text() == "&Undo Remove coding 'Persepsi tentang Dampak'"
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert (sentence, "#17becf") in highlighted(view)


def test_clicking_again_on_overlapping_codings_selects_the_next_one(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    view = open_source(coding_window, "informan-01", qtbot)
    sentence = (
        "Pernah ada video yang suaranya mirip banget sama salah satu calon, ternyata buatan AI."
    )
    start = view.text.index(sentence)
    both = {h.segment_id for h in view.highlights_at(start + 5)}
    assert len(both) == 2
    view.setTextCursor(view.cursor_for(start, start))
    view.ensureCursorVisible()
    click(qtbot, view, start + 5)
    first = view.selected_segment
    click(qtbot, view, start + 5)
    second = view.selected_segment
    assert {first, second} == both
    click(qtbot, view, view.text.index("Pewawancara"))  # no coding there
    assert view.selected_segment is None


def test_delete_without_a_selected_coding_removes_nothing(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    before = len(project.codings.all())
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert len(project.codings.all()) == before
    assert "select a coding" in coding_window.statusBar().currentMessage()


def test_ctrl_m_edits_the_memo_of_the_selected_coding(
    coding_window: MainWindow, qtbot: QtBot, dialogs: DialogCatcher
) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    start = view.text.index(PHRASE)
    view.select_range(start, start + len(PHRASE))
    qtbot.keyClick(view, Qt.Key.Key_5)
    segment_id = view.selected_segment
    assert segment_id is not None

    def write(dialog: object) -> None:
        assert isinstance(dialog, MemoEditor)
        dialog.editor.setPlainText("  TikTok as the first source of election news  ")
        dialog.accept()

    dialogs.arm(answer=write)
    qtbot.keyClick(view, Qt.Key.Key_M, CTRL)
    assert project.codings.get(segment_id).memo == "TikTok as the first source of election news"
    assert coding_window.undo_action.text() == "&Undo Edit coding memo"
    assert "TikTok as the first source" in coding_window.statusBar().currentMessage()
    coding_window.undo_action.trigger()
    assert project.codings.get(segment_id).memo == ""


def test_shift_alt_and_ctrl_alt_arrows_move_the_ends_by_words_in_one_undo_step(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    start = view.text.index("saya tahu soal")
    view.select_range(start, start + len("saya tahu soal"))
    qtbot.keyClick(view, Qt.Key.Key_6)
    segment_id = view.selected_segment
    assert segment_id is not None
    steps = coding_window.undo_stack.count()

    qtbot.keyClick(view, Qt.Key.Key_Right, SHIFT | ALT)
    qtbot.keyClick(view, Qt.Key.Key_Right, SHIFT | ALT)
    assert project.codings.text(project.codings.get(segment_id)) == (
        "saya tahu soal calon-calon presiden"
    )
    qtbot.keyClick(view, Qt.Key.Key_Left, SHIFT | ALT)
    qtbot.keyClick(view, Qt.Key.Key_Left, CTRL | ALT)
    assert project.codings.text(project.codings.get(segment_id)) == (
        "Jujur, saya tahu soal calon-calon"
    )
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL | ALT)
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL | ALT)
    assert project.codings.text(project.codings.get(segment_id)) == "tahu soal calon-calon"
    assert view.selected_segment == segment_id
    assert "tahu soal calon-calon" in highlighted_texts(view)
    assert coding_window.undo_stack.count() == steps + 1
    assert coding_window.undo_action.text() == "&Undo Change coded range"

    coding_window.undo_action.trigger()
    assert project.codings.text(project.codings.get(segment_id)) == "saya tahu soal"


def highlighted_texts(view: SourceView) -> list[str]:
    return [text for text, _colour in highlighted(view)]


def test_f8_steps_through_the_codings(coding_window: MainWindow, qtbot: QtBot) -> None:
    view = open_source(coding_window, "informan-01", qtbot)
    ordered = sorted(view.highlights, key=lambda h: (h.start, h.end, h.segment_id))
    view.setTextCursor(view.cursor_for(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_F8)
    assert view.selected_segment == ordered[0].segment_id
    qtbot.keyClick(view, Qt.Key.Key_F8)
    assert view.selected_segment == ordered[1].segment_id
    qtbot.keyClick(view, Qt.Key.Key_F8, SHIFT)
    assert view.selected_segment == ordered[0].segment_id


def drop(view: SourceView, mime: QMimeData, position: int) -> QDropEvent:
    """Drag ``mime`` over the view and drop it before code point ``position``."""
    point = point_of(view, position) + QPoint(3, 0)
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(point, *args)
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(point, *args)
    QApplication.sendEvent(view.viewport(), move)
    event = QDropEvent(QPointF(point), *args)
    QApplication.sendEvent(view.viewport(), event)
    return event


def test_a_code_dragged_from_the_codebook_onto_the_selection_codes_it(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    code = project.codes.find("Aksesibilitas")
    index = coding_window.codebook_model.index_of(code.id)
    mime = coding_window.codebook_model.mimeData([index])
    assert mime.hasFormat(CODE_MIME)
    start = view.text.index(PHRASE)
    view.select_range(start, start + len(PHRASE))
    event = drop(view, mime, start + 3)
    assert event.isAccepted()
    assert (PHRASE, "Aksesibilitas") in codings(project, view.source_id)
    assert coding_window.undo_action.text() == "&Undo Code 'Aksesibilitas'"


def test_a_code_dropped_on_a_highlight_without_a_selection_codes_its_passage(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    sentence = "Dari situ saya merasa suara anak muda sebenarnya bisa menentukan."
    start = view.text.index(sentence)
    drop(view, code_mime(project.codes.find("Konten").id), start + 2)
    assert (sentence, "Konten") in codings(project, view.source_id)


def test_an_edit_redraws_only_the_views_of_the_sources_it_touched(
    coding_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = coding_window.project
    assert project is not None
    first = open_source(coding_window, "informan-01", qtbot)
    second = open_source(coding_window, "informan-02", qtbot)
    refreshed: list[int] = []
    for view in (first, second):
        original = view.refresh
        monkeypatch.setattr(
            view, "refresh", lambda v=view, o=original: (refreshed.append(v.source_id), o())
        )
    project.codings.apply(second.source_id, 0, 5, project.codes.find("Konten").id)
    assert refreshed == [second.source_id]
    refreshed.clear()
    coding_window.codebook_dock.rename_code(project.codes.find("Konten").id, "Isi")
    assert sorted(refreshed) == sorted([first.source_id, second.source_id])


def test_deleting_a_code_with_codings_is_one_undo_step_that_brings_the_highlights_back(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    before = sorted(highlighted(view))
    coding_window.codebook_dock.delete_code(project.codes.find("Kredibilitas").id)
    assert all(colour != "#d62728" for _text, colour in highlighted(view))
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert sorted(highlighted(view)) == before


# -- coding stripes ---------------------------------------------------------------------------


def test_stripes_show_a_lane_per_code_present_in_codebook_order(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    present = {h.code_id for h in view.highlights}
    expected = [c.name for c in project.codes.all() if c.id in present]
    stripes = view.stripes
    assert [lane.name for lane in stripes.lanes] == expected
    assert stripes.isVisible()
    assert view.viewportMargins().left() == stripes.width()
    assert len(stripes.bars()) == len(view.highlights)
    # A bar spans its coding's lines.
    for bar in stripes.bars():
        rects = view.line_rects(bar.highlight.start, bar.highlight.end)
        assert bar.top == min(r.top() for r in rects)
        assert bar.bottom == max(r.bottom() for r in rects)

    start = view.text.index(PHRASE)
    view.select_range(start, start + len(PHRASE))
    qtbot.keyClick(view, Qt.Key.Key_9)  # Pendidikan dan Kesadaran Politik, not there before
    names = [lane.name for lane in stripes.lanes]
    assert "Pendidikan dan Kesadaran Politik" in names
    assert len(names) == len(expected) + 1


def test_clicking_a_stripe_selects_its_coding_and_hovering_names_it(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    view = open_source(coding_window, "informan-01", qtbot)
    stripes = view.stripes
    bar = next(b for b in stripes.bars() if b.highlight.code_name == "Kredibilitas")
    view.setTextCursor(view.cursor_for(bar.highlight.start, bar.highlight.start))
    view.ensureCursorVisible()
    centre = stripes.bar_rect(bar).center().toPoint()
    qtbot.mouseClick(stripes, Qt.MouseButton.LeftButton, pos=centre)
    assert view.selected_segment == bar.highlight.segment_id
    event = QHelpEvent(QEvent.Type.ToolTip, centre, stripes.mapToGlobal(centre))
    QApplication.sendEvent(stripes, event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert "Kredibilitas" in QToolTip.text()
    QToolTip.hideText()
    qtbot.mouseClick(stripes, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert view.selected_segment is None


def test_the_selected_coding_can_be_read_through_its_outline(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    view = open_source(coding_window, "informan-01", qtbot)
    highlight = view.highlights[0]
    view.select_segment(highlight.segment_id, reveal=True)
    image = view.viewport().grab().toImage()
    rect = view.line_rects(highlight.start, highlight.end)[0].translated(
        -view.scroll_offset().x(), -view.scroll_offset().y()
    )
    edge = image.pixelColor(int(rect.left()) + 1, int(rect.center().y()))
    assert edge.red() < 250 or edge.green() < 250 or edge.blue() < 250
    cursor = view.textCursor()
    assert cursor.position() == view.positions.to_utf16(highlight.start)
    assert cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)


def test_find_highlights_survive_a_coding(coding_window: MainWindow, qtbot: QtBot) -> None:
    view = open_source(coding_window, "informan-01", qtbot)
    bar = FindBar(view)
    bar.set_target(view)
    bar.open_bar("TikTok")
    found = [s for s in view.extraSelections() if s.format.property(TAG_PROPERTY) == FIND_TAG]
    assert found
    start = view.text.index(PHRASE)
    view.select_range(start, start + len(PHRASE))
    qtbot.keyClick(view, Qt.Key.Key_1)
    kept = [s for s in view.extraSelections() if s.format.property(TAG_PROPERTY) == FIND_TAG]
    assert len(kept) == len(found)
    assert (PHRASE, "#1f77b4") in highlighted(view)


def test_dragging_an_end_of_the_selected_coding_changes_its_range(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    start = view.text.index("saya tahu soal")
    view.select_range(start, start + len("saya tahu soal"))
    qtbot.keyClick(view, Qt.Key.Key_3)
    segment_id = view.selected_segment
    assert segment_id is not None
    viewport = view.viewport()

    end_point = point_of(view, start + len("saya tahu soal"))
    assert view.edge_at(end_point) == "end"
    target = point_of(view, start + len("saya tahu soal calon-calon"))
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=end_point)
    qtbot.mouseMove(viewport, (end_point + target) / 2)
    qtbot.mouseMove(viewport, target)
    assert project.codings.text(project.codings.get(segment_id)) == "saya tahu soal"  # not yet
    assert "saya tahu soal calon-calon" in highlighted_texts(view)  # but shown so
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=target)
    assert project.codings.text(project.codings.get(segment_id)) == "saya tahu soal calon-calon"
    assert coding_window.undo_action.text() == "&Undo Change coded range"
    assert not view.textCursor().hasSelection()

    start_point = point_of(view, start)
    assert view.edge_at(start_point) == "start"
    later = point_of(view, view.text.index("tahu soal"))
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start_point)
    qtbot.mouseMove(viewport, later)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=later)
    assert project.codings.text(project.codings.get(segment_id)) == "tahu soal calon-calon"
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert project.codings.text(project.codings.get(segment_id)) == "saya tahu soal calon-calon"


def test_speakers_are_in_bold_and_the_text_is_unchanged(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    assert view.toPlainText() == project.sources.text(view.source_id)
    turn = project.sources.turns(view.source_id)[1]
    inside = view.cursor_for(turn.start + 2, turn.start + 2)
    after = view.cursor_for(
        turn.start + len("Informan 1: ") + 2, turn.start + len("Informan 1: ") + 2
    )
    assert inside.charFormat().fontWeight() > after.charFormat().fontWeight()


def test_pressing_a_key_on_a_passage_next_to_the_same_code_extends_that_coding(
    coding_window: MainWindow, qtbot: QtBot
) -> None:
    project = coding_window.project
    assert project is not None
    view = open_source(coding_window, "informan-01", qtbot)
    start = view.text.index(PHRASE)
    middle = start + len("Jujur, saya tahu")
    drag_select(qtbot, view, start, middle)
    qtbot.keyClick(view, Qt.Key.Key_4)
    first = project.codings.all(source_id=view.source_id)
    drag_select(qtbot, view, middle - 4, start + len(PHRASE))  # overlaps the first
    qtbot.keyClick(view, Qt.Key.Key_4)

    mine = [
        s
        for s in project.codings.all(source_id=view.source_id)
        if s.coder_id == project.coder.id and s.start <= start + len(PHRASE) and start <= s.end
        and project.codes.get(s.code_id).name == "Kredibilitas"
    ]  # fmt: skip
    assert [(s.start, s.end) for s in mine] == [(start, start + len(PHRASE))]
    assert "joins your coding 'Kredibilitas'" in coding_window.statusBar().currentMessage()
    assert coding_window.undo_action.text() == "&Undo Code 'Kredibilitas', joining 1 coding"
    assert view.selected_segment == mine[0].id

    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert project.codings.all(source_id=view.source_id) == first
