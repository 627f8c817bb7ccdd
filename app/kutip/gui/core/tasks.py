"""The one way long work leaves the GUI thread: a small task runner over a QThreadPool.

Work is a plain callable taking a ``Progress`` (the core's Qt-free protocol). It runs on a pool
thread; its progress, result or exception come back to the GUI thread as queued signals, so the
callbacks may touch widgets. Cancelling sets a flag the work reads through
``progress.cancelled``; work that only reports (and never asks) is stopped at its next report,
which raises ``Cancelled``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from kutip.i18n import _
from kutip.progress import Cancelled, Progress

log = logging.getLogger(__name__)

Work = Callable[[Progress], Any]


class TaskProgress:
    """A ``Progress`` for work on a pool thread: reports become signals, cancel is a flag."""

    def __init__(self, signals: _TaskSignals, *, stop_on_report: bool) -> None:
        self._signals = signals
        self._cancel = threading.Event()
        self._stop_on_report = stop_on_report

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def report(self, done: int, total: int, message: str = "") -> None:
        if self._stop_on_report and self._cancel.is_set():
            raise Cancelled
        self._signals.progressed.emit(done, total, message)


class _TaskSignals(QObject):
    # Emitted from the pool thread; the Task receiving them lives in the GUI thread, so Qt
    # queues them and the slots run there.
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Work, progress: TaskProgress, signals: _TaskSignals) -> None:
        super().__init__()
        self._work = work
        self._progress = progress
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except BaseException as error:  # everything goes back to the GUI thread to be shown
            self._signals.failed.emit(error)
        else:
            self._signals.succeeded.emit(result)


class Task(QObject):
    """One piece of work in flight; its signals fire on the GUI thread."""

    progressed = Signal(int, int, str)
    #: The work returned; carries its result.
    succeeded = Signal(object)
    #: The work raised; carries the exception (``Cancelled`` if the user cancelled).
    failed = Signal(object)
    #: After ``succeeded`` or ``failed``, whatever happened.
    finished = Signal()

    def __init__(self, work: Work, *, stop_on_report: bool, parent: QObject | None) -> None:
        super().__init__(parent)
        self._signals = _TaskSignals()
        self.progress = TaskProgress(self._signals, stop_on_report=stop_on_report)
        self.runnable = _Runnable(work, self.progress, self._signals)
        queued = Qt.ConnectionType.QueuedConnection
        self._signals.progressed.connect(self.progressed, queued)
        self._signals.succeeded.connect(self._succeed, queued)
        self._signals.failed.connect(self._fail, queued)
        self.done = False

    def cancel(self) -> None:
        self.progress.cancel()

    def _succeed(self, result: object) -> None:
        self.done = True
        self.succeeded.emit(result)
        self.finished.emit()

    def _fail(self, error: BaseException) -> None:
        self.done = True
        if not isinstance(error, Cancelled):
            log.error("a background task failed", exc_info=error)
        self.failed.emit(error)
        self.finished.emit()


class TaskRunner(QObject):
    """Starts tasks on its own thread pool and can stop them all when the window closes."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._running: list[Task] = []

    def start(self, work: Work, *, stop_on_report: bool = False) -> Task:
        """Run ``work(progress)`` on a pool thread.

        ``stop_on_report``: for work that never reads ``progress.cancelled``, make its next
        report raise ``Cancelled`` once the user has cancelled.
        """
        task = Task(work, stop_on_report=stop_on_report, parent=self)
        self._running.append(task)
        task.finished.connect(lambda: self._forget(task))
        self._pool.start(task.runnable)
        return task

    def _forget(self, task: Task) -> None:
        if task in self._running:
            self._running.remove(task)
        task.deleteLater()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel every task and wait for the threads; True if they all stopped in time."""
        for task in self._running:
            task.cancel()
        return self._pool.waitForDone(timeout_ms)


def show_progress(
    task: Task, parent: QWidget, title: str, label: str, *, modal: bool = True
) -> QProgressDialog:
    """A progress dialog that follows ``task`` and cancels it on Cancel: window-modal, or with
    ``modal`` false, over the window without blocking it (for long work the user may go on
    working beside)."""
    dialog = QProgressDialog(label, _("Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal if modal else Qt.WindowModality.NonModal)
    # Quick work finishes before the dialog would flash up and vanish. Setting the minimum
    # value restarts Qt's show timer with this duration (otherwise it keeps its 4 s default).
    dialog.setMinimumDuration(400)
    dialog.setValue(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def progressed(done: int, total: int, message: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        if message:
            dialog.setLabelText(message)

    def finished() -> None:
        # Closing a progress dialog emits ``canceled``; the task is over, so stop listening.
        dialog.canceled.disconnect(task.cancel)
        dialog.hide()
        dialog.deleteLater()

    task.progressed.connect(progressed)
    dialog.canceled.connect(task.cancel)
    task.finished.connect(finished)
    return dialog
