"""Coding on PDF pages as in a transcript: stripes beside the pages (lanes per code, per coder
side by side, one coder only), clicking a stripe, its tooltip, and dragging a coding's ends."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot
from test_pdf_view import edge_point, import_file, make_pdf, open_pdf, pixel, words_span

from kutip.gui.main_window import MainWindow
from kutip.gui.viewer.lanes import Bar
from kutip.gui.viewer.pdf_pages import PdfPagesView
from kutip.gui.viewer.pdf_view import PdfDocumentView
from kutip.project import Project

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def pdf_view(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> PdfDocumentView:
    return open_pdf(window, qtbot, import_file(window, tmp_path, make_pdf))


def code_words(
    project: Project, view: PdfDocumentView, index: int, words: str, code: str, memo: str = ""
) -> int:
    """Code ``words`` of page ``index`` with ``code`` (straight through the project)."""
    page = project.sources.pages(view.source_id)[index]
    start, end = words_span(view.pages, index, words)
    code_id = project.codes.find(code).id
    return project.codings.apply(
        view.source_id, page.start + start, page.start + end, code_id, memo
    ).value


def boxes_rows(pages: PdfPagesView, index: int, segment_id: int) -> QRectF:
    """The union of a coding's boxes on page ``index``, in viewport coordinates."""
    highlight = pages.highlight(segment_id)
    assert highlight is not None
    found = QRectF()
    for box in pages.boxes(index, highlight.start, highlight.end):
        found = found.united(pages.box_to_view(index, box))
    return found


def bar_of(pages: PdfPagesView, index: int, segment_id: int) -> Bar:
    [bar] = [b for b in pages.stripes.bars(index) if b.highlight.segment_id == segment_id]
    return bar


def stored_text(project: Project, segment_id: int) -> str:
    return project.codings.text(project.codings.get(segment_id))


def test_stripes_stand_beside_the_page_spanning_each_codings_boxes_in_lanes(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    view = open_pdf(window, qtbot, import_file(window, tmp_path, make_pdf))
    project = window.project
    assert project is not None
    pages = view.pages
    fox = code_words(project, view, 0, "quick brown fox", "Kredibilitas")
    # Overlapping it, over two lines, in a code that comes first in the codebook.
    over = code_words(
        project,
        view,
        0,
        "brown fox jumps over the lazy dog every morning.\n\nHoaxes",
        "Aksesibilitas",
    )
    assert [lane.name for lane in pages.stripes.lanes] == ["Aksesibilitas", "Kredibilitas"]

    page = pages.page_rect(0)
    panel = pages.stripes.panel_rect(0)
    assert panel.right() < page.left()  # in the margin, left of the page
    for segment_id, lane in ((over, 0), (fox, 1)):
        bar = bar_of(pages, 0, segment_id)
        assert bar.lane == lane
        rect = pages.stripes.bar_rect(0, bar)
        rows = boxes_rows(pages, 0, segment_id)
        assert abs(rect.top() - rows.top()) < 1 and abs(rect.bottom() - rows.bottom()) < 1
        assert panel.left() <= rect.left() and rect.right() <= panel.right()
    assert (
        pages.stripes.bar_rect(0, bar_of(pages, 0, over)).height()
        > pages.stripes.bar_rect(0, bar_of(pages, 0, fox)).height() * 1.5
    )  # two lines against one
    assert (
        pages.stripes.bar_rect(0, bar_of(pages, 0, fox)).left()
        > pages.stripes.bar_rect(0, bar_of(pages, 0, over)).right()
    )  # side by side, not on top of each other

    # What the reader sees: the code's colour in the margin at the coding's height.
    pages.select_segment(None)
    for segment_id, colour in ((fox, "Kredibilitas"), (over, "Aksesibilitas")):
        rect = pages.stripes.bar_rect(0, bar_of(pages, 0, segment_id))
        assert pixel(pages, rect.center()) == QColor(project.codes.find(colour).color)
    above = QPointF(panel.left() + 6, panel.top() + 4)
    assert pixel(pages, above) == pages.palette().alternateBase().color()  # no bar up there

    # The stripes follow the zoom, and a coding running onto the next page gets a bar there.
    pages.set_zoom(0.5)
    rect = pages.stripes.bar_rect(0, bar_of(pages, 0, fox))
    rows = boxes_rows(pages, 0, fox)
    assert abs(rect.top() - rows.top()) < 1 and abs(rect.bottom() - rows.bottom()) < 1
    qtbot.waitUntil(lambda: 1 in pages.texts, timeout=10_000)
    span = code_words(project, view, 0, "corrections that followed them.", "Konten")
    page_one = project.sources.pages(view.source_id)[1]
    project.codings.set_range(span, project.codings.get(span).start, page_one.start + len("Live"))
    assert [lane.name for lane in pages.stripes.lanes] == [
        "Aksesibilitas",
        "Konten",
        "Kredibilitas",
    ]
    on_second = bar_of(pages, 1, span)
    rect = pages.stripes.bar_rect(1, on_second)
    assert abs(rect.top() - boxes_rows(pages, 1, span).top()) < 1
    assert bar_of(pages, 0, span).lane == on_second.lane == 1
    assert pages.stripes.panel_rect(1).right() < pages.page_rect(1).left()


def test_the_pages_make_room_for_the_stripes_at_every_zoom(
    pdf_view: PdfDocumentView, window: MainWindow
) -> None:
    project = window.project
    assert project is not None
    pages = pdf_view.pages
    for code in ("Aksesibilitas", "Teknologi", "Konten"):
        code_words(project, pdf_view, 0, "quick brown fox", code)
    gutter = pages.stripes.gutter()
    assert gutter >= 3 * pages.stripes.lane_width
    for zoom in (0.25, 1.0, 3.0):
        pages.set_zoom(zoom)
        pages.horizontalScrollBar().setValue(0)
        panel = pages.stripes.panel_rect(0)
        assert panel.left() >= 0  # scrolled to the left, the whole panel is in the view
        assert panel.right() < pages.page_rect(0).left()
    pages.set_fit("width")  # fit width leaves the stripes' room beside the page
    assert pages.stripes.panel_rect(0).left() >= 0
    assert pages.page_rect(0).right() <= pages.viewport().width()


def test_side_by_side_coders_and_one_coder_only_reach_the_pdf_stripes(
    pdf_view: PdfDocumentView, window: MainWindow
) -> None:
    project = window.project
    assert project is not None
    pages = pdf_view.pages
    code_words(project, pdf_view, 0, "quick brown fox", "Kredibilitas")
    project.use_coder("Bob")
    bobs = code_words(project, pdf_view, 0, "Hoaxes travelled", "Kredibilitas")
    assert [lane.name for lane in pages.stripes.lanes] == ["Kredibilitas"]
    assert {bar.lane for bar in pages.stripes.bars(0)} == {0}

    window.side_by_side_action.setChecked(True)  # Coding ▸ coders side by side in stripes
    assert [lane.name for lane in pages.stripes.lanes] == [
        "Kredibilitas · Bob",
        "Kredibilitas · tester",
    ]
    assert {bar.highlight.coder_name: bar.lane for bar in pages.stripes.bars(0)} == {
        "Bob": 0,
        "tester": 1,
    }
    assert pages.layout_.gutter == pages.stripes.gutter()  # room for the second lane

    pdf_view.stripes.set_coders(side_by_side=True, only=project.coders.named("Bob").id)
    assert [bar.highlight.segment_id for bar in pages.stripes.bars(0)] == [bobs]
    window.side_by_side_action.setChecked(False)
    assert [lane.name for lane in pages.stripes.lanes] == ["Kredibilitas"]
    assert len(pages.stripes.bars(0)) == 2


def test_clicking_a_stripe_selects_its_coding_and_hovering_shows_code_and_memo(
    pdf_view: PdfDocumentView, window: MainWindow, qtbot: QtBot
) -> None:
    project = window.project
    assert project is not None
    pages = pdf_view.pages
    inner = code_words(project, pdf_view, 0, "quick brown", "Kredibilitas", "Speed matters")
    outer = code_words(project, pdf_view, 0, "quick brown fox jumps", "Kredibilitas")
    rect = pages.stripes.bar_rect(0, bar_of(pages, 0, inner))
    assert rect == pages.stripes.bar_rect(0, bar_of(pages, 0, outer))  # one line, one lane
    centre = rect.center().toPoint()
    viewport = pages.viewport()

    qtbot.mouseMove(viewport, centre)
    assert viewport.cursor().shape() == Qt.CursorShape.PointingHandCursor
    event = QHelpEvent(QEvent.Type.ToolTip, centre, viewport.mapToGlobal(centre))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert "Kredibilitas" in QToolTip.text() and "Speed matters" in QToolTip.text()
    assert "quick brown" in QToolTip.text()
    QToolTip.hideText()

    qtbot.mouseClick(viewport, LEFT, pos=centre)
    assert pdf_view.selected_segment == inner  # of two on top of each other, the shorter
    assert "Speed matters" in window.statusBar().currentMessage()
    assert pages.selection is None
    # Clicking the page's margin away from any bar selects nothing.
    qtbot.mouseClick(viewport, LEFT, pos=QPoint(4, int(rect.center().y())))
    assert pdf_view.selected_segment is None


def handle_point(pages: PdfPagesView, edge: str) -> QPoint:
    [line] = [rect for which, _index, rect in pages.ends.handles() if which == edge]
    return line.center().toPoint()


def test_dragging_an_end_of_the_selected_coding_changes_its_range_in_one_undo_step(
    pdf_view: PdfDocumentView, window: MainWindow, qtbot: QtBot
) -> None:
    project = window.project
    assert project is not None
    pages = pdf_view.pages
    segment = code_words(project, pdf_view, 0, "quick brown", "Kredibilitas")
    assert pages.ends.handles() == []  # handles only on the selected coding
    pages.select_segment(segment)
    viewport = pages.viewport()
    end = handle_point(pages, "end")
    qtbot.mouseMove(viewport, end)
    assert viewport.cursor().shape() == Qt.CursorShape.SizeHorCursor

    fox_start, fox_end = words_span(pages, 0, "quick brown fox")
    target = edge_point(pages, 0, fox_end - 1, "right")
    qtbot.mousePress(viewport, LEFT, pos=end)
    qtbot.mouseMove(viewport, (end + target) / 2)
    qtbot.mouseMove(viewport, target)
    assert stored_text(project, segment) == "quick brown"  # not yet
    highlight = pages.highlight(segment)
    assert highlight is not None
    shown = pages.ends.shown_range(highlight)
    assert pages.source_text[shown[0] : shown[1]] == "quick brown fox"  # but shown so
    qtbot.mouseRelease(viewport, LEFT, pos=target)
    assert stored_text(project, segment) == "quick brown fox"
    assert window.undo_action.text() == "&Undo Change coded range"
    assert pdf_view.selected_segment == segment and pages.selection is None

    start = handle_point(pages, "start")
    later = edge_point(pages, 0, fox_start + len("quick "), "left")
    qtbot.mousePress(viewport, LEFT, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(6, 0))
    qtbot.mouseMove(viewport, later)
    qtbot.mouseRelease(viewport, LEFT, pos=later)
    assert stored_text(project, segment) == "brown fox"
    qtbot.keyClick(pages, Qt.Key.Key_Z, CTRL)
    assert stored_text(project, segment) == "quick brown fox"
    qtbot.keyClick(pages, Qt.Key.Key_Z, CTRL)
    assert stored_text(project, segment) == "quick brown"


def test_an_end_can_be_dragged_onto_another_page(
    pdf_view: PdfDocumentView, window: MainWindow, qtbot: QtBot
) -> None:
    project = window.project
    assert project is not None
    pages = pdf_view.pages
    pages.set_zoom(0.25)
    pages.go_to_page(0)
    qtbot.waitUntil(lambda: 1 in pages.texts, timeout=10_000)
    segment = code_words(project, pdf_view, 1, "Live streams", "Konten")
    pages.select_segment(segment)
    viewport = pages.viewport()
    start = handle_point(pages, "start")
    corrections, _end = words_span(pages, 0, "corrections")
    target = edge_point(pages, 0, corrections, "left")
    qtbot.mousePress(viewport, LEFT, pos=start)
    qtbot.mouseMove(viewport, start - QPoint(0, 10))
    qtbot.mouseMove(viewport, target)
    qtbot.mouseRelease(viewport, LEFT, pos=target)
    text = stored_text(project, segment)
    assert text.startswith("corrections that followed them.") and text.endswith("Live streams")
    # The coding now has a bar beside each page, in the same lane.
    assert bar_of(pages, 0, segment).lane == bar_of(pages, 1, segment).lane


def test_escape_puts_a_dragged_end_back(
    pdf_view: PdfDocumentView, window: MainWindow, qtbot: QtBot
) -> None:
    project = window.project
    assert project is not None
    pages = pdf_view.pages
    segment = code_words(project, pdf_view, 0, "quick brown", "Kredibilitas")
    pages.select_segment(segment)
    undo_before = window.undo_action.text()
    viewport = pages.viewport()
    end = handle_point(pages, "end")
    _start, fox_end = words_span(pages, 0, "quick brown fox")
    target = edge_point(pages, 0, fox_end - 1, "right")
    qtbot.mousePress(viewport, LEFT, pos=end)
    qtbot.mouseMove(viewport, target)
    qtbot.keyClick(pages, Qt.Key.Key_Escape)
    highlight = pages.highlight(segment)
    assert highlight is not None
    assert pages.ends.shown_range(highlight) == (highlight.start, highlight.end)
    qtbot.mouseRelease(viewport, LEFT, pos=target)
    assert stored_text(project, segment) == "quick brown"
    assert window.undo_action.text() == undo_before  # nothing was done
    assert pdf_view.selected_segment == segment  # Esc put the end back, kept the coding
    assert pages.selection is None
