"""Reading scanned pages by OCR: in worker processes, page by page, with progress and Cancel;
and reading a source's pages again (in other languages) as one undo step.

Two entry points, shared by ``kutip import``/``kutip ocr`` and the window:

* ``PageReader`` is what the import gives the PDF reader (``ReadOptions.ocr``): it reads the
  pages the reader found scanned, reporting "OCR: page 3 of 20" as each one is done.
* ``read_again`` reads a source's pages by OCR once more — in other languages, or every page
  when its text layer is garbage — and replaces the source's text as one edit, moving every
  coding and case range onto the same words of the new text (``kutip.services.reread``).

Pages are read in parallel by worker processes (PyMuPDF refuses Tesseract on two threads of one
process): one per core, up to the number of pages. Each worker opens the PDF once and reads the
pages it is handed; a worker that dies (Tesseract crashing on a page) loses only that page, and
Cancel ends the workers at once, mid-page. ``OcrSettings(workers=0)`` reads in this process
instead (the benchmark's baseline).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kutip.errors import ValidationError
from kutip.i18n import _
from kutip.ingest.pdf.ocr import (
    DPI,
    OcrPageError,
    OcrRead,
    PageOcr,
    open_in_worker,
    read_in_worker,
    read_page,
)
from kutip.ingest.pdf.reader import MUPDF_LOCK, quiet_mupdf
from kutip.ingest.pdf.tessdata import (
    DEFAULT_LANGUAGE,
    OcrUnavailableError,
    find_tessdata,
    language_label,
    parse_language,
)
from kutip.model import SourceKind
from kutip.progress import Cancelled, NoProgress, Progress
from kutip.project import Project
from kutip.services.reread import RereadReport, reread_source

log = logging.getLogger(__name__)

#: More workers than this gain little (memory: ~150 MB each) on the machines Kutip runs on.
MAX_WORKERS = 4
#: How often (seconds) a wait for the workers looks at Cancel and at dead workers.
_POLL = 0.2


@dataclass(frozen=True)
class OcrSettings:
    """How pages are read by OCR."""

    #: Tesseract's language codes joined by "+", as the user gave them.
    language: str = DEFAULT_LANGUAGE
    dpi: int = DPI
    #: Worker processes: None, one per core up to the pages (at most ``MAX_WORKERS``); 0, none:
    #: the pages are read in this process, one after the other.
    workers: int | None = None
    #: Tesseract's language data, if not where ``kutip.ingest.pdf.ocr.find_tessdata`` looks.
    tessdata: Path | None = None


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class PageReader:
    """Reads pages of a PDF by OCR for the PDF reader (``ReadOptions.ocr``).

    Raises ``OcrUnavailableError`` (saying what to install) when a language's data is missing,
    ``ValidationError`` for a language list that is none, and ``Cancelled`` when the user
    stops it.
    """

    def __init__(
        self,
        settings: OcrSettings,
        progress: Progress | None = None,
        *,
        unless: Callable[[bytes], bool] | None = None,
    ) -> None:
        """``unless(data)`` true: the file is not worth reading (nothing is read)."""
        self.settings = settings
        self.progress = progress or NoProgress()
        self._unless = unless

    def __call__(self, data: bytes, password: str | None, pages: list[int]) -> OcrRead:
        language = parse_language(self.settings.language)
        if self._unless is not None and self._unless(data):
            return OcrRead(language, {})
        tessdata = find_tessdata(language, self.settings.tessdata)
        layers: dict[int, bytes] = {}
        problems: list[str] = []
        total = len(pages)
        self._report(0, total)
        for done, (index, layer, problem) in enumerate(
            self._read(data, password, pages, language, tessdata), start=1
        ):
            if layer is not None:
                layers[index] = layer
            else:
                problems.append(problem)
            self._report(done, total)
        return OcrRead(language, layers, tuple(problems))

    def _report(self, done: int, total: int) -> None:
        if self.progress.cancelled:
            raise Cancelled
        self.progress.report(done, total, _("OCR: page {n} of {total}").format(
            n=min(done + 1, total), total=total))  # fmt: skip

    def _read(
        self, data: bytes, password: str | None, pages: list[int], language: str, tessdata: Path
    ) -> Iterator[tuple[int, bytes | None, str]]:
        workers = self.settings.workers
        if workers is None:
            workers = min(usable_cores(), len(pages), MAX_WORKERS)
        if workers == 0:
            yield from self._read_here(data, password, pages, language, tessdata)
            return
        initargs = (data, password, language, tessdata, self.settings.dpi)
        with _Workers(workers, initargs) as pool:
            yield from pool.read(pages, self.progress)

    def _read_here(
        self, data: bytes, password: str | None, pages: list[int], language: str, tessdata: Path
    ) -> Iterator[tuple[int, bytes | None, str]]:
        import pymupdf

        for index in pages:
            if self.progress.cancelled:
                raise Cancelled
            with MUPDF_LOCK, quiet_mupdf():
                document = pymupdf.open(stream=data, filetype="pdf")
                try:
                    if document.needs_pass:
                        document.authenticate(password or "")
                    page = document.load_page(index)
                    layer = read_page(page, language, tessdata, self.settings.dpi)
                except OcrPageError as error:
                    yield index, None, str(error)
                    continue
                finally:
                    document.close()
            yield index, layer, ""


def _serve(initargs: tuple[Any, ...], tasks: Any, results: Any) -> None:
    """A worker process: open the PDF, then read each page handed to it until told to stop."""
    open_in_worker(*initargs)
    pid = os.getpid()
    while (index := tasks.get()) is not None:
        results.put((pid, index, None))  # begun: if this process dies, the page is lost
        results.put((pid, index, read_in_worker(index)))


class _Workers:
    """Worker processes reading pages handed out through a queue; ended when the block ends."""

    def __init__(self, count: int, initargs: tuple[Any, ...]) -> None:
        self._context = multiprocessing.get_context("spawn")  # fork is unsafe beside Qt's threads
        self._initargs = initargs
        self._tasks = self._context.Queue()
        self._results = self._context.Queue()
        self._count = count
        self._processes: list[Any] = []

    def __enter__(self) -> _Workers:
        for _worker in range(self._count):
            self._start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        for process in self._processes:
            if process.is_alive():
                process.terminate()
        for process in self._processes:
            process.join(timeout=5)
        self._tasks.close()
        self._results.close()

    def _start(self) -> None:
        process = self._context.Process(
            target=_serve, args=(self._initargs, self._tasks, self._results), daemon=True
        )
        process.start()
        self._processes.append(process)

    def read(
        self, pages: Sequence[int], progress: Progress
    ) -> Iterator[tuple[int, bytes | None, str]]:
        for index in pages:
            self._tasks.put(index)
        for _worker in range(self._count):
            self._tasks.put(None)  # one "stop" for each worker; one that dies leaves its own
        outstanding = set(pages)
        begun: dict[int, int] = {}  # worker's pid → the page it is reading
        while outstanding:
            if progress.cancelled:
                raise Cancelled
            try:
                pid, index, result = self._results.get(timeout=_POLL)
            except queue.Empty:
                yield from self._lost(begun, outstanding)
                continue
            if result is None:
                begun[pid] = index
            elif index in outstanding:
                begun.pop(pid, None)
                outstanding.discard(index)
                yield result

    def _lost(
        self, begun: dict[int, int], outstanding: set[int]
    ) -> Iterator[tuple[int, bytes | None, str]]:
        """The pages of workers that died reading them; a new worker takes each one's place.

        A worker that dies before reading a page (it could not even start) is not replaced:
        when none is left, OCR cannot run here.
        """
        for process in list(self._processes):
            if process.exitcode in (None, 0):
                continue
            self._processes.remove(process)
            index = begun.pop(process.pid, None)
            log.warning("OCR worker %s ended (%s) on page %s", process.pid, process.exitcode, index)
            if index is None:
                continue
            if index in outstanding:
                outstanding.discard(index)
                yield (
                    index,
                    None,
                    _("page {n}: OCR stopped on it unexpectedly.").format(n=index + 1),
                )
            if outstanding:
                self._start()
        if outstanding and not any(p.is_alive() for p in self._processes):
            raise OcrUnavailableError(
                _("OCR could not start its worker processes; the log file says why.")
            )


# --------------------------------------------------------------------------------------------
# Reading a source again


def read_again(
    project: Project,
    source_id: int,
    settings: OcrSettings,
    progress: Progress | None = None,
    *,
    every_page: bool = False,
    ocr: PageOcr | None = None,
) -> RereadReport:
    """Read a PDF source's scanned pages by OCR again (in ``settings.language``), or, with
    ``every_page``, all its pages (for a text layer that is garbage): one edit, through
    ``kutip.services.reread`` — codings and case ranges move with the words they cover.

    Raises ``OcrUnavailableError`` when the language data is missing, ``Cancelled`` if the user
    stops it (nothing changes). ``ocr`` reads the pages instead of Tesseract (the tests'
    stand-in).
    """
    source = project.sources.get(source_id)
    if source.kind is not SourceKind.PDF:
        raise ValidationError(
            _("“{title}” is not a PDF: only the pages of a PDF can be read by OCR.").format(
                title=source.title
            )
        )
    language = parse_language(settings.language)
    if ocr is None:
        find_tessdata(language, settings.tessdata)  # before reading anything: what is missing?
        ocr = PageReader(settings, progress)
    pages = project.sources.pages(source_id)
    wanted = range(len(pages)) if every_page else project.sources.ocr_layers(source_id)
    label = _("Read {title} by OCR ({languages})").format(
        title=source.title, languages=language_label(language)
    )
    return reread_source(
        project, source_id, ocr=ocr, ocr_pages=frozenset(wanted), label=label, progress=progress
    )
