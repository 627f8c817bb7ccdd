"""Coding stripes' lanes and bars, apart from where they are drawn.

The text view's margin (``stripes``) and the PDF pages' margins (``pdf_stripes``) lay their
stripes out by the same rules: one lane per code present in the document, in codebook order
(one per code and coder when coders are shown side by side), optionally only one coder's
codings; a bar per coding spanning the rows its passage covers, longest first so shorter ones
are drawn on top; a bar's name written down its lane as far as the lane is free. Only the
rows a passage covers differ (lines of text, boxes on a page), so they are handed in.

Plain Python, no Qt: the rules are tested and shared as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from kutip.gui.viewer.highlights import Highlight

#: How far below its bar a name may run when nothing else is in its lane, in pixels.
LABEL_REACH = 400


@dataclass(frozen=True)
class Lane:
    code_id: int
    name: str
    color: str
    #: The coder whose codings the lane holds, when coders are side by side.
    coder_id: int | None = None


@dataclass(frozen=True)
class Bar:
    """One coding's stripe: its lane and its vertical extent (in the caller's coordinates)."""

    highlight: Highlight
    lane: int
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class LaneRules:
    """Which codings the stripes show and how they share lanes out."""

    #: One lane per code and coder (named "code · coder") instead of one per code.
    side_by_side: bool = False
    #: Only this coder's codings (None: everybody's).
    only_coder: int | None = None

    def shown(self, highlights: Iterable[Highlight]) -> list[Highlight]:
        return [h for h in highlights if self.only_coder in (None, h.coder_id)]

    def key(self, highlight: Highlight) -> tuple[int, int | None]:
        return highlight.code_id, highlight.coder_id if self.side_by_side else None

    def lanes(self, highlights: Iterable[Highlight]) -> list[Lane]:
        """The lanes for the codings shown, in codebook order (then by coder)."""
        present: dict[tuple[int, int | None], Highlight] = {}
        for highlight in self.shown(highlights):
            present.setdefault(self.key(highlight), highlight)
        ordered = sorted(present.values(), key=lambda h: (h.rank, h.coder_name))
        return [
            Lane(h.code_id, f"{h.code_name} · {h.coder_name}", h.color, h.coder_id)
            if self.side_by_side
            else Lane(h.code_id, h.code_name, h.color)
            for h in ordered
        ]

    def bars(
        self,
        highlights: Iterable[Highlight],
        lanes: Sequence[Lane],
        extent: Callable[[Highlight], tuple[float, float] | None],
    ) -> list[Bar]:
        """A bar for every coding shown that ``extent`` places (top, bottom), longest first
        (so that shorter ones, drawn later, stay visible on top)."""
        lane_of = {(lane.code_id, lane.coder_id): i for i, lane in enumerate(lanes)}
        bars = []
        for highlight in self.shown(highlights):
            key = self.key(highlight)
            rows = extent(highlight) if key in lane_of else None
            if rows is not None:
                bars.append(Bar(highlight, lane_of[key], rows[0], rows[1]))
        bars.sort(key=lambda b: -b.height)
        return bars


def span(rows: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    """From the first top to the last bottom of ``rows`` (top, bottom); None if there are none."""
    tops, bottoms = [], []
    for top, bottom in rows:
        tops.append(top)
        bottoms.append(bottom)
    return (min(tops), max(bottoms)) if tops else None


def label_room(bar: Bar, bars: Iterable[Bar], limit: float | None = None) -> int:
    """How long a name the bar's lane has room for: down to the lane's next bar (or ``limit``,
    or ``LABEL_REACH`` below the bar's top)."""
    below = [b.top for b in bars if b.lane == bar.lane and b.top > bar.top + 1]
    end = min(below) - 4 if below else bar.top + LABEL_REACH
    if limit is not None:
        end = min(end, limit)
    return max(0, int(end - bar.top - 2))


def innermost(bars: Iterable[Bar]) -> Bar | None:
    """Of overlapping bars, the shortest (the one a click means)."""
    return min(bars, key=lambda b: b.height, default=None)
