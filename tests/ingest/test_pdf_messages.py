"""MuPDF's own (English, technical) messages stay in the log: a damaged PDF is refused with our
sentence, in the user's language."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from kutip.errors import ImportFailedError
from kutip.i18n import set_language
from kutip.ingest.drafts import ReadOptions
from kutip.ingest.pdf import read_pdf

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
