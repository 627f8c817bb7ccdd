"""REFI-QDA projects (.qdpx, or a bare .qde) into a new or an existing Kutip project.

Everything is read and checked before the project is touched: the archive (``zipsafe``), the
XML (``xmlsafe``), every source's text and file, and how the file counted positions
(``positions``). Then the whole import is one transaction and one undo step: refused input, a
cancel or a failure leave the project as it was.

Into an existing project, records of the file that the project already has are merged rather
than doubled (Kutip's journey C, two coders exchanging projects): a code, case, attribute, memo
or coding with the same GUID is the same record; a code is also the same when its name is under
the same parent, a case or attribute when its name is; a source when it has the GUID or the
same file, and the same text. Incoming GUIDs are kept wherever the project does not use them.
Who made what, and when, is kept: each coding's ``creatingUser`` (else its selection's) becomes
its coder (the project's coder with the user's GUID, else with the user's name, else a new
one) and its ``creationDateTime`` (else its selection's) its date; notes and sources likewise.
Where the file does not say, the importing coder and the time of the import stand. A coding is
the same as one in the project when it has its GUID, or codes the same passage with the same
code by the same coder: two coders' codings of one passage are two codings.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from kutip.errors import FailureReason, ImportFailedError
from kutip.i18n import _
from kutip.ingest.documents import DOCX_MIME
from kutip.ingest.drafts import FLAG_NO_TEXT_LAYER, ReadOptions, SourceDraft
from kutip.ingest.files import read_file_bytes
from kutip.ingest.language import detect_language
from kutip.ingest.text import decode_bytes
from kutip.ingest.turns import detect_turns
from kutip.interop.ocr_file import ocr_file_name, read_ocr_file
from kutip.interop.positions import (
    ExchangeText,
    TextAligner,
    detect_counting,
)
from kutip.interop.qde_apply import PreparedSource, QdeApplier, source_label
from kutip.interop.qde_read import (
    NoteEntry,
    QdeProject,
    SourceEntry,
    TextRef,
    read_project,
)
from kutip.interop.report import InteropReport
from kutip.interop.validate import warn_schema
from kutip.interop.xmlsafe import parse_xml
from kutip.interop.zipsafe import QdeFile, QdpxArchive, is_plain_file_name, open_package, refused
from kutip.model import SourceKind
from kutip.progress import Cancelled, NoProgress, Progress
from kutip.project import Project

if TYPE_CHECKING:
    from kutip.ingest.pdf.ocr import StoredOcr

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$", re.DOTALL)
_WINDOWS_ABSOLUTE = re.compile(r"^/[A-Za-z]:")


def import_qdpx(
    project: Project,
    path: Path | str,
    *,
    allow_external: bool = False,
    progress: Progress | None = None,
) -> InteropReport:
    """Import a REFI-QDA project into ``project`` as one undo step (see the module docstring).

    ``allow_external``: read sources the file names by ``relative://`` or ``absolute://`` paths
    (files outside the archive, on this computer); without it they are left out and reported.
    Raises ``ImportFailedError`` (nothing written) for input that is refused.
    """
    path = Path(path)
    progress = progress or NoProgress()
    report = InteropReport(path.name)
    with open_package(path) as package:
        data = package.read_qde()
        root = parse_xml(path.name, data)
        _check_root(path.name, str(root.tag))
        document = read_project(root, path.name)
        warn_schema(report, data)
        if package.ignored:
            report.warn(
                _("{file}: these parts of the archive were not read: {parts}.").format(
                    file=path.name, parts=", ".join(package.ignored[:10])
                )
            )
        files = _Files(package, path, document.base_path, allow_external, report)
        prepared = _prepare_sources(document, files, report, progress)
        notes = _note_texts(document, files)
    placed = [p for source in prepared for p in source.placed()]
    decision = detect_counting(placed, nvivo="nvivo" in document.origin.casefold())
    if placed:
        report.counting = decision.counting
    importer = QdeApplier(project, report, document, prepared, notes, decision, progress)
    edit = project.compose(_("Import {name}").format(name=path.name), importer.run)
    report.edit = edit if edit.changes else None
    progress.report(1, 1, "")
    return report


def _check_root(name: str, tag: str) -> None:
    if tag.casefold() == "codebook":
        raise ImportFailedError(
            _("{name}: this is a codebook (QDC), not a project; import it as a codebook.").format(
                name=name
            ),
            FailureReason.UNSUPPORTED,
        )
    if tag.casefold() != "project":
        raise ImportFailedError(
            _("{name}: this is not a REFI-QDA project (its XML is a {tag}).").format(
                name=name, tag=tag
            ),
            FailureReason.DAMAGED,
        )


# --- reading the files an exchange file names -------------------------------------------------


class _Files:
    """Reads the files named by ``internal://`` paths (in the archive, confined to it) and,
    when the user allows it, by ``relative://`` and ``absolute://`` paths."""

    def __init__(
        self,
        package: QdpxArchive | QdeFile,
        path: Path,
        base_path: str,
        allow_external: bool,
        report: InteropReport,
    ) -> None:
        self.package = package
        self.file = path.name
        self.folder = path.resolve().parent
        self.base = Path(base_path) if base_path else self.folder
        self.allow_external = allow_external
        self.report = report
        self._warned_bare = False

    def read(self, value: str, owner: str, *, required: bool = True) -> tuple[str, bytes] | None:
        """The file name and bytes ``value`` names, or None (with a warning if ``required``)."""
        value = value.strip()
        match = _SCHEME.match(value)
        if match is None:  # a bare file name (qc writes these): looked for in the archive
            if not is_plain_file_name(value):
                self._missing(owner, value, required)
                return None
            if not self._warned_bare:
                self._warned_bare = True
                self.report.warn(
                    _(
                        "{file}: file paths without internal:// ({path}) were read from the "
                        "archive's sources folder."
                    ).format(file=self.file, path=value)
                )
            return self._internal(value, value, owner, required)
        scheme, rest = match.group(1).casefold(), match.group(2)
        if scheme == "internal":
            name = rest.lstrip("/")
            if name.casefold().startswith("sources/"):
                name = name[len("sources/") :]
            if not is_plain_file_name(name):
                raise refused(
                    self.file,
                    _("{owner} names a file outside the archive: {path}").format(
                        owner=owner, path=value
                    ),
                )
            return self._internal(name, value, owner, required)
        if scheme in ("relative", "absolute"):
            return self._external(scheme, rest, value, owner, required)
        if required:
            self.report.warn(
                _("{file}: {owner} was left out: Kutip cannot read {path}.").format(
                    file=self.file, owner=owner, path=value
                )
            )
        return None

    def _internal(
        self, name: str, value: str, owner: str, required: bool
    ) -> tuple[str, bytes] | None:
        data = self.package.read_source(name)
        if data is None:
            self._missing(owner, value, required)
            return None
        return name, data

    def _external(
        self, scheme: str, rest: str, value: str, owner: str, required: bool
    ) -> tuple[str, bytes] | None:
        if not self.allow_external:
            if required:
                self.report.warn(
                    _(
                        "{file}: {owner} was left out: its file is outside the archive ({path}). "
                        "Allow reading files outside the archive to import it."
                    ).format(file=self.file, owner=owner, path=value)
                )
            return None
        if scheme == "relative":
            base = self.base if self.base.is_dir() else self.folder
            target = base / rest.lstrip("/")
        else:
            target = Path(rest[1:] if _WINDOWS_ABSOLUTE.match(rest) else rest)
        if not target.is_file():
            self._missing(owner, value, required)
            return None
        try:
            data = read_file_bytes(target)
        except ImportFailedError as error:
            self.report.warn(f"{self.file}: {error}")
            return None
        self.report.warn(
            _("{file}: {owner} was read from outside the archive: {path}").format(
                file=self.file, owner=owner, path=target
            )
        )
        return target.name, data

    def _missing(self, owner: str, value: str, required: bool) -> None:
        if required:
            self.report.warn(
                _("{file}: {owner} was left out: its file {path} is not there.").format(
                    file=self.file, owner=owner, path=value
                )
            )


def _text_of(
    ref: TextRef | None, files: _Files, owner: str, *, required: bool = True
) -> tuple[str, bytes | None] | None:
    """The text a ``TextRef`` holds or names (decoded, BOM removed) with the file's bytes when
    it names one; None when there is no text to be had (with a warning if ``required``)."""
    if ref is None:
        return None
    if ref.content is not None:
        return ref.content, None
    if ref.path is None:
        if required:
            files.report.warn(
                _("{file}: {owner} was left out: it has no text.").format(
                    file=files.file, owner=owner
                )
            )
        return None
    found = files.read(ref.path, owner, required=required)
    if found is None:
        return None
    try:
        return decode_bytes(found[0], found[1]), found[1]
    except ImportFailedError as error:
        files.report.warn(f"{files.file}: {error}")
        return None


# --- preparing sources ------------------------------------------------------------------------


def _prepare_sources(
    document: QdeProject, files: _Files, report: InteropReport, progress: Progress
) -> list[PreparedSource]:
    prepared = []
    total = len(document.sources) + 1
    for index, entry in enumerate(document.sources):
        if progress.cancelled:
            raise Cancelled
        progress.report(index, total, entry.name)
        if entry.element == "PDFSource":
            source = _prepare_pdf(entry, files, report)
        else:
            source = _prepare_text(entry, files, report)
        if source is not None:
            prepared.append(source)
    for element, count in sorted(document.left_out.items()):
        report.warn(
            _("{file}: left out {count} × {element}: Kutip has no place for them.").format(
                file=report.file, count=count, element=element
            )
        )
    return prepared


def _title(entry: SourceEntry) -> str:
    """The source's name, else its file's name (qc writes no names), else a placeholder."""
    if entry.name:
        return entry.name
    path = entry.pdf_path or (entry.plain.path if entry.plain else None) or ""
    name = re.split(r"[/\\]", path.split("://", 1)[-1])[-1].strip()
    return name or _("Untitled source")


def _prepare_pdf(entry: SourceEntry, files: _Files, report: InteropReport) -> PreparedSource | None:
    """A PDF as Kutip reads it, with the exporting tool's text of it (where the positions of
    its codings count) mapped onto Kutip's; as text only when the PDF itself cannot be read."""
    owner = source_label(entry)
    if entry.area_codings:
        report.warn(
            _(
                "{file}: left out {count} area codings of {owner}: Kutip codes the text of "
                "a PDF, not areas of its pages."
            ).format(file=report.file, count=entry.area_codings, owner=owner)
        )
    found = _text_of(entry.plain, files, owner, required=False)
    draft = _read_pdf(entry, _title(entry), files, owner)
    if draft is None:
        if found is None:
            return None
        report.warn(
            _("{file}: {owner} was imported as text: its PDF could not be read.").format(
                file=report.file, owner=owner
            )
        )
        return _prepare_text(entry, files, report, found)
    if FLAG_NO_TEXT_LAYER in draft.flags and found is not None and found[0].strip():
        # A scan, and not one Kutip exported with what OCR read on it: the file's text is the
        # only text there is, and the one its codings count in.
        report.warn(
            _(
                "{file}: {owner} was imported as text: its PDF has no text of its own (a scan), "
                "so the text the file gives for it was kept, with its codings."
            ).format(file=report.file, owner=owner)
        )
        return _prepare_text(entry, files, report, found)
    exchange = ExchangeText(found[0]) if found is not None else None
    if exchange is None and entry.selections:
        report.warn(
            _("{file}: the codings of {owner} were left out: its text is missing.").format(
                file=report.file, owner=owner
            )
        )
    aligner = TextAligner(exchange.canonical, draft.text) if exchange else None
    return PreparedSource(entry, draft, exchange, aligner)


def _prepare_text(
    entry: SourceEntry,
    files: _Files,
    report: InteropReport,
    found: tuple[str, bytes | None] | None = None,
) -> PreparedSource | None:
    """A text source: its plain text in Kutip's form, its original file (the .docx where the
    file has one, else the plain-text file) kept as the source's file."""
    owner, title = source_label(entry), _title(entry)
    if found is None:
        if entry.plain is None:
            report.warn(
                _("{file}: {owner} was left out: it has no text.").format(
                    file=report.file, owner=owner
                )
            )
            return None
        found = _text_of(entry.plain, files, owner)
        if found is None:
            return None
    exchange = ExchangeText(found[0])
    text = exchange.canonical
    data = found[1] if found[1] is not None else text.encode("utf-8")
    file_name, mime = _file_name(title, ".txt"), "text/plain"
    if entry.rich_path:
        rich = files.read(entry.rich_path, owner, required=False)
        if rich is not None and rich[1].startswith(b"PK"):
            data, file_name, mime = rich[1], _file_name(title, ".docx"), DOCX_MIME
    draft = SourceDraft(
        title=title,
        text=text,
        kind=SourceKind.TEXT,
        file_name=file_name,
        mime=mime,
        data=data,
        language=detect_language(text),
        turns=detect_turns(text),
    )
    return PreparedSource(entry, draft, exchange)


def _file_name(title: str, suffix: str) -> str:
    return title if title.casefold().endswith(suffix) else f"{title}{suffix}"


def _read_pdf(entry: SourceEntry, title: str, files: _Files, owner: str) -> SourceDraft | None:
    """Kutip's own reading of the PDF (the PDF view depends on its text), its scanned pages
    from the OCR layers the archive carries for it (``ocr_file``), or None."""
    if entry.pdf_path is None:
        return None
    found = files.read(entry.pdf_path, owner)
    if found is None:
        return None
    from kutip.ingest.pdf.reader import read_pdf  # PyMuPDF is loaded only when a PDF comes in

    carried = _carried_ocr(found[0], files, owner)
    options = ReadOptions()
    if carried is not None:  # the pages OCR read, read from what it read, whatever they hold
        options = ReadOptions(ocr=carried, ocr_pages=frozenset(carried.layers))
    try:
        draft = read_pdf(Path(_file_name(title, ".pdf")), found[1], options)
    except ImportFailedError as error:
        files.report.warn(f"{files.file}: {error}")
        return None
    return replace(draft, title=title)


def _carried_ocr(pdf_name: str, files: _Files, owner: str) -> StoredOcr | None:
    """The OCR layers the archive carries beside the PDF ``pdf_name`` (a Kutip export of a
    scan), as the reading of its pages; None when there are none, or none that can be read."""
    data = files.package.read_source(ocr_file_name(pdf_name))
    if data is None:
        return None
    from kutip.ingest.pdf.ocr import StoredOcr, decode_layer

    try:
        language, layers = read_ocr_file(data)
        for layer in layers.values():
            decode_layer(layer)
    except ValueError:
        files.report.warn(
            _(
                "{file}: what OCR read on {owner} could not be read; its scanned pages have no "
                "text."
            ).format(file=files.file, owner=owner)
        )
        return None
    return StoredOcr(language, layers)


def _note_texts(document: QdeProject, files: _Files) -> list[tuple[NoteEntry, str]]:
    texts = []
    for note in document.notes:
        owner = _("note {name}").format(name=note.name or note.guid or "?")
        found = _text_of(note.text, files, owner) if note.text.path or note.text.content else None
        body = found[0] if found is not None else ""
        if note.description.strip() and note.description.strip() != body.strip():
            body = "\n\n".join(p for p in (body, note.description.strip()) if p)
        texts.append((note, body))
    return texts
