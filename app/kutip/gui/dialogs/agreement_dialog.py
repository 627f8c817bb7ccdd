"""Coding ▸ Agreement Between Coders: two coders' agreement per code, and where they differ.

The table gives, per code, the percentage agreement, Cohen's kappa and Krippendorff's alpha on
characters (— where undefined), each coder's coded characters, those both coded, and the
segment-level agreement at the overlap the user sets. Below, every passage where the coders
differ, side by side: what A coded there and what B coded. A passage opens in the text (double
click, or Show); one coder's version can be accepted for the other (one undo step each). The
table goes into a DOCX or XLSX report (``kutip.services.exporting`` with the agreement).

The dialog stays open beside the window (not modal) and is computed again after every edit.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kutip.gui.core import settings
from kutip.gui.core.edit_bus import EditBus
from kutip.gui.core.error_dialogs import guarded
from kutip.gui.core.mnemonics import literal
from kutip.gui.core.undo import push_edit
from kutip.i18n import _, ngettext
from kutip.model import Coder, Segment
from kutip.project import Project
from kutip.reports import ExportOptions
from kutip.reports.agreement import (
    Agreement,
    Disagreement,
    compute_agreement,
    measure_text,
    percent_text,
)
from kutip.services import exporting
from kutip.services.agreement import accept_version

_NUMBER_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
#: Characters of a coded passage shown in the side-by-side list.
_SNIPPET = 120


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _SNIPPET else flat[: _SNIPPET - 1] + "…"


class AgreementDialog(QDialog):
    #: A passage to show in the text: source id, start, end.
    passage_chosen = Signal(int, int, int)

    def __init__(
        self,
        project: Project,
        undo_stack: QUndoStack,
        edits: EditBus,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("agreement_dialog")
        self.setWindowTitle(_("Agreement between coders"))
        self.project = project
        self.undo_stack = undo_stack
        self.agreement: Agreement | None = None

        form = self._build_choice(project)
        self._build_tables()
        actions = self._build_actions()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = buttons.addButton(
            _("&Export…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.clicked.connect(lambda: guarded(self, self.ask_export))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.units)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.passages_label)
        layout.addWidget(self.passages, 3)
        layout.addLayout(actions)
        layout.addWidget(buttons)
        self.resize(900, 640)

        for box in (self.coder_a, self.coder_b):
            box.currentIndexChanged.connect(lambda _index: guarded(self, self.refresh))
        self.overlap.valueChanged.connect(lambda _value: guarded(self, self.refresh))
        edits.edited.connect(lambda _edit: guarded(self, self.refresh))
        self.refresh()

    def _build_choice(self, project: Project) -> QFormLayout:
        """The two coders compared and the overlap at which segments match."""
        self.coder_a = QComboBox()
        self.coder_b = QComboBox()
        coders = project.coders.all()
        for box in (self.coder_a, self.coder_b):
            for coder in coders:
                box.addItem(coder.name, coder.id)
        # The current coder against the first other one: the usual question.
        others = [c for c in coders if c.id != project.coder.id]
        self.coder_a.setCurrentIndex(max(0, self.coder_a.findData(project.coder.id)))
        if others:
            self.coder_b.setCurrentIndex(self.coder_b.findData(others[0].id))
        self.overlap = QSpinBox()
        self.overlap.setRange(1, 100)
        self.overlap.setValue(50)
        self.overlap.setSuffix(" %")
        self.overlap.setToolTip(
            _("How much a coding and the other coder's must overlap to match (segment level).")
        )
        form = QFormLayout()
        pair = QHBoxLayout()
        pair.addWidget(self.coder_a, 1)
        pair.addWidget(QLabel(_("and")))
        pair.addWidget(self.coder_b, 1)
        form.addRow(_("Coders:"), pair)
        form.addRow(_("Segments match at:"), self.overlap)
        return form

    def _build_tables(self) -> None:
        """The agreement per code, and the passages where the coders differ."""
        self.units = QLabel()
        self.units.setWordWrap(True)
        self.table = QTableWidget(0, 8)
        self.table.setObjectName("agreement_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        self.passages_label = QLabel()
        self.passages = QTableWidget(0, 4)
        self.passages.setObjectName("agreement_passages")
        self.passages.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.passages.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.passages.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.passages.setWordWrap(True)
        self.passages.verticalHeader().hide()
        header = self.passages.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.passages.itemDoubleClicked.connect(lambda _item: self.show_passage())
        self.passages.itemSelectionChanged.connect(self._update_buttons)

    def _build_actions(self) -> QHBoxLayout:
        """Show a passage in its text, or accept one coder's version of it."""
        self.show_button = QPushButton(_("&Show in Text"))
        self.show_button.clicked.connect(lambda: guarded(self, self.show_passage))
        self.accept_a = QPushButton()
        self.accept_a.clicked.connect(lambda: guarded(self, lambda: self.accept_version(self._a())))
        self.accept_b = QPushButton()
        self.accept_b.clicked.connect(lambda: guarded(self, lambda: self.accept_version(self._b())))
        actions = QHBoxLayout()
        for button in (self.show_button, self.accept_a, self.accept_b):
            actions.addWidget(button)
        actions.addStretch(1)
        return actions

    # -- what is compared ------------------------------------------------------------------

    def _coder(self, box: QComboBox) -> Coder:
        return self.project.coders.get(int(box.currentData()))

    def _a(self) -> Coder:
        return self._coder(self.coder_a)

    def _b(self) -> Coder:
        return self._coder(self.coder_b)

    def refresh(self) -> None:
        """Compute the agreement of the chosen coders again and show it."""
        self.agreement = None
        self.table.setRowCount(0)
        self.passages.setRowCount(0)
        a, b = self._a(), self._b()
        self.accept_a.setText(_("Accept {name}'s Version").format(name=literal(a.name)))
        self.accept_b.setText(_("Accept {name}'s Version").format(name=literal(b.name)))
        if a.id == b.id:
            self.units.setText(_("Choose two different coders."))
            self._update_buttons()
            return
        result = compute_agreement(self.project, a, b, threshold=self.overlap.value() / 100)
        self.agreement = result
        self.units.setText(
            ngettext(
                "Units: the {units} characters of the {n} source both coded.",
                "Units: the {units} characters of the {n} sources both coded.",
                len(result.source_ids),
            ).format(units=result.units, n=len(result.source_ids))
        )
        self._fill_table(result)
        self._fill_passages(result)
        self._update_buttons()

    def _fill_table(self, result: Agreement) -> None:
        headers = [
            _("Code"), _("Agreement"), _("Kappa"), _("Alpha"), result.coder_a.name,
            result.coder_b.name, _("Both"), _("Segments"),
        ]  # fmt: skip
        self.table.setHorizontalHeaderLabels(headers)
        rows = [*result.codes, result.overall]
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            chars = row.chars
            cells = [
                row.code, percent_text(chars.agreement()), measure_text(chars.kappa()),
                measure_text(chars.alpha()), str(chars.a_chars), str(chars.b_chars),
                str(chars.both), percent_text(row.segments.agreement()),
            ]  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if row.code_id is None:  # all codes
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                elif c == 0 and row.color:
                    item.setForeground(QBrush(QColor(row.color)))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def _fill_passages(self, result: Agreement) -> None:
        self.passages.setHorizontalHeaderLabels(
            [_("Source"), _("Code"), result.coder_a.name, result.coder_b.name]
        )
        titles = {s.id: s.title for s in self.project.sources.all()}
        count = len(result.disagreements)
        self.passages_label.setText(
            ngettext("{n} passage where they differ:", "{n} passages where they differ:", count)
            .format(n=count)
        )  # fmt: skip
        self.passages.setRowCount(count)
        for r, passage in enumerate(result.disagreements):
            cells = [
                titles.get(passage.source_id, "?"),
                self.project.codes.path(passage.code_id),
                self._coded(passage.a),
                self._coded(passage.b),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r)
                item.setToolTip(text)
                self.passages.setItem(r, c, item)
        self.passages.resizeRowsToContents()

    def _coded(self, codings: tuple[Segment, ...]) -> str:
        if not codings:
            return _("(not coded)")
        return " · ".join(f"«{_snippet(self.project.codings.text(s))}»" for s in codings)

    def selected(self) -> Disagreement | None:
        if self.agreement is None:
            return None
        rows = {index.row() for index in self.passages.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        return self.agreement.disagreements[rows.pop()]

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        for button in (self.show_button, self.accept_a, self.accept_b):
            button.setEnabled(chosen)
        self.export_button.setEnabled(self.agreement is not None)

    # -- what the user does ----------------------------------------------------------------

    def show_passage(self) -> None:
        passage = self.selected()
        if passage is not None:
            self.passage_chosen.emit(passage.source_id, passage.start, passage.end)

    def accept_version(self, winner: Coder) -> None:
        """Make the selected passage's codings the other coder's as ``winner`` has them."""
        passage, result = self.selected(), self.agreement
        if passage is None or result is None:
            return
        row = self.passages.currentRow()
        push_edit(
            self.undo_stack,
            self.project,
            lambda: accept_version(self.project, result, passage, winner),
        )
        # The edit refreshed the lists; keep the user where they were.
        if self.passages.rowCount():
            self.passages.selectRow(min(row, self.passages.rowCount() - 1))

    def ask_export(self) -> None:
        folder = settings.EXPORT_FOLDER.get()
        name = _("agreement.docx")
        path, chosen = QFileDialog.getSaveFileName(
            self,
            _("Export the agreement"),
            str(Path(folder) / name) if folder else name,
            f"{_('Word document (*.docx)')};;{_('Excel workbook (*.xlsx)')}",
        )
        if path:
            self.export(Path(path), "xlsx" if "xlsx" in chosen else "docx")

    def export(self, path: Path, format: str) -> Path:
        """A report of every code with the agreement table, written to ``path``."""
        a, b = self._a(), self._b()
        options = ExportOptions(agreement=(a.id, b.id), charts=False)
        target = exporting.with_suffix(path, format)
        exporting.export(self.project, format, target, options)
        settings.EXPORT_FOLDER.set(target.parent)
        return target
