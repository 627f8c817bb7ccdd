"""Every REFI-QDA sample from real tools in ../shared/refi-qda imports, with exact counts.

The samples come from other projects under their own licences (see SOURCES.txt there): they
are read where they are and never copied into this repository; without them these tests are
skipped, and test_import.py covers the same shapes with Kutip's own small samples.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from refi_testing import SAMPLES, needs_shared

from kutip.ingest.text import canonical_text
from kutip.interop import export_qdpx, import_qdc, import_qdpx
from kutip.interop.positions import Counting
from kutip.interop.qde_export import MAX_NAME
from kutip.interop.validate import schema_problems
from kutip.model import AttributeScope
from kutip.project import Project

pytestmark = needs_shared
NAMESPACE = "urn:QDA-XML:project:1.0"


@dataclass(frozen=True)
class Expected:
    sources: int
    codes: int
    top_codes: int
    depth: int  # of the deepest code, 0 for top level
    codings: int
    cases: int = 0
    variables: int = 0
    memos: int = 0
    counting: Counting | None = None
    schema_warning: bool = False


PROJECTS = {
    "qdpx/atlasti-win-23.2.3_blank-atlas-project.qdpx": Expected(0, 0, 0, -1, 0),
    "qdpx/atlasti-win-23.2.3_target-atlas-project.qdpx": Expected(0, 3, 1, 1, 0),
    "qdpx/nvivo-mac-15.0.0_nvivo_project.qdpx": Expected(2, 262, 3, 6, 0),
    "qdpx/nvivo-win-12.6_oltas0517.qdpx": Expected(2, 152, 12, 3, 303, counting=Counting.UTF16),
    "qdpx/qc-1.3.2_demo.qdpx": Expected(2, 262, 3, 6, 205, counting=Counting.CODE_POINTS),
    "qdpx/qualcoder-c3204641_demo_project.qdpx": Expected(
        2,
        6,
        2,
        3,
        4,
        cases=1,
        variables=1,
        memos=2,
        counting=Counting.CODE_POINTS,
        schema_warning=True,
    ),
    "qde/atlasti-mac-8.4.0_spec-annexA2_Project.qde": Expected(0, 14, 14, 0, 0, memos=2),
}


def depth(project: Project, code_id: int) -> int:
    return project.codes.path(code_id).count("/")


@pytest.mark.parametrize("sample", list(PROJECTS))
def test_every_shared_project_sample_imports(
    empty_project: Project, tmp_path: Path, sample: str
) -> None:
    expected = PROJECTS[sample]
    report = import_qdpx(empty_project, SAMPLES / sample)
    codes = empty_project.codes.all()
    assert len(empty_project.sources.all()) == expected.sources
    assert len(codes) == expected.codes
    assert sum(code.parent_id is None for code in codes) == expected.top_codes
    assert max((depth(empty_project, c.id) for c in codes), default=-1) == expected.depth
    assert len(empty_project.codings.all()) == expected.codings
    assert len(empty_project.cases.all()) == expected.cases
    assert len(empty_project.cases.attributes()) == expected.variables
    assert len(empty_project.memos.all()) == expected.memos
    assert report.counting is expected.counting
    assert any("schema" in w for w in report.warnings) is expected.schema_warning
    # What came in goes out valid.
    export_qdpx(empty_project, tmp_path / "again.qdpx")
    assert schema_problems(zipfile.ZipFile(tmp_path / "again.qdpx").read("project.qde")) == []


def test_nvivo_codings_cover_the_text_nvivo_coded(empty_project: Project) -> None:
    """NVivo counts UTF-16 units with CRLF as two and no BOM: every coding must cover exactly
    the text at those units of its file, most of them whole lines, emoji or not."""
    path = SAMPLES / "qdpx/nvivo-win-12.6_oltas0517.qdpx"
    import_qdpx(empty_project, path)
    (source,) = [
        s for s in empty_project.sources.all() if empty_project.codings.all(source_id=s.id)
    ]
    name = f"Sources/{source.guid}.txt"
    raw = zipfile.ZipFile(path).read(name).decode("utf-8-sig").encode("utf-16-le")
    text = empty_project.sources.text(source.id)
    expected = {}
    qde = zipfile.ZipFile(path).read("project.qde").decode("utf-8")
    for guid, start, end in re.findall(
        r'PlainTextSelection guid="([^"]+)" name="" startPosition="(\d+)" endPosition="(\d+)"', qde
    ):
        expected[guid] = canonical_text(raw[2 * int(start) : 2 * int(end)].decode("utf-16-le"))
    segments = empty_project.codings.all(source_id=source.id)
    assert len(segments) == len(expected) == 303
    for segment in segments:
        assert empty_project.codings.text(segment) == expected[segment.guid], segment.guid
    whole_lines = sum(
        (s.start == 0 or text[s.start - 1] == "\n") and (s.end == len(text) or text[s.end] == "\n")
        for s in segments
    )
    assert whole_lines >= 274
    after_emoji = [s for s in segments if any(ord(c) > 0xFFFF for c in text[: s.start])]
    assert len(after_emoji) > 250  # the conversion matters for almost all of them


def test_qualcoder_names_match_and_pdf_text_codings_land(empty_project: Project) -> None:
    report = import_qdpx(empty_project, SAMPLES / "qdpx/qualcoder-c3204641_demo_project.qdpx")
    texts = sorted(empty_project.codings.text(s) for s in empty_project.codings.all())
    assert texts == ["café naïve", "emoji then text", "end", "text page"]
    assert not any("named" in w for w in report.warnings)
    assert any("area codings" in w for w in report.warnings)
    (case,) = empty_project.cases.all()
    assert empty_project.cases.attribute_values(case.id, AttributeScope.CASE) == {"age": "42.0"}
    assert {m.title for m in empty_project.memos.all()} == {"Research diary", "Project description"}


CODEBOOKS = {
    "qdc/atlasti-win-23.4.0_codebook.qdc": (1, 1, False),
    "qdc/qualcoder-c3204641_Codebook-demo_project.qdc": (6, 2, False),
    "qdc/taguette-1.5.2_codebook.qdc": (3, 3, True),
}


@pytest.mark.parametrize("sample", list(CODEBOOKS))
def test_every_shared_codebook_imports(empty_project: Project, sample: str) -> None:
    codes, top, schema_warning = CODEBOOKS[sample]
    report = import_qdc(empty_project, SAMPLES / sample)
    assert report.created["codes"] == len(empty_project.codes.all()) == codes
    assert sum(c.parent_id is None for c in empty_project.codes.all()) == top
    assert any("schema" in w for w in report.warnings) is schema_warning


def test_a_codebook_merges_into_the_project_it_came_with(empty_project: Project) -> None:
    import_qdpx(empty_project, SAMPLES / "qdpx/qualcoder-c3204641_demo_project.qdpx")
    report = import_qdc(empty_project, SAMPLES / "qdc/qualcoder-c3204641_Codebook-demo_project.qdc")
    # Other GUIDs (QualCoder makes new ones per export), same names: merged by name.
    assert report.merged["codes"] == 6 and report.created["codes"] == 0


def _made_by(project: Project) -> dict[str, tuple[str, str]]:
    """Each coding's text with its coder's name and its date."""
    names = {c.id: c.name for c in project.coders.all()}
    return {
        project.codings.text(s): (names[s.coder_id or 0], s.created) for s in project.codings.all()
    }


def test_nvivo_codings_keep_their_coder_and_date(empty_project: Project) -> None:
    """NVivo writes the coder on each <Coding> (Gergo made all 303 codings, on selections
    mostly made by floriansipos): the coding's creator and date are the coding's."""
    import_qdpx(empty_project, SAMPLES / "qdpx/nvivo-win-12.6_oltas0517.qdpx")
    segments = empty_project.codings.all()
    coders = {c.id: c for c in empty_project.coders.all()}
    assert len(segments) == 303
    assert {coders[s.coder_id or 0].name for s in segments} == {"Gergo"}
    assert coders[segments[0].coder_id or 0].guid == "29518289-d0e3-447b-b7dd-ae1d8cd880a0"
    assert {s.created for s in segments} == {"2025-06-18T02:06:50+00:00"}
    # Each source is its creator's, as the file says (creatingUser on the TextSource).
    assert {
        (s.title, coders[s.imported_by or 0].name, s.imported_at)
        for s in empty_project.sources.all()
    } == {
        ("videos_selection", "Gergo", "2025-06-11T16:24:07+00:00"),
        ("videos_10_selected", "floriansipos", "2025-06-16T17:07:29+00:00"),
    }


def test_qualcoder_codings_and_notes_keep_alice_and_bob(empty_project: Project) -> None:
    """QualCoder puts the coder on the <Coding> and the date on its selection only."""
    import_qdpx(empty_project, SAMPLES / "qdpx/qualcoder-c3204641_demo_project.qdpx")
    when = "2026-01-02T10:00:00+00:00"
    assert _made_by(empty_project) == {
        "café naïve": ("alice", when),
        "emoji then text": ("bob", when),
        "end": ("bob", when),
        "text page": ("alice", when),
    }
    names = {c.id: c.name for c in empty_project.coders.all()}
    diary = next(m for m in empty_project.memos.all() if m.title == "Research diary")
    assert (names[diary.coder_id or 0], diary.created) == ("alice", when)


def test_the_nvivo_sample_exported_again_has_no_bom_and_every_coding_lands(
    empty_project: Project, tmp_path: Path
) -> None:
    """Read as QualCoder reads a text file (UTF-8, a BOM kept as a character), every coding of
    Kutip's export covers the text its selection names: 303 of 303."""
    import_qdpx(empty_project, SAMPLES / "qdpx/nvivo-win-12.6_oltas0517.qdpx")
    export_qdpx(empty_project, tmp_path / "again.qdpx")
    archive = zipfile.ZipFile(tmp_path / "again.qdpx")
    root = ElementTree.fromstring(archive.read("project.qde"))
    texts = {
        name.removeprefix("sources/").removesuffix(".txt"): archive.read(name).decode("utf-8")
        for name in archive.namelist()
        if name.endswith(".txt")
    }
    assert not any(text.startswith("\ufeff") for text in texts.values())
    landed = 0
    for source in root.iter(f"{{{NAMESPACE}}}TextSource"):
        text = texts[source.get("guid", "")]
        for selection in source.iter(f"{{{NAMESPACE}}}PlainTextSelection"):
            start, end = (
                int(selection.get("startPosition", 0)),
                int(selection.get("endPosition", 0)),
            )
            name = selection.get("name", "")
            if name.endswith("…") and len(name) == MAX_NAME:  # a long passage's name is cut
                landed += text[start:end].startswith(name[:-1])
            else:
                landed += name == text[start:end]
    assert landed == 303
