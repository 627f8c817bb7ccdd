"""One line of a PDF page: its characters, as MuPDF lists them, made into canonical text.

Part of ``kutip.ingest.pdf.pagetext`` (whose docstring gives the decisions: ligatures,
whitespace, NFC, spacing accents), kept apart because it works on one line at a time and needs
no MuPDF. ``clean_line`` keeps the mapping exact: with boxes, ``text[i]`` of its result is drawn
at ``boxes[i]``.

Spacing accents (text rules 2, ``kutip.model.TEXT_RULES``): TeX with Type 1 fonts draws "ö" as
two glyphs, "¨" placed over "o", and MuPDF reports both, side by side in the text ("¨o" or
"o¨"). An accent is composed with a letter only when the geometry says it sits over (or under)
it: the two boxes overlap horizontally by at least half the narrower one, and neither is far
above the other. Which one comes first in the content stream does not matter. A real acute
typed between letters ("don´t") is drawn beside them, so it stays. The accent becomes the
combining mark after the letter (a dotless ı or ȷ under an accent becomes i or j), and NFC
makes one character of the two whose box is the union of theirs.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from kutip.model import TEXT_RULES

Box = tuple[float, float, float, float]

_ZERO_WIDTH = 1e-3

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_EXPAND = str.maketrans(_LIGATURES)
SOFT_HYPHEN = "\u00ad"
_DROPPED = frozenset("\u200b\u2060\ufeff")

#: Spacing accents, as fonts without accented letters draw them, and the combining mark each
#: is over a letter.
SPACING_ACCENTS = {
    "\u00a8": "\u0308",  # ¨ diaeresis
    "\u00b4": "\u0301",  # ´ acute
    "\u0060": "\u0300",  # ` grave
    "\u02c6": "\u0302",  # ˆ circumflex
    "\u005e": "\u0302",  # ^
    "\u02dc": "\u0303",  # ˜ tilde
    "\u007e": "\u0303",  # ~
    "\u00af": "\u0304",  # ¯ macron
    "\u02c9": "\u0304",  # ˉ modifier macron
    "\u02d8": "\u0306",  # ˘ breve
    "\u02d9": "\u0307",  # ˙ dot above
    "\u02da": "\u030a",  # ˚ ring
    "\u00b8": "\u0327",  # ¸ cedilla
    "\u02c7": "\u030c",  # ˇ caron
    "\u02dd": "\u030b",  # ˝ double acute
    "\u02db": "\u0328",  # ˛ ogonek
}
_ANY_ACCENT = re.compile("[" + re.escape("".join(SPACING_ACCENTS)) + "]")
_ACCENT_RUN = re.compile(_ANY_ACCENT.pattern + "+")
#: The accents drawn under a letter: a dotless ı keeps no dot for them.
_BELOW = frozenset("\u00b8\u02db")
_DOTTED = {"\u0131": "i", "\u0237": "j"}
#: An accent is over a letter when their boxes overlap horizontally by this share of the
#: narrower one.
_OVER = 0.5


def _whitespace_table() -> dict[int, str]:
    table = {code: " " for code in range(0x20)}
    table[0x7F] = " "
    for code in range(0x80, 0x3001):
        if unicodedata.category(chr(code)) in {"Zs", "Zl", "Zp", "Cc"}:
            table[code] = " "
    for code in range(0xD800, 0xE000):
        table[code] = "\ufffd"
    return table


_CLEAN = _whitespace_table()


@functools.cache
def _nfc_followers() -> frozenset[str]:
    """Characters of combining class 0 that NFC may still merge into the character before them.

    The second halves of canonical pairs (Indic vowel signs, for instance) and Hangul medial and
    final jamo. Computed from the running Python's Unicode database, once, when first needed.
    """
    found = {chr(code) for code in (*range(0x1161, 0x1176), *range(0x11A8, 0x11C3))}
    for code in range(0x110000):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition and decomposition[0] != "<" and " " in decomposition:
            second = chr(int(decomposition.split()[1], 16))
            if not unicodedata.combining(second):
                found.add(second)
    return frozenset(found)


def union(boxes: Iterable[Box]) -> Box | None:
    """The smallest box holding all of ``boxes``; None for none."""
    x0 = y0 = float("inf")
    x1 = y1 = float("-inf")
    for b in boxes:
        x0, y0, x1, y1 = min(x0, b[0]), min(y0, b[1]), max(x1, b[2]), max(y1, b[3])
    return None if x0 == float("inf") else (x0, y0, x1, y1)


def may_compose(text: str) -> bool:
    """Whether a line reading ``text`` may hold an accent to compose with a letter: a spacing
    accent next to a letter (past other accents). Only the boxes can tell whether it does."""
    if text.isascii():  # most lines: three quick looks
        if "^" not in text and "~" not in text and "`" not in text:
            return False
    elif _ANY_ACCENT.search(text) is None:
        return False
    return any(_letters_beside(text, run) != (None, None) for run in _ACCENT_RUN.finditer(text))


def clean_line(
    text: str, boxes: list[Box] | None, rules: int = TEXT_RULES
) -> tuple[str, list[Box] | None]:
    """A line's characters as canonical text; boxes follow the characters they came from.

    Accents are composed (``rules`` 2 and later) only with ``boxes``: the caller reads the
    characters' boxes of any line ``may_compose`` finds something in.
    """
    if boxes is not None:
        if rules >= 2 and _ANY_ACCENT.search(text):
            text, boxes = _compose_accents(text, boxes)
        boxes = _spread_zero_width(text, boxes)
    if (
        text.isascii()
        and text.isprintable()
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
    ):
        return text, boxes
    units = _units(text.translate(_CLEAN))
    clean = "".join(piece for piece, _, _ in units)
    if boxes is None:
        return clean, None
    out: list[Box] = []
    for piece, start, end in units:
        joined = union(boxes[start:end])
        assert joined is not None
        out.extend(_split(joined, len(piece)))
    return clean, out


def _units(text: str) -> list[tuple[str, int, int]]:
    """``text`` as (output, source start, source end) pieces: the edits of ``clean_line``."""
    units: list[tuple[str, int, int]] = []
    needs_nfc = not unicodedata.is_normalized("NFC", text.translate(_EXPAND))
    followers = _nfc_followers() if needs_nfc else frozenset()
    last = len(text.rstrip(" ")) - 1
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == " ":
            j = i + 1
            while j < n and text[j] == " ":
                j += 1
            if units and j < n:
                units.append((" ", i, j))
            i = j
            continue
        if char in _DROPPED or (char == SOFT_HYPHEN and i != last):
            i += 1
            continue
        if char == SOFT_HYPHEN:
            units.append(("-", i, i + 1))
            i += 1
            continue
        j = i + 1
        if needs_nfc:
            while j < n and (unicodedata.combining(text[j]) or text[j] in followers):
                j += 1
        piece = _LIGATURES.get(char, char) + text[i + 1 : j]
        if needs_nfc and not unicodedata.is_normalized("NFC", piece):
            piece = unicodedata.normalize("NFC", piece)
        units.append((piece, i, j))
        i = j
    return units


def _split(box: Box, parts: int) -> list[Box]:
    if parts == 1:
        return [box]
    x0, y0, x1, y1 = box
    step = (x1 - x0) / parts
    return [(x0 + k * step, y0, x0 + (k + 1) * step, y1) for k in range(parts)]


def _spread_zero_width(text: str, boxes: list[Box]) -> list[Box]:
    """Share a glyph's box among the zero-width letters MuPDF reports after it (ﬃ → f, f, i)."""
    if not any(b[2] - b[0] < _ZERO_WIDTH for b in boxes):
        return boxes
    out = list(boxes)
    i, n = 0, len(boxes)
    while i < n:
        j = i + 1
        while (
            j < n
            and boxes[j][2] - boxes[j][0] < _ZERO_WIDTH
            and abs(boxes[j][0] - boxes[i][2]) < 0.5
            and not unicodedata.combining(text[j])
        ):
            j += 1
        if j - i > 1 and boxes[i][2] - boxes[i][0] >= _ZERO_WIDTH:
            out[i:j] = _split(boxes[i], j - i)
        i = j
    return out


# --------------------------------------------------------------------------------------------
# Spacing accents


def _compose_accents(text: str, boxes: list[Box]) -> tuple[str, list[Box]]:
    """Each spacing accent drawn over (or under) a letter next to it in the line, as the
    combining mark after that letter, with the accent's box; other characters as they were."""
    marks: dict[int, list[int]] = {}  # letter index → indices of the accents over it
    for run in _ACCENT_RUN.finditer(text):  # a run of accents, between two letters or not
        beside = _letters_beside(text, run)
        for i in range(run.start(), run.end()):
            letter = _letter_under(boxes, i, beside)
            if letter is not None:
                marks.setdefault(letter, []).append(i)
    if not marks:
        return text, boxes
    placed = {i for accents in marks.values() for i in accents}
    chars: list[str] = []
    out: list[Box] = []
    for i, char in enumerate(text):
        if i in placed:
            continue
        accents = marks.get(i, ())
        if char in _DOTTED and any(text[a] not in _BELOW for a in accents):
            char = _DOTTED[char]
        chars.append(char)
        out.append(boxes[i])
        for a in accents:
            chars.append(SPACING_ACCENTS[text[a]])
            out.append(boxes[a])
    return "".join(chars), out


def _letters_beside(text: str, run: re.Match[str]) -> tuple[int | None, int | None]:
    """The indices of the letters just before and just after a run of accents (None: not a
    letter there)."""
    before, after = run.start() - 1, run.end()
    return (
        before if before >= 0 and text[before].isalpha() else None,
        after if after < len(text) and text[after].isalpha() else None,
    )


def _letter_under(
    boxes: list[Box], accent: int, beside: tuple[int | None, int | None]
) -> int | None:
    """Which of the letters ``beside`` the accent's run the accent at ``accent`` is drawn over
    or under: the one it overlaps most if both qualify; None if neither does."""
    best: int | None = None
    best_overlap = 0.0
    for letter in beside:
        if letter is None:
            continue
        overlap = _over(boxes[accent], boxes[letter])
        if overlap > best_overlap:
            best, best_overlap = letter, overlap
    return best


def _over(accent: Box, letter: Box) -> float:
    """How much of the narrower of the two boxes their horizontal overlap is (0 to 1), if the
    accent is near enough above or below the letter to belong to it; else 0."""
    height = letter[3] - letter[1]
    if max(accent[1] - letter[3], letter[1] - accent[3]) > height:
        return 0.0  # a line apart
    narrower = min(accent[2] - accent[0], letter[2] - letter[0])
    if narrower < _ZERO_WIDTH:  # a zero-width glyph: over the letter if its x is inside it
        centre = (accent[0] + accent[2]) / 2
        return 1.0 if letter[0] <= centre < letter[2] else 0.0
    share = (min(accent[2], letter[2]) - max(accent[0], letter[0])) / narrower
    return share if share >= _OVER else 0.0
