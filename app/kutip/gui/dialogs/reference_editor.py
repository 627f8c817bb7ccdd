"""The reference editor: every field of a reference, and how a style will print it.

The dialog only collects what the user wants: ``changes()`` are the fields that differ from
the reference as it was (by the names of ``reference_fields.FIELDS``), which the bibliography
dock applies as one undo step. Values are checked before the dialog closes (the same checks
``project.references.update`` makes), so a wrong DOI keeps the dialog open with what was typed.

Titles are typed as in a ``.bib`` file: ``{braces}`` around the words whose capitals every style
keeps ("Hoaxes on {TikTok} in {Indonesia}"). The preview below the fields shows the reference
as the chosen style prints it, so the effect of sentence case is seen while typing.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kutip.errors import KnownError
from kutip.gui.core.error_dialogs import show_known_error
from kutip.i18n import N_, _, current_language
from kutip.ingest.bib.bibtex import Person, parse_people
from kutip.model import BibEntry
from kutip.project.reference_fields import changed_entry, field_value
from kutip.reports import STYLES
from kutip.reports.citations import CitationFormatter
from kutip.reports.labels import REPORT_LANGUAGES, Labels
from kutip.reports.richtext import to_html

#: The kinds of reference offered, by their BibTeX names (any other may be typed).
REFERENCE_TYPES: dict[str, str] = {
    "article": N_("Journal article"),
    "book": N_("Book"),
    "incollection": N_("Chapter in a book"),
    "inproceedings": N_("Conference paper"),
    "phdthesis": N_("Doctoral thesis"),
    "mastersthesis": N_("Master's thesis"),
    "techreport": N_("Report"),
    "online": N_("Web page"),
    "unpublished": N_("Unpublished work"),
    "misc": N_("Other"),
}
_IN_BOOK = frozenset({"incollection", "inbook", "inproceedings", "conference", "inreference"})
_THESES = frozenset({"phdthesis", "mastersthesis", "thesis"})
_REPORTS = frozenset({"techreport", "report"})
#: The single-line fields, in the order the form shows them.
_LINES = (
    "title", "subtitle", "container", "volume", "issue", "pages", "year", "doi", "url",
    "publisher",
)  # fmt: skip
_LANGUAGES = {"": N_("Not set"), "en": N_("English"), "id": N_("Indonesian")}


def type_name(entry_type: str) -> str:
    """A kind of reference as the window names it ("Journal article"), else its BibTeX name."""
    name = REFERENCE_TYPES.get(entry_type.lower())
    return _(name) if name else entry_type


class PeopleTable(QWidget):
    """Authors or editors, one a row, family and given names apart, in order."""

    changed = Signal()

    def __init__(self, people: Sequence[Person], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([_("Family name"), _("Given names")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setMinimumHeight(90)
        for person in people:
            self.add(person)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        buttons = QVBoxLayout()
        for text, slot in (
            (_("Add"), lambda: self.add(Person(""), edit=True)),
            (_("Remove"), self.remove),
            (_("Up"), lambda: self.move_row(-1)),
            (_("Down"), lambda: self.move_row(1)),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def add(self, person: Person, edit: bool = False) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(person.family))
        given = ", ".join(part for part in (person.suffix, person.given) if part)
        self.table.setItem(row, 1, QTableWidgetItem(given))
        item = self.table.item(row, 0)
        if edit and item is not None:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(item)
        self.changed.emit()

    def remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def move_row(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        values = [self._text(row, 0), self._text(row, 1)]
        others = [self._text(target, 0), self._text(target, 1)]
        for column in (0, 1):
            self.table.item(row, column).setText(others[column])  # type: ignore[union-attr]
            self.table.item(target, column).setText(values[column])  # type: ignore[union-attr]
        self.table.setCurrentCell(target, self.table.currentColumn())

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return " ".join(item.text().split()) if item is not None else ""

    def people(self) -> list[Person]:
        """The names, rows without a family name left out ("Given, Suffix" read back too)."""
        found: list[Person] = []
        for row in range(self.table.rowCount()):
            family, given = self._text(row, 0), self._text(row, 1)
            if family:
                found.append(Person(family, given))
        return found

    def bibtex(self) -> str:
        return " and ".join(str(person) for person in self.people())


class ReferenceEditor(QDialog):
    """Every field of one reference, with a live preview of it in a citation style."""

    def __init__(self, entry: BibEntry, style: str = "apa", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reference_editor")
        self.setWindowTitle(_("Reference {citekey}").format(citekey=entry.citekey))
        self.entry = entry
        self.before = {name: field_value(entry, name) for name in (*_LINES, "type", "language")}

        self._build_type_combo(entry)
        self._build_fields(entry)

        self.form = QFormLayout()
        self.form.addRow(_("&Type:"), self.type_combo)
        self.form.addRow(_("&Authors:"), self.authors)
        self.form.addRow(_("&Editors:"), self.editors)
        self._labels: dict[str, QLabel] = {}
        names = {
            "title": _("T&itle:"), "subtitle": _("&Subtitle:"), "container": "",
            "volume": _("&Volume:"), "issue": _("Iss&ue:"), "pages": _("&Pages:"),
            "year": _("&Year:"), "doi": _("&DOI:"), "url": _("&URL:"), "publisher": "",
        }  # fmt: skip
        for name in _LINES:
            field_label = QLabel(names[name])
            field_label.setBuddy(self.lines[name])
            self._labels[name] = field_label
            self.form.addRow(field_label, self.lines[name])
        self.form.addRow(_("&Language:"), self.language_combo)

        preview_row = self._build_preview(style)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(preview_row)
        layout.addWidget(self.preview)
        layout.addWidget(buttons)
        self.resize(640, self.sizeHint().height())
        self._type_changed()

    def _build_type_combo(self, entry: BibEntry) -> None:
        """The entry type: one of the known types, or any other the entry has."""
        self.type_combo = QComboBox()
        self.type_combo.setEditable(True)
        for name, label in REFERENCE_TYPES.items():
            self.type_combo.addItem(_(label), name)
        known = self.type_combo.findData(entry.entry_type)
        if known >= 0:
            self.type_combo.setCurrentIndex(known)
        else:
            self.type_combo.setEditText(entry.entry_type)
        self.type_combo.currentTextChanged.connect(self._type_changed)

    def _build_fields(self, entry: BibEntry) -> None:
        """The people, a line per text field, the language; each change redraws the preview."""
        self.authors = PeopleTable(_people(field_value(entry, "authors")))
        self.editors = PeopleTable(_people(field_value(entry, "editors")))
        self.lines: dict[str, QLineEdit] = {}
        for name in _LINES:
            edit = QLineEdit(self.before[name])
            edit.setObjectName(f"reference_{name}")
            edit.textChanged.connect(self._update_preview)
            self.lines[name] = edit
        self.lines["title"].setToolTip(
            _(
                "Put {braces} around words whose capitals every style keeps: names, places, "
                "acronyms (Hoaxes on {TikTok} in {Indonesia}). Styles such as APA print the "
                "rest of an English title in sentence case."
            )
        )
        self.lines["pages"].setPlaceholderText("112–130")
        self.lines["doi"].setPlaceholderText("10.1093/jcmc/zmac012")
        self.language_combo = QComboBox()
        self.language_combo.setEditable(True)
        for code, label in _LANGUAGES.items():
            self.language_combo.addItem(_(label), code)
        current = self.language_combo.findData(self.before["language"])
        if current >= 0:
            self.language_combo.setCurrentIndex(current)
        else:
            self.language_combo.setEditText(self.before["language"])
        self.language_combo.currentTextChanged.connect(self._update_preview)
        self.authors.changed.connect(self._update_preview)
        self.editors.changed.connect(self._update_preview)

    def _build_preview(self, style: str) -> QHBoxLayout:
        """The entry as a style cites it, with the style to see it in."""
        self.style_combo = QComboBox()
        for name in STYLES:
            self.style_combo.addItem(name.upper() if name != "chicago" else "Chicago", name)
        self.style_combo.setCurrentIndex(max(0, self.style_combo.findData(style)))
        self.style_combo.currentIndexChanged.connect(self._update_preview)
        self.preview = QLabel()
        self.preview.setObjectName("reference_preview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setMinimumHeight(60)
        preview_row = QHBoxLayout()
        preview_row.addWidget(QLabel(_("As it is cited:")))
        preview_row.addWidget(self.style_combo)
        preview_row.addStretch(1)
        return preview_row

    # -- what the user wants ---------------------------------------------------------------

    def entry_type(self) -> str:
        data = self.type_combo.currentData()
        text = self.type_combo.currentText()
        if data is not None and text == _(REFERENCE_TYPES.get(str(data), "")):
            return str(data)
        return text.strip().lower()

    def language(self) -> str:
        data = self.language_combo.currentData()
        text = self.language_combo.currentText()
        if data is not None and text == _(_LANGUAGES.get(str(data), "")):
            return str(data)
        return text.strip()

    def changes(self) -> dict[str, str | Sequence[Person]]:
        """The fields the user changed, by their names in ``reference_fields.FIELDS``."""
        wanted: dict[str, str | Sequence[Person]] = {}
        if self.entry_type() != self.before["type"]:
            wanted["type"] = self.entry_type()
        for name, table in (("authors", self.authors), ("editors", self.editors)):
            if table.bibtex() != field_value(self.entry, name):
                wanted[name] = table.people()
        for name, edit in self.lines.items():
            if " ".join(edit.text().split()) != " ".join(self.before[name].split()):
                wanted[name] = edit.text()
        if self.language() != self.before["language"]:
            wanted["language"] = self.language()
        return wanted

    def edited_entry(self) -> BibEntry:
        """The reference as the dialog's fields make it; raises ``ValidationError``."""
        return changed_entry(self.entry, self.changes())

    def accept(self) -> None:
        try:
            self.edited_entry()
        except KnownError as error:
            show_known_error(self, error)
            return
        super().accept()

    # -- keeping the form and the preview current ------------------------------------------

    def _type_changed(self) -> None:
        kind = self.entry_type()
        container = _("&Book or proceedings:") if kind in _IN_BOOK else _("&Journal or website:")
        publisher = (
            _("U&niversity:")
            if kind in _THESES
            else _("I&nstitution:")
            if kind in _REPORTS
            else _("Publis&her:")
        )
        self._labels["container"].setText(container)
        self._labels["publisher"].setText(publisher)
        self._update_preview()

    def _update_preview(self) -> None:
        style = str(self.style_combo.currentData() or "apa")
        try:
            entry = self.edited_entry()
        except KnownError as error:
            self.preview.setText(f"<i>{_escape(str(error))}</i>")
            return
        language = current_language() if current_language() in REPORT_LANGUAGES else "en"
        formatter = CitationFormatter({entry.citekey: entry}, style, Labels(language))
        formatter.prepare([entry.citekey])
        citation = to_html(formatter.cite(entry.citekey))
        references = formatter.references()
        text = to_html(references[0][1]) if references else ""
        self.preview.setText(f"{text}<br><br>{citation}")


def _people(bibtex: str) -> list[Person]:
    return [person for person in parse_people(bibtex) if not person.is_others]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
