"""Helpers for the GUI tests."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kutip.gui.docks.sources_model import NODE_ROLE, SourceNode


class DialogCatcher:
    """Answers the next modal dialogs as they open, remembering what they said."""

    #: How long to wait for an expected dialog before giving up (the test then fails on it).
    TIMEOUT_MS = 5000
    STEP_MS = 20

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.details: list[str] = []
        self._handled: list[int] = []

    def arm(self, count: int = 1, answer: Callable[[QWidget], None] | None = None) -> None:
        """Close (or ``answer``) the next ``count`` modal dialogs, polling until they appear."""
        state = {"remaining": count, "tries": self.TIMEOUT_MS // self.STEP_MS}

        def poll() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is not None and id(dialog) not in self._handled:
                self._handled.append(id(dialog))
                if isinstance(dialog, QMessageBox):
                    parts = [dialog.windowTitle(), dialog.text(), dialog.informativeText()]
                    self.texts.append("\n".join(parts))
                    self.details.append(dialog.detailedText())
                (answer or _close)(dialog)
                state["remaining"] -= 1
            state["tries"] -= 1
            if state["remaining"] > 0 and state["tries"] > 0:
                QTimer.singleShot(self.STEP_MS, poll)

        QTimer.singleShot(0, poll)


def _close(dialog: QWidget) -> None:
    dialog.close()


def source_rows(model: QAbstractItemModel) -> list[str]:
    """The sources tree's source rows, in order, as "title" or "title — case" (under a case)."""
    rows: list[str] = []

    def walk(parent: QModelIndex, case: str | None) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            kind = index.data(NODE_ROLE)
            if kind == SourceNode.SOURCE:
                label = str(index.data())
                rows.append(f"{label} — {case}" if case else label)
            walk(index, str(index.data()) if kind == SourceNode.CASE else case)

    walk(QModelIndex(), None)
    return rows
