"""The search index of one project: where it lives, keeping it current, and searching it.

The index is derived data, never the only copy of anything, so every doubt is settled by
rebuilding:

* **Where.** ``<cache>/index/<project guid>``, ``<cache>`` being the ``cache_dir`` argument,
  else ``$KUTIP_CACHE_DIR``, else the user's cache directory (platformdirs). A project copied
  or restored elsewhere finds its index by guid, or rebuilds it.
* **Stamp.** ``kutip-index.json`` holds the schema version, the project guid and the project's
  index generation; if any differs (or the file is missing) the folder is emptied and the
  index rebuilt. So is an index whoosh cannot open or read ("corrupt"), and one whose files
  differ from the checksums ``kutip-files.json`` recorded when they were written: whoosh has no
  checksums of its own, so damage inside a segment would otherwise give wrong hits quietly.
* **Per-source fingerprints** (``records.py``), stored in the index beside each source's
  chunks and committed with them, are compared with the project's sources on opening: changed
  and new sources are indexed again, removed ones deleted. A cancelled rebuild keeps the
  sources it finished, and the next opening goes on from there.
* **Edits.** The index listens to the project's edits and notes which sources they touched
  (imports, removals, undo of either, a new title, reference, first page or case); the next
  search (or ``update()``) brings just those up to date. If another process wrote the index
  (the same project open twice), every fingerprint is checked again.
* **Threads.** One lock guards the index. While ``open()``/``rebuild()`` runs in a worker,
  ``search()`` on another thread raises ``IndexNotReadyError`` with the progress made, rather
  than searching a half-built index.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import logging
import os
import re
import shutil
import tempfile
import threading
import traceback
import warnings
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter, LockError

from kutip.errors import KnownError, ValidationError, disk_full_error, is_disk_full
from kutip.i18n import _
from kutip.model import Segment, Source
from kutip.progress import Cancelled, NoProgress, Progress
from kutip.project import Edit, Project
from kutip.search import analysis
from kutip.search.analysis import VALUE_SEPARATOR, warm_up
from kutip.search.chunks import chunk_source
from kutip.search.fields import CHUNK, SCHEMA_VERSION, SOURCE, kutip_schema
from kutip.search.hits import Hit, SearchResults
from kutip.search.index_files import check_files, read_json, record_checksums, signature, write_json
from kutip.search.matching import ChunkMatches, MatchSpec, find_matches, make_snippet, match_spec
from kutip.search.query import ParsedQuery, parse_query
from kutip.search.records import RecordReader, SourceRecord

log = logging.getLogger(__name__)

STAMP_FILE = "kutip-index.json"
#: Stems computed for every project's words, beside the projects' index folders: a rebuild
#: (or a new session showing hits) need not run Sastrawi on a known vocabulary again.
STEMS_FILE = "stems.json"
CACHE_ENV = "KUTIP_CACHE_DIR"
#: Tables whose changes can change what a source's chunks hold.
_SOURCE_TABLES = {"sources", "pages", "turns", "case_sources"}
_ALL_SOURCES_TABLES = {"cases", "bib_entries"}
_TEXTS_KEPT = 64
_WRITER_MB = 128
_SEPARATOR = f" {VALUE_SEPARATOR} "


class IndexNotReadyError(KnownError):
    """The index is being built (in another thread) or must be brought up to date first."""

    def __init__(self, percent: int | None = None) -> None:
        self.percent = percent
        if percent is None:
            message = _("The search index is being updated. Search again in a moment.")
        else:
            message = _(
                "The search index is being rebuilt ({percent}%). Search again when it is done."
            ).format(percent=percent)
        super().__init__(message)


class IndexBusyError(KnownError):
    """Another Kutip process is writing this project's index."""


def cache_root(cache_dir: Path | str | None = None) -> Path:
    """Kutip's cache directory: the argument, else ``$KUTIP_CACHE_DIR``, else the user's."""
    if cache_dir is not None:
        return Path(cache_dir)
    from_env = os.environ.get(CACHE_ENV)
    return Path(from_env) if from_env else platformdirs.user_cache_path("kutip")


def index_dir(project_guid: str, cache_dir: Path | str | None = None) -> Path:
    """The folder of a project's index.

    The guid comes from the project file; anything but a plain guid is hashed, so that a
    crafted file cannot point the index (which is deleted when damaged) outside the cache.
    """
    name = project_guid.strip().lower()
    if not re.fullmatch(r"[0-9a-f-]{8,64}", name):
        name = "p" + hashlib.sha256(project_guid.encode("utf-8")).hexdigest()[:32]
    return cache_root(cache_dir) / "index" / name


@dataclass
class _Pending:
    """What the project's edits touched since the index was last brought up to date."""

    source_ids: set[int]
    everything: bool = False
    generation_changed: bool = False


class SearchIndex:
    """The search index of an open project. Use as a context manager, or ``close()`` it."""

    def __init__(
        self, project: Project, *, cache_dir: Path | str | None = None, watch: bool = True
    ) -> None:
        self.project = project
        self.path = index_dir(project.guid, cache_dir)
        self._lock = threading.RLock()
        self._ix: Any = None
        self._searcher: Searcher | None = None
        self._stamps: tuple[Searcher, set[int]] | None = None
        # The index's table of contents as we last wrote or read it: (name, mtime, size).
        self._signature: tuple[str, int, int] | None = None
        self._fingerprints: dict[str, str] = {}  # source guid -> fingerprint, as indexed
        self._text_hashes: dict[tuple[str, int], str] = {}
        self._sources: dict[str, Source] = {}  # by guid, as of the last sync
        self._stems_file = self.path.parent / STEMS_FILE
        self._stems_saved = -1  # how many stems stems.json held when last read or written
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._checked = False  # compared with every source of the project at least once
        self._pending = _Pending(set())
        self._pending_lock = threading.Lock()
        self._busy = 0  # how many threads are bringing the index up to date
        self._written: tuple[int, int] | None = None  # (done, total) while writing
        self._unsubscribe = project.subscribe(self._on_edit) if watch else None
        #: The folder of this session's index when its own folder cannot be written.
        self._elsewhere: Path | None = None

    # -- life cycle ----------------------------------------------------------------------------

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        with self._lock:
            self._close_whoosh()
            if self._elsewhere is not None:
                shutil.rmtree(self._elsewhere, ignore_errors=True)

    def open(self, progress: Progress | None = None) -> None:
        """Make the index current: create, repair or rebuild it as needed (with progress).

        Meant for a worker thread when a project is opened; ``Cancelled`` keeps what was done.
        """
        with self._updating():
            self._bring_up_to_date(progress or NoProgress(), check_all=True)

    def rebuild(self, progress: Progress | None = None) -> None:
        """Delete the index and build it again from the project."""
        with self._updating():
            self._close_whoosh()
            self._wipe()
            self._bring_up_to_date(progress or NoProgress(), check_all=True)

    def update(self, progress: Progress | None = None) -> None:
        """Index what the project's edits changed since the last search or update."""
        with self._updating():
            self._bring_up_to_date(progress or NoProgress(), check_all=False)

    @property
    def building(self) -> bool:
        """Whether the index is being built or updated (``search`` then says so)."""
        return self._busy > 0

    @contextmanager
    def _updating(self) -> Iterator[None]:
        """Hold the lock to change the index, letting searches on other threads know."""
        with self._pending_lock:
            self._busy += 1
        try:
            with self._lock:
                yield
        finally:
            with self._pending_lock:
                self._busy -= 1

    def needs_update(self) -> bool:
        """Whether the next search will first have to index something."""
        with self._pending_lock:
            pending = bool(self._pending.source_ids or self._pending.everything)
        return self._ix is None or not self._checked or pending or self._written_elsewhere()

    # -- searching ---------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        exact: bool = False,
        limit: int | None = 100,
        in_code: int | None = None,
        uncoded: bool = False,
        update: bool = True,
    ) -> SearchResults:
        """Search the project; hits best first, word-for-word matches before stem-only ones.

        ``exact``: match words as written (folded), never through stems. ``limit``: at most
        this many hits (None: all). ``in_code``: only matches inside a coding with this code;
        ``uncoded``: only matches inside no coding at all. ``update``: index the project's
        recent edits first (False: raise ``IndexNotReadyError`` instead, e.g. on a GUI thread
        that must not wait). Raises ``QuerySyntaxError`` for a query that cannot be read.
        """
        if limit is not None and limit < 0:
            raise ValidationError(_("The number of hits to show cannot be negative."))
        if in_code is not None and uncoded:
            raise ValidationError(_("Search inside a code or in uncoded text, not both at once."))
        if in_code is not None:
            self.project.codes.get(in_code)
        parsed = parse_query(query, exact=exact)
        self._enter_for_search()
        try:
            if self.needs_update():
                if not update:
                    raise IndexNotReadyError()
                with self._updating():
                    self._bring_up_to_date(NoProgress(), check_all=False)
            failure: Exception | None = None
            try:
                return self._search(parsed, limit, in_code, uncoded)
            except (KnownError, Cancelled):
                raise
            except Exception as error:
                # Whoosh fails in many ways on damaged files (EOFError, struct.error, zlib …).
                failure = error
            with _quiet_leaks():
                log.warning("searching %s failed; rebuilding it: %s", self.path, _told(failure))
                del failure
                self._close_whoosh()
                self._wipe()
            if not update:
                raise IndexNotReadyError()
            with self._updating():
                self._bring_up_to_date(NoProgress(), check_all=True)
            return self._search(parsed, limit, in_code, uncoded)
        finally:
            self._lock.release()

    def _enter_for_search(self) -> None:
        """Take the lock, unless another thread holds it to bring the index up to date."""
        if not self.building:
            self._lock.acquire()
        elif not self._lock.acquire(blocking=False):
            written = self._written
            if written is None:
                raise IndexNotReadyError()
            done, total = written
            raise IndexNotReadyError(min(99, int(100 * done / total)) if total else 0)

    def _search(
        self, parsed: ParsedQuery, limit: int | None, in_code: int | None, uncoded: bool
    ) -> SearchResults:
        searcher = self._current_searcher()
        filtered = in_code is not None or uncoded
        ranked, exact_docs, total = self._ranked(searcher, parsed, None if filtered else limit)
        spec = match_spec(parsed.main, searcher.reader())
        sources = self._sources
        segments = self._filter_segments(in_code, uncoded)
        hits: list[Hit] = []
        if filtered:
            total = 0
        for docnum, score in ranked:
            fields = searcher.stored_fields(docnum)
            source = sources.get(fields["source"])
            if source is None:
                continue
            text = self._text(source)
            found = find_matches(spec, text, fields["start"], fields["end"])
            if segments is not None:
                kept = _filtered(found, segments.get(source.id, ()), fields, uncoded)
                if kept is None:
                    continue
                found = kept
                total += 1
            if limit is None or len(hits) < limit:
                hits.append(_hit(source, fields, score, found, text, docnum in exact_docs))
        return SearchResults(parsed.text, hits, total, parsed.exact_only)

    def _ranked(
        self, searcher: Searcher, parsed: ParsedQuery, limit: int | None
    ) -> tuple[list[tuple[int, float]], set[int], int]:
        """The best (docnum, score): word-for-word matches by score, then stem-only ones.

        Two top-N searches rather than sets of every matching chunk (whoosh keeps only a
        heap of the best N, and counts the rest). The word-for-word query is the main one with exact
        words only (negations kept), so its matches are main matches; if it fills fewer
        than N places it found all of them, and the main search's best N then hold enough
        stem-only chunks to fill the rest. Also returns the docnums known to match word for
        word, and how many chunks match in all.
        """
        stamps = self._stamp_docs(searcher)
        limit = None if limit is None else max(limit, 1)  # whoosh fails on a limit of 0
        # optimize=False: whoosh's block-quality skipping is no faster here and loses the count.
        exact = searcher.search(parsed.exact, limit=limit, mask=stamps, optimize=False)
        ranked = [(hit.docnum, hit.score or 0.0) for hit in exact]
        exact_docs = {docnum for docnum, _ in ranked}
        if parsed.exact_only:
            return ranked, exact_docs, len(exact)
        main = searcher.search(parsed.main, limit=limit, mask=stamps, optimize=False)
        if limit is None or len(ranked) < limit:
            others = [(h.docnum, h.score or 0.0) for h in main if h.docnum not in exact_docs]
            ranked += others if limit is None else others[: limit - len(ranked)]
        return ranked, exact_docs, len(main)

    def _stamp_docs(self, searcher: Searcher) -> set[int]:
        """The source stamps' docnums, which no search returns (cached per searcher)."""
        if self._stamps is None or self._stamps[0] is not searcher:
            self._stamps = (searcher, set(searcher.docs_for_query(wq.Term("doctype", SOURCE))))
        return self._stamps[1]

    def _filter_segments(
        self, in_code: int | None, uncoded: bool
    ) -> dict[int, list[Segment]] | None:
        if in_code is None and not uncoded:
            return None
        by_source: dict[int, list[Segment]] = {}
        for segment in self.project.codings.all(code_id=in_code):
            by_source.setdefault(segment.source_id, []).append(segment)
        return by_source

    def _text(self, source: Source) -> str:
        text = self._texts.get(source.guid)
        if text is None:
            text = self.project.sources.text(source.id)
            self._texts[source.guid] = text
            if len(self._texts) > _TEXTS_KEPT:
                self._texts.popitem(last=False)
        else:
            self._texts.move_to_end(source.guid)
        return text

    # -- keeping the index current -----------------------------------------------------------

    def _on_edit(self, edit: Edit[Any]) -> None:
        """Note which sources an edit touched (cheap: this runs right after every commit)."""
        touched: set[int] = set()
        everything = generation = False
        for change in edit.changes:
            if change.table == "sources":
                touched.add(change.key)
            elif change.table in _SOURCE_TABLES:
                row = change.after or change.before or {}
                if row.get("source_id") is not None:
                    touched.add(row["source_id"])
            elif change.table in _ALL_SOURCES_TABLES:
                everything = True
            elif change.table == "project" and change.key == "index_generation":
                everything = generation = True
        if touched or everything:
            with self._pending_lock:
                self._pending.source_ids |= touched - {None}
                self._pending.everything |= everything
                self._pending.generation_changed |= generation

    def _written_elsewhere(self) -> bool:
        """Whether the index files changed under us (another process, or damage)."""
        if self._ix is None or self._signature is None:
            return False
        return signature(self.path) != self._signature

    def _bring_up_to_date(self, progress: Progress, *, check_all: bool) -> None:
        with self._pending_lock:
            pending, self._pending = self._pending, _Pending(set())
        try:
            if pending.generation_changed or self._written_elsewhere():
                # Open it again, checking it as on any opening (another Kutip process wrote
                # it, or it was damaged); the text hashes are checked again too.
                self._close_whoosh()
                self._text_hashes.clear()
            if self._ix is None:
                self._ix = self._open_or_create()
                self._signature = signature(self.path)
            if not self._checked:
                check_all = True
            self._sync(progress, None if check_all or pending.everything else pending.source_ids)
            self._checked = True
        except BaseException:
            with self._pending_lock:  # try again next time
                self._pending.source_ids |= pending.source_ids
                self._pending.everything |= pending.everything or not self._checked
            raise
        finally:
            self._written = None

    def _open_or_create(self) -> Any:
        stamp = self._stamp()
        failure: Exception | None = None
        try:
            # Not whoosh's exists_in(): it opens the index and, if that fails, leaks a file.
            if stamp == read_json(self.path / STAMP_FILE) and any(self.path.glob("*.toc")):
                check_files(self.path)
                ix = whoosh_index.open_dir(str(self.path))
                self._fingerprints = self._validate(ix)
                self._load_stems()
                return ix
        except Exception as error:
            failure = error
        if failure is not None:
            # Only after a failure: collecting garbage on a worker thread could finalise GUI
            # objects there, which Qt does not survive.
            with _quiet_leaks():
                log.warning(
                    "the index at %s is damaged; rebuilding it: %s", self.path, _told(failure)
                )
                del failure
        self._load_stems()
        try:
            ix = self._create(stamp)
        except OSError as error:
            # The folder cannot be made or written here (a file in its place that cannot go,
            # a read-only or full disk, no permission): build it in a folder of its own for
            # this session instead, and say so only in the log.
            if self._elsewhere is not None:
                raise self._unwritable(error) from None
            try:
                self._elsewhere = Path(tempfile.mkdtemp(prefix="kutip-index-"))
            except OSError:
                raise self._unwritable(error) from None
            log.warning(
                "the index cannot be written at %s (%s); building it in %s for this session",
                self.path,
                error,
                self._elsewhere,
            )
            self.path = self._elsewhere
            try:
                ix = self._create(stamp)
            except OSError as again:
                raise self._unwritable(again) from None
        self._fingerprints = {}
        self._text_hashes.clear()
        return ix

    def _create(self, stamp: dict[str, Any]) -> Any:
        self._wipe()
        self.path.mkdir(parents=True, exist_ok=True)
        ix = whoosh_index.create_in(str(self.path), kutip_schema())
        record_checksums(self.path)
        write_json(self.path / STAMP_FILE, stamp)
        return ix

    def _unwritable(self, error: OSError) -> KnownError:
        if is_disk_full(error):
            return disk_full_error(self.path)
        return KnownError(
            _("The search index cannot be written in {folder} ({reason}).").format(
                folder=self.path, reason=error.strerror or error
            )
        )

    def _load_stems(self) -> None:
        if self._stems_saved < 0:
            self._stems_saved = analysis.remember_stems(read_json(self._stems_file))

    def _stamp(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "project": self.project.guid,
            "generation": self.project.setting("index_generation") or "0",
        }

    def _validate(self, ix: Any) -> dict[str, str]:
        """Read what an opened index must be able to give; raises if it cannot."""
        if set(ix.schema.names()) != set(kutip_schema().names()):
            raise ValueError("the index has another schema")
        with ix.searcher() as searcher:
            fingerprints = _fingerprints(searcher)
            reader = searcher.reader()
            for fieldname in ("exact", "text_id", "text_en"):
                # Reading a few terms of each field decodes its term files: damage raises here.
                list(itertools.islice(reader.lexicon(fieldname), 3))
            searcher.search(wq.Every(), limit=3)
            for docnum in range(min(reader.doc_count_all(), 3)):
                searcher.stored_fields(docnum)
        return fingerprints

    def _sync(self, progress: Progress, only: set[int] | None) -> None:
        """Index the sources whose fingerprints changed (among ``only``, None: all)."""
        sources = self.project.sources.all()
        # Kept for hits: the edits that change a source (its title, say) make the next
        # search sync first, so this stays current without a query per hit.
        self._sources = {s.guid: s for s in sources}
        current = set(self._sources)
        removed = [guid for guid in self._fingerprints if guid not in current]
        candidates = [
            s for s in sources if only is None or s.id in only or s.guid not in self._fingerprints
        ]
        reader = RecordReader(self.project, self._text_hashes)
        changed = [
            record
            for record in reader.records(candidates)
            if self._fingerprints.get(record.guid) != record.fingerprint
        ]
        if not removed and not changed:
            return
        warm_up()
        self._write(progress, removed, changed)

    def _write(
        self, progress: Progress, removed: Sequence[str], changed: Sequence[SourceRecord]
    ) -> None:
        try:
            writer = self._ix.writer(limitmb=_WRITER_MB, timeout=5.0)
        except LockError:
            raise IndexBusyError(
                _("The search index of {name} is being written by another Kutip.").format(
                    name=self.project.name
                )
            ) from None
        total = sum(max(r.source.text_length, 1) for r in changed) or 1
        done = 0
        try:
            for guid in removed:
                writer.delete_by_term("source", guid)
                self._fingerprints.pop(guid, None)
            for record in changed:
                if progress.cancelled:
                    raise Cancelled
                self._written = (done, total)
                progress.report(
                    done, total, _("Indexing {title}").format(title=record.source.title)
                )
                if record.guid in self._fingerprints:
                    writer.delete_by_term("source", record.guid)
                self._add_source(writer, record)
                self._fingerprints[record.guid] = record.fingerprint
                done += max(record.source.text_length, 1)
            progress.report(total, total, "")
        except Cancelled:
            self._commit(writer)
            raise
        except BaseException as error:
            writer.cancel()
            self._close_whoosh()  # forget fingerprints noted for the cancelled writes
            if is_disk_full(error):
                raise disk_full_error(self.path) from None
            raise
        try:
            self._commit(writer)
        except OSError as error:
            self._close_whoosh()
            if is_disk_full(error):
                raise disk_full_error(self.path) from None
            raise

    def _commit(self, writer: IndexWriter) -> None:
        writer.commit()
        record_checksums(self.path)
        self._signature = signature(self.path)
        self._forget_searcher()
        if analysis.stem_count() != self._stems_saved:
            try:
                write_json(self._stems_file, analysis.known_stems())
            except OSError as error:  # a cache, kept when it can be: the stems are known
                log.info("cannot save the stems in %s: %s", self._stems_file, error)
            self._stems_saved = analysis.stem_count()

    def _add_source(self, writer: IndexWriter, record: SourceRecord) -> None:
        text = self.project.sources.text(record.source.id)
        titles = _SEPARATOR.join(record.titles)
        authors = _SEPARATOR.join(record.authors)
        kind = record.kind_words()
        for chunk in chunk_source(text, record.pages, record.turns):
            page = record.pages[chunk.page] if chunk.page is not None else None
            turn = record.turns[chunk.turn] if chunk.turn is not None else None
            cases = _SEPARATOR.join(
                c.name for c in record.cases if c.covers(chunk.start, chunk.end)
            )
            body = text[chunk.start : chunk.end]
            document: dict[str, Any] = {
                "doctype": CHUNK,
                "chunk": f"{record.guid}:{chunk.start}",
                "source": record.guid,
                "start": chunk.start,
                "end": chunk.end,
                "place": (
                    page.index if page else None,
                    page.label if page else None,
                    chunk.turn,
                    turn.speaker if turn else None,
                    turn.time_start if turn else None,
                    turn.time_end if turn else None,
                ),
                "text_en": body,
                "text_id": body,
                "exact": body,
                "kind": kind,
            }
            optional = {"title": titles, "author": authors, "case": cases}
            document.update({k: v for k, v in optional.items() if v})
            if turn is not None and turn.speaker:
                document["speaker"] = turn.speaker
            if record.year is not None:
                document["year"] = record.year
            writer.add_document(**document)
        writer.add_document(
            doctype=SOURCE,
            chunk=record.guid,
            source=record.guid,
            fingerprint=record.fingerprint,
        )

    # -- whoosh objects and files --------------------------------------------------------------

    def _current_searcher(self) -> Searcher:
        if self._searcher is None:
            self._searcher = self._ix.searcher()
        return self._searcher

    def _forget_searcher(self) -> None:
        if self._searcher is not None:
            try:
                self._searcher.close()
            except Exception:
                log.debug("closing a searcher failed", exc_info=True)
            self._searcher = None

    def _close_whoosh(self) -> None:
        self._forget_searcher()
        if self._ix is not None:
            try:
                self._ix.close()
            except Exception:
                log.debug("closing the index failed", exc_info=True)
        self._ix = None
        self._signature = None
        self._fingerprints = {}
        self._checked = False

    def _wipe(self) -> None:
        if self.path.is_symlink() or self.path.is_file():
            self.path.unlink()
        elif self.path.exists():
            shutil.rmtree(self.path, ignore_errors=True)


@contextmanager
def _quiet_leaks() -> Iterator[None]:
    """Free, without a ``ResourceWarning``, the files whoosh left open when it failed.

    Whoosh does not close a file it fails to read (a damaged table of contents, say); the
    file goes with the exception's traceback, which the caller drops inside this block.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        yield
        gc.collect()


def _told(error: BaseException | None) -> str:
    """An exception as text: a log record must not keep its traceback (and files) alive."""
    return "".join(traceback.format_exception(error)) if error is not None else ""


def _fingerprints(searcher: Searcher) -> dict[str, str]:
    return {
        fields["source"]: fields["fingerprint"] for fields in searcher.documents(doctype=SOURCE)
    }


def _hit(
    source: Source,
    fields: dict[str, Any],
    score: float,
    found: ChunkMatches,
    text: str,
    exact: bool,
) -> Hit:
    page_index, page_label, turn_index, speaker, time_start, time_end = fields["place"]
    start, end = fields["start"], fields["end"]
    return Hit(
        source_id=source.id,
        source_guid=source.guid,
        source_title=source.title,
        start=start,
        end=end,
        score=float(score),
        matches=found.words,
        spans=found.spans,
        snippet=make_snippet(text, start, end, found.spans),
        exact=exact,
        page_index=page_index,
        page_label=page_label,
        turn_index=turn_index,
        speaker=speaker,
        time_start=time_start,
        time_end=time_end,
    )


def _inside(start: int, end: int, segments: Iterable[Segment]) -> bool:
    return any(s.start <= start and end <= s.end for s in segments)


def _filtered(
    found: ChunkMatches, segments: Sequence[Segment], fields: dict[str, Any], uncoded: bool
) -> ChunkMatches | None:
    """The matches a code filter keeps (None: drop the hit).

    ``uncoded``: matches inside no coding; else (``in_code``, ``segments`` being that code's
    codings): matches inside one. A hit without matched words (a query on fields only)
    is kept by its chunk: overlapping a coding of the code, or not wholly inside any coding.
    """
    start, end = fields["start"], fields["end"]
    overlapping = [s for s in segments if s.start < end and start < s.end]
    if not found.words:
        if uncoded:
            return None if _inside(start, end, overlapping) else found
        return found if overlapping else None
    if not overlapping:
        return found if uncoded else None
    words = tuple(w for w in found.words if _inside(*w, overlapping) != uncoded)
    if not words:
        return None
    spans = tuple(s for s in found.spans if _inside(*s, overlapping) != uncoded)
    return ChunkMatches(words, spans or words)


__all__ = [
    "CACHE_ENV",
    "IndexBusyError",
    "IndexNotReadyError",
    "MatchSpec",
    "SearchIndex",
    "cache_root",
    "index_dir",
]
