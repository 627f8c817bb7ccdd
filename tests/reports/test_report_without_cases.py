"""A project without cases (a literature review): its reports leave the code × case tables out,
and every count of cases with them, in every format — and say nothing about them."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from kutip.project import Project
from kutip.reports import ExportOptions, export
from kutip.reports.labels import Labels
from kutip.services.importing import import_paths

CASE_WORDS = {
    "en": ("Cases", "case", "Per case", "Matrix"),
    "id": ("Kasus", "kasus", "Per kasus", "Matriks"),
}


def _project(tmp_path: Path, with_case: bool) -> Project:
    notes = tmp_path / "catatan.txt"
    notes.write_text(
        "Kampanye digital menjangkau pemilih muda.\n\nHoaks menurunkan kepercayaan.\n",
        encoding="utf-8",
    )
    project = Project.create(tmp_path / "p.kutip")
    report = import_paths(project, [notes])
    source_id = report.imported[0][1].value
    project.codings.apply(source_id, 0, 16, project.codes.find("Kampanye Politik").id)
    project.codings.apply(source_id, 43, 48, project.codes.find("Kredibilitas").id)
    if with_case:
        case_id = project.cases.add("Informan 1").value
        project.cases.link_source(case_id, source_id)
    return project


def _texts(out: Path) -> dict[str, str]:
    """Every written report's text, by format."""
    document = docx.Document(str(out / "r.docx"))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    workbook = openpyxl.load_workbook(out / "r.xlsx", read_only=True)
    sheets = {
        name: [str(v) for row in workbook[name].iter_rows(values_only=True) for v in row]
        for name in workbook.sheetnames
    }
    appendix = docx.Document(str(out / "c.docx"))
    return {
        "docx": "\n".join([p.text for p in document.paragraphs] + cells),
        "md": (out / "r.md").read_text(encoding="utf-8"),
        "html": (out / "r.html").read_text(encoding="utf-8"),
        "xlsx": "\n".join(list(sheets) + [v for values in sheets.values() for v in values]),
        "codebook-docx": "\n".join(p.text for p in appendix.paragraphs),
        "codebook-md": (out / "c.md").read_text(encoding="utf-8"),
    }


def _export_all(project: Project, out: Path, language: str) -> dict[str, str]:
    options = ExportOptions(language=language, charts=False)
    for fmt, name in (
        ("docx", "r.docx"), ("md", "r.md"), ("html", "r.html"), ("xlsx", "r.xlsx"),
        ("codebook-docx", "c.docx"), ("codebook-md", "c.md"),
    ):  # fmt: skip
        export(project, fmt, out / name, options)
    return _texts(out)


@pytest.mark.parametrize("language", ["en", "id"])
def test_reports_of_a_project_without_cases_leave_the_case_tables_out(
    tmp_path: Path, language: str
) -> None:
    labels = Labels(language)
    with _project(tmp_path, with_case=False) as project:
        texts = _export_all(project, tmp_path, language)
    for fmt, text in texts.items():
        for word in (labels["per_case"], labels["matrix"], f"{labels['cases']}:"):
            assert word not in text, (fmt, word)
    assert f"*{labels['segments']}: 1 · {labels['sources']}: 1*\n" in texts["codebook-md"]
    assert f"<th>{labels['sources']}</th></tr>" in texts["html"]  # frequencies end with sources
    workbook = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    assert labels["sheet_per_case"] not in workbook.sheetnames
    assert labels["sheet_matrix"] not in workbook.sheetnames
    assert labels["sheet_frequencies"] in workbook.sheetnames
    frequencies = list(workbook[labels["sheet_frequencies"]].iter_rows(values_only=True))
    assert frequencies[0] == (labels["code"], labels["segments"], labels["sources"])


def test_with_one_case_the_case_tables_are_there(tmp_path: Path) -> None:
    labels = Labels("en")
    with _project(tmp_path, with_case=True) as project:
        texts = _export_all(project, tmp_path, "en")
    for fmt in ("docx", "md", "html"):
        assert labels["per_case"] in texts[fmt] and labels["matrix"] in texts[fmt], fmt
        assert "Segments: 1 · Sources: 1 · Cases: 1" in texts[fmt], fmt
    assert "Segments: 1 · Sources: 1 · Cases: 1" in texts["codebook-md"]
    workbook = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    assert {labels["sheet_per_case"], labels["sheet_matrix"]} <= set(workbook.sheetnames)
