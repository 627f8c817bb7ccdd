"""Runs the search queue's jobs on a task runner, one at a time, and tells the dock how each ends.

``services.search_index.SearchQueue`` decides what runs next (opening the index, then the
newest search); this runs it off the GUI thread and turns its end into signals. The result of a
job that ran in the index of a project closed meanwhile is dropped.
"""

from __future__ import annotations

import gc
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kutip.gui.core.tasks import Task, TaskRunner
from kutip.project import Project
from kutip.search import QuerySyntaxError
from kutip.services.search_index import Found, Job, SearchQueue


def _collect_garbage_here() -> None:
    """Collect garbage on the GUI thread before the index is opened on a worker.

    ``SearchIndex`` calls ``gc.collect()`` when it creates or repairs an index (on opening),
    on the thread doing it; unreachable Qt wrappers (a closed dialog's) would then be
    destroyed on the worker, which Qt does not survive. Collected here first, there is
    nothing of the GUI's left for it. (Once per project: later searches reuse the index.)
    """
    gc.collect()


class SearchJobs(QObject):
    """The queue's jobs, run on ``runner`` one at a time; their ends as signals."""

    #: A job started or ended (``busy`` and ``queue.opening`` may have changed).
    busy_changed = Signal()
    #: The running job's progress: (done, total, message).
    progressed = Signal(int, int, str)
    #: The index was opened (built or brought up to date) for the open project.
    opened = Signal()
    #: Opening the index failed or was cancelled: carries the exception.
    open_failed = Signal(object)
    #: A search's results: (``SearchRequest``, ``Found``).
    found = Signal(object, object)
    #: A search failed, was cancelled or has a typo: (``SearchRequest``, the exception).
    search_failed = Signal(object, object)

    def __init__(
        self,
        runner: TaskRunner,
        cache_dir: Path | str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        #: The open project's index and the work waiting on it.
        self.queue = SearchQueue(cache_dir)
        self._task: Task | None = None
        self._job: Job | None = None

    @property
    def busy(self) -> bool:
        return self._task is not None

    def set_project(self, project: Project | None) -> None:
        """Search ``project`` from now on; ``start_next`` begins opening its index."""
        if self._task is not None:
            # The worker may be inside the old index: it is closed once the task is over.
            self._task.cancel()
        self.queue.set_project(project)

    def cancel(self) -> None:
        """Stop building the index or searching (what was indexed is kept)."""
        if self._task is not None:
            self._task.cancel()

    def start_next(self) -> None:
        """Start the queue's next job if none is running: open the index, then search."""
        if self._task is not None:
            return
        job = self.queue.next_job()
        if job is None:
            return
        if job.opens:
            _collect_garbage_here()
        task = self._runner.start(job.run)
        self._task, self._job = task, job
        task.progressed.connect(self.progressed)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        self.busy_changed.emit()

    def _succeeded(self, result: Found | QuerySyntaxError | None) -> None:
        job = self._job
        if job is None or not self.queue.is_current(job):
            return  # the project changed meanwhile
        if job.request is None:  # the index was opened
            self.opened.emit()
        elif isinstance(result, QuerySyntaxError):
            self.search_failed.emit(job.request, result)
        elif result is not None:
            self.found.emit(job.request, result)

    def _failed(self, error: BaseException) -> None:
        job = self._job
        if job is None or not self.queue.is_current(job):
            return
        if job.request is None:  # opening the index
            self.open_failed.emit(error)
        else:
            self.search_failed.emit(job.request, error)

    def _finished(self) -> None:
        if self._job is not None:
            self.queue.finished(self._job)
        self._task = self._job = None
        self.busy_changed.emit()
        self.start_next()
