"""The PDF view reads a source's pages by the text rules its text was read with: an old source
shows as it was imported; re-read, its coded "Bröker" is highlighted over the letters drawn."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from pytestqt.qtbot import QtBot

import kutip.ingest.pdf.reader
from ingest.pdf_factory import new_pdf, to_bytes, write_accented
from kutip.gui.main_window import MainWindow
from kutip.gui.viewer.pdf_view import PdfDocumentView
from kutip.ingest.pdf.pagetext import TEXT_FLAGS, PageText
from kutip.model import FIRST_TEXT_RULES, TEXT_RULES
from kutip.project import Project
from kutip.services.importing import import_paths
from kutip.services.reread import reread_source

Box = tuple[float, float, float, float]


def drawn(pdf: Path) -> list[tuple[str, Box]]:
    """Every character MuPDF reads on the first page, with its box."""
    with pymupdf.open(pdf) as doc:
        raw = doc[0].get_text("rawdict", flags=TEXT_FLAGS)
    return [
        (c["c"], tuple(c["bbox"]))
        for block in raw["blocks"]
        for line in block["lines"]
        for span in line["spans"]
        for c in span["chars"]
    ]


def union(*boxes: Box) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


@pytest.fixture
def old_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, int]:
    """A project file whose PDF was read by rules 1 ("Br¨oker"), the name coded."""
    doc = new_pdf()
    write_accented(doc, doc.new_page(), ["Hans-Bernhard Bro\u0308ker, Hamburg"])
    pdf = tmp_path / "wawancara.pdf"
    pdf.write_bytes(to_bytes(doc))
    path = tmp_path / "lama.kutip"
    with Project.create(path, codebook="empty", coder="tester") as project:
        with monkeypatch.context() as patch:
            patch.setattr(kutip.ingest.pdf.reader, "TEXT_RULES", FIRST_TEXT_RULES)
            import_paths(project, [pdf])
        (source,) = project.sources.all()
        text = project.sources.text(source.id)
        start = text.index("Br\u00a8oker")
        code = project.codes.add("Informan").value
        project.codings.apply(source.id, start, start + len("Br\u00a8oker"), code)
    return path, pdf, source.id


def shown(window: MainWindow, qtbot: QtBot, source_id: int) -> PdfDocumentView:
    window.show_source(source_id, pin=True)
    view = window.documents.current_view()
    assert isinstance(view, PdfDocumentView)
    qtbot.waitUntil(lambda: 0 in view.pages.texts, timeout=10_000)
    return view


def page_text(view: PdfDocumentView) -> PageText:
    return view.pages.texts[0]


def test_an_old_source_is_shown_by_its_rules_and_re_read_by_the_new_ones(
    window: MainWindow, qtbot: QtBot, old_project: tuple[Path, Path, int]
) -> None:
    path, pdf, source_id = old_project
    assert window.open_project(path)
    project = window.project
    assert project is not None
    view = shown(window, qtbot, source_id)
    # Read by rules 1, the page reads as the stored text: no warning, nothing misplaced.
    assert page_text(view).text == project.sources.text(source_id)
    assert view.pages.mismatched == []
    assert not view.warning.isVisible()

    report = reread_source(project, source_id)
    assert project.sources.get(source_id).text_rules == TEXT_RULES
    window.documents.refresh({source_id})  # as after any edit: the view of the new text
    view = shown(window, qtbot, source_id)
    text = page_text(view)
    assert text.text == "Hans-Bernhard Bröker, Hamburg" == project.sources.text(source_id)
    assert view.pages.mismatched == [] and report.unplaced == []
    (segment,) = project.codings.all(source_id=source_id)
    assert text.text[segment.start : segment.end] == "Bröker"
    # Each letter of the coded name is drawn where MuPDF draws it; ö where o and ¨ are.
    chars = drawn(pdf)
    at = "".join(c for c, _box in chars).index("Br\u00a8oker")
    b, r, diaeresis, o, k, e, r2 = (box for _c, box in chars[at : at + 7])
    assert text.boxes is not None
    assert list(text.boxes[segment.start : segment.end]) == [b, r, union(o, diaeresis), k, e, r2]
    assert text.rects(segment.start, segment.end) == [union(b, diaeresis, o, r2)]
