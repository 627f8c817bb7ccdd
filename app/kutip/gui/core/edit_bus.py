"""The window's one channel for project edits (as Anki's ``operation_did_execute`` hook).

The open project calls its listeners (``Project.subscribe``) on whichever thread made the edit:
an import runs on a worker. The bus re-emits each committed edit as ``edited`` on the GUI
thread — at once for an edit made there, so models and views are current when the edit
returns; through the event loop for one made on a worker, so nothing of Qt's is touched there.

The window creates one bus and tells it which project is open (``set_project``); every dock,
the coding controller and the document tabs connect to ``edited`` themselves and look at what
changed (``edit.tables``, ``edit.changes``). The window calls none of them after an edit. An
edit of a project that was closed meanwhile is not delivered.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from kutip.project import Edit, Project


class EditBus(QObject):
    """Re-emits the open project's committed edits as a Qt signal on the GUI thread."""

    #: A committed edit of the open project (a ``kutip.project.Edit``), on the GUI thread.
    edited = Signal(object)
    # (project, edit), emitted on the thread that made the edit.
    _heard = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._unsubscribe: Callable[[], None] | None = None
        # An auto connection: direct when the edit is made on the GUI thread (the bus lives
        # there), queued when it is made on a worker.
        self._heard.connect(self._deliver)

    @property
    def project(self) -> Project | None:
        return self._project

    def set_project(self, project: Project | None) -> None:
        """Carry ``project``'s edits from now on (None: no project, no edits)."""
        if project is self._project:
            return
        if self._unsubscribe is not None:
            unsubscribe, self._unsubscribe = self._unsubscribe, None
            with contextlib.suppress(ValueError):  # already gone
                unsubscribe()
        self._project = project
        if project is not None:
            self._unsubscribe = project.subscribe(lambda edit: self._heard.emit(project, edit))

    def _deliver(self, project: Project, edit: Edit[Any]) -> None:
        if project is self._project:
            self.edited.emit(edit)
