"""Page furniture in imported PDFs: running heads, feet and folios are not text, yet still name
the pages; paragraphs and words run on across page breaks.

Every PDF is made here (pdf_factory.furnished_pages), so what is furniture is known exactly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
from pdf_factory import furnished_pages, paragraph_lines

from kutip.ingest.drafts import ReadOptions, SourceDraft
from kutip.ingest.pdf.pagetext import page_text
from kutip.ingest.pdf.reader import read_pdf

ODD_HEAD = "Jurnal Komunikasi Indonesia 12 (2)"
EVEN_HEAD = "Wijaya and Kusuma: Hoaks dan Pemilu"

PARAGRAPHS = [
    "Kampanye di media sosial menjangkau pemilih muda yang jarang menonton televisi dan "
    "lebih sering membaca linimasa mereka sendiri setiap pagi sebelum berangkat kuliah.",
    "Para informan menyebut konten yang sekadar sensasional sebagai alasan utama mereka "
    "berhenti mengikuti akun partai, meskipun sebagian tetap membagikan tautan berita.",
    "Relawan desa mengatakan bahwa pertemuan tatap muka masih menentukan pilihan keluarga "
    "petani, terutama ketika harga pupuk naik menjelang musim tanam berikutnya.",
    "Grup percakapan keluarga menjadi tempat hoaks beredar paling cepat, karena pesan dari "
    "kerabat jarang diperiksa kebenarannya sebelum diteruskan kepada orang lain.",
    "Sebagian guru mengajak murid memeriksa sumber berita bersama di kelas, dan kebiasaan "
    "itu kemudian dibawa pulang ke rumah masing-masing oleh para murid tersebut.",
    "Pengawas pemilu mencatat bahwa laporan pelanggaran daring meningkat tajam pada minggu "
    "terakhir masa kampanye, terutama di kabupaten yang jaringan internetnya baru.",
]


def read(data: bytes) -> SourceDraft:
    return read_pdf(Path("artikel.pdf"), data, ReadOptions())


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def pages_of_paragraphs(per_page: int = 2) -> list[list[str]]:
    """Two paragraphs a page, each page's paragraphs different."""
    return [
        [line for paragraph in PARAGRAPHS[k : k + per_page] for line in paragraph_lines(paragraph)]
        for k in range(0, len(PARAGRAPHS), per_page)
    ]


def assert_view_reads_as_stored(data: bytes, draft: SourceDraft) -> None:
    """The PDF view rebuilds each page's text with its stored furniture: the same text."""
    doc = pymupdf.open(stream=data, filetype="pdf")
    for page in draft.pages:
        shown = page_text(doc.load_page(page.index), boxes=True, skip=page.furniture)
        assert shown.clipped(page.end - page.start).text == draft.text[page.start : page.end]
        assert shown.boxes is not None and len(shown.boxes) >= page.end - page.start


def test_odd_and_even_running_heads_and_folios_in_the_foot_are_not_text() -> None:
    data = furnished_pages(
        pages_of_paragraphs(), first_folio=245, odd_head=ODD_HEAD, even_head=EVEN_HEAD
    )
    draft = read(data)
    # The folios still name the pages, as printed.
    assert [page.label for page in draft.pages] == ["245", "246", "247"]
    # Neither head nor folio is in the text: only the paragraphs' words, in order.
    assert words(draft.text) == words(" ".join(PARAGRAPHS))
    assert "Jurnal" not in draft.text and "Hoaks dan Pemilu" not in draft.text
    assert all(page.furniture for page in draft.pages)
    assert_view_reads_as_stored(data, draft)


def test_folios_at_the_outer_end_of_the_heads_are_not_text_either() -> None:
    data = furnished_pages(
        pages_of_paragraphs(), first_folio=12, odd_head=ODD_HEAD, even_head=EVEN_HEAD,
        folio_at="top",
    )  # fmt: skip
    draft = read(data)
    assert [page.label for page in draft.pages] == ["12", "13", "14"]
    assert words(draft.text) == words(" ".join(PARAGRAPHS))
    assert_view_reads_as_stored(data, draft)


def test_a_manuals_title_and_page_of_total_in_the_foot() -> None:
    # "Title 217 / 238" in every foot: the title and the numbers go, the numbers label the pages.
    data = furnished_pages(
        pages_of_paragraphs(), first_folio=217, foot="Panduan Literasi Digital {n} / {total}",
        folio_at="none",
    )  # fmt: skip
    draft = read(data)
    assert [page.label for page in draft.pages] == ["217", "218", "219"]
    assert words(draft.text) == words(" ".join(PARAGRAPHS))
    assert "Panduan" not in draft.text and "219" not in draft.text


def test_a_paragraph_running_over_a_page_break_is_one_paragraph_and_quotes_continuously() -> None:
    lines = paragraph_lines(PARAGRAPHS[0] + " " + PARAGRAPHS[1])
    cut = len(lines) // 2
    data = furnished_pages(
        [lines[:cut], lines[cut:], *pages_of_paragraphs()[1:]],
        first_folio=44, odd_head=ODD_HEAD, even_head=EVEN_HEAD,
    )  # fmt: skip
    draft = read(data)
    # A quote of the last words on printed page 44 and the first on page 45.
    quote = " ".join(lines[cut - 1].split()[-3:] + lines[cut].split()[:3])
    start = draft.text.index(quote)
    assert draft.pages[0].start <= start < draft.pages[0].end
    assert draft.pages[1].start < start + len(quote) <= draft.pages[1].end
    # No folio, no head in it: the pages are joined by a space.
    assert draft.text[draft.pages[0].end : draft.pages[1].start] == " "
    # The paragraph is one: the first blank line (a paragraph break) is after page 45.
    assert draft.text.index("\n\n") == draft.pages[1].end
    assert_view_reads_as_stored(data, draft)


def test_a_word_hyphenated_across_a_page_break_is_joined() -> None:
    lines = paragraph_lines(" ".join(PARAGRAPHS[:3]), hyphenate=True)
    cut = next(k for k, line in enumerate(lines) if line.endswith("-")) + 1
    broken = lines[cut - 1].rsplit(" ", 1)[1][:-1] + lines[cut].split(" ", 1)[0]
    pages = [lines[:cut], lines[cut:], *pages_of_paragraphs()[2:]]
    data = furnished_pages(pages, odd_head=ODD_HEAD, even_head=EVEN_HEAD)
    draft = read(data)
    assert broken in words(draft.text)
    # The hyphen is drawn on the first page but is not in the text: that page's range ends
    # before it, and the next page follows without a gap.
    assert draft.pages[0].end == draft.pages[1].start
    assert words(draft.text) == words(" ".join(PARAGRAPHS[:3] + PARAGRAPHS[4:]))
    assert_view_reads_as_stored(data, draft)


def test_a_paragraph_ending_with_its_page_is_still_a_paragraph_break() -> None:
    data = furnished_pages(pages_of_paragraphs(), odd_head=ODD_HEAD, even_head=EVEN_HEAD)
    draft = read(data)
    for before, after in zip(draft.pages, draft.pages[1:], strict=False):
        assert draft.text[before.end : after.start] == "\n\n"


def test_paragraph_autocoding_takes_the_whole_paragraph_across_the_page_break() -> None:
    from kutip.search.autocode import paragraph_around

    lines = paragraph_lines(PARAGRAPHS[0] + " " + PARAGRAPHS[1])
    cut = len(lines) // 2
    data = furnished_pages(
        [lines[:cut], lines[cut:], *pages_of_paragraphs()[1:]],
        odd_head=ODD_HEAD, even_head=EVEN_HEAD,
    )  # fmt: skip
    draft = read(data)
    word = lines[-1].split()[-2]  # on the second page
    at = draft.text.index(word, draft.pages[1].start)
    start, end = paragraph_around(draft.text, at, at + len(word))
    assert words(draft.text[start:end]) == words(PARAGRAPHS[0] + " " + PARAGRAPHS[1])
    assert start < draft.pages[0].end and end > draft.pages[1].start
