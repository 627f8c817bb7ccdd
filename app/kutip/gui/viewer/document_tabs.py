"""The centre of the window: open sources in tabs.

Selecting a source shows it in a *preview* tab that the next selection reuses, so browsing the
list does not pile up tabs; opening one (double-click, Enter) pins it in a tab of its own.

After a project edit (heard from the window's ``EditBus``) only the views of the sources it
touched read their codings again (``highlights.touched_sources``), within the same turn of the
event loop.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from kutip.errors import NotFoundError
from kutip.gui.core.edit_bus import EditBus
from kutip.gui.core.mnemonics import literal
from kutip.gui.core.tasks import TaskRunner
from kutip.gui.viewer.find_bar import FindBar
from kutip.gui.viewer.highlights import changed_passage, touched_sources
from kutip.gui.viewer.pdf_view import PdfDocumentView
from kutip.gui.viewer.text_view import SourceView
from kutip.i18n import _
from kutip.model import SourceKind
from kutip.project import Edit, Project

#: What a tab holds: a text source as text, a PDF as rendered pages.
DocumentView = SourceView | PdfDocumentView


class Documents(QStackedWidget):
    #: A document view was made (before it is shown); carries the view.
    view_opened = Signal(object)
    #: A PDF view asked for its pages to be read by OCR; carries the source's id.
    ocr_requested = Signal(int)

    def __init__(
        self,
        edits: EditBus,
        render_runner: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        #: The one worker thread that renders PDF pages (PyMuPDF: one thread at a time).
        self.render_runner = render_runner or TaskRunner(self, max_threads=1)
        self.hint = QLabel(_("Select a source on the left to read it here."))
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setEnabled(False)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("documents")
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        # Find in the document in front (Ctrl+F), under the tabs: a transcript or a PDF.
        self.find_bar = FindBar()
        self.tabs.currentChanged.connect(self._follow_front_tab)
        self.page = QWidget()
        layout = QVBoxLayout(self.page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.find_bar)
        self.addWidget(self.hint)
        self.addWidget(self.page)
        self._follow_front_tab()
        edits.edited.connect(self._on_edit)

    def _on_edit(self, edit: Edit[Any]) -> None:
        # Only the views of the sources the edit touched read their codings again.
        self.refresh(touched_sources(edit))
        if "bib_entries" in edit.tables:  # a reference's authors or year: the tabs' citations
            for view in self.views():
                self._style_tab(view)

    def _follow_front_tab(self, _index: int = -1) -> None:
        view = self.current_view()
        self.find_bar.set_target(view)
        for action in (
            self.find_bar.find_action,
            self.find_bar.find_next_action,
            self.find_bar.find_previous_action,
        ):
            action.setEnabled(view is not None)
        if view is None and self.find_bar.isVisible():
            self.find_bar.hide()

    def views(self) -> list[DocumentView]:
        found = (self.tabs.widget(i) for i in range(self.tabs.count()))
        return [view for view in found if isinstance(view, SourceView | PdfDocumentView)]

    def current_view(self) -> DocumentView | None:
        view = self.tabs.currentWidget()
        return view if isinstance(view, SourceView | PdfDocumentView) else None

    def _make_view(self, project: Project, source_id: int) -> DocumentView:
        source = project.sources.get(source_id)
        if source.kind is SourceKind.PDF and source.file_sha256 is not None:
            view = PdfDocumentView(project, source_id, self.render_runner)
            view.ocr_requested.connect(self.ocr_requested)
            return view
        return SourceView(project, source_id)

    def show_source(self, project: Project, source_id: int, *, pin: bool = False) -> DocumentView:
        """Bring ``source_id`` to the front, in its tab, the preview tab or a new one."""
        view = next((v for v in self.views() if v.source_id == source_id), None)
        if view is None:
            preview = next((v for v in self.views() if not v.pinned), None)
            view = self._make_view(project, source_id)
            self.view_opened.emit(view)
            if preview is not None:
                index = self.tabs.indexOf(preview)
                self.tabs.removeTab(index)
                if isinstance(preview, PdfDocumentView):
                    preview.close_document()
                preview.deleteLater()
                self.tabs.insertTab(index, view, literal(view.title()))
            else:
                self.tabs.addTab(view, literal(view.title()))
        view.pinned = view.pinned or pin
        self._style_tab(view)
        self.tabs.setCurrentWidget(view)
        self.setCurrentWidget(self.page)
        return view

    def reveal_edits(self, project: Project, edits: Iterable[Edit[Any]]) -> None:
        """Show where ``edits`` (an undone or redone step) changed codings: in the document
        in front if they changed it, else in the one source they changed, opened if need be.
        A step over many sources (a code deleted, autocoding) opens none of them."""
        passages = changed_passage(edits)
        front = self.current_view()
        if front is not None and front.source_id in passages:
            source_id = front.source_id
        elif len(passages) == 1:
            (source_id,) = passages
            try:
                project.sources.get(source_id)
            except NotFoundError:  # the step removed the source itself
                return
        else:
            return
        view = self.show_source(project, source_id)
        view.reveal(*passages[source_id])

    def _style_tab(self, view: DocumentView) -> None:
        index = self.tabs.indexOf(view)
        name = view.title()
        self.tabs.setTabText(index, literal(name))
        try:  # the tooltip names the source in full: "Jansen (2017) — jansen2017.pdf"
            title = view.project.sources.get(view.source_id).title
        except NotFoundError:
            title = name
        if title != name:
            name = _("{citation} — {title}").format(citation=name, title=title)
        self.tabs.setTabToolTip(
            index, name if view.pinned else _("{title} (preview)").format(title=name)
        )
        # QTabBar has no per-tab font, so the preview tab is told apart by a quieter colour.
        palette = self.tabs.tabBar().palette()
        role = palette.windowText() if view.pinned else palette.placeholderText()
        self.tabs.tabBar().setTabTextColor(index, role.color())

    def close_tab(self, index: int) -> None:
        view = self.tabs.widget(index)
        self.tabs.removeTab(index)
        if isinstance(view, PdfDocumentView):
            view.close_document()
        if view is not None:
            view.deleteLater()
        if self.tabs.count() == 0:
            self.setCurrentWidget(self.hint)

    def close_all(self) -> None:
        while self.tabs.count():
            self.close_tab(0)

    def refresh(self, touched: set[int] | None = None) -> None:
        """After a project edit: redraw codings, retitle tabs, close tabs of removed sources.

        ``touched``: the sources the edit changed (None: any may have changed).
        """
        for view in self.views():
            if touched is not None and view.source_id not in touched:
                continue
            try:
                text = view.project.sources.text(view.source_id)
            except NotFoundError:
                self.close_tab(self.tabs.indexOf(view))
                continue
            if text != view.text:  # read again (by OCR), or that undone: a view of the new text
                view = self._replace_view(view)
            view.refresh()
            self._style_tab(view)

    def _replace_view(self, view: DocumentView) -> DocumentView:
        index, current = self.tabs.indexOf(view), self.tabs.currentWidget() is view
        fresh = self._make_view(view.project, view.source_id)
        fresh.pinned = view.pinned
        self.view_opened.emit(fresh)
        self.tabs.removeTab(index)
        if isinstance(view, PdfDocumentView):
            view.close_document()
        view.deleteLater()
        self.tabs.insertTab(index, fresh, literal(fresh.title()))
        if current:
            self.tabs.setCurrentWidget(fresh)
        return fresh
