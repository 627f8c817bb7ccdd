"""MuPDF's own (English, technical) messages stay in the log: a damaged PDF is refused with our
sentence, in the user's language."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest

from kutip.errors import ImportFailedError
from kutip.i18n import set_language
from kutip.ingest.drafts import ReadOptions
from kutip.ingest.pdf.ocr import OcrPageError, read_page
from kutip.ingest.pdf.reader import read_pdf

#: Starts as a PDF, but MuPDF finds no document in it.
BROKEN = b"%PDF-1.7\nthis is not really a PDF\n"


@pytest.fixture
def indonesian() -> Iterator[None]:
    set_language("id")
    yield
    set_language("en")


def test_a_damaged_pdf_is_refused_in_indonesian_with_mupdfs_words_in_the_log(
    indonesian: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING), pytest.raises(ImportFailedError) as raised:
        read_pdf(Path("rusak.pdf"), BROKEN, ReadOptions())
    assert str(raised.value) == "rusak.pdf: PDF ini rusak dan tidak dapat dibaca."
    [record] = [r for r in caplog.records if "MuPDF" in r.getMessage()]
    assert record.getMessage().startswith("rusak.pdf: MuPDF cannot read the PDF: ")
    assert len(record.getMessage()) > len("rusak.pdf: MuPDF cannot read the PDF: ")


def test_a_page_ocr_cannot_read_is_named_in_indonesian_with_the_reason_in_the_log(
    indonesian: None, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    document = pymupdf.open()
    document.new_page()
    page = document.load_page(0)
    missing = tmp_path / "no-tessdata"  # Tesseract finds no language data here
    with caplog.at_level(logging.WARNING), pytest.raises(OcrPageError) as raised:
        read_page(page, "ind", missing)
    document.close()
    assert str(raised.value) == "halaman 1 tidak dapat dibaca dengan OCR."
    assert any(r.getMessage().startswith("page 1: OCR failed: ") for r in caplog.records)
