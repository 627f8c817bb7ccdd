"""Importing files into a project: the one workflow behind ``kutip import`` and the window's
File ▸ Import…, Import Folder… and drops.

``import_paths(project, paths, progress, options)`` takes any mix of files and folders:
sources (PDFs, transcripts, documents), bibliographies (.bib, .ris) and REFI-QDA exchange files
(.qdpx, .qde projects and .qdc codebooks, through ``kutip.interop``). Each file is one
transaction and one undo step, and its fate lands in the ``ImportReport``: imported, a
duplicate, linked to a reference, or failed — a failure is an ``ImportFailure`` whose
``reason`` says why in a form code can act on (the window asks for a password when the reason
is ``NEEDS_PASSWORD``) beside the translated message for the user.

Files a bibliography links from outside its folder are read only with the user's consent:
``options.allow_external``, or ``import_linked_files`` with the links the report lists.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from kutip.errors import FailureReason, ImportFailedError, KnownError
from kutip.i18n import N_, _
from kutip.ingest.bib.bibtex import BibEntryDraft, CitekeyPool
from kutip.ingest.bib.matching import CONFIDENT
from kutip.ingest.drafts import AnnotationDraft, ReadOptions, SourceDraft
from kutip.ingest.files import (
    collect_files,
    importable_suffixes,
    is_bibliography,
    link_within_reach,
    read_bibliography_file,
    read_linked_file,
    read_source_file,
)
from kutip.ingest.pdf.metadata import metadata_of, moved_reference, reference_from
from kutip.ingest.pdf.ocr import PageOcr
from kutip.model import SourceKind
from kutip.progress import Cancelled, NoProgress, Progress
from kutip.project import Edit, Project
from kutip.project.base import color
from kutip.services.ocr import OcrSettings, PageReader

log = logging.getLogger(__name__)

#: Projects and codebooks of other QDA tools, imported through kutip.interop.
EXCHANGE_SUFFIXES = (".qdpx", ".qde", ".qdc")

#: The parent code of PDF highlights imported as codings.
ANNOTATIONS_CODE = N_("PDF annotations")

#: Reasons the right password would overcome.
_PASSWORD_REASONS = frozenset({FailureReason.NEEDS_PASSWORD, FailureReason.WRONG_PASSWORD})


def importable_kinds() -> list[str]:
    """Every suffix the import takes: sources, bibliographies, and REFI-QDA exchange files."""
    return [*importable_suffixes(), *EXCHANGE_SUFFIXES]


def is_exchange_file(path: Path) -> bool:
    """Whether ``path`` names a REFI-QDA project or codebook (by its suffix)."""
    return path.suffix.lower() in EXCHANGE_SUFFIXES and not path.is_dir()


def _exists(path: Path) -> bool:
    """Whether there is something at ``path``; when the system will not say (a folder on the
    way cannot be searched), it is taken, so that reading it reports why."""
    try:
        return path.exists()
    except OSError:
        return True


def _real(path: Path) -> Path:
    """``path`` with symbolic links resolved, to tell files apart; unlike ``Path.resolve``
    this does not raise on a loop of links (the read reports that file)."""
    return Path(os.path.realpath(path))


@dataclass(frozen=True)
class ImportFailure:
    """A file (or folder) that was not imported: why, for code, and the message for the user
    (translated, naming the file)."""

    path: Path
    reason: FailureReason
    message: str

    @property
    def needs_password(self) -> bool:
        """Whether a (different) password may open it: the window asks for one."""
        return self.reason in _PASSWORD_REASONS

    @classmethod
    def of(cls, path: Path, error: KnownError) -> ImportFailure:
        reason = error.reason if isinstance(error, ImportFailedError) else FailureReason.INVALID
        return cls(path, reason, str(error))


@dataclass(frozen=True)
class LinkedFile:
    """A file a bibliography's entry links, outside the places it may reach on its own."""

    bibliography: Path
    citekey: str
    file: Path

    def shown_path(self) -> str:
        """The file's full path, and where it leads if it is a symbolic link."""
        shown = str(self.file.absolute())
        if self.file.is_symlink():
            shown = f"{shown} → {_real(self.file)}"
        return shown

    def describe(self) -> str:
        """One line naming the bibliography, the entry and the file, for the summary."""
        return _(
            "{name}: the file of {citekey} is outside the bibliography's folder and was not "
            "read: {file}"
        ).format(name=self.bibliography.name, citekey=self.citekey, file=self.shown_path())


@dataclass
class ImportReport:
    """What happened to each file of an import."""

    imported: list[tuple[Path, Edit[int]]] = field(default_factory=list)
    duplicates: list[tuple[Path, str]] = field(default_factory=list)
    #: Files and folders not imported, in the order they failed (names given that do not
    #: exist come last).
    failed: list[ImportFailure] = field(default_factory=list)
    #: Bibliographies read: (file, entries added, entries updated).
    references: list[tuple[Path, int, int]] = field(default_factory=list)
    #: Problems that did not stop a file (a broken entry, a linked PDF not found).
    problems: list[str] = field(default_factory=list)
    #: Files bibliographies link from outside their folders, not read without the user's
    #: consent (``ImportOptions.allow_external``, or ``import_linked_files``).
    outside: list[LinkedFile] = field(default_factory=list)
    #: Files inside imported folders that were passed over: (file, why, naming it).
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    #: Sources linked to a reference on import: (file, citekey).
    linked: list[tuple[Path, str]] = field(default_factory=list)
    #: PDFs that may be one of these references; the user chooses: (file, [(citekey, score)]).
    unsure: list[tuple[Path, list[tuple[str, float]]]] = field(default_factory=list)
    #: PDFs cited by a reference made from what they say about themselves, to be checked:
    #: (file, citekey).
    from_pdf: list[tuple[Path, str]] = field(default_factory=list)
    #: References made from PDFs that a bibliography's entries replaced: (old, new citekey).
    replaced: list[tuple[str, str]] = field(default_factory=list)
    #: Projects and codebooks from other tools (.qdpx, .qdc): (file, lines saying what came).
    exchanged: list[tuple[Path, list[str]]] = field(default_factory=list)
    #: Every edit made, in order, so that the whole import can be undone.
    edits: list[Edit[Any]] = field(default_factory=list)
    cancelled: bool = False

    @property
    def any_failed(self) -> bool:
        return bool(self.failed or self.problems or self.outside)


@dataclass(frozen=True)
class ImportOptions:
    """How files are imported: into which case, with what password, with annotations or not,
    whether a bibliography (or an exchange file) may bring in files from outside, and how
    scanned PDF pages are read by OCR (None: they are not)."""

    case: str | None = None
    password: str | None = None
    with_annotations: bool = False
    allow_external: bool = False
    ocr: OcrSettings | None = field(default_factory=OcrSettings)

    def read_options(self, ocr: PageOcr | None = None) -> ReadOptions:
        """How to read a file; scanned pages are read by ``ocr`` (if ``self.ocr`` allows)."""
        return ReadOptions(
            password=self.password,
            with_annotations=self.with_annotations,
            ocr=ocr if self.ocr is not None else None,
        )


# -- the entry points ------------------------------------------------------------------------


def import_paths(
    project: Project,
    paths: Iterable[Path | str],
    progress: Progress | None = None,
    options: ImportOptions | None = None,
) -> ImportReport:
    """Import files and folders, each file in its own transaction and undo step.

    Exchange files (.qdpx, .qde, .qdc) come first, then bibliographies, so that the PDFs they
    link (and PDFs matching their entries) are tied to their references. A linked file is
    followed only inside its bibliography's folder (see ``link_within_reach``) unless
    ``options.allow_external``; the others are listed in ``report.outside``. A file that fails
    is reported with its reason and the others go on; a file whose bytes are already in a
    source is skipped as a duplicate; files inside folders that are not imported are listed in
    ``report.skipped``; names that do not exist are reported last. Progress is reported per
    file (done, total, file name); cancelling keeps what is done.
    """
    progress = progress or NoProgress()
    options = options or ImportOptions()
    report = ImportReport()
    given = [Path(p) for p in paths]
    present = [p for p in given if _exists(p)]
    exchange = [p for p in present if is_exchange_file(p)]
    collected = collect_files(p for p in present if not is_exchange_file(p))
    found = collected.files
    queue = [p for p in found if is_bibliography(p)] + [p for p in found if not is_bibliography(p)]
    steps = _Steps(progress, len(exchange))
    for path in exchange:
        if not steps.next(len(queue), path.name):
            report.cancelled = True
            break
        try:
            within = steps.within(len(queue), path.name)
            _import_one(
                path,
                partial(_import_exchange_file, project, path, options, report, within),
                report,
            )
        except Cancelled:
            report.cancelled = True
            break
    report.failed.extend(
        ImportFailure(folder, FailureReason.UNREADABLE, message)
        for folder, message in collected.unreadable
    )
    report.skipped.extend(collected.skipped)
    if not report.cancelled:
        _import_files(project, queue, options, report, steps)
    steps.finish(len(queue))
    report.failed.extend(
        ImportFailure(
            path, FailureReason.MISSING, _("{name}: no such file or folder.").format(name=path)
        )
        for path in given
        if path not in present
    )
    return report


def import_linked_files(
    project: Project,
    links: Sequence[LinkedFile],
    progress: Progress | None = None,
    options: ImportOptions | None = None,
) -> ImportReport:
    """Import files bibliographies link from outside their folders, once the user allowed
    them (``ImportReport.outside`` of an earlier import), each tied to its reference.

    Each is read as any linked file is: refused unless its content is a PDF or a document
    Kutip imports."""
    progress = progress or NoProgress()
    options = options or ImportOptions()
    report = ImportReport()
    for done, link in enumerate(links):
        if progress.cancelled:
            report.cancelled = True
            break
        progress.report(done, len(links), link.file.name)
        within = _Within(progress, done, len(links), link.file.name)
        try:
            _import_one(
                link.file,
                partial(
                    _import_source_file,
                    project,
                    link.file,
                    link.citekey,
                    options,
                    report,
                    within,
                    linked=True,
                ),
                report,
            )
        except Cancelled:  # inside a file (its OCR): that file is not imported
            report.cancelled = True
            break
    progress.report(len(links), len(links), "")
    return report


def import_draft(
    project: Project,
    draft: SourceDraft,
    options: ImportOptions | None = None,
    reference: BibEntryDraft | None = None,
) -> Edit[int]:
    """Add a read file as a source, with its annotations and its case, as one edit; with a
    ``reference`` (made from the file itself) added first and tied to it."""
    options = options or ImportOptions()

    def steps() -> int:
        if reference is not None:
            project.references.upsert([reference])
            draft_ = replace(draft, bib_key=reference.citekey)
        else:
            draft_ = draft
        source_id = project.sources.add(draft_).value
        if options.with_annotations and draft.annotations:
            _code_annotations(project, source_id, draft.annotations)
        if options.case:
            case = project.cases.find(options.case)
            case_id = case.id if case else project.cases.add(options.case).value
            project.cases.link_source(case_id, source_id)
        return source_id

    return project.compose(_("Import {title}").format(title=draft.title), steps)


# -- the steps -------------------------------------------------------------------------------


class _Steps:
    """Counts the files of an import for its progress: exchange files, then the queue of the
    others (which grows as bibliographies link files)."""

    def __init__(self, progress: Progress, exchange: int) -> None:
        self._progress = progress
        self._exchange = exchange
        self.done = 0

    def next(self, queued: int, name: str) -> bool:
        """Report the next file; False if the import was cancelled."""
        if self._progress.cancelled:
            return False
        self._progress.report(self.done, self._exchange + queued, name)
        self.done += 1
        return True

    def within(self, queued: int, name: str) -> Progress:
        """The progress of the file in hand, for a reader that reports its own steps."""
        return _Within(self._progress, self.done - 1, self._exchange + queued, name)

    def finish(self, queued: int) -> None:
        total = self._exchange + queued
        self._progress.report(total, total, "")


class _Within:
    """What a long file (an exchange project) reports, shown as the import's current file:
    "project.qdpx: interview.txt"; cancelling the import cancels it."""

    def __init__(self, progress: Progress, done: int, total: int, name: str) -> None:
        self._progress = progress
        self._done, self._total, self._name = done, total, name

    @property
    def cancelled(self) -> bool:
        return self._progress.cancelled

    def report(self, done: int, total: int, message: str = "") -> None:
        shown = f"{self._name}: {message}" if message else self._name
        self._progress.report(self._done, self._total, shown)


def _import_files(
    project: Project,
    queue: list[Path],
    options: ImportOptions,
    report: ImportReport,
    steps: _Steps,
) -> None:
    """Import sources and bibliographies, bibliographies first; the files a bibliography
    links join the queue as they are found."""
    # The citekey of each linked file (by its real path), the real paths queued so far,
    # and the files queued only because a bibliography links them (read as linked files).
    linked_files: dict[Path, str] = {}
    queued = {_real(p) for p in queue}
    linked_only: set[Path] = set()
    index = 0
    while index < len(queue):
        path = queue[index]
        if not steps.next(len(queue), path.name):
            report.cancelled = True
            return
        index += 1

        def work(path: Path = path) -> None:
            if is_bibliography(path):
                linked = _import_bibliography(project, path, options, report)
                for file, citekey in linked.items():
                    real = _real(file)
                    linked_files.setdefault(real, citekey)
                    if real not in queued:
                        queued.add(real)
                        queue.append(file)
                        linked_only.add(file)
            else:
                linked_by = linked_files.get(_real(path))
                within = steps.within(len(queue), path.name)
                _import_source_file(
                    project, path, linked_by, options, report, within, linked=path in linked_only
                )

        try:
            _import_one(path, work, report)
        except Cancelled:  # inside a file (its OCR): that file is not imported
            report.cancelled = True
            return


def _import_one(path: Path, work: Callable[[], None], report: ImportReport) -> None:
    """Run the import of one file; its failure is reported and the batch goes on."""
    try:
        work()
    except KnownError as error:
        report.failed.append(ImportFailure.of(path, error))
    except Cancelled:
        raise
    except Exception as error:  # a bug in one reader must not stop the batch
        log.exception("importing %s failed", path)
        report.failed.append(
            ImportFailure(
                path,
                FailureReason.UNEXPECTED,
                str(ImportFailedError(f"{path.name}: {type(error).__name__}: {error}")),
            )
        )


def _import_exchange_file(
    project: Project, path: Path, options: ImportOptions, report: ImportReport, progress: Progress
) -> None:
    """A REFI-QDA project or codebook, merged into the project as one edit."""
    from kutip.interop import import_qdc, import_qdpx

    if path.suffix.lower() == ".qdc":
        result = import_qdc(project, path)
    else:
        result = import_qdpx(
            project, path, allow_external=options.allow_external, progress=progress
        )
    report.exchanged.append((path, result.summary()))
    if result.edit is not None:
        report.edits.append(result.edit)


def _import_source_file(
    project: Project,
    path: Path,
    citekey: str | None,
    options: ImportOptions,
    report: ImportReport,
    progress: Progress,
    *,
    linked: bool = False,
) -> None:
    read = read_linked_file if linked else read_source_file
    ocr = None
    if options.ocr is not None:
        # A file already in the project is a duplicate: not worth minutes of OCR.
        ocr = PageReader(options.ocr, progress, unless=lambda data: _stored(project, data))
    draft = read(path, options.read_options(ocr))
    existing = project.sources.with_file(draft.sha256)
    if existing is not None:
        report.duplicates.append((path, existing.title))
        if citekey and citekey != existing.bib_key:
            if not existing.bib_key:
                report.edits.append(project.references.link_source(existing.id, citekey))
                report.linked.append((path, citekey))
            elif _from_pdf(project, existing.bib_key):
                # The bibliography links this very file: its entry replaces the one made
                # from the PDF.
                report.edits.append(project.references.replace(existing.bib_key, citekey))
                report.replaced.append((existing.bib_key, citekey))
                report.linked.append((path, citekey))
        return
    reference: BibEntryDraft | None = None
    if citekey is None and draft.kind is SourceKind.PDF:
        citekey = _match_reference(project, path, draft, report)
        if citekey is None and not any(unsure == path for unsure, _choices in report.unsure):
            # No entry is this PDF, nor may be (then the user is asked to choose): it is
            # cited by what it says about itself.
            reference = reference_from(draft.metadata, project.references.citekeys())
            if reference is not None:
                report.from_pdf.append((path, reference.citekey))
    elif citekey is not None:
        report.linked.append((path, citekey))
    if citekey is not None:
        draft = replace(draft, bib_key=citekey)
    edit = import_draft(project, draft, options, reference)
    report.imported.append((path, edit))
    report.edits.append(edit)
    report.problems.extend(draft.problems)


def _stored(project: Project, data: bytes) -> bool:
    return project.sources.with_file(hashlib.sha256(data).hexdigest()) is not None


def _match_reference(
    project: Project, path: Path, draft: SourceDraft, report: ImportReport
) -> str | None:
    from kutip.ingest.bib.matching import match_reference

    entries = project.references.all()
    if not entries:
        return None
    match = match_reference(draft.metadata, entries)
    if match.confident and match.citekey:
        report.linked.append((path, match.citekey))
        return match.citekey
    if match.candidates:
        report.unsure.append((path, match.candidates))
    return None


def _from_pdf(project: Project, citekey: str) -> bool:
    entry = project.references.find(citekey)
    return entry is not None and entry.from_pdf


def _make_way(project: Project, entries: Sequence[BibEntryDraft], report: ImportReport) -> None:
    """A reference made from a PDF whose citekey an incoming entry of *another* work takes
    moves to a free key first (an entry of the same work simply takes its place)."""
    from kutip.ingest.bib.matching import score_entry

    incoming = {entry.citekey: entry for entry in entries}
    for old in project.references.all():
        entry = incoming.get(old.citekey)
        if not old.from_pdf or entry is None:
            continue
        if score_entry(metadata_of(old), entry) >= CONFIDENT:
            continue
        taken = project.references.citekeys() | set(incoming)
        moved = moved_reference(old, CitekeyPool(taken).unique(old.citekey))
        project.references.upsert([moved])
        report.edits.append(project.references.replace(old.citekey, moved.citekey))


def _replace_pdf_references(
    project: Project, entries: Sequence[BibEntryDraft], report: ImportReport
) -> None:
    """References made from PDFs that a bibliography's entry is (by DOI, else title, authors
    and year, as ``matching`` decides confidently) are replaced by that entry: their sources
    are tied to it, and they go."""
    from kutip.ingest.bib.matching import match_reference

    new = {entry.citekey for entry in entries}
    for old in project.references.all():
        if not old.from_pdf or old.citekey in new:
            continue
        match = match_reference(metadata_of(old), entries)
        if match.confident and match.citekey:
            report.edits.append(project.references.replace(old.citekey, match.citekey))
            report.replaced.append((old.citekey, match.citekey))


def _import_bibliography(
    project: Project, path: Path, options: ImportOptions, report: ImportReport
) -> dict[Path, str]:
    """Add or update a bibliography's entries; returns the files they link that exist and
    that it may reach (the others go to ``report.outside``)."""
    read = read_bibliography_file(path)
    report.problems.extend(read.problems)
    if not read.entries:
        if not read.problems:
            raise ImportFailedError(
                _("{name}: no references found in it.").format(name=path.name),
                FailureReason.EMPTY,
            )
        return {}
    _make_way(project, read.entries, report)
    edit = project.references.upsert(read.entries, label=_("Import {name}").format(name=path.name))
    added, updated = edit.value
    report.references.append((path, added, updated))
    report.edits.append(edit)
    _replace_pdf_references(project, read.entries, report)
    linked: dict[Path, str] = {}
    for entry in read.entries:
        for file in entry.files:
            if not file.exists():
                report.problems.append(
                    _("{name}: the file of {citekey} was not found: {file}").format(
                        name=path.name, citekey=entry.citekey, file=file
                    )
                )
            elif options.allow_external or link_within_reach(file, path):
                linked.setdefault(file, entry.citekey)
            else:
                report.outside.append(LinkedFile(path, entry.citekey, file))
    return linked


def _code_annotations(
    project: Project, source_id: int, annotations: Sequence[AnnotationDraft]
) -> None:
    """One code per annotation colour, under a parent code, each annotation a coding."""
    parent_name = _(ANNOTATIONS_CODE)
    # Found by its name in English or in the UI language, whichever it was made in.
    names = {ANNOTATIONS_CODE, parent_name}
    parent = next((c for c in project.codes.children(None) if c.name in names), None)
    parent_id = parent.id if parent else project.codes.add(parent_name, color="#7f7f7f").value
    by_color: dict[str, int] = {c.color: c.id for c in project.codes.children(parent_id)}
    for annotation in annotations:
        value = color(annotation.color)
        if value not in by_color:
            by_color[value] = project.codes.add(
                _("Highlight {color}").format(color=value), parent_id=parent_id, color=value
            ).value
        duplicate = project.codings.at(source_id, annotation.start, annotation.end, by_color[value])
        if annotation.end > annotation.start and duplicate is None:
            project.codings.apply(
                source_id, annotation.start, annotation.end, by_color[value], annotation.note
            )
