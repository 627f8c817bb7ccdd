"""Cutting a source's text into the paragraph-sized chunks the index holds.

A chunk is what one hit is: a transcript's speaker turn, or a few paragraphs of a page. Why:

* **Never across a page or a turn.** A hit then has one page label (for the citation) or one
  speaker, and the ``speaker:`` and page fields are exact.
* **Paragraphs are lines.** Every reader writes a paragraph as one line of the canonical text
  (the PDF reader joins a paragraph's lines with spaces and ends it with ``\\n``; DOCX and ODT
  paragraphs are lines), so a chunk is made of whole lines.
* **Short lines are merged, long ones split.** Headings, list items and page furniture are too
  short to rank well alone: consecutive lines are merged until a chunk holds ``MIN_CHARS``. A
  line longer than ``MAX_CHARS`` is split after a sentence, else at a space, so that a hit's
  snippet and the scoring's length normalisation stay meaningful.
* **Trimmed.** A chunk starts and ends on a non-space character.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kutip.model import Page, Turn

MIN_CHARS = 300
MAX_CHARS = 2000
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    page: int | None = None  # index into the source's pages
    turn: int | None = None  # index into the source's turns


def chunk_source(text: str, pages: Sequence[Page] = (), turns: Sequence[Turn] = ()) -> list[Chunk]:
    """The chunks of a source's text, in order, given its pages and turns (both sorted)."""
    chunks: list[Chunk] = []
    for start, end, page, turn in _units(len(text), pages, turns):
        chunks.extend(Chunk(s, e, page, turn) for s, e in _merge_lines(_lines(text, start, end)))
    return chunks


def _units(
    length: int, pages: Sequence[Page], turns: Sequence[Turn]
) -> Iterator[tuple[int, int, int | None, int | None]]:
    """Ranges no chunk crosses, each with the page and the turn it is in (if any)."""
    cuts = {0, length}
    items: list[Page | Turn] = [*pages, *turns]
    for item in items:
        cuts.update((min(item.start, length), min(item.end, length)))
    bounds = sorted(cuts)
    page_starts = [p.start for p in pages]
    turn_starts = [t.start for t in turns]
    for start, end in itertools.pairwise(bounds):
        yield (
            start,
            end,
            _containing(pages, page_starts, start),
            _containing(turns, turn_starts, start),
        )


def _containing(
    items: Sequence[Page] | Sequence[Turn], starts: list[int], offset: int
) -> int | None:
    index = bisect.bisect_right(starts, offset) - 1
    if index >= 0 and items[index].start <= offset < items[index].end:
        return index
    return None


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The non-blank lines in ``[start, end)``, trimmed, each cut to at most ``MAX_CHARS``."""
    position = start
    while position < end:
        newline = text.find("\n", position, end)
        line_end = end if newline < 0 else newline
        s, e = _trim(text, position, line_end)
        while e - s > MAX_CHARS:
            cut = _cut_point(text, s, s + MAX_CHARS)
            piece = _trim(text, s, cut)
            if piece[1] > piece[0]:
                yield piece
            s = _trim(text, cut, e)[0]
        if e > s:
            yield s, e
        position = line_end + 1


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to split a long line before ``limit``: after a sentence, else at a space."""
    window = text[start:limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if ends and ends[-1] > len(window) // 2:
        return start + ends[-1]
    space = window.rfind(" ", len(window) // 2)
    return start + space + 1 if space > 0 else limit


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _merge_lines(lines: Iterator[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    current: tuple[int, int] | None = None
    for start, end in lines:
        if current is None:
            current = (start, end)
        elif current[1] - current[0] < MIN_CHARS and end - current[0] <= MAX_CHARS:
            current = (current[0], end)
        else:
            yield current
            current = (start, end)
    if current is not None:
        yield current
