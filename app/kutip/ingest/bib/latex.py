"""LaTeX in BibTeX values as plain Unicode.

The common macros are decoded by a table and one regex; only a value with something the table
does not know (math, an unknown macro) goes to pylatexenc, which costs ~0.3 ms a value (its
middleware run on every field of a 5,000-entry file would take 25 s).
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pylatexenc.latex2text import LatexNodes2Text

log = logging.getLogger(__name__)

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


def find_closing(text: str, start: int, opening: str) -> int:
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
