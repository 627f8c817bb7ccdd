"""``project.memos``: the project journal, each memo with its title, text, dates and coder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kutip.errors import NotFoundError
from kutip.i18n import _
from kutip.model import Memo
from kutip.project.base import Edit, now, required_name
from kutip.store import queries

if TYPE_CHECKING:
    from kutip.project.facade import Project


class Memos:
    """The memos of a project's journal and what can be done to each."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self._store = project.store

    def all(self) -> list[Memo]:
        return queries.memos(self._store)

    def get(self, memo_id: int) -> Memo:
        memo = queries.memo(self._store, memo_id)
        if memo is None:
            raise NotFoundError(_("There is no memo {id}.").format(id=memo_id))
        return memo

    def add(
        self,
        title: str,
        text: str = "",
        *,
        guid: str | None = None,
        coder_id: int | None = None,
        created: str | None = None,
        modified: str | None = None,
    ) -> Edit[int]:
        """A new memo, the current coder's and made now unless a merge or an exchange file
        says whose it is and when it was written (ISO 8601)."""
        memo_title = required_name(title, _("memo"))
        coder = self._project.coder if coder_id is None else self._project.coders.get(coder_id)
        created = created or now()
        values = {
            "guid": self._project.guid_for("memos", guid), "title": memo_title, "text": text,
            "created": created, "modified": modified or created, "coder_id": coder.id,
        }  # fmt: skip
        return self._project.record(_("New memo"), lambda rec: rec.insert("memos", values))

    def edit(
        self, memo_id: int, *, title: str | None = None, text: str | None = None
    ) -> Edit[None]:
        self.get(memo_id)
        values: dict[str, str] = {"modified": now()}
        if title is not None:
            values["title"] = required_name(title, _("memo"))
        if text is not None:
            values["text"] = text
        return self._project.record(
            _("Edit memo"), lambda rec: rec.update("memos", memo_id, values)
        )

    def remove(self, memo_id: int) -> Edit[None]:
        self.get(memo_id)
        return self._project.record(_("Remove memo"), lambda rec: rec.delete("memos", memo_id))
