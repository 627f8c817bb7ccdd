"""A PDF source keeps the text rules it was read by: its text, and the highlights drawn for its
codings, stay as they were until it is re-read, which moves it (and its codings) to the current
rules (kutip.model.TEXT_RULES; here: accents drawn over letters composed with them)."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

import kutip.ingest.pdf.reader
from ingest.pdf_factory import new_pdf, to_bytes, write_accented
from kutip.ingest.pdf.pagetext import TEXT_FLAGS
from kutip.model import FIRST_TEXT_RULES, TEXT_RULES
from kutip.project import Project
from kutip.reports import ExportOptions, Selection
from kutip.services.exporting import export
from kutip.services.importing import import_paths
from kutip.services.reread import reread_source

LINES = [
    "Wawancara dengan Hans-Bernhard Bro\u0308ker di Jakarta.",
    "Catatan Jose\u0301 Garc\u0131\u0301a.",
]
OLD_NAME = "Br\u00a8oker"  # as rules 1 read it: the diaeresis before the o it is drawn over


def accented_pdf(path: Path) -> Path:
    doc = new_pdf()
    write_accented(doc, doc.new_page(), LINES)
    path.write_bytes(to_bytes(doc))
    return path


def union(boxes: list[tuple[float, float, float, float]]) -> tuple[float, ...]:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def drawn_boxes(pdf: Path, chars: str) -> list[tuple[float, float, float, float]]:
    """The boxes of the characters MuPDF reads as ``chars`` (in a row) on the first page."""
    with pymupdf.open(pdf) as doc:
        raw = doc[0].get_text("rawdict", flags=TEXT_FLAGS)
    found = [
        (c["c"], tuple(c["bbox"]))
        for block in raw["blocks"]
        for line in block["lines"]
        for span in line["spans"]
        for c in span["chars"]
    ]
    text = "".join(char for char, _box in found)
    start = text.index(chars)
    return [box for _char, box in found[start : start + len(chars)]]


@pytest.fixture
def old_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Project, int, int]:
    """A project whose PDF source was read by rules 1, with a coding on "Br¨oker"."""
    pdf = accented_pdf(tmp_path / "wawancara.pdf")
    project = Project.create(tmp_path / "lama.kutip", codebook="empty", coder="tester")
    with monkeypatch.context() as patch:
        patch.setattr(kutip.ingest.pdf.reader, "TEXT_RULES", FIRST_TEXT_RULES)
        import_paths(project, [pdf])
    (source,) = project.sources.all()
    text = project.sources.text(source.id)
    start = text.index(OLD_NAME)
    code = project.codes.add("Informan", color="#1f77b4").value
    coding = project.codings.apply(source.id, start, start + len(OLD_NAME), code).value
    return project, source.id, coding


def coded_text(project: Project, coding: int) -> str:
    segment = project.codings.get(coding)
    return project.sources.text(segment.source_id)[segment.start : segment.end]


def read_as_imported(warnings: tuple[str, ...]) -> bool:
    return not [w for w in warnings if "does not read as it did" in w]


def highlight_rects(path: Path) -> list[tuple[float, ...]]:
    """The area each highlight's quads cover, on the first page."""
    with pymupdf.open(path) as doc:
        found = []
        for annot in doc[0].annots(types=[pymupdf.PDF_ANNOT_HIGHLIGHT]):
            points = annot.vertices
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            found.append((min(xs), min(ys), max(xs), max(ys)))
        return found


def test_a_new_import_records_the_current_rules(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "baru.kutip", codebook="empty")
    import_paths(project, [accented_pdf(tmp_path / "wawancara.pdf")])
    (source,) = project.sources.all()
    assert source.text_rules == TEXT_RULES
    assert "Hans-Bernhard Bröker" in project.sources.text(source.id)
    assert project.store.scalar("SELECT text_rules FROM sources") == TEXT_RULES


def test_an_old_source_keeps_its_text_and_its_highlights(
    old_source: tuple[Project, int, int], tmp_path: Path
) -> None:
    project, source_id, coding = old_source
    path = project.path
    project.close()
    with Project.open(path) as reopened:
        assert reopened.sources.get(source_id).text_rules == FIRST_TEXT_RULES
        assert coded_text(reopened, coding) == OLD_NAME
        # The annotated PDF reads the page by rules 1 too: it reads as at import, and the
        # highlight covers the coded characters.
        out = tmp_path / "beranotasi.pdf"
        result = export(reopened, "pdf", out, ExportOptions(Selection(sources=(source_id,))))
    assert read_as_imported(result.warnings)
    pdf = tmp_path / "wawancara.pdf"
    (rect,) = highlight_rects(out)
    assert rect == pytest.approx(union(drawn_boxes(pdf, OLD_NAME)), abs=0.01)


def test_re_reading_moves_an_old_source_to_the_current_rules_with_its_codings(
    old_source: tuple[Project, int, int], tmp_path: Path
) -> None:
    project, source_id, coding = old_source
    old_text = project.sources.text(source_id)
    report = reread_source(project, source_id)
    assert report.changed and report.unplaced == []
    assert project.sources.get(source_id).text_rules == TEXT_RULES
    text = project.sources.text(source_id)
    assert "Hans-Bernhard Bröker di Jakarta." in text and "José García." in text
    assert coded_text(project, coding) == "Bröker"
    # The highlight now covers the same letters, read by the new rules.
    out = tmp_path / "beranotasi.pdf"
    result = export(project, "pdf", out, ExportOptions(Selection(sources=(source_id,))))
    assert read_as_imported(result.warnings)
    (rect,) = highlight_rects(out)
    assert rect == pytest.approx(union(drawn_boxes(tmp_path / "wawancara.pdf", OLD_NAME)), abs=0.01)
    # Re-reading is one undo step: the old text, rules and coding come back together.
    assert report.edit is not None
    project.undo(report.edit)
    assert project.sources.text(source_id) == old_text
    assert project.sources.get(source_id).text_rules == FIRST_TEXT_RULES
    assert coded_text(project, coding) == OLD_NAME
