"""Coding search hits in one step: choose the code and the scope, see what will be coded.

The preview is ``plan_autocode`` itself: its summary (how many passages, how many skipped as
already coded so) and the first passages it would code, recomputed whenever the code or the
scope changes. The dialog only chooses; the search dock applies the plan as one undo step.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kutip.errors import KnownError
from kutip.gui.core import settings
from kutip.i18n import _, ngettext
from kutip.project import Project
from kutip.search import AutocodePlan, Hit, Scope, plan_autocode

#: How many planned passages the preview lists (the summary counts them all).
PREVIEW_ROWS = 200
_PREVIEW_CHARS = 160


def _scope_labels() -> dict[Scope, str]:
    return {
        Scope.HIT: _("The matched words"),
        Scope.SENTENCE: _("The sentence around each match"),
        Scope.PARAGRAPH: _("The paragraph around each match"),
        Scope.TURN: _("The speaker's turn (the paragraph where there are no turns)"),
    }


def code_icon(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


def _default_scope() -> Scope:
    try:
        return Scope(settings.AUTOCODE_SCOPE.get())
    except ValueError:
        return Scope.SENTENCE


class AutocodeDialog(QDialog):
    """Choose a code and a scope for ``hits``; ``plan`` is what OK means."""

    def __init__(
        self,
        project: Project,
        hits: Sequence[Hit],
        code_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("autocode_dialog")
        self.setWindowTitle(_("Code selected hits"))
        self.project = project
        self.hits = list(hits)
        #: The plan for the chosen code and scope (None while no code is chosen).
        self.plan: AutocodePlan | None = None
        self._titles = {source.id: source.title for source in project.sources.all()}

        sources = len({hit.source_id for hit in self.hits})
        intro = QLabel(
            ngettext("Code {n} hit", "Code {n} hits", len(self.hits)).format(n=len(self.hits))
            + " "
            + ngettext("in {n} source.", "in {n} sources.", sources).format(n=sources)
        )

        self._build_code_box()
        scopes = self._build_scopes()

        self.summary = QLabel()
        self.summary.setObjectName("autocode_summary")
        self.summary.setWordWrap(True)
        self.passages = QListWidget()
        self.passages.setObjectName("autocode_passages")
        self.passages.setWordWrap(True)
        self.passages.setAlternatingRowColors(True)
        self.passages.setUniformItemSizes(False)
        self.passages.setMinimumHeight(160)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(_("Code:"), self.code_box)
        form.addRow(_("Code what:"), scopes)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.passages, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 460)

        self.set_scope(_default_scope())
        if code_id is not None:
            self.set_code(code_id)
        else:
            self.code_box.setCurrentIndex(-1)
            self.code_box.setEditText("")
        # Methods, not lambdas: Qt disconnects them when the dialog goes.
        self.code_box.editTextChanged.connect(self.update_preview)
        self.code_box.currentIndexChanged.connect(self.update_preview)
        self.scope_buttons.idToggled.connect(self._scope_toggled)
        self.update_preview()
        self.code_box.setFocus()

    def _build_code_box(self) -> None:
        """The code to apply: every code by its path, found by typing any part of it."""
        self.code_box = QComboBox()
        self.code_box.setObjectName("autocode_code")
        self.code_box.setEditable(True)
        self.code_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.code_box.setMinimumContentsLength(28)
        for code in self.project.codes.all():
            self.code_box.addItem(code_icon(code.color), self.project.codes.path(code.id), code.id)
        completer = QCompleter(self.code_box.model(), self.code_box)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.code_box.setCompleter(completer)
        code_edit = self.code_box.lineEdit()
        assert code_edit is not None  # the box is editable
        code_edit.setPlaceholderText(_("Type to find a code"))

    def _build_scopes(self) -> QVBoxLayout:
        """A radio button per scope: the hit, its sentence, paragraph or speaker turn."""
        self.scope_buttons = QButtonGroup(self)
        scopes = QVBoxLayout()
        scopes.setSpacing(2)
        for number, (scope, label) in enumerate(_scope_labels().items()):
            button = QRadioButton(label)
            button.setObjectName(f"scope_{scope.value}")
            self.scope_buttons.addButton(button, number)
            scopes.addWidget(button)
        self._scopes = list(_scope_labels())
        return scopes

    # -- choosing -------------------------------------------------------------------------------

    def set_code(self, code_id: int) -> None:
        row = self.code_box.findData(code_id)
        self.code_box.setCurrentIndex(row)
        if row >= 0:
            self.code_box.setEditText(self.code_box.itemText(row))

    def code_id(self) -> int | None:
        """The code whose name (or path) is in the box, None if it names no code."""
        text = self.code_box.currentText().strip().casefold()
        if not text:
            return None
        for row in range(self.code_box.count()):
            if self.code_box.itemText(row).casefold() == text:
                return int(self.code_box.itemData(row))
        # A code's own name is enough when it is unique ("Kredibilitas" for "Faktor/Kredibilitas").
        matches = [
            int(self.code_box.itemData(row))
            for row in range(self.code_box.count())
            if self.code_box.itemText(row).rsplit("/", 1)[-1].casefold() == text
        ]
        return matches[0] if len(matches) == 1 else None

    def set_scope(self, scope: Scope | str) -> None:
        button = self.scope_buttons.button(self._scopes.index(Scope(scope)))
        button.setChecked(True)

    def scope(self) -> Scope:
        checked = self.scope_buttons.checkedId()
        return self._scopes[checked] if checked >= 0 else Scope.HIT

    # -- the preview ----------------------------------------------------------------------------

    def _scope_toggled(self, _id: int, on: bool) -> None:
        if on:
            self.update_preview()

    def update_preview(self, *_args: object) -> None:
        self.plan = None
        self.passages.clear()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        code_id = self.code_id()
        if code_id is None:
            self.summary.setText(_("Choose the code to give these hits."))
            ok.setEnabled(False)
            ok.setText(_("Code"))
            return
        try:
            plan = plan_autocode(self.project, self.hits, code_id, self.scope())
        except KnownError as error:
            self.summary.setText(str(error))
            ok.setEnabled(False)
            return
        self.plan = plan
        self.summary.setText(plan.summary())
        ok.setEnabled(bool(plan.ranges))
        ok.setText(
            ngettext("Code {n} passage", "Code {n} passages", len(plan.ranges)).format(
                n=len(plan.ranges)
            )
        )
        self._list_passages(plan)

    def _list_passages(self, plan: AutocodePlan) -> None:
        texts: dict[int, str] = {}
        rows = [(r, False) for r in plan.ranges] + [(r, True) for r in plan.skipped]
        for planned, skipped in rows[:PREVIEW_ROWS]:
            text = texts.get(planned.source_id)
            if text is None:
                text = texts[planned.source_id] = self.project.sources.text(planned.source_id)
            words = " ".join(text[planned.start : planned.end].split())
            if len(words) > _PREVIEW_CHARS:
                words = words[: _PREVIEW_CHARS - 1].rstrip() + "…"
            title = self._titles.get(planned.source_id, "")
            line = f"{title}: {words}"
            if skipped:
                line = _("{passage} (already coded so)").format(passage=line)
            item = QListWidgetItem(line)
            if skipped:
                item.setForeground(self.palette().placeholderText())
            self.passages.addItem(item)
        if len(rows) > PREVIEW_ROWS:
            more = QListWidgetItem(
                ngettext("… and {n} more", "… and {n} more", len(rows) - PREVIEW_ROWS).format(
                    n=len(rows) - PREVIEW_ROWS
                )
            )
            more.setForeground(self.palette().placeholderText())
            self.passages.addItem(more)

    def accept(self) -> None:
        if self.plan is None or not self.plan.ranges:
            return
        settings.AUTOCODE_SCOPE.set(self.scope().value)
        super().accept()
