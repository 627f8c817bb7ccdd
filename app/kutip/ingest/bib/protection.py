"""Which words of a reference's titles keep their capitals: the BibTeX braces.

In BibTeX a title is written in title case, and the words whose capitals must survive a
style that lowers the case are braced: ``{TikTok}``, ``{Southeast Asia}``. Styles that print
titles in sentence case (APA, Harvard, IEEE) keep them; the others (Chicago) title-case the
rest. Kutip records these *protected phrases* per title field when it reads a ``.bib`` file
(``protected_fields``), for a project made before it did from the entry's original text
(``protected_in_original``), and the reference editor and ``kutip reference --set`` accept
them typed the same way (``split_braces``/``with_braces``).

A brace group counts when it holds a word; a group that is only an accent or a command
(``{\\"u}``, ``{\\'\\i}``) protects nothing a user meant to protect.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from kutip.model import BibEntry

#: The fields whose case styles change, and so whose braces mean something.
TITLE_FIELDS = frozenset(
    {
        "title",
        "subtitle",
        "titleaddon",
        "booktitle",
        "booksubtitle",
        "maintitle",
        "mainsubtitle",
        "series",
        "shorttitle",
        "eventtitle",
    }
)


def _groups(text: str, escape: bool) -> Iterable[tuple[int, int]]:
    """(start, end) of the top-level ``{…}`` groups of ``text`` (their contents' span).
    ``escape``: a backslash escapes the next character (LaTeX), else braces are plain."""
    depth = start = 0
    index = 0
    while index < len(text):
        char = text[index]
        if escape and char == "\\":
            index += 2
            continue
        if char == "{":
            if depth == 0:
                start = index + 1
            depth += 1
        elif char == "}" and depth:
            depth -= 1
            if depth == 0:
                yield start, index
        index += 1


def braced_phrases(latex: str) -> tuple[str, ...]:
    """The phrases a LaTeX field value protects with braces, decoded to Unicode."""
    from kutip.ingest.bib.bibtex import latex_to_unicode

    phrases: list[str] = []
    for start, end in _groups(latex, escape=True):
        inner = latex[start:end]
        if inner.lstrip().startswith("\\"):
            continue  # an accent or a command: {\"u}, {\'\i}, {\emph …}
        phrase = " ".join(latex_to_unicode(inner).split())
        if any(char.isalpha() for char in phrase) and phrase not in phrases:
            phrases.append(phrase)
    return tuple(phrases)


def protected_fields(latex_fields: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """The protected phrases of an entry's title fields, from their LaTeX values."""
    found: dict[str, tuple[str, ...]] = {}
    for key, value in latex_fields.items():
        if key in TITLE_FIELDS and "{" in value:
            phrases = braced_phrases(value)
            if phrases:
                found[key] = phrases
    return found


def protected_in_original(original: str) -> dict[str, tuple[str, ...]]:
    """The protected phrases of a stored BibTeX entry's text (nothing for an RIS record)."""
    if not original.lstrip().startswith("@") or "{" not in original:
        return {}
    from bibtexparser import model, parse_string

    from kutip.ingest.bib.bibtex import evaluate_value

    library = parse_string(original, parse_stack=[])
    for block in library.blocks:
        if isinstance(block, model.Entry):
            values = {f.key.lower(): evaluate_value(str(f.value), {}) for f in block.fields}
            return protected_fields(values)
    return {}


def entry_protection(entry: BibEntry) -> dict[str, tuple[str, ...]]:
    """A reference's protected phrases: as recorded, else (an older project) its original's."""
    if entry.protected is not None:
        return dict(entry.protected)
    return protected_in_original(entry.original)


_BRACE = re.compile(r"[{}]")


def split_braces(text: str) -> tuple[str, tuple[str, ...]]:
    """A title as typed with braces → (the title, its protected phrases):
    ``"Hoaxes on {TikTok}"`` → ``("Hoaxes on TikTok", ("TikTok",))``."""
    phrases: list[str] = []
    for start, end in _groups(text, escape=False):
        phrase = " ".join(_BRACE.sub("", text[start:end]).split())
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    return " ".join(_BRACE.sub("", text).split()), tuple(phrases)


def with_braces(text: str, phrases: Iterable[str]) -> str:
    """A title with its protected phrases braced, for editing: the inverse of ``split_braces``."""
    marked = [False] * len(text)
    starts: set[int] = set()
    for phrase in sorted(set(phrases), key=len, reverse=True):
        for match in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text):
            if not any(marked[match.start() : match.end()]):
                marked[match.start() : match.end()] = [True] * len(phrase)
                starts.add(match.start())
    out: list[str] = []
    for index, char in enumerate(text):
        if index in starts:
            out.append("{")
        out.append(char)
        if marked[index] and (
            index + 1 == len(text) or not marked[index + 1] or index + 1 in starts
        ):
            out.append("}")
    return "".join(out)
