"""Plain-text sources (.txt, .md): decoded to the canonical text every position refers to.

Researchers' transcripts come from Notepad, Word's "save as text", transcription tools and old
Windows machines, so "UTF-8 only" refuses too much. The encoding is decided in a fixed order,
most certain first:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) is trusted;
2. bytes with NULs are UTF-16 without a BOM if the NULs fall in the pattern ASCII text makes
   in UTF-16, else the file is binary and refused;
3. valid UTF-8 is UTF-8 (pure ASCII included); so is text whose non-ASCII bytes are mostly
   valid UTF-8 sequences, its few stray bytes read as Windows-1252 (a UTF-8 file edited once
   in an ANSI editor, or cut off in the middle of a character);
4. otherwise the text is in a legacy code page. Windows-1252 — the ANSI code page of Indonesian
   and Western Windows, and a superset of the printable Latin-1 — is taken when the text is
   mostly ASCII letters (a Latin-script text whose few other bytes are accents and curly
   quotes) or when charset-normalizer's guess is a Latin script anyway: among the look-alike
   Western code pages (cp1250, ISO-8859-15 …) its guess is unreliable on short files, and on
   a few bytes it even guesses Arabic or Chinese. A text mostly in other bytes is decoded as
   charset-normalizer guesses (Cyrillic, Greek, Japanese …).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from kutip.errors import FailureReason, ImportFailedError
from kutip.i18n import _
from kutip.ingest.drafts import ReadOptions, SourceDraft
from kutip.ingest.language import detect_language
from kutip.ingest.turns import detect_turns
from kutip.model import SourceKind

MARKDOWN_SUFFIXES = {".md", ".markdown"}

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: How much of a file the NUL-pattern test looks at.
_SAMPLE_BYTES = 64 * 1024
#: In UTF-16 text that is mostly ASCII, at least this share of the high bytes is NUL …
_UTF16_MIN_NUL_SHARE = 0.3
#: … and at most this share of the low bytes.
_UTF16_MAX_STRAY_NUL_SHARE = 0.02
_WESTERN = "cp1252"
#: Unicode blocks (as charset-normalizer names them) a Western code page can stand for.
_LATIN_ALPHABETS = frozenset(
    {
        "Basic Latin",
        "Latin-1 Supplement",
        "Latin Extended-A",
        "Latin Extended-B",
        "Latin Extended Additional",
        "General Punctuation",
        "Currency Symbols",
        "Letterlike Symbols",
        "Spacing Modifier Letters",
        "Control character",
    }
)
_ASCII_LETTERS = re.compile(rb"[A-Za-z]")
_HIGH_BYTE_VALUES = bytes(range(0x80, 0x100))
#: A well-formed UTF-8 sequence of two to four bytes (RFC 3629).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_WESTERN_FALLBACK = "kutip-utf8-cp1252-fallback"
_LINE_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\u0085": "\n"})


def canonical_text(text: str) -> str:
    """NFC with ``\\n`` line ends: the form every stored offset counts in.

    CRLF and CR become LF; the Unicode line and paragraph separators and NEL become LF too, so
    that every reader, the GUI and the search index agree on what a line is.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_SEPARATORS)
    return unicodedata.normalize("NFC", text)


def decode_text_file(name: str, data: bytes) -> str:
    """The canonical text of a text file in any common encoding (see the module docstring).

    Raises ``ImportFailedError`` naming ``name`` when the bytes are binary or undecodable.
    """
    return canonical_text(decode_bytes(name, data))


def decode_bytes(name: str, data: bytes) -> str:
    """The bytes decoded as the encoding they were most likely written in (BOM removed)."""
    encoding, body = _bom_encoding(data)
    errors = "strict"
    if encoding is None:
        if b"\x00" in data:
            encoding = _utf16_without_bom(data)
            if encoding is None:
                raise _binary(name)
        else:
            encoding, errors = _guess_encoding(name, data)
    try:
        text = body.decode(encoding, errors)
    except UnicodeDecodeError as error:
        raise ImportFailedError(
            _("{name}: the text is not valid {encoding} (byte {position}).").format(
                name=name, encoding=encoding.upper(), position=error.start
            ),
            FailureReason.DAMAGED,
        ) from None
    if "\x00" in text or _mostly_unreadable(text):
        raise _binary(name)
    return text


_READABLE_CONTROLS = frozenset("\t\n\r\f\v")
#: More control, unassigned or private-use characters than this, and it is not text.
_MAX_UNREADABLE_SHARE = 0.02


def _mostly_unreadable(text: str) -> bool:
    """True for bytes that decoded without error but into no language (binary as UTF-16)."""
    sample = text[:_SAMPLE_BYTES]
    unreadable = sum(
        1
        for char in sample
        if char not in _READABLE_CONTROLS and unicodedata.category(char) in {"Cc", "Cn", "Co", "Cs"}
    )
    return unreadable > _MAX_UNREADABLE_SHARE * max(len(sample), 1)


def _binary(name: str) -> ImportFailedError:
    return ImportFailedError(
        _("{name}: this is not a text file (it contains binary data).").format(name=name),
        FailureReason.DAMAGED,
    )


def _bom_encoding(data: bytes) -> tuple[str | None, bytes]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, data[len(bom) :]
    return None, data


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the NULs sit where ASCII text in UTF-16 puts them, else None."""
    sample = data[:_SAMPLE_BYTES]
    pairs = len(sample) // 2
    if pairs == 0 or len(data) % 2:
        return None
    even_nuls = sample[0 : pairs * 2 : 2].count(0) / pairs
    odd_nuls = sample[1 : pairs * 2 : 2].count(0) / pairs
    if odd_nuls >= _UTF16_MIN_NUL_SHARE and even_nuls <= _UTF16_MAX_STRAY_NUL_SHARE:
        return "utf-16-le"
    if even_nuls >= _UTF16_MIN_NUL_SHARE and odd_nuls <= _UTF16_MAX_STRAY_NUL_SHARE:
        return "utf-16-be"
    return None


def _guess_encoding(name: str, data: bytes) -> tuple[str, str]:
    """UTF-8 if the bytes are (mostly) UTF-8, else the best single- or multi-byte guess, with
    the error handler to decode with."""
    if _decodes(data, "utf-8"):
        return "utf-8", "strict"
    if _mostly_utf8(data):
        return "utf-8", _WESTERN_FALLBACK
    if _mostly_ascii_letters(data) and _decodes(data, _WESTERN):
        return _WESTERN, "strict"
    return _guess_legacy_encoding(name, data), "strict"


def _guess_legacy_encoding(name: str, data: bytes) -> str:
    from charset_normalizer import from_bytes  # imported on first use: only needed here

    # UTF-16/32 were settled by the BOM and NUL tests; left in, they win on tiny files.
    best = from_bytes(
        data, cp_exclusion=["utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"]
    ).best()
    if best is None or set(best.alphabets) <= _LATIN_ALPHABETS:
        if _decodes(data, _WESTERN):
            return _WESTERN
        if best is None:
            raise ImportFailedError(
                _(
                    "{name}: cannot tell which character encoding this text is in; "
                    "save it as UTF-8 and import it again."
                ).format(name=name),
                FailureReason.UNREADABLE,
            )
    return best.encoding


def _mostly_ascii_letters(data: bytes) -> bool:
    """At least twice as many ASCII letters as bytes above 0x7F."""
    sample = data[:_SAMPLE_BYTES]
    return len(_ASCII_LETTERS.findall(sample)) >= 2 * _high_bytes(sample)


def _mostly_utf8(data: bytes) -> bool:
    """More than half the bytes above 0x7F form valid UTF-8 sequences."""
    in_sequences = sum(len(sequence) for sequence in _UTF8_SEQUENCE.findall(data))
    return in_sequences * 2 > _high_bytes(data)


def _high_bytes(data: bytes) -> int:
    return len(data) - len(data.translate(None, _HIGH_BYTE_VALUES))


def _western_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: bytes that are not UTF-8 read as Windows-1252."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    stray = error.object[error.start : error.end]
    return bytes(stray).decode(_WESTERN, errors="replace"), error.end


codecs.register_error(_WESTERN_FALLBACK, _western_fallback)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def read_text_file(path: Path, data: bytes, options: ReadOptions) -> SourceDraft:
    """Reader for .txt, .md and .markdown: the text as written, with its turns and language."""
    markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
    text = decode_text_file(path.name, data)
    return SourceDraft(
        title=path.stem,
        text=text,
        kind=SourceKind.TEXT,
        file_name=path.name,
        mime="text/markdown" if markdown else "text/plain",
        data=data,
        language=detect_language(text),
        turns=detect_turns(text),
    )
