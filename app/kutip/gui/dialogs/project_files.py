"""Which project file the window shows: File ▸ New, Open, Open Recent, the demo project, and
the start page's buttons and list for the same.

A project that cannot be written here, or that another Kutip has open for changes (the user
agreeing), is opened read-only: ``show`` receives it with the reason, which the window's banner
says. A project that fails to open is named in a message and, if its file is gone, leaves the
recent list; the window stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from kutip.demo import DEMO_FILE_NAME, build_demo, default_demo_dir
from kutip.errors import KnownError, ProjectLockedError, ProjectReadOnlyError
from kutip.gui.core import settings
from kutip.gui.core.demo_prompt import may_replace_demo
from kutip.gui.core.error_dialogs import guarded, report, show_known_error
from kutip.gui.core.mnemonics import literal
from kutip.gui.core.tasks import TaskRunner, show_progress
from kutip.gui.dialogs.prompts import confirm
from kutip.gui.dialogs.start_page import StartPage
from kutip.i18n import _
from kutip.progress import Cancelled, Progress
from kutip.project import Project

PROJECT_FILTER = "*.kutip"


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


class ProjectFiles(QObject):
    """Opens, creates and closes the window's project, asking for files where needed."""

    #: True while the demo project is being built, False when that is over (whatever came).
    demo_building = Signal(bool)

    def __init__(
        self,
        window: QWidget,
        runner: TaskRunner,
        start_page: StartPage,
        project: Callable[[], Project | None],
        show: Callable[[Project | None, str | None], None],
        coder_name: Callable[[], str],
        demo_dir: Path | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._start_page = start_page
        self._project = project
        #: Puts a project (or none) in the window, with why it is read-only (None: it is not).
        self._show = show
        self._coder_name = coder_name
        #: Where the demo project is built (default: ``kutip.demo.default_demo_dir()``).
        self.demo_dir = demo_dir
        self._closed = False

    def open_project(self, path: Path) -> bool:
        """Open the project at ``path`` in the window; on failure say why and stay as we are."""
        path = Path(path)
        current = self._project()
        if current is not None and same_file(current.path, path):
            return True
        reason: str | None = None
        try:
            try:
                project = Project.open(path, coder=self._coder_name())
            except ProjectReadOnlyError as error:
                # It cannot be written here: shown read-only rather than failing at the first
                # edit.
                project, reason = Project.open(path, read_only=True), str(error)
            except ProjectLockedError as error:
                question = _("{problem}\n\nOpen it read-only meanwhile?").format(problem=error)
                if not confirm(self._window, _("Project in use"), question):
                    return False
                project = Project.open(path, read_only=True)
                reason = _("This project is open for changes in {holder}.").format(
                    holder=error.holder or _("another Kutip window or process")
                )
        except KnownError as error:
            if not path.exists():
                settings.remove_recent_project(path)
                self.refresh_recent()
            show_known_error(self._window, error)
            return False
        self._show(project, reason)
        return True

    def create_project(self, path: Path) -> bool:
        """Create a project with the default codebook at ``path`` and open it."""
        path = Path(path)
        if path.suffix.lower() != ".kutip":
            path = path.with_name(path.name + ".kutip")
        try:
            project = Project.create(path, coder=self._coder_name())
        except KnownError as error:
            show_known_error(self._window, error)
            return False
        self._show(project, None)
        return True

    # -- asking for a file --------------------------------------------------------------------

    def _default_folder(self) -> str:
        recent = settings.recent_projects()
        if recent and recent[0].parent.is_dir():
            return str(recent[0].parent)
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

    def _file_filter(self) -> str:
        return _("Kutip projects ({pattern})").format(pattern=PROJECT_FILTER)

    def new_project(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self._window,
            _("New project"),
            str(Path(self._default_folder()) / _("project.kutip")),
            self._file_filter(),
            # Kutip never overwrites a file; Project.create refuses an existing one, with reason.
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.create_project(Path(path))

    def open_project_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self._window,
            _("Open project"),
            self._default_folder(),
            f"{self._file_filter()};;{_('All files (*)')}",
        )
        if path:
            self.open_project(Path(path))

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        paths = settings.recent_projects()
        for path in paths:
            action = menu.addAction(literal(f"{path.stem}  —  {path.parent}"))
            action.triggered.connect(
                lambda _checked=False, p=path: guarded(self._window, lambda: self.open_project(p))
            )
        if not paths:
            menu.addAction(_("No recent projects")).setEnabled(False)

    def refresh_recent(self) -> None:
        self._start_page.set_recent(settings.recent_projects())

    # -- the demo -----------------------------------------------------------------------------

    def open_demo(self) -> None:
        """Build the demo project on a worker thread, with progress, then open it."""
        if self._runner.busy:
            return
        directory = self.demo_dir or default_demo_dir()
        if not may_replace_demo(self._window, directory):
            return
        current = self._project()
        if current is not None and same_file(current.path, directory / DEMO_FILE_NAME):
            self._show(None, None)  # rebuilding replaces the file, which must not be open

        def work(progress: Progress) -> Path:
            return build_demo(directory, progress)

        task = self._runner.start(work, stop_on_report=True)
        show_progress(task, self._window, _("Demo project"), _("Building the demo project…"))
        self._start_page.set_busy(True)
        self.demo_building.emit(True)

        def finished() -> None:
            self._start_page.set_busy(False)
            self.demo_building.emit(False)

        def succeeded(path: Path) -> None:
            if not self._closed:  # the result can arrive after the window was closed
                guarded(self._window, lambda: self.open_project(path))

        def failed(error: BaseException) -> None:
            if not self._closed and not isinstance(error, Cancelled):
                report(self._window, error)

        task.finished.connect(finished)
        task.succeeded.connect(succeeded)
        task.failed.connect(failed)

    def window_closed(self) -> None:
        """The window is closing: a demo built after this is not opened in it."""
        self._closed = True
