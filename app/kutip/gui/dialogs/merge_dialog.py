"""File ▸ Merge Project: another coder's copy (.kutip) or a REFI-QDA project into the open one.

The merge (``kutip.services.merge``) runs on a worker with a progress dialog, as one undo
step; then a summary says what was added, what was already there and matched, and what was
left out or kept as the project had it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kutip.gui.core import settings
from kutip.gui.core.error_dialogs import report
from kutip.gui.core.tasks import Task, TaskRunner, show_progress
from kutip.gui.core.undo import push_edits
from kutip.i18n import _
from kutip.interop.report import InteropReport
from kutip.progress import Progress
from kutip.project import Project
from kutip.services.merge import merge_project


def merge_filter() -> str:
    return _("Kutip or REFI-QDA projects ({patterns})").format(patterns="*.kutip *.qdpx *.qde")


class MergeSummaryDialog(QDialog):
    """What a merge added, matched and left out."""

    def __init__(self, result: InteropReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("merge_summary")
        self.setWindowTitle(_("Merged {name}").format(name=result.file))
        lines = result.summary()
        counts = [line for line in lines if line not in result.warnings]
        self.counts = QLabel("\n".join(counts))
        self.counts.setWordWrap(True)
        self.counts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        self.left_out = QPlainTextEdit("\n".join(result.warnings))
        self.left_out.setReadOnly(True)
        if result.warnings:
            layout.addWidget(QLabel(_("Left out, or kept as the project had it:")))
            layout.addWidget(self.left_out)
        else:
            self.left_out.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 420 if result.warnings else 160)


class ProjectMerger:
    """Asks for the file, merges it on a worker, puts the merge on the undo stack, sums up."""

    def __init__(
        self,
        window: QWidget,
        runner: TaskRunner,
        undo_stack: QUndoStack,
        project: Callable[[], Project | None],
    ) -> None:
        self._window = window
        self._runner = runner
        self._undo_stack = undo_stack
        self._project = project
        self.summary: MergeSummaryDialog | None = None

    def ask(self) -> None:
        if self._project() is None:
            return
        folder = settings.IMPORT_FOLDER.get()
        path, _filter = QFileDialog.getOpenFileName(
            self._window, _("Merge project"), str(folder or ""), merge_filter()
        )
        if path:
            self.merge(Path(path))

    def merge(self, path: Path) -> Task | None:
        """Merge ``path`` into the open project; the summary opens when it is done."""
        project = self._project()
        if project is None:
            return None

        def work(progress: Progress) -> InteropReport:
            return merge_project(project, path, progress)

        task = self._runner.start(work)
        show_progress(task, self._window, _("Merge"), _("Merging {name}…").format(name=path.name))
        results: list[InteropReport] = []
        task.succeeded.connect(results.append)
        task.failed.connect(lambda error: report(self._window, error))

        def finished() -> None:
            if not results or self._project() is not project:
                return
            result = results[0]
            if result.edit is not None:
                push_edits(self._undo_stack, project, [result.edit], result.edit.label)
            dialog = MergeSummaryDialog(result, self._window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.summary = dialog
            dialog.finished.connect(lambda _result: setattr(self, "summary", None))
            dialog.open()

        task.finished.connect(finished)
        return task
