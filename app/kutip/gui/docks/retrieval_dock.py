"""The retrieval dock: the coded segments of the chosen codes, with their quotes and citations.

The codes come from the codebook's selection (the window calls ``set_codes``) or from the
dock's own "Codes" menu, and combine as any of them (OR), all of them overlapping (AND) or
the first but not the others (NOT); filters narrow the list to a source, a case, a value of an
attribute (``pulau_jawa = no``: the informants outside Java) and a coder. Each row shows the
quote, its citation as a report prints it ("(Pratama & Lestari, 2024, p. 45)", "(Informan 2,
00:00:15)"), the code, the source and the memo. The list is computed on a worker
(``kutip.reports.retrieval.retrieve``, through the report model) a moment after the query or the
project changes; only the newest answer is shown. "Export List…" writes exactly the listed
codings (a ``Selection`` naming them: ``retrieval.export_selection``) with
``kutip.services.exporting`` (CSV, XLSX, DOCX, Markdown, HTML), with progress and Cancel.

Wiring (the window's part):

* ``RetrievalDock(parent, task_runner, undo_stack)``; ``set_project(project | None)`` when a
  project opens or closes (it cancels a retrieval under way; as with the search dock, the
  window should let the runner finish before it closes the project);
* ``set_codes(code_ids)`` when the codebook's selection changes (order matters for NOT);
* ``segment_activated(source_id, start, end, segment_id)`` on double-click or Enter: open the
  source and show the coding ``[start, end)`` (code points, as stored);
* ``retrieval_action`` (Ctrl+Shift+R) shows the dock.

The dock listens to the window's edit bus (``EditBus.edited``, on the GUI thread whichever thread
made the edit) and refreshes what an edit touched. Memos edited from its context menu go on the
undo stack.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kutip.gui.coding.memo_editor import MemoEditor
from kutip.gui.core import settings
from kutip.gui.core.edit_bus import EditBus
from kutip.gui.core.error_dialogs import guarded, report
from kutip.gui.core.flow_layout import FlowLayout, group
from kutip.gui.core.mnemonics import literal
from kutip.gui.core.status_label import StatusLabel
from kutip.gui.core.tasks import Task, TaskRunner, show_progress
from kutip.gui.core.undo import push_edit
from kutip.gui.dialogs.export_dialog import (
    report_language,
    report_style,
    show_export_result,
    swatch,
)
from kutip.gui.docks.retrieval_filters import RetrievalFilters
from kutip.gui.docks.retrieval_model import RetrievalModel
from kutip.gui.docks.retrieval_view import RetrievalView
from kutip.i18n import N_, _, ngettext
from kutip.progress import Cancelled, Progress
from kutip.project import Edit, Project
from kutip.reports import ExportOptions, ExportResult
from kutip.reports.retrieval import (
    CombineMode,
    Retrieval,
    RetrievalQuery,
    RetrievedSegment,
    export_selection,
    retrieve,
)
from kutip.services import exporting

#: How the chosen codes combine, as the mode list shows them.
MODE_TITLES: dict[CombineMode, str] = {
    CombineMode.ANY: N_("Any of the codes (OR)"),
    CombineMode.ALL: N_("All of them, overlapping (AND)"),
    CombineMode.NOT: N_("The first, not the others (NOT)"),
}
MODE_TIPS: dict[CombineMode, str] = {
    CombineMode.ANY: N_("Every coding of any of the chosen codes"),
    CombineMode.ALL: N_("Codings where all the chosen codes overlap in the text"),
    CombineMode.NOT: N_("Codings of the first code that no other chosen code overlaps"),
}
#: The widest the codes button's text grows, in pixels (longer lists of names are elided).
CODES_BUTTON_TEXT_WIDTH = 220
#: The formats "Export List…" offers.
LIST_FORMATS: tuple[str, ...] = ("csv", "xlsx", "docx", "md", "html")
#: Edits to these tables may change the list.
_RELEVANT = frozenset(
    {
        "segments", "codes", "sources", "pages", "turns", "cases", "case_sources",
        "attributes", "attribute_values", "bib_entries", "coders",
    }
)  # fmt: skip
_FILTER_TABLES = frozenset(
    {"sources", "cases", "coders", "attributes", "attribute_values", "case_sources"}
)
#: How long a query must stay unchanged before it runs (a burst of edits runs once).
REFRESH_DELAY_MS = 120


class RetrievalDock(QDockWidget):
    """List the codings of the chosen codes, combined and filtered; jump to them; export them."""

    #: A row was double-clicked or activated: (source id, start, end, segment id), code points.
    segment_activated = Signal(int, int, int, int)
    #: The list shows the answer to the current query (or was cleared).
    retrieved = Signal()
    #: "Export List…" finished; carries the ``ExportResult``.
    list_exported = Signal(object)

    def __init__(
        self,
        parent: QWidget | None,
        task_runner: TaskRunner,
        undo_stack: QUndoStack,
        edits: EditBus,
    ) -> None:
        super().__init__(_("Retrieval"), parent)
        self.setObjectName("retrieval_dock")
        self._runner = task_runner
        self._undo_stack = undo_stack
        self._project: Project | None = None
        self._codes: list[int] = []
        self._code_names: dict[int, str] = {}
        self._task: Task | None = None
        self._generation = 0
        self._retrieval: Retrieval | None = None
        self._export_task: Task | None = None
        #: The result message of the last "Export List…" (for the window and tests).
        self.result_box: QMessageBox | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._stale = False  # something changed while the dock was hidden
        self._build()
        self._connect()
        edits.edited.connect(self._on_edit)
        self._update_codes_button()
        self._update_enabled()
        self._set_status(_("Open a project to retrieve its codings."))

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self._build_codes_row()
        self.filters = RetrievalFilters()
        self._build_list()

        # Wraps onto a second line when the dock is narrow, as the filters under it do, rather
        # than holding the window's side docks narrow.
        top = FlowLayout(spacing=6)
        top.addWidget(group(_("Codes:"), self.codes_button))
        top.addWidget(self.mode_box)
        top.addWidget(self.export_button)
        self.filters.append(self.status)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.view, 1)
        self.setWidget(body)

    def _build_codes_row(self) -> None:
        """The codes button and its menu, the mode list, the status line and "Export List…"."""
        self.codes_button = QPushButton()
        self.codes_button.setObjectName("retrieval_codes")
        self.codes_button.setStyleSheet("QPushButton { text-align: left; padding: 3px 8px; }")
        self.codes_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.codes_button.setToolTip(
            _("The codes whose codings are listed; selecting codes in the codebook chooses them")
        )
        self.codes_menu = QMenu(self.codes_button)
        self.codes_button.setMenu(self.codes_menu)

        self.mode_box = QComboBox()
        self.mode_box.setObjectName("retrieval_mode")
        for mode, title in MODE_TITLES.items():
            self.mode_box.addItem(_(title), mode.value)
            self.mode_box.setItemData(
                self.mode_box.count() - 1, _(MODE_TIPS[mode]), Qt.ItemDataRole.ToolTipRole
            )

        self.status = StatusLabel()
        self.status.setObjectName("retrieval_status")
        self.export_button = QPushButton(_("Export List…"))
        self.export_button.setObjectName("retrieval_export")
        self.export_button.setToolTip(_("Export the listed codings with their citations"))

    def _build_list(self) -> None:
        """The list of codings, its columns, and the actions that show and copy it."""
        self.model = RetrievalModel(self)
        self.view = RetrievalView()
        self.view.setModel(self.model)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(RetrievalModel.QUOTE, QHeaderView.ResizeMode.Stretch)
        widths = {
            RetrievalModel.CITATION: 210,
            RetrievalModel.CODE: 150,
            RetrievalModel.SOURCE: 150,
            RetrievalModel.MEMO: 200,
        }
        for column in widths:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        # Narrower in a narrow dock, so that the quotes keep room.
        self.view.set_column_widths(widths)

        self.retrieval_action = QAction(_("&Retrieve Coded Segments"), self)
        self.retrieval_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.retrieval_action.triggered.connect(self.focus_list)
        self.copy_action = QAction(_("&Copy with Citations"), self.view)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_selected)
        self.view.addAction(self.copy_action)

    def _connect(self) -> None:
        self.codes_menu.triggered.connect(self._code_toggled)
        self.mode_box.currentIndexChanged.connect(self._query_changed)
        self.filters.changed.connect(self._query_changed)
        self.export_button.clicked.connect(self._export_asked)
        self.view.activated.connect(self._activate)
        self.view.customContextMenuRequested.connect(self._menu)
        self.visibilityChanged.connect(self._visibility_changed)

    # -- the project ---------------------------------------------------------------------------

    @property
    def project(self) -> Project | None:
        return self._project

    def set_project(self, project: Project | None) -> None:
        """List the codings of ``project`` from now on (None: no project)."""
        if project is self._project:
            return
        self._cancel_task()
        self._project = project
        self._codes = []
        self._retrieval = None
        self.model.clear()
        self.filters.set_project(project)
        self._fill_codes_menu()
        self._update_enabled()
        self.refresh()

    def _on_edit(self, edit: Edit[Any]) -> None:
        if self._project is None:
            return
        tables = edit.tables
        if "codes" in tables:
            existing = {code.id for code in self._project.codes.all()}
            self._codes = [code for code in self._codes if code in existing]
            self._fill_codes_menu()
        if tables & _FILTER_TABLES:
            self.filters.fill()
        if tables & _RELEVANT:
            self.schedule_refresh()

    # -- codes and mode ------------------------------------------------------------------------

    def codes(self) -> list[int]:
        return list(self._codes)

    def set_codes(self, code_ids: Sequence[int]) -> None:
        """List the codings of these codes (the first is the one NOT keeps)."""
        codes = list(dict.fromkeys(int(code) for code in code_ids))
        if codes == self._codes:
            return
        self._codes = codes
        self._sync_codes_menu()
        self._update_codes_button()
        self.schedule_refresh()

    def mode(self) -> CombineMode:
        return CombineMode(self.mode_box.currentData())

    def set_mode(self, mode: CombineMode | str) -> None:
        self.mode_box.setCurrentIndex(self.mode_box.findData(CombineMode(mode).value))

    def _fill_codes_menu(self) -> None:
        self.codes_menu.clear()
        self._code_names = {}
        project = self._project
        if project is not None:
            codes = project.codes.all()
            parents = {code.id: code.parent_id for code in codes}
            for code in codes:
                depth, parent = 0, code.parent_id
                while parent is not None:
                    depth, parent = depth + 1, parents.get(parent)
                self._code_names[code.id] = code.name
                action = self.codes_menu.addAction(
                    swatch(code.color), "    " * depth + literal(code.name)
                )
                action.setCheckable(True)
                action.setData(code.id)
            self.codes_menu.addSeparator()
            clear = self.codes_menu.addAction(_("Clear the Codes"))
            clear.setData(None)
        self._sync_codes_menu()
        self._update_codes_button()

    def _sync_codes_menu(self) -> None:
        chosen = set(self._codes)
        for action in self.codes_menu.actions():
            if action.isCheckable():
                action.setChecked(action.data() in chosen)

    def _code_toggled(self, action: QAction) -> None:
        code_id = action.data()
        if code_id is None:
            self.set_codes([])
        elif action.isChecked():
            self.set_codes([*self._codes, int(code_id)])  # a code ticked later comes last
        else:
            self.set_codes([code for code in self._codes if code != code_id])

    def _update_codes_button(self) -> None:
        names = [self._code_names.get(code, "?") for code in self._codes]
        if not names:
            text = _("Choose codes")
        elif len(names) <= 3:
            text = ", ".join(names)
        else:
            rest = len(names) - 2
            text = (
                ", ".join(names[:2])
                + " "
                + ngettext("and {n} more", "and {n} more", rest).format(n=rest)
            )
        # Elided: many long names must not widen the dock (the tooltip lists them all).
        metrics = self.codes_button.fontMetrics()
        self.codes_button.setText(
            literal(metrics.elidedText(text, Qt.TextElideMode.ElideRight, CODES_BUTTON_TEXT_WIDTH))
        )
        self.codes_button.setToolTip("\n".join(names) if names else _("Choose codes"))

    # -- filters -------------------------------------------------------------------------------

    def set_source_filter(self, source_id: int | None) -> None:
        self.filters.set_source_filter(source_id)

    def set_case_filter(self, case_id: int | None) -> None:
        self.filters.set_case_filter(case_id)

    def set_coder_filter(self, coder_id: int | None) -> None:
        self.filters.set_coder_filter(coder_id)

    def set_attribute_filter(self, attribute_id: int | None, value: str | None = None) -> None:
        """Keep the codings whose case (or source) has ``value`` (stored text: "false", "19")."""
        self.filters.set_attribute_filter(attribute_id, value)

    def clear_filters(self) -> None:
        self.filters.clear()

    def query(self) -> RetrievalQuery:
        """The retrieval the codes, the mode and the filters describe."""
        return self.filters.query(tuple(self._codes), self.mode())

    def _query_changed(self, *_args: object) -> None:
        self.schedule_refresh()

    # -- retrieving ----------------------------------------------------------------------------

    def schedule_refresh(self) -> None:
        """Retrieve again in a moment (changes made meanwhile are taken together).

        While the dock is hidden (closed, or a tab behind another dock) nothing is retrieved:
        the list is brought up to date when it shows again.
        """
        if self.isVisible():
            self._timer.start()
        else:
            self._stale = True

    def _visibility_changed(self, visible: bool) -> None:
        if visible and self._stale:
            self._stale = False
            self._timer.start()

    def refresh(self) -> None:
        """Retrieve now, on a worker; the answer of an earlier retrieval is not shown."""
        self._timer.stop()
        self._stale = False
        self._cancel_task()
        self._generation += 1
        generation = self._generation
        project = self._project
        query = self.query()
        if project is None or not query.codes:
            self._retrieval = None
            self.model.clear()
            self._set_status(
                _("Open a project to retrieve its codings.")
                if project is None
                else _("Choose codes in the codebook, or with the Codes button.")
            )
            self._update_enabled()
            self.retrieved.emit()
            return
        style, language = report_style(), report_language()

        def work(progress: Progress) -> Retrieval:
            return retrieve(project, query, style=style, language=language, progress=progress)

        task = self._runner.start(work, stop_on_report=True)
        self._task = task
        task.succeeded.connect(lambda result: self._show(generation, result))
        task.failed.connect(lambda error: self._failed(generation, error))
        task.finished.connect(lambda: self._finished(task))
        if not self.model.rowCount():
            self._set_status(_("Retrieving…"))

    def _cancel_task(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def _show(self, generation: int, retrieval: Retrieval) -> None:
        if generation != self._generation:
            return
        current = self.model.row(self.view.currentIndex())
        self._retrieval = retrieval
        self.model.set_rows(retrieval.rows)
        if current is not None:  # stay on the same coding after a refresh
            row = self.model.row_of(current.segment_id)
            if row is not None:
                self.view.setCurrentIndex(self.model.index(row, 0))
        self._set_status(self._summary(retrieval), "\n".join(retrieval.warnings))
        self._update_enabled()
        self.retrieved.emit()

    def _summary(self, retrieval: Retrieval) -> str:
        count = len(retrieval.rows)
        if not count:
            return _("No codings match.")
        return " ".join(
            (
                ngettext("{n} coding", "{n} codings", count).format(n=count),
                ngettext("in {n} source.", "in {n} sources.", retrieval.source_count).format(
                    n=retrieval.source_count
                ),
            )
        )

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation or isinstance(error, Cancelled):
            return
        self._set_status("")
        report(self, error)
        self.retrieved.emit()

    def _finished(self, task: Task) -> None:
        if self._task is task:
            self._task = None

    @property
    def busy(self) -> bool:
        return self._task is not None or self._timer.isActive()

    def retrieval(self) -> Retrieval | None:
        """The answer the list shows (None before one arrives)."""
        return self._retrieval

    def rows(self) -> tuple[RetrievedSegment, ...]:
        return self.model.rows()

    # -- the list ------------------------------------------------------------------------------

    def focus_list(self) -> None:
        self.show()
        self.raise_()
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _activate(self, index: QModelIndex) -> None:
        row = self.model.row(index)
        if row is not None:
            self.segment_activated.emit(row.source_id, row.start, row.end, row.segment_id)

    def selected_rows(self) -> list[RetrievedSegment]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.model.rows()[row] for row in rows]

    def copy_selected(self) -> None:
        """Put the selected quotes, each with its citation, on the clipboard."""
        rows = self.selected_rows()
        if rows:
            QApplication.clipboard().setText(
                "\n\n".join(f"“{row.quote}” {row.citation_text}" for row in rows)
            )

    def _menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        row = self.model.row(index)
        menu = QMenu(self)
        if row is not None:
            menu.addAction(_("Show in the Document"), lambda: self._activate(index))
            menu.addAction(_("Edit Memo…"), lambda: guarded(self, lambda: self.edit_memo(row)))
            menu.addAction(self.copy_action)
            menu.addSeparator()
        export = menu.addAction(self.export_button.text(), self._export_asked)
        export.setEnabled(self.export_button.isEnabled())
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def edit_memo(self, row: RetrievedSegment) -> Edit[None] | None:
        """Ask for a new memo of the coding ``row`` shows; the change goes on the undo stack."""
        project = self._project
        if project is None:
            return None
        editor = MemoEditor(row.code_path, row.quote, row.memo, self)
        try:
            if editor.exec() != MemoEditor.DialogCode.Accepted or editor.memo() == row.memo:
                return None
            memo = editor.memo()
        finally:
            editor.deleteLater()
        return push_edit(
            self._undo_stack, project, lambda: project.codings.set_memo(row.segment_id, memo)
        )

    # -- exporting the list --------------------------------------------------------------------

    def _export_asked(self) -> None:
        project, retrieval = self._project, self._retrieval
        if project is None or retrieval is None or not retrieval.rows:
            return
        formats = [exporting.FORMATS[name] for name in LIST_FORMATS]
        filters = [format.file_filter() for format in formats]
        folder = settings.EXPORT_FOLDER.get() or project.path.parent
        if not folder.is_dir():
            folder = project.path.parent
        default = folder / f"{project.path.stem}-{_('retrieval')}{formats[0].suffix}"
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self, _("Export the List"), str(default), ";;".join(filters), filters[0]
        )
        if not chosen:
            return
        path = Path(chosen)
        by_suffix = [f.name for f in formats if path.suffix.lower() == f.suffix]
        if by_suffix:
            format = by_suffix[0]
        else:
            row = filters.index(chosen_filter) if chosen_filter in filters else 0
            format = LIST_FORMATS[row]
            path = exporting.with_suffix(path, format)
        guarded(self, lambda: self.export_list(path, format))

    def export_list(self, path: Path | str, format: str) -> Task | None:
        """Export exactly the listed codings as ``format`` to ``path``, with progress."""
        project, retrieval = self._project, self._retrieval
        if project is None or retrieval is None or self._export_task is not None:
            return None
        if format not in LIST_FORMATS:
            raise ValueError(f"the list is not exported as {format}")
        target = Path(path).absolute()
        options = ExportOptions(
            selection=export_selection(retrieval),
            style=report_style(),
            language=report_language(),
            charts=settings.EXPORT_CHARTS.get(),
            empty_codes=False,
        )

        def work(progress: Progress) -> ExportResult:
            return exporting.export(project, format, target, options, progress)

        task = self._runner.start(work, stop_on_report=True)
        self._export_task = task
        show_progress(
            task,
            self.window(),
            _("Export the List"),
            _("Exporting {name}…").format(name=target.name),
        )
        task.succeeded.connect(lambda result: self._exported(target, result))
        task.failed.connect(self._export_failed)
        task.finished.connect(self._export_finished)
        self._update_enabled()
        return task

    def _exported(self, target: Path, result: ExportResult) -> None:
        settings.EXPORT_FOLDER.set(target.parent)
        self.list_exported.emit(result)
        self.result_box = show_export_result(
            self.window(), list(result.paths), list(result.warnings)
        )

    def _export_failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self._set_status(_("The export was cancelled; nothing was written."))
        else:
            report(self, error)

    def _export_finished(self) -> None:
        self._export_task = None
        self._update_enabled()

    # -- state ---------------------------------------------------------------------------------

    def _set_status(self, text: str, tooltip: str = "") -> None:
        self.status.setText(text)
        self.status.setToolTip(tooltip or text)

    def _update_enabled(self) -> None:
        has_project = self._project is not None
        for widget in (self.codes_button, self.mode_box, self.view):
            widget.setEnabled(has_project)
        self.filters.set_active(has_project)
        self.export_button.setEnabled(
            has_project and self.model.rowCount() > 0 and self._export_task is None
        )
