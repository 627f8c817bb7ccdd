"""The small questions docks and the window ask: a name to give, a removal to confirm, a
changed demo to replace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from kutip.demo import DEMO_FILE_NAME, demo_has_own_changes
from kutip.i18n import _


def ask_name(parent: QWidget, title: str, label: str, current: str = "") -> str | None:
    """What the user typed, or None if they cancelled.

    A blank answer is returned too: a rename refuses it with its own message.
    """
    name, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, current)
    return name if ok else None


def confirm(parent: QWidget, title: str, question: str) -> bool:
    """Whether the user answered Yes."""
    return QMessageBox.question(parent, title, question) == QMessageBox.StandardButton.Yes


def may_replace_demo(parent: QWidget, directory: Path) -> bool:
    """Whether a fresh demo may be built in ``directory``: yes if the demo there has none of
    the user's own changes, else as the user answers."""
    if not demo_has_own_changes(directory):
        return True
    question = _(
        "The demo project {path} has your own changes. Replace it with a fresh demo? "
        "Your changes to it will be lost."
    ).format(path=directory / DEMO_FILE_NAME)
    return confirm(parent, _("Demo project"), question)
