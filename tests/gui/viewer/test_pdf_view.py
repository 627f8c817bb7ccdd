"""The PDF view: pages rendered off the GUI thread, selection on the page, codings drawn on it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from kutip.gui.main_window import MainWindow
from kutip.gui.viewer import page_cache
from kutip.gui.viewer.page_cache import PageCache
from kutip.gui.viewer.pdf_layout import POINT
from kutip.gui.viewer.pdf_pages import PdfPagesView
from kutip.gui.viewer.pdf_view import PdfDocumentView
from kutip.gui.viewer.text_view import SourceView
from kutip.ingest.drafts import FLAG_NO_TEXT_LAYER
from kutip.ingest.pdf.pagetext import PageText
from kutip.model import TEXT_RULES
from kutip.services.importing import ImportOptions, import_paths

CTRL = Qt.KeyboardModifier.ControlModifier

PAGE_LINES = [
    [
        "Social media changed how young voters meet the campaign.",
        "The quick brown fox jumps over the lazy dog every morning.",
        "Hoaxes travelled faster than the corrections that followed them.",
    ],
    [
        "Live streams let candidates answer questions from first-time voters.",
        "Family chat groups carried arguments about the candidates late at night.",
    ],
]


def make_pdf(path: Path, *, first_label: int = 412, rotate: int = 0) -> Path:
    """A two-page PDF with a line of text every 40 points, printed as pp. 412–413."""
    document = pymupdf.open()
    for lines in PAGE_LINES:
        page = document.new_page(width=420, height=595)
        for k, line in enumerate(lines):
            page.insert_text((48, 90 + 40 * k), line, fontsize=11)
        if rotate:
            page.set_rotation(rotate)
    document.set_page_labels(
        [{"startpage": 0, "prefix": "", "style": "D", "firstpagenum": first_label}]
    )
    document.save(path)
    document.close()
    return path


def make_scan(path: Path) -> Path:
    """A PDF whose only page is a picture: no text layer."""
    document = pymupdf.open()
    page = document.new_page(width=300, height=400)
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 80), False)
    pixmap.set_rect(pixmap.irect, (200, 200, 200))
    page.insert_image(pymupdf.Rect(20, 20, 280, 380), pixmap=pixmap)
    document.save(path)
    document.close()
    return path


def import_file(
    window: MainWindow,
    tmp_path: Path,
    make: Callable[[Path], Path],
    options: ImportOptions | None = None,
) -> int:
    assert window.create_project(tmp_path / "pdf.kutip")
    project = window.project
    assert project is not None
    report = import_paths(project, [make(tmp_path / "article.pdf")], options=options)
    assert not report.failed, report.failed
    return project.sources.all()[0].id


def open_pdf(window: MainWindow, qtbot: QtBot, source_id: int) -> PdfDocumentView:
    window.resize(1100, 800)
    window.show_source(source_id, pin=True)
    view = window.documents.current_view()
    assert isinstance(view, PdfDocumentView)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    pages = view.pages
    qtbot.waitUntil(lambda: pages.page_count > 0, timeout=10_000)
    if pages.selectable:
        qtbot.waitUntil(lambda: 0 in pages.texts, timeout=10_000)
    qtbot.waitUntil(lambda: rendered(pages, 0), timeout=10_000)
    pages.setFocus()
    qtbot.waitUntil(pages.hasFocus)
    return view


def rendered(pages: PdfPagesView, index: int) -> bool:
    return pages.cache.get(index, pages.pixels_per_point * pages.devicePixelRatioF()) is not None


@pytest.fixture
def pdf_view(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> PdfDocumentView:
    return open_pdf(window, qtbot, import_file(window, tmp_path, make_pdf))


def words_span(pages: PdfPagesView, index: int, words: str) -> tuple[int, int]:
    """Where ``words`` are in page ``index``'s text (page offsets)."""
    text = pages.texts[index].text
    start = text.index(words)
    return start, start + len(words)


def edge_point(pages: PdfPagesView, index: int, char: int, side: str) -> QPoint:
    """The viewport point just inside the left or right edge of a character's box."""
    box = pages.texts[index].boxes[char]  # type: ignore[index]
    assert box is not None
    x = box[0] + 0.2 if side == "left" else box[2] - 0.2
    return pages.text_to_view(index, x, (box[1] + box[3]) / 2).toPoint()


def drag_over(qtbot: QtBot, pages: PdfPagesView, index: int, words: str) -> None:
    start, end = words_span(pages, index, words)
    first = edge_point(pages, index, start, "left")
    last = edge_point(pages, index, end - 1, "right")
    viewport = pages.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=first)
    qtbot.mouseMove(viewport, first + QPoint(8, 0))
    qtbot.mouseMove(viewport, last)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=last)


def pixel(pages: PdfPagesView, point: QPointF) -> QColor:
    image = pages.viewport().grab().toImage()
    return image.pixelColor(point.toPoint())


def test_a_pdf_source_opens_as_rendered_pages_with_its_printed_page_label(
    pdf_view: PdfDocumentView,
) -> None:
    pages = pdf_view.pages
    assert pages.page_count == 2
    assert pdf_view.page_label.text() == "p. 412 (1 / 2)"
    assert not pdf_view.banner.isVisible()
    assert not pdf_view.warning.isVisible()
    image = pages.cache.get(0, pages.pixels_per_point * pages.devicePixelRatioF())
    assert image is not None
    assert image.width() == round(420 * pages.pixels_per_point)
    # Fit width: the page fills the view but for the margins and its coding stripes' room.
    room = 32 + pages.stripes.gutter()
    assert abs(pages.page_rect(0).width() - (pages.viewport().width() - room)) <= 1


def test_dragging_over_words_and_pressing_5_codes_exactly_them(
    pdf_view: PdfDocumentView, window: MainWindow, qtbot: QtBot
) -> None:
    project = window.project
    assert project is not None
    pages = pdf_view.pages
    drag_over(qtbot, pages, 0, "quick brown fox")
    assert pages.selected_text() == "quick brown fox"
    qtbot.keyClick(pages, Qt.Key.Key_5)

    [segment] = project.codings.all(source_id=pdf_view.source_id)
    assert project.codings.text(segment) == "quick brown fox"
    assert project.codes.get(segment.code_id).name == "Kampanye Politik"
    assert window.undo_action.text() == "&Undo Code 'Kampanye Politik'"
    assert pages.selection is None
    assert pdf_view.selected_segment == segment.id

    # The highlight covers the words' boxes, on the page, in the code's colour.
    [(index, rect)] = pages.highlight_rects(segment.id)
    start, end = words_span(pages, 0, "quick brown fox")
    box_first = pages.texts[0].boxes[start]  # type: ignore[index]
    box_last = pages.texts[0].boxes[end - 1]  # type: ignore[index]
    assert box_first is not None and box_last is not None
    assert index == 0
    assert abs(rect.left() - pages.text_to_view(0, box_first[0], box_first[1]).x()) < 1
    assert abs(rect.right() - pages.text_to_view(0, box_last[2], box_last[3]).x()) < 1
    pages.select_segment(None)
    between = QPointF(rect.center().x(), rect.top() + 2)  # in the box, above the letters
    colour = pixel(pages, between)
    purple = QColor(project.codes.get(segment.code_id).color)
    assert colour != QColor("white")
    assert colour.blue() > colour.green()  # tinted with #9467bd
    assert purple.blue() > purple.green()

    qtbot.keyClick(pages, Qt.Key.Key_Z, CTRL)
    assert project.codings.all(source_id=pdf_view.source_id) == []
    assert pixel(pages, between) == QColor("white")


def test_a_selection_across_lines_is_in_reading_order_whichever_way_it_is_dragged(
    pdf_view: PdfDocumentView, qtbot: QtBot
) -> None:
    pages = pdf_view.pages
    text = pages.texts[0].text
    start = text.index("lazy dog")
    end = text.index("travelled") + len("travelled")
    viewport = pages.viewport()
    first = edge_point(pages, 0, end - 1, "right")  # from the later word back up
    last = edge_point(pages, 0, start, "left")
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=first)
    qtbot.mouseMove(viewport, first - QPoint(10, 0))
    qtbot.mouseMove(viewport, last)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=last)
    assert pages.selected_text() == text[start:end]
    assert "\n" in pages.selected_text()


def test_a_selection_can_run_over_two_pages(pdf_view: PdfDocumentView, qtbot: QtBot) -> None:
    pages = pdf_view.pages
    pages.set_zoom(0.25)
    pages.go_to_page(0)
    qtbot.waitUntil(lambda: 1 in pages.texts, timeout=10_000)
    start, _end = words_span(pages, 0, "corrections")
    _start, end = words_span(pages, 1, "Live streams")
    viewport = pages.viewport()
    first = edge_point(pages, 0, start, "left")
    last = edge_point(pages, 1, end - 1, "right")
    assert viewport.rect().contains(first) and viewport.rect().contains(last)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=first)
    qtbot.mouseMove(viewport, first + QPoint(10, 0))
    qtbot.mouseMove(viewport, last)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=last)
    assert pages.selected_text().startswith("corrections that followed them.")
    assert pages.selected_text().endswith("Live streams")


def test_codings_are_drawn_translucent_and_overlaps_blend(
    pdf_view: PdfDocumentView, window: MainWindow
) -> None:
    project = window.project
    assert project is not None
    pages = pdf_view.pages
    page = project.sources.pages(pdf_view.source_id)[0]
    start, end = words_span(pages, 0, "quick brown fox")
    blue, red = project.codes.find("Aksesibilitas").id, project.codes.find("Kredibilitas").id
    project.codings.apply(pdf_view.source_id, page.start + start, page.start + end, blue)
    middle = page.start + start + len("quick ")
    project.codings.apply(pdf_view.source_id, middle, middle + len("brown fox jumps"), red)
    pages.repaint()
    boxes = pages.texts[0].boxes
    assert boxes is not None

    def top_of(char: int) -> QPointF:
        box = boxes[char]
        assert box is not None
        return pages.text_to_view(0, (box[0] + box[2]) / 2, box[1] + 0.5)

    only_blue = pixel(pages, top_of(start + 1))
    both = pixel(pages, top_of(start + len("quick b")))
    only_red = pixel(pages, top_of(end + 2))
    assert only_blue.blue() > only_blue.red()
    assert only_red.red() > only_red.blue()
    assert both not in (only_blue, only_red, QColor("white"))


def test_hovering_a_highlight_names_its_code_and_memo_and_clicking_selects_it(
    pdf_view: PdfDocumentView, window: MainWindow, qtbot: QtBot
) -> None:
    project = window.project
    assert project is not None
    pages = pdf_view.pages
    page = project.sources.pages(pdf_view.source_id)[0]
    start, end = words_span(pages, 0, "Hoaxes travelled")
    code = project.codes.find("Kredibilitas").id
    segment = project.codings.apply(
        pdf_view.source_id, page.start + start, page.start + end, code, "Speed of hoaxes"
    ).value
    [(_index, rect)] = pages.highlight_rects(segment)
    centre = rect.center().toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, centre, pages.viewport().mapToGlobal(centre))
    QApplication.sendEvent(pages.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert "Kredibilitas" in QToolTip.text()
    assert "Speed of hoaxes" in QToolTip.text()
    QToolTip.hideText()

    qtbot.mouseClick(pages.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert pdf_view.selected_segment == segment
    assert "Speed of hoaxes" in window.statusBar().currentMessage()
    qtbot.keyClick(pages, Qt.Key.Key_Delete)
    assert project.codings.all(source_id=pdf_view.source_id) == []


def test_the_quick_code_popup_and_in_vivo_work_on_the_page(
    pdf_view: PdfDocumentView, window: MainWindow, qtbot: QtBot
) -> None:
    project = window.project
    assert project is not None
    pages = pdf_view.pages
    drag_over(qtbot, pages, 0, "young voters")
    qtbot.keyClick(pages, Qt.Key.Key_V, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert project.codes.find("young voters").parent_id is None
    drag_over(qtbot, pages, 0, "lazy dog")
    qtbot.keyClick(pages, Qt.Key.Key_Q)
    popup = window.coding.popup
    assert popup is not None
    qtbot.keyClicks(popup.filter, "kredib")
    qtbot.keyClick(popup.filter, Qt.Key.Key_Return)
    codes = {c.id: c.name for c in project.codes.all()}
    coded = {
        (project.codings.text(s), codes[s.code_id])
        for s in project.codings.all(source_id=pdf_view.source_id)
    }
    assert coded == {("young voters", "young voters"), ("lazy dog", "Kredibilitas")}


def test_zoom_changes_the_rendering_scale(pdf_view: PdfDocumentView, qtbot: QtBot) -> None:
    pages = pdf_view.pages
    pages.set_zoom(2.0)
    assert pdf_view.zoom_box.currentText() == "200%"
    qtbot.waitUntil(lambda: rendered(pages, 0), timeout=10_000)
    image = pages.cache.get(0, 2.0 * POINT)
    assert image is not None
    assert image.width() == round(420 * 2.0 * POINT)
    assert pages.page_rect(0).width() == pytest.approx(420 * 2.0 * POINT)

    qtbot.keyClick(pages, Qt.Key.Key_Minus, CTRL)
    assert pages.zoom == 1.75
    qtbot.keyClick(pages, Qt.Key.Key_0, CTRL)
    assert pages.zoom == 1.0
    qtbot.keyClick(pages, Qt.Key.Key_Plus, CTRL)
    assert pages.zoom == 1.1
    centre = QPointF(pages.viewport().rect().center())
    wheel = QWheelEvent(
        centre,
        pages.viewport().mapToGlobal(centre),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        CTRL,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(pages.viewport(), wheel)
    assert pages.zoom == 1.25
    pdf_view.zoom_box.setCurrentIndex(pdf_view.zoom_box.findData("page"))
    pdf_view.zoom_box.activated.emit(pdf_view.zoom_box.currentIndex())
    assert pages.page_rect(0).height() <= pages.viewport().height() - 32 + 1


def test_pages_render_at_the_screens_pixel_ratio(
    pdf_view: PdfDocumentView, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = pdf_view.pages
    monkeypatch.setattr(pages, "devicePixelRatioF", lambda: 2.0)
    pages.set_zoom(1.0)
    pages.repaint()
    qtbot.waitUntil(lambda: pages.cache.get(0, 2.0 * POINT) is not None, timeout=10_000)
    image = pages.cache.get(0, 2.0 * POINT)
    assert image is not None
    assert image.devicePixelRatio() == 2.0
    assert image.width() == round(420 * POINT * 2)  # twice the pixels in the same place


def test_rendering_happens_off_the_gui_thread(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    original = page_cache.render_page

    def watched(document: pymupdf.Document, index: int, scale: float) -> QImage:
        threads.append(threading.current_thread())
        return original(document, index, scale)

    monkeypatch.setattr(page_cache, "render_page", watched)
    open_pdf(window, qtbot, import_file(window, tmp_path, make_pdf))
    assert threads
    assert all(thread is not threading.main_thread() for thread in threads)


def test_only_pages_near_the_view_are_rendered_and_renderings_are_cached(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    def long_pdf(path: Path) -> Path:
        document = pymupdf.open()
        for n in range(30):
            document.new_page(width=420, height=595).insert_text((48, 90), f"Page {n + 1}")
        document.save(path)
        return path

    view = open_pdf(window, qtbot, import_file(window, tmp_path, long_pdf))
    pages = view.pages
    qtbot.wait(200)
    assert 0 < len(pages.cache) <= 4
    assert all(index < 4 for index, _scale in pages.cache._images)
    pages.go_to_page(20)
    qtbot.waitUntil(lambda: rendered(pages, 20), timeout=10_000)
    assert view.page_label.text() == "p. 21 (21 / 30)"
    assert PageCache.key(0, pages.pixels_per_point) in pages.cache  # still cached


def test_go_to_page_takes_the_printed_number(pdf_view: PdfDocumentView, qtbot: QtBot) -> None:
    pages = pdf_view.pages
    pages.set_zoom(1.0)
    qtbot.keyClick(pages, Qt.Key.Key_G, CTRL)
    assert pdf_view.go_to.hasFocus()
    qtbot.keyClicks(pdf_view.go_to, "413")
    qtbot.keyClick(pdf_view.go_to, Qt.Key.Key_Return)
    assert pages.current_page == 1
    assert pdf_view.page_label.text() == "p. 413 (2 / 2)"
    assert pdf_view.go_to_label("412")
    assert pages.current_page == 0
    assert not pdf_view.go_to_label("9")


def test_rotated_pages_map_selection_and_highlights_through_the_rotation(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    source = import_file(window, tmp_path, lambda p: make_pdf(p, rotate=90))
    view = open_pdf(window, qtbot, source)
    pages = view.pages
    assert pages.page_rect(0).width() > pages.page_rect(0).height()  # landscape as shown
    drag_over(qtbot, pages, 0, "quick brown fox")
    assert pages.selected_text() == "quick brown fox"


def test_a_page_that_reads_differently_than_at_import_is_warned_about(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = import_file(window, tmp_path, make_pdf)
    original = page_cache.page_text_with_ocr

    def changed(
        page: pymupdf.Page,
        layer: bytes | None,
        *,
        boxes: bool = True,
        skip: object = (),
        rules: int = TEXT_RULES,
    ) -> PageText:
        text = original(page, layer, boxes=boxes, skip=skip, rules=rules)  # type: ignore[arg-type]
        return PageText("x" + text.text[1:], text.lines, text.boxes)

    monkeypatch.setattr(page_cache, "page_text_with_ocr", changed)
    view = open_pdf(window, qtbot, source)
    qtbot.waitUntil(view.warning.isVisible)
    assert "412" in view.warning.text()
    assert "misplaced" in view.warning.text()


def test_a_scan_without_text_is_shown_with_a_banner_asking_for_ocr(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    source = import_file(window, tmp_path, make_scan, ImportOptions(ocr=None))
    project = window.project
    assert project is not None
    assert FLAG_NO_TEXT_LAYER in project.sources.get(source).flags
    view = open_pdf(window, qtbot, source)
    assert view.banner.isVisible()
    assert "Read them by OCR" in view.banner.text()
    assert view.ocr_button.isVisible()
    pages = view.pages
    assert not pages.selectable
    rect = pages.page_rect(0)
    viewport = pages.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    qtbot.mouseMove(viewport, rect.bottomRight().toPoint() - QPoint(5, 5))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=rect.bottomRight().toPoint())
    assert pages.selection is None
    qtbot.keyClick(pages, Qt.Key.Key_1)
    assert project.codings.all() == []


def test_text_sources_still_open_as_text(demo_window: MainWindow) -> None:
    project = demo_window.project
    assert project is not None
    text = next(s for s in project.sources.all() if s.kind == "text")
    demo_window.show_source(text.id)
    assert isinstance(demo_window.documents.current_view(), SourceView)


def test_closing_the_project_closes_the_pdfs_on_the_render_thread(
    pdf_view: PdfDocumentView, window: MainWindow
) -> None:
    document = pdf_view.pages.document
    window.close_project()
    assert document._closed
    assert document._document is None


def test_the_status_bar_follows_the_document_in_front(
    pdf_view: PdfDocumentView, window: MainWindow, qtbot: QtBot
) -> None:
    project = window.project
    assert project is not None
    pages = pdf_view.pages
    drag_over(qtbot, pages, 0, "lazy dog")
    qtbot.keyClick(pages, Qt.Key.Key_4)
    assert "Kredibilitas" in window.statusBar().currentMessage()
    notes = project.path.parent / "notes.txt"
    notes.write_text("Some notes on the campaign.\n", encoding="utf-8")
    import_paths(project, [notes])
    text_id = next(s.id for s in project.sources.all() if s.kind == "text")
    window.show_source(text_id, pin=True)
    assert window.statusBar().currentMessage() == ""
    window.documents.tabs.setCurrentIndex(0)
    assert "Kredibilitas" in window.statusBar().currentMessage()


def test_a_range_can_be_selected_and_shown_from_outside(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    view = open_pdf(window, qtbot, import_file(window, tmp_path, make_pdf))
    project = window.project
    assert project is not None
    page = project.sources.pages(view.source_id)[1]
    text = project.sources.text(view.source_id)
    start = text.index("Family chat groups")
    view.pages.set_zoom(2.0)
    view.select_range(start, start + len("Family chat groups"))
    assert view.pages.selected_text() == "Family chat groups"
    assert view.pages.current_page == 1
    assert page.start <= start < page.end
    qtbot.keyClick(view.pages, Qt.Key.Key_6)
    assert [project.codings.text(s) for s in project.codings.all()] == ["Family chat groups"]


def test_setting_the_first_page_relabels_the_pages(
    pdf_view: PdfDocumentView, window: MainWindow
) -> None:
    project = window.project
    assert project is not None
    project.sources.set_first_page(pdf_view.source_id, 7)
    assert pdf_view.page_label.text() == "p. 7 (1 / 2)"


def test_shift_arrows_select_on_the_page_from_where_it_was_clicked(
    pdf_view: PdfDocumentView, window: MainWindow, qtbot: QtBot
) -> None:
    project = window.project
    assert project is not None
    pages = pdf_view.pages
    start, _end = words_span(pages, 0, "quick brown fox")
    qtbot.mouseClick(
        pages.viewport(), Qt.MouseButton.LeftButton, pos=edge_point(pages, 0, start, "left")
    )
    words = CTRL | Qt.KeyboardModifier.ShiftModifier
    for _ in range(3):
        qtbot.keyClick(pages, Qt.Key.Key_Right, words)
    assert pages.selected_text() == "quick brown fox"
    qtbot.keyClick(pages, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert pages.selected_text() == "quick brown fo"
    qtbot.keyClick(pages, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(pages, Qt.Key.Key_5)
    assert [project.codings.text(s) for s in project.codings.all()] == ["quick brown fox"]


def test_the_page_cache_drops_the_least_recently_used_beyond_its_budget() -> None:
    image = QImage(100, 100, QImage.Format.Format_RGB888)  # 30,000 bytes
    cache = PageCache(budget=image.sizeInBytes() * 2)
    cache.put(0, 1.0, image)
    cache.put(1, 1.0, image)
    assert cache.get(0, 1.0) is not None  # page 0 is now the most recently used
    cache.put(2, 1.0, image)
    assert cache.get(1, 1.0) is None
    assert cache.get(0, 1.0) is not None and cache.get(2, 1.0) is not None
    assert cache.size_in_bytes == image.sizeInBytes() * 2
    assert cache.any_of(0) is not None
