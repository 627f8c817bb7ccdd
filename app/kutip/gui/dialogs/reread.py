"""Reading a source's file again from the window — Sources ▸ Re-read Text, and Read by OCR.

Reading a 300-page PDF takes seconds, reading it by OCR minutes: ``Rereader`` runs the work
(``kutip.services.reread.reread_source``, or ``kutip.services.ocr.read_again``) on the task
runner, with a progress dialog ("Reading page 40 of 300") whose Cancel stops it between pages.
The dialog does not block the window: the user reads and codes on meanwhile. The service
writes the project in one transaction at the end, placing the codings as they are then — those
made meanwhile too — so a cancel leaves the project exactly as it was, and a success is one
step on the undo stack. One source is read at a time; meanwhile ``busy_changed`` tells the
sources dock to turn off what would collide (another re-read, removing a source).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from kutip.gui.core.error_dialogs import report
from kutip.gui.core.tasks import Task, TaskRunner, show_progress
from kutip.gui.core.undo import push_edits
from kutip.i18n import _
from kutip.progress import Cancelled, Progress
from kutip.project import Project
from kutip.services.reread import RereadReport, reread_source

#: The work of one re-read: on a worker, reporting to the progress it is given.
RereadWork = Callable[[Progress], RereadReport]


class Rereader(QObject):
    """Reads the window's sources again, one at a time, off the GUI thread."""

    #: A re-read began (True) or ended (False).
    busy_changed = Signal(bool)

    def __init__(
        self,
        window: QWidget,
        runner: TaskRunner,
        undo_stack: QUndoStack,
        project: Callable[[], Project | None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._undo_stack = undo_stack
        self._project = project
        #: The re-read under way and its progress dialog (tests watch them).
        self.task: Task | None = None
        self.progress_dialog: QProgressDialog | None = None

    @property
    def busy(self) -> bool:
        return self.task is not None

    def reread(self, source_id: int) -> Task | None:
        """Read ``source_id``'s file again with this Kutip's reader; None if not started."""
        project = self._project()
        if project is None:
            return None

        def work(progress: Progress) -> RereadReport:
            return reread_source(project, source_id, progress=progress)

        title = project.sources.get(source_id).title
        return self.run(
            project,
            work,
            _("Re-read text"),
            _("Reading “{title}” again…").format(title=title),
            always_tell=True,
        )

    def run(
        self, project: Project, work: RereadWork, title: str, label: str, *, always_tell: bool
    ) -> Task | None:
        """Run ``work`` with a progress dialog titled ``title``; its edit becomes one undo step
        and its report is shown (``always_tell``: even when nothing went wrong). None if
        another re-read is under way."""
        if self.busy:
            return None
        task = self._runner.start(work)
        self.task = task
        self.progress_dialog = show_progress(task, self._window, title, label, modal=False)
        self.busy_changed.emit(True)
        outcome: list[RereadReport] = []
        task.succeeded.connect(outcome.append)

        def failed(error: BaseException) -> None:
            if not isinstance(error, Cancelled) and self._project() is project:
                report(self._window, error)

        def finished() -> None:
            # After show_progress hid its dialog: the report must not open under it.
            self.task = None
            self.progress_dialog = None
            self.busy_changed.emit(False)
            if outcome and self._project() is project:  # not if the project was closed
                self._done(project, outcome[0], title, always_tell)

        task.failed.connect(failed)
        task.finished.connect(finished)
        return task

    def _done(self, project: Project, done: RereadReport, title: str, always_tell: bool) -> None:
        if done.edit is not None:
            push_edits(self._undo_stack, project, [done.edit], done.edit.label)
        trouble = bool(done.unplaced or done.unplaced_case_links or done.problems)
        if not (always_tell or trouble):
            return
        lines = done.describe()
        if done.edit is not None and trouble:
            lines.append(_("You can undo this with Ctrl+Z."))
        if trouble:
            QMessageBox.warning(self._window, title, "\n".join(lines))
        else:
            QMessageBox.information(self._window, title, "\n".join(lines))
