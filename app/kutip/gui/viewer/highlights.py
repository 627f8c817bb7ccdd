"""Codings as the document views draw them, and which sources (and passages) a project edit
touched.

Both views (text and PDF) read a source's codings through ``load_highlights`` on every refresh
and keep them only until the next one: the project stays the one copy of the data.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kutip.i18n import _
from kutip.project import Edit, Project

#: Highlight opacity (of 255): light enough to read through, and to see two codings blend.
HIGHLIGHT_ALPHA = 80
#: The selected coding is drawn stronger than the others.
SELECTED_ALPHA = 150

#: Tables whose changes can alter how every source's codings look (a code's name or colour).
_EVERY_SOURCE = frozenset({"codes"})
#: Tables whose rows name the source they belong to.
_BY_SOURCE = frozenset({"segments", "pages", "turns"})


@dataclass(frozen=True)
class Highlight:
    """One coding as the views draw it: a code point range and its code."""

    segment_id: int
    start: int
    end: int
    code_id: int
    code_name: str
    color: str
    memo: str
    #: The code's place in the codebook (tree order): stripes are laid out in this order.
    rank: int = 0
    #: Who made the coding (stripes can show each coder's codings side by side).
    coder_id: int | None = None
    coder_name: str = ""

    @property
    def length(self) -> int:
        return self.end - self.start


def load_highlights(project: Project, source_id: int) -> list[Highlight]:
    """The codings of a source, in source order, with their codes' names and colours."""
    codes = {code.id: (rank, code) for rank, code in enumerate(project.codes.all())}
    coders = {coder.id: coder.name for coder in project.coders.all()}
    found = []
    for segment in project.codings.all(source_id=source_id):
        if segment.code_id not in codes:
            continue
        rank, code = codes[segment.code_id]
        found.append(
            Highlight(
                segment.id,
                segment.start,
                segment.end,
                code.id,
                code.name,
                code.color,
                segment.memo,
                rank,
                segment.coder_id,
                coders.get(segment.coder_id or -1, ""),
            )
        )
    return found


def covering(highlights: Iterable[Highlight], position: int) -> list[Highlight]:
    """The codings covering code point ``position``, innermost (shortest) first."""
    found = [h for h in highlights if h.start <= position < h.end]
    return sorted(found, key=lambda h: (h.length, h.start, h.segment_id))


def pick(highlights: Sequence[Highlight], position: int, current: int | None) -> Highlight | None:
    """The coding a click at ``position`` selects: the innermost one, or, clicking again where
    the selected one is, the next one out (so every overlapping coding can be reached)."""
    here = covering(highlights, position)
    if not here:
        return None
    ids = [h.segment_id for h in here]
    if current in ids:
        return here[(ids.index(current) + 1) % len(here)]
    return here[0]


def tooltip_html(highlights: Iterable[Highlight]) -> str:
    """Codes (with a swatch of their colour) and memos, for a tooltip."""
    return "<br>".join(
        f'<span style="color:{h.color}">■</span> {html.escape(h.code_name)}'
        + (f"<br><i>{html.escape(h.memo)}</i>" if h.memo else "")
        for h in highlights
    )


def status_text(highlight: Highlight) -> str:
    """One line for the status bar about the selected coding."""
    if highlight.memo:
        memo = " ".join(highlight.memo.split())
        return _("Coding '{code}' — memo: {memo}").format(code=highlight.code_name, memo=memo)
    return _("Coding '{code}' — Ctrl+M adds a memo, Delete removes it").format(
        code=highlight.code_name
    )


def touched_sources(edit: Edit[Any]) -> set[int] | None:
    """The ids of the sources whose text, pages or codings ``edit`` changed.

    None means any source may look different (a code was renamed, recoloured or deleted).
    """
    touched: set[int] = set()
    for change in edit.changes:
        if change.table in _EVERY_SOURCE:
            return None
        if change.table == "sources":
            touched.add(int(change.key))
        elif change.table in _BY_SOURCE:
            for row in (change.before, change.after):
                if row is not None and row.get("source_id") is not None:
                    touched.add(int(row["source_id"]))
    return touched


def changed_passage(edits: Iterable[Edit[Any]]) -> dict[int, tuple[int, int]]:
    """Where ``edits`` added, removed or moved codings: per source, the first such passage
    (a moved coding's old and new range together), for undo and redo to show it."""
    found: dict[int, tuple[int, int]] = {}
    for edit in edits:
        for change in edit.changes:
            if change.table != "segments":
                continue
            rows = [row for row in (change.before, change.after) if row is not None]
            if not rows or rows[0].get("source_id") is None:
                continue
            source_id = int(rows[0]["source_id"])
            start = min(int(row["start"]) for row in rows)
            end = max(int(row["end"]) for row in rows)
            if source_id not in found or start < found[source_id][0]:
                found[source_id] = (start, end)
    return found
