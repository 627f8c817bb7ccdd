"""Spacing accents drawn over letters (as TeX with Type 1 fonts draws "ö") are composed with them
by text rules 2, by geometry only; rules 1 read them as they were (kutip.ingest.pdf.pagetext)."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from pdf_factory import new_pdf, to_bytes, write_accented, write_lines

from kutip.ingest.drafts import ReadOptions
from kutip.ingest.pdf.ocr import encode_layer, layer_text
from kutip.ingest.pdf.pagetext import TEXT_FLAGS, page_text
from kutip.ingest.pdf.reader import read_pdf
from kutip.model import FIRST_TEXT_RULES, TEXT_RULES

LINES = ["Hans-Bernhard Bro\u0308ker,", "Hinrich Schu\u0308tze und Jose\u0301 Garc\u0131\u0301a"]
COMPOSED = "Hans-Bernhard Bröker,\n\nHinrich Schütze und José García"


def accented_pdf(*, accent_first: bool = True, plain: tuple[str, ...] = ()) -> bytes:
    doc = new_pdf()
    page = doc.new_page()
    write_accented(doc, page, LINES, accent_first=accent_first)
    if plain:
        write_lines(page, plain, 56, 200, size=12)
    return to_bytes(doc)


def first_page(data: bytes) -> pymupdf.Page:
    return pymupdf.open(stream=data, filetype="pdf")[0]


def drawn(page: pymupdf.Page) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every character MuPDF reads on the page, with its box, in its order."""
    raw = page.get_text("rawdict", flags=TEXT_FLAGS)
    return [
        (char["c"], tuple(char["bbox"]))
        for block in raw["blocks"]
        for line in block["lines"]
        for span in line["spans"]
        for char in span["chars"]
    ]


@pytest.mark.parametrize("accent_first", [True, False], ids=["accent first", "letter first"])
def test_an_accent_drawn_over_a_letter_is_composed_with_it_in_either_order(
    accent_first: bool,
) -> None:
    page = first_page(accented_pdf(accent_first=accent_first))
    chars = "".join(char for char, _box in drawn(page))
    assert ("\u00a8o" if accent_first else "o\u00a8") in chars  # MuPDF reads two characters
    with_boxes, without = page_text(page, boxes=True), page_text(page, boxes=False)
    assert with_boxes.text == COMPOSED
    # Both granularities give the same text and lines (the importer reads without boxes).
    assert without.text == with_boxes.text
    assert without.lines == with_boxes.lines


def test_rules_1_read_the_accent_and_the_letter_as_two_characters() -> None:
    page = first_page(accented_pdf())
    old = page_text(page, boxes=False, rules=FIRST_TEXT_RULES).text
    assert old == "Hans-Bernhard Br¨oker,\n\nHinrich Sch¨utze und Jos´e Garc´\u0131a"
    assert page_text(page, boxes=True, rules=FIRST_TEXT_RULES).text == old


def test_the_composed_letter_is_drawn_where_the_letter_and_its_accent_are() -> None:
    page = first_page(accented_pdf())
    text = page_text(page)
    assert text.boxes is not None and len(text.boxes) == len(text.text)
    chars = drawn(page)
    letters = [char for char, _box in chars]
    o = letters.index("o", letters.index("r"))  # Br¨oker: the o after the accent
    diaeresis = letters.index("\u00a8")
    (ox0, oy0, ox1, oy1), (ax0, ay0, ax1, ay1) = chars[o][1], chars[diaeresis][1]
    union = (min(ox0, ax0), min(oy0, ay0), max(ox1, ax1), max(oy1, ay1))
    assert text.boxes[text.text.index("ö")] == pytest.approx(union)
    # The letters around it keep their own boxes: text[i] is drawn at boxes[i].
    k = letters.index("k")
    assert text.boxes[text.text.index("k")] == pytest.approx(chars[k][1])
    # The dotless ı and its acute make one í, over the ı.
    dotless = letters.index("\u0131")
    box = text.boxes[text.text.index("í")]
    assert box is not None and box[0] <= chars[dotless][1][0] and box[2] >= chars[dotless][1][2]


def test_an_accent_beside_the_letters_stays_as_it_is() -> None:
    beside = ("don\u00b4t say l\u00b4avion, x^2 or ~/data", "a `quoted' word and Jos\u00b4e")
    page = first_page(accented_pdf(plain=beside))
    for boxes in (True, False):
        text = page_text(page, boxes=boxes).text
        assert "Bröker" in text  # the page has accents over letters too
        assert "don\u00b4t say l\u00b4avion, x^2 or ~/data" in text
        assert "a `quoted' word and Jos\u00b4e" in text


def test_the_importer_composes_accents_and_records_the_rules() -> None:
    draft = read_pdf(Path("autoren.pdf"), accented_pdf(accent_first=False), ReadOptions())
    assert draft.text == COMPOSED
    assert draft.text_rules == TEXT_RULES


def test_an_ocr_layer_is_read_by_the_same_rules() -> None:
    page = first_page(accented_pdf())
    raw = page.get_text("rawdict", flags=TEXT_FLAGS)
    layer = encode_layer(raw, page.rect.width, page.rect.height)
    composed = layer_text(layer, boxes=False)
    assert "Bröker" in composed.text
    assert composed.text == layer_text(layer).text == page_text(page).text
    assert "Br\u00a8oker" in layer_text(layer, boxes=False, rules=FIRST_TEXT_RULES).text
