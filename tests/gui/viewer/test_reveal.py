"""Reveal: a passage asked for (a search hit, a retrieved coding, "go to page", the next
coding, an undone or redone coding) ends in view, centred when it fits, in a long PDF (open or
not, rendered or not, at any zoom) and in a long transcript. The tests assert the viewport's
rectangle contains the passage's rectangle, not only that it is selected."""

from __future__ import annotations

import shutil
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QRectF, Qt
from pytestqt.qtbot import QtBot

from kutip.gui.main_window import MainWindow
from kutip.gui.viewer.pdf_view import PdfDocumentView
from kutip.gui.viewer.text_view import SourceView
from kutip.project import Project
from kutip.services.importing import import_paths

PAGES = 300


def make_long_pdf(path: Path) -> Path:
    """A 300-page PDF; page n (from 1) says "passage number n" near its middle."""
    document = pymupdf.open()
    for number in range(1, PAGES + 1):
        page = document.new_page(width=420, height=595)
        for k in range(12):
            line = (
                f"passage number {number} lies here" if k == 6 else f"filler line {k} of {number}"
            )
            page.insert_text((48, 80 + 38 * k), line, fontsize=11)
    document.save(path)
    document.close()
    return path


def make_transcript(path: Path) -> Path:
    lines = [f"Speaker {i % 3}: remark number {i} about the campaign." for i in range(1, 1501)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def long_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the 300-page PDF and the transcript, imported once for the module."""
    folder = tmp_path_factory.mktemp("long")
    with Project.create(folder / "long.kutip") as project:
        report = import_paths(
            project, [make_long_pdf(folder / "long.pdf"), make_transcript(folder / "talk.txt")]
        )
        assert not report.failed, report.failed
    return folder / "long.kutip"


@pytest.fixture
def long_window(window: MainWindow, long_project: Path, tmp_path: Path, qtbot: QtBot) -> MainWindow:
    path = tmp_path / "long.kutip"
    shutil.copy(long_project, path)
    window.open_project(path)
    assert window.project is not None
    window.resize(1100, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def source_id(window: MainWindow, kind: str) -> int:
    project = window.project
    assert project is not None
    return next(s.id for s in project.sources.all() if s.kind == kind)


def span(window: MainWindow, sid: int, words: str) -> tuple[int, int]:
    project = window.project
    assert project is not None
    start = project.sources.text(sid).index(words)
    return start, start + len(words)


def passage_in_pdf_view(view: PdfDocumentView, start: int, end: int) -> bool:
    """Whether the passage's exact character boxes are all inside the viewport."""
    pages = view.pages
    index = next(i for i, p in enumerate(pages.pages) if p.start <= start < p.end)
    if index not in pages.texts:
        return False
    boxes = pages.boxes(index, start, end)
    if not boxes:
        return False
    area = QRectF(pages.viewport().rect())
    return all(area.contains(pages.box_to_view(index, box)) for box in boxes)


def centred(view: PdfDocumentView, start: int, end: int) -> bool:
    pages = view.pages
    index = next(i for i, p in enumerate(pages.pages) if p.start <= start < p.end)
    rect = QRectF()
    for box in pages.boxes(index, start, end):
        rect = rect.united(pages.box_to_view(index, box))
    middle = pages.viewport().height() / 2
    return abs(rect.center().y() - middle) < pages.viewport().height() / 4


def test_a_hit_in_a_pdf_not_yet_open_is_scrolled_into_view_and_marked(
    long_window: MainWindow, qtbot: QtBot
) -> None:
    sid = source_id(long_window, "pdf")
    start, end = span(long_window, sid, "passage number 250 lies")
    long_window.show_hit(sid, start, end, [(start, start + 7)])
    view = long_window.documents.current_view()
    assert isinstance(view, PdfDocumentView)
    qtbot.waitUntil(lambda: passage_in_pdf_view(view, start, end), timeout=15_000)
    assert view.pages.current_page == 249
    assert centred(view, start, end)
    assert view.pages.selected_text() == "passage number 250 lies"
    assert view.pages.marks == [(start, start + 7)]


@pytest.mark.parametrize("zoom", [0.5, 1.0, 3.0])
def test_a_retrieved_coding_in_an_open_pdf_is_revealed_at_any_zoom(
    long_window: MainWindow, qtbot: QtBot, zoom: float
) -> None:
    sid = source_id(long_window, "pdf")
    long_window.show_source(sid, pin=True)
    view = long_window.documents.current_view()
    assert isinstance(view, PdfDocumentView)
    qtbot.waitUntil(lambda: 0 in view.pages.texts, timeout=15_000)
    view.pages.set_zoom(zoom)
    start, end = span(long_window, sid, "number 173")
    long_window.retrieval_dock.segment_activated.emit(sid, start, end, 0)
    qtbot.waitUntil(lambda: passage_in_pdf_view(view, start, end), timeout=15_000)
    # Then another one further back, on a page never rendered.
    start, end = span(long_window, sid, "passage number 12 lies")
    long_window.retrieval_dock.segment_activated.emit(sid, start, end, 0)
    qtbot.waitUntil(lambda: passage_in_pdf_view(view, start, end), timeout=15_000)
    assert view.pages.current_page == 11


def test_go_to_page_on_a_pdf_still_opening_lands_on_the_page(
    long_window: MainWindow, qtbot: QtBot
) -> None:
    sid = source_id(long_window, "pdf")
    long_window.show_source(sid, pin=True)
    view = long_window.documents.current_view()
    assert isinstance(view, PdfDocumentView)
    view.pages.go_to_page(199)  # before the page sizes are known
    qtbot.waitUntil(lambda: view.pages.page_count > 0, timeout=15_000)
    qtbot.waitUntil(lambda: view.pages.current_page == 199, timeout=15_000)
    rect = view.pages.page_rect(199)
    assert 0 <= rect.top() <= 20


def test_the_next_coding_key_reveals_a_coding_pages_away(
    long_window: MainWindow, qtbot: QtBot
) -> None:
    project = long_window.project
    assert project is not None
    sid = source_id(long_window, "pdf")
    code = project.codes.add("Far away").value
    start, end = span(long_window, sid, "passage number 280 lies")
    project.codings.apply(sid, start, end, code)
    long_window.show_source(sid, pin=True)
    view = long_window.documents.current_view()
    assert isinstance(view, PdfDocumentView)
    view.refresh()
    qtbot.waitUntil(lambda: 0 in view.pages.texts, timeout=15_000)
    segment = view.highlights[0].segment_id
    view.select_segment(segment, reveal=True)
    qtbot.waitUntil(lambda: passage_in_pdf_view(view, start, end), timeout=15_000)


def passage_in_text_view(view: SourceView, start: int, end: int) -> bool:
    offset = view.scroll_offset()
    area = QRectF(view.viewport().rect())
    return all(area.contains(r.translated(-offset)) for r in view.line_rects(start, end))


def test_a_hit_in_a_long_transcript_is_centred_and_stays_after_a_resize(
    long_window: MainWindow, qtbot: QtBot
) -> None:
    sid = source_id(long_window, "text")
    start, end = span(long_window, sid, "remark number 1234 about")
    long_window.show_hit(sid, start, end, [(start, end)])
    view = long_window.documents.current_view()
    assert isinstance(view, SourceView)
    qtbot.waitUntil(lambda: passage_in_text_view(view, start, end), timeout=5_000)
    rect = view.line_rects(start, end)[0].translated(-view.scroll_offset())
    assert abs(rect.center().y() - view.viewport().height() / 2) < view.viewport().height() / 4
    long_window.resize(700, 500)
    qtbot.waitUntil(lambda: passage_in_text_view(view, start, end), timeout=5_000)
    # A hit earlier in the same open transcript.
    start, end = span(long_window, sid, "remark number 40 about")
    long_window.show_hit(sid, start, end, [(start, end)])
    qtbot.waitUntil(lambda: passage_in_text_view(view, start, end), timeout=5_000)


def passage_in_view(view: PdfDocumentView | SourceView, start: int, end: int) -> bool:
    if isinstance(view, PdfDocumentView):
        return passage_in_pdf_view(view, start, end)
    return passage_in_text_view(view, start, end)


def scroll_to_top(view: PdfDocumentView | SourceView) -> None:
    """The reader goes back to the beginning (the revealed passage is no longer kept)."""
    if isinstance(view, PdfDocumentView):
        view.pages.go_to_page(0)
    else:
        view.forget_target()
        view.verticalScrollBar().setValue(0)


@pytest.mark.parametrize(
    ("kind", "words"),
    [("pdf", "passage number 200 lies"), ("text", "remark number 1200 about")],
)
def test_undo_and_redo_of_a_coding_far_away_scroll_back_to_it(
    long_window: MainWindow, qtbot: QtBot, kind: str, words: str
) -> None:
    project = long_window.project
    assert project is not None
    project.codes.add("Far away")
    sid = source_id(long_window, kind)
    start, end = span(long_window, sid, words)
    long_window.show_hit(sid, start, end, [])
    view = long_window.documents.current_view()
    assert view is not None
    qtbot.waitUntil(lambda: passage_in_view(view, start, end), timeout=15_000)
    # The actions the keys 1 and Ctrl+Z trigger (a window without a window manager, under
    # Xvfb, is never active, so its shortcuts would not fire).
    view.coding_widget().setFocus()
    long_window.coding.code_actions[0].trigger()
    [segment] = project.codings.all(source_id=sid)
    assert (segment.start, segment.end) == (start, end)

    scroll_to_top(view)
    qtbot.waitUntil(lambda: not passage_in_view(view, start, end), timeout=15_000)
    long_window.undo_action.trigger()  # Ctrl+Z on page 1: back to page 200
    assert project.codings.all(source_id=sid) == []
    qtbot.waitUntil(lambda: passage_in_view(view, start, end), timeout=15_000)

    # Redo with the document closed: it opens again, on the passage, coded again.
    long_window.documents.close_all()
    long_window.redo_action.trigger()
    assert len(project.codings.all(source_id=sid)) == 1
    reopened = long_window.documents.current_view()
    assert reopened is not None and reopened.source_id == sid
    qtbot.waitUntil(lambda: passage_in_view(reopened, start, end), timeout=15_000)


@pytest.mark.parametrize("zoom", [0.33, 1.0, 2.5, "page"])
def test_go_to_page_lands_on_the_page_at_any_zoom(
    long_window: MainWindow, qtbot: QtBot, zoom: float | str
) -> None:
    sid = source_id(long_window, "pdf")
    long_window.show_source(sid, pin=True)
    view = long_window.documents.current_view()
    assert isinstance(view, PdfDocumentView)
    qtbot.waitUntil(lambda: view.pages.page_count > 0, timeout=15_000)
    if isinstance(zoom, str):
        view.pages.set_fit(zoom)
    else:
        view.pages.set_zoom(zoom)
    view.go_to.setText("200")
    qtbot.keyClick(view.go_to, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.pages.current_page == 199, timeout=15_000)
    rect = view.pages.page_rect(199)
    assert 0 <= rect.top() <= 20
    start, end = span(long_window, sid, "passage number 200 lies")
    if rect.height() <= view.pages.viewport().height():  # the whole page shows
        qtbot.waitUntil(lambda: passage_in_pdf_view(view, start, end), timeout=15_000)
