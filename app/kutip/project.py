"""The ``Project`` facade: every operation a user can do on a project.

Each mutation validates its input first (raising a ``KnownError`` and writing nothing), then
runs in one transaction through a ``Recorder`` and returns an ``Edit``: its result, a label for
the undo menu and the rows it changed. ``Project.undo(edit)`` writes those rows back and returns
the ``Edit`` that redoes it. Listeners hear of every committed edit, after the commit.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import re
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from kutip.errors import ImportFailedError, KnownError, NotFoundError, ValidationError
from kutip.i18n import N_, _
from kutip.ingest.codebook import DEFAULT_CODEBOOK, CodebookEntry, load_codebook
from kutip.ingest.drafts import AnnotationDraft, PageDraft, ReadOptions, SourceDraft, TurnDraft
from kutip.ingest.files import (
    collect_files,
    is_bibliography,
    link_within_reach,
    read_bibliography_file,
    read_linked_file,
    read_source_file,
)
from kutip.model import (
    Attribute,
    AttributeScope,
    AttributeType,
    BibEntry,
    Case,
    CaseSource,
    Code,
    Coder,
    Memo,
    Page,
    Segment,
    Source,
    SourceKind,
    Turn,
)
from kutip.progress import NoProgress, Progress

if TYPE_CHECKING:
    from kutip.ingest.bibtex import BibEntryDraft
from kutip.store import Recorder, RowChange, Store
from kutip.store.values import fits_sqlite_integer

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Colours for new codes, in order; readable as translucent highlights on white.
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5",
)  # fmt: skip


#: The parent code of PDF highlights imported as codings.
ANNOTATIONS_CODE = N_("PDF annotations")


@dataclass(frozen=True)
class Edit(Generic[T]):
    """What one operation did: its result, its name for the undo menu, and the rows it changed."""

    label: str
    value: T
    changes: tuple[RowChange, ...]

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(change.table for change in self.changes)


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
    failed: list[tuple[Path, str]] = field(default_factory=list)
    #: Bibliographies read: (file, entries added, entries updated).
    references: list[tuple[Path, int, int]] = field(default_factory=list)
    #: Problems that did not stop a file (a broken entry, a linked PDF not found).
    problems: list[str] = field(default_factory=list)
    #: Files bibliographies link from outside their folders, not read without the user's
    #: consent (``ImportOptions.allow_external``, or ``Project.import_linked_files``).
    outside: list[LinkedFile] = field(default_factory=list)
    #: Files inside imported folders that were passed over: (file, why, naming it).
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    #: Sources linked to a reference on import: (file, citekey).
    linked: list[tuple[Path, str]] = field(default_factory=list)
    #: PDFs that may be one of these references; the user chooses: (file, [(citekey, score)]).
    unsure: list[tuple[Path, list[tuple[str, float]]]] = field(default_factory=list)
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
    and whether a bibliography may bring in files from outside its folder."""

    case: str | None = None
    password: str | None = None
    with_annotations: bool = False
    allow_external: bool = False

    def read_options(self) -> ReadOptions:
        return ReadOptions(password=self.password, with_annotations=self.with_annotations)


Listener = Callable[[Edit[Any]], None]


def _real(path: Path) -> Path:
    """``path`` with symbolic links resolved, to tell files apart; unlike ``Path.resolve``
    this does not raise on a loop of links (the read reports that file)."""
    return Path(os.path.realpath(path))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _new_guid() -> str:
    return str(uuid.uuid4())


def _required_name(value: str, what: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise ValidationError(_("The {what} needs a name.").format(what=what))
    return name


def _color(value: str) -> str:
    text = value.strip().lower()
    if len(text) != 7 or text[0] != "#" or any(c not in "0123456789abcdef" for c in text[1:]):
        raise ValidationError(
            _("{value} is not a colour; write it as #rrggbb, e.g. #1f77b4.").format(value=value)
        )
    return text


def typed_id(reference: str) -> int | None:
    """The id in what a user typed ("12"), or None when it is not one: not plain digits
    (``²`` is a digit to Python, but no number), or more than a project can hold."""
    reference = reference.strip()
    if not (reference.isascii() and reference.isdigit() and len(reference) <= 19):
        return None
    number = int(reference)
    return number if fits_sqlite_integer(number) else None


def normalise_guid(value: str) -> str:
    """GUIDs arrive in any case, with or without braces; they are stored lower-case, bare."""
    return value.strip().strip("{}").lower()


_GUID_SHAPE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def parse_attribute_value(kind: AttributeType, value: object) -> str:
    """The stored text form of an attribute value, or ``ValidationError`` if it is not one."""
    text = str(value).strip()
    try:
        if kind is AttributeType.INTEGER:
            if isinstance(value, bool):
                raise ValueError
            return str(int(text))
        if kind is AttributeType.FLOAT:
            return repr(float(text))
        if kind is AttributeType.BOOLEAN:
            if isinstance(value, bool):
                return "true" if value else "false"
            lowered = text.lower()
            if lowered in {"true", "yes", "ya", "1"}:
                return "true"
            if lowered in {"false", "no", "tidak", "0"}:
                return "false"
            raise ValueError
        if kind is AttributeType.DATE:
            return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValidationError(
            _("{value!r} is not a valid {kind} value.").format(value=value, kind=kind.value)
        ) from None
    return str(value)


class Project:
    """An open project file and everything a user can do with it."""

    def __init__(self, store: Store, coder_name: str | None = None) -> None:
        self.store = store
        self._listeners: list[Listener] = []
        # The recorder of the compose() under way on each thread, if any.
        self._composing = threading.local()
        self.coder = self._ensure_coder(coder_name or _default_coder_name())

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path | str,
        *,
        codebook: str | Path = DEFAULT_CODEBOOK,
        name: str | None = None,
        coder: str | None = None,
    ) -> Project:
        """A new project file with the given codebook (a shipped name, ``empty`` or a TOML)."""
        path = Path(path)
        book = load_codebook(codebook)
        store = Store(path, create=True)
        try:
            with store.transaction() as rec:
                for key, value in {
                    "guid": _new_guid(),
                    "name": name or path.stem,
                    "created": _now(),
                    "index_generation": "0",
                }.items():
                    rec.insert("project", {"key": key, "value": value})
            project = cls(store, coder)
            project._add_codebook(book.codes, parent_id=None)
        except BaseException:
            store.close()
            path.unlink(missing_ok=True)
            raise
        return project

    @classmethod
    def open(cls, path: Path | str, *, coder: str | None = None) -> Project:
        return cls(Store(Path(path), create=False), coder)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self.store.path

    def setting(self, key: str) -> str | None:
        return self.store.scalar("SELECT value FROM project WHERE key = ?", (key,))

    @property
    def guid(self) -> str:
        return self.setting("guid") or ""

    @property
    def name(self) -> str:
        return self.setting("name") or self.path.stem

    def _ensure_coder(self, name: str) -> Coder:
        rows = self.store.query("SELECT * FROM coders WHERE name = ?", (name,))
        if not rows:
            # Who codes is recorded with each coding; adding a coder is not an undoable edit.
            with self.store.transaction() as rec:
                rec.insert("coders", {"guid": _new_guid(), "name": name})
            rows = self.store.query("SELECT * FROM coders WHERE name = ?", (name,))
        return Coder(rows[0]["id"], rows[0]["guid"], rows[0]["name"])

    def _guid_for(self, table: str, guid: str | None) -> str:
        """A new row's GUID: a fresh one, or ``guid`` (as an exchange file gave it) if it is a
        GUID and no row of ``table`` has it yet."""
        if guid is None:
            return _new_guid()
        value = normalise_guid(guid)
        if not _GUID_SHAPE.fullmatch(value):
            raise ValidationError(_("{guid} is not a GUID.").format(guid=guid))
        if self.store.scalar(f"SELECT 1 FROM {table} WHERE guid = ?", (value,)) is not None:
            raise ValidationError(_("The GUID {guid} is already used.").format(guid=value))
        return value

    # -- edits, undo and change notification ---------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` after every committed edit; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _edit(self, label: str, work: Callable[[Recorder], T]) -> Edit[T]:
        enclosing: Recorder | None = getattr(self._composing, "recorder", None)
        if enclosing is not None:  # a step of compose(): its rows belong to the enclosing edit
            return Edit(label, work(enclosing), ())
        with self.store.transaction() as rec:
            self._composing.recorder = rec
            try:
                value = work(rec)
            finally:
                self._composing.recorder = None
        edit = Edit(label, value, tuple(rec.changes))
        for listener in list(self._listeners):
            try:
                listener(edit)
            except Exception:
                log.exception("a change listener failed")
        return edit

    def compose(self, label: str, steps: Callable[[], T]) -> Edit[T]:
        """Run several operations as one transaction and one undo step named ``label``.

        If any step raises, none of them is written.
        """
        return self._edit(label, lambda _rec: steps())

    def undo(self, edit: Edit[Any]) -> Edit[None]:
        """Take ``edit`` back; the returned edit, undone in turn, redoes it."""
        return self._edit(edit.label, lambda rec: rec.revert(edit.changes))

    # -- project ---------------------------------------------------------------------------

    def rename_project(self, name: str) -> Edit[None]:
        new_name = _required_name(name, _("project"))
        return self._edit(
            _("Rename project"),
            lambda rec: rec.update("project", "name", {"value": new_name}),
        )

    # -- sources ---------------------------------------------------------------------------

    def sources(self) -> list[Source]:
        return [_source(r) for r in self.store.query(f"{_SOURCE_SELECT} ORDER BY s.id")]

    def source(self, source_id: int) -> Source:
        rows = self.store.query(f"{_SOURCE_SELECT} WHERE s.id = ?", (source_id,))
        if not rows:
            raise NotFoundError(_("There is no source {id}.").format(id=source_id))
        return _source(rows[0])

    def source_text(self, source_id: int) -> str:
        self.source(source_id)
        return str(self.store.scalar("SELECT text FROM sources WHERE id = ?", (source_id,)))

    def source_file(self, source_id: int) -> bytes | None:
        return self.store.scalar(
            "SELECT f.data FROM sources s JOIN files f ON f.sha256 = s.file_sha256 WHERE s.id = ?",
            (source_id,),
        )

    def pages(self, source_id: int) -> list[Page]:
        """A source's pages with their printed labels (the user's numbering, if they set one)."""
        first_page = self.source(source_id).first_page
        return [
            Page(
                r["source_id"],
                r["page_index"],
                r["label"] if first_page is None else str(first_page + r["page_index"]),
                r["start"],
                r["end"],
            )
            for r in self.store.query(
                "SELECT * FROM pages WHERE source_id = ? ORDER BY page_index", (source_id,)
            )
        ]

    def turns(self, source_id: int) -> list[Turn]:
        return [
            Turn(r["source_id"], r["start"], r["end"], r["speaker"], r["time_start"], r["time_end"])
            for r in self.store.query(
                "SELECT * FROM turns WHERE source_id = ? ORDER BY start", (source_id,)
            )
        ]

    def source_with_file(self, sha256: str) -> Source | None:
        rows = self.store.query(f"{_SOURCE_SELECT} WHERE s.file_sha256 = ?", (sha256,))
        return _source(rows[0]) if rows else None

    def add_source(self, draft: SourceDraft, *, guid: str | None = None) -> Edit[int]:
        """Store a source and its original file (kept once per SHA-256)."""
        title = _required_name(draft.title, _("source"))
        source_guid = self._guid_for("sources", guid)
        length = len(draft.text)
        for page in draft.pages:
            _check_inside(page.start, page.end, length, allow_empty=True)
        for turn in draft.turns:
            _check_inside(turn.start, turn.end, length, allow_empty=True)
        sha256 = draft.sha256

        def work(rec: Recorder) -> int:
            if self.store.scalar("SELECT 1 FROM files WHERE sha256 = ?", (sha256,)) is None:
                rec.insert(
                    "files",
                    {"sha256": sha256, "name": draft.file_name, "mime": draft.mime,
                     "size": len(draft.data), "data": draft.data},
                )  # fmt: skip
            source_id: int = rec.insert(
                "sources",
                {"guid": source_guid, "kind": draft.kind.value, "title": title,
                 "file_sha256": sha256, "language": draft.language, "text": draft.text,
                 "imported_at": _now(), "imported_by": self.coder.id,
                 "flags": json.dumps(list(draft.flags)), "bib_key": draft.bib_key,
                 "text_length": len(draft.text),
                 "metadata": json.dumps(asdict(draft.metadata), ensure_ascii=False)},
            )  # fmt: skip
            _insert_pages(rec, source_id, draft.pages)
            _insert_turns(rec, source_id, draft.turns)
            return source_id

        return self._edit(_("Import {title}").format(title=title), work)

    def rename_source(self, source_id: int, title: str) -> Edit[None]:
        self.source(source_id)
        new_title = _required_name(title, _("source"))
        return self._edit(
            _("Rename source"),
            lambda rec: rec.update("sources", source_id, {"title": new_title}),
        )

    def set_source_memo(self, source_id: int, memo: str) -> Edit[None]:
        self.source(source_id)
        return self._edit(
            _("Edit source memo"), lambda rec: rec.update("sources", source_id, {"memo": memo})
        )

    def set_source_language(self, source_id: int, language: str | None) -> Edit[None]:
        self.source(source_id)
        return self._edit(
            _("Set source language"),
            lambda rec: rec.update("sources", source_id, {"language": language or None}),
        )

    def remove_source(self, source_id: int) -> Edit[None]:
        """Remove a source with its codings, pages, turns, case links and attribute values."""
        source = self.source(source_id)

        def work(rec: Recorder) -> None:
            for table in ("segments", "pages", "turns", "case_sources", "attribute_values"):
                rec.delete_where(table, "source_id = ?", (source_id,))
            rec.delete("sources", source_id)
            still_used = self.store.scalar(
                "SELECT 1 FROM sources WHERE file_sha256 = ?", (source.file_sha256,)
            )
            if source.file_sha256 and not still_used:
                rec.delete("files", source.file_sha256)

        return self._edit(_("Remove source {title}").format(title=source.title), work)

    def import_paths(
        self,
        paths: Iterable[Path | str],
        progress: Progress | None = None,
        options: ImportOptions | None = None,
    ) -> ImportReport:
        """Import files and folders, each file in its own transaction and undo step.

        Bibliographies come first, so that the PDFs they link (and PDFs matching their
        entries) are tied to their references. A linked file is followed only inside its
        bibliography's folder (see ``link_within_reach``) unless ``options.allow_external``;
        the others are listed in ``report.outside``. A file that fails is reported with its
        reason and the others go on; a file whose bytes are already in a source is skipped as
        a duplicate; files inside folders that are not imported are listed in
        ``report.skipped``. Cancelling keeps what is done.
        """
        progress = progress or NoProgress()
        options = options or ImportOptions()
        report = ImportReport()
        collected = collect_files(Path(p) for p in paths)
        report.failed.extend(collected.unreadable)
        report.skipped.extend(collected.skipped)
        found = collected.files
        queue = [p for p in found if is_bibliography(p)] + [
            p for p in found if not is_bibliography(p)
        ]
        # The citekey of each linked file (by its real path), the real paths queued so far,
        # and the files queued only because a bibliography links them (read as linked files).
        linked_files: dict[Path, str] = {}
        queued = {_real(p) for p in queue}
        linked_only: set[Path] = set()
        done = 0
        while done < len(queue):
            path = queue[done]
            if progress.cancelled:
                report.cancelled = True
                break
            progress.report(done, len(queue), path.name)
            done += 1

            def work(path: Path = path) -> None:
                if is_bibliography(path):
                    linked = self._import_bibliography(path, options, report)
                    for file, citekey in linked.items():
                        real = _real(file)
                        linked_files.setdefault(real, citekey)
                        if real not in queued:
                            queued.add(real)
                            queue.append(file)
                            linked_only.add(file)
                else:
                    citekey = linked_files.get(_real(path))
                    self._import_source_file(path, citekey, options, report, path in linked_only)

            self._import_one(path, work, report)
        progress.report(len(queue), len(queue), "")
        return report

    def import_linked_files(
        self,
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
            self._import_one(
                link.file,
                lambda link=link: self._import_source_file(
                    link.file, link.citekey, options, report, True
                ),
                report,
            )
        progress.report(len(links), len(links), "")
        return report

    @staticmethod
    def _import_one(path: Path, work: Callable[[], None], report: ImportReport) -> None:
        """Run the import of one file; its failure is reported and the batch goes on."""
        try:
            work()
        except KnownError as error:
            report.failed.append((path, str(error)))
        except Exception as error:  # a bug in one reader must not stop the batch
            log.exception("importing %s failed", path)
            report.failed.append(
                (path, str(ImportFailedError(f"{path.name}: {type(error).__name__}: {error}")))
            )

    def _import_source_file(
        self,
        path: Path,
        citekey: str | None,
        options: ImportOptions,
        report: ImportReport,
        linked: bool = False,
    ) -> None:
        read = read_linked_file if linked else read_source_file
        draft = read(path, options.read_options())
        existing = self.source_with_file(draft.sha256)
        if existing is not None:
            report.duplicates.append((path, existing.title))
            if citekey and not existing.bib_key:
                report.edits.append(self.link_source_to_reference(existing.id, citekey))
                report.linked.append((path, citekey))
            return
        if citekey is None and draft.kind is SourceKind.PDF:
            citekey = self._match_reference(path, draft, report)
        elif citekey is not None:
            report.linked.append((path, citekey))
        if citekey is not None:
            draft = replace(draft, bib_key=citekey)
        edit = self.import_draft(draft, options)
        report.imported.append((path, edit))
        report.edits.append(edit)
        report.problems.extend(draft.problems)

    def _match_reference(self, path: Path, draft: SourceDraft, report: ImportReport) -> str | None:
        from kutip.ingest.matching import match_reference

        entries = self.bib_entries()
        if not entries:
            return None
        match = match_reference(draft.metadata, entries)
        if match.confident and match.citekey:
            report.linked.append((path, match.citekey))
            return match.citekey
        if match.candidates:
            report.unsure.append((path, match.candidates))
        return None

    def _import_bibliography(
        self, path: Path, options: ImportOptions, report: ImportReport
    ) -> dict[Path, str]:
        """Add or update a bibliography's entries; returns the files they link that exist and
        that it may reach (the others go to ``report.outside``)."""
        read = read_bibliography_file(path)
        report.problems.extend(read.problems)
        if not read.entries:
            if not read.problems:
                raise ImportFailedError(
                    _("{name}: no references found in it.").format(name=path.name)
                )
            return {}
        edit = self.upsert_references(read.entries, label=_("Import {name}").format(name=path.name))
        added, updated = edit.value
        report.references.append((path, added, updated))
        report.edits.append(edit)
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

    def import_draft(self, draft: SourceDraft, options: ImportOptions | None = None) -> Edit[int]:
        """Add a read file as a source, with its annotations and its case, as one edit."""
        options = options or ImportOptions()

        def steps() -> int:
            source_id = self.add_source(draft).value
            if options.with_annotations and draft.annotations:
                self._code_annotations(source_id, draft.annotations)
            if options.case:
                case = self.find_case(options.case)
                case_id = case.id if case else self.add_case(options.case).value
                self.link_source_to_case(case_id, source_id)
            return source_id

        return self.compose(_("Import {title}").format(title=draft.title), steps)

    def _code_annotations(self, source_id: int, annotations: Sequence[AnnotationDraft]) -> None:
        """One code per annotation colour, under a parent code, each annotation a coding."""
        parent_name = _(ANNOTATIONS_CODE)
        # Found by its name in English or in the UI language, whichever it was made in.
        names = {ANNOTATIONS_CODE, parent_name}
        parent = next((c for c in self._children(None) if c.name in names), None)
        parent_id = parent.id if parent else self.add_code(parent_name, color="#7f7f7f").value
        by_color: dict[str, int] = {c.color: c.id for c in self._children(parent_id)}
        for annotation in annotations:
            color = _color(annotation.color)
            if color not in by_color:
                by_color[color] = self.add_code(
                    _("Highlight {color}").format(color=color), parent_id=parent_id, color=color
                ).value
            duplicate = self.store.scalar(
                'SELECT 1 FROM segments WHERE source_id = ? AND start = ? AND "end" = ? '
                "AND code_id = ?",
                (source_id, annotation.start, annotation.end, by_color[color]),
            )
            if annotation.end > annotation.start and duplicate is None:
                self.apply_code(
                    source_id, annotation.start, annotation.end, by_color[color], annotation.note
                )

    def set_first_page(self, source_id: int, first_page: int | None) -> Edit[None]:
        """ "The first page is p. N": number pages from N (None: back to the detected labels)."""
        source = self.source(source_id)
        if first_page is not None and not -10_000 < first_page < 100_000:
            raise ValidationError(_("{n} is not a page number.").format(n=first_page))
        return self._edit(
            _("Set page numbers of {title}").format(title=source.title),
            lambda rec: rec.update("sources", source_id, {"first_page": first_page}),
        )

    # -- references -----------------------------------------------------------------------

    def bib_entries(self) -> list[BibEntry]:
        return [
            _bib_entry(r) for r in self.store.query("SELECT * FROM bib_entries ORDER BY citekey")
        ]

    def bib_entry(self, citekey: str) -> BibEntry:
        rows = self.store.query("SELECT * FROM bib_entries WHERE citekey = ?", (citekey,))
        if not rows:
            raise NotFoundError(_("There is no reference {citekey}.").format(citekey=citekey))
        return _bib_entry(rows[0])

    def upsert_references(
        self, entries: Sequence[BibEntryDraft], label: str | None = None
    ) -> Edit[tuple[int, int]]:
        """Add new references and update changed ones in place (by citekey): (added, updated).

        Sources stay linked and codings untouched, so re-importing an updated .bib is safe.
        """
        existing = {e.citekey for e in self.bib_entries()}

        def work(rec: Recorder) -> tuple[int, int]:
            added = updated = 0
            for entry in entries:
                row = {
                    "entry_type": entry.entry_type, "title": entry.title,
                    "authors": json.dumps([str(p) for p in entry.authors], ensure_ascii=False),
                    "year": entry.year, "doi": entry.doi,
                    "fields": json.dumps(entry.fields, ensure_ascii=False),
                    "original": entry.original,
                }  # fmt: skip
                if entry.citekey in existing:
                    before = len(rec.changes)
                    rec.update("bib_entries", entry.citekey, row)
                    updated += len(rec.changes) > before
                else:
                    rec.insert("bib_entries", {"citekey": entry.citekey, **row})
                    existing.add(entry.citekey)
                    added += 1
            return added, updated

        return self._edit(label or _("Import references"), work)

    def link_source_to_reference(self, source_id: int, citekey: str | None) -> Edit[None]:
        """Tie a source to the reference it is (None: untie it)."""
        source = self.source(source_id)
        if citekey is not None:
            self.bib_entry(citekey)
        return self._edit(
            _("Set reference of {title}").format(title=source.title),
            lambda rec: rec.update("sources", source_id, {"bib_key": citekey}),
        )

    # -- codes -----------------------------------------------------------------------------

    def codes(self) -> list[Code]:
        """All codes, in tree order: each parent before its children, siblings by position."""
        rows = self.store.query("SELECT * FROM codes ORDER BY position, id")
        by_parent: dict[int | None, list[Code]] = {}
        for row in rows:
            code = _code(row)
            by_parent.setdefault(code.parent_id, []).append(code)
        ordered: list[Code] = []

        def walk(parent: int | None) -> None:
            for code in by_parent.get(parent, []):
                ordered.append(code)
                walk(code.id)

        walk(None)
        return ordered

    def code(self, code_id: int) -> Code:
        rows = self.store.query("SELECT * FROM codes WHERE id = ?", (code_id,))
        if not rows:
            raise NotFoundError(_("There is no code {id}.").format(id=code_id))
        return _code(rows[0])

    def code_path(self, code_id: int) -> str:
        """``Parent/Child`` names of a code, for display and for naming it on the command line."""
        names: list[str] = []
        current: int | None = code_id
        while current is not None:
            code = self.code(current)
            names.append(code.name)
            current = code.parent_id
        return "/".join(reversed(names))

    def find_code(self, reference: str) -> Code:
        """A code by id, GUID, name or ``Parent/Child`` path (names ignore case)."""
        reference = reference.strip()
        codes = self.codes()
        code_id = typed_id(reference)
        if code_id is not None:
            matches = [c for c in codes if c.id == code_id]
        else:
            wanted = normalise_guid(reference)
            matches = [c for c in codes if c.guid == wanted]
            if not matches:
                folded = reference.casefold()
                matches = [c for c in codes if c.name.casefold() == folded] or [
                    c for c in codes if self.code_path(c.id).casefold() == folded
                ]
        if not matches:
            raise NotFoundError(_("There is no code called {name}.").format(name=reference))
        if len(matches) > 1:
            raise ValidationError(
                _("Several codes are called {name}: {paths}. Name one by its path.").format(
                    name=reference, paths=", ".join(self.code_path(c.id) for c in matches)
                )
            )
        return matches[0]

    def _children(self, parent_id: int | None, excluding: int | None = None) -> list[Code]:
        return [c for c in self.codes() if c.parent_id == parent_id and c.id != excluding]

    def _check_unique_code_name(
        self, name: str, parent_id: int | None, excluding: int | None = None
    ) -> None:
        if any(c.name.casefold() == name.casefold() for c in self._children(parent_id, excluding)):
            raise ValidationError(
                _("There is already a code called {name} here.").format(name=name)
            )

    def _next_color(self) -> str:
        used = {c.color for c in self.codes()}
        return next((c for c in PALETTE if c not in used), PALETTE[len(used) % len(PALETTE)])

    def add_code(
        self,
        name: str,
        *,
        parent_id: int | None = None,
        color: str | None = None,
        definition: str = "",
        when_to_use: str = "",
        when_not_to_use: str = "",
        example: str = "",
        guid: str | None = None,
    ) -> Edit[int]:
        """A new code at the end of its parent's children."""
        code_name = _required_name(name, _("code"))
        if parent_id is not None:
            self.code(parent_id)
        self._check_unique_code_name(code_name, parent_id)
        values = {
            "guid": self._guid_for("codes", guid),
            "parent_id": parent_id,
            "name": code_name,
            "color": _color(color) if color else self._next_color(),
            "position": len(self._children(parent_id)),
            "definition": definition.strip(),
            "when_to_use": when_to_use.strip(),
            "when_not_to_use": when_not_to_use.strip(),
            "example": example.strip(),
        }
        return self._edit(
            _("New code '{name}'").format(name=code_name), lambda rec: rec.insert("codes", values)
        )

    def _add_codebook(self, entries: Sequence[CodebookEntry], parent_id: int | None) -> None:
        for entry in entries:
            code_id = self.add_code(
                entry.name,
                parent_id=parent_id,
                color=entry.color,
                definition=entry.definition,
                when_to_use=entry.when_to_use,
                when_not_to_use=entry.when_not_to_use,
                example=entry.example,
            ).value
            self._add_codebook(entry.children, code_id)

    def rename_code(self, code_id: int, name: str) -> Edit[None]:
        code = self.code(code_id)
        new_name = _required_name(name, _("code"))
        self._check_unique_code_name(new_name, code.parent_id, excluding=code_id)
        return self._edit(
            _("Rename code '{old}' to '{new}'").format(old=code.name, new=new_name),
            lambda rec: rec.update("codes", code_id, {"name": new_name}),
        )

    def recolor_code(self, code_id: int, color: str) -> Edit[None]:
        code = self.code(code_id)
        value = _color(color)
        return self._edit(
            _("Change colour of '{name}'").format(name=code.name),
            lambda rec: rec.update("codes", code_id, {"color": value}),
        )

    def describe_code(
        self,
        code_id: int,
        *,
        definition: str | None = None,
        when_to_use: str | None = None,
        when_not_to_use: str | None = None,
        example: str | None = None,
        memo: str | None = None,
    ) -> Edit[None]:
        """Change any of a code's descriptive fields; those given as None stay as they are."""
        code = self.code(code_id)
        given = {
            "definition": definition,
            "when_to_use": when_to_use,
            "when_not_to_use": when_not_to_use,
            "example": example,
            "memo": memo,
        }
        values = {key: value.strip() for key, value in given.items() if value is not None}
        return self._edit(
            _("Describe code '{name}'").format(name=code.name),
            lambda rec: rec.update("codes", code_id, values) if values else None,
        )

    def _descendants(self, code_id: int) -> list[int]:
        children = [c.id for c in self.codes() if c.parent_id == code_id]
        return children + [d for child in children for d in self._descendants(child)]

    def move_code(
        self, code_id: int, parent_id: int | None, position: int | None = None
    ) -> Edit[None]:
        """Put a code under ``parent_id`` (None: top level) at ``position`` among its siblings."""
        code = self.code(code_id)
        if parent_id is not None:
            self.code(parent_id)
            if parent_id == code_id or parent_id in self._descendants(code_id):
                raise ValidationError(
                    _("A code cannot be moved under itself or one of its subcodes.")
                )
        self._check_unique_code_name(code.name, parent_id, excluding=code_id)
        siblings = self._children(parent_id, excluding=code_id)
        index = len(siblings) if position is None else max(0, min(position, len(siblings)))
        siblings.insert(index, code)

        def work(rec: Recorder) -> None:
            rec.update("codes", code_id, {"parent_id": parent_id})
            _renumber(rec, siblings)
            if code.parent_id != parent_id:
                _renumber(rec, self._children(code.parent_id, excluding=code_id))

        return self._edit(_("Move code '{name}'").format(name=code.name), work)

    def merge_codes(self, merged_id: int, into_id: int) -> Edit[None]:
        """Recode every coding of ``merged_id`` as ``into_id``, move its subcodes, delete it."""
        merged, into = self.code(merged_id), self.code(into_id)
        if merged_id == into_id or into_id in self._descendants(merged_id):
            raise ValidationError(_("A code cannot be merged into itself or one of its subcodes."))

        def work(rec: Recorder) -> None:
            existing = {(s.source_id, s.start, s.end) for s in self.segments(code_id=into_id)}
            for segment in self.segments(code_id=merged_id):
                if (segment.source_id, segment.start, segment.end) in existing:
                    rec.delete("segments", segment.id)
                else:
                    rec.update("segments", segment.id, {"code_id": into_id})
            children = self._children(into_id)
            taken = {c.name.casefold() for c in children}
            for child in self._children(merged_id):
                if child.name.casefold() in taken:
                    raise ValidationError(
                        _("Both codes have a subcode called {name}; merge those first.").format(
                            name=child.name
                        )
                    )
                rec.update("codes", child.id, {"parent_id": into_id})
                children.append(child)
            _renumber(rec, children)
            rec.delete("codes", merged_id)
            _renumber(rec, self._children(merged.parent_id, excluding=merged_id))

        return self._edit(
            _("Merge '{merged}' into '{into}'").format(merged=merged.name, into=into.name), work
        )

    def delete_code(self, code_id: int) -> Edit[int]:
        """Delete a code, its subcodes and all their codings; returns how many codings went."""
        code = self.code(code_id)
        doomed = [code_id, *self._descendants(code_id)]

        def work(rec: Recorder) -> int:
            removed = 0
            for doomed_id in reversed(doomed):  # subcodes before their parents
                removed += rec.delete_where("segments", "code_id = ?", (doomed_id,))
                rec.delete("codes", doomed_id)
            _renumber(rec, self._children(code.parent_id, excluding=code_id))
            return removed

        return self._edit(_("Delete code '{name}'").format(name=code.name), work)

    def code_counts(self) -> dict[int, tuple[int, int]]:
        """Every code's (codings, sources), without its subcodes, in one query."""
        counts = {code.id: (0, 0) for code in self.codes()}
        for row in self.store.query(
            "SELECT code_id, count(*), count(DISTINCT source_id) FROM segments GROUP BY code_id"
        ):
            counts[row[0]] = (int(row[1]), int(row[2]))
        return counts

    def code_usage(self, code_id: int) -> tuple[int, int]:
        """How many codings and how many sources a code has (without its subcodes)."""
        row = self.store.query(
            "SELECT count(*), count(DISTINCT source_id) FROM segments WHERE code_id = ?",
            (code_id,),
        )[0]
        return int(row[0]), int(row[1])

    # -- segments (codings) ----------------------------------------------------------------

    def segments(
        self, *, source_id: int | None = None, code_id: int | None = None
    ) -> list[Segment]:
        """Codings, optionally of one source and/or one code, in source order."""
        where, params = [], []
        if source_id is not None:
            where.append("source_id = ?")
            params.append(source_id)
        if code_id is not None:
            where.append("code_id = ?")
            params.append(code_id)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return [
            _segment(r)
            for r in self.store.query(
                f'SELECT * FROM segments {clause} ORDER BY source_id, start, "end", id', params
            )
        ]

    def segment(self, segment_id: int) -> Segment:
        rows = self.store.query("SELECT * FROM segments WHERE id = ?", (segment_id,))
        if not rows:
            raise NotFoundError(_("There is no coding {id}.").format(id=segment_id))
        return _segment(rows[0])

    def segment_text(self, segment: Segment) -> str:
        return str(
            self.store.scalar(
                "SELECT substr(text, ? + 1, ?) FROM sources WHERE id = ?",
                (segment.start, segment.end - segment.start, segment.source_id),
            )
        )

    def _check_range(self, source_id: int, start: int, end: int) -> None:
        source = self.source(source_id)
        _check_inside(start, end, source.text_length)

    def apply_code(
        self,
        source_id: int,
        start: int,
        end: int,
        code_id: int,
        memo: str = "",
        *,
        guid: str | None = None,
    ) -> Edit[int]:
        """Code ``[start, end)`` of a source's text; returns the new coding's id."""
        self._check_range(source_id, start, end)
        code = self.code(code_id)
        duplicate = self.store.scalar(
            'SELECT id FROM segments WHERE source_id = ? AND start = ? AND "end" = ? '
            "AND code_id = ?",
            (source_id, start, end, code_id),
        )
        if duplicate is not None:
            raise ValidationError(
                _("This passage is already coded '{name}'.").format(name=code.name)
            )
        values = {
            "guid": self._guid_for("segments", guid), "source_id": source_id, "start": start,
            "end": end, "code_id": code_id, "memo": memo, "coder_id": self.coder.id,
            "created": _now(),
        }  # fmt: skip
        return self._edit(
            _("Code '{name}'").format(name=code.name), lambda rec: rec.insert("segments", values)
        )

    def remove_segment(self, segment_id: int) -> Edit[None]:
        segment = self.segment(segment_id)
        code = self.code(segment.code_id)
        return self._edit(
            _("Remove coding '{name}'").format(name=code.name),
            lambda rec: rec.delete("segments", segment_id),
        )

    def set_segment_range(self, segment_id: int, start: int, end: int) -> Edit[None]:
        segment = self.segment(segment_id)
        self._check_range(segment.source_id, start, end)
        return self._edit(
            _("Change coded range"),
            lambda rec: rec.update("segments", segment_id, {"start": start, "end": end}),
        )

    def set_segment_memo(self, segment_id: int, memo: str) -> Edit[None]:
        self.segment(segment_id)
        return self._edit(
            _("Edit coding memo"), lambda rec: rec.update("segments", segment_id, {"memo": memo})
        )

    # -- cases and attributes --------------------------------------------------------------

    def cases(self) -> list[Case]:
        return [
            Case(r["id"], r["guid"], r["name"], r["description"])
            for r in self.store.query("SELECT * FROM cases ORDER BY name COLLATE NOCASE, id")
        ]

    def case(self, case_id: int) -> Case:
        for case in self.cases():
            if case.id == case_id:
                return case
        raise NotFoundError(_("There is no case {id}.").format(id=case_id))

    def find_case(self, name: str) -> Case | None:
        folded = " ".join(name.split()).casefold()
        return next((c for c in self.cases() if c.name.casefold() == folded), None)

    def _check_unique_case_name(self, name: str, excluding: int | None = None) -> None:
        existing = self.find_case(name)
        if existing is not None and existing.id != excluding:
            raise ValidationError(_("There is already a case called {name}.").format(name=name))

    def add_case(self, name: str, description: str = "", *, guid: str | None = None) -> Edit[int]:
        case_name = _required_name(name, _("case"))
        self._check_unique_case_name(case_name)
        values = {
            "guid": self._guid_for("cases", guid),
            "name": case_name,
            "description": description,
        }
        return self._edit(
            _("New case '{name}'").format(name=case_name), lambda rec: rec.insert("cases", values)
        )

    def rename_case(self, case_id: int, name: str) -> Edit[None]:
        self.case(case_id)
        new_name = _required_name(name, _("case"))
        self._check_unique_case_name(new_name, excluding=case_id)
        return self._edit(
            _("Rename case"), lambda rec: rec.update("cases", case_id, {"name": new_name})
        )

    def set_case_description(self, case_id: int, description: str) -> Edit[None]:
        self.case(case_id)
        return self._edit(
            _("Describe case"),
            lambda rec: rec.update("cases", case_id, {"description": description}),
        )

    def remove_case(self, case_id: int) -> Edit[None]:
        """Remove a case with its source links and attribute values (the sources stay)."""
        case = self.case(case_id)

        def work(rec: Recorder) -> None:
            rec.delete_where("case_sources", "case_id = ?", (case_id,))
            rec.delete_where("attribute_values", "case_id = ?", (case_id,))
            rec.delete("cases", case_id)

        return self._edit(_("Remove case '{name}'").format(name=case.name), work)

    def source_cases(self) -> dict[int, list[str]]:
        """The names of the cases each source (or a part of it) belongs to, by source id."""
        names: dict[int, list[str]] = {}
        for row in self.store.query(
            "SELECT DISTINCT l.source_id, c.name FROM case_sources l "
            "JOIN cases c ON c.id = l.case_id ORDER BY c.name COLLATE NOCASE"
        ):
            names.setdefault(row[0], []).append(row[1])
        return names

    def case_sources(self, case_id: int | None = None) -> list[CaseSource]:
        clause, params = ("WHERE case_id = ?", [case_id]) if case_id is not None else ("", [])
        return [
            CaseSource(r["case_id"], r["source_id"], r["start"], r["end"])
            for r in self.store.query(f"SELECT * FROM case_sources {clause} ORDER BY id", params)
        ]

    def link_source_to_case(
        self, case_id: int, source_id: int, start: int | None = None, end: int | None = None
    ) -> Edit[int]:
        """Make a source, or the part ``[start, end)`` of it, belong to a case."""
        case = self.case(case_id)
        if (start is None) != (end is None):
            raise ValidationError(_("Give both the start and the end of the part, or neither."))
        if start is not None and end is not None:
            self._check_range(source_id, start, end)
        else:
            self.source(source_id)
        if any(
            link.source_id == source_id and (link.start, link.end) == (start, end)
            for link in self.case_sources(case_id)
        ):
            raise ValidationError(
                _("This is already part of the case '{name}'.").format(name=case.name)
            )
        values = {"case_id": case_id, "source_id": source_id, "start": start, "end": end}
        return self._edit(
            _("Add to case '{name}'").format(name=case.name),
            lambda rec: rec.insert("case_sources", values),
        )

    def unlink_source_from_case(self, case_id: int, source_id: int) -> Edit[int]:
        """Remove every link of a source (whole or in parts) to a case; returns how many."""
        case = self.case(case_id)
        return self._edit(
            _("Remove from case '{name}'").format(name=case.name),
            lambda rec: rec.delete_where(
                "case_sources", "case_id = ? AND source_id = ?", (case_id, source_id)
            ),
        )

    def attributes(self, scope: AttributeScope | None = None) -> list[Attribute]:
        clause, params = ("WHERE scope = ?", [scope.value]) if scope else ("", [])
        return [
            Attribute(
                r["id"],
                r["guid"],
                r["name"],
                AttributeType(r["type"]),
                AttributeScope(r["scope"]),
                r["description"],
            )
            for r in self.store.query(f"SELECT * FROM attributes {clause} ORDER BY id", params)
        ]

    def attribute(self, attribute_id: int) -> Attribute:
        for attribute in self.attributes():
            if attribute.id == attribute_id:
                return attribute
        raise NotFoundError(_("There is no attribute {id}.").format(id=attribute_id))

    def find_attribute(self, name: str, scope: AttributeScope) -> Attribute | None:
        folded = name.strip().casefold()
        return next((a for a in self.attributes(scope) if a.name.casefold() == folded), None)

    def add_attribute(
        self,
        name: str,
        type: AttributeType,
        scope: AttributeScope = AttributeScope.CASE,
        description: str = "",
        *,
        guid: str | None = None,
    ) -> Edit[int]:
        attribute_name = _required_name(name, _("attribute"))
        if self.find_attribute(attribute_name, scope) is not None:
            raise ValidationError(
                _("There is already an attribute called {name}.").format(name=attribute_name)
            )
        values = {
            "guid": self._guid_for("attributes", guid), "name": attribute_name,
            "type": AttributeType(type).value, "scope": AttributeScope(scope).value,
            "description": description,
        }  # fmt: skip
        return self._edit(
            _("New attribute '{name}'").format(name=attribute_name),
            lambda rec: rec.insert("attributes", values),
        )

    def rename_attribute(self, attribute_id: int, name: str) -> Edit[None]:
        attribute = self.attribute(attribute_id)
        new_name = _required_name(name, _("attribute"))
        existing = self.find_attribute(new_name, attribute.scope)
        if existing is not None and existing.id != attribute_id:
            raise ValidationError(
                _("There is already an attribute called {name}.").format(name=new_name)
            )
        return self._edit(
            _("Rename attribute"),
            lambda rec: rec.update("attributes", attribute_id, {"name": new_name}),
        )

    def remove_attribute(self, attribute_id: int) -> Edit[None]:
        attribute = self.attribute(attribute_id)

        def work(rec: Recorder) -> None:
            rec.delete_where("attribute_values", "attribute_id = ?", (attribute_id,))
            rec.delete("attributes", attribute_id)

        return self._edit(_("Remove attribute '{name}'").format(name=attribute.name), work)

    def attribute_values(self, owner_id: int, scope: AttributeScope) -> dict[str, str]:
        """An owner's (case's or source's) attribute values by attribute name, as stored text."""
        column = "case_id" if scope is AttributeScope.CASE else "source_id"
        return {
            r["name"]: r["value"]
            for r in self.store.query(
                f"SELECT a.name, v.value FROM attribute_values v "
                f"JOIN attributes a ON a.id = v.attribute_id WHERE v.{column} = ? ORDER BY a.id",
                (owner_id,),
            )
        }

    def set_attribute_value(self, attribute_id: int, owner_id: int, value: object) -> Edit[None]:
        """Set (or with None, clear) a case's or source's value of an attribute."""
        attribute = self.attribute(attribute_id)
        if attribute.scope is AttributeScope.CASE:
            column = "case_id"
            self.case(owner_id)
        else:
            column = "source_id"
            self.source(owner_id)
        text = (
            None if value is None or value == "" else parse_attribute_value(attribute.type, value)
        )
        existing = self.store.scalar(
            f"SELECT id FROM attribute_values WHERE attribute_id = ? AND {column} = ?",
            (attribute_id, owner_id),
        )

        def work(rec: Recorder) -> None:
            if text is None:
                if existing is not None:
                    rec.delete("attribute_values", existing)
            elif existing is None:
                rec.insert(
                    "attribute_values",
                    {"attribute_id": attribute_id, column: owner_id, "value": text},
                )
            else:
                rec.update("attribute_values", existing, {"value": text})

        return self._edit(_("Set '{name}'").format(name=attribute.name), work)

    # -- memos -----------------------------------------------------------------------------

    def memos(self) -> list[Memo]:
        return [_memo(r) for r in self.store.query("SELECT * FROM memos ORDER BY created, id")]

    def memo(self, memo_id: int) -> Memo:
        rows = self.store.query("SELECT * FROM memos WHERE id = ?", (memo_id,))
        if not rows:
            raise NotFoundError(_("There is no memo {id}.").format(id=memo_id))
        return _memo(rows[0])

    def add_memo(self, title: str, text: str = "", *, guid: str | None = None) -> Edit[int]:
        memo_title = _required_name(title, _("memo"))
        now = _now()
        values = {
            "guid": self._guid_for("memos", guid), "title": memo_title, "text": text,
            "created": now, "modified": now, "coder_id": self.coder.id,
        }  # fmt: skip
        return self._edit(_("New memo"), lambda rec: rec.insert("memos", values))

    def edit_memo(
        self, memo_id: int, *, title: str | None = None, text: str | None = None
    ) -> Edit[None]:
        self.memo(memo_id)
        values: dict[str, str] = {"modified": _now()}
        if title is not None:
            values["title"] = _required_name(title, _("memo"))
        if text is not None:
            values["text"] = text
        return self._edit(_("Edit memo"), lambda rec: rec.update("memos", memo_id, values))

    def remove_memo(self, memo_id: int) -> Edit[None]:
        self.memo(memo_id)
        return self._edit(_("Remove memo"), lambda rec: rec.delete("memos", memo_id))

    def coders(self) -> list[Coder]:
        return [
            Coder(r["id"], r["guid"], r["name"])
            for r in self.store.query("SELECT * FROM coders ORDER BY id")
        ]


# -- row conversion and shared checks --------------------------------------------------------

_SOURCE_SELECT = (
    "SELECT s.id, s.guid, s.kind, s.title, s.file_sha256, s.language, s.bib_key, s.memo, "
    "s.imported_at, s.imported_by, s.text_length, s.flags, s.first_page "
    "FROM sources s"
)


def _source(row: Any) -> Source:
    return Source(
        id=row["id"], guid=row["guid"], kind=SourceKind(row["kind"]), title=row["title"],
        file_sha256=row["file_sha256"], language=row["language"], bib_key=row["bib_key"],
        memo=row["memo"], imported_at=row["imported_at"], imported_by=row["imported_by"],
        text_length=row["text_length"],
        flags=tuple(json.loads(row["flags"])),
        first_page=row["first_page"],
    )  # fmt: skip


def _bib_entry(row: Any) -> BibEntry:
    return BibEntry(
        citekey=row["citekey"],
        entry_type=row["entry_type"],
        title=row["title"],
        authors=tuple(json.loads(row["authors"])),
        year=row["year"],
        doi=row["doi"],
        fields=json.loads(row["fields"]),
        original=row["original"],
    )


def _code(row: Any) -> Code:
    return Code(
        id=row["id"], guid=row["guid"], parent_id=row["parent_id"], name=row["name"],
        color=row["color"], position=row["position"], definition=row["definition"],
        when_to_use=row["when_to_use"], when_not_to_use=row["when_not_to_use"],
        example=row["example"], memo=row["memo"],
    )  # fmt: skip


def _segment(row: Any) -> Segment:
    return Segment(
        id=row["id"], guid=row["guid"], source_id=row["source_id"], start=row["start"],
        end=row["end"], code_id=row["code_id"], memo=row["memo"], coder_id=row["coder_id"],
        created=row["created"],
    )  # fmt: skip


def _memo(row: Any) -> Memo:
    return Memo(
        row["id"],
        row["guid"],
        row["title"],
        row["text"],
        row["created"],
        row["modified"],
        row["coder_id"],
    )


def _check_inside(start: int, end: int, length: int, *, allow_empty: bool = False) -> None:
    if not (0 <= start <= end <= length) or (start == end and not allow_empty):
        raise ValidationError(
            _("The range {start}–{end} is not inside the text (0–{length}).").format(
                start=start, end=end, length=length
            )
        )


def _renumber(rec: Recorder, codes: Sequence[Code]) -> None:
    for position, code in enumerate(codes):
        rec.update("codes", code.id, {"position": position})


def _insert_pages(rec: Recorder, source_id: int, pages: Sequence[PageDraft]) -> None:
    for page in pages:
        rec.insert(
            "pages",
            {"source_id": source_id, "page_index": page.index, "label": page.label,
             "start": page.start, "end": page.end},
        )  # fmt: skip


def _insert_turns(rec: Recorder, source_id: int, turns: Sequence[TurnDraft]) -> None:
    for turn in turns:
        rec.insert(
            "turns",
            {"source_id": source_id, "start": turn.start, "end": turn.end,
             "speaker": turn.speaker, "time_start": turn.time_start, "time_end": turn.time_end},
        )  # fmt: skip


def _default_coder_name() -> str:
    try:
        return getpass.getuser() or "coder"
    except (KeyError, OSError):  # no user name in this environment (some containers)
        return "coder"
