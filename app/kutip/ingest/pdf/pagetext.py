"""The canonical text of a PDF page, and where each of its characters is drawn.

``page_text`` is the one function that turns PyMuPDF's character data into text. The importer
calls it to build a PDF source's text; the PDF view calls it again on the same page to get the
same text *with the box of every character*, so a selection on the rendered page maps to text
offsets, and a coded range maps back to rectangles to highlight, by construction rather than by
searching. Stored offsets depend on its output: change it as carefully as a file format.

Decisions, and why:

* **Two granularities, one pipeline.** ``boxes=False`` reads PyMuPDF's "dict" (span text),
  ``boxes=True`` its "rawdict" (one record per character, 3-4x slower to build). PyMuPDF makes
  a span's text from exactly the characters "rawdict" lists, and everything below looks only at
  that text and at line/block boxes — except where a spacing accent next to a letter may sit
  over it, which only character boxes tell: such a line (rare: ``linetext.may_compose``) is
  read from the page's "rawdict" (MuPDF reads a page the same way every time: same blocks,
  lines and characters), and its boxes dropped.
  So both produce the same text. The importer needs no character boxes (except on pages with
  annotations); the view does.
* **Text rules.** Which of these decisions a text was read by is a number
  (``kutip.model.TEXT_RULES``): 1 is all of them but spacing accents, 2 adds those. A stored
  source keeps the rules it was read with (its codings count in that text) and every function
  here takes ``rules``, so the view and the exports read its pages as the importer did;
  re-reading a source moves it to the current rules. A change to the text made here is a new
  rules number.
* **Spacing accents** (rules 2). TeX with Type 1 fonts draws "ö" as "¨" over "o", and MuPDF
  lists both ("Br¨oker"). An accent whose box overlaps a neighbouring letter's horizontally (by
  half the narrower box) is composed with it, whichever comes first; one beside the letters
  ("don´t") stays; a dotless ı or ȷ under an accent becomes i or j. The composed letter's box
  is the union of both (``kutip.ingest.pdf.linetext``).
* **Ligatures.** Text is extracted with ligatures *preserved* and expanded here (ﬁ → "fi"):
  MuPDF's own expansion gives the first letter the glyph's whole box and the others zero
  width; we split the glyph's box evenly so each letter can be selected and highlighted. When a
  font's ToUnicode maps one glyph to several letters MuPDF reports the zero-width letters too:
  they get the same even split.
* **Hyphenation.** A word hyphenated across a line end is joined and its hyphen left out of the
  text (the hyphen stays on the page; no character of the text is drawn there). Search, the
  word index, word counts and quotations then all see "ethnography", not "ethno-graphy" or
  "ethno- graphy", without each having to know about hyphens; and the mapping stays exact
  because every remaining letter keeps its own box. The hyphen is dropped only when a letter
  precedes it and a lowercase letter starts the next line, and not for a reduplication such as
  Indonesian "anak-anak", "sehari-hari", "tolong-menolong" (kept, joined without a space, as
  are "COVID-19" and words after a dash or slash). A soft hyphen (U+00AD) at a line end is
  always a break. The cost: a compound broken at its own hyphen ("self-" / "evident") loses it.
* **Lines and paragraphs.** Blocks are separated by "\\n\\n". Lines of a block are joined by a
  space, so a paragraph reads, searches and quotes as one line of text — except after a line
  that stops early, i.e. where the first word of the next line would have fitted: that marks a
  paragraph end, a heading or a list item, and becomes "\\n".
* **Reading order.** PyMuPDF lists blocks in content-stream order, and ``sort=True`` sorts by
  position, which interleaves the columns of a two-column article. Columns are found from the
  horizontal extent of the blocks: a *gutter* is an x-interval inside the text area that
  (almost) no block covers — measured by block height, so a centred page number or heading
  crossing it does not close it — with text on both sides. Blocks that span the columns cut
  the page into bands: blocks wider than 60% of the text area (title, abstract, full-width
  figures), blocks crossing or sitting in a gutter, and tiny blocks above or below all others
  (page numbers). Each band is read column by column, top to bottom, with the spanning blocks
  in between. Rotated text (e.g. an arXiv stamp in the margin) comes last.
* **Whitespace and odd characters.** Runs of spaces collapse to one (its box the union of
  theirs), tabs and other spaces and controls become spaces, spaces at line ends go, zero-width
  spaces and BOMs are dropped, lone surrogates become U+FFFD (SQLite cannot store them).
* **Page furniture.** Running heads, feet and folios are found over all the pages of a document
  (``kutip.ingest.pdf.furniture``); the importer stores their boxes with each page, and both the
  importer and the view pass them here as ``skip``: a line whose centre lies in one of them is
  left out before reading order is worked out, so it is in neither the text nor the boxes.
* **Page breaks** (``page_join``). Pages are joined by a blank line, except where a paragraph
  runs on: the page's last line is full (the next page's first word would not have fitted
  after it), both lines are in the body's type size, and the next page does not start with an
  indented line or a heading (a line of its own, capitalised, not ending a sentence). Then a
  space joins them, or nothing where a word is hyphenated across the break: the hyphen is then
  left out of the text by ending the page's range before it (``PageText.clipped``).
* **NFC**, per cluster (a character and the combining marks after it): where NFC merges a base
  and its marks the result gets the union of their boxes, so ``text[i]`` is still drawn at
  ``boxes[i]``. Clusters never span the separators, so the joined text is NFC as a whole.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pymupdf

from kutip.ingest.pdf.linetext import Box, clean_line, may_compose
from kutip.ingest.pdf.linetext import union as _union
from kutip.model import TEXT_RULES

Point = tuple[float, float]

#: Ligatures are expanded by this module (see the docstring), whitespace kept for us to tidy,
#: text outside the page's media box ignored.
TEXT_FLAGS = (
    pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
)

PARAGRAPH_BREAK = "\n\n"
LINE_BREAK = "\n"

#: A block wider than this share of the text area spans the columns.
_WIDE_BLOCK = 0.6
#: A gutter is covered by at most this share of the best-covered x (by block height) ...
_GUTTER_COVERAGE = 0.1
#: ... and at least this wide, in points.
_MIN_GUTTER = 2.0
#: A column is at least this share of the text area wide.
_MIN_COLUMN = 0.1
#: Blocks whose tops are this close (points) are on the same row when no columns are found.
_ROW_TOLERANCE = 2.0
#: A line stopped early if the next line's first word (its width estimated from the next line's
#: average character width, with this margin for error) would have fitted after it.
_FITS_MARGIN = 1.25
_HYPHENS = "-\u2010"
#: After these at a line end the next line follows without a space.
_JOINERS = "-\u2010\u2011\u2013\u2014/"


# --------------------------------------------------------------------------------------------
# The result


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of the page's text: ``text[start:end]``, drawn in ``bbox``, in font ``size``."""

    start: int
    end: int
    bbox: Box
    size: float


@dataclass(frozen=True)
class PageText:
    """A page's canonical text; with ``boxes``, ``text[i]`` is drawn at ``boxes[i]``.

    ``boxes[i]`` is None for characters this module put there (spaces and line breaks joining
    lines and blocks); ``boxes`` is None altogether when the text was built without boxes.
    Boxes are (x0, y0, x1, y1) in PyMuPDF's coordinates of the *unrotated* page (origin at the
    top left of its crop box): to draw them on a rendering of a rotated page, transform them
    by ``page.rotation_matrix``.
    """

    text: str
    lines: tuple[TextLine, ...]
    boxes: tuple[Box | None, ...] | None = None

    def clipped(self, length: int) -> PageText:
        """The page's text as the source holds it: ``length`` characters, one fewer than the
        page's own when a hyphen joins its last word to the next page (see ``page_join``)."""
        if length >= len(self.text):
            return self
        lines = tuple(
            TextLine(ln.start, min(ln.end, length), ln.bbox, ln.size)
            for ln in self.lines
            if ln.start < length or (ln.start == length == ln.end)
        )
        boxes = self.boxes[:length] if self.boxes is not None else None
        return PageText(self.text[:length], lines, boxes)

    def _boxes(self) -> tuple[Box | None, ...]:
        if self.boxes is None:
            raise ValueError("this PageText was built without character boxes")
        return self.boxes

    def rects(self, start: int, end: int) -> list[Box]:
        """What to highlight for ``text[start:end]``: per line, the union of its characters."""
        boxes = self._boxes()
        found: list[Box] = []
        for line in self.lines:
            if line.end <= start or line.start >= end:
                continue
            union = _union(
                b for b in boxes[max(start, line.start) : min(end, line.end)] if b is not None
            )
            if union is not None:
                found.append(union)
        return found

    def index_at(self, x: float, y: float) -> int | None:
        """The index of the character drawn at (or nearest to) a point; None on an empty page."""
        boxes = self._boxes()
        if not self.lines:
            return None
        line = min(self.lines, key=lambda ln: _distance(ln.bbox, x, y))
        candidates = [i for i in range(line.start, line.end) if boxes[i] is not None]
        if not candidates:
            return line.start
        return min(candidates, key=lambda i: _distance(boxes[i], x, y))  # type: ignore[arg-type]

    def ranges_in_quads(self, quads: Iterable[Sequence[Point]]) -> list[tuple[int, int]]:
        """The ranges of characters whose box centres lie inside any of the quads.

        A quad is four points in PDF QuadPoints order (upper left, upper right, lower left,
        lower right), as PyMuPDF gives an annotation's ``vertices``. Runs of hits separated only
        by spaces or by characters not on the page (line joins) make one range.
        """
        boxes = self._boxes()
        shapes = [(tuple(q), _bounds(q)) for q in quads]
        hits = [
            i
            for i, box in enumerate(boxes)
            if box is not None and _centre_in_any(box, shapes) and not self.text[i].isspace()
        ]
        return self._runs(hits)

    def _runs(self, hits: list[int]) -> list[tuple[int, int]]:
        boxes = self._boxes()
        runs: list[tuple[int, int]] = []
        for index in hits:
            if runs:
                start, end = runs[-1]
                if all(boxes[i] is None or self.text[i].isspace() for i in range(end, index)):
                    runs[-1] = (start, index + 1)
                    continue
            runs.append((index, index + 1))
        return runs


def _distance(box: Box, x: float, y: float) -> float:
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return dx * dx + dy * dy


def _bounds(quad: Sequence[Point]) -> Box:
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    return (min(xs), min(ys), max(xs), max(ys))


def _centre_in_any(box: Box, shapes: list[tuple[tuple[Point, ...], Box]]) -> bool:
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(
        r[0] <= x <= r[2] and r[1] <= y <= r[3] and _in_quad(quad, x, y) for quad, r in shapes
    )


def _in_quad(quad: tuple[Point, ...], x: float, y: float) -> bool:
    """Inside the convex quad ul, ur, ll, lr (either winding; edges count as inside)."""
    ul, ur, ll, lr = quad
    corners = (ul, ur, lr, ll)
    signs = set()
    for (ax, ay), (bx, by) in zip(corners, corners[1:] + corners[:1], strict=True):
        cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax)
        if abs(cross) > 1e-9:
            signs.add(cross > 0)
    return len(signs) <= 1


# --------------------------------------------------------------------------------------------
# Lines: characters → clean text (and boxes)


@dataclass(slots=True)
class _Line:
    text: str
    boxes: list[Box] | None
    bbox: Box
    size: float


@dataclass(slots=True)
class _Block:
    bbox: Box
    lines: list[_Line]
    upright: bool


def _line_chars(spans: list[dict[str, Any]], rules: int) -> tuple[str, list[Box] | None]:
    chars = [c for span in spans for c in span["chars"]]
    return clean_line("".join([c["c"] for c in chars]), [c["bbox"] for c in chars], rules)


def _skipped(bbox: Box, skip: Sequence[Box]) -> bool:
    x, y = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return any(b[0] - 0.5 <= x <= b[2] + 0.5 and b[1] - 0.5 <= y <= b[3] + 0.5 for b in skip)


def _read_blocks(
    raw: dict[str, Any], with_boxes: bool, rules: int, detailed: Callable[[], dict[str, Any]]
) -> list[_Block]:
    """The blocks of ``raw``: PyMuPDF's "rawdict" (``with_boxes``) or "dict". A line of a
    "dict" that may hold an accent to compose is read from ``detailed()``, the page's "rawdict"
    (same blocks and lines), since only the characters' boxes tell; its boxes are then dropped."""
    blocks: list[_Block] = []
    for block_index, block in enumerate(raw["blocks"]):
        if block.get("type") != 0:
            continue
        lines: list[_Line] = []
        upright = True
        for line_index, line in enumerate(block["lines"]):
            spans = line["spans"]
            if not spans:
                continue
            if with_boxes:
                text, boxes = _line_chars(spans, rules)
            else:
                text, boxes = "".join([span["text"] for span in spans]), None
                if rules >= 2 and may_compose(text):
                    rich = detailed()["blocks"][block_index]["lines"][line_index]["spans"]
                    text = _line_chars(rich, rules)[0]
                else:
                    text = clean_line(text, None, rules)[0]
            if text:
                size = max(span["size"] for span in spans)
                lines.append(_Line(text, boxes, tuple(line["bbox"]), size))
                dx, dy = line["dir"]
                upright = upright and dx > 0 and abs(dy) < 1e-3
        if lines:
            bbox = _union(line.bbox for line in lines)
            assert bbox is not None
            blocks.append(_Block(bbox, lines, upright))
    return blocks


# --------------------------------------------------------------------------------------------
# Reading order


def reading_order(bboxes: Sequence[Box]) -> list[int]:
    """The order to read blocks in, given their boxes: column by column within bands.

    Public so the column logic can be tested on plain rectangles; see the module docstring.
    """
    if len(bboxes) < 2:
        return list(range(len(bboxes)))
    left = min(b[0] for b in bboxes)
    right = max(b[2] for b in bboxes)
    wide = _WIDE_BLOCK * (right - left)
    narrow = [b for b in bboxes if b[2] - b[0] <= wide]
    gutters = _gutters(narrow, right - left)
    if not gutters:
        return _rows(range(len(bboxes)), bboxes)
    tiny = _MIN_COLUMN * (right - left)
    top = min(b[1] for b in bboxes)
    bottom = max(b[3] for b in bboxes)
    spanning = [
        i
        for i, b in enumerate(bboxes)
        if b[2] - b[0] > wide
        or _spans(b, gutters)
        or (b[2] - b[0] < tiny and _outermost(i, bboxes, top, bottom))
    ]
    spanning.sort(key=lambda i: (bboxes[i][1] + bboxes[i][3], bboxes[i][0]))
    cuts = [(bboxes[i][1] + bboxes[i][3]) / 2 for i in spanning]  # ascending
    middles = [(g0 + g1) / 2 for g0, g1 in gutters]
    bands: list[dict[int, list[int]]] = [{} for _ in range(len(spanning) + 1)]
    spanning_set = set(spanning)
    for i, b in enumerate(bboxes):
        if i not in spanning_set:
            band = bands[bisect.bisect_left(cuts, (b[1] + b[3]) / 2)]
            band.setdefault(bisect.bisect_left(middles, (b[0] + b[2]) / 2), []).append(i)
    order: list[int] = []
    for k, columns in enumerate(bands):
        for column in sorted(columns):
            order.extend(_rows(columns[column], bboxes))
        if k < len(spanning):
            order.append(spanning[k])
    return order


def _spans(box: Box, gutters: list[tuple[float, float]]) -> bool:
    """Whether a block crosses a gutter, or sits in one (a centred page number)."""
    centre = (box[0] + box[2]) / 2
    return any((box[0] < g0 and box[2] > g1) or g0 <= centre <= g1 for g0, g1 in gutters)


def _outermost(index: int, bboxes: Sequence[Box], top: float, bottom: float) -> bool:
    """Whether a block is below (or above) every other block: a footer (or header)."""
    box = bboxes[index]
    others = [b for i, b in enumerate(bboxes) if i != index]
    return (box[3] >= bottom and all(b[3] <= box[1] for b in others)) or (
        box[1] <= top and all(b[1] >= box[3] for b in others)
    )


def _rows(indices: Iterable[int], bboxes: Sequence[Box]) -> list[int]:
    """Top to bottom; blocks whose tops are level, left to right."""
    by_top = sorted(indices, key=lambda i: (bboxes[i][1], bboxes[i][0]))
    order: list[int] = []
    row: list[int] = []
    for i in by_top:
        if row and bboxes[i][1] - bboxes[row[0]][1] > _ROW_TOLERANCE:
            order.extend(sorted(row, key=lambda k: bboxes[k][0]))
            row = []
        row.append(i)
    order.extend(sorted(row, key=lambda k: bboxes[k][0]))
    return order


def _gutters(boxes: Sequence[Box], width: float) -> list[tuple[float, float]]:
    """Interior x-intervals (almost) no box covers, weighting each box by its height.

    Text narrower than a column between two gutters (a centred page number in a short page's
    gutter) makes one gutter of the two, not a column of its own.
    """
    events = sorted([(b[0], b[3] - b[1]) for b in boxes] + [(b[2], -(b[3] - b[1])) for b in boxes])
    segments: list[tuple[float, float, float]] = []
    coverage = 0.0
    for (x, delta), (next_x, _) in itertools.pairwise(events):
        coverage += delta
        if next_x > x:
            segments.append((x, next_x, coverage))
    if not segments:
        return []
    threshold = _GUTTER_COVERAGE * max(c for _, _, c in segments)
    gutters: list[tuple[float, float]] = []
    start: float | None = None
    seen_text = False
    for x0, _, c in segments:
        if c > threshold:
            if start is not None and x0 - start >= _MIN_GUTTER:
                if gutters and start - gutters[-1][1] < _MIN_COLUMN * width:
                    start = gutters.pop()[0]
                gutters.append((start, x0))
            start = None
            seen_text = True
        elif start is None and seen_text:
            start = x0
    return gutters


# --------------------------------------------------------------------------------------------
# Joining lines and blocks


class _Builder:
    """Appends lines, and the characters joining them, to the page's text and boxes."""

    def __init__(self, with_boxes: bool) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.boxes: list[Box | None] | None = [] if with_boxes else None
        self.lines: list[TextLine] = []
        self.previous: _Line | None = None

    def add_block(self, block: _Block) -> None:
        right = block.bbox[2]
        for k, line in enumerate(block.lines):
            previous = self.previous
            if previous is None:
                self._append(line)
                continue
            if _dehyphenates(previous.text, line.text):
                self._drop_last_char()
            elif k == 0:
                self._synthetic(PARAGRAPH_BREAK)
            else:
                self._synthetic(_line_separator(previous, line, right))
            self._append(line)

    def _append(self, line: _Line) -> None:
        start = self.length
        self.parts.append(line.text)
        self.length += len(line.text)
        if self.boxes is not None:
            assert line.boxes is not None and len(line.boxes) == len(line.text)
            self.boxes.extend(line.boxes)
        self.lines.append(TextLine(start, self.length, line.bbox, line.size))
        self.previous = line

    def _synthetic(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)
            if self.boxes is not None:
                self.boxes.extend([None] * len(text))

    def _drop_last_char(self) -> None:
        self.parts[-1] = self.parts[-1][:-1]
        self.length -= 1
        if self.boxes is not None:
            self.boxes.pop()
        last = self.lines[-1]
        self.lines[-1] = TextLine(last.start, last.end - 1, last.bbox, last.size)

    def result(self) -> PageText:
        text = "".join(self.parts)
        boxes = tuple(self.boxes) if self.boxes is not None else None
        return PageText(text, tuple(self.lines), boxes)


def _dehyphenates(before: str, after: str) -> bool:
    """Whether ``before`` ends in a hyphen that only breaks a word continued by ``after``."""
    if len(before) < 2 or before[-1] not in _HYPHENS or not before[-2].isalpha():
        return False
    if not after[0].islower():
        return False
    return not _reduplication(_last_word(before[:-1]), _first_word(after))


def _reduplication(first: str, second: str) -> bool:
    """Indonesian reduplication: anak-anak, sehari-hari, bermain-main, tolong-menolong."""
    first, second = first.lower(), second.lower()
    return (
        first == second
        or (len(second) >= 4 and first.endswith(second))
        or (len(first) >= 4 and second.endswith(first[-4:]))
    )


def _last_word(text: str) -> str:
    i = len(text)
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return text[i:]


def _first_word(text: str) -> str:
    i = 0
    while i < len(text) and text[i].isalpha():
        i += 1
    return text[:i]


def _line_separator(previous: _Line, line: _Line, right: float) -> str:
    """What joins two lines of one block: nothing, a space, or a line break."""
    if previous.text[-1] in _JOINERS and previous.text[-2:-1] not in ("", " "):
        return ""
    if _same_row(previous.bbox, line.bbox):
        return " "
    word = line.text.split(" ", 1)[0]
    char_width = (line.bbox[2] - line.bbox[0]) / len(line.text)
    if right - previous.bbox[2] > _FITS_MARGIN * char_width * (len(word) + 1) + 1.0:
        return LINE_BREAK
    return " "


def _same_row(a: Box, b: Box) -> bool:
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap > 0.5 * min(a[3] - a[1], b[3] - b[1])


# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageLayout:
    """A page's lines as read, before furniture is left out and text is built from them."""

    blocks: tuple[_Block, ...]
    width: float
    height: float
    with_boxes: bool

    def lines(self) -> list[tuple[str, Box]]:
        """(text, box) of every line, for finding the page's furniture."""
        return [(line.text, line.bbox) for block in self.blocks for line in block.lines]

    def text(self, skip: Sequence[Box] = ()) -> PageText:
        """The page's canonical text without the lines whose centre lies in a ``skip`` box."""
        blocks = self.blocks
        if skip:
            blocks = tuple(_without(block, skip) for block in blocks)
            blocks = tuple(block for block in blocks if block.lines)
        return _build(blocks, self.with_boxes)


def page_layout(page: pymupdf.Page, *, boxes: bool = True, rules: int = TEXT_RULES) -> PageLayout:
    """The lines of ``page`` by text ``rules`` (with every character's box when ``boxes``)."""
    crop = page.cropbox  # text coordinates are those of the unrotated page
    # The few pages with a line that may hold an accent to compose are read again as
    # "rawdict": reading both from one MuPDF text page costs every page more than that.
    detailed = functools.cache(lambda: page.get_text("rawdict", flags=TEXT_FLAGS))
    raw = detailed() if boxes else page.get_text("dict", flags=TEXT_FLAGS)
    blocks = tuple(_read_blocks(raw, boxes, rules, detailed))
    return PageLayout(blocks, crop.width, crop.height, boxes)


def layout_from_raw(
    raw: dict[str, Any], width: float, height: float, boxes: bool = True, rules: int = TEXT_RULES
) -> PageLayout:
    """The lines of a page of ``width`` × ``height`` points from its character data (PyMuPDF's
    "rawdict", or what OCR read on it: ``kutip.ingest.pdf.ocr``) by text ``rules``, with every
    character's box when ``boxes``."""
    return PageLayout(tuple(_read_blocks(raw, boxes, rules, lambda: raw)), width, height, boxes)


def page_text(
    page: pymupdf.Page,
    *,
    boxes: bool = True,
    skip: Sequence[Box] = (),
    rules: int = TEXT_RULES,
) -> PageText:
    """The canonical text of ``page`` by text ``rules``; with ``boxes``, also where each
    character is drawn.

    ``skip``: the boxes of the page's furniture (``Page.furniture``), left out of the text.
    """
    return page_layout(page, boxes=boxes, rules=rules).text(skip)


def _without(block: _Block, skip: Sequence[Box]) -> _Block:
    lines = [line for line in block.lines if not _skipped(line.bbox, skip)]
    if len(lines) == len(block.lines):
        return block
    bbox = _union(line.bbox for line in lines) or block.bbox
    return _Block(bbox, lines, block.upright)


def _build(blocks: Sequence[_Block], with_boxes: bool) -> PageText:
    upright = [b for b in blocks if b.upright]
    ordered = [upright[i] for i in reading_order([b.bbox for b in upright])]
    ordered += [b for b in blocks if not b.upright]
    builder = _Builder(with_boxes)
    for block in ordered:
        builder.add_block(block)
    return builder.result()


# --------------------------------------------------------------------------------------------
# Page breaks

#: Lines in the body's type size differ from it by at most this many points.
_SAME_SIZE = 0.6
#: A column's lines start within this many points of each other.
_SAME_COLUMN = 20.0
_SENTENCE_END = ".!?:;"


def page_join(before: PageText, after: PageText) -> tuple[str, bool]:
    """What joins two pages' texts — a blank line, a space or nothing — and whether ``before``'s
    last character, a hyphen breaking a word, is left out. See the module docstring."""
    if not before.lines or not after.lines:
        return PARAGRAPH_BREAK, False
    last, first = before.lines[-1], after.lines[0]
    last_text = before.text[last.start : last.end]
    first_text = after.text[first.start : first.end]
    if not last_text or not first_text:
        return PARAGRAPH_BREAK, False
    if (
        abs(last.size - _body_size(before)) > _SAME_SIZE
        or abs(first.size - _body_size(after)) > _SAME_SIZE
    ):
        return PARAGRAPH_BREAK, False
    if _dehyphenates(last_text, first_text):  # as within a page, a broken word says it all
        return "", True
    if (
        _stops_early(before, last, first_text, first)
        or _indented(after, first, first_text)
        or _heading(after, first, first_text)
    ):
        return PARAGRAPH_BREAK, False
    if last_text[-1] in _JOINERS and last_text[-2:-1] not in ("", " "):
        return "", False
    return " ", False


def _body_size(page: PageText) -> float:
    sizes: Counter[float] = Counter()
    for line in page.lines:
        sizes[round(line.size, 1)] += line.end - line.start
    return sizes.most_common(1)[0][0]


def _char_width(line: TextLine, text: str) -> float:
    return (line.bbox[2] - line.bbox[0]) / max(1, len(text))


def _stops_early(page: PageText, last: TextLine, next_text: str, next_line: TextLine) -> bool:
    """Whether the next page's first word would have fitted after the page's last line."""
    column = [
        ln.bbox[2]
        for ln in page.lines
        if abs(ln.bbox[0] - last.bbox[0]) < _SAME_COLUMN and abs(ln.size - last.size) < _SAME_SIZE
    ]
    if len(column) < 2:
        return True  # a line alone in its column: nothing tells whether it is full
    right = max(column)
    word = next_text.split(" ", 1)[0]
    char_width = _char_width(next_line, next_text)
    return right - last.bbox[2] > _FITS_MARGIN * char_width * (len(word) + 1) + 1.0


def _indented(page: PageText, first: TextLine, text: str) -> bool:
    """Whether the page's first line starts right of its column's other lines (a new paragraph)."""
    lefts = [
        ln.bbox[0]
        for ln in page.lines[1:]
        if first.bbox[0] - _SAME_COLUMN < ln.bbox[0] <= first.bbox[0] + 0.5
        and abs(ln.size - first.size) < _SAME_SIZE
    ]
    return bool(lefts) and first.bbox[0] - min(lefts) > 0.8 * _char_width(first, text)


def _heading(page: PageText, first: TextLine, text: str) -> bool:
    """Whether the page opens with a line of its own that reads as a heading."""
    after = page.text[first.end : first.end + 1]
    alone = after in ("", LINE_BREAK) or page.text.startswith(PARAGRAPH_BREAK, first.end)
    return alone and text[:1].isupper() and text[-1] not in _SENTENCE_END
