"""A code's description: its definition, when to use it and when not, an example, and a memo.

The first four make the codebook a coder can follow (and are exported with it); the memo is
the researcher's own thinking about the code.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kutip.i18n import _
from kutip.model import Code

#: The description's fields, as ``project.codes.describe`` names them.
FIELDS = ("definition", "when_to_use", "when_not_to_use", "example", "memo")


class CodeDescriptionDialog(QDialog):
    def __init__(self, code: Code, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("code_description")
        self.setWindowTitle(_("Description of {name}").format(name=code.name))
        self.code = code
        heading = QLabel(path)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        swatch = QColor(code.color)
        heading.setStyleSheet(f"border-left: 6px solid {swatch.name()}; padding-left: 6px;")

        labels = {
            "definition": (_("&Definition:"), _("What the code means, in a sentence or two.")),
            "when_to_use": (_("&When to use:"), _("Which passages get this code.")),
            "when_not_to_use": (
                _("When &not to use:"),
                _("Passages that look alike but belong to another code, and which."),
            ),
            "example": (_("&Example:"), _("A typical passage.")),
            "memo": (_("&Memo:"), _("Your own thinking about the code: doubts, ideas, changes.")),
        }
        self.editors: dict[str, QPlainTextEdit] = {}
        form = QFormLayout()
        for name in FIELDS:
            label, hint = labels[name]
            editor = QPlainTextEdit(getattr(code, name))
            editor.setObjectName(name)
            editor.setTabChangesFocus(True)
            editor.setPlaceholderText(hint)
            editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * 3 + 12)
            self.editors[name] = editor
            form.addRow(label, editor)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        save_hint = QLabel(_("Ctrl+Enter saves the description."))
        save_hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form, 1)
        layout.addWidget(save_hint)
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        self.resize(560, 560)
        self.editors["definition"].setFocus()

    def changed(self) -> dict[str, str]:
        """The fields the user changed, as ``describe_code`` takes them."""
        return {
            name: editor.toPlainText().strip()
            for name, editor in self.editors.items()
            if editor.toPlainText().strip() != getattr(self.code, name)
        }
