"""Make every screenshot in docs/ from the demo project: a coded transcript, a coded PDF page
and search results here; the window with its docks (screenshots_workbench.py), the retrieval
dock and the export dialog (screenshots_retrieval_export.py)::

    .venv/bin/python tests/gui/screenshots.py docs/

Under Xvfb with the real platform plugin (screenshot_tools.py starts it), with the settings
in a scratch folder; the demo is built there too. The README shows them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import screenshots_retrieval_export
import screenshots_workbench
from PySide6.QtCore import Qt
from screenshot_tools import real_display, scratch_settings, settle, wait_for

from kutip.demo import build_demo
from kutip.gui.core.app import application
from kutip.gui.docks.search_model import SearchResultsModel
from kutip.gui.main_window import MainWindow
from kutip.gui.viewer.pdf_view import PdfDocumentView
from kutip.gui.viewer.text_view import SourceView


def code(window: MainWindow, view: SourceView | PdfDocumentView, quote: str, name: str) -> None:
    project = window.project
    assert project is not None
    start = view.text.index(quote)
    project.codings.apply(view.source_id, start, start + len(quote), project.codes.find(name).id)


def main(out: Path) -> None:
    scratch = scratch_settings()
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

    # Hits of a search in every source, two of them checked to be coded in one step.
    search = window.search_dock
    search.raise_()
    search.search("kampanye OR hoaks OR campaign")
    wait_for(app, lambda: search.results() is not None)
    model = search.model
    group = model.index(0, SearchResultsModel.WHERE)
    for row in (0, 1):
        hit = model.index(row, SearchResultsModel.WHERE, group)
        model.setData(hit, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    search.view.setCurrentIndex(model.index(1, SearchResultsModel.SNIPPET, group))
    window.resizeDocks([search], [440], Qt.Orientation.Vertical)  # more rows than at first
    settle(app)
    search.grab().save(str(out / "screenshot-search.png"))
    window.close()


if __name__ == "__main__":
    real_display()  # before the QApplication: the real window, under Xvfb
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    main(folder)
    screenshots_workbench.main(folder)
    screenshots_retrieval_export.main(folder)
