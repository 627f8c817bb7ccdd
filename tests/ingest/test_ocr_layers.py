"""OCR layers, which pages are scans, and Tesseract's language data — without running Tesseract
(tests/services/test_ocr.py runs it)."""

from __future__ import annotations

import json
import sys
import zlib
from pathlib import Path

import pymupdf
import pytest
from pdf_factory import add_image, new_pdf, set_to_unicode

from kutip.errors import ValidationError
from kutip.ingest.drafts import FLAG_NO_TEXT_LAYER, FLAG_OCR, ReadOptions
from kutip.ingest.pdf.ocr import decode_layer, encode_layer, layer_text, needs_ocr
from kutip.ingest.pdf.pagetext import TEXT_FLAGS, page_text
from kutip.ingest.pdf.reader import read_pdf
from kutip.ingest.pdf.tessdata import (
    OcrUnavailableError,
    find_tessdata,
    missing_data_message,
    parse_language,
)
from ocr_testing import SOURCE_TEXTS, FakeOcr, scanned_pages, typeset, word_recall


def test_a_stored_layer_gives_the_text_and_boxes_the_page_itself_gives() -> None:
    doc = typeset()
    for page in doc:
        crop = page.cropbox
        layer = encode_layer(page.get_text("rawdict", flags=TEXT_FLAGS), crop.width, crop.height)
        direct, stored = page_text(page), layer_text(layer)
        assert stored.text == direct.text
        assert [(a.start, a.end) for a in stored.lines] == [(a.start, a.end) for a in direct.lines]
        assert direct.boxes is not None and stored.boxes is not None
        for mine, theirs in zip(stored.boxes, direct.boxes, strict=True):
            assert (mine is None) == (theirs is None)
            if mine is not None and theirs is not None:
                assert max(abs(a - b) for a, b in zip(mine, theirs, strict=True)) <= 0.01
        # Without boxes the same text (what the importer needs when nothing is highlighted).
        assert layer_text(layer, boxes=False).text == direct.text
    doc.close()


def test_a_damaged_layer_is_refused() -> None:
    with pytest.raises(ValueError, match="not an OCR layer"):
        decode_layer(b"not zlib at all")
    with pytest.raises(ValueError, match="format 99"):
        decode_layer(zlib.compress(json.dumps({"format": 99, "blocks": []}).encode()))


def test_scans_and_unreadable_text_need_ocr_and_the_rest_does_not() -> None:
    doc = new_pdf()
    scan = doc.new_page()
    add_image(scan)
    doc.new_page()  # blank
    text = doc.new_page()
    text.insert_text((72, 72), "A page with words on it.", fontname="tiro")
    small = doc.new_page()
    add_image(small, pymupdf.Rect(72, 72, 100, 100))  # a logo, not a scan
    garbled = doc.new_page()
    garbled.insert_text((72, 72), "abcdefghij klmnop", fontname="helv")
    set_to_unicode(doc, garbled, {chr(c): "\ufffd" for c in range(ord("a"), ord("z") + 1)})
    verdicts = [needs_ocr(page, page_text(page).text) for page in doc]
    assert verdicts == [True, False, False, False, True]


def test_language_lists_are_normalised_and_nonsense_is_refused() -> None:
    assert parse_language("IND + eng") == "ind+eng"
    assert parse_language("chi_sim+eng+eng") == "chi_sim+eng"
    for bad in ("", "in d", "ind+", "indonesian", "../../etc"):
        with pytest.raises(ValidationError, match="not a list of OCR languages"):
            parse_language(bad)


def test_the_language_data_is_found_where_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for code in ("ind", "eng"):
        (tmp_path / f"{code}.traineddata").write_bytes(b"model")
    assert find_tessdata("ind+eng", tmp_path) == tmp_path
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    assert find_tessdata("eng") == tmp_path


def test_missing_language_data_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(OcrUnavailableError) as caught:
        find_tessdata("ind+qqq")
    assert "qqq" in str(caught.value)
    monkeypatch.setattr(sys, "platform", "linux")
    message = missing_data_message(["ind"])
    assert "Indonesian (ind)" in message
    assert "apt-get install tesseract-ocr tesseract-ocr-ind" in message
    monkeypatch.setattr(sys, "platform", "win32")
    message = missing_data_message(["chi_sim"])
    assert "chi_sim.traineddata" in message and "TESSDATA_PREFIX" in message


def test_the_reader_takes_a_scans_text_from_ocr_with_labels_from_its_folios() -> None:
    data, born = scanned_pages()
    ocr = FakeOcr(born)
    draft = read_pdf(Path("scan.pdf"), data, ReadOptions(ocr=ocr))
    assert ocr.calls == [[0, 1]]
    assert draft.flags == (FLAG_OCR,)
    assert draft.ocr_language == "ind+eng"
    assert [index for index, _layer in draft.ocr_layers] == [0, 1]
    assert [page.label for page in draft.pages] == ["245", "246"]
    for page, source in zip(draft.pages, SOURCE_TEXTS, strict=True):
        assert word_recall(source, draft.text[page.start : page.end]) == 1.0


def test_without_ocr_a_scan_has_no_text_and_says_so() -> None:
    data, _born = scanned_pages()
    draft = read_pdf(Path("scan.pdf"), data, ReadOptions())
    assert draft.text.strip() == ""
    assert draft.flags == (FLAG_NO_TEXT_LAYER,)
    assert draft.ocr_layers == ()


def test_pages_named_are_read_by_ocr_even_with_a_text_layer() -> None:
    doc = typeset()
    born = doc.tobytes()
    ocr = FakeOcr(born, edit=str.upper)
    draft = read_pdf(Path("garbled.pdf"), born, ReadOptions(ocr=ocr, ocr_pages=frozenset({1})))
    assert ocr.calls == [[1]]
    first, second = draft.pages
    assert "Partisipasi politik" in draft.text[first.start : first.end]
    assert "POLITICAL PARTICIPATION" in draft.text[second.start : second.end]
    assert FLAG_OCR in draft.flags
