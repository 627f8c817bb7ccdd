"""A source's properties: title, reference, language, first printed page and memo.

The dialog only collects what the user wants; ``property_steps`` turns the differences into
``Project`` operations, which the sources dock applies as one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kutip.gui.core.source_labels import short_citation, short_title
from kutip.i18n import _, ngettext
from kutip.ingest.pdf.tessdata import language_label
from kutip.model import Source, SourceKind
from kutip.project import Edit, Project

#: The language choices: stored value → name. ``None`` is "not set": both analyzers apply.
_AUTOMATIC, _OTHER = "", "other"
#: The first printed page spin box's value that means "as the PDF or its pages say".
AS_DETECTED = 0
MAX_FIRST_PAGE = 99_999


@dataclass(frozen=True)
class SourceProperties:
    title: str
    citekey: str | None
    language: str | None
    first_page: int | None
    memo: str


def current_properties(project: Project, source_id: int) -> SourceProperties:
    source = project.sources.get(source_id)
    return SourceProperties(
        source.title, source.bib_key, source.language, source.first_page, source.memo
    )


def property_steps(
    project: Project, source_id: int, before: SourceProperties, after: SourceProperties
) -> list[Callable[[], Edit[None]]]:
    """The operations that make a source's properties ``after`` (only those that change)."""
    steps: list[Callable[[], Edit[None]]] = []
    if " ".join(after.title.split()) != before.title:
        steps.append(lambda: project.sources.rename(source_id, after.title))
    if after.citekey != before.citekey:
        steps.append(lambda: project.references.link_source(source_id, after.citekey))
    if after.language != before.language:
        steps.append(lambda: project.sources.set_language(source_id, after.language))
    if after.first_page != before.first_page:
        steps.append(lambda: project.sources.set_first_page(source_id, after.first_page))
    if after.memo.strip() != before.memo.strip():
        steps.append(lambda: project.sources.set_memo(source_id, after.memo.strip()))
    return steps


class SourcePropertiesDialog(QDialog):
    def __init__(self, project: Project, source_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("source_properties")
        source = project.sources.get(source_id)
        self.before = current_properties(project, source_id)
        self.setWindowTitle(_("Properties of {title}").format(title=source.title))

        self.title_edit = QLineEdit(source.title)
        self._build_reference(project, source)
        language_row = self._build_language(source)
        self._build_first_page(project, source)
        self.memo_edit = QPlainTextEdit(source.memo)
        self.memo_edit.setTabChangesFocus(True)
        self.memo_edit.setPlaceholderText(_("What this source is, why it matters, what to check…"))

        form = QFormLayout()
        form.addRow(_("&Title:"), self.title_edit)
        form.addRow(_("&Reference:"), self.reference_combo)
        form.addRow(_("&Language:"), language_row)
        # A row whose field is a layout gets a label without a buddy, which shows its "&".
        language_label_widget = form.labelForField(language_row)
        assert isinstance(language_label_widget, QLabel)
        language_label_widget.setBuddy(self.language_combo)
        form.addRow(_("&First printed page:"), self.first_page_spin)
        form.addRow("", self.page_hint)
        form.addRow(_("&Memo:"), self.memo_edit)

        kind = _("PDF") if source.kind is SourceKind.PDF else _("Text")
        details = _("{kind}, {n} characters, imported {when}").format(
            kind=kind, n=source.text_length, when=source.imported_at[:10]
        )
        ocr_language = project.sources.ocr_language(source_id)
        if ocr_language:
            details += "\n" + _(
                "Text by OCR ({languages}): check quotations against the page."
            ).format(languages=language_label(ocr_language))
        info = QLabel(details)
        info.setObjectName("source_info")
        info.setEnabled(False)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(info)
        layout.addWidget(buttons)
        self.resize(560, 420)

    def _build_reference(self, project: Project, source: Source) -> None:
        """The references of the bibliography by their short citations, and "None"."""
        self.reference_combo = QComboBox()
        self.reference_combo.addItem(_("None"), None)
        entries = sorted(project.references.all(), key=lambda e: short_citation(e).casefold())
        for entry in entries:
            text = f"{short_citation(entry)} — {short_title(entry.title)}"
            self.reference_combo.addItem(text, entry.citekey)
            self.reference_combo.setItemData(
                self.reference_combo.count() - 1,
                f"{entry.title}\n[{entry.citekey}]",
                Qt.ItemDataRole.ToolTipRole,
            )
        if source.bib_key is not None and self.reference_combo.findData(source.bib_key) < 0:
            self.reference_combo.addItem(
                _("{citekey} (not in the bibliography)").format(citekey=source.bib_key),
                source.bib_key,
            )
        self.reference_combo.setCurrentIndex(max(0, self.reference_combo.findData(source.bib_key)))
        self.reference_combo.setMaxVisibleItems(20)

    def _build_language(self, source: Source) -> QHBoxLayout:
        """Automatic, Indonesian, English or another language code."""
        self.language_combo = QComboBox()
        self.language_combo.addItem(_("Automatic (not set)"), _AUTOMATIC)
        self.language_combo.addItem(_("Indonesian"), "id")
        self.language_combo.addItem(_("English"), "en")
        self.language_combo.addItem(_("Other…"), _OTHER)
        self.other_language = QLineEdit()
        self.other_language.setPlaceholderText(_("language code, e.g. jv, ms, nl"))
        self.other_language.setMaxLength(20)
        known = self.language_combo.findData(source.language or _AUTOMATIC)
        if source.language in (None, "id", "en"):
            self.language_combo.setCurrentIndex(known)
        else:
            self.language_combo.setCurrentIndex(self.language_combo.findData(_OTHER))
            self.other_language.setText(source.language or "")
        self.language_combo.currentIndexChanged.connect(self._language_chosen)
        language_row = QHBoxLayout()
        language_row.addWidget(self.language_combo)
        language_row.addWidget(self.other_language, 1)
        self._language_chosen()
        return language_row

    def _build_first_page(self, project: Project, source: Source) -> None:
        """The printed number of the first page (PDFs only), and how the pages are numbered."""
        self.first_page_spin = QSpinBox()
        self.first_page_spin.setRange(AS_DETECTED, MAX_FIRST_PAGE)
        self.first_page_spin.setSpecialValueText(_("as detected"))
        self.first_page_spin.setValue(source.first_page or AS_DETECTED)
        pages = project.sources.pages(source.id)
        if source.kind is SourceKind.PDF and pages:
            labels = [page.label for page in pages]
            now = labels[0] if len(labels) == 1 else f"{labels[0]}–{labels[-1]}"
            page_hint = ngettext(
                "{n} page, now numbered {labels}.", "{n} pages, now numbered {labels}.", len(pages)
            ).format(n=len(pages), labels=now)
            self.first_page_spin.setToolTip(
                _("The printed number of the first page, for citations ('p. 412').")
            )
        else:
            page_hint = _("A text has no pages.")
            self.first_page_spin.setEnabled(False)
        self.page_hint = QLabel(page_hint)
        self.page_hint.setEnabled(False)

    def _language_chosen(self, *_args: Any) -> None:
        other = self.language_combo.currentData() == _OTHER
        self.other_language.setVisible(other)
        if other:
            self.other_language.setFocus()

    def wanted(self) -> SourceProperties:
        """What the user asks for."""
        language = self.language_combo.currentData()
        if language == _OTHER:
            language = self.other_language.text().strip() or None
        page = self.first_page_spin.value()
        return SourceProperties(
            title=self.title_edit.text(),
            citekey=self.reference_combo.currentData(),
            language=language or None,
            first_page=None if page == AS_DETECTED else page,
            memo=self.memo_edit.toPlainText(),
        )
