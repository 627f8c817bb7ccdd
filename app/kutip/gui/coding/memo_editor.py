"""The memo of one coding: what the researcher thought when coding this passage (Ctrl+M)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kutip.i18n import _

#: Characters of the passage quoted above the memo.
_QUOTE = 300


class MemoEditor(QDialog):
    def __init__(
        self, code_name: str, passage: str, memo: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("memo_editor")
        self.setWindowTitle(_("Memo on a coding"))
        what = QLabel(_("Memo on the coding '{code}' of:").format(code=code_name))
        passage = " ".join(passage.split())
        if len(passage) > _QUOTE:
            passage = passage[: _QUOTE - 1].rstrip() + "…"
        quote = QLabel(f"“{passage}”")
        quote.setWordWrap(True)
        quote.setTextFormat(Qt.TextFormat.PlainText)
        quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = quote.font()
        font.setItalic(True)
        quote.setFont(font)
        self.editor = QPlainTextEdit(memo)
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText(_("Why this passage, what it suggests, what to check…"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        hint = QLabel(_("Ctrl+Enter saves the memo."))
        hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(quote)
        layout.addWidget(self.editor, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        self.resize(480, 320)
        self.editor.setFocus()
        cursor = self.editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.editor.setTextCursor(cursor)

    def memo(self) -> str:
        """The memo as written, without white space around it."""
        return self.editor.toPlainText().strip()
