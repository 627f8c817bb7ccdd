"""The open project's search index and the queue of work on it, for a window that searches.

Opening the index (creating, repairing or bringing it up to date, which takes a while on a large
project) and every search are *jobs*, run one at a time: a search asked for while the index is
being opened waits for it, a newer search replaces one still waiting, and an index whose
project was closed is closed only once no job runs in it. The caller runs each job's ``run``
(on a worker thread, with progress) and says when it is over; nothing here knows about threads
or Qt. The index itself follows the project's edits (``SearchIndex(watch=True)``) and a search
first indexes what they changed.

    queue = SearchQueue(cache_dir)
    queue.set_project(project)
    queue.ask(SearchRequest("partisipasi"))
    while (job := queue.next_job()) is not None:
        result = job.run(progress)      # None on opening; Found, or the QuerySyntaxError
        queue.finished(job)
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kutip.i18n import _
from kutip.progress import Progress
from kutip.project import Project
from kutip.search import Hit, QuerySyntaxError, SearchIndex, SearchResults

#: At most this many hits are shown (the best ones); the results say how many matched.
SEARCH_LIMIT = 500


@dataclass(frozen=True)
class SearchRequest:
    """One search as the user asked for it."""

    query: str
    exact: bool = False
    in_code: int | None = None
    uncoded: bool = False


@dataclass(frozen=True)
class Found:
    """A search's results, where each hit is (``hit_locations``), and whether it is on a page
    read by OCR (``hits_read_by_ocr``: its text may hold recognition errors)."""

    results: SearchResults
    locations: list[str]
    ocr: list[bool] = field(default_factory=list)


def hit_range(hit: Hit) -> tuple[int, int]:
    """Where to take the reader for a hit: its first matched span, else its chunk."""
    return hit.spans[0] if hit.spans else (hit.start, hit.end)


def hit_locations(project: Project, hits: Sequence[Hit]) -> list[str]:
    """Where each hit is: its page or speaker, else its paragraph ("¶ 4") in a plain text."""
    paragraphs: dict[int, list[int]] = {}
    places: list[str] = []
    for hit in hits:
        if hit.location:
            places.append(hit.location)
            continue
        starts = paragraphs.get(hit.source_id)
        if starts is None:
            starts = paragraphs[hit.source_id] = _paragraph_starts(
                project.sources.text(hit.source_id)
            )
        number = max(1, bisect_right(starts, hit_range(hit)[0]))
        places.append(_("¶ {n}").format(n=number))
    return places


def hits_read_by_ocr(project: Project, hits: Sequence[Hit]) -> list[bool]:
    """For each hit, whether the page it is on is one whose text OCR read."""
    pages: dict[int, frozenset[int]] = {}
    read: list[bool] = []
    for hit in hits:
        if hit.page_index is None:
            read.append(False)
            continue
        if hit.source_id not in pages:
            pages[hit.source_id] = project.sources.ocr_pages(hit.source_id)
        read.append(hit.page_index in pages[hit.source_id])
    return read


def _paragraph_starts(text: str) -> list[int]:
    """Where each non-blank line begins: readers write one paragraph per line."""
    starts, position = [], 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(position)
        position += len(line) + 1
    return starts


def search(index: SearchIndex, request: SearchRequest, progress: Progress) -> Found:
    """Run ``request``, first indexing what the project's edits changed (with progress)."""
    if index.needs_update():
        index.update(progress)  # after an import this takes a while
    results = index.search(
        request.query,
        exact=request.exact,
        limit=SEARCH_LIMIT,
        in_code=request.in_code,
        uncoded=request.uncoded,
    )
    project = index.project
    return Found(
        results, hit_locations(project, results.hits), hits_read_by_ocr(project, results.hits)
    )


@dataclass(frozen=True)
class Job:
    """One piece of work on an index: a search, or opening the index (no request)."""

    index: SearchIndex
    request: SearchRequest | None = None

    @property
    def opens(self) -> bool:
        return self.request is None

    def run(self, progress: Progress) -> Found | QuerySyntaxError | None:
        """Do the work (on a worker). A query's syntax error is returned, not raised: it is
        the user's typo, not a failure for the log."""
        if self.request is None:
            self.index.open(progress)
            return None
        try:
            return search(self.index, self.request, progress)
        except QuerySyntaxError as error:
            return error


class SearchQueue:
    """The open project's index, the job running in it and the search waiting for its turn."""

    def __init__(self, cache_dir: Path | str | None = None) -> None:
        self._cache_dir = cache_dir
        #: The open project's index (None without a project).
        self.index: SearchIndex | None = None
        #: The job the caller is running, until it says it is over.
        self.running: Job | None = None
        #: The search that runs next (a newer one replaces it).
        self.waiting: SearchRequest | None = None
        self._needs_open = False
        self._retired: list[SearchIndex] = []

    def set_project(self, project: Project | None) -> None:
        """Search ``project`` from now on (None: no project); its index opens first.

        The old index is closed at the next ``next_job``, when no job runs in it any more.
        """
        if self.index is not None:
            self._retired.append(self.index)
        self.index = SearchIndex(project, cache_dir=self._cache_dir) if project else None
        self.waiting = None
        self._needs_open = project is not None

    def ask(self, request: SearchRequest | None) -> None:
        """Run ``request`` when its turn comes, instead of any search still waiting (None:
        drop the waiting one)."""
        self.waiting = request

    @property
    def opening(self) -> bool:
        """Whether the running job opens the index (hits now would come from half of it)."""
        return self.running is not None and self.running.opens

    def next_job(self) -> Job | None:
        """The job to run now, if none runs: open the index, else the waiting search.

        Indexes no longer searched are closed first.
        """
        if self.running is not None:
            return None
        while self._retired:
            self._retired.pop().close()
        if self.index is None:
            return None
        if self._needs_open:
            self._needs_open = False
            self.running = Job(self.index)
        elif self.waiting is not None:
            self.running = Job(self.index, self.waiting)
            self.waiting = None
        return self.running

    def finished(self, job: Job) -> None:
        """``job`` is over (done, failed or cancelled)."""
        if job is self.running:
            self.running = None

    def is_current(self, job: Job) -> bool:
        """Whether ``job`` ran in the index of the project still open (else its result is
        of no use)."""
        return job.index is self.index
