"""The search dock: a query box, the hits grouped by source, and coding checked hits at once.

The open project's index and the work on it (opening it, then searches, one at a time; a newer
search replaces one still waiting) are kept by a ``services.search_index.SearchQueue``; the dock
runs each of its jobs on the window's task runner and shows what comes back. A search asked
for while the index is being built waits, and the dock says "The index is being built (n%)…"
instead of showing hits from half an index; results of a search overtaken by a newer one are
not shown.

Wiring (the window's part):

* ``SearchDock(parent, task_runner, undo_stack, edits)``; ``set_project(project | None)`` when a
  project opens or closes (before the project is closed: the dock closes its index);
* ``hit_activated(source_id, start, end, matches)``: open the source and highlight
  ``matches`` (code point ranges, e.g. with ``find_bar.highlight_ranges``), showing
  ``[start, end)``: the hit's first matched span (a phrase as one range), or its chunk when
  only fields matched;
* ``current_code``: a callable giving the codebook's selected code id, preselected when
  coding hits; ``search_action`` (Ctrl+Shift+F) shows the dock with the focus in the query.

The dock hears of the project's edits through the window's ``EditBus`` to keep its code filter
and result titles current.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kutip.gui.core import settings
from kutip.gui.core.edit_bus import EditBus
from kutip.gui.core.error_dialogs import guarded, report
from kutip.gui.core.flow_layout import FlowLayout, group
from kutip.gui.core.status_label import StatusLabel
from kutip.gui.core.tasks import TaskRunner
from kutip.gui.core.undo import push_edit
from kutip.gui.dialogs.autocode_dialog import AutocodeDialog, code_icon
from kutip.gui.docks.search_jobs import SearchJobs
from kutip.gui.docks.search_model import SearchResultsModel
from kutip.gui.docks.search_widgets import EXAMPLES, QueryHelp, ResultsView, SnippetDelegate
from kutip.gui.viewer.textpos import PositionMap
from kutip.i18n import _, ngettext
from kutip.progress import Cancelled
from kutip.project import Edit, Project
from kutip.search import (
    Hit,
    IndexNotReadyError,
    QuerySyntaxError,
    Scope,
    SearchIndex,
    SearchResults,
    apply_autocode,
    plan_autocode,
)
from kutip.search.query import check_syntax
from kutip.services.search_index import Found, SearchRequest, hit_range

log = logging.getLogger(__name__)


def results_summary(request: SearchRequest, results: SearchResults, sources: int) -> str:
    """ "12 hits in 3 sources (the best 500 of 812).", or that there were none."""
    shown = len(results.hits)
    if not shown:
        return _("No hits for {query}.").format(query=request.query)
    text = " ".join(
        (
            ngettext("{n} hit", "{n} hits", shown).format(n=shown),
            ngettext("in {n} source", "in {n} sources", sources).format(n=sources),
        )
    )
    if results.total > shown:
        text += " " + _("(the best {shown} of {total})").format(shown=shown, total=results.total)
    return text + "."


class SearchDock(QDockWidget):
    """Search the open project; check hits and code them in one undoable step."""

    #: A hit was clicked or activated: (source id, start, end, matched words), code points.
    hit_activated = Signal(int, int, int, list)
    #: A search's results (or its error) are shown.
    search_finished = Signal()
    #: The index was opened (built or brought up to date) for the open project.
    index_ready = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        task_runner: TaskRunner,
        undo_stack: QUndoStack,
        edits: EditBus,
        *,
        cache_dir: Path | str | None = None,
        current_code: Callable[[], int | None] | None = None,
    ) -> None:
        super().__init__(_("Search"), parent)
        self.setObjectName("search_dock")
        self._undo_stack = undo_stack
        #: Gives the codebook's current code, preselected when coding hits.
        self.current_code = current_code
        self._project: Project | None = None
        #: The index and the work waiting on it, run on ``task_runner``.
        self.jobs = SearchJobs(task_runner, cache_dir, self)
        self._last: SearchRequest | None = None
        self._latest: SearchRequest | None = None  # the last asked for: only its results show
        self._results: SearchResults | None = None
        self._percent: int | None = None
        self._search_scheduled = False
        self._help: QueryHelp | None = None

        self._build()
        self._connect()
        edits.edited.connect(self._on_edit)
        self._update_enabled()
        self._set_status(_("Open a project to search it."))

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        query_row = self._build_query_row()
        self._build_error_label()
        filter_row = self._build_filter_row()
        self._build_results()
        action_row = self._build_action_row()
        self.search_action = QAction(_("&Search the Project…"), self)
        self.search_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.search_action.triggered.connect(self.focus_query)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(query_row)
        layout.addWidget(self.error_label)
        layout.addLayout(filter_row)
        layout.addWidget(self.view, 1)
        layout.addLayout(action_row)
        self.setWidget(body)

    def _build_query_row(self) -> QHBoxLayout:
        """The query box (with the history), the search button and the "?" menu."""
        self.query_box = QComboBox()
        self.query_box.setObjectName("search_query")
        self.query_box.setEditable(True)
        self.query_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.query_box.setMaxCount(settings.MAX_SEARCH_HISTORY)
        self.query_box.addItems(settings.SEARCH_HISTORY.get())
        self.query_box.setCurrentIndex(-1)
        self.query_box.setEditText("")
        query_edit = self.query_box.lineEdit()
        assert query_edit is not None  # the box is editable
        self.query_edit: QLineEdit = query_edit
        query_edit.setPlaceholderText(_('Search: words, "phrases", AND, OR, NOT, title:, year:…'))
        query_edit.setClearButtonEnabled(True)
        completer = QCompleter(self.query_box.model(), self.query_box)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.query_box.setCompleter(completer)
        self.query_box.setToolTip(_("Press Enter to search. Click ? for the search syntax."))

        self.search_button = QPushButton(_("Search"))
        self.search_button.setObjectName("search_button")
        self.help_button = QToolButton()
        self.help_button.setObjectName("search_help")
        self.help_button.setText("?")
        self.help_button.setToolTip(_("Search syntax and examples"))
        self.help_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.help_menu = QMenu(self.help_button)
        for query, explanation in EXAMPLES:
            action = self.help_menu.addAction(f"{query}\t{_(explanation)}")
            action.setData(query)
        self.help_menu.addSeparator()
        self.syntax_action = self.help_menu.addAction(_("Search Syntax…"))
        self.help_button.setMenu(self.help_menu)
        self.help_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        self.help_button.setMinimumWidth(self.search_button.sizeHint().height())

        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(self.query_box, 1)
        row.addWidget(self.search_button)
        row.addWidget(self.help_button)
        return row

    def _build_error_label(self) -> None:
        """What is wrong with the query, under the box (hidden while nothing is)."""
        self.error_label = QLabel()
        self.error_label.setObjectName("search_error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet("QLabel { color: #c62828; }")
        self.error_label.hide()

    def _build_filter_row(self) -> FlowLayout:
        """Exact words, in code, not yet coded; the status, the progress and Stop (shown in
        the action row)."""
        self.exact_box = QCheckBox(_("Exact words"))
        self.exact_box.setObjectName("search_exact")
        self.exact_box.setToolTip(
            _("Find the words only as written, not their other forms (kebijakan, not bijak).")
        )
        self.code_filter = QComboBox()
        self.code_filter.setObjectName("search_in_code")
        self.code_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.code_filter.setMinimumContentsLength(12)
        self.code_filter.setToolTip(_("Only matches inside codings of this code"))
        self.uncoded_box = QCheckBox(_("Not yet coded"))
        self.uncoded_box.setObjectName("search_uncoded")
        self.uncoded_box.setToolTip(_("Only matches that no coding covers yet"))
        self._fill_code_filter()

        self.status = StatusLabel()
        self.status.setObjectName("search_status")
        self.progress = QProgressBar()
        self.progress.setObjectName("search_progress")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(160)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.cancel_button = QToolButton()
        self.cancel_button.setObjectName("search_cancel")
        self.cancel_button.setText(_("Stop"))
        self.cancel_button.setAutoRaise(True)
        self.cancel_button.hide()

        # The filters wrap onto a second line when the dock is narrow, rather than holding
        # the window's side docks narrow.
        row = FlowLayout(spacing=8)
        row.addWidget(self.exact_box)
        row.addWidget(group(_("In code:"), self.code_filter))
        row.addWidget(self.uncoded_box)
        return row

    def _build_results(self) -> None:
        """The hits, grouped by source, each snippet wrapped with its matches marked."""
        self.model = SearchResultsModel(self)
        self.view = ResultsView(self.model)
        self.view.setItemDelegateForColumn(SearchResultsModel.SNIPPET, SnippetDelegate(self.view))
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(SearchResultsModel.WHERE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(SearchResultsModel.SNIPPET, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(
            SearchResultsModel.SCORE, QHeaderView.ResizeMode.ResizeToContents
        )
        header.resizeSection(SearchResultsModel.WHERE, 170)

    def _build_action_row(self) -> QHBoxLayout:
        """Coding the checked hits, how many are checked; the status, the progress and Stop."""
        self.code_button = QPushButton(_("Code selected hits…"))
        self.code_button.setObjectName("search_code_hits")
        self.code_button.setToolTip(_("Code the checked hits with a code, in one undoable step"))
        self.checked_label = QLabel()
        self.checked_label.setObjectName("search_checked")
        row = QHBoxLayout()
        row.addWidget(self.code_button)
        row.addWidget(self.checked_label)
        row.addSpacing(16)
        # The status shares this row: a dock at the bottom of the window is short.
        row.addWidget(self.status, 1)
        row.addWidget(self.progress)
        row.addWidget(self.cancel_button)
        return row

    def _connect(self) -> None:
        self.query_edit.returnPressed.connect(self._schedule_search)
        self.query_box.textActivated.connect(self._history_chosen)
        self.query_box.editTextChanged.connect(self._hide_error)
        self.search_button.clicked.connect(self._schedule_search)
        self.exact_box.toggled.connect(self._filters_changed)
        self.code_filter.currentIndexChanged.connect(self._code_filter_changed)
        self.uncoded_box.toggled.connect(self._uncoded_changed)
        self.cancel_button.clicked.connect(self.cancel)
        self.jobs.busy_changed.connect(self._busy_changed)
        self.jobs.progressed.connect(self._progressed)
        self.jobs.opened.connect(self._opened)
        self.jobs.open_failed.connect(self._open_failed)
        self.jobs.found.connect(self._show_results)
        self.jobs.search_failed.connect(self._search_failed)
        self.code_button.clicked.connect(self._code_asked)
        self.help_menu.triggered.connect(self._help_chosen)
        self.model.checked_changed.connect(self._checked_changed)
        self.view.selectionModel().currentChanged.connect(self._activate)
        self.view.activated.connect(self._activate)
        self.view.customContextMenuRequested.connect(self._menu)

    # -- the project and its index -------------------------------------------------------------

    @property
    def project(self) -> Project | None:
        return self._project

    @property
    def index(self) -> SearchIndex | None:
        """The open project's search index (None without a project)."""
        return self.jobs.queue.index

    def set_project(self, project: Project | None) -> None:
        """Search ``project`` from now on (None: no project); its index opens in the background."""
        if project is self._project:
            return
        self._project = project
        self.jobs.set_project(project)
        self._last = self._latest = self._results = None
        self._percent = None
        self.model.clear()
        self._hide_error()
        self._set_status("" if project is not None else _("Open a project to search it."))
        self._fill_code_filter()
        self._update_enabled()
        self.jobs.start_next()

    def cancel(self) -> None:
        """Stop building the index or searching (what was indexed is kept)."""
        self.jobs.cancel()

    @property
    def busy(self) -> bool:
        return self.jobs.busy

    def _opened(self) -> None:
        if self.jobs.queue.waiting is None:
            self._set_status(_("Type words to find and press Enter."))
        self.index_ready.emit()

    def _open_failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self._set_status(_("Indexing stopped. It goes on at the next search."))
        else:
            self._set_status("")
            report(self, error)

    def _busy_changed(self) -> None:
        self._percent = None
        self._update_busy()

    def _progressed(self, done: int, total: int, message: str) -> None:
        self._percent = min(100, 100 * done // total) if total > 0 else None
        if self._percent is not None:
            self.progress.setRange(0, 100)
            self.progress.setValue(self._percent)
        else:
            self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self._show_building_status(message)

    def _show_building_status(self, message: str = "") -> None:
        percent = self._percent or 0
        if self.jobs.queue.waiting is not None:
            text = _("The index is being built ({percent}%)…").format(percent=percent)
        elif self.jobs.queue.opening:
            text = _("Indexing the project for search ({percent}%)…").format(percent=percent)
        else:
            text = _("Updating the search index ({percent}%)…").format(percent=percent)
        if message:
            text = f"{text}  {message}"
        self._set_status(text)

    def _update_busy(self) -> None:
        if not self.jobs.busy:
            self.progress.hide()
            self.cancel_button.hide()
        elif self.jobs.queue.opening:
            self.progress.setRange(0, 0)  # until the first report says how much there is
            self.progress.show()
            self.cancel_button.show()
            self._show_building_status()

    # -- searching -----------------------------------------------------------------------------

    def focus_query(self) -> None:
        """Show the dock with the focus in the query box (Ctrl+Shift+F)."""
        self.show()
        self.raise_()
        self.query_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query_edit.selectAll()

    def request(self) -> SearchRequest:
        """The search the box and the filters describe."""
        in_code = self.code_filter.currentData()
        return SearchRequest(
            self.query_box.currentText().strip(),
            exact=self.exact_box.isChecked(),
            in_code=int(in_code) if in_code is not None else None,
            uncoded=self.uncoded_box.isChecked(),
        )

    def _schedule_search(self, *_args: object) -> None:
        # Enter in the box can also activate a history item: one search for both signals.
        if not self._search_scheduled:
            self._search_scheduled = True
            QTimer.singleShot(0, self._scheduled_search)

    def _history_chosen(self, _text: str) -> None:
        # Qt also "activates" the item matching the text when the box merely loses the focus
        # (editingFinished): searching then would throw away the hits being checked.
        focus = QApplication.focusWidget()
        if focus is None or not self.query_box.isAncestorOf(focus):
            return
        if self.request() == self._last and self._results is not None:
            return  # picked the query on show again
        self._schedule_search()

    def _scheduled_search(self) -> None:
        self._search_scheduled = False
        self.search()

    def search(self, query: str | None = None) -> None:
        """Search for ``query`` (else the box's text) with the filters, off the GUI thread."""
        if query is not None:
            self.query_box.setEditText(query)
        request = self.request()
        self._latest = request  # results of any earlier search are not shown any more
        self._hide_error()
        queue = self.jobs.queue
        if queue.index is None:
            return
        if not request.query:
            queue.ask(None)
            self._last = self._results = None
            self.model.clear()
            self._set_status(_("Type words to find and press Enter."))
            return
        try:
            check_syntax(request.query)  # at once, on this thread: it only reads the text
        except QuerySyntaxError as error:
            self._results = None
            self.model.clear()
            self._set_status("")
            self.show_query_error(error)
            self.search_finished.emit()
            return
        queue.ask(request)
        self._last = request
        if queue.opening:
            # Not half an index's hits: say how far it is and search when it is done.
            self._results = None
            self.model.clear()
            self._show_building_status()
            return
        if not self.jobs.busy:
            self._set_status(_("Searching…"))
        self.jobs.start_next()

    def _show_results(self, request: SearchRequest, found: Found) -> None:
        if request is not self._latest:
            return  # overtaken by a newer search (which runs next) or a cleared box
        results = self._results = found.results
        self.model.set_results(results.hits, found.locations, found.ocr)
        self._remember(request.query)
        self._set_status(results_summary(request, results, self.model.group_count()))
        self.search_finished.emit()

    def _search_failed(self, request: SearchRequest, error: BaseException) -> None:
        if request is not self._latest:
            return
        if isinstance(error, Cancelled):
            self._set_status(_("The search was stopped."))
        elif isinstance(error, QuerySyntaxError):
            self._results = None
            self.model.clear()
            self._set_status("")
            self.show_query_error(error)
        elif isinstance(error, IndexNotReadyError):
            self._set_status(str(error))
        else:
            self._set_status("")
            report(self, error)
        self.search_finished.emit()

    def show_query_error(self, error: QuerySyntaxError) -> None:
        """Say under the box what is wrong with the query, and put the cursor there."""
        self.error_label.setText(str(error))
        self.error_label.show()
        if self.query_edit.text() == error.query:
            self.query_edit.setCursorPosition(PositionMap(error.query).to_utf16(error.position))

    def _hide_error(self, *_args: object) -> None:
        self.error_label.hide()
        self.error_label.clear()

    def _remember(self, query: str) -> None:
        history = settings.add_search_history(query)
        text = self.query_box.currentText()
        self.query_box.blockSignals(True)
        try:
            self.query_box.clear()
            self.query_box.addItems(history)
            self.query_box.setCurrentIndex(-1)
            self.query_box.setEditText(text)
        finally:
            self.query_box.blockSignals(False)

    def history(self) -> list[str]:
        """The queries in the box's list, most recent first."""
        return [self.query_box.itemText(row) for row in range(self.query_box.count())]

    def results(self) -> SearchResults | None:
        """The results shown (None before a search or after an error)."""
        return self._results

    def _filters_changed(self, *_args: object) -> None:
        if self._last is not None:
            self._schedule_search()

    def _code_filter_changed(self, _row: int) -> None:
        if self.code_filter.currentData() is not None and self.uncoded_box.isChecked():
            self.uncoded_box.blockSignals(True)  # one or the other: the index refuses both
            self.uncoded_box.setChecked(False)
            self.uncoded_box.blockSignals(False)
        self._filters_changed()

    def _uncoded_changed(self, on: bool) -> None:
        if on and self.code_filter.currentIndex() > 0:
            self.code_filter.blockSignals(True)
            self.code_filter.setCurrentIndex(0)
            self.code_filter.blockSignals(False)
        self._filters_changed()

    def _fill_code_filter(self) -> None:
        chosen = self.code_filter.currentData()
        self.code_filter.blockSignals(True)
        try:
            self.code_filter.clear()
            self.code_filter.addItem(_("Any"), None)
            if self._project is not None:
                for code in self._project.codes.all():
                    self.code_filter.addItem(
                        code_icon(code.color), self._project.codes.path(code.id), code.id
                    )
            row = self.code_filter.findData(chosen) if chosen is not None else 0
            self.code_filter.setCurrentIndex(max(row, 0))
        finally:
            self.code_filter.blockSignals(False)

    def _use_example(self, query: str) -> None:
        self.query_box.setEditText(query)
        self.query_box.setFocus()

    def _help_chosen(self, action: QAction) -> None:
        if action is self.syntax_action:
            self.show_syntax_help()
        elif isinstance(action.data(), str):
            self._use_example(action.data())

    def show_syntax_help(self) -> None:
        if self._help is None:
            self._help = QueryHelp(self)
            self._help.example_chosen.connect(self._use_example)
        self._help.show()
        self._help.raise_()

    # -- results -------------------------------------------------------------------------------

    def _activate(self, index: QModelIndex, _previous: QModelIndex | None = None) -> None:
        hit = self.model.hit(index)
        if hit is None:
            return
        start, end = hit_range(hit)
        self.hit_activated.emit(hit.source_id, start, end, [tuple(m) for m in hit.matches])

    def checked_hits(self) -> list[Hit]:
        return self.model.checked_hits()

    def _checked_changed(self, count: int) -> None:
        self.checked_label.setText(
            ngettext("{n} checked", "{n} checked", count).format(n=count) if count else ""
        )
        self._update_enabled()

    def _menu(self, pos: QPoint) -> None:
        if self.model.rowCount() == 0:
            return
        menu = QMenu(self)
        index = self.view.indexAt(pos)
        if self.model.hit(index) is not None:
            menu.addAction(_("Show in the Document"), lambda: self._activate(index))
            menu.addSeparator()
        menu.addAction(_("Check All"), lambda: self.model.set_all_checked(True))
        menu.addAction(_("Uncheck All"), lambda: self.model.set_all_checked(False))
        menu.addSeparator()
        menu.addAction(_("Expand All"), self.view.expandAll)
        menu.addAction(_("Collapse All"), self.view.collapseAll)
        menu.addSeparator()
        code = menu.addAction(self.code_button.text(), self._code_asked)
        code.setEnabled(self.code_button.isEnabled())
        menu.exec(self.view.viewport().mapToGlobal(pos))

    # -- coding checked hits -------------------------------------------------------------------

    def _code_asked(self) -> None:
        guarded(self, self.code_selected_hits)

    def code_selected_hits(self) -> Edit[list[int]] | None:
        """Ask for a code and a scope for the checked hits, then code them as one undo step."""
        project = self._project
        hits = self.model.checked_hits()
        if project is None or not hits:
            return None
        preferred = self.current_code() if self.current_code is not None else None
        dialog = AutocodeDialog(project, hits, preferred, self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.plan is None:
                return None
            plan = dialog.plan
        finally:
            dialog.deleteLater()
        return self._apply(project, hits, plan)

    def autocode(self, code_id: int, scope: Scope | str = Scope.HIT) -> Edit[list[int]] | None:
        """Code the checked hits with ``code_id`` at ``scope``, without asking (one undo step)."""
        project = self._project
        hits = self.model.checked_hits()
        if project is None or not hits:
            return None
        return self._apply(project, hits, plan_autocode(project, hits, code_id, scope))

    def _apply(self, project: Project, hits: list[Hit], plan: Any) -> Edit[list[int]]:
        label = ngettext("Code {n} hit '{name}'", "Code {n} hits '{name}'", len(hits)).format(
            n=len(hits), name=plan.code_name
        )
        edit = push_edit(self._undo_stack, project, lambda: apply_autocode(project, plan, label))
        coded = len(edit.value)
        self.model.set_all_checked(False)
        self._set_status(
            ngettext(
                "{n} passage coded '{name}'. Undo with Ctrl+Z.",
                "{n} passages coded '{name}'. Undo with Ctrl+Z.",
                coded,
            ).format(n=coded, name=plan.code_name)
        )
        return edit

    # -- project edits -------------------------------------------------------------------------

    def _on_edit(self, edit: Edit[Any]) -> None:
        project = self._project
        if project is None:
            return
        if "codes" in edit.tables:
            self._fill_code_filter()
        if "sources" in edit.tables and self.model.rowCount():
            titles = {source.id: source.title for source in project.sources.all()}
            self.model.drop_sources(set(self.model.source_ids()) - set(titles))
            self.model.retitle(titles)

    # -- state ---------------------------------------------------------------------------------

    def _set_status(self, text: str) -> None:
        self.status.setText(text)  # and its tooltip: the whole text when it is elided

    def _update_enabled(self) -> None:
        has_project = self._project is not None
        for widget in (
            self.query_box,
            self.search_button,
            self.help_button,
            self.exact_box,
            self.code_filter,
            self.uncoded_box,
            self.view,
        ):
            widget.setEnabled(has_project)
        self.code_button.setEnabled(has_project and self.model.checked_count() > 0)
