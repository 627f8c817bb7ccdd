"""Page furniture: running heads, running feet and folios, found over the lines of all pages.

A journal prints its name or the article's short title and the page number at the top or bottom
of most pages; a manual prints "Title 45 / 238". That is not the work's text: it must stay out of
search hits, quotes, autocoding and exports, and a quote across a page break must not read
"…sekadar 45 sensasional". Yet the folio is what a citation needs: the page labels come from it.

This module looks only at lines — their text, their box and the page's size — so the same
function serves text read from a PDF and text recognised by OCR. It decides by repetition across
pages, never by the look of one page:

1. **Edge rows.** The lines of each page are grouped into rows (lines whose vertical centres
   agree); only the ``MAX_ROWS`` rows nearest the top and the bottom edge, within ``BAND`` of the
   page's height, can be furniture.
2. **The numbering.** A folio is a number at either end of such a line, or a line that is only a
   folio ("12", "- 12 -", "[12]", "Page 12", "Halaman 12", "12 / 238", "12 of 40"). The offset
   (printed number minus page index) that most pages agree on — at least half of them, and two —
   is the document's numbering; a number that does not fit it is not a folio.
3. **Repeating lines.** A line's *signature* is its text case-folded with every run of digits as
   ``#``, so "Journal of Rural Studies 41" and "Title 45 / 238" repeat although their numbers
   change. A signature found at the same edge and the same height (``SAME_PLACE``) on at least
   ``MIN_SHARE`` of the pages (a running head of the even pages is on half of them) and on
   ``MIN_PAGES`` is furniture, if it has three letters or more (a line "(3)" or "}" repeating is
   an equation number or code) and is not set larger than the body text (a heading such as
   "Example 3" that opens several pages is).
4. **Peeling.** From each edge inward, a row is furniture while it holds a repeating line or the
   page's folio; a folio that is not a folio-only line must stand apart from the next row (by at
   least half a line: the last line of the body text ends in numbers too). The whole row goes,
   so a chapter title beside the folio ("Chapter 2: Installation    6") goes with it. A deeper
   row is considered only when it is close (within one line's height) to the furniture row
   before it: a two-line header, not the body text under a header. A page is never all
   furniture: where every line would go, only the folio's row does.
5. **Odd and even.** A short article's even pages may carry their head only once. The outermost
   row of a page that stands where other pages' heads or feet were found, apart from the text
   and in type no larger than it, is furniture too.

Tried on real documents (a 311-page manual with odd/even heads, a 196-page manual with chapter
heads, JSS articles with author/title heads on odd/even pages, short papers with centred folios
in the foot): every running head, foot and folio found, no line of body text taken.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

Box = tuple[float, float, float, float]

#: Furniture lies within this share of the page's height from its top or bottom edge ...
BAND = 0.2
#: ... in at most this many rows from the edge.
MAX_ROWS = 3
#: A line repeating at an edge is furniture when it is on at least this share of the pages ...
MIN_SHARE = 0.25
#: ... and on at least this many.
MIN_PAGES = 2
#: Two lines are at the same place on their pages when their centres differ by at most this
#: share of the page's height.
SAME_PLACE = 0.015
#: A running head is not taller than this many times the page's median line.
MAX_HEIGHT = 1.2

_DIGITS = re.compile(r"\d+")
_LETTER = re.compile(r"[^\W\d_]")
_FOLIO_LINE = re.compile(
    r"[-–—|·•\[(\s]*(?:(?:page|halaman|hal\.?|p\.|pp\.|seite|pág\.?)\s*)?(?P<n>\d{1,5})"
    r"(?:\s*(?:/|of|dari|von|de)\s*\d{1,5})?[-–—|·•\])\s]*",
    re.IGNORECASE,
)
_EDGE_NUMBER = re.compile(
    r"^\s*(?P<a>\d{1,5})(?=\s|$)|(?:^|(?<=\s))(?P<b>\d{1,5})(?:\s*(?:/|of|dari)\s*\d{1,5})?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Line:
    """A line of text on a page and its box (x0, y0, x1, y1), y growing downwards."""

    text: str
    bbox: Box


@dataclass(frozen=True)
class PageLines:
    """The lines of one page, in any order, and the page's size in the boxes' units."""

    width: float
    height: float
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Furniture:
    """What ``find_furniture`` found: per page, the indices of its furniture lines and its folio
    (the printed page number, when one was found); ``offset`` is folio minus page index."""

    lines: tuple[frozenset[int], ...]
    folios: tuple[int | None, ...]
    offset: int | None

    def boxes(self, pages: Sequence[PageLines]) -> list[list[Box]]:
        """The boxes of the furniture lines, page by page."""
        return [
            [page.lines[i].bbox for i in sorted(found)]
            for page, found in zip(pages, self.lines, strict=True)
        ]


def signature(text: str) -> str:
    """What stays the same of a running head from page to page: digits become ``#``."""
    return _DIGITS.sub("#", " ".join(text.casefold().split()))


def folio_only(text: str) -> int | None:
    """The number of a line that is nothing but a folio ("12", "Page 12", "12 / 238")."""
    match = _FOLIO_LINE.fullmatch(text)
    return int(match.group("n")) if match else None


def edge_numbers(text: str) -> set[int]:
    """Numbers a head or foot line may carry as its folio: at either end, or a folio line's."""
    found = {int(m.group("a") or m.group("b")) for m in _EDGE_NUMBER.finditer(text)}
    only = folio_only(text)
    if only is not None:
        found.add(only)
    found.discard(0)
    return found


def find_furniture(pages: Sequence[PageLines]) -> Furniture:
    """The running heads, running feet and folios of a document (see the module docstring)."""
    edges = [_edge_rows(page) for page in pages]
    heights = [_median_height(page) for page in pages]
    offset = _numbering(pages, edges)
    repeating = _repeating(pages, edges, heights)
    peeled = [
        _peel(page, edges[k], heights[k], repeating, k, None if offset is None else k + offset)
        for k, page in enumerate(pages)
    ]
    # Where heads and feet stand: the places of the rows found so far, edge by edge.
    slots = {
        (top, round(_centre(page.lines[rows[0][0]].bbox) / page.height / SAME_PLACE))
        for page, (found, _), page_edges in zip(pages, peeled, edges, strict=True)
        for top, rows in zip((True, False), page_edges, strict=True)
        if rows and rows[0][0] in found
    }
    lines: list[frozenset[int]] = []
    folios: list[int | None] = []
    for k, page in enumerate(pages):
        found, folio = peeled[k]
        found = found | _in_slots(page, edges[k], heights[k], slots, found)
        if len(found) == len(page.lines):
            # A page is never all running heads: lines repeating on every page and nothing
            # else (a form, a one-line page each) are its content; only a folio row goes.
            found = _folio_rows(page, edges[k], folio) if folio is not None else set()
        lines.append(frozenset(found))
        folios.append(folio)
    return Furniture(tuple(lines), tuple(folios), offset)


def _peel(
    page: PageLines,
    edges: tuple[list[list[int]], list[list[int]]],
    height: float,
    repeating: set[tuple[int, int]],
    k: int,
    folio: int | None,
) -> tuple[set[int], int | None]:
    """The furniture rows of page ``k`` from each edge inward, and its folio if one is there."""
    found: set[int] = set()
    found_folio = False
    for top, rows in zip((True, False), edges, strict=True):
        for r, row in enumerate(rows):
            if r > 0 and _gap(page, rows[r - 1], row, top) > height:
                break
            apart = r + 1 == len(rows) or _gap(page, row, rows[r + 1], top) >= height / 2
            is_repeating = any((k, i) in repeating for i in row)
            has_folio = folio is not None and any(
                folio in edge_numbers(page.lines[i].text)
                and (apart or folio_only(page.lines[i].text) is not None)
                for i in row
            )
            if not (is_repeating or has_folio):
                break
            found.update(row)
            found_folio = found_folio or has_folio
    return found, folio if found_folio else None


def _in_slots(
    page: PageLines,
    edges: tuple[list[list[int]], list[list[int]]],
    height: float,
    slots: set[tuple[bool, int]],
    found: set[int],
) -> set[int]:
    """An outermost row not yet furniture that stands where other pages' heads or feet stand,
    apart from the text, in type no larger than it: the running head of the odd (or even)
    pages of a short article, seen once."""
    more: set[int] = set()
    for top, rows in zip((True, False), edges, strict=True):
        if not rows or rows[0][0] in found:
            continue
        row = rows[0]
        cell = _centre(page.lines[row[0]].bbox) / page.height / SAME_PLACE
        at_slot = any(t == top and abs(cell - c) <= 1 for t, c in slots)
        apart = len(rows) == 1 or _gap(page, row, rows[1], top) >= height / 2
        small = all(
            page.lines[i].bbox[3] - page.lines[i].bbox[1] <= MAX_HEIGHT * height for i in row
        )
        if at_slot and apart and small:
            more.update(row)
    return more


def _folio_rows(
    page: PageLines, edges: tuple[list[list[int]], list[list[int]]], folio: int | None
) -> set[int]:
    """The lines of the outermost rows that hold the page's folio."""
    return {
        i
        for rows in edges
        for row in rows[:1]
        if any(folio in edge_numbers(page.lines[j].text) for j in row)
        for i in row
    }


def _centre(box: Box) -> float:
    return (box[1] + box[3]) / 2


def _same_row(a: Box, b: Box) -> bool:
    # By centres: a tall formula reaching into the foot's height is not on the folio's row.
    return abs(_centre(a) - _centre(b)) <= min(a[3] - a[1], b[3] - b[1]) / 2 + 0.5


def _median_height(page: PageLines) -> float:
    return statistics.median(ln.bbox[3] - ln.bbox[1] for ln in page.lines) if page.lines else 0.0


def _edge_rows(page: PageLines) -> tuple[list[list[int]], list[list[int]]]:
    """The rows nearest the top edge and nearest the bottom edge, outermost first."""
    limit = BAND * page.height
    lines = page.lines
    top = [i for i in sorted(range(len(lines)), key=lambda i: lines[i].bbox[1])]
    bottom = [i for i in sorted(range(len(lines)), key=lambda i: -lines[i].bbox[3])]
    return (
        _rows(page, [i for i in top if lines[i].bbox[3] <= limit]),
        _rows(page, [i for i in bottom if lines[i].bbox[1] >= page.height - limit]),
    )


def _rows(page: PageLines, ordered: list[int]) -> list[list[int]]:
    rows: list[list[int]] = []
    for i in ordered:
        if rows and _same_row(page.lines[rows[-1][0]].bbox, page.lines[i].bbox):
            rows[-1].append(i)
        elif len(rows) < MAX_ROWS:
            rows.append([i])
        else:
            break
    return rows


def _gap(page: PageLines, outer: list[int], inner: list[int], top: bool) -> float:
    """The white space between two rows, the first nearer the edge."""
    a = [page.lines[i].bbox for i in outer]
    b = [page.lines[i].bbox for i in inner]
    if top:
        return min(box[1] for box in b) - max(box[3] for box in a)
    return min(box[1] for box in a) - max(box[3] for box in b)


def _numbering(
    pages: Sequence[PageLines], edges: Sequence[tuple[list[list[int]], list[list[int]]]]
) -> int | None:
    """The offset (printed minus physical page number) most pages' edge numbers agree on."""
    offsets: Counter[int] = Counter()
    for k, (page, rows_at_edges) in enumerate(zip(pages, edges, strict=True)):
        numbers: set[int] = set()
        for rows in rows_at_edges:
            for row in rows[:2]:
                for i in row:
                    numbers |= edge_numbers(page.lines[i].text)
        offsets.update({number - k for number in numbers})
    if not offsets:
        return None
    offset, count = max(offsets.items(), key=lambda item: (item[1], -abs(item[0])))
    return offset if count >= 2 and 2 * count >= len(pages) else None


def _repeating(
    pages: Sequence[PageLines],
    edges: Sequence[tuple[list[list[int]], list[list[int]]]],
    heights: Sequence[float],
) -> set[tuple[int, int]]:
    """(page, line) of the lines repeating at the same place of an edge on enough pages."""
    places: dict[tuple[bool, str], list[tuple[int, int, float]]] = defaultdict(list)
    for k, (page, rows_at_edges) in enumerate(zip(pages, edges, strict=True)):
        for top, rows in zip((True, False), rows_at_edges, strict=True):
            for row in rows:
                for i in row:
                    line = page.lines[i]
                    if len(_LETTER.findall(line.text)) < 3:
                        continue
                    if line.bbox[3] - line.bbox[1] > MAX_HEIGHT * heights[k]:
                        continue
                    where = _centre(line.bbox) / page.height
                    places[(top, signature(line.text))].append((k, i, where))
    need = max(MIN_PAGES, MIN_SHARE * len(pages))
    found: set[tuple[int, int]] = set()
    for members in places.values():
        if len({k for k, _, _ in members}) < need:
            continue
        cells = Counter(round(where / SAME_PLACE) for _, _, where in members)
        usual = cells.most_common(1)[0][0] * SAME_PLACE
        near = [(k, i) for k, i, where in members if abs(where - usual) <= SAME_PLACE]
        if len({k for k, _ in near}) >= need:
            found.update(near)
    return found
