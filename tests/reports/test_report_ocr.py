"""Quotes from pages read by OCR are marked in every report, counted, and flagged in the list.

The project holds a PDF whose first page is born-digital and whose second is a scan (read by
``FakeOcr``: the characters of the page it shows), and a plain text. A quote on the scan, or
running onto it, is "read by OCR"; one on the born-digital page or in the text is not.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
import pytest

from kutip.ingest.drafts import ReadOptions, SourceDraft
from kutip.ingest.pdf.reader import read_pdf
from kutip.model import SourceKind
from kutip.project import Project
from kutip.reports import ExportOptions, export
from kutip.reports.model import build_report
from kutip.reports.render.csv import COLUMNS
from kutip.reports.retrieval import RetrievalQuery, retrieve
from kutip.services.importing import import_draft
from ocr_testing import FakeOcr, half_scanned

NOTE_EN = "[text read by OCR — check against the page]"
NOTE_ID = "[teks dibaca oleh OCR — periksa dengan halamannya]"
#: (what is coded, whether it comes from the scanned page), in report order.
CODED = (
    ("Media sosial menjadi ruang utama", False),  # born-digital page 1
    ("kepercayaan terhadap sumber berita menurun", False),
    ("Social media became the main arena", True),  # the scanned page 2
    ("family chat groups", True),
    ("catatan lapangan di Makassar", False),  # the text
)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    folder = tmp_path_factory.mktemp("ocr-report")
    data, born = half_scanned()
    with Project.create(folder / "ocr.kutip", coder="tester") as project:
        ocr = FakeOcr(born)
        pdf = import_draft(project, read_pdf(Path("half.pdf"), data, ReadOptions(ocr=ocr)))
        assert ocr.calls == [[1]]  # only the scanned page went to OCR
        notes = "Hari pertama: catatan lapangan di Makassar tentang kampanye."
        text = SourceDraft("Catatan", notes, SourceKind.TEXT, "catatan.txt", "text/plain",
                           notes.encode())  # fmt: skip
        text_id = import_draft(project, text).value
        code = project.codes.all()[0]
        for words, _ocr in CODED:
            source_id = text_id if words.startswith("catatan") else pdf.value
            source_text = project.sources.text(source_id)
            start = source_text.index(words)
            project.codings.apply(source_id, start, start + len(words), code.id)
        yield project


def test_report_marks_the_quotes_from_pages_read_by_ocr_and_counts_them(
    scanned: Project,
) -> None:
    assert scanned.sources.ocr_pages(1) == frozenset({1})
    report = build_report(scanned)
    quotes = list(report.quotes)
    assert [(q.text, q.ocr) for q in quotes] == list(CODED)
    section = next(s for s in report.sections if s.quotes)
    assert section.ocr_quotes == 2 and report.ocr_quote_count == 2
    assert report.counts_line(section) == "Segments: 5 · Sources: 2 · From OCR pages: 2"
    assert report.ocr_summary().startswith("2 of 5 quotes come from pages read by OCR")
    # A quote that runs from the born-digital page onto the scan is read by OCR in part.
    text = scanned.sources.text(1)
    start, end = text.index("menurun."), text.index("arena in which")
    edit = scanned.codings.apply(1, start, end, section.code.id)
    try:
        spanning = next(q for q in build_report(scanned).quotes if q.segment_id == edit.value)
        assert spanning.ocr and spanning.locator == "245–246"
    finally:
        scanned.undo(edit)


def test_csv_and_xlsx_end_with_an_ocr_column(scanned: Project, tmp_path: Path) -> None:
    assert COLUMNS[-1] == "ocr"
    export(scanned, "csv", tmp_path / "segments.csv", ExportOptions(language="id"))
    with (tmp_path / "segments.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == COLUMNS
    assert [(r["text"], r["ocr"]) for r in rows] == [
        (words, "yes" if ocr else "no") for words, ocr in CODED
    ]
    export(scanned, "xlsx", tmp_path / "data.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "data.xlsx", read_only=True)
    sheet = [list(row) for row in workbook["Segments"].iter_rows(values_only=True)]
    workbook.close()
    assert sheet[0][-1] == "ocr"
    assert [row[-1] for row in sheet[1:]] == ["no", "no", "yes", "yes", "no"]


def test_docx_notes_ocr_after_the_citation_in_the_report_language(
    scanned: Project, tmp_path: Path
) -> None:
    for language, page, note, summary in (
        ("en", "p.", NOTE_EN, "2 of 5 quotes come from pages read by OCR"),
        ("id", "hlm.", NOTE_ID, "2 dari 5 kutipan berasal dari halaman yang dibaca oleh OCR"),
    ):
        path = tmp_path / f"report-{language}.docx"
        export(scanned, "docx", path, ExportOptions(language=language, charts=False))
        paragraphs = docx.Document(str(path)).paragraphs
        quotes = [p.text for p in paragraphs if p.style and p.style.name == "Block Text"]
        assert [q.endswith(note) for q in quotes] == [ocr for _words, ocr in CODED]
        assert quotes[2] == f"Social media became the main arena (half, {page} 246) {note}"
        assert any(p.text.startswith(summary) for p in paragraphs)
        assert sum(p.text.count("OCR") for p in paragraphs) >= 3


def test_markdown_and_html_note_ocr_after_the_citation(scanned: Project, tmp_path: Path) -> None:
    export(scanned, "md", tmp_path / "report.md", ExportOptions(charts=False))
    lines = (tmp_path / "report.md").read_text(encoding="utf-8").splitlines()
    quotes = [line for line in lines if line.startswith("> ")]
    marked = r" *\[text read by OCR — check against the page\]*"
    assert [q.endswith(marked) for q in quotes] == [ocr for _words, ocr in CODED]
    assert "*Segments: 5 · Sources: 2 · From OCR pages: 2*" in lines
    export(scanned, "html", tmp_path / "report.html", ExportOptions(charts=False))
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    notes = re.findall(r'<span class="ocr-note">\[([^<]*)\]</span>', html)
    assert notes == ["text read by OCR — check against the page"] * 4  # 2 quotes, 2 grid cells
    assert '<p class="ocr-summary">2 of 5 quotes' in html


def test_the_codebook_counts_the_quotes_from_ocr_pages(scanned: Project, tmp_path: Path) -> None:
    export(scanned, "codebook-md", tmp_path / "codebook.md", ExportOptions(language="id"))
    text = (tmp_path / "codebook.md").read_text(encoding="utf-8")
    assert "*Segmen: 5 · Sumber: 2 · Dari halaman OCR: 2*" in text


def test_retrieval_rows_say_which_quotes_ocr_read(scanned: Project) -> None:
    code = scanned.codes.all()[0]
    rows = retrieve(scanned, RetrievalQuery(codes=(code.id,))).rows
    assert [(row.quote, row.ocr) for row in rows] == list(CODED)
