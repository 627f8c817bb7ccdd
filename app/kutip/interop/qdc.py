"""REFI-QDA codebooks (.qdc): the code tree with colours and descriptions, out and in.

Export writes a file valid against the Codebook schema. Import merges the codebook into an
existing project (``codetree.CodeMerger``: by GUID, then by name under the same parent, the
differences reported) as one undo step. It takes what tools actually write: the codebook
namespace in any spelling or none, a BOM, GUIDs in any case with or without braces, an empty
``<Sets/>`` (Taguette) — and also the code tree of a project file (.qde or .qdpx).
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from kutip.errors import FailureReason, ImportFailedError, KnownError
from kutip.i18n import _
from kutip.ingest.files import require_regular_file
from kutip.interop.codetree import CodeMerger, read_codes, write_codes
from kutip.interop.qde_export import ORIGIN, cannot_write, project_bytes
from kutip.interop.report import InteropReport
from kutip.interop.validate import CODEBOOK_SCHEMA, PROJECT_SCHEMA, warn_schema
from kutip.interop.xmlsafe import parse_xml
from kutip.interop.zipsafe import MAX_QDE_BYTES, QdpxArchive, read_capped_file
from kutip.project import Project
from kutip.store.output import atomic_output, check_output

CODEBOOK_NAMESPACE = "urn:QDA-XML:codebook:1.0"


def export_qdc(project: Project, path: Path | str) -> None:
    """Write the project's code tree as a REFI-QDA codebook at ``path`` (a safe .qdc target)."""
    path = check_output(path, ".qdc")
    codes = project.codes.all()
    if not codes:
        raise KnownError(_("The project has no codes: there is no codebook to export."))
    root = Element("CodeBook", xmlns=CODEBOOK_NAMESPACE, origin=ORIGIN)
    write_codes(root, codes, {})
    try:
        with atomic_output(path) as staged:
            staged.write_bytes(project_bytes(root))
    except OSError as error:
        raise cannot_write(path, error) from None


def import_qdc(project: Project, path: Path | str) -> InteropReport:
    """Merge a codebook's codes into ``project`` as one undo step; see the module docstring."""
    path = Path(path)
    report = InteropReport(path.name)
    data = _read(path)
    root = parse_xml(path.name, data)
    tag = str(root.tag).casefold()
    if tag == "codebook":
        codes = root.find("Codes")
        warn_schema(report, data, CODEBOOK_SCHEMA)
        sets = root.find("Sets")
        if sets is not None and len(sets):
            report.warn(
                _("{file}: left out {count} × {element}: Kutip has no place for them.").format(
                    file=path.name, count=len(sets), element="Set"
                )
            )
    elif tag == "project":
        codebook = root.find("CodeBook")
        codes = codebook.find("Codes") if codebook is not None else None
        warn_schema(report, data, PROJECT_SCHEMA)
    else:
        raise ImportFailedError(
            _("{name}: this is not a REFI-QDA codebook (its XML is a {tag}).").format(
                name=path.name, tag=root.tag
            ),
            FailureReason.DAMAGED,
        )
    nodes = read_codes(codes, path.name)
    if not nodes:
        raise ImportFailedError(
            _("{name}: there are no codes in it.").format(name=path.name), FailureReason.EMPTY
        )
    merger = CodeMerger(project, report)
    edit = project.compose(
        _("Import codebook {name}").format(name=path.name), lambda: merger.merge(nodes, {})
    )
    report.edit = edit if edit.changes else None
    return report


def _read(path: Path) -> bytes:
    """The codebook's XML: the file itself, or a QDPX archive's project file."""
    require_regular_file(path)  # opening a pipe would block, a device never end
    try:
        with path.open("rb") as file:
            magic = file.read(4)
    except OSError as error:
        raise ImportFailedError(
            _("{name}: cannot be read ({reason}).").format(
                name=path.name, reason=error.strerror or error
            ),
            FailureReason.UNREADABLE,
        ) from None
    if magic.startswith(b"PK"):
        with QdpxArchive(path) as archive:
            return archive.read_qde()
    return read_capped_file(path, MAX_QDE_BYTES)
