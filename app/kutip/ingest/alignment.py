"""Where the words of an old text are in a new text of the same document.

Re-reading a source (``kutip.services.reread``) extracts its text again with today's reader:
running heads gone, words joined across page breaks, whitespace settled differently. Every
coding points into the old text by offsets, so it must be moved to the same words in the new
one. This module aligns the two texts and maps old offsets to new ones.

How:

* **Tokens.** Both texts are cut into words (``\\w+``) and single punctuation marks; whitespace
  is not compared at all (a line break that became a space changes nothing).
* **A proper diff, fast on long texts.** A recursive patience diff: the tokens that occur once
  in both texts and in the same order (the longest increasing run) are anchors; between two
  anchors the same is done again with the tokens unique *there*; where no unique token is left,
  ``difflib.SequenceMatcher`` matches the (short) rest. Common prefixes and suffixes are
  matched first. A 300-page manual (850,000 characters) aligns in under a second, where
  ``SequenceMatcher`` on the whole token lists took minutes.
* **Characters inside changed words.** Where a few tokens differ ("ethno", "-", "graphy" became
  "ethnography"), their characters are matched with ``SequenceMatcher``, so a coding that
  started inside a word hyphenated across a page starts at the same letter.
* **Mapping a range.** A coding's start goes to the first of its characters that has a place in
  the new text, its end after the last such character: a running head removed from the middle
  of a quote simply drops out of it. A range none of whose characters remain (a coding of a
  running head) has no place — unless its words, whitespace aside, are found once in the new
  text (a passage the new reading order moved elsewhere): then it goes there.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher

_TOKEN = re.compile(r"\w+|[^\w\s]")
#: Tokens between two matches at most this many (both sides together) are matched by characters.
_SMALL_GAP = 12
#: Past this many token pairs SequenceMatcher uses its popularity heuristic (autojunk).
_LARGE_LEAF = 4_000_000
#: Patience recursion deeper than this falls back to SequenceMatcher.
_MAX_DEPTH = 64
#: Runs of up to this many words stand in for unique words in long stretches of common ones.
_MAX_GRAM = 16
#: A range mapped this many times wider (plus _SLACK characters) is looked for by its words.
_STRETCH = 1.5
_SLACK = 40

Block = tuple[int, int, int]  # (old index, new index, length)


class Alignment:
    """The characters of ``old`` that are found again in ``new``, and where."""

    def __init__(self, old: str, new: str) -> None:
        self.old = old
        self.new = new
        old_spans = [(m.start(), m.end()) for m in _TOKEN.finditer(old)]
        new_spans = [(m.start(), m.end()) for m in _TOKEN.finditer(new)]
        a = [old[s:e] for s, e in old_spans]
        b = [new[s:e] for s, e in new_spans]
        segments: list[Block] = []
        done_a = done_b = 0
        for i, j, n in [*_merged(token_blocks(a, b)), (len(a), len(b), 0)]:
            gap_a, gap_b = i - done_a, j - done_b
            if gap_a > 0 and gap_b > 0 and gap_a + gap_b <= _SMALL_GAP:
                start_a, start_b = old_spans[done_a][0], new_spans[done_b][0]
                piece_a = old[start_a : old_spans[i - 1][1]]
                piece_b = new[start_b : new_spans[j - 1][1]]
                matcher = SequenceMatcher(None, piece_a, piece_b, autojunk=False)
                segments.extend(
                    (start_a + x, start_b + y, size)
                    for x, y, size in matcher.get_matching_blocks()
                    if size
                )
            for k in range(n):
                (s, e), (t, _) = old_spans[i + k], new_spans[j + k]
                segments.append((s, t, e - s))
            done_a, done_b = i + n, j + n
        self._segments = segments
        self._starts = [s for s, _, _ in segments]

    def place(self, start: int, end: int) -> tuple[int, int] | None:
        """Where old ``[start, end)`` is in the new text, or None when it is not there."""
        found = self._mapped(start, end)
        if found is not None and found[1] - found[0] <= _STRETCH * (end - start) + _SLACK:
            return found
        # Nothing of it is left where it was, or what is left spreads much wider than it (a
        # moved passage whose punctuation matched elsewhere): look for its words.
        return self._moved(start, end) or found

    def _moved(self, start: int, end: int) -> tuple[int, int] | None:
        words = _TOKEN.findall(self.old[start:end])
        if not words:
            return None
        pattern = re.compile(r"\s*".join(re.escape(word) for word in words))
        hits = pattern.finditer(self.new)
        first = next(hits, None)
        if first is None or next(hits, None) is not None:
            return None  # not there, or there more than once: no telling which
        return first.start(), first.end()

    def _mapped(self, start: int, end: int) -> tuple[int, int] | None:
        k = max(bisect.bisect_right(self._starts, start) - 1, 0)
        first: int | None = None
        last = 0
        while k < len(self._segments) and self._segments[k][0] < end:
            s, t, size = self._segments[k]
            low, high = max(s, start), min(s + size, end)
            if low < high:
                if first is None:
                    first = t + (low - s)
                last = t + (high - s)
            k += 1
        return None if first is None else (first, last)


def token_blocks(a: Sequence[str], b: Sequence[str]) -> list[Block]:
    """Matching blocks (i, j, n) of two token lists, in order; see the module docstring."""
    blocks: list[Block] = []
    _align(a, b, 0, len(a), 0, len(b), blocks, 0)
    blocks.sort()
    return blocks


def _merged(blocks: list[Block]) -> list[Block]:
    merged: list[Block] = []
    for i, j, n in blocks:
        if merged:
            pi, pj, pn = merged[-1]
            if pi + pn == i and pj + pn == j:
                merged[-1] = (pi, pj, pn + n)
                continue
        merged.append((i, j, n))
    return merged


def _align(
    a: Sequence[str], b: Sequence[str], a0: int, a1: int, b0: int, b1: int,
    out: list[Block], depth: int,
) -> None:  # fmt: skip
    while a0 < a1 and b0 < b1 and a[a0] == b[b0]:
        out.append((a0, b0, 1))
        a0, b0 = a0 + 1, b0 + 1
    while a0 < a1 and b0 < b1 and a[a1 - 1] == b[b1 - 1]:
        a1, b1 = a1 - 1, b1 - 1
        out.append((a1, b1, 1))
    if a0 == a1 or b0 == b1:
        return
    size = 1
    anchors: list[tuple[int, int]] = []
    large = (a1 - a0) * (b1 - b0) > _LARGE_LEAF
    while depth < _MAX_DEPTH and size <= _MAX_GRAM:
        # Words unique in both; where no word is (a long stretch of common words), runs of
        # ``size`` words are.
        anchors = _anchors(_grams(a, a0, a1, size), _grams(b, b0, b1, size), size)
        if anchors or not large:
            break
        size *= 4
    if not anchors:
        matcher = SequenceMatcher(None, a[a0:a1], b[b0:b1], autojunk=large)
        out.extend((a0 + x, b0 + y, n) for x, y, n in matcher.get_matching_blocks() if n)
        return
    last_a, last_b = a0, b0
    for i, j in anchors:
        _align(a, b, last_a, a0 + i, last_b, b0 + j, out, depth + 1)
        out.append((a0 + i, b0 + j, size))
        last_a, last_b = a0 + i + size, b0 + j + size
    _align(a, b, last_a, a1, last_b, b1, out, depth + 1)


def _grams(tokens: Sequence[str], start: int, end: int, size: int) -> list[str]:
    if size == 1:
        return list(tokens[start:end])
    return ["\x00".join(tokens[k : k + size]) for k in range(start, end - size + 1)]


def _anchors(a: Sequence[str], b: Sequence[str], size: int = 1) -> list[tuple[int, int]]:
    """Pairs (i, j) of tokens occurring once in ``a`` and once in ``b``, the longest run of
    them in the same order in both (patience sorting); tokens ``size`` apart at least (runs
    of ``size`` words do not overlap)."""
    count_a, count_b = Counter(a), Counter(b)
    where_b = {token: j for j, token in enumerate(b) if count_b[token] == 1}
    pairs = [(i, where_b[t]) for i, t in enumerate(a) if count_a[t] == 1 and t in where_b]
    tails: list[int] = []  # the smallest j ending a run of each length
    ends: list[int] = []  # the index into pairs of that run's last pair
    previous: list[int | None] = [None] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        length = bisect.bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            ends.append(k)
        else:
            tails[length] = j
            ends[length] = k
        previous[k] = ends[length - 1] if length else None
    run: list[tuple[int, int]] = []
    at = ends[-1] if ends else None
    while at is not None:
        run.append(pairs[at])
        at = previous[at]
    run.reverse()
    if size == 1:
        return run
    kept: list[tuple[int, int]] = []
    for i, j in run:
        if not kept or (i >= kept[-1][0] + size and j >= kept[-1][1] + size):
            kept.append((i, j))
    return kept
