"""Text ranges for coding, in code points: trimming a selection, moving a coding's ends by words,
naming an in-vivo code.

Pure Python (no Qt), so the rules are tested on their own and shared by the text and PDF views.
"""

from __future__ import annotations

#: In-vivo code names longer than this are cut at a word boundary and end in "…".
IN_VIVO_MAX = 60


def trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` without white space at either end; None if nothing else is in it.

    A selection dragged over a line end or up to the next word takes in spaces nobody meant
    to code; they would show as a highlight of nothing and count in the coding's extent.
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def next_word_end(text: str, position: int) -> int:
    """Where the word at or after ``position`` ends.

    A word is a run of characters other than white space, with its punctuation: "Jujur," and
    "calon-calon" are one word each, so a coding grows by what a reader sees as words.
    """
    n = len(text)
    i = position
    while i < n and text[i].isspace():
        i += 1
    while i < n and not text[i].isspace():
        i += 1
    return i


def previous_word_start(text: str, position: int) -> int:
    """Where the word at or before ``position`` starts (see ``next_word_end``)."""
    i = position
    while i > 0 and text[i - 1].isspace():
        i -= 1
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return i


def moved_range(text: str, start: int, end: int, edge: str, forward: bool) -> tuple[int, int]:
    """A coding's range with one end (``edge``: "start" or "end") moved by one word.

    The end moves to the end of the next word (or back to the end of the previous one), the
    start to the start of the previous word (or on to the start of the next one), so a range
    grows and shrinks by whole words and never becomes empty.
    """
    if edge == "end":
        if forward:
            return start, next_word_end(text, end)
        new_end = len(text[: previous_word_start(text, end)].rstrip())
        return (start, new_end) if new_end > start else (start, end)
    if edge != "start":
        raise ValueError(f"edge must be 'start' or 'end', not {edge!r}")
    if not forward:
        return previous_word_start(text, start), end
    new_start = next_word_end(text, start)
    while new_start < len(text) and text[new_start].isspace():
        new_start += 1
    return (new_start, end) if new_start < end else (start, end)


def in_vivo_name(text: str) -> str:
    """A code name made of the participant's own words: one line, at most ``IN_VIVO_MAX``."""
    name = " ".join(text.split()).strip(" \"'“”‘’«»")
    if len(name) <= IN_VIVO_MAX:
        return name
    cut = name[: IN_VIVO_MAX - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def scroll_to_show(low: float, high: float, size: int, current: int, pad: int = 8) -> int:
    """The scroll value that shows content span ``[low, high]`` in a view ``size`` long: the
    ``current`` one if the span is already in view, else one centring the span, or showing
    its start when it is longer than the view."""
    if current + pad <= low and high <= current + size - pad:
        return current
    if high - low <= size - 2 * pad:
        return round((low + high - size) / 2)
    return round(low - pad)
