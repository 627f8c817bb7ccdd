"""The small questions docks ask: a name to give, a removal to confirm."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget


def ask_name(parent: QWidget, title: str, label: str, current: str = "") -> str | None:
    """What the user typed, or None if they cancelled.

    A blank answer is returned too: a rename refuses it with its own message.
    """
    name, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, current)
    return name if ok else None


def confirm(parent: QWidget, title: str, question: str) -> bool:
    """Whether the user answered Yes."""
    return QMessageBox.question(parent, title, question) == QMessageBox.StandardButton.Yes
