"""Scanned PDFs for the OCR tests, made from generated pages whose words and boxes are known.

``typeset`` writes an Indonesian and an English page (running head, printed page number, three
paragraphs of 10.5-pt Times) as a born-digital PDF; ``scan`` renders every page to a grey JPEG
and keeps only the pictures, as a scanner would: no text layer. The born-digital pages are the
truth the OCR is measured against — their words (``SOURCE_TEXTS``) and where each word is drawn
(``word_boxes``).

``FakeOcr`` stands in for Tesseract where a test is about what Kutip does with OCR's result
(storage, offsets, export, reading again) rather than about Tesseract: it returns, as each
scanned page's layer, the character data of the born-digital page it was made from.
"""

from __future__ import annotations

import collections
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pymupdf
import pytest

from kutip.ingest.pdf.ocr import OcrRead, encode_layer
from kutip.ingest.pdf.pagetext import TEXT_FLAGS
from kutip.ingest.pdf.tessdata import DEFAULT_LANGUAGE, OcrUnavailableError, find_tessdata

INDONESIAN = (
    "Partisipasi politik generasi muda dalam pemilihan umum 2024 menunjukkan pola yang berbeda "
    "dari pemilu sebelumnya. Media sosial menjadi ruang utama bagi pemilih pemula untuk mencari "
    "informasi tentang calon dan partai politik. Namun, penyebaran hoaks dan ujaran kebencian "
    "juga meningkat selama masa kampanye, sehingga kepercayaan terhadap sumber berita menurun.",
    "Penelitian ini menggunakan pendekatan kualitatif dengan wawancara mendalam terhadap lima "
    "belas informan dari berbagai provinsi. Setiap informan diminta menceritakan pengalaman "
    "mereka menggunakan media sosial selama masa kampanye.",
    "Hasil penelitian menunjukkan bahwa aksesibilitas informasi, kredibilitas sumber, dan "
    "pengaruh teman sebaya merupakan faktor yang paling sering disebutkan. Informan dari luar "
    "Jawa lebih banyak mengandalkan grup percakapan keluarga.",
)
ENGLISH = (
    "Political participation among young voters in the 2024 Indonesian general election "
    "followed patterns that differ from earlier elections. Social media became the main arena "
    "in which first-time voters looked for information about candidates and parties.",
    "This study uses a qualitative approach, with in-depth interviews of fifteen informants "
    "from several provinces. The interview transcripts were then coded thematically to find "
    "the factors that shaped their voting decisions.",
    "The results show that access to information, the credibility of sources and the influence "
    "of peers were the factors mentioned most often. Informants outside Java relied more on "
    "family chat groups.",
)
#: Each page: its running head, its printed page number, its paragraphs.
PAGES = (
    ("Jurnal Ilmu Politik 12(2)", "245", INDONESIAN),
    ("Journal of Political Studies 12(2)", "246", ENGLISH),
)
SOURCE_TEXTS = tuple(" ".join(paragraphs) for _head, _folio, paragraphs in PAGES)
FONT, SIZE, MARGIN = "tiro", 10.5, 72.0


def tesseract_ready() -> bool:
    try:
        find_tessdata(DEFAULT_LANGUAGE)
    except OcrUnavailableError:
        return False
    return True


#: For the tests that run Tesseract itself.
needs_tesseract = pytest.mark.skipif(
    not tesseract_ready(),
    reason="Tesseract's Indonesian and English data is not installed "
    "(Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng)",
)


def typeset(pages: Sequence[tuple[str, str, Sequence[str]]] = PAGES) -> pymupdf.Document:
    """Born-digital A4 pages: a running head and page number, then the paragraphs."""
    doc = pymupdf.open()
    font = pymupdf.Font(FONT)
    width = 595 - 2 * MARGIN
    for head, folio, paragraphs in pages:
        page = doc.new_page(width=595, height=842)
        page.insert_text((MARGIN, 50), head, fontname=FONT, fontsize=8)
        page.insert_text((595 - MARGIN - font.text_length(folio, 8), 50), folio,
                         fontname=FONT, fontsize=8)  # fmt: skip
        y = 90.0
        for paragraph in paragraphs:
            line = ""
            for word in paragraph.split():
                candidate = f"{line} {word}".strip()
                if font.text_length(candidate, SIZE) > width:
                    page.insert_text((MARGIN, y), line, fontname=FONT, fontsize=SIZE)
                    y += SIZE * 1.4
                    candidate = word
                line = candidate
            page.insert_text((MARGIN, y), line, fontname=FONT, fontsize=SIZE)
            y += SIZE * 2.6
    return doc


def scan(doc: pymupdf.Document, dpi: int = 200) -> bytes:
    """Every page as a grey JPEG picture on a page of its own: a scan, without any text."""
    out = pymupdf.open()
    for page in doc:
        picture = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        new = out.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, stream=picture.tobytes("jpeg", jpg_quality=80))
    data = out.tobytes(garbage=3, deflate=True)
    out.close()
    return data


def scanned_pages() -> tuple[bytes, bytes]:
    """(the scan, the born-digital PDF it shows)."""
    doc = typeset()
    born = doc.tobytes()
    data = scan(doc)
    doc.close()
    return data, born


def half_scanned() -> tuple[bytes, bytes]:
    """A two-page PDF whose first page has its text and whose second is a picture of one (the
    Indonesian page born-digital, the English one scanned); and the born-digital PDF."""
    doc = typeset()
    born = doc.tobytes()
    out = pymupdf.open()
    out.insert_pdf(doc, from_page=0, to_page=0)
    picture = doc[1].get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)
    page = out.new_page(width=doc[1].rect.width, height=doc[1].rect.height)
    page.insert_image(page.rect, stream=picture.tobytes("jpeg", jpg_quality=80))
    data = out.tobytes(garbage=3, deflate=True)
    out.close()
    doc.close()
    return data, born


def words(text: str) -> list[str]:
    return re.findall(r"\w+(?:-\w+)*", text)


def word_recall(source: str, read: str) -> float:
    """The share of the source's words (counted with repeats) that the reading has."""
    wanted, got = collections.Counter(words(source)), collections.Counter(words(read))
    return sum(min(n, got[w]) for w, n in wanted.items()) / sum(wanted.values())


def word_boxes(born: bytes, index: int) -> dict[str, list[pymupdf.Rect]]:
    """Where each word is drawn on page ``index`` of the born-digital PDF (by the word without
    the punctuation after it; the box holds that too)."""
    with pymupdf.open(stream=born, filetype="pdf") as doc:
        found: dict[str, list[pymupdf.Rect]] = collections.defaultdict(list)
        for x0, y0, x1, y1, word, *_rest in doc[index].get_text("words"):
            found[word.strip(".,;:")].append(pymupdf.Rect(x0, y0, x1, y1))
    return found


def overlap(a: pymupdf.Rect, b: pymupdf.Rect) -> float:
    """Intersection over union of two rectangles."""
    common = abs(pymupdf.Rect(a) & b)
    return common / (abs(a) + abs(b) - common) if common else 0.0


@dataclass
class FakeOcr:
    """OCR that reads each page as the born-digital page it shows (see the module docstring).

    ``edit`` changes what is "read" (another language reading a word otherwise); ``calls``
    records the pages asked for.
    """

    born: bytes
    language: str = DEFAULT_LANGUAGE
    edit: Callable[[str], str] = lambda text: text
    calls: list[list[int]] = field(default_factory=list)

    def __call__(self, data: bytes, password: str | None, pages: list[int]) -> OcrRead:
        self.calls.append(list(pages))
        layers = {}
        with pymupdf.open(stream=self.born, filetype="pdf") as doc:
            for index in pages:
                raw = doc[index].get_text("rawdict", flags=TEXT_FLAGS)
                for block in raw["blocks"]:
                    for line in block.get("lines", []):
                        for span in line["spans"]:
                            read = self.edit("".join(c["c"] for c in span["chars"]))
                            assert len(read) == len(span["chars"]), "edits keep the length"
                            for char, letter in zip(span["chars"], read, strict=True):
                                char["c"] = letter
                crop = doc[index].cropbox
                layers[index] = encode_layer(raw, crop.width, crop.height)
        return OcrRead(self.language, layers)
