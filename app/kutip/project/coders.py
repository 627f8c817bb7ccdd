"""``project.coders``: who has coded in this project (the current one is ``project.coder``).

Each coding, memo and imported source keeps the coder who made it. A coder is a name with a
colour (to tell coders apart side by side); names are compared ignoring case. Choosing who
codes (``Project.use_coder``) is not an undoable edit; coders that come with a merge or an
exchange file are added as part of that edit (``add``), so that undoing it takes them back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kutip.errors import NotFoundError, ValidationError
from kutip.i18n import _
from kutip.model import Coder
from kutip.project.base import Edit, color, required_name
from kutip.store import queries

if TYPE_CHECKING:
    from kutip.project.facade import Project


class Coders:
    """The coders of a project, each recorded with the codings and memos they made."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self._store = project.store

    def all(self) -> list[Coder]:
        return queries.coders(self._store)

    def get(self, coder_id: int) -> Coder:
        coder = queries.coder(self._store, coder_id)
        if coder is None:
            raise NotFoundError(_("There is no coder {id}.").format(id=coder_id))
        return coder

    def find(self, name: str) -> Coder | None:
        """The coder called ``name`` (ignoring case), if any."""
        return queries.coder_named(self._store, " ".join(name.split()))

    def named(self, name: str) -> Coder:
        """The coder called ``name``, or ``NotFoundError`` naming it."""
        coder = self.find(name)
        if coder is None:
            raise NotFoundError(_("There is no coder called {name}.").format(name=name))
        return coder

    def with_guid(self, guid: str) -> Coder | None:
        return queries.coder_with_guid(self._store, guid)

    def add(self, name: str, *, guid: str | None = None) -> Edit[int]:
        """A new coder (as a merge or an exchange file brings one), with the next colour."""
        coder_name = required_name(name, _("coder"))
        if self.find(coder_name) is not None:
            raise ValidationError(
                _("There is already a coder called {name}.").format(name=coder_name)
            )
        values = {
            "guid": self._project.guid_for("coders", guid),
            "name": coder_name,
            "color": self._project.next_coder_color(),
        }
        return self._project.record(
            _("New coder '{name}'").format(name=coder_name),
            lambda rec: rec.insert("coders", values),
        )

    def recolor(self, coder_id: int, value: str) -> Edit[None]:
        coder = self.get(coder_id)
        new_color = color(value)
        return self._project.record(
            _("Change colour of '{name}'").format(name=coder.name),
            lambda rec: rec.update("coders", coder_id, {"color": new_color}),
        )
