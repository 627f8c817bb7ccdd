"""Furniture detection over plain page lines, as OCR would hand them over (no PDF involved)."""

from __future__ import annotations

import random

from kutip.ingest.pdf.furniture import Line, PageLines, edge_numbers, find_furniture, folio_only

WIDTH, HEIGHT = 595.0, 842.0


def page(
    head: list[tuple[str, float]], body: list[str], foot: list[tuple[str, float]]
) -> PageLines:
    """Heads (text, x) at y 40, body lines from y 90 every 14 points, feet (text, x) at y 800."""
    lines = [Line(text, (x, 40.0, x + 6.0 * len(text), 50.0)) for text, x in head]
    lines += [
        Line(text, (56.0, 90.0 + 14 * k, 540.0, 100.0 + 14 * k)) for k, text in enumerate(body)
    ]
    lines += [Line(text, (x, 800.0, x + 6.0 * len(text), 810.0)) for text, x in foot]
    return PageLines(WIDTH, HEIGHT, tuple(lines))


WORDS = "warga desa kampanye relawan pemilih media sosial hoaks berita keluarga petani guru".split()


def body(k: int) -> list[str]:
    """Thirty lines of words, different on every page."""
    rng = random.Random(k)
    return [" ".join(rng.choice(WORDS) for _ in range(9)) for _ in range(30)]


def furniture_texts(pages: list[PageLines]) -> list[list[str]]:
    found = find_furniture(pages)
    return [[p.lines[i].text for i in sorted(f)] for p, f in zip(pages, found.lines, strict=True)]


def test_odd_and_even_heads_with_folios_at_the_outer_ends() -> None:
    pages = [
        page([(str(n), 56), ("Wijaya and Kusuma", 250)], body(n), [])
        if n % 2 == 0
        else page([("Hoaks dan Pemilu", 250), (str(n), 530)], body(n), [])
        for n in range(245, 253)
    ]
    found = find_furniture(pages)
    assert found.offset == 245 and found.folios == tuple(range(245, 253))
    assert furniture_texts(pages) == [
        ["Hoaks dan Pemilu", str(n)] if n % 2 else [str(n), "Wijaya and Kusuma"]
        for n in range(245, 253)
    ]


def test_a_chapter_title_beside_the_folio_goes_with_it() -> None:
    chapters = ["Chapter 1: Installation"] * 3 + ["Chapter 2: Tutorial"] * 2
    pages = [
        page([(title, 56), (str(k + 1), 530)], body(k), []) for k, title in enumerate(chapters)
    ]
    assert furniture_texts(pages) == [[title, str(k + 1)] for k, title in enumerate(chapters)]


def test_a_running_foot_with_page_of_total_names_the_page() -> None:
    pages = [page([], body(k), [(f"Panduan Literasi {k + 217} / 238", 56)]) for k in range(6)]
    found = find_furniture(pages)
    assert found.folios == tuple(range(217, 223))
    assert furniture_texts(pages) == [[f"Panduan Literasi {k + 217} / 238"] for k in range(6)]


def test_body_text_is_never_taken_for_furniture() -> None:
    # Equation numbers and code repeating at the foot, a number ending the last line: text.
    pages = [
        page([], [*body(k)[:-1], f"as the {k + 3} tables show"], [("(3)", 500), ("}", 56)])
        for k in range(5)
    ]
    assert find_furniture(pages).lines == (frozenset(),) * 5


def test_a_heading_opening_several_pages_is_not_a_running_head() -> None:
    def heading_page(k: int) -> PageLines:
        heading = Line(f"Example {3 * k + 1}", (250.0, 38.0, 330.0, 56.0))  # larger type
        lines = page([], body(k), []).lines
        return PageLines(WIDTH, HEIGHT, (heading, *lines))

    assert find_furniture([heading_page(k) for k in range(6)]).lines == (frozenset(),) * 6


def test_a_page_is_never_all_furniture() -> None:
    pages = [
        PageLines(WIDTH, HEIGHT, (Line(f"Surviving page {k}.", (72, 90, 200, 100)),))
        for k in range(3)
    ]
    assert find_furniture(pages).lines == (frozenset(),) * 3


def test_folio_forms() -> None:
    forms = ("12", "- 12 -", "[12]", "Page 12", "Halaman 7", "12 / 238")
    assert [folio_only(t) for t in forms] == [12, 12, 12, 12, 7, 12]
    assert folio_only("Chapter 2") is None
    assert edge_numbers("Chapter 2: Installation 6") == {6}
    assert edge_numbers("2.2 Commands") == set()
    assert edge_numbers("Journal of Rural Studies 41 (2015) 245") == {245}
