"""Importing files into the open project: File ▸ Import…, Import Folder…, and drops on the window.

One import goes like this, never blocking the GUI:

1. The files are named (a file dialog, or a drop) and ``ImportOptionsDialog`` asks for the case
   and whether PDF highlights become codings.
2. ``kutip.services.importing.import_paths`` runs on a worker through the task runner, with a
   progress dialog ("File 3 of 12: informan-03.docx") whose Cancel stops it between files,
   keeping what is done. It takes sources, bibliographies and REFI-QDA files alike.
   The project's change notifications fire on the worker; the window re-emits them through a
   signal that Qt queues to the GUI thread, so models refresh there as each file comes in.
3. When a bibliography links files outside its folder, ``OutsideFilesDialog`` lists them and
   asks once whether to read them; allowed, they are imported (tied to their references) as a
   task of its own, skipped, they stay listed in the summary.
4. Each file whose failure says it needs a password (``ImportFailure.needs_password``) is asked
   for (QInputDialog) and imported again with it, as a task of its own, until the password
   opens it or the user skips it.
5. Every edit of the import, retries included, becomes ONE step on the undo stack.
6. ``ImportSummaryDialog`` says what happened; PDFs the matcher was unsure about get a reference
   chosen there, linked as one more undoable step.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QLineEdit, QMainWindow, QWidget

from kutip.gui.core import settings
from kutip.gui.core.error_dialogs import guarded, report
from kutip.gui.core.tasks import Task, TaskRunner, show_progress
from kutip.gui.core.undo import push_edit, push_edits
from kutip.gui.dialogs.import_dialogs import (
    ImportOptionsDialog,
    ImportSummaryDialog,
    OutsideFilesDialog,
)
from kutip.gui.dialogs.ocr import ocr_language_setting
from kutip.i18n import _, ngettext
from kutip.progress import Progress
from kutip.project import Project
from kutip.services import importing
from kutip.services.importing import ImportOptions, ImportReport, importable_kinds

log = logging.getLogger(__name__)


def file_filter() -> str:
    """The import dialog's filter: every kind Kutip reads, then anything."""
    patterns = " ".join(f"*{suffix}" for suffix in importable_kinds())
    return ";;".join(
        [
            _("Files Kutip can import ({patterns})").format(patterns=patterns),
            _("All files (*)"),
        ]
    )


def importable_paths(urls: Sequence[QUrl]) -> list[Path]:
    """The local folders, and files of a kind Kutip imports, among dropped ``QUrl`` s."""
    known = set(importable_kinds())
    paths: list[Path] = []
    for url in urls:
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.is_dir() or (path.is_file() and path.suffix.lower() in known):
            paths.append(path)
    return paths


def locked_files(report: ImportReport) -> list[Path]:
    """The files of an import that failed for want of the right password."""
    if report.cancelled:
        return []
    return [failure.path for failure in report.failed if failure.needs_password]


def merge_reports(into: ImportReport, more: ImportReport) -> None:
    """Add what a later import (a retry with a password) did to the report of the first."""
    for item in fields(ImportReport):
        value = getattr(into, item.name)
        if isinstance(value, list):
            value.extend(getattr(more, item.name))
    into.cancelled = into.cancelled or more.cancelled


def undo_label(report: ImportReport) -> str:
    """ "Import 4 files": the files that changed the project (sources, references, links)."""
    linked = {path for path, _citekey in report.linked}
    files = (
        {path for path, _edit in report.imported}
        | {path for path, added, updated in report.references if added or updated}
        | {path for path, _title in report.duplicates if path in linked}
    )
    n = max(len(files), 1)
    return ngettext("Import {n} file", "Import {n} files", n).format(n=n)


class _FileProgress:
    """Turns the import's reports (done, total, file name) into "File 3 of 12: name"."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress

    @property
    def cancelled(self) -> bool:
        return self._progress.cancelled

    def report(self, done: int, total: int, message: str = "") -> None:
        if message:
            message = _("File {i} of {n}: {name}").format(i=done + 1, n=total, name=message)
        self._progress.report(done, total, message)


@dataclass
class _Run:
    """One import under way, from the first task to the summary."""

    project: Project
    options: ImportOptions
    report: ImportReport = field(default_factory=ImportReport)
    #: Files that failed for want of a password, still to be asked for.
    locked: list[Path] = field(default_factory=list)


class Importer(QObject):
    """Runs imports into the window's open project, one at a time."""

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
        self._run: _Run | None = None
        #: The summary of the last import, while it is open.
        self.summary: ImportSummaryDialog | None = None
        #: The question whether to read linked files from outside, while it is open.
        self.outside_question: OutsideFilesDialog | None = None

    @property
    def busy(self) -> bool:
        return self._run is not None

    def can_import(self) -> bool:
        # Other work on the shared runner (the search index being built) does not block an
        # import: the import's task simply queues behind it.
        project = self._project()
        return project is not None and not project.read_only and not self.busy

    # -- choosing what to import ------------------------------------------------------------

    def _start_folder(self) -> str:
        remembered = settings.IMPORT_FOLDER.get()
        if remembered is not None and remembered.is_dir():
            return str(remembered)
        project = self._project()
        if project is not None:
            return str(project.path.parent)
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

    def ask_files(self) -> None:
        if not self.can_import():
            return
        names, _filter = QFileDialog.getOpenFileNames(
            self._window, _("Import files"), self._start_folder(), file_filter()
        )
        if names:
            paths = [Path(name) for name in names]
            settings.IMPORT_FOLDER.set(paths[0].parent)
            self.import_paths(paths)

    def ask_folder(self) -> None:
        if not self.can_import():
            return
        name = QFileDialog.getExistingDirectory(
            self._window, _("Import a folder"), self._start_folder()
        )
        if name:
            folder = Path(name)
            settings.IMPORT_FOLDER.set(folder.parent)
            self.import_paths([folder])

    def import_paths(self, paths: Sequence[Path], options: ImportOptions | None = None) -> bool:
        """Import files and folders; asks for the options unless given. False if not started."""
        project = self._project()
        if project is None or not paths or not self.can_import():
            return False
        if options is None:
            dialog = ImportOptionsDialog(
                paths,
                [case.name for case in project.cases.all()],
                settings.IMPORT_ANNOTATIONS.get(),
                self._window,
                with_ocr=settings.IMPORT_OCR.get(),
                ocr_language=ocr_language_setting(),
            )
            if dialog.exec() != ImportOptionsDialog.DialogCode.Accepted:
                return False
            options = dialog.options()
            settings.IMPORT_ANNOTATIONS.set(options.with_annotations)
            settings.IMPORT_OCR.set(options.ocr is not None)
        run = _Run(project, options)
        self._run = run
        self._import(run, list(paths))
        return True

    # -- running it ----------------------------------------------------------------------

    def _task(self, run: _Run, work: Callable[[Progress], Any], label: str) -> Task:
        """Start ``work`` with a progress dialog; a bug in it ends the run with a report."""
        # Not stop_on_report: a report raising Cancelled would lose the ImportReport, which
        # import_paths returns (with cancelled set) after the file in hand.
        task = self._runner.start(work)
        show_progress(task, self._window, _("Import"), label)

        def failed(error: BaseException) -> None:
            if self._run is run:
                self._run = None
            if self._alive(run):
                report(self._window, error)

        task.failed.connect(failed)
        return task

    def _after(self, run: _Run, task: Task, then: Callable[[Any], None]) -> None:
        """Call ``then(result)`` once ``task`` succeeded and its progress dialog is gone."""
        result: list[Any] = []

        def finished() -> None:
            if not result:  # the work failed: _task's handler reported that
                return
            try:
                then(result[0])
            except Exception as error:
                if self._run is run:  # a bug must not leave every later import refused
                    self._run = None
                report(self._window, error)

        task.succeeded.connect(result.append)
        # finished comes after succeeded, and after show_progress (connected first) hid the
        # dialog: a password prompt or the summary must not open under a progress dialog.
        task.finished.connect(finished)

    def _alive(self, run: _Run) -> bool:
        """Whether ``run``'s project is still the open one (it may have been closed since)."""
        if self._project() is run.project:
            return True
        if self._run is run:
            self._run = None
        return False

    def _import(self, run: _Run, paths: list[Path]) -> None:
        project, options = run.project, run.options

        def work(progress: Progress) -> tuple[ImportReport, list[Path]]:
            result = importing.import_paths(project, paths, _FileProgress(progress), options)
            return result, locked_files(result)

        def done(outcome: tuple[ImportReport, list[Path]]) -> None:
            run.report, run.locked = outcome
            self._ask_outside(run)

        self._after(run, self._task(run, work, _("Importing…")), done)

    def _ask_outside(self, run: _Run) -> None:
        """Ask once whether to read the files bibliographies link from outside their folders."""
        if not self._alive(run):
            return
        if not run.report.outside or run.report.cancelled:
            self._ask_password(run)
            return
        dialog = OutsideFilesDialog(run.report.outside, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.outside_question = dialog

        def answered(result: int) -> None:
            if self.outside_question is dialog:
                self.outside_question = None
            if result == OutsideFilesDialog.DialogCode.Accepted:
                self._import_outside(run)
            else:  # skipped: they stay in the summary, as not read
                self._ask_password(run)

        dialog.finished.connect(answered)
        dialog.open()  # window-modal, without a nested event loop

    def _import_outside(self, run: _Run) -> None:
        project, options, links = run.project, run.options, list(run.report.outside)

        def work(progress: Progress) -> tuple[ImportReport, list[Path]]:
            result = importing.import_linked_files(project, links, _FileProgress(progress), options)
            return result, locked_files(result)

        def done(outcome: tuple[ImportReport, list[Path]]) -> None:
            result, locked = outcome
            # Those read now are no longer "not read"; a cancel leaves the rest listed.
            handled = {path for path, _edit in result.imported}
            handled |= {failure.path for failure in result.failed}
            handled |= {path for path, _title in result.duplicates}
            run.report.outside = [link for link in links if link.file not in handled]
            merge_reports(run.report, result)
            run.locked += locked
            self._ask_password(run)

        self._after(run, self._task(run, work, _("Importing…")), done)

    def _ask_password(self, run: _Run, wrong: bool = False) -> None:
        """Ask for the password of the next locked file; Cancel skips the file."""
        if not self._alive(run):
            return
        if not run.locked:
            self._finish(run)
            return
        path = run.locked[0]
        if wrong:
            prompt = _("The password does not open {name}. Try again, or cancel to skip the file:")
        else:
            prompt = _(
                "{name} is protected by a password. Enter it to import the file, "
                "or cancel to skip it:"
            )
        password, ok = QInputDialog.getText(
            self._window,
            _("Password"),
            prompt.format(name=path.name),
            QLineEdit.EchoMode.Password,
        )
        if not ok:  # skipped: it stays among the failures, with its reason
            run.locked.pop(0)
            self._ask_password(run)
            return
        self._retry(run, path, password)

    def _retry(self, run: _Run, path: Path, password: str) -> None:
        project, options = run.project, replace(run.options, password=password)

        def work(progress: Progress) -> tuple[ImportReport, bool]:
            result = importing.import_paths(project, [path], _FileProgress(progress), options)
            wrong = any(f.path == path and f.needs_password for f in result.failed)
            return result, wrong

        def done(outcome: tuple[ImportReport, bool]) -> None:
            result, wrong = outcome
            if wrong:
                self._ask_password(run, wrong=True)
                return
            run.locked.pop(0)
            if not result.cancelled:
                # The file's first failure ("protected by a password") is replaced by what
                # happened now: imported, or failed for another reason.
                run.report.failed = [f for f in run.report.failed if f.path != path]
                merge_reports(run.report, replace(result, cancelled=False))
            self._ask_password(run)

        self._after(run, self._task(run, work, _("Opening {name}…").format(name=path.name)), done)

    # -- when it ends ---------------------------------------------------------------------

    def _finish(self, run: _Run) -> None:
        self._run = None
        project = run.project
        push_edits(self._undo_stack, project, run.report.edits, undo_label(run.report))
        dialog = ImportSummaryDialog(run.report, project, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.summary = dialog

        def closed(result: int) -> None:
            if self.summary is dialog:
                self.summary = None
            links = dialog.chosen_links()
            if result == ImportSummaryDialog.DialogCode.Accepted and links:
                guarded(self._window, lambda: self._link(project, links))

        dialog.finished.connect(closed)
        dialog.open()  # window-modal, without a nested event loop

    def _link(self, project: Project, links: list[tuple[int, str]]) -> None:
        if self._project() is not project:
            return
        label = ngettext(
            "Link {n} PDF to its reference", "Link {n} PDFs to their references", len(links)
        ).format(n=len(links))

        def link_all() -> None:
            for source_id, citekey in links:
                project.references.link_source(source_id, citekey)

        push_edit(self._undo_stack, project, lambda: project.compose(label, link_all))


class _DropHint(QLabel):
    """Over the window's centre while an importable drag hovers: says the drop will import."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.setObjectName("drop_hint")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        # Not in the way of finding the widget under the cursor, which gets the drag events.
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        palette = self.palette()
        highlight, base = palette.highlight().color(), palette.base().color()
        # Nearly opaque: the text must read clearly over whatever the window shows beneath.
        self.setStyleSheet(
            "#drop_hint {"
            f" background: rgba({base.red()}, {base.green()}, {base.blue()}, 235);"
            f" color: {highlight.name()};"
            f" border: 3px dashed {highlight.name()}; border-radius: 12px;"
            " font-size: 16pt; padding: 24px; }"
        )
        self.hide()

    def show_for(self, paths: Sequence[Path]) -> None:
        folders = sum(path.is_dir() for path in paths)
        files = len(paths) - folders
        if folders and not files:
            text = ngettext("Drop to import {n} folder", "Drop to import {n} folders", folders)
        elif files and not folders:
            text = ngettext("Drop to import {n} file", "Drop to import {n} files", files)
        else:
            text = _("Drop to import {n} files and folders")
        self.setText(text.format(n=len(paths)))
        central = self._window.centralWidget()
        area = central.geometry() if central is not None else self._window.rect()
        self.setGeometry(area.adjusted(12, 12, -12, -12))
        self.raise_()
        self.show()


class FileDrops(QObject):
    """Files and folders dropped on the window (with a project open) are imported.

    An event filter on the window: drags over its children reach it too, since Qt passes a
    drag a widget does not take (the read-only source view refuses files) up to its parents.
    """

    def __init__(self, window: QMainWindow, importer: Importer) -> None:
        super().__init__(window)
        self._window = window
        self._importer = importer
        self._paths: list[Path] = []
        self.hint = _DropHint(window)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.DragEnter and isinstance(event, QDragEnterEvent):
            self._paths = []
            if self._importer.can_import() and event.mimeData().hasUrls():
                self._paths = importable_paths(event.mimeData().urls())
            if self._paths:
                event.acceptProposedAction()
                self.hint.show_for(self._paths)
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.DragMove and isinstance(event, QDropEvent):
            if self._paths:
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.DragLeave:
            self.hint.hide()
            self._paths = []
            return True
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            self.hint.hide()
            paths = self._paths or importable_paths(event.mimeData().urls())
            self._paths = []
            if not paths or not self._importer.can_import():
                event.ignore()
                return True
            event.acceptProposedAction()
            # Not inside the drop: the drag's source (a file manager) waits until it returns,
            # and the import starts with a modal dialog.
            QTimer.singleShot(
                0, lambda: guarded(self._window, lambda: self._importer.import_paths(paths))
            )
            return True
        return super().eventFilter(watched, event)
