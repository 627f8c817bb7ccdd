"""Scanned PDFs in the window: coded on the page like any PDF once OCR read them, and read by
OCR from the view's banner, with progress, as one undo step."""

from __future__ import annotations

from pathlib import Path

import pymupdf
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot
from test_pdf_view import open_pdf

from kutip.gui.main_window import MainWindow
from kutip.gui.viewer.pdf_view import PdfDocumentView
from kutip.ingest.drafts import FLAG_NO_TEXT_LAYER, FLAG_OCR, ReadOptions
from kutip.ingest.pdf.reader import read_pdf
from kutip.services.importing import ImportOptions, import_draft, import_paths
from ocr_testing import FakeOcr, needs_tesseract, overlap, scanned_pages, word_boxes


def test_dragging_over_words_on_a_scanned_page_codes_exactly_them(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    assert window.create_project(tmp_path / "scan.kutip")
    project = window.project
    assert project is not None
    data, born = scanned_pages()
    draft = read_pdf(Path("scan.pdf"), data, ReadOptions(ocr=FakeOcr(born)))
    source_id = import_draft(project, draft).value
    view = open_pdf(window, qtbot, source_id)
    pages = view.pages
    assert pages.selectable and not view.banner.isVisible()

    # Drag from inside the first letter to inside the last, where the picture shows them.
    first, last = word_boxes(born, 0)["ujaran"][0], word_boxes(born, 0)["kebencian"][0]
    middle = (first.y0 + first.y1) / 2
    start = pages.text_to_view(0, first.x0 + 1, middle).toPoint()
    end = pages.text_to_view(0, last.x1 - 1, middle).toPoint()
    viewport = pages.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(8, 0))
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert pages.selected_text() == "ujaran kebencian"
    qtbot.keyClick(pages, Qt.Key.Key_5)

    [segment] = project.codings.all(source_id=source_id)
    assert project.codings.text(segment) == "ujaran kebencian"
    [(index, rect)] = pages.highlight_rects(segment.id)
    top_left = pages.text_to_view(0, first.x0, first.y0)
    bottom_right = pages.text_to_view(0, last.x1, last.y1)
    words = pymupdf.Rect(top_left.x(), top_left.y(), bottom_right.x(), bottom_right.y())
    assert index == 0
    assert overlap(pymupdf.Rect(rect.left(), rect.top(), rect.right(), rect.bottom()), words) > 0.5


@needs_tesseract
def test_a_scan_is_read_by_ocr_from_its_banner_and_undone_in_one_step(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    assert window.create_project(tmp_path / "scan.kutip")
    project = window.project
    assert project is not None
    data, _born = scanned_pages()
    (tmp_path / "scan.pdf").write_bytes(data)
    import_paths(project, [tmp_path / "scan.pdf"], options=ImportOptions(ocr=None))
    [source] = project.sources.all()
    view = open_pdf(window, qtbot, source.id)
    assert view.ocr_button.isVisible()

    qtbot.mouseClick(view.ocr_button, Qt.MouseButton.LeftButton)
    dialog = window.ocr.dialog
    assert dialog is not None
    assert dialog.language() == "ind+eng"  # the default, until the user chooses others
    dialog.accept()
    # Done once the read is on the undo stack (the project has it a moment before).
    step = "&Undo Read scan by OCR (Indonesian + English)"
    qtbot.waitUntil(lambda: window.undo_action.text() == step, timeout=60_000)
    assert FLAG_OCR in project.sources.get(source.id).flags
    assert "ujaran kebencian" in project.sources.text(source.id)

    # The tab now shows the text read, selectable, without the banner.
    qtbot.waitUntil(lambda: isinstance(window.documents.current_view(), PdfDocumentView))
    fresh = window.documents.current_view()
    assert isinstance(fresh, PdfDocumentView) and fresh is not view
    assert fresh.pages.selectable and not fresh.banner.isVisible()

    window.undo_action.trigger()
    assert project.sources.get(source.id).flags == (FLAG_NO_TEXT_LAYER,)
    assert project.sources.text(source.id).strip() == ""
