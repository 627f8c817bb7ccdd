"""A code's description: its definition, when to use it and when not, an example, and a memo.

The first four make the codebook a coder can follow (and are exported with it), each written in
Indonesian and in English on a tab of its own (a report prints its own language's, or the
other where one is empty); the memo is the researcher's own thinking about the code.
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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kutip.i18n import _, current_language
from kutip.model import Code

#: The texts written in each language (the English ones end in ``_en``).
TEXTS = ("definition", "when_to_use", "when_not_to_use", "example")
#: The description's fields, as ``project.codes.describe`` names them.
FIELDS = (*TEXTS, *(f"{name}_en" for name in TEXTS), "memo")


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
        self.languages = QTabWidget()
        forms = {"": QFormLayout(), "_en": QFormLayout()}
        for suffix, title in (("", _("Indonesian")), ("_en", _("English"))):
            page = QWidget()
            page.setLayout(forms[suffix])
            self.languages.addTab(page, title)
        form = QFormLayout()
        for name in FIELDS:
            base = name.removesuffix("_en")
            label, hint = labels[base]
            editor = QPlainTextEdit(getattr(code, name))
            editor.setObjectName(name)
            editor.setTabChangesFocus(True)
            editor.setPlaceholderText(hint)
            editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * 3 + 12)
            self.editors[name] = editor
            if name == "memo":
                form.addRow(label, editor)
            else:
                forms["_en" if name != base else ""].addRow(label, editor)
        # The tab of the language the user works in comes first to hand.
        english = current_language() == "en"
        self.languages.setCurrentIndex(1 if english else 0)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        save_hint = QLabel(_("Ctrl+Enter saves the description."))
        save_hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.languages, 1)
        layout.addLayout(form)
        layout.addWidget(save_hint)
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        self.resize(560, 640)
        self.editors["definition_en" if english else "definition"].setFocus()

    def changed(self) -> dict[str, str]:
        """The fields the user changed, as ``describe_code`` takes them."""
        return {
            name: editor.toPlainText().strip()
            for name, editor in self.editors.items()
            if editor.toPlainText().strip() != getattr(self.code, name)
        }
