"""A PDF whose pages cannot be shown says so in the user's language, in our words; MuPDF's
English message goes to the log only."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from kutip.gui.main_window import MainWindow
from kutip.gui.viewer.pdf_view import PdfDocumentView
from kutip.i18n import set_language


@pytest.fixture
def indonesian() -> Iterator[None]:
    set_language("id")
    yield
    set_language("en")


def test_a_damaged_pdf_shows_an_indonesian_banner_and_logs_mupdfs_words(
    demo_window: MainWindow,
    indonesian: None,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    project = demo_window.project
    assert project is not None
    source = next(s for s in project.sources.all() if s.kind == "pdf")
    # The file the project holds is damaged (as a disk error would leave it).
    monkeypatch.setattr(project.sources, "file", lambda _id: b"%PDF-1.7\nrusak\n")
    with caplog.at_level(logging.WARNING):
        demo_window.show_source(source.id, pin=True)
        view = demo_window.documents.current_view()
        assert isinstance(view, PdfDocumentView)
        qtbot.waitUntil(lambda: view.banner.isVisible(), timeout=10_000)
    assert view.banner.text() == (
        f"{source.title}: halamannya tidak dapat ditampilkan karena berkas PDF-nya rusak; "
        "teks dan pengodeannya tidak terpengaruh."
    )
    assert any("MuPDF cannot open the PDF" in r.getMessage() for r in caplog.records)
