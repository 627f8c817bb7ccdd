"""Exporting: one registry for every format, used by the command line, with previews."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from kutip.cli import main
from kutip.errors import ValidationError
from kutip.project import Project
from kutip.reports import FORMATS as REPORT_FORMATS
from kutip.reports import ExportOptions, Selection, resolve_codes
from kutip.services import exporting
from kutip.services.exporting import FORMATS, NAMES, Option


def body(html: str) -> str:
    match = re.search(r"<body>(.*)</body>", html, re.DOTALL)
    assert match is not None
    return match.group(1)


def test_the_command_line_offers_exactly_the_registrys_formats(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["export", str(tmp_path / "x.kutip"), "--format", "bogus", "-o", "y"])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    match = re.search(r"invalid choice: 'bogus' \(choose from (.*)\)", error)
    assert match is not None, error
    offered = [name.strip(" '") for name in match.group(1).split(",")]
    assert offered == list(NAMES)
    # Every report format of kutip.reports, and the REFI-QDA ones, each once.
    assert set(NAMES) == {*REPORT_FORMATS, "qdpx", "qdc"} and len(NAMES) == len(set(NAMES))


@pytest.mark.parametrize("name", NAMES)
def test_every_format_exports_through_the_one_entry_point(
    demo_path: Path, tmp_path: Path, name: str
) -> None:
    chosen = FORMATS[name]
    target = exporting.with_suffix(tmp_path / "hasil", chosen)
    with Project.open(demo_path) as project:
        result = exporting.export(project, name, target, ExportOptions(charts=False))
    assert result.paths and all(path.exists() for path in result.paths)
    if chosen.folder:  # the PDFs: a folder of annotated PDFs
        assert target.is_dir() and all(p.suffix == ".pdf" for p in target.iterdir())
    else:
        assert result.paths[0] == target and target.suffix == chosen.suffix
    if name == "qdpx":
        with zipfile.ZipFile(target) as archive:
            assert "project.qde" in archive.namelist()


def test_an_unsafe_target_is_refused_before_anything_is_written(
    demo_path: Path, tmp_path: Path
) -> None:
    with Project.open(demo_path) as project:
        for name in NAMES:
            with pytest.raises(ValidationError, match="is a Kutip project"):
                exporting.export(project, name, demo_path)
        with pytest.raises(ValidationError, match=r"does not end in \.qdpx"):
            exporting.export(project, "qdpx", tmp_path / "proyek.docx")
        with pytest.raises(ValidationError, match="is not an export format; choose one of: docx"):
            exporting.export(project, "odt", tmp_path / "x.odt")
    assert list(tmp_path.iterdir()) == []


def test_a_path_takes_the_suffix_of_the_format() -> None:
    assert exporting.with_suffix(Path("a/laporan.docx"), "md") == Path("a/laporan.md")
    assert exporting.with_suffix(Path("a/b.codebook.md"), "docx") == Path("a/b.codebook.docx")
    assert exporting.with_suffix(Path("a/proyek.qdpx"), "qdc") == Path("a/proyek.qdc")
    assert exporting.with_suffix(Path("a/laporan.html"), "pdf") == Path("a/laporan")  # a folder
    assert exporting.with_suffix(Path("a/.docx"), "csv") == Path("a/export.csv")


def test_the_options_each_format_takes() -> None:
    assert FORMATS["docx"].options == frozenset(Option)
    assert FORMATS["csv"].options == {Option.SELECTION}
    assert FORMATS["xlsx"].options == {Option.SELECTION, Option.LANGUAGE, Option.MATRIX}
    assert not FORMATS["qdpx"].takes_report_options and not FORMATS["qdc"].options
    assert FORMATS["pdf"].folder and FORMATS["pdf"].default_suffix == ""
    assert FORMATS["codebook-md"].file_filter() == "Markdown (*.md)"


def test_the_preview_is_the_html_exports_body(demo_path: Path, tmp_path: Path) -> None:
    with Project.open(demo_path) as project:
        codes = resolve_codes(project, ["Kredibilitas", "Teknologi", "Kampanye Politik"])
        options = ExportOptions(
            selection=Selection(codes=codes), style="chicago", language="id", charts=False
        )
        shown = exporting.preview(project, "html", options)
        exported = exporting.export(project, "html", tmp_path / "ringkasan.html", options)
        assert body(shown.html) == body(exported.paths[0].read_text(encoding="utf-8"))
        assert shown.notes == ()
        # Every report format previews the same summary (the options they ignore aside).
        assert exporting.preview(project, "docx", options).html == shown.html

        # A long report shows its beginning and says how much more the file holds.
        everything = ExportOptions(charts=True)
        beginning = exporting.preview(project, "docx", everything)
        whole = exporting.export(project, "html", tmp_path / "semua.html", everything)
        quotes = re.findall(r'data-segment="(\d+)"', beginning.html)
        all_quotes = re.findall(r'data-segment="(\d+)"', whole.paths[0].read_text("utf-8"))
        assert len(quotes) == exporting.PREVIEW_QUOTES < len(all_quotes)
        assert quotes == all_quotes[: len(quotes)]
        rest = len(all_quotes) - len(quotes)
        assert beginning.notes == (
            f"… and {rest} more quotes in the exported file.",
            "The charts are drawn in the exported file only.",
        )


def test_the_other_previews_say_what_the_file_holds(demo_path: Path) -> None:
    with Project.open(demo_path) as project:
        codebook = exporting.preview(project, "codebook-md").html
        assert all(code.name in codebook for code in project.codes.all())
        assert "Appendix: Codebook" in codebook
        pdfs = exporting.preview(project, "pdf").html
        coded_pdfs = [
            s.title
            for s in project.sources.all()
            if s.kind.value == "pdf" and project.codings.all(source_id=s.id)
        ]
        assert coded_pdfs and all(f"{title}.pdf" in pdfs for title in coded_pdfs)
        assert "REFI-QDA project" in exporting.preview(project, "qdpx").html
        assert f"{len(project.codes.all())} codes" in exporting.preview(project, "qdc").html
