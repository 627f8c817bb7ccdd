"""Converting text positions between the core's code points and Qt's UTF-16 units.

The core counts Unicode code points (Python ``str`` indices); Qt's text classes count UTF-16
code units, in which every character outside the Basic Multilingual Plane (most emoji, some CJK,
historic scripts) takes two units. Combining marks are BMP characters and count one in both.
The two counts differ only by the number of astral characters before a position, so one sorted
list of their positions answers every conversion on a text in O(log n), and a text without
astral characters (the common case) converts for free.

This module is pure Python on purpose: it is the one place positions cross the widget boundary,
and it is tested without Qt.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

_BMP_LIMIT = 0xFFFF


class PositionMap:
    """Position conversions for one text; build it once and convert many positions."""

    __slots__ = ("_astral", "_astral_utf16", "_length", "_utf16_length")

    def __init__(self, text: str) -> None:
        # Code point index of every astral character, and where it starts in UTF-16 units
        # (its code point index plus the surrogate units of the astral characters before it).
        self._astral = [i for i, char in enumerate(text) if ord(char) > _BMP_LIMIT]
        self._astral_utf16 = [index + k for k, index in enumerate(self._astral)]
        self._length = len(text)
        self._utf16_length = len(text) + len(self._astral)

    @property
    def length(self) -> int:
        """The text's length in code points."""
        return self._length

    @property
    def utf16_length(self) -> int:
        """The text's length in UTF-16 units."""
        return self._utf16_length

    def to_utf16(self, position: int) -> int:
        """The UTF-16 offset of code point offset ``position`` (0 ≤ position ≤ length)."""
        if not 0 <= position <= self._length:
            raise ValueError(f"position {position} is outside the text (0–{self._length})")
        if not self._astral:
            return position
        return position + bisect_left(self._astral, position)

    def to_code_point(self, offset: int) -> int:
        """The code point offset of UTF-16 ``offset``.

        An offset between the two halves of a surrogate pair (which Qt should never give, but a
        stray one must not shift a coding) snaps back to the start of that character.
        """
        if not 0 <= offset <= self._utf16_length:
            raise ValueError(f"offset {offset} is outside the text (0–{self._utf16_length})")
        if not self._astral:
            return offset
        # Astral characters starting before ``offset``; each contributed one extra unit, except
        # one that ``offset`` splits, which is taken as not yet passed.
        before = bisect_right(self._astral_utf16, offset - 1)
        if before and self._astral_utf16[before - 1] == offset - 1:
            return self._astral[before - 1]
        return offset - before

    def range_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def range_to_code_points(self, start: int, end: int) -> tuple[int, int]:
        return self.to_code_point(start), self.to_code_point(end)
