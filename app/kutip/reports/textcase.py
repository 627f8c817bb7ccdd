"""Sentence case and title case of reference titles, the way Pandoc and citeproc do them.

CSL styles expect titles in sentence case ("Hoaxes on TikTok: How first-time voters judge
political videos") and turn them into title case where a style wants it (Chicago). A BibTeX
file holds them in title case with the words whose capitals must stay in braces
(``{TikTok}``, ``{Indonesia}``). Pandoc's reader converts one into the other; Kutip does the
same, so that its own reports and ``pandoc --citeproc`` on its exported ``.bib`` agree.

A title is read as *chunks*: runs of letters and digits, runs of white space, and single
other characters. A word is **capitalised** when its first letter is upper case and every
other letter lower case ("Media", "A"); a word with other capitals ("TikTok", "COVID",
"IndoBERT") is never changed, nor is any chunk inside a *protected* phrase.

* **Sentence case**: a capitalised word becomes lower case, except the first word of the title
  and the first after ``. ? ! :`` (a subtitle); a lower-case word there is capitalised.
* **Title case** (CSL 1.0.2): a lower-case word is capitalised, except a stop word that is
  neither first, nor last, nor after ``. ? ! :``; ``-`` and ``/`` separate words
  ("First-Time").
* **Already sentence case**: Zotero stores titles in sentence case, and there the capitals that
  remain are names. A title whose longer words (four or more letters, not stop words, not at a
  sentence start) are mostly lower case is taken to be in sentence case already: its capitals
  are kept (``protected_capitals``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

#: CSL 1.0.2's stop words: left lower case inside a title by title case.
STOP_WORDS = frozenset(
    "a an and as at but by down for from in into nor of on onto or over so the till to up via "
    "with yet".split()
)
_CHUNK = re.compile(r"[^\W_]+|\s+|[\W_]")
_SENTENCE_END = frozenset(".?!:")
_WORD_BREAK = frozenset("-/\u2013\u2014")
_LONG_WORD = 4


def is_capitalised(word: str) -> bool:
    """First letter upper case, every other letter lower case: "Media", "A", "Covid19"."""
    return word[:1].isupper() and not any(c.isupper() for c in word[1:])


def _protected(text: str, phrases: Iterable[str]) -> list[bool]:
    """For each character of ``text``: is it inside one of ``phrases`` (as whole words)?"""
    mask = [False] * len(text)
    for phrase in phrases:
        if phrase.strip():
            pattern = r"(?<!\w)" + re.escape(phrase) + r"(?!\w)"
            for match in re.finditer(pattern, text):
                mask[match.start() : match.end()] = [True] * (match.end() - match.start())
    return mask


def _words(text: str, protected: Sequence[str]) -> Iterator[tuple[int, str, bool, bool]]:
    """(start, chunk, is a word, starts a sentence) for every chunk; protected words are
    reported as not words, so that nothing changes them."""
    mask = _protected(text, protected)
    at_start = True  # the title's first word, or the first after ". " or ": "
    after_end = False
    for match in _CHUNK.finditer(text):
        chunk, start = match.group(), match.start()
        if chunk[0].isalnum():
            yield start, chunk, not any(mask[start : match.end()]), at_start
            at_start = after_end = False
        else:
            yield start, chunk, False, False
            if chunk.isspace():
                at_start = at_start or after_end
            else:
                after_end = chunk in _SENTENCE_END
                at_start = at_start and not after_end and chunk in "\"'“‘(["


def sentence_case(text: str, protected: Sequence[str] = ()) -> str:
    """``text`` in sentence case: "Hoaxes on TikTok: How First-Time Voters Judge Videos" →
    "Hoaxes on TikTok: How first-time voters judge videos"."""
    out: list[str] = []
    for _start, chunk, word, at_start in _words(text, protected):
        if word:
            if at_start and (is_capitalised(chunk) or chunk.islower()):
                chunk = chunk[0].upper() + chunk[1:]
            elif not at_start and is_capitalised(chunk):
                chunk = chunk.lower()
        out.append(chunk)
    return "".join(out)


def title_case(text: str, protected: Sequence[str] = ()) -> str:
    """``text`` in CSL title case: "Hoaxes on TikTok: How first-time voters judge videos" →
    "Hoaxes on TikTok: How First-Time Voters Judge Videos"."""
    chunks = list(_words(text, protected))
    last_word = max((i for i, c in enumerate(chunks) if c[1][0].isalnum()), default=-1)
    out: list[str] = []
    for index, (_start, chunk, word, at_start) in enumerate(chunks):
        capitalise = at_start or index == last_word or chunk not in STOP_WORDS
        if word and chunk.islower() and capitalise:
            chunk = chunk[0].upper() + chunk[1:]
        out.append(chunk)
    return "".join(out)


def looks_sentence_cased(text: str, protected: Sequence[str] = ()) -> bool:
    """True when most of the title's longer words start lower case: it is in sentence case."""
    lower = upper = 0
    for _start, chunk, word, at_start in _words(text, protected):
        if word and not at_start and chunk.isalpha() and len(chunk) >= _LONG_WORD:
            if chunk.lower() in STOP_WORDS:
                continue
            if chunk.islower():
                lower += 1
            elif is_capitalised(chunk):
                upper += 1
    return lower > upper


def protected_capitals(text: str, protected: Sequence[str] = ()) -> list[str]:
    """The capitalised words of a title (not at a sentence start, not protected already): the
    names of a title written in sentence case."""
    return [
        chunk
        for _start, chunk, word, at_start in _words(text, protected)
        if word and not at_start and is_capitalised(chunk)
    ]


def capitalise_first(text: str) -> str:
    """The first letter upper case ("how first-time voters" → "How first-time voters")."""
    for index, char in enumerate(text):
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1 :]
    return text
