"""Finding words in a source's text as a reader expects: any case, any accents, any spaces.

The find bar (``find_bar``) searches the text of whatever is in front — a transcript or a PDF's
stored page text — with this one function, in code points, so both find the same matches.
"Kampanye" finds "kampanye" and "KAMPANYE", "cafe" finds "café" (composed or not), and
"partisipasi politik" finds the two words across a line break of the PDF's text.

Pure Python (no Qt), so it is tested on its own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Characters outside ASCII; runs of ASCII between them fold in one step.
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
#: ASCII white space other than the space itself.
_ASCII_SPACE = str.maketrans("\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f", " " * 9)


def fold(text: str) -> str:
    """``text`` as matching compares it: case-folded, without accents, white space as spaces."""
    return FoldedText(text).folded


def _fold_char(char: str) -> str:
    if char.isspace():
        return " "
    bare = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return bare.casefold()


@dataclass
class FoldedText:
    """A text folded for matching, and where each folded character came from in it."""

    text: str
    folded: str = ""
    #: For each character of ``folded``, the index of the character of ``text`` it comes
    #: from; None when the two are the same length and aligned (all ASCII).
    origins: list[int] | None = None

    def __post_init__(self) -> None:
        text = self.text
        if text.isascii():
            self.folded = text.lower().translate(_ASCII_SPACE)
            return
        pieces: list[str] = []
        origins: list[int] = []
        done = 0
        for match in _NOT_ASCII.finditer(text):
            at = match.start()
            if at > done:
                pieces.append(text[done:at].lower().translate(_ASCII_SPACE))
                origins.extend(range(done, at))
            folded = _fold_char(text[at])
            pieces.append(folded)
            origins.extend([at] * len(folded))
            done = at + 1
        pieces.append(text[done:].lower().translate(_ASCII_SPACE))
        origins.extend(range(done, len(text)))
        self.folded = "".join(pieces)
        self.origins = origins

    def _origin(self, index: int) -> int:
        return index if self.origins is None else self.origins[index]

    def find_all(self, query: str, limit: int) -> tuple[list[tuple[int, int]], bool]:
        """Every occurrence of ``query`` (not overlapping), as ``[start, end)`` ranges of the
        text in code points, at most ``limit`` of them; and whether there were more."""
        wanted = fold(query)
        found: list[tuple[int, int]] = []
        if not wanted.strip():
            return found, False
        text, folded = self.text, self.folded
        at = folded.find(wanted)
        while at >= 0:
            if len(found) == limit:
                return found, True
            start = self._origin(at)
            end = self._origin(at + len(wanted) - 1) + 1
            # Marks that fold to nothing (an accent written apart) belong to the last letter.
            while end < len(text) and unicodedata.combining(text[end]):
                end += 1
            found.append((start, end))
            at = folded.find(wanted, at + len(wanted))
        return found, False
