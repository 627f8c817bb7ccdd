"""Word-processor documents (.docx, .odt, .rtf) as transcripts: their text, turns and language.

Each reader makes the canonical text the way a person reads the document: paragraphs in body
order, one per line, and tables at their place, a row per line with cells joined by tabs (so a
transcript kept in a two-column table still has its speaker turns found). Headers, footers,
footnotes, comments, text boxes and deleted tracked changes are not part of it; inserted tracked
changes are.

A .docx or .odt is a zip archive from someone else's machine: it is opened with caps on member
count, total size and compression ratio before any parser sees it, and never extracted.

- .docx: python-docx opens the package (relationships, the main part, core properties); the
  body's XML is walked here rather than through ``Paragraph.text``, which drops runs inside
  tracked insertions, content controls and smart tags, and repeats merged table cells.
- .odt: content.xml and meta.xml parsed with defusedxml (no DTDs, no entities), walked here
  (odfpy is unmaintained since 2020 and would add a second object model for ~80 lines).
- .rtf: a decoder of our own. striprtf, the maintained library, turns characters outside the
  BMP (emoji, written by Word as surrogate pairs ``\\uN\\uN``) into lone surrogates that cannot be
  stored, and writes table cells as ``|``; the RTF grammar a text extractor needs is small.
"""

from __future__ import annotations

import codecs
import dataclasses
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from kutip.errors import FailureReason, ImportFailedError
from kutip.i18n import _
from kutip.ingest.drafts import ReadOptions, SourceDraft
from kutip.ingest.language import detect_language
from kutip.ingest.text import canonical_text
from kutip.ingest.turns import detect_turns
from kutip.model import SourceKind

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_MIME = "application/vnd.oasis.opendocument.text"
RTF_MIME = "application/rtf"

#: Caps on a zip-based document, checked before it is parsed.
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100
#: Members smaller than this are not held to the ratio: a few kilobytes of repetitive XML can
#: compress 200-fold and harm no one; the total cap bounds them all the same.
ZIP_RATIO_MIN_SIZE = 1024 * 1024

#: How deep the elements of an .odt's XML may nest: the text is walked element by element,
#: one call per level, and Python stops at about a thousand. Real documents stay under a
#: hundred; 256 is the limit libxml2 (under python-docx) sets for a .docx.
MAX_XML_DEPTH = 256

#: An OLE compound file: an encrypted Office document, or an old binary .doc renamed.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _make_draft(path: Path, data: bytes, text: str, title: str, mime: str) -> SourceDraft:
    """The draft of a document; blank lines at its end (empty paragraphs) are left out."""
    text = canonical_text(text).rstrip()
    return SourceDraft(
        title=title.strip() or path.stem,
        text=text,
        kind=SourceKind.TEXT,
        file_name=path.name,
        mime=mime,
        data=data,
        language=detect_language(text),
        turns=detect_turns(text),
    )


# --- zip archives --------------------------------------------------------------------------


def open_capped_zip(name: str, data: bytes, kind: str) -> zipfile.ZipFile:
    """``data`` as a zip archive, refused with ``ImportFailedError`` when it is not one or when
    its member count, total uncompressed size or a member's compression ratio is too large.

    ``kind`` names the format in messages (".docx", ".odt").
    """
    if data.startswith(_OLE_MAGIC):
        raise ImportFailedError(
            _(
                "{name}: the document is password-protected, or is an old-format Word file. "
                "Open it in Word or LibreOffice and save it as {kind} without a password."
            ).format(name=name, kind=kind),
            FailureReason.ENCRYPTED,
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise _damaged(name, kind) from None
    members = archive.infolist()
    problem = _zip_problem(members)
    if problem:
        archive.close()
        raise ImportFailedError(
            _("{name}: refused, the file is not a normal {kind} document ({problem}).").format(
                name=name, kind=kind, problem=problem
            ),
            FailureReason.REFUSED,
        )
    return archive


def _zip_problem(members: list[zipfile.ZipInfo]) -> str | None:
    if len(members) > MAX_ZIP_MEMBERS:
        return _("{count} parts inside").format(count=len(members))
    total = sum(member.file_size for member in members)
    if total > MAX_ZIP_UNCOMPRESSED:
        return _("{size} MB when unpacked").format(size=total // (1024 * 1024))
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= ZIP_RATIO_MIN_SIZE and ratio > MAX_ZIP_RATIO:
            return _("a part compressed {ratio}-fold").format(ratio=int(ratio))
    return None


def _damaged(name: str, kind: str) -> ImportFailedError:
    return ImportFailedError(
        _("{name}: the file is damaged or is not a {kind} document.").format(name=name, kind=kind),
        FailureReason.DAMAGED,
    )


#: What reading a damaged zip-based document can raise, past the caps.
_ZIP_READ_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    ValueError,  # also defusedxml's refusals of DTDs and entities
    ParseError,
    NotImplementedError,  # zipfile: an unsupported compression method
)


# --- .docx ---------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Inline wrappers whose runs are part of the paragraph's text.
_DOCX_INLINE_WRAPPERS = frozenset(
    _W + tag
    for tag in (
        "hyperlink",
        "ins",
        "moveTo",
        "smartTag",
        "sdt",
        "sdtContent",
        "customXml",
        "fldSimple",
        "dir",
        "bdo",
    )
)
_DOCX_BLOCK_WRAPPERS = frozenset(_W + tag for tag in ("sdt", "sdtContent", "customXml"))
_DOCX_RUN_TEXT: dict[str, Callable[[Any], str]] = {
    _W + "t": lambda element: element.text or "",
    _W + "tab": lambda _element: "\t",
    _W + "ptab": lambda _element: "\t",
    _W + "br": lambda _element: "\n",
    _W + "cr": lambda _element: "\n",
    _W + "noBreakHyphen": lambda _element: "\u2011",
}


def read_docx_file(path: Path, data: bytes, options: ReadOptions) -> SourceDraft:
    """Reader for .docx: the body's paragraphs and tables, in order."""
    archive = open_capped_zip(path.name, data, ".docx")
    archive.close()  # the caps are checked; python-docx reads the bytes itself
    import docx  # imported on first use: lxml and python-docx are not needed to start Kutip
    from docx.opc.exceptions import PackageNotFoundError

    damaged: tuple[type[BaseException], ...] = (
        PackageNotFoundError,
        *_ZIP_READ_ERRORS,
        *_lxml_errors(),
    )
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        text = "\n".join(_docx_blocks(body))
        title = _docx_title(document)
    except damaged:
        raise _damaged(path.name, ".docx") from None
    return _make_draft(path, data, text, title, DOCX_MIME)


def _docx_title(document: Any) -> str:
    """The core properties' title; python-docx would invent "Word Document" when there are none."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    try:
        document.part.package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES)
    except KeyError:
        return ""
    return str(document.core_properties.title or "")


def _lxml_errors() -> tuple[type[Exception], ...]:
    from lxml import etree

    error: type[Exception] = etree.LxmlError
    return (error,)


def _docx_blocks(container: Any) -> Iterator[str]:
    """The text of each paragraph and table directly in a body, cell or content control."""
    for child in container:
        if child.tag == _W + "p":
            yield _docx_paragraph(child)
        elif child.tag == _W + "tbl":
            yield _docx_table(child)
        elif child.tag in _DOCX_BLOCK_WRAPPERS:
            yield from _docx_blocks(child)


def _docx_paragraph(paragraph: Any) -> str:
    return "".join(_docx_runs(paragraph))


def _docx_runs(element: Any) -> Iterator[str]:
    for child in element:
        if child.tag == _W + "r":
            for part in child:
                render = _DOCX_RUN_TEXT.get(part.tag)
                if render is not None:
                    yield render(part)
        elif child.tag in _DOCX_INLINE_WRAPPERS:
            yield from _docx_runs(child)


def _docx_table(table: Any) -> str:
    return "\n".join(
        "\t".join("\n".join(_docx_blocks(cell)) for cell in _docx_children(row, "tc"))
        for row in _docx_children(table, "tr")
    )


def _docx_children(element: Any, tag: str) -> Iterator[Any]:
    """Children with ``tag``, also those wrapped in content controls or custom XML."""
    for child in element:
        if child.tag == _W + tag:
            yield child
        elif child.tag in _DOCX_BLOCK_WRAPPERS:
            yield from _docx_children(child, tag)


# --- .odt ----------------------------------------------------------------------------------

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_ODT_PARAGRAPHS = frozenset({_TEXT + "p", _TEXT + "h"})
_ODT_ROW_GROUPS = frozenset(
    {_TABLE + "table-header-rows", _TABLE + "table-rows", _TABLE + "table-row-group"}
)
#: Block-level elements holding no body text: tracked deletions, forms, index templates, and
#: page-anchored frames (text boxes, as in .docx); declarations end in "-decls".
_ODT_SKIP_BLOCKS = frozenset(
    {
        _TEXT + "tracked-changes",
        _OFFICE + "forms",
        _TEXT + "index-title-template",
        _DRAW + "frame",
        _DRAW + "custom-shape",
    }
)
#: Inline elements whose content is not the paragraph's text: notes, comments, frames
#: (text boxes, images), ruby annotations.
_ODT_SKIP_INLINE = frozenset(
    {
        _TEXT + "note",
        _OFFICE + "annotation",
        _TEXT + "ruby-text",
        _DRAW + "frame",
        _DRAW + "custom-shape",
    }
)
_ODF_WHITESPACE = re.compile(r"[ \t\r\n]+")


def read_odt_file(path: Path, data: bytes, options: ReadOptions) -> SourceDraft:
    """Reader for .odt: the body's headings, paragraphs, lists and tables, in order."""
    with open_capped_zip(path.name, data, ".odt") as archive:
        try:
            if _odt_encrypted(archive):
                raise ImportFailedError(
                    _(
                        "{name}: the document is password-protected. Open it in LibreOffice "
                        "and save it without a password."
                    ).format(name=path.name),
                    FailureReason.ENCRYPTED,
                )
            content = _parse_xml(archive.read("content.xml"))
            meta = _odt_member(archive, "meta.xml")
        except _ZIP_READ_ERRORS:
            raise _damaged(path.name, ".odt") from None
    body = content.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise _damaged(path.name, ".odt")
    if _nested_deeper_than(content, MAX_XML_DEPTH):
        raise ImportFailedError(
            _("{name}: refused, the file is not a normal {kind} document ({problem}).").format(
                name=path.name,
                kind=".odt",
                problem=_("parts nested more than {limit} deep").format(limit=MAX_XML_DEPTH),
            ),
            FailureReason.REFUSED,
        )
    title = (meta.findtext(f"{_OFFICE}meta/{_DC_TITLE}") or "") if meta is not None else ""
    return _make_draft(path, data, "\n".join(_odt_blocks(body)), title, ODT_MIME)


def _parse_xml(xml: bytes) -> Element:
    from defusedxml import ElementTree  # imported on first use

    root: Element = ElementTree.fromstring(xml, forbid_dtd=True)
    return root


def _nested_deeper_than(root: Element, limit: int) -> bool:
    """Whether elements nest more than ``limit`` deep under ``root`` (walked without recursion)."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in element)
    return False


def _odt_member(archive: zipfile.ZipFile, member: str) -> Element | None:
    try:
        xml = archive.read(member)
    except KeyError:
        return None
    return _parse_xml(xml)


def _odt_encrypted(archive: zipfile.ZipFile) -> bool:
    manifest = _odt_member(archive, "META-INF/manifest.xml")
    return manifest is not None and manifest.find(f".//{_MANIFEST}encryption-data") is not None


def _odt_blocks(container: Element) -> Iterator[str]:
    for child in container:
        if child.tag in _ODT_PARAGRAPHS:
            yield _odt_paragraph(child)
        elif child.tag == _TABLE + "table":
            yield _odt_table(child)
        elif child.tag in _ODT_SKIP_BLOCKS or child.tag.endswith(("-decls", "-source")):
            continue
        else:  # lists, list items, sections, index bodies …
            yield from _odt_blocks(child)


def _odt_table(table: Element) -> str:
    return "\n".join(
        "\t".join("\n".join(_odt_blocks(cell)) for cell in row if cell.tag == _TABLE + "table-cell")
        for row in _odt_rows(table)
    )


def _odt_rows(element: Element) -> Iterator[Element]:
    for child in element:
        if child.tag == _TABLE + "table-row":
            yield child
        elif child.tag in _ODT_ROW_GROUPS:
            yield from _odt_rows(child)


@dataclass
class _OdfText:
    """A paragraph's text with ODF's white-space rule: runs of spaces, tabs and newlines in the
    XML collapse to one space, and are dropped at the paragraph's start and end; ``text:s``,
    ``text:tab`` and ``text:line-break`` stand for the characters kept."""

    parts: list[str] = field(default_factory=list)
    after_space: bool = True

    def characters(self, data: str | None) -> None:
        if not data:
            return
        data = _ODF_WHITESPACE.sub(" ", data)
        if self.after_space and data.startswith(" "):
            data = data[1:]
        if data:
            self.parts.append(data)
            self.after_space = data.endswith(" ")

    def literal(self, data: str) -> None:
        self.parts.append(data)
        self.after_space = False


def _odt_paragraph(paragraph: Element) -> str:
    text = _OdfText()
    _odt_inline(paragraph, text)
    if text.parts and text.after_space:  # collapsed white space at the end is dropped too
        text.parts[-1] = text.parts[-1][:-1]
    return "".join(text.parts)


def _odt_inline(element: Element, text: _OdfText) -> None:
    text.characters(element.text)
    for child in element:
        if child.tag == _TEXT + "s":
            text.literal(" " * int(child.get(_TEXT + "c", "1") or 1))
        elif child.tag == _TEXT + "tab":
            text.literal("\t")
        elif child.tag == _TEXT + "line-break":
            text.literal("\n")
        elif child.tag not in _ODT_SKIP_INLINE:
            _odt_inline(child, text)
        text.characters(child.tail)


# --- .rtf ----------------------------------------------------------------------------------

_RTF_TOKEN = re.compile(
    rb"""
      \\(?P<word>[a-zA-Z]{1,32})(?P<arg>-?\d{1,10})?\x20?
    | \\'(?P<hex>[0-9a-fA-F]{2})
    | \\(?P<symbol>[^a-zA-Z])
    | (?P<brace>[{}])
    | (?P<skip>[\r\n]+|\\)
    | (?P<text>[^\\{}\r\n]+)
    """,
    re.VERBOSE | re.DOTALL,
)
#: Groups whose text is not the document's: tables of fonts, colours and styles, pictures,
#: headers, footers, footnotes, comments, field instructions, shapes, embedded objects.
_RTF_SKIP = frozenset(
    """
    colortbl stylesheet listtable listoverridetable revtbl rsidtbl filetbl pgdsctbl
    latentstyles themedata colorschememapping datastore xmlnstbl generator mmathPr
    pict nonshppict shp shppict object objdata objclass result
    header headerl headerr headerf footer footerl footerr footerf
    footnote annotation atnid atnauthor atndate fldinst xe tc txe rxe bkmkstart bkmkend
    pn pnseclvl pntxta pntxtb upr private
    """.split()
)
_RTF_SYMBOLS = {
    b"\\": "\\",
    b"{": "{",
    b"}": "}",
    b"~": "\u00a0",
    b"_": "\u2011",
    b"-": "",
    b"\n": "\n",
    b"\r": "\n",
}
_RTF_WORDS = {
    "par": "\n",
    "sect": "\n",
    "page": "\n",
    "line": "\n",
    "tab": "\t",
    "cell": "\t",
    "nestcell": "\t",
    "emdash": "\u2014",
    "endash": "\u2013",
    "emspace": "\u2003",
    "enspace": "\u2002",
    "qmspace": "\u2005",
    "bullet": "\u2022",
    "lquote": "\u2018",
    "rquote": "\u2019",
    "ldblquote": "\u201c",
    "rdblquote": "\u201d",
    "zwj": "\u200d",
    "zwnj": "\u200c",
    "ltrmark": "\u200e",
    "rtlmark": "\u200f",
}
_RTF_DEFAULT_CODEPAGES = {"ansi": "cp1252", "mac": "mac_roman", "pc": "cp437", "pca": "cp850"}
#: \fcharsetN → code page (0 and 1: the document's ANSI code page).
_RTF_CHARSETS = {
    2: "cp1252",
    77: "mac_roman",
    128: "cp932",
    129: "cp949",
    130: "cp1361",
    134: "cp936",
    136: "cp950",
    161: "cp1253",
    162: "cp1254",
    163: "cp1258",
    177: "cp1255",
    178: "cp1256",
    186: "cp1257",
    204: "cp1251",
    222: "cp874",
    238: "cp1250",
    254: "cp437",
    255: "cp850",
}


#: How many ``{…}`` groups an RTF document may open inside each other. Word nests a few
#: dozen at most (tables in tables included); each open group holds its state, so a file of
#: nothing but ``{`` (a million take 1 MB) would otherwise cost hundreds of megabytes.
MAX_RTF_DEPTH = 1_000


class _RtfTooDeep(Exception):
    """The document opens more than ``MAX_RTF_DEPTH`` groups inside each other."""


@dataclass
class _RtfGroup:
    """What a ``{…}`` group sets, restored when it closes."""

    skip: bool = False
    destination: str = ""  # "fonttbl", "info", "title" or "" for the body
    unicode_skip: int = 1  # \ucN: bytes of fallback after each \uN
    font: str | None = None


@dataclass
class _RtfDecoder:
    """Walks RTF tokens and keeps the body text and the title of ``\\info``."""

    ansi_codepage: str = "cp1252"
    default_font: str | None = None
    fonts: dict[str, str | None] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    group: _RtfGroup = field(default_factory=_RtfGroup)
    stack: list[_RtfGroup] = field(default_factory=list)
    pending: bytearray = field(default_factory=bytearray)  # code-page bytes not yet decoded
    fallback_left: int = 0  # fallback characters still to skip after a \uN
    starred: bool = False  # the group began with \*
    defining_font: str | None = None

    def decode(self, data: bytes) -> str:
        position = 0
        while position < len(data):
            match = _RTF_TOKEN.match(data, position)
            assert match is not None  # the last two alternatives match any byte
            position = match.end()
            if match["hex"] is not None:
                self.byte(int(match["hex"], 16))
                continue
            self.flush()
            if match["word"] is not None:
                word = match["word"].decode("ascii")
                argument = int(match["arg"]) if match["arg"] is not None else None
                if word == "bin" and argument is not None and argument > 0:
                    position += argument  # binary data, never text (a negative N would loop)
                self.control_word(word, argument)
            elif match["symbol"] is not None:
                self.symbol(match["symbol"])
            elif match["brace"] is not None:
                if not self.brace(match["brace"]):
                    break
            elif match["text"] is not None:
                self.text(match["text"])
        self.flush()
        return "".join(self.body)

    # tokens

    def brace(self, brace: bytes) -> bool:
        """Open or close a group; False once the outermost group has closed."""
        self.fallback_left = 0
        self.starred = False
        if brace == b"{":
            if len(self.stack) >= MAX_RTF_DEPTH:
                raise _RtfTooDeep
            self.stack.append(self.group)
            self.group = dataclasses.replace(self.group)
            return True
        if not self.stack:
            return False
        self.group = self.stack.pop()
        return bool(self.stack)

    def symbol(self, symbol: bytes) -> None:
        if self.skip_fallback():
            return
        if symbol == b"*":
            self.starred = True
        elif symbol in _RTF_SYMBOLS:
            self.emit(_RTF_SYMBOLS[symbol])

    def control_word(self, word: str, argument: int | None) -> None:
        starred, self.starred = self.starred, False
        if self.skip_fallback():
            return
        if self.destination(word, starred):
            return
        if word == "u" and argument is not None:
            self.emit(_rtf_unicode(argument))
            self.fallback_left = self.group.unicode_skip
        elif word == "uc" and argument is not None:
            self.group.unicode_skip = max(argument, 0)
        elif word in _RTF_WORDS:
            self.emit(_RTF_WORDS[word])
        elif word in ("row", "nestrow"):
            if self.body and self.body[-1] == "\t" and not self.group.skip:
                self.body.pop()  # the last cell's separator ends the row
            self.emit("\n")
        else:
            self.formatting(word, argument)

    def destination(self, word: str, starred: bool) -> bool:
        """Handle a word that opens a destination; True when it did."""
        group = self.group
        if word == "ud":  # the Unicode half of {\upr{ANSI}{\*\ud{Unicode}}}
            group.skip = False
        elif starred or word in _RTF_SKIP:
            group.skip = True
        elif word in ("fonttbl", "info"):
            group.destination = word
        elif word == "title" and group.destination == "info":
            group.destination = "title"
        else:
            return False
        return True

    def formatting(self, word: str, argument: int | None) -> None:
        group = self.group
        if word in _RTF_DEFAULT_CODEPAGES:
            self.ansi_codepage = _RTF_DEFAULT_CODEPAGES[word]
        elif word == "ansicpg" and argument:
            self.ansi_codepage = _known_codepage(f"cp{argument}", self.ansi_codepage) or "cp1252"
        elif word == "deff" and argument is not None:
            self.default_font = str(argument)
        elif word == "f" and argument is not None:
            if group.destination == "fonttbl":
                self.defining_font = str(argument)
                self.fonts.setdefault(self.defining_font, None)
            else:
                group.font = str(argument)
        elif word == "fcharset" and argument is not None and self.defining_font is not None:
            self.fonts[self.defining_font] = _RTF_CHARSETS.get(argument)
        elif word == "cpg" and argument and self.defining_font is not None:
            self.fonts[self.defining_font] = _known_codepage(f"cp{argument}", None)
        elif word == "plain":
            group.font = None

    def text(self, data: bytes) -> None:
        if self.fallback_left:
            skipped = min(self.fallback_left, len(data))
            self.fallback_left -= skipped
            data = data[skipped:]
        if data.isascii():
            self.emit(data.decode("ascii"))
        else:  # 8-bit bytes written raw instead of as \'xx
            self.pending.extend(data)

    def byte(self, value: int) -> None:
        if self.skip_fallback():
            return
        self.pending.append(value)

    # output

    def skip_fallback(self) -> bool:
        if self.fallback_left:
            self.fallback_left -= 1
            return True
        return False

    def flush(self) -> None:
        if self.pending:
            self.emit(bytes(self.pending).decode(self.codepage(), errors="replace"))
            self.pending.clear()

    def codepage(self) -> str:
        font = self.group.font if self.group.font is not None else self.default_font
        return self.fonts.get(font or "") or self.ansi_codepage

    def emit(self, text: str) -> None:
        if self.group.skip or not text:
            return
        if self.group.destination == "":
            self.body.append(text)
        elif self.group.destination == "title":
            self.title.append(text)


def _rtf_unicode(argument: int) -> str:
    """The character of ``\\uN``: N is a signed 16-bit number (-1 is U+FFFF)."""
    code = argument + 0x10000 if -0x8000 <= argument < 0 else argument
    return chr(code) if 0 <= code <= 0x10FFFF else "\ufffd"


def _known_codepage(codepage: str, fallback: str | None) -> str | None:
    try:
        codecs.lookup(codepage)
    except LookupError:
        return fallback
    return codepage


def rtf_to_text(data: bytes) -> tuple[str, str]:
    """The text of an RTF document and its ``\\info`` title (not yet canonical).

    Raises ``_RtfTooDeep`` past ``MAX_RTF_DEPTH`` nested groups."""
    decoder = _RtfDecoder()
    text = decoder.decode(data)
    return _join_surrogates(text), _join_surrogates("".join(decoder.title))


def _join_surrogates(text: str) -> str:
    """Pairs of ``\\uN`` surrogates as the one character they encode; a lone one as U+FFFD."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def read_rtf_file(path: Path, data: bytes, options: ReadOptions) -> SourceDraft:
    """Reader for .rtf: the document's text with its code pages and Unicode escapes decoded."""
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        raise ImportFailedError(
            _("{name}: this is not an RTF document.").format(name=path.name), FailureReason.DAMAGED
        )
    try:
        text, title = rtf_to_text(data)
    except _RtfTooDeep:
        raise ImportFailedError(
            _(
                "{name}: refused, the RTF document nests more than {limit} groups inside each "
                "other; it is damaged or not a real document."
            ).format(name=path.name, limit=MAX_RTF_DEPTH),
            FailureReason.REFUSED,
        ) from None
    return _make_draft(path, data, text.lstrip("\r\n"), title, RTF_MIME)
