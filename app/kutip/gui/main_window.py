"""The main window: the start page, or an open project with its sources, documents and codebook.

The window owns the open ``Project``, the undo stack of its edits, the task runners and the
``EditBus`` that carries every committed edit to the docks, the coding controller and the
document tabs, on the GUI thread: each of them listens to the bus itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kutip.gui.coding.controller import CodingController
from kutip.gui.core import settings
from kutip.gui.core.edit_bus import EditBus
from kutip.gui.core.error_dialogs import guarded, guarded_action
from kutip.gui.core.read_only import EditingLock, ReadOnlyBanner
from kutip.gui.core.tasks import TaskRunner
from kutip.gui.core.undo import EditCommand
from kutip.gui.dialogs.about import AboutDialog
from kutip.gui.dialogs.coders import Coders
from kutip.gui.dialogs.export_dialog import open_export_dialog
from kutip.gui.dialogs.importing import FileDrops, Importer
from kutip.gui.dialogs.merge_dialog import ProjectMerger
from kutip.gui.dialogs.ocr import OcrReader
from kutip.gui.dialogs.project_files import ProjectFiles
from kutip.gui.dialogs.reread import Rereader
from kutip.gui.dialogs.start_page import StartPage
from kutip.gui.docks.bibliography_dock import BibliographyDock
from kutip.gui.docks.cases_dock import CasesDock
from kutip.gui.docks.codebook_dock import CodebookDock
from kutip.gui.docks.journal_dock import JournalDock
from kutip.gui.docks.retrieval_dock import RetrievalDock
from kutip.gui.docks.search_dock import SearchDock
from kutip.gui.docks.sources_dock import SourcesDock
from kutip.gui.viewer.document_tabs import Documents
from kutip.gui.viewer.find_bar import highlight_ranges
from kutip.gui.viewer.pdf_view import PdfDocumentView
from kutip.gui.viewer.text_view import SourceView
from kutip.i18n import LANGUAGES, _, current_language
from kutip.project import Edit, Project

log = logging.getLogger(__name__)


def dock_width(dock: QDockWidget) -> int:
    """The width a dock needs to show its tool bars' buttons, its trees' rows and their column
    titles whole."""
    widget = dock.widget()
    if widget is None:
        return 0
    bars = [widget, *widget.findChildren(QToolBar)] if isinstance(widget, QToolBar) else []
    bars = bars or widget.findChildren(QToolBar)
    views = [widget] if isinstance(widget, QTreeView) else widget.findChildren(QTreeView)
    needed = max((bar.sizeHint().width() for bar in bars), default=0)
    for view in views:
        model = view.model()
        if model is None:
            continue
        header = view.header()
        # A column is as wide as its widest row, or its title if that is wider ("Pengodean").
        columns = sum(
            max(view.sizeHintForColumn(c), 0 if header.isHidden() else header.sectionSizeHint(c))
            for c in range(model.columnCount())
            if not view.isColumnHidden(c)
        )
        frame = 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width()
        needed = max(needed, columns + frame)
    margins = widget.contentsMargins()
    return needed + margins.left() + margins.right() + 8


#: The version of the docks' saved layout: raised when a dock is added, so that a layout saved
#: without it is not restored (Qt would leave the new dock hidden) and the default one is shown,
#: and when the default layout changes for the better: 2, the side docks wide enough for their
#: names once the bottom docks' rows wrap (a layout saved before kept them cramped).
DOCK_LAYOUT_VERSION = 2


class MainWindow(QMainWindow):
    def __init__(self, demo_dir: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.project: Project | None = None

        self.undo_stack = QUndoStack(self)
        #: Every committed edit of the open project, on the GUI thread.
        self.edits = EditBus(self)
        self.runner = TaskRunner(self)
        #: PDF pages render here, one at a time (PyMuPDF is not thread-safe), never in the way
        #: of an import on ``runner``.
        self.render_runner = TaskRunner(self, max_threads=1)
        self.importer = Importer(self, self.runner, self.undo_stack, lambda: self.project)
        self.merger = ProjectMerger(self, self.runner, self.undo_stack, lambda: self.project)

        self.start_page = StartPage()
        self.documents = Documents(self.edits, self.render_runner)
        self.coding = CodingController(
            self, self.undo_stack, self.edits, lambda: self.project, self.documents.current_view
        )
        self.documents.view_opened.connect(self.coding.attach)
        # After the coding actions: a passage can be put in a case from the context menu.
        self.documents.view_opened.connect(self._add_case_action)
        self.documents.view_opened.connect(lambda _view: self._coders_in_stripes())
        self.rereader = Rereader(self, self.runner, self.undo_stack, lambda: self.project)
        self.ocr = OcrReader(self, self.rereader, lambda: self.project)
        self.documents.ocr_requested.connect(self.ocr.ask)
        self.coders = Coders(self, self.undo_stack, self.edits, self.documents, self._show_passage)
        self.files = ProjectFiles(
            self,
            self.runner,
            self.start_page,
            lambda: self.project,
            self._set_project,
            self.coders.name,
            demo_dir,
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start_page)
        self.pages.addWidget(self.documents)
        #: Says, above the documents, that the open project is read-only and why.
        self.read_only_banner = ReadOnlyBanner()
        self.editing_lock = EditingLock(self)
        self._read_only_reason: str | None = None
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.read_only_banner)
        column.addWidget(self.pages)
        self.setCentralWidget(central)

        self._build_sources_dock()
        self._build_codebook_dock()
        self._build_search_dock()
        self._build_cases_dock()
        self._build_retrieval_dock()
        self._build_journal_dock()
        self._build_bibliography_dock()
        #: Every dock, as the View menu lists them.
        self.docks: list[QDockWidget] = [
            self.sources_dock,
            self.codebook_dock,
            self.journal_dock,
            self.search_dock,
            self.cases_dock,
            self.retrieval_dock,
            self.bibliography_dock,
        ]
        self._build_actions()
        self._build_menus()
        self._connect()
        self.file_drops = FileDrops(self, self.importer)

        geometry = settings.WINDOW_GEOMETRY.get()
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen() or QGuiApplication.primaryScreen()
            self.fit_to_screen(screen.availableGeometry())
        self._show_project_ui(False)

    # -- the first window --------------------------------------------------------------------

    def fit_to_screen(self, available: QRect) -> None:
        """On first start: most of the screen, centred (later starts restore the last one)."""
        width = min(available.width(), max(960, round(available.width() * 0.92)))
        height = min(available.height(), max(640, round(available.height() * 0.92)))
        self.resize(width, height)
        self.move(
            available.left() + (available.width() - width) // 2,
            available.top() + (available.height() - height) // 2,
        )

    def size_docks(self) -> None:
        """Give the side docks the width their contents need (the longest code name, source
        citation and tool bar), and the bottom docks a few rows, within the window's width.

        Run once the window is shown: before that a real platform lays the docks out again
        from their size hints, so sizes set while building do not last.
        """
        layout = self.layout()
        if layout is not None:
            layout.activate()  # the docks just shown are laid out first, or they undo this
        limit = round(self.width() * 0.3)
        left = min(limit, max(260, dock_width(self.sources_dock)))
        right = min(limit, max(300, dock_width(self.codebook_dock), dock_width(self.journal_dock)))
        self.resizeDocks(
            [self.sources_dock, self.codebook_dock], [left, right], Qt.Orientation.Horizontal
        )
        # The bottom docks' controls may take two or three lines in a narrow window: room for
        # a few rows of results under them.
        self.resizeDocks(
            [self.search_dock], [max(240, round(self.height() * 0.3))], Qt.Orientation.Vertical
        )

    # -- building ---------------------------------------------------------------------------

    def _build_sources_dock(self) -> None:
        self.sources_dock = SourcesDock(self.undo_stack, self.edits, self, self.rereader)
        self.sources_view = self.sources_dock.view
        self.sources_model = self.sources_dock.model
        self.sources_dock.ocr_requested.connect(self.ocr.ask)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.sources_dock)

    def _build_codebook_dock(self) -> None:
        self.codebook_dock = CodebookDock(self.undo_stack, self.edits, self)
        self.codebook_view = self.codebook_dock.view
        self.codebook_model = self.codebook_dock.model
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.codebook_dock)
        # Docks start wide enough for titles and code names; the text gets the rest.
        self.resizeDocks(
            [self.sources_dock, self.codebook_dock], [260, 300], Qt.Orientation.Horizontal
        )

    def _build_search_dock(self) -> None:
        # Its own worker: building the index must not hold up an import, nor the reverse.
        self.search_runner = TaskRunner(self, max_threads=1)
        self.search_dock = SearchDock(
            self,
            self.search_runner,
            self.undo_stack,
            self.edits,
            current_code=self.codebook_dock.selected_code_id,
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.search_dock)
        # Under the documents only: the sources and the codebook keep the full height.
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.resizeDocks([self.search_dock], [220], Qt.Orientation.Vertical)

    def _build_cases_dock(self) -> None:
        self.cases_dock = CasesDock(
            self.undo_stack,
            self.edits,
            self.current_source_id,
            self.coding.current_passage,
            self,
        )
        # The table is wide (a column per attribute): under the documents, a tab beside the
        # search results.
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.cases_dock)
        self.tabifyDockWidget(self.search_dock, self.cases_dock)
        self.search_dock.raise_()

    def _build_retrieval_dock(self) -> None:
        # Its own worker, like search: retrieving must not wait behind an import.
        self.retrieval_runner = TaskRunner(self, max_threads=1)
        self.retrieval_dock = RetrievalDock(
            self, self.retrieval_runner, self.undo_stack, self.edits
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.retrieval_dock)
        self.tabifyDockWidget(self.search_dock, self.retrieval_dock)
        self.search_dock.raise_()

    def _build_journal_dock(self) -> None:
        self.journal_dock = JournalDock(self.undo_stack, self.edits, self)
        # Under the codebook, whose tree needs less than the window's height.
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.journal_dock)
        self.splitDockWidget(self.codebook_dock, self.journal_dock, Qt.Orientation.Vertical)
        self.resizeDocks(
            [self.codebook_dock, self.journal_dock], [460, 300], Qt.Orientation.Vertical
        )

    def _build_bibliography_dock(self) -> None:
        self.bibliography_dock = BibliographyDock(self.undo_stack, self.edits, self)
        # A wide table, like the cases: a tab under the documents.
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.bibliography_dock)
        self.tabifyDockWidget(self.search_dock, self.bibliography_dock)
        self.search_dock.raise_()

    def _action(
        self,
        text: str,
        slot: Callable[[], Any],
        shortcut: str | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        return guarded_action(self, text, slot, shortcut)

    def _build_actions(self) -> None:
        self.new_action = self._action(_("&New Project…"), self.new_project, "Ctrl+N")
        self.open_action = self._action(_("&Open Project…"), self.open_project_dialog, "Ctrl+O")
        self.demo_action = self._action(_("Open the &Demo Project"), self.open_demo)
        self.import_action = self._action(_("&Import…"), self.importer.ask_files, "Ctrl+I")
        self.import_folder_action = self._action(
            _("Import &Folder…"), self.importer.ask_folder, "Ctrl+Shift+I"
        )
        self.export_action = self._action(_("&Export…"), self.export, "Ctrl+E")
        self.merge_action = self._action(_("&Merge Project…"), self.merger.ask)
        self.agreement_action = self._action(_("&Agreement Between Coders…"), self.show_agreement)
        self.coder_action = self._action(_("Your &Coder Name…"), self.ask_coder_name)
        self.side_by_side_action = QAction(_("Coders &Side by Side in Stripes"), self)
        self.side_by_side_action.setCheckable(True)
        self.side_by_side_action.toggled.connect(lambda _on: guarded(self, self._coders_in_stripes))
        self.close_action = self._action(_("&Close Project"), self.close_project, "Ctrl+W")
        self.quit_action = self._action(_("&Quit"), self.close, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.undo_action = self.undo_stack.createUndoAction(self, _("&Undo"))
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.undo_stack.createRedoAction(self, _("&Redo"))
        redo_keys = [QKeySequence("Ctrl+Shift+Z")]
        redo_keys += [
            key
            for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
            if key not in redo_keys
        ]
        self.redo_action.setShortcuts(redo_keys)
        # After the stack undid or redid a step (its own slot runs first): show where.
        self.undo_action.triggered.connect(lambda _on=False: self._reveal_step(0))
        self.redo_action.triggered.connect(lambda _on=False: self._reveal_step(-1))

        self.language_group = QActionGroup(self)
        chosen = settings.LANGUAGE.get() or current_language()
        for code, name in LANGUAGES:
            action = QAction(name, self.language_group)
            action.setCheckable(True)
            action.setChecked(code == chosen)
            action.setData(code)
        self.language_group.triggered.connect(
            lambda action: guarded(self, lambda: self.choose_language(str(action.data())))
        )

        self.about_action = self._action(_("&About Kutip"), self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _build_menus(self) -> None:
        self._build_file_menu()
        self._build_edit_menu()
        self._build_coding_menu()
        menu_bar = self.menuBar()
        self.view_menu = menu_bar.addMenu(_("&View"))
        # Docks can be closed; this is how they come back.
        for dock in self.docks:
            self.view_menu.addAction(dock.toggleViewAction())
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.side_by_side_action)

        settings_menu = menu_bar.addMenu(_("&Settings"))
        language_menu = settings_menu.addMenu(_("&Language"))
        language_menu.addActions(self.language_group.actions())
        settings_menu.addAction(self.coder_action)

        help_menu = menu_bar.addMenu(_("&Help"))
        help_menu.addAction(self.about_action)

    def _build_file_menu(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu(_("Open &Recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self.demo_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.import_folder_action)
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.merge_action)
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

    def _build_edit_menu(self) -> None:
        edit_menu = self.menuBar().addMenu(_("&Edit"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        find = self.documents.find_bar
        for action in (find.find_action, find.find_next_action, find.find_previous_action):
            edit_menu.addAction(action)
        edit_menu.addAction(self.search_dock.search_action)
        edit_menu.addAction(self.retrieval_dock.retrieval_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.sources_dock.properties_action)
        edit_menu.addAction(self.bibliography_dock.edit_action)
        edit_menu.addAction(self.codebook_dock.describe_code_action)
        edit_menu.addAction(self.journal_dock.new_action)

    def _build_coding_menu(self) -> None:
        self.coding_menu = self.menuBar().addMenu(_("&Coding"))
        self.coding_menu.addActions(self.coding.code_actions)
        self.coding_menu.addSeparator()
        for action in (
            self.coding.quick_code_action,
            self.coding.in_vivo_action,
            None,
            self.coding.next_action,
            self.coding.previous_action,
            self.coding.memo_action,
            self.coding.remove_action,
            None,
            *self.coding.range_actions,
            None,
            self.cases_dock.add_selection_action,
            None,
            self.agreement_action,
        ):
            if action is None:
                self.coding_menu.addSeparator()
            else:
                self.coding_menu.addAction(action)

    def _connect(self) -> None:
        self.start_page.new_requested.connect(lambda: guarded(self, self.files.new_project))
        self.start_page.open_requested.connect(
            lambda: guarded(self, self.files.open_project_dialog)
        )
        self.start_page.demo_requested.connect(lambda: guarded(self, self.files.open_demo))
        self.start_page.path_chosen.connect(
            lambda path: guarded(self, lambda: self.files.open_project(path))
        )
        self.files.demo_building.connect(lambda busy: self.demo_action.setEnabled(not busy))
        self.edits.edited.connect(self._update_title)
        self.coding.message.connect(self.statusBar().showMessage)
        self.statusBar().addPermanentWidget(self.coders.label)
        self.retrieval_dock.segment_activated.connect(
            lambda source_id, start, end, _segment_id: guarded(
                self, lambda: self._show_passage(source_id, start, end)
            )
        )
        self.codebook_view.selectionModel().currentChanged.connect(
            lambda _current, _previous: self._retrieve_selected_code()
        )
        self.search_dock.hit_activated.connect(
            lambda source_id, start, end, matches: guarded(
                self, lambda: self.show_hit(source_id, start, end, matches)
            )
        )

        self.sources_dock.source_selected.connect(
            lambda source_id: guarded(self, lambda: self.show_source(source_id))
        )
        self.sources_dock.source_activated.connect(
            lambda source_id: guarded(self, lambda: self.show_source(source_id, pin=True))
        )
        self.bibliography_dock.source_activated.connect(
            lambda source_id: guarded(self, lambda: self.show_source(source_id, pin=True))
        )
        self.sources_model.modelReset.connect(self._select_current_source)
        self.documents.tabs.currentChanged.connect(lambda _index: self._select_current_source())
        self.documents.tabs.currentChanged.connect(lambda _index: self.coding.announce())

    # -- the open project -------------------------------------------------------------------

    def open_project(self, path: Path) -> bool:
        """Open the project at ``path`` in this window; on failure say why and stay as we are."""
        return self.files.open_project(path)

    def create_project(self, path: Path) -> bool:
        """Create a project with the default codebook at ``path`` and open it."""
        return self.files.create_project(path)

    def close_project(self) -> None:
        self._set_project(None)

    def _editing_actions(self) -> list[QAction]:
        """What would change the project, kept off while it is read-only."""
        return [
            self.import_action,
            self.import_folder_action,
            self.undo_action,
            self.redo_action,
            *self.coding.editing_actions(),
            *self.sources_dock.editing_actions(),
            *self.codebook_dock.editing_actions(),
            *self.journal_dock.editing_actions(),
            *self.cases_dock.editing_actions(),
        ]

    def _show_read_only(self) -> None:
        """The banner and the editing lock, as the open project is read-only or not."""
        reason = self._read_only_reason if self.project is not None else None
        self.read_only_banner.show_reason(reason)
        if reason is None:
            self.editing_lock.release()
        else:
            self.editing_lock.engage(
                self._editing_actions(),
                [self.sources_dock, self.codebook_dock, self.journal_dock, self.cases_dock],
                [self.search_dock.code_button],
            )

    def _set_project(self, project: Project | None, read_only_reason: str | None = None) -> None:
        """Show ``project`` (None: the start page); ``read_only_reason`` says why it is
        read-only, None when it is not."""
        old = self.project
        self._read_only_reason = read_only_reason
        # The actions are enabled for the next project as it is shown, then locked again if it
        # is read-only too (_show_read_only).
        self.editing_lock.release()
        self.coders.close_agreement()  # it compares the project about to close
        if old is not None:
            # What is typed in the journal and not saved yet goes in before the project closes.
            guarded(self, self.journal_dock.flush)
            # An import may still be writing to the project about to close: stop it first.
            # What it imported is kept; its summary is not shown, the project being gone.
            self.runner.shutdown()
            settings.WINDOW_STATE.set(self.saveState(DOCK_LAYOUT_VERSION))
            self.edits.set_project(None)
            self.undo_stack.clear()  # its edits belong to the project being closed
            self.search_dock.set_project(None)  # closes its index before the project closes
            self.retrieval_dock.set_project(None)
            self.retrieval_runner.shutdown()
            self.documents.close_all()
            # The PDFs and the search index let go of the project before it closes.
            self.render_runner.shutdown()
            self.search_runner.shutdown()
        self.project = project
        if project is not None:
            self.edits.set_project(project)
            settings.add_recent_project(project.path)
        self.sources_dock.set_project(project)
        self.codebook_dock.set_project(project)
        self.search_dock.set_project(project)
        self.cases_dock.set_project(project)
        self.journal_dock.set_project(project)
        self.retrieval_dock.set_project(project)
        self.bibliography_dock.set_project(project)
        self.coding.refresh_codes()
        if old is not None:
            old.close()
        self._show_project_ui(project is not None)

    def _show_project_ui(self, has_project: bool) -> None:
        if has_project:
            state = settings.WINDOW_STATE.get()
            if state is None or not self.restoreState(state, DOCK_LAYOUT_VERSION):
                for dock in self.docks:
                    dock.show()
                # The first time: once the docks are laid out, sized to their contents.
                QTimer.singleShot(0, self.size_docks)
            self.pages.setCurrentWidget(self.documents)
            self.documents.setCurrentWidget(self.documents.hint)
        else:
            for dock in self.docks:
                dock.hide()
            self.files.refresh_recent()
            self.pages.setCurrentWidget(self.start_page)
        project_actions = (
            self.import_action,
            self.import_folder_action,
            self.close_action,
            self.export_action,
            self.merge_action,
            self.agreement_action,
            self.search_dock.search_action,
            self.retrieval_dock.retrieval_action,
        )
        for action in (*project_actions, *self.view_menu.actions()):
            action.setEnabled(has_project)
        self.sources_dock.update_actions()
        self.codebook_dock.update_actions()
        self.cases_dock.update_actions()
        self.bibliography_dock.update_actions()
        self.coding_menu.setEnabled(has_project)
        self.coders.show_name()
        self._show_read_only()
        self._update_title()

    # -- who codes: dialogs/coders.py (the actions and menus call these) ---------------------

    def ask_coder_name(self) -> None:
        self.coders.ask_name()

    def _coders_in_stripes(self) -> None:
        self.coders.side_by_side(self.side_by_side_action.isChecked())

    def show_agreement(self) -> None:
        self.coders.show_agreement()

    def _update_title(self, _edit: Edit[Any] | None = None) -> None:
        if self.project is None:
            self.setWindowTitle(_("Kutip"))
        elif self.project.read_only:
            self.setWindowTitle(
                _("{project} (read-only) — Kutip").format(project=self.project.name)
            )
        else:
            self.setWindowTitle(_("{project} — Kutip").format(project=self.project.name))

    # -- sources and documents --------------------------------------------------------------

    def current_source_id(self) -> int | None:
        """The source in front: the open document's, else the one selected in Sources."""
        view = self.documents.current_view()
        return view.source_id if view is not None else self.sources_dock.selected_source_id()

    def _add_case_action(self, view: SourceView | PdfDocumentView) -> None:
        view.context_actions = [*view.context_actions, self.cases_dock.add_selection_action]

    def show_source(self, source_id: int, *, pin: bool = False) -> None:
        """Show a source in the centre (in a preview tab unless ``pin``)."""
        if self.project is None:
            return
        self.documents.show_source(self.project, source_id, pin=pin)

    def _retrieve_selected_code(self) -> None:
        code_id = self.codebook_dock.selected_code_id()
        self.retrieval_dock.set_codes([] if code_id is None else [code_id])

    def export(self) -> None:
        """File ▸ Export: a coded summary, the codebook, or the project for another tool."""
        if self.project is not None:
            open_export_dialog(self, self.project, self.runner)

    def show_hit(
        self, source_id: int, start: int, end: int, matches: list[tuple[int, int]]
    ) -> None:
        """A search hit: its source in front, its matched words marked, ``[start, end)``
        selected (so a code key codes it) and in view."""
        self.show_source(source_id)
        view = self.documents.current_view()
        if isinstance(view, SourceView):
            highlight_ranges(view, matches, positions=view.positions)
            view.select_range(start, end)
        elif isinstance(view, PdfDocumentView):
            view.pages.set_marks(matches)
            view.select_range(start, end)

    def _reveal_step(self, offset: int) -> None:
        """Show the passage whose codings the step just undone (``offset`` 0) or redone (-1)
        changed, in its document: Ctrl+Z of a coding made pages away scrolls there."""
        command = self.undo_stack.command(self.undo_stack.index() + offset)
        if isinstance(command, EditCommand) and self.project is not None:
            self.documents.reveal_edits(self.project, command.edits)

    def _show_passage(self, source_id: int, start: int, end: int) -> None:
        """``[start, end)`` of a source in front, marked, selected and in view."""
        self.show_hit(source_id, start, end, [(start, end)])

    def _select_current_source(self) -> None:
        """Keep the sources tree's selection on the source in the front tab."""
        view = self.documents.current_view()
        self.sources_dock.select_source(view.source_id if view is not None else None)

    # -- file actions: dialogs/project_files.py (the actions and menus call these) -----------

    def new_project(self) -> None:
        self.files.new_project()

    def open_project_dialog(self) -> None:
        self.files.open_project_dialog()

    def _fill_recent_menu(self) -> None:
        self.files.fill_recent_menu(self.recent_menu)

    def open_demo(self) -> None:
        self.files.open_demo()

    # -- settings and help --------------------------------------------------------------------

    def choose_language(self, code: str) -> None:
        if code == (settings.LANGUAGE.get() or current_language()):
            return
        settings.LANGUAGE.set(code)
        name = dict(LANGUAGES)[code]
        QMessageBox.information(
            self,
            _("Language"),
            _("Kutip will be in {language} the next time you start it.").format(language=name),
        )

    def show_about(self) -> None:
        dialog = AboutDialog(self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    # -- closing ------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.files.window_closed()
        settings.WINDOW_GEOMETRY.set(self.saveGeometry())
        self.runner.shutdown()
        self._set_project(None)
        self.render_runner.shutdown()
        self.search_runner.shutdown()
        super().closeEvent(event)
