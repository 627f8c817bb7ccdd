"""`kutip import --no-ocr / --ocr-lang` and `kutip ocr`: scanned PDFs on the command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kutip.cli import main
from ocr_testing import needs_tesseract, scanned_pages


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def scan(tmp_path: Path) -> Path:
    data, _born = scanned_pages()
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    return path


def test_no_ocr_imports_a_scan_without_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, scan: Path
) -> None:
    project = tmp_path / "p.kutip"
    assert run(capsys, "new", project)[0] == 0
    status, out, _err = run(capsys, "import", project, scan, "--no-ocr")
    assert status == 0 and "1 imported" in out
    status, out, _err = run(capsys, "show", project, "1", "--json")
    details = json.loads(out)
    assert details["flags"] == ["no-text-layer"] and details["ocr_language"] == ""


def test_a_language_list_that_is_none_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, scan: Path
) -> None:
    project = tmp_path / "p.kutip"
    run(capsys, "new", project)
    status, out, err = run(capsys, "import", project, scan, "--ocr-lang", "in d")
    assert status == 1 and out == ""
    assert err == "kutip: 'in d' is not a list of OCR languages; write Tesseract's codes " \
        "joined by +, e.g. ind+eng.\n"  # fmt: skip


def test_missing_language_data_says_what_to_install_and_imports_the_file(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    scan: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    project = tmp_path / "p.kutip"
    run(capsys, "new", project)
    status, out, err = run(capsys, "import", project, scan, "--ocr-lang", "ind+qqq")
    assert status == 1  # a problem to act on
    assert "imported   scan.pdf (source 1)" in out
    assert "problem    scan.pdf: Tesseract's data for " in err
    assert "sudo apt-get install tesseract-ocr " in err and "tesseract-ocr-qqq" in err


@needs_tesseract
def test_ocr_reads_a_scan_again_in_the_languages_given(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, scan: Path
) -> None:
    project = tmp_path / "p.kutip"
    run(capsys, "new", project)
    run(capsys, "import", project, scan, "--no-ocr")
    status, out, err = run(capsys, "ocr", project, "scan", "--ocr-lang", "eng")
    assert status == 0, err
    assert out.splitlines()[0] == "scan: 2 pages read by OCR (English)."
    details = json.loads(run(capsys, "show", project, "1", "--json")[1])
    assert details["flags"] == ["ocr"] and details["ocr_language"] == "eng"
    assert [page["label"] for page in details["pages"]] == ["245", "246"]
    assert "ujaran kebencian" in details["text"]
    # One step: `kutip undo` takes it back.
    assert run(capsys, "undo", project)[0] == 0
    details = json.loads(run(capsys, "show", project, "1", "--json")[1])
    assert details["flags"] == ["no-text-layer"]


@needs_tesseract
def test_ctrl_c_during_ocr_writes_nothing_and_exits_130(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    scan: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import kutip.services.ocr

    project = tmp_path / "p.kutip"
    run(capsys, "new", project)
    run(capsys, "import", project, scan, "--no-ocr")
    before = project.read_bytes()
    read = kutip.services.ocr._Workers.read

    def interrupted(self: Any, *args: Any) -> Iterator[Any]:
        pages = read(self, *args)
        yield next(pages)
        raise KeyboardInterrupt  # Ctrl+C while the workers read the second page

    monkeypatch.setattr(kutip.services.ocr._Workers, "read", interrupted)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    status, out, err = run(capsys, "ocr", project, "scan", "--ocr-lang", "eng")
    assert status == 130 and out == ""
    assert "[2/2] Reading page 2 of 2" in err and "[1/2] OCR: page 2 of 2" in err
    assert err.endswith("kutip: interrupted\n")
    assert project.read_bytes() == before
    status, out, _err = run(capsys, "show", project, "1", "--json")
    assert json.loads(out)["flags"] == ["no-text-layer"]
