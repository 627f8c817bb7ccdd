"""Helpers for the REFI-QDA tests: archives made by hand, a small PDF, and a project's tables
keyed by GUIDs so that two projects can be compared record by record."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pymupdf
import pytest

from kutip.project import Project

#: The shared REFI-QDA material (schemas, samples from other tools under their own licences).
#: Read from beside the repository, never copied into it.
SHARED_REFI = Path(__file__).resolve().parents[2].parent / "shared" / "refi-qda"
SAMPLES = SHARED_REFI / "samples"
DATA = Path(__file__).resolve().parents[1] / "data" / "refi-qda"

SCHEMAS = SHARED_REFI / "schemas"
needs_schemas = pytest.mark.skipif(
    not SCHEMAS.is_dir(),
    reason=f"the REFI-QDA schemas are not at {SCHEMAS} (they are not part of the repo)",
)

needs_shared = pytest.mark.skipif(
    not SAMPLES.is_dir(),
    reason=f"the shared REFI-QDA samples are not at {SAMPLES} (they are not part of the repo)",
)


def make_qdpx(
    path: Path,
    qde: str | bytes,
    files: dict[str, bytes] | None = None,
    *,
    qde_name: str = "project.qde",
    folder: str = "sources",
) -> Path:
    """An archive with ``qde`` as its project file and ``files`` in its sources folder."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(qde_name, qde.encode("utf-8") if isinstance(qde, str) else qde)
        for name, data in (files or {}).items():
            archive.writestr(f"{folder}/{name}", data)
    return path


def tiny_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with one line of Helvetica per string, a page per list."""
    doc = pymupdf.open()
    for lines in pages:
        page = doc.new_page()
        y = 72.0
        for line in lines:
            page.insert_text((72, y), line, fontname="helv", fontsize=11)
            y += 16
    data = doc.tobytes()
    doc.close()
    return bytes(data)


def guid_tables(project: Project) -> dict[str, set[tuple[object, ...]]]:
    """What a REFI-QDA round trip must keep, table by table, with ids replaced by GUIDs.

    What OCR read on a scan's pages is kept byte for byte. Who made each source, coding and
    memo and when is kept (coders by GUID and name). Left out
    on purpose: ids, and what REFI-QDA has no place for (a source's language and bibliographic
    links, the user's page numbering, a coder's colour, a code's sibling position is kept
    through the tree order instead).
    """
    query = project.store.query
    coders = {r["id"]: (r["guid"], r["name"]) for r in query("SELECT * FROM coders")}
    sources = {r["id"]: r["guid"] for r in query("SELECT id, guid FROM sources")}
    codes = {r["id"]: r["guid"] for r in query("SELECT id, guid FROM codes")}
    cases = {r["id"]: r["guid"] for r in query("SELECT id, guid FROM cases")}
    attributes = {r["id"]: r["guid"] for r in query("SELECT id, guid FROM attributes")}
    return {
        "sources": {
            (
                r["guid"],
                r["kind"],
                r["title"],
                r["text"],
                r["memo"],
                r["file_sha256"],
                coders.get(r["imported_by"]),
                r["imported_at"],
            )
            for r in query("SELECT * FROM sources")
        },
        "files": {(r["sha256"], r["size"]) for r in query("SELECT sha256, size FROM files")},
        "pages": {
            (sources[r["source_id"]], r["page_index"], r["label"], r["start"], r["end"])
            for r in query("SELECT * FROM pages")
        },
        "ocr_pages": {
            (sources[r["source_id"]], r["page_index"], r["language"], sha256(bytes(r["layer"])))
            for r in query("SELECT * FROM ocr_pages")
        },
        "turns": {
            (sources[r["source_id"]], r["start"], r["end"], r["speaker"])
            for r in query("SELECT * FROM turns")
        },
        "codes": {
            (
                r["guid"],
                codes.get(r["parent_id"]),
                r["name"],
                r["color"],
                r["position"],
                r["definition"],
                r["when_to_use"],
                r["when_not_to_use"],
                r["example"],
                r["definition_en"],
                r["when_to_use_en"],
                r["when_not_to_use_en"],
                r["example_en"],
                r["memo"],
            )
            for r in query("SELECT * FROM codes")
        },
        "segments": {
            (
                r["guid"],
                sources[r["source_id"]],
                r["start"],
                r["end"],
                codes[r["code_id"]],
                r["memo"],
                coders.get(r["coder_id"]),
                r["created"],
            )
            for r in query("SELECT * FROM segments")
        },
        "cases": {(r["guid"], r["name"], r["description"]) for r in query("SELECT * FROM cases")},
        "case_sources": {
            (cases[r["case_id"]], sources[r["source_id"]], r["start"], r["end"])
            for r in query("SELECT * FROM case_sources")
        },
        "attributes": {
            (r["guid"], r["name"], r["type"], r["scope"], r["description"])
            for r in query("SELECT * FROM attributes")
        },
        "attribute_values": {
            (
                attributes[r["attribute_id"]],
                cases.get(r["case_id"]),
                sources.get(r["source_id"]),
                r["value"],
            )
            for r in query("SELECT * FROM attribute_values")
        },
        "memos": {
            (
                r["guid"],
                r["title"],
                r["text"],
                coders.get(r["coder_id"]),
                r["created"],
                r["modified"],
            )
            for r in query("SELECT * FROM memos")
        },
    }


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
