"""``project.coders``: who has coded in this project (the current one is ``project.coder``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kutip.model import Coder
from kutip.store import queries

if TYPE_CHECKING:
    from kutip.project.facade import Project


class Coders:
    """The coders of a project, each recorded with the codings and memos they made."""

    def __init__(self, project: Project) -> None:
        self._store = project.store

    def all(self) -> list[Coder]:
        return queries.coders(self._store)
