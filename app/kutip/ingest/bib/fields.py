"""The parts of a BibTeX entry that need more than decoding: names, year, DOI, citation keys."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from kutip.ingest.bib.latex import find_closing, latex_to_unicode

# --------------------------------------------------------------------------------------------
# Names


@dataclass(frozen=True)
class Person:
    """One author or editor. A corporate author has only a family name."""

    family: str
    given: str = ""
    suffix: str = ""  # "Jr.", "III"

    @property
    def is_others(self) -> bool:
        """The ``and others`` at the end of a truncated name list ("et al.")."""
        return self.family == "others" and not self.given

    def __str__(self) -> str:
        """The BibTeX form ``Family, Suffix, Given`` (also the form the store keeps)."""
        return ", ".join(part for part in (self.family, self.suffix, self.given) if part)


#: Stands for BibTeX's ``and others``: more names follow that the export left out.
OTHERS = Person("others")


def _depth_zero_split(text: str, separator: re.Pattern[str]) -> list[str]:
    """``text`` split at the matches of ``separator`` that are outside braces."""
    if "{" not in text:
        return separator.split(text)
    depth_at: list[int] = []
    depth = 0
    previous = ""
    for char in text:
        if char == "{" and previous != "\\":
            depth += 1
        elif char == "}" and previous != "\\":
            depth = max(depth - 1, 0)
        depth_at.append(depth)
        previous = char
    pieces: list[str] = []
    start = 0
    for match in separator.finditer(text):
        if depth_at[match.start()] == 0 and match.start() >= start:
            pieces.append(text[start : match.start()])
            start = match.end()
    pieces.append(text[start:])
    return pieces


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_COMMA = re.compile(r",")
_WORD_GAP = re.compile(r"[\s~]+")


def _fully_braced(text: str) -> bool:
    return text.startswith("{") and find_closing(text, 0, "{") == len(text) - 1


def _starts_lower(word: str) -> bool:
    for char in latex_to_unicode(word):
        if char.isalpha():
            return char.islower()
    return False


def parse_person(latex: str) -> Person:
    """One BibTeX name: ``Family, Given``, ``Given Family``, ``von Family, Jr, Given`` or a
    ``{Corporate Name}``; particles (``van``, ``de``) stay with the family name."""
    latex = latex.strip()
    if latex.lower() == "others":
        return OTHERS
    if _fully_braced(latex):
        return Person(latex_to_unicode(latex))
    parts = [part.strip() for part in _depth_zero_split(latex, _COMMA)]
    if len(parts) >= 3:
        given = ", ".join(parts[2:])
        return Person(
            latex_to_unicode(parts[0]), latex_to_unicode(given), latex_to_unicode(parts[1])
        )
    if len(parts) == 2:
        return Person(latex_to_unicode(parts[0]), latex_to_unicode(parts[1]))
    words = [word for word in _depth_zero_split(latex, _WORD_GAP) if word]
    if len(words) <= 1:
        return Person(latex_to_unicode(latex))
    # "First von Last": the family name starts at the first lower-case word (but the last
    # word is always family), else it is the last word.
    start = len(words) - 1
    for index, word in enumerate(words[:-1]):
        if _starts_lower(word):
            start = index
            break
    return Person(
        latex_to_unicode(" ".join(words[start:])), latex_to_unicode(" ".join(words[:start]))
    )


def parse_people(latex: str) -> tuple[Person, ...]:
    """An ``author`` or ``editor`` value: names joined by ``and`` (outside braces)."""
    if not latex.strip():
        return ()
    return tuple(
        parse_person(name) for name in _depth_zero_split(latex.strip(), _AND) if name.strip()
    )


def people_text(people: Iterable[Person]) -> str:
    """Names joined BibTeX-style, ``Family, Given and Family, Given`` (for RIS fields)."""
    return " and ".join(str(person) for person in people)


# --------------------------------------------------------------------------------------------
# Year, DOI, citekeys

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_DOI = re.compile(r"10\.\d{4,9}/\S+")


def year_of(year: str, date: str = "") -> str:
    """The four-digit year of a ``year`` field, else of a ``date`` (``2017-03``, ``2017/2018``).

    A year field with no digits (``in press``, ``forthcoming``) is kept as written."""
    if year.strip():
        found = _YEAR.search(year)
        return found.group(1) if found else year.strip()
    found = _YEAR.search(date)
    return found.group(1) if found else ""


def normalise_doi(value: str, *, keep_case: bool = False) -> str:
    """``https://doi.org/10.1000/XYZ``, ``doi:10.1000/xyz`` … → ``10.1000/xyz``; "" if none.

    DOIs ignore case, so they are compared lower-case; ``keep_case`` keeps them as written,
    for the reference list ("https://doi.org/10.1093/JCMC/ZMAC012", as styles print them)."""
    if "%" in value:
        value = unquote(value)
    found = _DOI.search(value.strip())
    if not found:
        return ""
    doi = found.group().rstrip(".,;")
    return doi if keep_case else doi.lower()


_FOLD = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "ð": "d",
        "þ": "th",
    }
)


def ascii_fold(text: str) -> str:
    """``Müller`` → ``Muller``, ``Łukasz`` → ``Lukasz``: letters without their accents."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def citekey_base(people: Sequence[Person], year: str, title: str = "") -> str:
    """A key like Better BibTeX's: the first author's family name, lower-case ASCII, and the
    year (``silitonga2024``). Particles are dropped (``van Dijk`` → ``dijk``); without an
    author the first word of the title stands in."""
    name = ""
    for person in people:
        if not person.is_others:
            words = person.family.split()
            kept = [w for w in words if not w[:1].islower()] or words
            name = "".join(kept)
            break
    if not name:
        name = next((w for w in title.split() if len(w) > 2), "ref")
    stem = re.sub(r"[^a-z0-9]", "", ascii_fold(name).lower()) or "ref"
    found = _YEAR.search(year)
    return stem + (found.group(1) if found else "")


class CitekeyPool:
    """The citation keys in use, handing out new ones like Better BibTeX does."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken = set(taken)
        # The next suffix to try for each base: 40,000 records by one author in one year
        # would otherwise try 1 + 2 + … + 40,000 suffixes (minutes) instead of 40,000.
        self._next_suffix: dict[str, int] = {}

    def __contains__(self, key: object) -> bool:
        return key in self._taken

    def unique(self, base: str) -> str:
        """``base``, else ``base`` + a, b, … z, aa, ab …: the first such key not yet taken
        (suffixes already handed out for ``base`` are not tried again); it is taken now."""
        key, n = base, self._next_suffix.get(base, 0)
        while key in self._taken:
            key = base + _letters(n)
            n += 1
        self._next_suffix[base] = n
        self._taken.add(key)
        return key


def _letters(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
