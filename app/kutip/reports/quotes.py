"""A coded range as a quotation: whole words, one line, no hyphenation left over.

A coder drags over a passage and rarely lands exactly on word boundaries; a report must not
print "ampanye politik di medi". So the range is widened to whole words at both edges (only
when it cuts into a word: a range that starts or ends at a word boundary is kept).

PDF text is already de-hyphenated when it is imported (``kutip.ingest.pdf.pagetext`` drops a
line-end hyphen that only breaks a word), but text sources may still carry soft hyphens
(U+00AD) or a word broken at a line end ("kam-\\npanye"): those are joined here. Indonesian
reduplication ("anak-\\nanak", "sehari-\\nhari") keeps its hyphen, as in ingest.pdf.pagetext.
Whitespace, line breaks included, is collapsed to single spaces: a quote is one paragraph.
"""

from __future__ import annotations

import re

_SOFT_HYPHEN = "\u00ad"
#: A soft hyphen at a line end: the word goes on, without a space, on the next line.
_SOFT_BREAK = re.compile("\u00ad[ \t]*\n\\s*")
#: A letter or digit, then a hyphen at a line end: a word broken across lines ("kam-" /
#: "panye") or a compound that goes on on the next line ("COVID-" / "19").
_BROKEN = re.compile(r"(?<=[^\W_])([-\u2010])[ \t]*\n\s*(?=\S)")


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == _SOFT_HYPHEN


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened so that it does not cut a word at either edge."""
    if start >= end:
        return start, end
    while start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        start -= 1
    n = len(text)
    while end < n and _is_word_char(text[end - 1]) and _is_word_char(text[end]):
        end += 1
    return start, end


def _join_broken(match: re.Match[str]) -> str:
    """Drop the hyphen of a broken word; keep it (without the line break) otherwise."""
    text = match.string
    before = _word_before(text, match.start())
    after = _word_after(text, match.end())
    if before and after[:1].islower() and not _reduplication(before, after):
        return ""
    return match.group(1)


def _word_before(text: str, index: int) -> str:
    i = index
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return text[i:index]


def _word_after(text: str, index: int) -> str:
    j = index
    while j < len(text) and text[j].isalpha():
        j += 1
    return text[index:j]


def _reduplication(first: str, second: str) -> bool:
    """anak-anak, sehari-hari, bermain-main, tolong-menolong (as ingest.pdf.pagetext decides it)."""
    first, second = first.lower(), second.lower()
    return (
        first == second
        or (len(second) >= 4 and first.endswith(second))
        or (len(first) >= 4 and second.endswith(first[-4:]))
    )


def clean_quote(raw: str) -> str:
    """Quote text: soft hyphens dropped, broken words joined, whitespace collapsed."""
    text = _SOFT_BREAK.sub("", raw).replace(_SOFT_HYPHEN, "")
    if "\n" in text:
        text = _BROKEN.sub(_join_broken, text)
    return " ".join(text.split())


def quote_text(text: str, start: int, end: int) -> str:
    """The quotation for ``text[start:end]``: whole words, cleaned."""
    start, end = whole_words(text, start, end)
    return clean_quote(text[start:end])
