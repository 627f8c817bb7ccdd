"""A PDF source as rendered pages: a toolbar (zoom, the printed page, go to page), banners that
say what is wrong with the pages, and the pages themselves (``pdf_pages.PdfPagesView``).

The view offers the coding controller the same things the text view does (``CodingView``),
by handing them on to its pages, so a drag over a sentence and ``5`` code it as in a
transcript. Sources flagged "no-text-layer" (scanned pages not read by OCR) are shown with a
banner saying so and a button that asks for OCR (``ocr_requested``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kutip.errors import NotFoundError
from kutip.gui.core.source_labels import source_label
from kutip.gui.core.tasks import TaskRunner
from kutip.gui.viewer.find_bar import Match
from kutip.gui.viewer.highlights import Highlight
from kutip.gui.viewer.pdf_layout import FIT_PAGE, FIT_WIDTH, FIXED, ZOOM_STEPS
from kutip.gui.viewer.pdf_pages import PdfPagesView
from kutip.gui.viewer.pdf_stripes import PdfStripes
from kutip.i18n import _
from kutip.ingest.drafts import FLAG_NO_TEXT_LAYER
from kutip.project import Project

_BANNER_STYLE = (
    "QLabel { background: #fff4ce; color: #3d3000; border: 1px solid #e0c766;"
    " border-radius: 3px; padding: 6px; }"
)


class PdfDocumentView(QWidget):
    """One PDF source in a tab: toolbar, banners and pages."""

    segment_selected = Signal(object)
    code_dropped = Signal(int, object)
    #: The selected coding's end was dragged on the page: (segment id, (start, end)).
    segment_resized = Signal(int, object)
    #: The user asked to read the pages by OCR; carries the source's id.
    ocr_requested = Signal(int)

    def __init__(
        self,
        project: Project,
        source_id: int,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pdf_view")
        self.project = project
        self.source_id = source_id
        self.pinned = False
        source = project.sources.get(source_id)
        self.no_text_layer = FLAG_NO_TEXT_LAYER in source.flags
        self.pages = PdfPagesView(project, source_id, runner, selectable=not self.no_text_layer)
        self.pages.segment_selected.connect(self.segment_selected)
        self.pages.code_dropped.connect(self.code_dropped)
        self.pages.segment_resized.connect(self.segment_resized)

        toolbar = self._build_toolbar()
        self._build_banners()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(toolbar)
        for banner in (self.banner, self.warning):
            holder = QHBoxLayout()
            holder.setContentsMargins(6, 0, 6, 4)
            holder.addWidget(banner, 1)
            if banner is self.banner:
                holder.addWidget(self.ocr_button)
            layout.addLayout(holder)
        layout.addWidget(self.pages, 1)

        self._shortcut(_("Zoom In"), self.pages.zoom_in, "Ctrl++", "Ctrl+=")
        self._shortcut(_("Zoom Out"), self.pages.zoom_out, "Ctrl+-")
        self._shortcut(_("Actual Size"), lambda: self.pages.set_zoom(1.0), "Ctrl+0")
        self._shortcut(_("Go to Page"), self._focus_go_to, "Ctrl+G")

        self.pages.zoom_changed.connect(self._show_zoom)
        self.pages.current_page_changed.connect(self._show_page)
        self.pages.text_mismatch.connect(self._mismatch)
        self.pages.failed.connect(self._failed)
        if self.no_text_layer:
            self._show_banner(
                _(
                    "The pages of this PDF are images without text, so nothing on them can be "
                    "selected or coded yet. Read them by OCR to get their text."
                )
            )
            self.ocr_button.show()
        self._show_zoom(self.pages.zoom)
        self.setFocusProxy(self.pages)

    def _build_toolbar(self) -> QHBoxLayout:
        """Zoom out, the zoom box, zoom in; the page shown and "Go to page"."""
        self.zoom_out_button = self._button("−", _("Zoom out (Ctrl+−)"), self.pages.zoom_out)
        self.zoom_box = QComboBox()
        self.zoom_box.setObjectName("zoom")
        self.zoom_box.setEditable(True)
        self.zoom_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zoom_box.setToolTip(_("Zoom"))
        self.zoom_box.addItem(_("Fit width"), FIT_WIDTH)
        self.zoom_box.addItem(_("Fit page"), FIT_PAGE)
        for step in ZOOM_STEPS:
            self.zoom_box.addItem(f"{round(step * 100)}%", step)
        self.zoom_box.setMinimumContentsLength(8)
        self.zoom_box.activated.connect(self._zoom_chosen)
        line_edit = self.zoom_box.lineEdit()
        assert line_edit is not None
        line_edit.returnPressed.connect(self._zoom_typed)
        self.zoom_in_button = self._button("+", _("Zoom in (Ctrl++)"), self.pages.zoom_in)
        self.page_label = QLabel()
        self.page_label.setObjectName("page_label")
        self.page_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("p. 0000 (000 / 000)"))
        self.go_to = QLineEdit()
        self.go_to.setObjectName("go_to_page")
        self.go_to.setPlaceholderText(_("Go to page…"))
        self.go_to.setToolTip(_("Type a printed page number and press Enter (Ctrl+G)"))
        self.go_to.setMaximumWidth(self.fontMetrics().horizontalAdvance("Go to page…") + 40)
        self.go_to.returnPressed.connect(self._go_to_typed)

        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(6, 4, 6, 4)
        toolbar.setSpacing(4)
        for widget in (self.zoom_out_button, self.zoom_box, self.zoom_in_button):
            toolbar.addWidget(widget)
        toolbar.addStretch(1)
        toolbar.addWidget(self.page_label)
        toolbar.addWidget(self.go_to)
        return toolbar

    def _build_banners(self) -> None:
        """Above the pages: why nothing can be selected, and warnings (hidden until needed)."""
        self.banner = QLabel()
        self.banner.setObjectName("pdf_banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(_BANNER_STYLE)
        self.banner.hide()
        self.ocr_button = QPushButton(_("Read by &OCR…"))
        self.ocr_button.setObjectName("pdf_ocr")
        self.ocr_button.clicked.connect(lambda: self.ocr_requested.emit(self.source_id))
        self.ocr_button.hide()
        self.warning = QLabel()
        self.warning.setObjectName("pdf_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(_BANNER_STYLE)
        self.warning.hide()

    def _button(self, text: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(lambda: slot())  # type: ignore[operator]
        return button

    def _shortcut(self, text: str, slot: object, *keys: str) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda: slot())  # type: ignore[operator]
        self.addAction(action)
        return action

    # -- toolbar -----------------------------------------------------------------------------

    def _zoom_chosen(self, row: int) -> None:
        value = self.zoom_box.itemData(row)
        if value in (FIT_WIDTH, FIT_PAGE):
            self.pages.set_fit(str(value))
        else:
            self.pages.set_zoom(float(value))
        self.pages.setFocus()

    def _zoom_typed(self) -> None:
        typed = self.zoom_box.currentText().strip().rstrip("%").strip()
        try:
            self.pages.set_zoom(float(typed.replace(",", ".")) / 100)
        except ValueError:
            self._show_zoom(self.pages.zoom)
        self.pages.setFocus()

    def _show_zoom(self, zoom: float) -> None:
        fit = self.pages.fit
        if fit != FIXED:
            self.zoom_box.setCurrentIndex(self.zoom_box.findData(fit))
            self.zoom_box.setToolTip(_("Zoom: {percent}%").format(percent=round(zoom * 100)))
        else:
            self.zoom_box.setCurrentIndex(-1)
            self.zoom_box.setEditText(f"{round(zoom * 100)}%")

    def _show_page(self, index: int) -> None:
        self.page_label.setText(
            _("p. {label} ({n} / {total})").format(
                label=self.pages.page_label(index), n=index + 1, total=self.pages.page_count
            )
        )

    def _focus_go_to(self) -> None:
        self.go_to.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.go_to.selectAll()

    def _go_to_typed(self) -> None:
        index = self.pages.find_page(self.go_to.text())
        if index is None:
            self.go_to.selectAll()
            self.go_to.setToolTip(_("There is no page {label}.").format(label=self.go_to.text()))
            return
        self.pages.go_to_page(index)
        self.go_to.clear()
        self.pages.setFocus()

    def go_to_label(self, label: str) -> bool:
        index = self.pages.find_page(label)
        if index is not None:
            self.pages.go_to_page(index)
        return index is not None

    # -- banners -----------------------------------------------------------------------------

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    def _mismatch(self, label: str) -> None:
        if self.warning.isVisible():
            return
        self.warning.setText(
            _(
                "Page {label} now reads differently from the text stored at import: highlights "
                "may be misplaced (codings and quotes follow the stored text)."
            ).format(label=label)
        )
        self.warning.show()

    def _failed(self, message: str) -> None:
        self._show_banner(message)

    # -- what the documents area and the coding controller ask -------------------------------

    def title(self) -> str:
        """The tab's name: the source's short citation as in the sources tree, else its title."""
        try:
            return source_label(self.project, self.project.sources.get(self.source_id))
        except NotFoundError:
            return ""

    def refresh(self) -> None:
        self.pages.refresh()
        if self.pages.current_page >= 0:  # the printed page numbers may have changed
            self._show_page(self.pages.current_page)

    def close_document(self) -> None:
        self.pages.close_document()

    @property
    def text(self) -> str:
        return self.pages.source_text

    @property
    def highlights(self) -> list[Highlight]:
        return self.pages.highlights

    @property
    def stripes(self) -> PdfStripes:
        return self.pages.stripes

    @property
    def selected_segment(self) -> int | None:
        return self.pages.selected_segment

    @property
    def context_actions(self) -> list[QAction]:
        return self.pages.context_actions

    @context_actions.setter
    def context_actions(self, actions: list[QAction]) -> None:
        self.pages.context_actions = actions

    def selected_range(self) -> tuple[int, int] | None:
        return self.pages.selected_range()

    def caret_position(self) -> int:
        return self.pages.caret_position()

    def collapse_selection(self) -> None:
        self.pages.collapse_selection()

    def select_range(self, start: int, end: int) -> None:
        """Select source range ``[start, end)`` on the pages and scroll to it."""
        self.pages.set_selection(start, end)
        self.pages.reveal(start, end)

    def reveal(self, start: int, end: int) -> None:
        """Scroll so that source range ``[start, end)`` is in view (see ``PdfPagesView``)."""
        self.pages.reveal(start, end)

    def highlight(self, segment_id: int | None) -> Highlight | None:
        return self.pages.highlight(segment_id)

    # -- the find bar (``find_bar.Findable``): the pages' stored text ---------------------------

    def find_widget(self) -> QWidget:
        return self.pages

    def find_text(self) -> str:
        return self.pages.source_text

    def find_changed(self) -> SignalInstance | None:
        return None  # a view's text is fixed; text read again by OCR gets a new view

    def find_origin(self) -> int:
        selection = self.pages.selected_range()
        return selection[0] if selection is not None else self.pages.caret_position()

    def find_selection(self) -> str:
        return self.pages.selected_text()

    def show_found(self, found: Sequence[Match], current: int | None) -> None:
        self.pages.set_find_marks(list(found), current)
        if current is not None:
            self.select_range(*found[current])

    def select_segment(self, segment_id: int | None, *, reveal: bool = False) -> None:
        self.pages.select_segment(segment_id, reveal=reveal)

    def popup_anchor(self) -> QPoint:
        return self.pages.popup_anchor()

    def coding_widget(self) -> QWidget:
        return self.pages
