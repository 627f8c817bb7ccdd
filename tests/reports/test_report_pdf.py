"""Annotated PDFs: every coding a highlight in its code's colour, exactly over its text."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from report_project import Built, make_pdf

from kutip.errors import KnownError
from kutip.ingest.drafts import ReadOptions
from kutip.ingest.pdf import ocr, pagetext
from kutip.ingest.pdf.reader import read_pdf
from kutip.project import Project
from kutip.reports import ExportOptions, Selection, export, resolve_codes


def highlights(path: Path) -> list[tuple[int, str, str, str]]:
    """(page index, colour, note, author) of every highlight annotation."""
    found = []
    with pymupdf.open(path) as doc:
        for page in doc:
            for annot in page.annots(types=[pymupdf.PDF_ANNOT_HIGHLIGHT]):
                stroke = annot.colors["stroke"]
                color = "#" + "".join(f"{round(c * 255):02x}" for c in stroke)
                found.append((page.number, color, annot.info["content"], annot.info["title"]))
    return found


def test_each_coded_pdf_gets_its_codings_as_highlights(
    coded: Project, built: Built, out: Path
) -> None:
    result = export(coded, "pdf", out / "beranotasi")
    folder = out / "beranotasi"
    assert sorted(p.name for p in result.paths) == [
        "Garcia.pdf", "Jansen.pdf", "Laporan Bawaslu 2024.pdf", "Mu.pdf"
    ]  # fmt: skip
    assert all(p.parent == folder for p in result.paths)
    assert highlights(folder / "Jansen.pdf") == [
        (1, "#1f77b4", "Kampanye Politik", "tester"),
        (1, "#1f77b4", "Kampanye Politik", "tester"),  # the quote running onto p. 413 …
        (2, "#1f77b4", "Kampanye Politik", "tester"),  # … is highlighted on both pages
        (2, "#d62728", "Kredibilitas\n\nBandingkan dengan Informan 3.", "tester"),
    ]
    assert highlights(folder / "Garcia.pdf") == [(0, "#ff7f0e", "Kredibilitas/Hoaks", "tester")]


def test_highlights_cover_exactly_the_coded_text(coded: Project, built: Built, out: Path) -> None:
    """Read back by the importer, the highlights are the coded ranges, to the character."""
    jansen = built.sources["jansen.pdf"]
    export(coded, "pdf", out / "jansen.pdf", ExportOptions(Selection(sources=(jansen,))))
    annotated = out / "jansen.pdf"
    draft = read_pdf(annotated, annotated.read_bytes(), ReadOptions(with_annotations=True))
    assert draft.text == coded.sources.text(jansen)
    found = [(a.start, a.end, a.color) for a in draft.annotations]
    pages = coded.sources.pages(jansen)
    expected: list[tuple[int, int, str]] = []
    colors = {code.id: code.color for code in coded.codes.all()}
    for segment in coded.codings.all(source_id=jansen):
        for page in pages:  # a highlight is drawn per page
            start, end = max(segment.start, page.start), min(segment.end, page.end)
            if start < end:
                expected.append((start, end, colors[segment.code_id]))
    assert sorted(found) == sorted(expected)


def test_a_rotated_page_is_highlighted_in_the_right_place(
    empty_project: Project, tmp_path: Path
) -> None:
    doc = pymupdf.open(stream=make_pdf([["Pemilih muda memilih lewat ponsel."]]), filetype="pdf")
    doc[0].set_rotation(90)
    data = doc.tobytes()
    doc.close()
    source = empty_project.sources.add(read_pdf(tmp_path / "r.pdf", data, ReadOptions())).value
    code = empty_project.codes.add("Teknologi", color="#9467bd").value
    text = empty_project.sources.text(source)
    start = text.index("lewat ponsel")
    empty_project.codings.apply(source, start, start + len("lewat ponsel"), code)
    export(empty_project, "pdf", tmp_path / "rotated.pdf")
    annotated = (tmp_path / "rotated.pdf").read_bytes()
    draft = read_pdf(tmp_path / "rotated.pdf", annotated, ReadOptions(with_annotations=True))
    assert [(a.start, a.end, a.color) for a in draft.annotations] == [
        (start, start + len("lewat ponsel"), "#9467bd")
    ]


def test_a_page_that_reads_differently_now_is_not_highlighted(
    coded: Project, built: Built, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        ocr,
        "page_text_with_ocr",
        lambda page, layer, boxes=True, skip=(), rules=1: pagetext.PageText("?", ()),
    )
    options = ExportOptions(Selection(sources=(built.sources["garcia.pdf"],)))
    result = export(coded, "pdf", out / "garcia.pdf", options)
    assert highlights(out / "garcia.pdf") == []
    assert result.warnings == (
        "“Garcia”, page iv: the page does not read as it did when it was imported; its "
        "codings were not highlighted.",
    )


def test_no_coded_pdf_is_an_error(coded: Project, built: Built, out: Path) -> None:
    transcripts = Selection(codes=resolve_codes(coded, ["Kampanye Politik"]),
                            sources=(built.sources["informan-03.txt"],))  # fmt: skip
    with pytest.raises(KnownError, match="no coded PDF"):
        export(coded, "pdf", out / "none", ExportOptions(transcripts))
    assert list(out.iterdir()) == []
