"""What a search returns: hits with exact offsets into their source's text, and snippets.

Every offset is a code-point index into the source's canonical text (``project.sources.text``),
half-open, so ``text[start:end]`` is exactly the word that matched; the GUI converts to UTF-16
at the widget boundary as it does for codings.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kutip.i18n import _

#: Markers around matched words in a plain-text snippet.
MARK_OPEN, MARK_CLOSE = "«", "»"
ELLIPSIS = "…"


@dataclass(frozen=True)
class Snippet:
    """A stretch of a hit's chunk around its first matches.

    ``text`` is the source text ``[start, end)`` with line breaks shown as spaces (same
    length, so offsets still hold); ``marks`` are the matched words' ranges *relative to*
    ``text``. ``clipped_before``/``clipped_after`` say whether the chunk goes on.
    """

    text: str
    start: int
    end: int
    marks: tuple[tuple[int, int], ...]
    clipped_before: bool = False
    clipped_after: bool = False

    def marked(self, open_mark: str = MARK_OPEN, close_mark: str = MARK_CLOSE) -> str:
        """The snippet as plain text, each match between markers: ``… the «kampanye» in …``."""
        parts = [ELLIPSIS] if self.clipped_before else []
        position = 0
        for start, end in self.marks:
            parts += [self.text[position:start], open_mark, self.text[start:end], close_mark]
            position = end
        parts.append(self.text[position:])
        if self.clipped_after:
            parts.append(ELLIPSIS)
        return "".join(parts)

    def html(self) -> str:
        """The snippet as HTML (escaped), each match in ``<mark>``."""
        parts = [ELLIPSIS] if self.clipped_before else []
        position = 0
        for start, end in self.marks:
            parts += [
                html.escape(self.text[position:start]),
                "<mark>",
                html.escape(self.text[start:end]),
                "</mark>",
            ]
            position = end
        parts.append(html.escape(self.text[position:]))
        if self.clipped_after:
            parts.append(ELLIPSIS)
        return "".join(parts)

    def __str__(self) -> str:
        return self.marked()


@dataclass(frozen=True)
class Hit:
    """One matching chunk of a source.

    ``matches`` are the matched words; ``spans`` are the same with the words of one phrase
    joined into one range (what "code the matched words" codes). ``exact`` is true when the
    chunk matches the query word for word, not only through stems.
    """

    source_id: int
    source_guid: str
    source_title: str
    start: int  # the chunk's range in the source text
    end: int
    score: float
    matches: tuple[tuple[int, int], ...]
    spans: tuple[tuple[int, int], ...]
    snippet: Snippet
    exact: bool = False
    page_index: int | None = None
    page_label: str | None = None
    turn_index: int | None = None
    speaker: str | None = None
    time_start: float | None = None
    time_end: float | None = None

    @property
    def location(self) -> str:
        """Where the hit is, for a list: "p. 412", "Informan 3 (00:12:05)" or ""."""
        if self.speaker:
            if self.time_start is not None:
                return f"{self.speaker} ({_format_time(self.time_start)})"
            return self.speaker
        if self.page_label:
            return _("p. {label}").format(label=self.page_label)
        return ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (for ``kutip search --json``)."""
        return {
            "source_id": self.source_id,
            "source_guid": self.source_guid,
            "source": self.source_title,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 4),
            "exact": self.exact,
            "page_index": self.page_index,
            "page_label": self.page_label,
            "turn_index": self.turn_index,
            "speaker": self.speaker,
            "time_start": self.time_start,
            "time_end": self.time_end,
            "matches": [list(m) for m in self.matches],
            "spans": [list(s) for s in self.spans],
            "snippet": self.snippet.marked(),
        }


@dataclass(frozen=True)
class SearchResults:
    """The hits of one search, best first, and how many chunks matched in all."""

    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    exact: bool = False

    def __len__(self) -> int:
        return len(self.hits)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "exact": self.exact,
            "total": self.total,
            "hits": [hit.to_dict() for hit in self.hits],
        }


def _format_time(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
