"""The search dock's widgets: the query language's help, and the hits' view with its snippets.

``EXAMPLES`` fill the "?" menu beside the query box and the syntax help window (``QueryHelp``);
``ResultsView`` shows the hits grouped by source, each snippet drawn wrapped by
``SnippetDelegate`` with its matched words marked.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kutip.gui.core.items import Index
from kutip.gui.docks.search_model import SNIPPET_ROLE, SearchResultsModel, snippet_html
from kutip.i18n import N_, _

#: Query examples for the "?" menu and the syntax help: (query, what it finds).
EXAMPLES: tuple[tuple[str, str], ...] = (
    ("kampanye hoaks", N_("Passages with both words (words are joined by AND)")),
    ("kampanye OR hoaks", N_("Passages with either word")),
    ("kampanye NOT hoaks", N_("The first word, without the second")),
    (
        '"kampanye politik"',
        N_("The words together, in this order, in any of their forms (berkampanye politik)"),
    ),
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
    ('exact:"mixed models"', N_("The phrase exactly as written, word for word (persis:)")),
)
NOTES: tuple[str, ...] = (
    N_("AND, OR and NOT must be written in capitals."),
    N_(
        "Each word, and each word of a phrase, also finds its other forms, in English and in "
        "Indonesian: berpartisipasi finds partisipasi. Tick “Exact words” (or write exact:) to "
        "find words and phrases only as written."
    ),
    N_("Press Enter to search. Your last searches are in the list of the search box."),
)


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

    def _document(self, index: Index, option: QStyleOptionViewItem, width: int) -> Any:
        snippet = index.data(SNIPPET_ROLE)
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(2)
        document.setHtml(snippet_html(snippet))
        document.setTextWidth(max(width, 40))
        return document

    def _text_rect(self, option: QStyleOptionViewItem, index: Index) -> QRect:
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        return style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> None:
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

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
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
    """The hits under their sources, all expanded, each source's row across the columns; rows
    grow with their wrapped snippets, so a column resize lays them out anew."""

    def __init__(self, model: SearchResultsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
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
        model.modelReset.connect(self._results_reset)
        model.rowsRemoved.connect(self._span_groups)

    def _relayout(self, *_args: object) -> None:
        self.scheduleDelayedItemsLayout()

    def _results_reset(self) -> None:
        self.expandAll()
        self._span_groups()

    def _span_groups(self, *_args: object) -> None:
        for row in range(self.model().rowCount()):
            self.setFirstColumnSpanned(row, QModelIndex(), True)

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
