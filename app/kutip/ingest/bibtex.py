"""Reading a reference manager's BibTeX export into reference drafts.

Researchers import what Zotero, JabRef, Better BibTeX or Mendeley wrote, not textbook BibTeX:
accents as LaTeX macros (``M{\\"u}ller``, ``{\\c{c}}``, ``{\\'\\i}``), ``@string`` macros and
``#`` concatenations, ``crossref`` parents, month macros, ISO dates (``date = {2017-03}``),
Mendeley's escaped paths (``:C$\\backslash$:/Users/...pdf:pdf``) and ``file`` fields in several
shapes. A broken entry must not cost the user the other 4,999, so every problem is collected
with its line number and the good entries are returned anyway.

Why the decoding is done here and not by bibtexparser's ``LatexDecodingMiddleware``: that
middleware runs pylatexenc on every field, ~5 ms per entry (25 s for a 5,000-entry file).
bibtexparser is used only to split the file into blocks (fast, and it keeps line numbers and
the original text). Values are then decoded by a dict of the common macros and one regex; only
a value with something that table does not know (math, an unknown macro) goes to pylatexenc.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from kutip.errors import FailureReason, ImportFailedError
from kutip.i18n import N_, _
from kutip.ingest.files import SOURCE_READERS
from kutip.ingest.protection import protected_fields
from kutip.model import BibEntry

if TYPE_CHECKING:
    from bibtexparser.model import Block, Entry, ParsingFailedBlock
    from pylatexenc.latex2text import LatexNodes2Text

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------------------------
# The drafts


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


@dataclass(frozen=True)
class BibEntryDraft:
    """One reference as read from a bibliography file, not yet in the project."""

    citekey: str
    entry_type: str  # lower-case: "article", "incollection", ...
    title: str  # decoded to Unicode, braces removed
    authors: tuple[Person, ...]
    editors: tuple[Person, ...]
    year: str  # "2017"; the year field's text when it has no year ("in press"); else ""
    doi: str  # normalised: "10.1000/XYZ" as written (DOIs ignore case), no resolver; else ""
    fields: dict[str, str] = field(hash=False)  # every field, decoded, keys lower-case
    original: str  # the entry as it stands in the file (BibTeX, or the RIS record)
    files: tuple[Path, ...] = ()  # linked documents, resolved against the bibliography's folder
    line: int = 0  # where the entry starts in the file (1-based), for messages
    #: The braced phrases of the title fields (``{"title": ("TikTok",)}``): see
    #: ``kutip.ingest.protection``.
    protected: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)

    def to_model(self) -> BibEntry:
        """The record the store keeps (names as ``Family, Given``)."""
        return BibEntry(
            citekey=self.citekey,
            entry_type=self.entry_type,
            title=self.title,
            authors=tuple(str(person) for person in self.authors),
            year=self.year,
            doi=self.doi,
            fields=dict(self.fields),
            original=self.original,
            protected=dict(self.protected),
        )


@dataclass(frozen=True)
class BibliographyRead:
    """What a bibliography file gave: the readable entries, and what the user should know."""

    entries: list[BibEntryDraft]
    problems: list[str]  # translated, each naming the file (and the line where known)


# --------------------------------------------------------------------------------------------
# Bytes to text (shared with the RIS reader)


def decode_bibliography(name: str, data: bytes) -> tuple[str, list[str]]:
    """The text of a bibliography file (``\\n`` line ends) and any problem with its encoding.

    UTF-8 (a BOM is dropped), UTF-16 with a BOM; anything else is read as Windows-1252 (which
    is Latin-1 with curly quotes and dashes where Latin-1 has control characters), and the user
    is told to check the accents. Binary data is refused.
    """
    problems: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data[:4096]:
        raise ImportFailedError(
            _("{name}: this is not a bibliography file (it contains binary data).").format(
                name=name
            ),
            FailureReason.DAMAGED,
        )
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
            problems.append(
                _(
                    "{name}: the file is not UTF-8; it was read as Latin-1 (Windows-1252). "
                    "Check that accented letters came through, or export it again as UTF-8."
                ).format(name=name)
            )
    return text.replace("\r\n", "\n").replace("\r", "\n"), problems


# --------------------------------------------------------------------------------------------
# LaTeX to Unicode

#: Accent macros and the combining character each puts on its letter (NFC composes them).
_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}

#: Macros that stand for a character or nothing (``\\relax``), without arguments.
_SYMBOLS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "dh": "ð",
    "DH": "Ð",
    "th": "þ",
    "TH": "Þ",
    "dj": "đ",
    "DJ": "Đ",
    "ng": "ŋ",
    "NG": "Ŋ",
    "textendash": "–",
    "textemdash": "—",
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "textquotedbl": '"',
    "textquotesingle": "'",
    "guillemotleft": "«",
    "guillemotright": "»",
    "guillemetleft": "«",
    "guillemetright": "»",
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textunderscore": "_",
    "textdegree": "°",
    "textsection": "§",
    "S": "§",
    "textparagraph": "¶",
    "P": "¶",
    "copyright": "©",
    "textcopyright": "©",
    "textregistered": "®",
    "texttrademark": "™",
    "pounds": "£",
    "textsterling": "£",
    "euro": "€",
    "texteuro": "€",
    "textbullet": "•",
    "textperiodcentered": "·",
    "textexclamdown": "¡",
    "textquestiondown": "¿",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "BibTeX": "BibTeX",
    "relax": "",
    "protect": "",
    "bibnamedelima": " ",
    "bibrangedash": "–",
    "space": " ",
    "quad": " ",
    "newline": " ",
    "par": "\n\n",
}

#: Macros whose argument is the text (``\\emph{x}`` is x): the macro goes, its braces follow.
_FORMATTING = frozenset(
    {
        "textit",
        "textbf",
        "textsc",
        "textrm",
        "texttt",
        "textsf",
        "textup",
        "textmd",
        "textsl",
        "textnormal",
        "emph",
        "em",
        "it",
        "bf",
        "sc",
        "rm",
        "tt",
        "sf",
        "sl",
        "mbox",
        "hbox",
        "text",
        "url",
        "nolinkurl",
        "NoCaseChange",
        "textsuperscript",
        "textsubscript",
        "enquote",
        "mkbibquote",
        "mkbibemph",
        "ensuremath",
        "uppercase",
        "lowercase",
        "MakeUppercase",
        "MakeLowercase",
    }
)

#: Escaped characters: ``\\&`` is &, ``\\-`` a hyphenation hint, ``\\,`` a thin space.
_ESCAPES = {
    "&": "&",
    "%": "%",
    "$": "$",
    "#": "#",
    "_": "_",
    "{": "{",
    "}": "}",
    "\\": " ",
    " ": " ",
    "\n": " ",
    ",": " ",
    ";": " ",
    ":": " ",
    "!": "",
    "-": "",
    "/": "",
    "@": "",
}

_TOKEN = re.compile(
    r"""
      \\(?P<acc>['`^"~=.])\s*(?P<arg>\{\s*\\?[A-Za-z]\s*\}|\\[ij](?![A-Za-z])|[A-Za-z])
    | \\(?P<lacc>[uvHckrdb])(?:\s*\{\s*(?P<larg>\\?[A-Za-z])\s*\}|\s+(?P<larg2>[A-Za-z]))
    | \\(?P<cmd>[A-Za-z]+)\s*(?:\{\})?
    | \\(?P<esc>.)
    | (?P<brace>[{}])
    | (?P<dash>-{2,3})
    | (?P<tie>~)
    | (?P<quote>``|'')
    | (?P<dollar>\$)
    """,
    re.VERBOSE | re.DOTALL,
)
_NEEDS_DECODING = re.compile(r"[\\{}~$]|--|``|''")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


class _Decoder:
    """One pass of ``_TOKEN`` over a value; notes when pylatexenc must take over."""

    def __init__(self) -> None:
        self.unknown = False

    def __call__(self, match: re.Match[str]) -> str:
        groups = match.groupdict()
        if groups["acc"] is not None:
            return self._accent(groups["acc"], groups["arg"])
        if groups["lacc"] is not None:
            return self._accent(groups["lacc"], groups["larg"] or groups["larg2"])
        if groups["cmd"] is not None:
            return self._command(groups["cmd"])
        if groups["esc"] is not None:
            if groups["esc"] in _ESCAPES:
                return _ESCAPES[groups["esc"]]
            self.unknown = True
            return ""
        if groups["brace"] is not None:
            return ""
        if groups["dash"] is not None:
            return "—" if len(groups["dash"]) == 3 else "–"
        if groups["tie"] is not None:
            return " "
        if groups["quote"] is not None:
            return "“" if groups["quote"] == "``" else "”"
        self.unknown = True  # "$": math, left to pylatexenc
        return ""

    @staticmethod
    def _accent(accent: str, argument: str) -> str:
        letter = argument.strip("{} \t\n").lstrip("\\")
        return letter + _ACCENTS[accent]  # \i under an accent is a plain i

    def _command(self, name: str) -> str:
        if name in _SYMBOLS:
            return _SYMBOLS[name]
        if name not in _FORMATTING:
            self.unknown = True
        return ""


def _normalise_space(text: str) -> str:
    if "\n" in text and _PARAGRAPH_BREAK.search(text):
        return "\n\n".join(" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text) if p.strip())
    return " ".join(text.split())


def latex_to_unicode(value: str) -> str:
    """A BibTeX value as plain Unicode (NFC): accents, escapes, dashes and ties decoded,
    braces removed, whitespace collapsed (a blank line stays a paragraph break).

    The common macros are decoded here; a value with math or a macro this table does not know
    is handed to pylatexenc (~0.3 ms a value, so only where needed).
    """
    if not _NEEDS_DECODING.search(value):
        return _normalise_space(value)
    decoder = _Decoder()
    text = _TOKEN.sub(decoder, value)
    if decoder.unknown:
        text = _pylatexenc(value, text)
    return unicodedata.normalize("NFC", _normalise_space(text))


@functools.cache
def _latex_nodes_to_text() -> LatexNodes2Text:
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text")


def _pylatexenc(value: str, fallback: str) -> str:
    try:
        text: str = _latex_nodes_to_text().latex_to_text(value)
    except Exception:  # pylatexenc chokes on some odd input; the fast result is still good
        log.debug("pylatexenc could not decode %r", value, exc_info=True)
        return fallback
    return text.replace("\xa0", " ")


_VERBATIM_ESCAPE = re.compile(r"\{\\([_&%#$~])\}|\\([_&%#$~])(?:\{\})?")
_TEXTASCII = re.compile(r"\{?\\text(backslash|asciitilde)(?:\{\}|\s)?\}?")
_BARE_BRACE = re.compile(r"(?<!\\)[{}]")

#: Fields holding URLs, identifiers or paths: only escapes are undone, nothing typographic.
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "pdf", "urlraw", "localfile"})


def decode_verbatim(value: str) -> str:
    """A URL, DOI or path as written, with the escapes exporters add undone
    (``\\_``, ``{\\_}``, Mendeley's ``$\\backslash$``); ``--`` and ``~`` are kept as they are."""
    value = value.strip()
    if "\\" not in value and "{" not in value and "}" not in value:
        return value
    value = value.replace("$\\backslash$", "\\")
    value = _TEXTASCII.sub(lambda m: "\\" if m.group(1) == "backslash" else "~", value)
    value = _VERBATIM_ESCAPE.sub(lambda m: m.group(1) or m.group(2), value)
    value = _BARE_BRACE.sub("", value)
    return value.replace("\\{", "{").replace("\\}", "}")


# --------------------------------------------------------------------------------------------
# Values: @string macros, concatenation, months

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: BibTeX's predefined macros: jan ... dec.
BUILTIN_MACROS = {name[:3].lower(): name for name in MONTHS}
_MONTH_NUMBERS = {name.lower(): str(i) for i, name in enumerate(MONTHS, 1)}
_MONTH_NUMBERS |= {name[:3].lower(): str(i) for i, name in enumerate(MONTHS, 1)}
_MONTH_NUMBERS["sept"] = "9"


def normalise_month(value: str) -> str:
    """``mar``, ``March``, ``Mar.``, ``03`` → ``"3"``; anything else unchanged."""
    key = value.strip().rstrip(".").lower()
    if key.isdigit() and 1 <= int(key) <= 12:
        return str(int(key))
    return _MONTH_NUMBERS.get(key, value)


def _closing(text: str, start: int, opening: str) -> int:
    """Index of the brace or quote closing the one at ``start`` (len(text) if unclosed)."""
    depth = 0
    i = start + 1 if opening == '"' else start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and opening == "{":
                return i
        elif char == '"' and depth == 0 and opening == '"':
            return i
        i += 1
    return len(text)


#: The longest value (characters) a macro or a field may grow to through ``@string`` macros.
#: Real macros are journal and publisher names, and a field spelled out in full is never
#: shortened by this (it is only the growth that is capped). A value past it comes from a file
#: built to explode: a 40-character string doubled 40 times would be 44 TB.
MAX_EXPANDED_VALUE = 100_000
#: Characters that ``@string`` macros and ``crossref`` parents may add to one file's fields in
#: all. A 5,000-entry library naming a journal macro in every entry adds well under a million;
#: past this the file only multiplies text (10,000 entries naming one 80 KB macro would be
#: 800 MB), and what is left is not expanded.
MAX_EXPANSION_PER_FILE = 20_000_000


class ExpansionTooLarge(Exception):
    """A value would grow past ``MAX_EXPANDED_VALUE``, or the file past its budget."""

    def __init__(self, whole_file: bool) -> None:
        super().__init__("the file's expansion budget is spent" if whole_file else "too long")
        self.whole_file = whole_file


@dataclass
class ExpansionBudget:
    """What is left of a file's ``MAX_EXPANSION_PER_FILE``; ``reported`` once it ran out."""

    left: int = MAX_EXPANSION_PER_FILE
    reported: bool = False

    def spend(self, characters: int) -> None:
        if characters > self.left:
            self.left = 0
            raise ExpansionTooLarge(whole_file=True)
        self.left -= characters

    def note_spent(self, name: str, line: int, problems: list[tuple[int, str]]) -> None:
        """Report, once per file, that the budget ran out (every later value would say so)."""
        if self.reported:
            return
        self.reported = True
        message = _(
            "{name} line {line}: the file's @string macros and crossref parents add more than "
            "{limit} characters in all; from here on they were left out."
        )
        problems.append((line, message.format(name=name, line=line, limit=MAX_EXPANSION_PER_FILE)))


def evaluate_value(raw: str, macros: dict[str, str], budget: ExpansionBudget | None = None) -> str:
    """A field's value as BibTeX sees it, still LaTeX: ``{...}`` and ``"..."`` parts unwrapped,
    macros replaced, ``#`` concatenations joined. An unknown macro stands for its own name.

    Raises ``ExpansionTooLarge`` before building a value that macros would make longer than
    both ``raw`` and ``MAX_EXPANDED_VALUE``, or that would overspend ``budget``."""
    raw = raw.strip()
    if "#" not in raw and len(raw) >= 2 and raw[0] + raw[-1] in ("{}", '""'):
        return raw[1:-1]
    if raw.isdigit():
        return raw
    limit = max(len(raw), MAX_EXPANDED_VALUE)
    parts: list[str] = []
    length = added = 0
    i = 0
    while i < len(raw):
        char = raw[i]
        if char.isspace() or char == "#":
            i += 1
            continue
        if char in '{"':
            end = _closing(raw, i, char)
            part = raw[i + 1 : end]
            i = end + 1
        else:
            end = i
            while end < len(raw) and not raw[end].isspace() and raw[end] != "#":
                end += 1
            part = raw[i:end]
            if part.lower() in macros:
                part = macros[part.lower()]
                added += len(part)
            i = end
        length += len(part)
        if length > limit:
            raise ExpansionTooLarge(whole_file=False)
        parts.append(part)
    if budget is not None:
        budget.spend(added)
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Names


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
    return text.startswith("{") and _closing(text, 0, "{") == len(text) - 1


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


# --------------------------------------------------------------------------------------------
# Linked files

_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")
_FILE_ESCAPE = re.compile(r"\\([\\:;])")


_UNESCAPED_PIECE = {
    ":": re.compile(r"(?:\\[\\:;]|\\|[^\\:])*"),
    ";": re.compile(r"(?:\\[\\:;]|\\|[^\\;])*"),
}


def _split_unescaped(text: str, separator: str) -> list[str]:
    """Split at ``separator`` unless escaped with a backslash (JabRef's ``\\:`` and ``\\;``)."""
    if "\\" not in text:
        return text.split(separator)
    piece = _UNESCAPED_PIECE[separator]
    pieces: list[str] = []
    position = 0
    while True:
        match = piece.match(text, position)
        assert match is not None  # the pattern matches the empty string
        pieces.append(match.group())
        position = match.end() + 1
        if position > len(text):
            return pieces


def _file_item(item: str) -> tuple[str, str]:
    """(path, type) of one ``description:path:type`` item, or a plain path."""
    tokens = _split_unescaped(item.strip(), ":")
    merged: list[str] = []
    for token in tokens:  # an unescaped drive colon: "C" + "\Users\..." is "C:\Users\..."
        if merged and len(merged[-1]) == 1 and merged[-1].isalpha() and token[:1] in ("\\", "/"):
            merged[-1] += ":" + token
        else:
            merged.append(token)
    if len(merged) >= 3:
        path, kind = ":".join(merged[1:-1]), merged[-1]
    elif len(merged) == 2:
        if "." not in merged[1] or merged[1].lower().endswith("/pdf"):
            path, kind = merged
        else:
            path, kind = merged[1], ""
    else:
        path, kind = merged[0], ""
    return _FILE_ESCAPE.sub(r"\1", path).strip(), kind.strip().lower()


def links_document(raw: str, kind: str = "") -> bool:
    """Whether a linked file may be a source: a PDF by its type (``application/pdf``, JabRef's
    ``PDF``), or a name with the suffix of a kind Kutip imports. An HTML snapshot is not.

    Only the name is judged here; the importer checks where the file is and what it holds."""
    suffix = PurePosixPath(raw.replace("\\", "/")).suffix.lower()
    return "pdf" in kind or suffix in SOURCE_READERS


def file_paths(value: str, folder: Path) -> list[Path]:
    """The PDFs and other documents a ``file`` field links, found on disk where possible.

    Shapes: ``{:a.pdf:application/pdf}``, Zotero's ``{Full Text:files/12/a.pdf:application/pdf;
    Snapshot:files/12/b.html:text/html}``, JabRef's ``{:C\\:\\\\Users\\\\a.pdf:PDF}``, Mendeley's
    ``{:C\\:/Users/a.pdf:pdf}`` (after ``decode_verbatim``), a plain path or several joined by
    ``;``. Relative paths are taken against ``folder`` (the bibliography's). A path from another
    machine (a Windows path here, a missing absolute path) is looked for near the bibliography
    by its last parts, so a library copied together with its files is still found; otherwise
    the path is returned as written and the importer reports it missing.
    """
    found: list[Path] = []
    for item in _split_unescaped(value, ";"):
        if not item.strip():
            continue
        raw, kind = _file_item(item)
        if not raw or raw.lower().startswith(("http://", "https://")):
            continue
        if not links_document(raw, kind):
            continue
        path = locate_file(raw, folder)
        if path not in found:
            found.append(path)
    return found


def locate_file(raw: str, folder: Path) -> Path:
    """Where the file a bibliography names is on this machine (see ``file_paths``)."""
    if raw.lower().startswith("file://"):
        raw = unquote(urlparse(raw).path)
        if re.match(r"^/[A-Za-z]:", raw):
            raw = raw[1:]
    windows = bool(_WINDOWS_ABSOLUTE.match(raw)) and os.name != "nt"
    if windows:
        parts = PureWindowsPath(raw).parts[1:]
        primary = Path(raw)
        candidates: list[Path] = []
    else:
        native = Path(raw.replace("\\", "/")) if os.name != "nt" else Path(raw)
        native = native.expanduser()
        parts = native.parts[1:] if native.is_absolute() else native.parts
        if native.is_absolute():
            primary, candidates = native, [native]
        else:
            primary = Path(os.path.normpath(folder / native))
            # Mendeley on Linux drops the leading slash: "home/me/a.pdf".
            candidates = [primary, Path("/", native)]
    for keep in (3, 2, 1):
        if len(parts) >= keep:
            candidates.append(folder.joinpath(*parts[-keep:]))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return primary


# --------------------------------------------------------------------------------------------
# Reading a .bib file

#: Fields a child entry does not take from its ``crossref`` parent: they describe the parent
#: itself (a proceedings volume's DOI is not the paper's) or are bookkeeping.
NOT_INHERITED = frozenset(
    {
        "ids",
        "crossref",
        "xref",
        "xdata",
        "entryset",
        "label",
        "shorthand",
        "sortkey",
        "options",
        "file",
        "pdf",
        "doi",
        "url",
        "urldate",
        "eprint",
        "abstract",
        "keywords",
        "annote",
        "annotation",
        "note",
        "isbn",
    }
)
_COLLECTION_TYPES = frozenset(
    {
        "book",
        "proceedings",
        "collection",
        "mvbook",
        "mvproceedings",
        "mvcollection",
        "reference",
        "mvreference",
    }
)
_IGNORED_TYPES = frozenset({"control", "xdata", "set"})  # biblatex bookkeeping, not references

_REASONS = (
    ("Unexpected block start", '`"`', N_("missing closing quote?")),
    ("Unexpected block start", "", N_("missing closing brace?")),
    ("Unexpectedly reached end of file", "", N_("missing closing brace?")),
    ("Expected comma after entry key", "", N_("missing comma after the citation key?")),
    ("Expected a `=`", "", N_("a field without “=”?")),
    ("Expected either a `,`", "", N_("missing comma between fields?")),
    ("Expected equals sign", "", N_("a @string without “=”?")),
)
_ENTRY_HEAD = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s{}()]*)")


#: Problems with the line they were found on (0: the whole file), sorted before they are shown.
_Noted = list[tuple[int, str]]


@dataclass
class _RawEntry:
    """An entry between splitting and decoding: fields evaluated but still LaTeX."""

    key: str
    entry_type: str
    fields: dict[str, str]
    original: str
    line: int


def read_bibtex(path: Path, data: bytes) -> BibliographyRead:
    """Read a ``.bib`` file's bytes into reference drafts and the problems found.

    Broken entries, duplicate citation keys and missing crossref parents are reported (with
    the line) and skipped or read as far as possible; the good entries are always returned.
    Raises ``ImportFailedError`` only when the file is not BibTeX at all.
    """
    from bibtexparser import model as bib
    from bibtexparser import parse_string  # imported on first use: the window opens without it

    text, encoding_problems = decode_bibliography(path.name, data)
    problems: _Noted = [(0, problem) for problem in encoding_problems]
    library = parse_string(text, parse_stack=[])
    blocks = library.blocks
    if not any(not isinstance(b, bib.ImplicitComment) for b in blocks):
        raise ImportFailedError(
            _("{name}: this is not a BibTeX file (no entries such as @article{{…}} found).").format(
                name=path.name
            ),
            FailureReason.DAMAGED,
        )
    budget = ExpansionBudget()
    macros = _macros(path.name, blocks, budget, problems)
    raw_entries: list[_RawEntry] = []
    for block in blocks:
        if isinstance(block, bib.DuplicateBlockKeyBlock):
            block = block.ignore_error_block  # a repeated key: _keep_unique reports entries
        if isinstance(block, bib.Entry):
            raw_entries.append(_raw_entry(path.name, block, macros, budget, problems))
        elif isinstance(block, bib.DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            if isinstance(entry, bib.Entry):
                raw_entries.append(_raw_entry(path.name, entry, macros, budget, problems))
        elif isinstance(block, bib.ParsingFailedBlock):
            problems.append(((block.start_line or 0) + 1, _failed_block_problem(path.name, block)))
    entries = _keep_unique(path.name, raw_entries, problems)
    _inherit(path.name, entries, budget, problems)
    drafts = [
        _draft(entry, path.parent) for entry in entries if entry.entry_type not in _IGNORED_TYPES
    ]
    _name_keyless(path.name, drafts, problems)
    if not drafts and not problems:
        problems.append((0, _("{name}: the file holds no references.").format(name=path.name)))
    return BibliographyRead(entries=drafts, problems=_in_file_order(problems))


def _in_file_order(problems: _Noted) -> list[str]:
    """The messages by line (file-wide ones first), in the order found within a line."""
    return [message for _line, message in sorted(problems, key=lambda problem: problem[0])]


def _macros(
    name: str, blocks: list[Block], budget: ExpansionBudget, problems: _Noted
) -> dict[str, str]:
    """The ``@string`` macros of the file (and jan … dec), whichever entry they follow.

    BibTeX wants a macro defined before it is used; JabRef sometimes writes them at the end,
    so all are collected first. A later definition of the same name wins. Each is expanded
    once, with the macros before it, so a macro naming itself (``@string{a = a # a}``) is
    doubled, never looped; one that would grow past the caps is reported and left empty."""
    from bibtexparser import model as bib

    macros = dict(BUILTIN_MACROS)
    for block in blocks:
        if isinstance(block, bib.DuplicateBlockKeyBlock):
            block = block.ignore_error_block
        if isinstance(block, bib.String):
            key = block.key.strip().lower()
            try:
                macros[key] = evaluate_value(block.value, macros, budget)
            except ExpansionTooLarge as error:
                macros[key] = ""
                line = (block.start_line or 0) + 1
                if error.whole_file:
                    budget.note_spent(name, line, problems)
                    continue
                message = _(
                    "{name} line {line}: the @string “{key}” would expand to more than "
                    "{limit} characters; it was left empty."
                )
                problems.append(
                    (
                        line,
                        message.format(
                            name=name, line=line, key=block.key.strip(), limit=MAX_EXPANDED_VALUE
                        ),
                    )
                )
    return macros


def _raw_entry(
    name: str, entry: Entry, macros: dict[str, str], budget: ExpansionBudget, problems: _Noted
) -> _RawEntry:
    line = (entry.start_line or 0) + 1
    fields: dict[str, str] = {}
    for item in entry.fields:
        key = item.key.strip().lower()
        if key in fields:
            message = _(
                "{name} line {line}: entry “{key}” has the field “{field}” twice; "
                "the first is kept."
            )
            problems.append((line, message.format(name=name, line=line, key=entry.key, field=key)))
            continue
        try:
            fields[key] = evaluate_value(item.value, macros, budget)
        except ExpansionTooLarge as error:
            if error.whole_file:
                budget.note_spent(name, line, problems)
                continue
            message = _(
                "{name} line {line}: in entry “{key}”, the field “{field}” would expand to "
                "more than {limit} characters; it was left out."
            )
            problems.append(
                (
                    line,
                    message.format(
                        name=name, line=line, key=entry.key, field=key, limit=MAX_EXPANDED_VALUE
                    ),
                )
            )
    return _RawEntry(
        entry.key.strip(), entry.entry_type.strip().lower(), fields, entry.raw or "", line
    )


def _failed_block_problem(name: str, block: ParsingFailedBlock) -> str:
    line = (block.start_line or 0) + 1
    detail = getattr(block.error, "abort_reason", str(block.error))
    reason = N_("syntax error")
    for start, contains, explanation in _REASONS:
        if detail.startswith(start) and contains in detail:
            reason = explanation
            break
    head = _ENTRY_HEAD.match(block.raw or "")
    if head and head.group(1).lower() == "string":
        return _("{name} line {line}: a @string could not be read ({reason}).").format(
            name=name, line=line, reason=_(reason)
        )
    if head and head.group(2):
        return _("{name} line {line}: entry “{key}” could not be read ({reason}).").format(
            name=name, line=line, key=head.group(2), reason=_(reason)
        )
    return _("{name} line {line}: entry could not be read ({reason}).").format(
        name=name, line=line, reason=_(reason)
    )


def _keep_unique(name: str, entries: list[_RawEntry], problems: _Noted) -> list[_RawEntry]:
    """The entries with the first of each citation key; later ones are reported."""
    first_line: dict[str, int] = {}
    kept: list[_RawEntry] = []
    for entry in entries:
        if entry.key and entry.key in first_line:
            message = _(
                "{name} line {line}: the citation key “{key}” is used twice (first on line "
                "{first}); this entry was skipped."
            )
            problems.append(
                (
                    entry.line,
                    message.format(
                        name=name, line=entry.line, key=entry.key, first=first_line[entry.key]
                    ),
                )
            )
            continue
        if entry.key:
            first_line[entry.key] = entry.line
        kept.append(entry)
    return kept


#: How many ``crossref``/``xdata`` parents up an entry's fields are looked for. BibTeX follows
#: one level and biber a few; a longer chain is a mistake in the file (or a trap for the
#: recursion that follows it), and its further parents are reported and not followed.
MAX_CROSSREF_DEPTH = 16


def _inherit(
    name: str, entries: list[_RawEntry], budget: ExpansionBudget, problems: _Noted
) -> None:
    """Fill each entry's missing fields from its ``crossref`` (and biblatex ``xdata``) parents.

    A parent book's or proceedings' ``title`` becomes the child's ``booktitle`` (biblatex's
    rule; classic BibTeX exports carry ``booktitle`` in the parent anyway). A link that leads
    back to the entry (a cycle) or past ``MAX_CROSSREF_DEPTH`` parents is reported and not
    followed; inherited text counts against the file's expansion budget."""
    by_key = {entry.key.lower(): entry for entry in entries if entry.key}
    done: set[int] = set()

    def resolve(entry: _RawEntry, chain: tuple[int, ...]) -> None:
        """``chain``: the entries whose parents are being resolved, this one last."""
        if id(entry) in done:
            return
        done.add(id(entry))
        for link in ("crossref", "xdata"):
            for parent_key in entry.fields.get(link, "").split(","):
                parent_key = parent_key.strip()
                if not parent_key:
                    continue
                parent = by_key.get(parent_key.lower())
                if parent is None:
                    message = _(
                        "{name} line {line}: entry “{key}” refers to “{parent}”, which is "
                        "not in the file."
                    )
                elif id(parent) in chain:
                    message = _(
                        "{name} line {line}: in entry “{key}”, the crossref to “{parent}” goes "
                        "round in a circle; that link was not followed."
                    )
                elif len(chain) > MAX_CROSSREF_DEPTH:
                    message = _(
                        "{name} line {line}: in entry “{key}”, the crossref to “{parent}” "
                        "comes after {limit} others in a row; that link was not followed."
                    )
                else:
                    resolve(parent, (*chain, id(parent)))
                    _copy_missing(name, parent, entry, budget, problems)
                    continue
                problems.append(
                    (
                        entry.line,
                        message.format(
                            name=name,
                            line=entry.line,
                            key=entry.key,
                            parent=parent_key,
                            limit=MAX_CROSSREF_DEPTH,
                        ),
                    )
                )

    for entry in entries:
        resolve(entry, (id(entry),))


def _copy_missing(
    name: str, parent: _RawEntry, child: _RawEntry, budget: ExpansionBudget, problems: _Noted
) -> None:
    for key, value in parent.fields.items():
        if key in NOT_INHERITED:
            continue
        if key == "title" and parent.entry_type in _COLLECTION_TYPES:
            key = "booktitle"
        if key in child.fields:
            continue
        try:
            budget.spend(len(value))
        except ExpansionTooLarge:
            budget.note_spent(name, child.line, problems)
            return
        child.fields[key] = value


def _decode_fields(fields: dict[str, str]) -> dict[str, str]:
    decoded: dict[str, str] = {}
    for key, value in fields.items():
        if key in VERBATIM_FIELDS:
            decoded[key] = decode_verbatim(value)
        else:
            decoded[key] = latex_to_unicode(value)
    if "month" in decoded:
        decoded["month"] = normalise_month(decoded["month"])
    return decoded


def _draft(entry: _RawEntry, folder: Path) -> BibEntryDraft:
    fields = _decode_fields(entry.fields)
    doi = normalise_doi(fields.get("doi", ""), keep_case=True)
    if not doi and re.search(r"doi\.org/", fields.get("url", ""), re.IGNORECASE):
        doi = normalise_doi(fields["url"], keep_case=True)
    files: list[Path] = []
    for key in ("file", "pdf"):
        if fields.get(key):
            files.extend(p for p in file_paths(fields[key], folder) if p not in files)
    return BibEntryDraft(
        citekey=entry.key,
        entry_type=entry.entry_type,
        title=fields.get("title", ""),
        authors=parse_people(entry.fields.get("author", "")),
        editors=parse_people(entry.fields.get("editor", "")),
        year=year_of(fields.get("year", ""), fields.get("date", "")),
        doi=doi,
        fields=fields,
        original=entry.original,
        files=tuple(files),
        line=entry.line,
        protected=protected_fields(entry.fields),
    )


def _name_keyless(name: str, drafts: list[BibEntryDraft], problems: _Noted) -> None:
    """Give an entry written without a citation key one made like Better BibTeX's."""
    taken = CitekeyPool(draft.citekey for draft in drafts if draft.citekey)
    for index, draft in enumerate(drafts):
        if not draft.citekey:
            base = citekey_base(draft.authors or draft.editors, draft.year, draft.title)
            drafts[index] = replace(draft, citekey=taken.unique(base))
            message = _(
                "{name} line {line}: the entry has no citation key; it was named “{key}”."
            ).format(name=name, line=draft.line, key=drafts[index].citekey)
            problems.append((draft.line, message))


def people_text(people: Iterable[Person]) -> str:
    """Names joined BibTeX-style, ``Family, Given and Family, Given`` (for RIS fields)."""
    return " and ".join(str(person) for person in people)
