"""``project.codings``: codings (the ``segments`` table) — a code applied to a half-open range
``[start, end)`` of a source's canonical text, with a memo and its coder."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kutip.errors import NotFoundError, ValidationError
from kutip.i18n import _, ngettext
from kutip.model import Segment
from kutip.project.base import Edit, now
from kutip.store import Recorder, queries

if TYPE_CHECKING:
    from kutip.project.facade import Project


@dataclass(frozen=True)
class Coded:
    """What coding a passage did: the coding that now holds it, its range, and how many of the
    coder's codings of the same code it joined (0: a new coding was made)."""

    segment_id: int
    start: int
    end: int
    joined: int


class Codings:
    """The codings of a project and what can be done to each."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self._store = project.store

    def all(self, *, source_id: int | None = None, code_id: int | None = None) -> list[Segment]:
        """Codings, optionally of one source and/or one code, in source order."""
        return queries.segments(self._store, source_id=source_id, code_id=code_id)

    def get(self, segment_id: int) -> Segment:
        segment = queries.segment(self._store, segment_id)
        if segment is None:
            raise NotFoundError(_("There is no coding {id}.").format(id=segment_id))
        return segment

    def at(
        self, source_id: int, start: int, end: int, code_id: int, coder_id: int | None = None
    ) -> int | None:
        """The id of the coding of exactly ``[start, end)`` of a source with a code (by the
        coder ``coder_id``, when given), if any."""
        return queries.coding_at(self._store, source_id, start, end, code_id, coder_id)

    def text(self, segment: Segment) -> str:
        """The coded passage."""
        return queries.text_slice(self._store, segment.source_id, segment.start, segment.end)

    def apply(
        self,
        source_id: int,
        start: int,
        end: int,
        code_id: int,
        memo: str = "",
        *,
        guid: str | None = None,
        coder_id: int | None = None,
        created: str | None = None,
    ) -> Edit[int]:
        """Code ``[start, end)`` of a source's text; returns the new coding's id.

        The coding is the current coder's, made now, unless a merge or an exchange file says
        whose it is (``coder_id``) and when it was made (``created``, ISO 8601). Each coder
        codes a passage with a code once; two coders may code the same passage alike.
        """
        self._project.sources.check_range(source_id, start, end)
        code = self._project.codes.get(code_id)
        coder = self._project.coder if coder_id is None else self._project.coders.get(coder_id)
        if self.at(source_id, start, end, code_id, coder.id) is not None:
            raise ValidationError(
                _("This passage is already coded '{name}'.").format(name=code.name)
            )
        values = {
            "guid": self._project.guid_for("segments", guid), "source_id": source_id,
            "start": start, "end": end, "code_id": code_id, "memo": memo,
            "coder_id": coder.id, "created": created or now(),
        }  # fmt: skip
        return self._project.record(
            _("Code '{name}'").format(name=code.name), lambda rec: rec.insert("segments", values)
        )

    def code(
        self, source_id: int, start: int, end: int, code_id: int, memo: str = ""
    ) -> Edit[Coded]:
        """Code ``[start, end)`` as the current coder, joining the coder's codings of the same
        code in the same source that overlap or touch it into one — so a code never counts the
        same characters twice for one coder. The joined coding is the first of them (its GUID
        and date stay), stretched over all; their memos are kept, one after the other. Codings
        by other coders are never joined: agreement between coders compares them.
        """
        self._project.sources.check_range(source_id, start, end)
        code = self._project.codes.get(code_id)
        coder_id = self._project.coder.id
        near = [
            s
            for s in self.all(source_id=source_id, code_id=code_id)
            if s.coder_id == coder_id and s.start <= end and start <= s.end
        ]
        if not near:
            made = self.apply(source_id, start, end, code_id, memo)
            return Edit(made.label, Coded(made.value, start, end, 0), made.changes, made.log_id)
        if any(s.start <= start and end <= s.end for s in near) and len(near) == 1 and not memo:
            raise ValidationError(
                _("This passage is already coded '{name}'.").format(name=code.name)
            )
        near.sort(key=lambda s: (s.start, s.id))
        keep = near[0]
        new_start = min(start, keep.start)
        new_end = max(end, *(s.end for s in near))
        memos: list[str] = []
        for text in [*(s.memo for s in near), memo]:
            if text.strip() and text.strip() not in memos:
                memos.append(text.strip())

        def work(rec: Recorder) -> Coded:
            values = {"start": new_start, "end": new_end, "memo": "\n\n".join(memos)}
            rec.update("segments", keep.id, values)
            for other in near[1:]:
                rec.delete("segments", other.id)
            return Coded(keep.id, new_start, new_end, len(near))

        label = ngettext(
            "Code '{name}', joining {n} coding",
            "Code '{name}', joining {n} codings",
            len(near),
        ).format(name=code.name, n=len(near))
        return self._project.record(label, work)

    def remove(self, segment_id: int) -> Edit[None]:
        segment = self.get(segment_id)
        code = self._project.codes.get(segment.code_id)
        return self._project.record(
            _("Remove coding '{name}'").format(name=code.name),
            lambda rec: rec.delete("segments", segment_id),
        )

    def set_range(self, segment_id: int, start: int, end: int) -> Edit[None]:
        segment = self.get(segment_id)
        self._project.sources.check_range(segment.source_id, start, end)
        return self._project.record(
            _("Change coded range"),
            lambda rec: rec.update("segments", segment_id, {"start": start, "end": end}),
        )

    def set_memo(self, segment_id: int, memo: str) -> Edit[None]:
        self.get(segment_id)
        return self._project.record(
            _("Edit coding memo"), lambda rec: rec.update("segments", segment_id, {"memo": memo})
        )
