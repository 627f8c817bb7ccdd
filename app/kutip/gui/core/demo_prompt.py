"""The question asked before the demo project is built again over one the user has changed.

In ``core`` so that whichever module opens the demo (the window, or the project-file workflow
under it) can ask it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from kutip.demo import DEMO_FILE_NAME, demo_has_own_changes
from kutip.i18n import _


def may_replace_demo(parent: QWidget, directory: Path) -> bool:
    """Whether a fresh demo may be built in ``directory``: yes if the demo there has none of
    the user's own changes, else as the user answers."""
    if not demo_has_own_changes(directory):
        return True
    question = _(
        "The demo project {path} has your own changes. Replace it with a fresh demo? "
        "Your changes to it will be lost."
    ).format(path=directory / DEMO_FILE_NAME)
    answer = QMessageBox.question(parent, _("Demo project"), question)
    return answer == QMessageBox.StandardButton.Yes
