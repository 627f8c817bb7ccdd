"""The search dock: a query box, the hits grouped by source, and coding checked hits at once.

The dock owns the open project's ``SearchIndex``. Opening it (building or repairing it, which
takes a while on a large project) and every search run on the window's task runner, one task
at a time: a search asked for while the index is being built waits for it, and the dock says
"The index is being built (n%)…" instead of showing hits from half an index. A newer search
replaces one still waiting; results of a search overtaken by a newer one are not shown.

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

import gc
import html
import logging
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, QRect, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QAction,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QTextDocument,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kutip.gui.core import settings
from kutip.gui.core.edit_bus import EditBus
from kutip.gui.core.error_dialogs import guarded, report
from kutip.gui.core.tasks import Task, TaskRunner
from kutip.gui.core.undo import push_edit
from kutip.gui.dialogs.autocode_dialog import AutocodeDialog, code_icon
from kutip.gui.docks.search_model import SNIPPET_ROLE, SearchResultsModel, snippet_html
from kutip.gui.viewer.textpos import PositionMap
from kutip.i18n import N_, _, ngettext
from kutip.progress import Cancelled, Progress
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

log = logging.getLogger(__name__)

#: At most this many hits are shown (the best ones); the status says how many matched.
SEARCH_LIMIT = 500

#: Query examples for the "?" menu and the syntax help: (query, what it finds).
EXAMPLES: tuple[tuple[str, str], ...] = (
    ("kampanye hoaks", N_("Passages with both words (words are joined by AND)")),
    ("kampanye OR hoaks", N_("Passages with either word")),
    ("kampanye NOT hoaks", N_("The first word, without the second")),
    ('"ujaran kebencian"', N_("The words together, as a phrase")),
    ('partisipasi AND (hoaks OR "ujaran kebencian")', N_("Parentheses group part of a query")),
    ("kampa*", N_("Any ending: * stands for any letters, ? for one letter")),
    ("kampanye~", N_("Similar spellings too (kampanye~2: up to two letters differ)")),
    ("title:media", N_("In the title of the source or its reference (judul:)")),
    ("author:jansen", N_("By an author of the reference (penulis:)")),
    ("year:[2019 TO 2024]", N_("Published in these years; year:2017 for one year (tahun:)")),
    ("kind:transcript", N_("Only transcripts; kind:literature for the literature (jenis:)")),
    ('case:"Informan 1"', N_("In the sources of a case (kasus:)")),
    ('speaker:"Informan 1"', N_("What a speaker said (pembicara:)")),
    ("exact:kebijakan", N_("The word as written, not its other forms (persis:)")),
)
NOTES: tuple[str, ...] = (
    N_("AND, OR and NOT must be written in capitals."),
    N_(
        "Each word also finds its other forms, in English and in Indonesian: berpartisipasi "
        "finds partisipasi. Tick “Exact words” (or write exact:) to find words only as written."
    ),
    N_("Press Enter to search. Your last searches are in the list of the search box."),
)


@dataclass(frozen=True)
class SearchRequest:
    """One search as the user asked for it."""

    query: str
    exact: bool = False
    in_code: int | None = None
    uncoded: bool = False


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
                project.source_text(hit.source_id)
            )
        number = max(1, bisect_right(starts, hit_range(hit)[0]))
        places.append(_("¶ {n}").format(n=number))
    return places


def _paragraph_starts(text: str) -> list[int]:
    """Where each non-blank line begins: readers write one paragraph per line."""
    starts, position = [], 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(position)
        position += len(line) + 1
    return starts


def _collect_garbage_here() -> None:
    """Collect garbage on the GUI thread before the index is opened on a worker.

    ``SearchIndex`` calls ``gc.collect()`` when it creates or repairs an index (on opening),
    on the thread doing it; unreachable Qt wrappers (a closed dialog's) would then be
    destroyed on the worker, which Qt does not survive. Collected here first, there is
    nothing of the GUI's left for it. (Once per project: later searches reuse the index.)
    """
    gc.collect()


def query_help_html() -> str:
    """The query language, for the help window: examples (links that fill the box) and notes."""
    rows = "".join(
        f'<tr><td><a href="example:{number}"><code>{html.escape(query)}</code></a></td>'
        f"<td>{html.escape(_(explanation))}</td></tr>"
        for number, (query, explanation) in enumerate(EXAMPLES)
    )
    notes = "".join(f"<p>{html.escape(_(note))}</p>" for note in NOTES)
    return (
        f"<h3>{html.escape(_('Searching the project'))}</h3>"
        f'<table cellspacing="0" cellpadding="4">{rows}</table>{notes}'
        f"<p><i>{html.escape(_('Click an example to put it in the search box.'))}</i></p>"
    )


class QueryHelp(QDialog):
    """The query language, beside the window (not modal); an example clicked fills the box."""

    example_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("query_help")
        self.setWindowTitle(_("Search syntax"))
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setHtml(query_help_html())
        self.browser.anchorClicked.connect(self._clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(620, 520)

    def _clicked(self, url: QUrl) -> None:
        scheme, _colon, number = url.toString().partition(":")
        if scheme == "example" and number.isdigit() and int(number) < len(EXAMPLES):
            self.example_chosen.emit(EXAMPLES[int(number)][0])


class SnippetDelegate(QStyledItemDelegate):
    """Draws a hit's snippet as rich text, its matched words bold on a highlight, wrapped."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view
        self._heights: dict[tuple[Any, int, str], int] = {}

    def _document(self, index: QModelIndex, option: QStyleOptionViewItem, width: int) -> Any:
        snippet = index.data(SNIPPET_ROLE)
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(2)
        document.setHtml(snippet_html(snippet))
        document.setTextWidth(max(width, 40))
        return document

    def _text_rect(self, option: QStyleOptionViewItem, index: QModelIndex) -> QRect:
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        return style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        if index.data(SNIPPET_ROLE) is None:
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        rect = self._text_rect(item, index)
        document = self._document(index, item, rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        active = bool(item.state & QStyle.StateFlag.State_Active)
        group = QPalette.ColorGroup.Active if active else QPalette.ColorGroup.Inactive
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, item.palette.color(group, role))
        painter.save()
        # Centred in the row, like the location and the check box beside it.
        top = max(0, (rect.height() - int(document.size().height())) // 2)
        painter.translate(rect.left(), rect.top() + top)
        painter.setClipRect(QRect(0, 0, rect.width(), rect.height() - top))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        snippet = index.data(SNIPPET_ROLE)
        if snippet is None:
            return super().sizeHint(option, index)
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        width = self._view.header().sectionSize(index.column())
        item.rect = QRect(0, 0, width, 1000)
        text_width = self._text_rect(item, index).width()
        key = (snippet, text_width, item.font.key())
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) > 5000:
                self._heights.clear()
            document = self._document(index, item, text_width)
            height = self._heights[key] = int(document.size().height()) + 4
        return QSize(width, height)


class ResultsView(QTreeView):
    """The hits; rows grow with their wrapped snippets, so a column resize lays them out anew."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("search_results")
        self.setUniformRowHeights(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QTreeView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        # Slots are methods, not lambdas, here and below: Qt disconnects a method when its
        # object is destroyed, while a lambda would run on a half-destroyed view.
        self.header().sectionResized.connect(self._relayout)

    def _relayout(self, *_args: object) -> None:
        self.scheduleDelayedItemsLayout()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        # Space checks the current row from any column (Qt's own only in the check's column).
        index = self.currentIndex()
        if event.key() == Qt.Key.Key_Space and not event.modifiers() and index.isValid():
            first = index.siblingAtColumn(0)
            checked = first.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
            new = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
            self.model().setData(first, new, Qt.ItemDataRole.CheckStateRole)
            return
        super().keyPressEvent(event)


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
        self._runner = task_runner
        self._undo_stack = undo_stack
        self._cache_dir = cache_dir
        #: Gives the codebook's current code, preselected when coding hits.
        self.current_code = current_code
        self._project: Project | None = None
        self._index: SearchIndex | None = None
        self._task: Task | None = None
        self._task_kind = ""
        self._task_index: SearchIndex | None = None
        self._task_request: SearchRequest | None = None
        self._needs_open = False
        self._to_close: list[SearchIndex] = []
        self._pending: SearchRequest | None = None
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
        self.query_box = QComboBox()
        self.query_box.setObjectName("search_query")
        self.query_box.setEditable(True)
        self.query_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.query_box.setMaxCount(settings.MAX_SEARCH_HISTORY)
        self.query_box.addItems(settings.SEARCH_HISTORY.get())
        self.query_box.setCurrentIndex(-1)
        self.query_box.setEditText("")
        query_edit = self.query_box.lineEdit()
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

        self.error_label = QLabel()
        self.error_label.setObjectName("search_error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet("QLabel { color: #c62828; }")
        self.error_label.hide()

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
        self.code_filter.setMinimumContentsLength(16)
        self.code_filter.setToolTip(_("Only matches inside codings of this code"))
        self.uncoded_box = QCheckBox(_("Not yet coded"))
        self.uncoded_box.setObjectName("search_uncoded")
        self.uncoded_box.setToolTip(_("Only matches that no coding covers yet"))
        self._fill_code_filter()

        self.status = QLabel()
        self.status.setObjectName("search_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # A long status is clipped rather than widening the dock; the tooltip has it all.
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
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

        self.model = SearchResultsModel(self)
        self.view = ResultsView()
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(SearchResultsModel.SNIPPET, SnippetDelegate(self.view))
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(SearchResultsModel.WHERE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(SearchResultsModel.SNIPPET, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(
            SearchResultsModel.SCORE, QHeaderView.ResizeMode.ResizeToContents
        )
        header.resizeSection(SearchResultsModel.WHERE, 170)

        self.code_button = QPushButton(_("Code selected hits…"))
        self.code_button.setObjectName("search_code_hits")
        self.code_button.setToolTip(_("Code the checked hits with a code, in one undoable step"))
        self.checked_label = QLabel()
        self.checked_label.setObjectName("search_checked")

        self.search_action = QAction(_("&Search the Project…"), self)
        self.search_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.search_action.triggered.connect(self.focus_query)

        query_row = QHBoxLayout()
        query_row.setSpacing(4)
        query_row.addWidget(self.query_box, 1)
        query_row.addWidget(self.search_button)
        query_row.addWidget(self.help_button)
        filter_row = QHBoxLayout()
        filter_row.setSpacing(8)
        filter_row.addWidget(self.exact_box)
        filter_row.addSpacing(8)
        filter_row.addWidget(QLabel(_("In code:")))
        filter_row.addWidget(self.code_filter)
        filter_row.addWidget(self.uncoded_box)
        filter_row.addSpacing(16)
        # The status shares the filters' row: a dock at the bottom of the window is short.
        filter_row.addWidget(self.status, 1)
        filter_row.addWidget(self.progress)
        filter_row.addWidget(self.cancel_button)
        action_row = QHBoxLayout()
        action_row.addWidget(self.code_button)
        action_row.addWidget(self.checked_label)
        action_row.addStretch(1)

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

    def _connect(self) -> None:
        self.query_box.lineEdit().returnPressed.connect(self._schedule_search)
        self.query_box.textActivated.connect(self._history_chosen)
        self.query_box.editTextChanged.connect(self._hide_error)
        self.search_button.clicked.connect(self._schedule_search)
        self.exact_box.toggled.connect(self._filters_changed)
        self.code_filter.currentIndexChanged.connect(self._code_filter_changed)
        self.uncoded_box.toggled.connect(self._uncoded_changed)
        self.cancel_button.clicked.connect(self.cancel)
        self.code_button.clicked.connect(self._code_asked)
        self.help_menu.triggered.connect(self._help_chosen)
        self.model.checked_changed.connect(self._checked_changed)
        self.model.modelReset.connect(self._results_reset)
        self.model.rowsRemoved.connect(self._span_groups)
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
        return self._index

    def set_project(self, project: Project | None) -> None:
        """Search ``project`` from now on (None: no project); its index opens in the background."""
        if project is self._project:
            return
        if self._index is not None:
            self._to_close.append(self._index)
        if self._task is not None:
            # The worker may be inside the old index: it is closed once the task is over.
            self._task.cancel()
        self._project = project
        self._index = None
        self._pending = self._last = self._latest = self._results = None
        self._needs_open = False
        self._percent = None
        self.model.clear()
        self._hide_error()
        if project is not None:
            self._index = SearchIndex(project, cache_dir=self._cache_dir)
            self._needs_open = True
            self._set_status("")
        else:
            self._set_status(_("Open a project to search it."))
        self._fill_code_filter()
        self._update_enabled()
        self._pump()

    def cancel(self) -> None:
        """Stop building the index or searching (what was indexed is kept)."""
        if self._task is not None:
            self._task.cancel()

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _pump(self) -> None:
        """Start the next piece of work if none is running: close, open, then search."""
        if self._task is not None:
            return
        while self._to_close:
            self._to_close.pop().close()
        index = self._index
        if index is None:
            return
        if self._needs_open:
            self._needs_open = False
            _collect_garbage_here()
            self._start(index, "open", index.open)
        elif self._pending is not None:
            request, self._pending = self._pending, None
            self._start_search(index, request)

    def _start(
        self,
        index: SearchIndex,
        kind: str,
        work: Callable[[Progress], Any],
        request: SearchRequest | None = None,
    ) -> None:
        # One task at a time, so what it is about can live here rather than in closures.
        task = self._runner.start(work)
        self._task, self._task_kind = task, kind
        self._task_index, self._task_request = index, request
        self._percent = None
        task.progressed.connect(self._progressed)
        task.succeeded.connect(self._task_succeeded)
        task.failed.connect(self._task_failed)
        task.finished.connect(self._task_finished)
        self._update_busy()

    def _task_succeeded(self, result: Any) -> None:
        if self._task_index is not self._index:
            return  # the project changed meanwhile
        if self._task_kind == "open":
            self._opened()
        elif self._task_request is not None:
            if isinstance(result, QuerySyntaxError):
                self._search_failed(self._task_request, result)
            else:
                self._show_results(self._task_request, *result)

    def _task_failed(self, error: BaseException) -> None:
        if self._task_index is not self._index:
            return
        if self._task_kind == "open":
            self._open_failed(error)
        elif self._task_request is not None:
            self._search_failed(self._task_request, error)

    def _opened(self) -> None:
        if self._pending is None:
            self._set_status(_("Type words to find and press Enter."))
        self.index_ready.emit()

    def _open_failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self._set_status(_("Indexing stopped. It goes on at the next search."))
        else:
            self._set_status("")
            report(self, error)

    def _task_finished(self) -> None:
        self._task, self._task_kind = None, ""
        self._task_index = self._task_request = None
        self._percent = None
        self._update_busy()
        self._pump()

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
        if self._pending is not None:
            text = _("The index is being built ({percent}%)…").format(percent=percent)
        elif self._task_kind == "open":
            text = _("Indexing the project for search ({percent}%)…").format(percent=percent)
        else:
            text = _("Updating the search index ({percent}%)…").format(percent=percent)
        if message:
            text = f"{text}  {message}"
        self._set_status(text)

    def _update_busy(self) -> None:
        busy = self._task is not None
        if not busy:
            self.progress.hide()
            self.cancel_button.hide()
        elif self._task_kind == "open":
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
        self.query_box.lineEdit().selectAll()

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
        if not self.query_box.isAncestorOf(QApplication.focusWidget()):
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
        if self._index is None:
            return
        if not request.query:
            self._pending = self._last = self._results = None
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
        self._pending = self._last = request
        if self._task is not None and self._task_kind == "open":
            # Not half an index's hits: say how far it is and search when it is done.
            self._results = None
            self.model.clear()
            self._show_building_status()
            return
        if self._task is None:
            self._set_status(_("Searching…"))
        self._pump()

    def _start_search(self, index: SearchIndex, request: SearchRequest) -> None:
        project = index.project

        def work(progress: Progress) -> tuple[SearchResults, list[str]] | QuerySyntaxError:
            if index.needs_update():
                index.update(progress)  # with progress: after an import this takes a while
            try:
                results = index.search(
                    request.query,
                    exact=request.exact,
                    limit=SEARCH_LIMIT,
                    in_code=request.in_code,
                    uncoded=request.uncoded,
                )
            except QuerySyntaxError as error:
                return error  # the user's typo, not a failure for the log
            return results, hit_locations(project, results.hits)

        self._start(index, "search", work, request)

    def _show_results(
        self, request: SearchRequest, results: SearchResults, locations: list[str]
    ) -> None:
        if request is not self._latest:
            return  # overtaken by a newer search (which runs next) or a cleared box
        self._results = results
        self.model.set_results(results.hits, locations)
        self._remember(request.query)
        self._set_status(self._results_text(request, results))
        self.search_finished.emit()

    def _results_text(self, request: SearchRequest, results: SearchResults) -> str:
        shown = len(results.hits)
        if not shown:
            return _("No hits for {query}.").format(query=request.query)
        text = " ".join(
            (
                ngettext("{n} hit", "{n} hits", shown).format(n=shown),
                ngettext("in {n} source", "in {n} sources", self.model.group_count()).format(
                    n=self.model.group_count()
                ),
            )
        )
        if results.total > shown:
            text += " " + _("(the best {shown} of {total})").format(
                shown=shown, total=results.total
            )
        return text + "."

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
        edit = self.query_box.lineEdit()
        if edit.text() == error.query:
            edit.setCursorPosition(PositionMap(error.query).to_utf16(error.position))

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
                for code in self._project.codes():
                    self.code_filter.addItem(
                        code_icon(code.color), self._project.code_path(code.id), code.id
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

    def _results_reset(self) -> None:
        self.view.expandAll()
        self._span_groups()

    def _span_groups(self, *_args: object) -> None:
        for row in range(self.model.rowCount()):
            self.view.setFirstColumnSpanned(row, QModelIndex(), True)

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
            titles = {source.id: source.title for source in project.sources()}
            self.model.drop_sources(set(self.model.source_ids()) - set(titles))
            self.model.retitle(titles)

    # -- state ---------------------------------------------------------------------------------

    def _set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setToolTip(text)

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
