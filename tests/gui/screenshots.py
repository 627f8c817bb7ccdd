"""Make the screenshots in docs/: the demo project, a coded transcript and a coded PDF page.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/gui/screenshots.py docs/

Offscreen, with the settings in a scratch folder; the demo is built there too.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from kutip.demo import build_demo
from kutip.gui.core.app import application
from kutip.gui.main_window import MainWindow
from kutip.gui.viewer.pdf_view import PdfDocumentView
from kutip.gui.viewer.text_view import SourceView


def settle(app: QApplication, seconds: float = 0.6) -> None:
    """Let queued work (renderings, layout) arrive."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def code(window: MainWindow, view: SourceView | PdfDocumentView, quote: str, name: str) -> None:
    project = window.project
    assert project is not None
    start = view.text.index(quote)
    project.codings.apply(view.source_id, start, start + len(quote), project.codes.find(name).id)


def main(out: Path) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="kutip-shots-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch))
    app = application()
    window = MainWindow()
    window.resize(1440, 1000)
    window.show()
    assert window.open_project(build_demo(scratch / "demo"))
    project = window.project
    assert project is not None
    sources = {s.title: s.id for s in project.sources.all()}

    window.show_source(sources["informan-01"], pin=True)
    text = window.documents.current_view()
    assert isinstance(text, SourceView)
    code(window, text, "Jujur, saya tahu soal calon-calon presiden ya dari TikTok", "Aksesibilitas")
    code(
        window,
        text,
        "Waktu live TikTok salah satu capres, saya sempat tanya di kolom komentar soal "
        "beasiswa kuliah, dan ternyata dibacakan.",
        "Kampanye Politik",
    )
    code(window, text, "Rasanya beda, kayak diajak ngobrol langsung.", "Interaksi Sosial")
    code(window, text, "Sering, terutama di grup WhatsApp keluarga besar.", "Interaksi Sosial")
    start = text.text.index("Pernah ada video")
    selected = next(h for h in text.highlights if h.start == start and h.code_name == "Teknologi")
    text.select_segment(selected.segment_id)
    text.verticalScrollBar().setValue(0)
    settle(app)
    window.grab().save(str(out / "screenshot-transcript.png"))

    pdf_id = next(s.id for s in project.sources.all() if s.kind == "pdf")
    window.show_source(pdf_id, pin=True)
    pdf = window.documents.current_view()
    assert isinstance(pdf, PdfDocumentView)
    settle(app, 1.5)
    code(window, pdf, "Bagi pemilih pemula, yang baru pertama kali menggunakan", "Aksesibilitas")
    code(window, pdf, "media sosial bukan lagi sekadar hiburan", "Konten")
    code(
        window, pdf, "bukan lagi sekadar hiburan, melainkan sumber utama informasi", "Kredibilitas"
    )
    # A passage selected on the page, about to be coded.
    sentence = "Tim kampanye menyadari betul pergeseran ini."
    start = pdf.text.index(sentence)
    pdf.select_range(start, start + len(sentence))
    pdf.pages.verticalScrollBar().setValue(0)
    settle(app, 1.0)
    window.grab().save(str(out / "screenshot-pdf.png"))
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
