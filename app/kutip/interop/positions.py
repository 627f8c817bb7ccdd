"""Where a REFI-QDA selection's positions land in Kutip's text, whoever counted them.

The standard counts ``startPosition``/``endPosition`` in Unicode code points from 0, end
exclusive, in the text of the source's plain-text file. Kutip counts code points too, but in
its canonical text (NFC, ``\\n`` line ends), so a file with CRLF line ends or decomposed accents
has its positions moved onto the canonical text (``ExchangeText``). And not every tool counts as
the standard says: NVivo for Windows counts UTF-16 code units (an emoji is two), with CRLF as two
and the BOM not counted. Four ways of counting are known (``Counting``); which one a file used
is decided once per file, from every selection in it (``detect_counting``):

1. A way of counting that puts a selection outside its text, or its end before its start, is
   wrong; the one with the fewest such selections wins.
2. Where selections carry their coded text in ``name`` (QualCoder, ATLAS.ti, Kutip), the way
   under which most names equal the text they select wins. Tools that truncate long names
   ("For some reason babies…") are matched by the prefix.
3. Otherwise people select whole words, sentences and lines: the way under which most starts
   and ends fall on word boundaries wins. On NVivo's oltas0517 sample, 274 of 303 selections
   are whole lines under UTF-16 counting and 14 under code points.
4. A tie goes to the standard, unless the file says it comes from NVivo.

All four agree on a text without CR and without characters beyond U+FFFF, so such files are
never in doubt.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from kutip.i18n import N_, _
from kutip.ingest.text import canonical_text

#: What Kutip's canonical text turns into a plain ``\n``.
_LINE_BREAK = re.compile("\r\n|[\r\u2028\u2029\u0085]")
#: Pieces that normalise on their own: a line break, or an ASCII character with the non-ASCII
#: characters after it (no composition reaches back across an ASCII character), or a run of
#: non-ASCII characters at the very start or after a line break.
_PIECE = re.compile(
    "\r\n|[\r\u2028\u2029\u0085]"
    "|[\x00-\x0c\x0e-\x7f][^\x00-\x7f\u2028\u2029\u0085]*"
    "|[^\x00-\x7f\u2028\u2029\u0085]+"
)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_WHITESPACE = re.compile(r"\s+")
_ELLIPSES = ("…", "...")
#: A name at least this long that begins the selected text is taken as a truncated copy of it.
_MIN_TRUNCATED_NAME = 30


class Counting(StrEnum):
    """How a tool counted positions in a plain-text file."""

    CODE_POINTS = "code-points"  # the standard (and QualCoder, ATLAS.ti, Kutip)
    CODE_POINTS_LF = "code-points-lf"  # code points, CRLF counted as one
    UTF16 = "utf-16"  # NVivo for Windows: UTF-16 code units, CRLF as two, BOM not counted
    UTF16_LF = "utf-16-lf"  # UTF-16 code units, CRLF counted as one

    def describe(self) -> str:
        """The way of counting, for the import report."""
        return _(_DESCRIPTIONS[self])


_DESCRIPTIONS = {
    Counting.CODE_POINTS: N_("characters (Unicode code points), as the standard says"),
    Counting.CODE_POINTS_LF: N_("characters (Unicode code points), a line end counted as one"),
    Counting.UTF16: N_("UTF-16 code units, as NVivo for Windows counts them"),
    Counting.UTF16_LF: N_("UTF-16 code units, a line end counted as one"),
}


class ExchangeText:
    """A source's text as an exchange file holds it, and how its positions map to Kutip's.

    ``raw`` is the decoded file (BOM removed) or the ``PlainTextContent``; ``canonical`` is
    Kutip's form of it. ``canonical_position`` turns a position counted in any ``Counting``
    into an offset of ``canonical``.
    """

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self._crlf = [m.start() for m in re.finditer("\r\n", raw)]
        self._astral = [m.start() for m in _ASTRAL.finditer(raw)]
        lf_text = _LINE_BREAK.sub("\n", raw)
        self._general_map: array[int] | None = None
        if unicodedata.is_normalized("NFC", lf_text):
            self.canonical = lf_text
        else:
            self.canonical, self._general_map = _piecewise_map(raw)
        # Where each CRLF's LF sits once CRLF counts as one; where each astral character
        # starts in UTF-16 units, with CRLF as two and as one.
        self._crlf_lf = [c - k for k, c in enumerate(self._crlf)]
        self._astral_utf16 = [a + k for k, a in enumerate(self._astral)]
        self._astral_lf_utf16 = [
            a - bisect_left(self._crlf, a) + k for k, a in enumerate(self._astral)
        ]

    @property
    def ambiguous(self) -> bool:
        """True when the ways of counting disagree somewhere in this text."""
        return bool(self._crlf or self._astral)

    def length(self, counting: Counting) -> int:
        """The text's length counted the way ``counting`` counts."""
        length = len(self.raw)
        if counting in (Counting.CODE_POINTS_LF, Counting.UTF16_LF):
            length -= len(self._crlf)
        if counting in (Counting.UTF16, Counting.UTF16_LF):
            length += len(self._astral)
        return length

    def canonical_position(self, value: int, counting: Counting, *, end: bool) -> int | None:
        """The canonical offset of position ``value``, or None when it is outside the text.

        A position inside a surrogate pair (UTF-16) or inside a CRLF moves to the character's
        start for a start position and past it for an end position.
        """
        if not 0 <= value <= self.length(counting):
            return None
        if counting is Counting.CODE_POINTS:
            raw = value
        elif counting is Counting.CODE_POINTS_LF:
            raw = _lf_to_raw(self._crlf_lf, value)
        elif counting is Counting.UTF16:
            raw = _utf16_to_code_points(self._astral_utf16, value, end=end)
        else:
            lf = _utf16_to_code_points(self._astral_lf_utf16, value, end=end)
            raw = _lf_to_raw(self._crlf_lf, lf)
        return self._raw_to_canonical(raw)

    def _raw_to_canonical(self, raw: int) -> int:
        if self._general_map is not None:
            return self._general_map[raw]
        # Only CRLFs change length: each one before ``raw`` takes one away; a position between
        # CR and LF is the position before the line break.
        return raw - bisect_left(self._crlf, raw)


def _lf_to_raw(crlf_lf: Sequence[int], position: int) -> int:
    """A position counted with CRLF as one, as a position in the raw text (before the CR)."""
    return position + bisect_left(crlf_lf, position)


def _utf16_to_code_points(astral_starts: Sequence[int], units: int, *, end: bool) -> int:
    """A UTF-16 position as a code-point position, given the UTF-16 offsets where the astral
    characters (two units each) start."""
    before = bisect_left(astral_starts, units)  # astral characters starting before ``units``
    if before and units == astral_starts[before - 1] + 1:  # between the halves of a pair
        code_point = astral_starts[before - 1] - (before - 1)
        return code_point + (1 if end else 0)
    return units - before


def _piecewise_map(raw: str) -> tuple[str, array[int]]:
    """The canonical text of ``raw`` and, for every raw offset, its canonical offset.

    Used when normalisation changes the text's length beyond its line ends (decomposed
    accents): each piece is normalised alone, which composes exactly as the whole text does.
    """
    pieces: list[str] = []
    mapping = array("q")
    at = 0
    for match in _PIECE.finditer(raw):
        piece = match.group()
        canonical = "\n" if _LINE_BREAK.fullmatch(piece) else unicodedata.normalize("NFC", piece)
        for inner in range(len(piece)):
            # Inside a piece whose length changed, offsets shrink in proportion.
            mapping.append(at + inner * len(canonical) // len(piece))
        pieces.append(canonical)
        at += len(canonical)
    mapping.append(at)
    text = "".join(pieces)
    if text != canonical_text(raw):  # cannot happen for valid Unicode; never trust offsets then
        text = canonical_text(raw)
        mapping = array("q", (min(i, len(text)) for i in range(len(raw) + 1)))
    return text, mapping


# --- deciding how a file counted --------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """A selection as an exchange file gives it: its text, its positions and its name."""

    text: ExchangeText
    start: int
    end: int
    name: str


@dataclass(frozen=True)
class CountingDecision:
    counting: Counting
    #: True when most named selections' names are the text they select: names that differ from
    #: their text are then worth reporting.
    names_are_text: bool


def detect_counting(selections: Iterable[Placed], *, nvivo: bool = False) -> CountingDecision:
    """How the file counted its selections' positions (see the module docstring)."""
    placed = list(selections)
    order = list(Counting)
    if nvivo:
        order.remove(Counting.UTF16)
        order.insert(0, Counting.UTF16)
    if not any(p.text.ambiguous for p in placed):
        return CountingDecision(order[0], _names_are_text(placed, order[0]))

    def score(counting: Counting) -> tuple[int, int, int, int]:
        outside = named = on_boundaries = 0
        for p in placed:
            span = canonical_span(p, counting)
            if span is None:
                outside += 1
                continue
            text = p.text.canonical
            named += bool(p.name) and name_matches(p.name, text[span[0] : span[1]])
            on_boundaries += _on_word_boundary(text, span[0]) + _on_word_boundary(text, span[1])
        return (-outside, named, on_boundaries, -order.index(counting))

    best = max(order, key=score)
    return CountingDecision(best, _names_are_text(placed, best))


def canonical_span(placed: Placed, counting: Counting) -> tuple[int, int] | None:
    """The canonical range a selection covers, or None when it is outside or reversed."""
    start = placed.text.canonical_position(placed.start, counting, end=False)
    end = placed.text.canonical_position(placed.end, counting, end=True)
    if start is None or end is None or end < start:
        return None
    return start, end


def _names_are_text(placed: Sequence[Placed], counting: Counting) -> bool:
    named = [p for p in placed if p.name]
    if not named:
        return False
    hits = 0
    for p in named:
        span = canonical_span(p, counting)
        hits += span is not None and name_matches(p.name, p.text.canonical[span[0] : span[1]])
    return hits * 2 >= len(named)


def name_matches(name: str, text: str) -> bool:
    """True when a selection's name is the text it selects (maybe truncated, white space aside)."""
    wanted, got = _squeeze(name), _squeeze(text)
    if not wanted:
        return False
    if wanted == got:
        return True
    for ellipsis in _ELLIPSES:
        if wanted.endswith(ellipsis):
            prefix = wanted[: -len(ellipsis)].rstrip()
            return bool(prefix) and got.startswith(prefix)
    return len(wanted) >= _MIN_TRUNCATED_NAME and got.startswith(wanted)


def _squeeze(text: str) -> str:
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _on_word_boundary(text: str, offset: int) -> bool:
    """True unless ``offset`` falls between two letters or digits."""
    if offset <= 0 or offset >= len(text):
        return True
    return not (text[offset - 1].isalnum() and text[offset].isalnum())


# --- a PDF's text as another tool extracted it, onto Kutip's ----------------------------------


class TextAligner:
    """Maps offsets of one extraction of a document's text onto another's.

    A PDF's ``Representation`` is the text the exporting tool extracted; Kutip extracts its own
    (the PDF view depends on it). The two usually differ only in white space, so offsets are
    carried over through the non-space characters; where more differs, a selection's text is
    looked for in Kutip's text, nearest to where it should be.
    """

    def __init__(self, theirs: str, ours: str) -> None:
        self.theirs, self.ours = theirs, ours
        self.identical = theirs == ours
        if not self.identical:
            self._their_index = [i for i, c in enumerate(theirs) if not c.isspace()]
            self._our_index = [i for i, c in enumerate(ours) if not c.isspace()]
            self._their_skeleton = "".join(theirs[i] for i in self._their_index)
            self._our_skeleton = "".join(ours[i] for i in self._our_index)

    def map(self, start: int, end: int) -> tuple[int, int] | None:
        """Our range for their ``[start, end)``, or None when their text is not found in ours."""
        if self.identical:
            return start, end
        first = bisect_left(self._their_index, start)
        last = bisect_left(self._their_index, end)  # one past the last non-space character
        if first >= last:
            return None
        if self._their_skeleton == self._our_skeleton:
            return self._our_index[first], self._our_index[last - 1] + 1
        wanted = self._their_skeleton[first:last]
        expected = first * len(self._our_skeleton) // max(len(self._their_skeleton), 1)
        found = _nearest(self._our_skeleton, wanted, expected)
        if found is None:
            return None
        return self._our_index[found], self._our_index[found + len(wanted) - 1] + 1


def _nearest(haystack: str, needle: str, near: int) -> int | None:
    best: int | None = None
    at = haystack.find(needle)
    while at != -1:
        if best is None or abs(at - near) < abs(best - near):
            best = at
        at = haystack.find(needle, at + 1)
    return best
