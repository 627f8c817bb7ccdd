"""A PDF MuPDF had to repair is imported with a problem line saying how many pages were read,
not "0 problems"; one it cannot read at all is refused by name."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pymupdf
from hostile_testing import Answer

from kutip.project import Project

PAGES = 10
BLANK = 3  # a page left blank on purpose: read, though it has no text


def ten_pages(cut_before_page: int | None = None) -> bytes:
    """Ten pages of text (one blank); cut short, if asked, where the content of the page
    numbered ``cut_before_page`` starts: that page and those after it lose their text."""
    doc = pymupdf.open()
    for number in range(PAGES):
        page = doc.new_page()
        if number != BLANK:
            page.insert_text((72, 72), f"Halaman {number + 1}: " + "kata " * 40)
    data: bytes = doc.tobytes()
    if cut_before_page is not None:
        content = doc[cut_before_page - 1].get_contents()[0]
        data = data[: data.index(f"\n{content} 0 obj".encode()) + 1]
    doc.close()
    return data


def import_one(
    kutip: Callable[..., Answer], project: Path, folder: Path, name: str, data: bytes
) -> Answer:
    path = folder / name
    path.write_bytes(data)
    return kutip("import", project, path)


def test_a_truncated_pdf_says_how_many_pages_were_read(
    coded_project: Path, kutip: Callable[..., Answer], tmp_path: Path
) -> None:
    answer = import_one(kutip, coded_project, tmp_path, "separuh.pdf", ten_pages(7))

    assert answer.sentence() == (
        "problem    separuh.pdf: repaired: 6 of 10 pages read (the PDF is damaged)."
    )
    assert "imported   separuh.pdf (source 3)" in answer.out
    assert "1 imported, 0 skipped as duplicates, 0 failed, 1 problems." in answer.out
    with Project.open(coded_project, read_only=True) as project:
        source = project.sources.get(3)
        assert "repaired" in source.flags
        assert len(project.sources.pages(3)) == PAGES


def test_a_pdf_with_a_broken_cross_reference_reads_every_page_and_says_so(
    coded_project: Path, kutip: Callable[..., Answer], tmp_path: Path
) -> None:
    data = ten_pages()
    start = list(re.finditer(rb"startxref\s+(\d+)", data))[-1]
    broken = data[: start.start(1)] + b"9" + data[start.end(1) :]

    answer = import_one(kutip, coded_project, tmp_path, "xref.pdf", broken)

    assert answer.sentence() == (
        "problem    xref.pdf: repaired: 10 of 10 pages read (the PDF is damaged)."
    )


def test_a_sound_pdf_has_no_problem(
    coded_project: Path, kutip: Callable[..., Answer], tmp_path: Path
) -> None:
    answer = import_one(kutip, coded_project, tmp_path, "utuh.pdf", ten_pages())

    assert answer.status == 0
    assert answer.err == ""
    assert "0 problems" in answer.out


def test_a_pdf_beyond_repair_is_refused_by_name_and_changes_nothing(
    coded_project: Path, kutip: Callable[..., Answer], tmp_path: Path
) -> None:
    data = ten_pages()

    answer = import_one(kutip, coded_project, tmp_path, "rusak.pdf", data[: len(data) // 20])

    assert answer.status == 1
    assert answer.sentence().startswith("failed     rusak.pdf: the PDF is damaged")
    with Project.open(coded_project, read_only=True) as project:
        assert [s.title for s in project.sources.all()] == ["informan-01", "artikel"]
