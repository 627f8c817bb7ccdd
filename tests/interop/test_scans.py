"""A scanned PDF in a QDPX archive: the text OCR read travels as its representation (any tool can
code it), and Kutip, importing the archive, gets the same text and codings back.

The scans are made as the OCR tests make them (pages typeset, rendered to pictures) and "read"
by ``FakeOcr`` (the characters of the pages they show).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from refi_testing import guid_tables, make_qdpx, needs_schemas

from kutip.ingest.drafts import FLAG_OCR, ReadOptions
from kutip.ingest.pdf.reader import read_pdf
from kutip.interop import export_qdpx, import_qdpx
from kutip.interop.ocr_file import ocr_file_bytes, read_ocr_file
from kutip.interop.validate import schema_problems
from kutip.model import SourceKind
from kutip.project import Project
from kutip.reports.model import build_report
from ocr_testing import FakeOcr, scanned_pages

NS = {"q": "urn:QDA-XML:project:1.0"}
#: Coded on the scan: on page 1, on page 2, and from the end of page 1 onto page 2.
CODED = ("ujaran kebencian", "family chat groups", "grup percakapan keluarga.")


@pytest.fixture
def scan(tmp_path: Path) -> Iterator[Project]:
    """A project with a two-page scan read by OCR, coded on both pages and across them."""
    data, born = scanned_pages()
    with Project.create(tmp_path / "scan.kutip", codebook="empty", coder="dewi") as project:
        draft = read_pdf(Path("scan.pdf"), data, ReadOptions(ocr=FakeOcr(born)))
        source_id = project.sources.add(draft).value
        code = project.codes.add("Hoaks").value
        text = project.sources.text(source_id)
        for words in CODED[:2]:
            at = text.index(words)
            project.codings.apply(source_id, at, at + len(words), code, memo=words[:5])
        at = text.index(CODED[2])
        project.codings.apply(source_id, at, text.index("Political participation") + 9, code)
        yield project


def archive_parts(path: Path) -> tuple[ElementTree.Element, dict[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return ElementTree.fromstring(files["project.qde"]), files


@needs_schemas
def test_a_scans_ocr_text_is_its_representation_with_the_codings_in_it(
    scan: Project, tmp_path: Path
) -> None:
    export_qdpx(scan, tmp_path / "scan.qdpx")
    root, files = archive_parts(tmp_path / "scan.qdpx")
    assert schema_problems(files["project.qde"]) == []
    source = scan.sources.all()[0]
    pdf = root.find(".//q:PDFSource", NS)
    assert pdf is not None and pdf.get("path") == f"internal://{source.guid}.pdf"
    representation = pdf.find("q:Representation", NS)
    assert representation is not None
    text_path = representation.get("plainTextPath", "")
    text = files[f"sources/{text_path.removeprefix('internal://')}"].decode("utf-8")
    assert text == scan.sources.text(source.id)  # what OCR read, as the receiving tool gets it
    assert "ujaran kebencian" in text and "family chat groups" in text
    selections = representation.findall("q:PlainTextSelection", NS)
    coded = [
        text[int(s.get("startPosition", -1)) : int(s.get("endPosition", -1))] for s in selections
    ]
    assert coded[0] == CODED[0] and coded[1].startswith(CODED[2]) and coded[2] == CODED[1]
    assert [s.get("name") for s in selections] == coded
    # Beside the PDF, for Kutip: the OCR layers as the project stores them.
    language, layers = read_ocr_file(files[f"sources/{source.guid}.pdf.ocr.json"])
    assert (language, layers) == ("ind+eng", scan.sources.ocr_layers(source.id))


def test_a_scan_comes_back_with_its_ocr_text_and_codings_at_the_same_characters(
    scan: Project, tmp_path: Path
) -> None:
    export_qdpx(scan, tmp_path / "scan.qdpx")
    with Project.create(tmp_path / "back.kutip", codebook="empty", coder="ana") as back:
        report = import_qdpx(back, tmp_path / "scan.qdpx")
        assert report.warnings == []
        original, imported = guid_tables(scan), guid_tables(back)
        for table in ("sources", "files", "pages", "ocr_pages", "segments", "codes"):
            assert imported[table] == original[table], table
        assert len(imported["segments"]) == 3 and len(imported["ocr_pages"]) == 2
        source = back.sources.all()[0]
        assert source.kind is SourceKind.PDF and source.flags == (FLAG_OCR,)
        assert back.sources.ocr_language(source.id) == "ind+eng"
        quotes = [(q.text, q.ocr) for q in build_report(back).quotes]
        assert [(q.text, q.ocr) for q in build_report(scan).quotes] == quotes
        assert quotes[0] == ("ujaran kebencian", True)


def test_a_scan_exported_and_imported_back_into_its_project_adds_nothing(
    scan: Project, tmp_path: Path
) -> None:
    export_qdpx(scan, tmp_path / "scan.qdpx")
    before = guid_tables(scan)
    report = import_qdpx(scan, tmp_path / "scan.qdpx")
    assert report.warnings == [] and report.edit is None
    assert guid_tables(scan) == before


def test_a_scan_from_another_tool_keeps_its_text_and_codings_as_a_text(
    scan: Project, tmp_path: Path
) -> None:
    """Without Kutip's OCR layers (another tool's export), the scan has no text of its own:
    the representation's text is kept, with the codings at their characters."""
    export_qdpx(scan, tmp_path / "scan.qdpx")
    _root, files = archive_parts(tmp_path / "scan.qdpx")
    foreign = {
        name.removeprefix("sources/"): data
        for name, data in files.items()
        if name.startswith("sources/") and not name.endswith(".ocr.json")
    }
    make_qdpx(tmp_path / "other.qdpx", files["project.qde"], foreign)
    with Project.create(tmp_path / "back.kutip", codebook="empty", coder="ana") as back:
        report = import_qdpx(back, tmp_path / "other.qdpx")
        assert len(report.warnings) == 1
        assert re.fullmatch(
            r"other\.qdpx: source scan(\.pdf)? was imported as text: its PDF has no text of its "
            r"own \(a scan\), so the text the file gives for it was kept, with its codings\.",
            report.warnings[0],
        ), report.warnings[0]
        source = back.sources.all()[0]
        assert source.kind is SourceKind.TEXT
        assert back.sources.text(source.id) == scan.sources.text(scan.sources.all()[0].id)
        assert guid_tables(back)["segments"] == guid_tables(scan)["segments"]


def test_damaged_ocr_layers_are_reported_and_the_scan_comes_without_text(
    scan: Project, tmp_path: Path
) -> None:
    export_qdpx(scan, tmp_path / "scan.qdpx")
    _root, files = archive_parts(tmp_path / "scan.qdpx")
    source = scan.sources.all()[0]
    name = f"{source.guid}.pdf.ocr.json"
    bomb = zlib.compress(b"{" + b" " * 40_000_000 + b"}")  # inflates past any page's layer
    for k, damaged in enumerate((b"not json", ocr_file_bytes("eng", {0: bomb}))):
        parts = {n.removeprefix("sources/"): d for n, d in files.items() if n != "project.qde"}
        parts[name] = damaged
        path = make_qdpx(tmp_path / "damaged.qdpx", files["project.qde"], parts)
        with Project.create(tmp_path / f"back{k}.kutip", codebook="empty", coder="a") as back:
            report = import_qdpx(back, path)
            assert report.warnings[0] == (
                "damaged.qdpx: what OCR read on source scan could not be read; its scanned "
                "pages have no text."
            )
            assert back.sources.ocr_pages(back.sources.all()[0].id) == frozenset()
