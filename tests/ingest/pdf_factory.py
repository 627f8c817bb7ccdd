"""PDFs for the PDF import tests and benchmark, made with PyMuPDF so every expectation is exact.

Text is placed line by line (``write_lines``) rather than flowed by PyMuPDF, so a test decides
where lines break, where a word is hyphenated and what stands in headers and footers.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Sequence

import pymupdf

A4 = pymupdf.paper_rect("a4")
MARGIN = 56.0
COLUMN_GAP = 18.0
FONT = "helv"
SIZE = 10.0
LEADING = 1.35


def new_pdf() -> pymupdf.Document:
    return pymupdf.open()


def to_bytes(doc: pymupdf.Document, **save_options: object) -> bytes:
    data = doc.tobytes(**save_options)
    doc.close()
    return data


def write_lines(
    page: pymupdf.Page,
    lines: Sequence[str],
    x: float,
    y: float,
    *,
    size: float = SIZE,
    font: str = FONT,
    leading: float = LEADING,
) -> float:
    """Write one line per entry, the first baseline at ``y``; returns the next free baseline."""
    for line in lines:
        if line:
            page.insert_text((x, y), line, fontname=font, fontsize=size)
        y += size * leading
    return y


def write_paragraphs(
    page: pymupdf.Page,
    paragraphs: Sequence[Sequence[str]],
    x: float,
    y: float,
    *,
    size: float = SIZE,
    font: str = FONT,
) -> float:
    """Paragraphs (each a list of lines) with a blank line between them, as separate blocks."""
    for lines in paragraphs:
        y = write_lines(page, lines, x, y, size=size, font=font) + size * 1.5
    return y


def column_width(columns: int = 2, rect: pymupdf.Rect = A4) -> float:
    return (rect.width - 2 * MARGIN - (columns - 1) * COLUMN_GAP) / columns


def column_x(index: int, columns: int = 2) -> float:
    return MARGIN + index * (column_width(columns) + COLUMN_GAP)


def wrap(
    words: Sequence[str],
    width: float,
    *,
    size: float = SIZE,
    font: str = FONT,
    hyphenate: bool = False,
) -> list[str]:
    """Greedy line breaking; with ``hyphenate``, a long word that does not fit is split."""

    def fits(text: str) -> bool:
        return _text_width(text, font) * size <= width

    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if fits(candidate):
            line = candidate
            continue
        if hyphenate and len(word) >= 8 and line:
            for cut in range(len(word) - 3, 2, -1):
                if fits(f"{line} {word[:cut]}-"):
                    lines.append(f"{line} {word[:cut]}-")
                    word = word[cut:]
                    break
            else:
                lines.append(line)
        elif line:
            lines.append(line)
        line = word
    if line:
        lines.append(line)
    return lines


@functools.cache
def _font(name: str) -> pymupdf.Font:
    return pymupdf.Font(name)


@functools.cache
def _word_width(word: str, font: str) -> float:
    return _font(font).text_length(word, fontsize=1)


def _text_width(text: str, font: str) -> float:
    words = text.split(" ")
    return sum(_word_width(w, font) for w in words) + (len(words) - 1) * _word_width(" ", font)


def set_to_unicode(doc: pymupdf.Document, page: pymupdf.Page, mapping: dict[str, str]) -> None:
    """Give the page's Helvetica a ToUnicode CMap: each (one-byte) character reads as a string.

    This is how PDFs carry text a simple font's encoding cannot say (emoji, decomposed accents,
    ligature glyphs): the glyph drawn is the byte's, the text extracted is the mapping's.
    """
    xref = next(f[0] for f in page.get_fonts() if f[3] == "Helvetica")
    entries = "\n".join(
        f"<{ord(code):02X}> <{text.encode('utf-16-be').hex().upper()}>"
        for code, text in mapping.items()
    )
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        f"{len(mapping)} beginbfchar\n{entries}\nendbfchar\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    )
    stream = doc.get_new_xref()
    doc.update_object(stream, "<<>>")
    doc.update_stream(stream, cmap.encode("ascii"))
    doc.xref_set_key(xref, "ToUnicode", f"{stream} 0 R")


def add_image(page: pymupdf.Page, rect: pymupdf.Rect | None = None, seed: int = 0) -> None:
    """A grey noise image, as a scanner would leave it: pixels, no text."""
    rng = random.Random(seed)
    width, height = 60, 80
    samples = bytes(rng.randrange(256) for _ in range(width * height))
    pixmap = pymupdf.Pixmap(pymupdf.csGRAY, width, height, samples, False)
    page.insert_image(rect or page.rect, pixmap=pixmap)


# --------------------------------------------------------------------------------------------
# A journal-like article, for the benchmark and the larger tests

WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at "
    "which but have an they you were their one all we can her has there been if more when "
    "will would who so no qualitative research interview participants community village "
    "reported experience shaped economic social cultural factors fieldwork ethnography "
    "analysis transcripts coding themes household livelihoods migration remittances "
    "agricultural cooperative smallholder negotiation identity religious practices "
    "governance decentralisation accountability kampung desa masyarakat petani nelayan "
    "perempuan keluarga gotong-royong musyawarah kebijakan pemerintah pembangunan"
).split()


def journal_page(
    doc: pymupdf.Document, number: int, rng: random.Random, words_per_page: int = 600
) -> None:
    """A two-column page of a journal article: running header with its page number.

    Written with a TextWriter (one content stream per page), which is much faster than a
    call per line: the benchmark makes thousands of these pages.
    """
    page = doc.new_page(width=A4.width, height=A4.height)
    font = _font(FONT)
    writer = pymupdf.TextWriter(page.rect)
    header_y = MARGIN - 20
    writer.append((MARGIN, header_y), "Journal of Rural Studies 41", font=font, fontsize=8)
    label = str(number)
    x = A4.width - MARGIN - _text_width(label, FONT) * 8
    writer.append((x, header_y), label, font=font, fontsize=8)
    size = 8.5
    per_column = words_per_page // 2
    for column in range(2):
        words = [rng.choice(WORDS) for _ in range(per_column)]
        y = MARGIN + 10
        while words:
            take = rng.randint(60, 140)
            chunk, words = words[:take], words[take:]
            for line in wrap(chunk, column_width(), size=size, hyphenate=True):
                writer.append((column_x(column), y), line, font=font, fontsize=size)
                y += size * LEADING
            y += size * 1.5
    writer.write_text(page)


def journal_article(pages: int, first_page: int = 1, seed: int = 0) -> bytes:
    rng = random.Random(seed)
    doc = new_pdf()
    for i in range(pages):
        journal_page(doc, first_page + i, rng)
    doc.set_metadata({"title": f"Article {seed}", "author": "A. Author; B. Author"})
    return to_bytes(doc, garbage=3, deflate=True)


# --------------------------------------------------------------------------------------------
# Page furniture: running heads and feet, folios, paragraphs running over page breaks


def furnished_pages(
    pages: Sequence[Sequence[str]],
    *,
    first_folio: int = 1,
    odd_head: str = "",
    even_head: str = "",
    foot: str = "",
    folio_at: str = "bottom",
    width: float | None = None,
) -> bytes:
    """One page per list of body lines (written as one block, justified-looking: each line as
    ``wrap`` broke it), with running heads and feet as a journal or a manual prints them.

    ``odd_head`` stands on pages with odd folios, ``even_head`` on even ones; ``foot`` at the
    bottom of every page. ``{n}`` in them is the folio, ``{total}`` the last folio. The folio
    itself stands alone, centred in the foot (``folio_at="bottom"``), at the outer end of the
    head's line (``"top"``), or nowhere but in the heads and feet (``"none"``).
    """
    doc = new_pdf()
    last = first_folio + len(pages) - 1
    for k, lines in enumerate(pages):
        page = doc.new_page(width=A4.width, height=A4.height)
        folio = first_folio + k
        values = {"n": folio, "total": last}
        head = (odd_head if folio % 2 else even_head).format(**values)
        head_y = MARGIN - 16
        if head:
            x = MARGIN if folio % 2 else A4.width - MARGIN - _text_width(head, FONT) * 8
            page.insert_text((x, head_y), head, fontname=FONT, fontsize=8)
        if folio_at == "top":
            number = str(folio)
            x = A4.width - MARGIN - _text_width(number, FONT) * 8 if folio % 2 else MARGIN
            page.insert_text((x, head_y), number, fontname=FONT, fontsize=8)
        if foot:
            text = foot.format(**values)
            page.insert_text((MARGIN, A4.height - MARGIN + 10), text, fontname=FONT, fontsize=8)
        if folio_at == "bottom":
            number = str(folio)
            x = (A4.width - _text_width(number, FONT) * SIZE) / 2
            page.insert_text((x, A4.height - MARGIN + 24), number, fontname=FONT, fontsize=SIZE)
        write_lines(page, lines, MARGIN, MARGIN + 14)
    return to_bytes(doc)


def body_width() -> float:
    return A4.width - 2 * MARGIN


def paragraph_lines(text: str, *, hyphenate: bool = False) -> list[str]:
    """``text`` broken into lines of the page's body width."""
    return wrap(text.split(), body_width(), hyphenate=hyphenate)


#: The spacing accent a font without accented letters draws over a letter, by the combining
#: mark it stands for (those Helvetica's simple encoding has).
_SPACING = {
    "\u0308": "\u00a8",  # ¨
    "\u0301": "\u00b4",  # ´
    "\u0300": "`",
    "\u0302": "\u02c6",  # ˆ
    "\u0303": "\u02dc",  # ˜
    "\u0304": "\u00af",  # ¯
    "\u0327": "\u00b8",  # ¸
}
#: Drawn where a dotless ı stands; the page's ToUnicode makes it read as ı.
_DOTLESS = "\u00a6"


def write_accented(
    doc: pymupdf.Document,
    page: pymupdf.Page,
    lines: Sequence[str],
    *,
    accent_first: bool = True,
    x: float = MARGIN,
    y: float = MARGIN + 20,
    size: float = 12.0,
) -> None:
    """Write ``lines`` as TeX with Type 1 fonts does: a letter followed by a combining mark
    (``"o\\u0308"``) is drawn as the letter with a spacing accent centred over it (before the
    letter in the content stream if ``accent_first``, else after); "ı" is a dotless i."""
    font = _font(FONT)
    for line in lines:
        pen, i = x, 0
        while i < len(line):
            glyph = _DOTLESS if line[i] == "\u0131" else line[i]
            accent = _SPACING.get(line[i + 1 : i + 2])
            width = font.text_length(glyph, fontsize=size)
            over = (pen + (width - font.text_length(accent, fontsize=size)) / 2) if accent else 0
            if accent and accent_first:
                page.insert_text((over, y), accent, fontname=FONT, fontsize=size)
            page.insert_text((pen, y), glyph, fontname=FONT, fontsize=size)
            if accent and not accent_first:
                page.insert_text((over, y), accent, fontname=FONT, fontsize=size)
            pen += width
            i += 2 if accent else 1
        y += size * 2
    if any("\u0131" in line for line in lines):
        set_to_unicode(doc, page, {_DOTLESS: "\u0131"})
