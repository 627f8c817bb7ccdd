"""PDF import: canonical text and character boxes, printed pages, metadata, highlights, bad files.

Every PDF is made here with PyMuPDF (see pdf_factory), so the expected text, offsets and labels
are exact.
"""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pymupdf
import pytest
from pdf_factory import (
    A4,
    MARGIN,
    add_image,
    column_x,
    journal_article,
    new_pdf,
    set_to_unicode,
    to_bytes,
    wrap,
    write_lines,
    write_paragraphs,
)

from kutip.errors import ImportFailedError
from kutip.ingest.drafts import (
    FLAG_NO_TEXT_LAYER,
    AnnotationDraft,
    PasswordRequiredError,
    ReadOptions,
    SourceDraft,
)
from kutip.ingest.pdf.pagetext import PageText, page_text, reading_order
from kutip.ingest.pdf.reader import FLAG_REPAIRED, WrongPasswordError, read_pdf
from kutip.ingest.text import canonical_text
from kutip.model import SourceKind


def read(data: bytes, name: str = "artikel.pdf", **options: object) -> SourceDraft:
    return read_pdf(Path(name), data, ReadOptions(**options))  # type: ignore[arg-type]


def one_page(*lines: str, x: float = 72, y: float = 100) -> pymupdf.Document:
    doc = new_pdf()
    write_lines(doc.new_page(), lines, x, y)
    return doc


def labels(draft: SourceDraft) -> list[str]:
    return [page.label for page in draft.pages]


def reopened(data: bytes) -> pymupdf.Document:
    return pymupdf.open(stream=data, filetype="pdf")


def real_chars(text: PageText, start: int, end: int) -> str:
    assert text.boxes is not None
    return "".join(text.text[i] for i in range(start, end) if text.boxes[i] is not None)


# --------------------------------------------------------------------------------------------
# The canonical text of a page


def test_lines_of_a_paragraph_join_with_spaces_and_a_short_line_ends_it() -> None:
    first = "Fieldwork in the village took most of the dry season, and the interviews were held "
    first += "in Bahasa Indonesia with the help of two students from the university."
    second = "A second paragraph starts after the short line above and ends here."
    lines = [*wrap(first.split(), 250), *wrap(second.split(), 250)]
    assert len(lines) == 5
    assert page_text(one_page(*lines)[0]).text == f"{first}\n{second}"


def test_blocks_are_separated_by_a_blank_line() -> None:
    doc = new_pdf()
    write_paragraphs(doc.new_page(), [["First paragraph."], ["Second paragraph."]], 72, 100)
    assert page_text(doc[0]).text == "First paragraph.\n\nSecond paragraph."


def test_a_word_hyphenated_at_a_line_end_is_joined_and_quoted_whole() -> None:
    doc = one_page(
        "Qualitative research in a rural ethno-",
        "graphy needs time, and the anak-",
        "anak of the kampung, during COVID-",
        "19, were interviewed at home.",
    )
    text = page_text(doc[0])
    assert text.text == (
        "Qualitative research in a rural ethnography needs time, and the anak-anak of the "
        "kampung, during COVID-19, were interviewed at home."
    )
    start = text.text.index("ethnography")
    end = start + len("ethnography")
    assert text.text[start:end] == "ethnography"
    # The word is drawn in two pieces, each letter at its own box; the hyphen has no character.
    first, second = text.rects(start, end)
    assert second[1] > first[3] - 1
    hyphen = doc[0].search_for("ethno-")[0]
    assert first[0] == pytest.approx(hyphen.x0)
    assert first[2] < hyphen.x1 - 1


def test_a_hyphen_at_the_end_of_a_column_joins_the_word_continued_in_the_next() -> None:
    doc = new_pdf()
    page = doc.new_page()
    write_lines(page, ["The left column ends with ethno-"], column_x(0), 100)
    write_lines(page, ["graphy, continued on the right."], column_x(1), 100)
    assert page_text(page).text == "The left column ends with ethnography, continued on the right."


def test_two_columns_are_read_left_column_first() -> None:
    doc = new_pdf()
    page = doc.new_page()
    write_lines(page, ["Negotiating Land in Two Villages of Central Java"], MARGIN, 60, size=16)
    left = [
        ["Left one: the first paragraph of the", "left column goes on for two lines."],
        ["Left two: a second paragraph."],
    ]
    right = [
        ["Right one: the first paragraph of the", "right column, beside the left one."],
        ["Right two: the end."],
    ]
    write_paragraphs(page, left, column_x(0), 120)
    write_paragraphs(page, right, column_x(1), 120)
    page.insert_text((A4.width / 2 - 3, A4.height - 30), "7", fontname="helv", fontsize=9)
    assert page_text(page).text == (
        "Negotiating Land in Two Villages of Central Java\n\n"
        "Left one: the first paragraph of the left column goes on for two lines.\n\n"
        "Left two: a second paragraph.\n\n"
        "Right one: the first paragraph of the right column, beside the left one.\n\n"
        "Right two: the end.\n\n"
        "7"
    )


def test_a_full_width_block_between_columns_cuts_them_into_bands() -> None:
    doc = new_pdf()
    page = doc.new_page()
    write_lines(page, ["A top left,", "two lines."], column_x(0), 100)
    write_lines(page, ["B top right,", "two lines."], column_x(1), 100)
    wide = "C Figure 1: a caption that spans both of the columns, as floats in journals do."
    write_lines(page, [wide], MARGIN, 200)
    write_lines(page, ["D bottom left,", "two lines."], column_x(0), 300)
    write_lines(page, ["E bottom right,", "two lines."], column_x(1), 300)
    blocks = page_text(page).text.split("\n\n")
    assert [block[0] for block in blocks] == ["A", "B", "C", "D", "E"]


def test_reading_order_of_rectangles_with_three_columns() -> None:
    header = (50, 30, 550, 45)
    columns = [(50 + k * 170, y, 200 + k * 170, y + 100) for y in (60, 170) for k in range(3)]
    page_number = (295, 800, 305, 810)  # centred, crossing a gutter
    boxes = [page_number, *columns, header]
    order = reading_order(boxes)
    assert [boxes[i] for i in order] == [
        header,
        columns[0],
        columns[3],
        columns[1],
        columns[4],
        columns[2],
        columns[5],
        page_number,
    ]


def test_rotated_text_in_the_margin_comes_last() -> None:
    doc = one_page("The body text of the page.")
    doc[0].insert_text((30, 400), "arXiv:2101.00001v1", fontname="helv", fontsize=8, rotate=90)
    assert page_text(doc[0]).text == "The body text of the page.\n\narXiv:2101.00001v1"


def test_ligature_glyphs_read_as_letters_each_with_its_share_of_the_glyph() -> None:
    doc = new_pdf()
    page = doc.new_page()
    page.insert_htmlbox(pymupdf.Rect(72, 72, 400, 200), "<p>The office staff define the flow.</p>")
    raw = page.get_text("rawdict", flags=pymupdf.TEXT_PRESERVE_LIGATURES)
    glyphs = [c for c in raw["blocks"][0]["lines"][0]["spans"][0]["chars"] if c["c"] == "\ufb03"]
    assert glyphs, "the HTML layout shapes 'ffi' into one ligature glyph"
    text = page_text(page)
    assert text.text == "The office staff define the flow."
    assert text.boxes is not None
    f1, f2, i = text.boxes[5:8]
    assert f1 is not None and f2 is not None and i is not None
    x0, _, x1, _ = glyphs[0]["bbox"]
    assert (f1[0], i[2]) == pytest.approx((x0, x1))
    assert f1[2] == pytest.approx(f2[0]) and f2[2] == pytest.approx(i[0])
    assert f1[2] - f1[0] == pytest.approx((x1 - x0) / 3)
    assert "define" in text.text and "flow" in text.text


def tounicode_page() -> tuple[pymupdf.Document, pymupdf.Rect]:
    """A line whose font maps bytes to an accent, a combining mark, an emoji and a ligature."""
    doc = one_page("Caf# e$ smile % done & x ' end")
    set_to_unicode(
        doc,
        doc[0],
        {"#": "\u00e9", "$": "\u0301", "%": "\U0001f600", "&": "ff", "'": "\ufb01"},
    )
    return reopened(doc.tobytes()), doc[0].search_for("Caf")[0]


def test_emoji_combining_marks_and_ligatures_map_exactly_to_their_boxes() -> None:
    doc, caf = tounicode_page()
    text = page_text(doc[0])
    assert text.text == "Café é smile 😀 done ff x fi end"
    assert unicodedata.is_normalized("NFC", text.text)
    assert text.boxes is not None
    assert all(box is not None for box in text.boxes)
    # Slicing the text by the characters drawn on the line gives back what was written.
    on_line = [i for i, b in enumerate(text.boxes) if b is not None and b[1] < caf.y1 - 2]
    assert text.text[on_line[0] : on_line[-1] + 1] == "Café é smile 😀 done ff x fi end"
    # "e" + U+0301 became one "é", drawn where the two were.
    raw = doc[0].get_text("rawdict")["blocks"][0]["lines"][0]["spans"][0]["chars"]
    acute = next(k for k, c in enumerate(raw) if c["c"] == "\u0301")
    e_box, acute_box = raw[acute - 1]["bbox"], raw[acute]["bbox"]
    assert text.boxes[text.text.index("é", 4)] == pytest.approx(
        (e_box[0], e_box[1], max(e_box[2], acute_box[2]), e_box[3])
    )
    # The two-letter glyph "ff" and the ligature "ﬁ" share their glyph's box.
    ff = text.text.index("ff")
    assert text.boxes[ff][2] == pytest.approx(text.boxes[ff + 1][0])  # type: ignore[index]


def test_a_ligature_followed_by_a_combining_mark_is_still_nfc() -> None:
    doc = one_page("x'$ y")
    set_to_unicode(doc, doc[0], {"'": "\ufb01", "$": "\u0301"})
    text = page_text(reopened(doc.tobytes())[0])
    assert text.text == "xf\u00ed y"
    assert text.boxes is not None and all(box is not None for box in text.boxes)


def test_text_with_and_without_boxes_is_the_same() -> None:
    documents = [reopened(journal_article(2, seed=3)), tounicode_page()[0]]
    for doc in documents:
        for page in doc:
            assert page_text(page, boxes=False).text == page_text(page).text
            assert page_text(page, boxes=False).lines == page_text(page).lines


def test_boxes_cover_exactly_what_mupdf_finds_in_them() -> None:
    """For random ranges, the text MuPDF finds inside each line's union of character boxes is
    the range's own characters (the synthetic joins aside): the mapping is exact."""
    doc = reopened(journal_article(1, seed=7))
    page = doc[0]
    text = page_text(page)
    textpage = page.get_textpage()
    rng = random.Random(42)
    for _ in range(12):  # get_textbox is slow (Python over every character of the page)
        start = rng.randrange(len(text.text) - 1)
        end = min(len(text.text), start + rng.randint(1, 120))
        found = []
        for x0, y0, x1, y1 in text.rects(start, end):
            height = y1 - y0
            clip = pymupdf.Rect(x0 + 0.01, y0 + 0.4 * height, x1 - 0.01, y1 - 0.4 * height)
            found.append(page.get_textbox(clip, textpage=textpage))
        assert "".join(found) == real_chars(text, start, end)


def test_the_boxes_of_a_word_are_where_mupdf_finds_it() -> None:
    doc = reopened(journal_article(1, seed=8))
    page = doc[0]
    text = page_text(page)
    textpage = page.get_textpage()
    words = [(m.start(), m.end()) for m in re.finditer(r"[a-z]{4,}", text.text)]
    checked = 0
    for start, end in random.Random(1).sample(words, 80):
        ours = text.rects(start, end)
        if len(ours) != 1:  # a word hyphenated across lines: MuPDF's search does not find it
            continue
        hits = page.search_for(text.text[start:end], textpage=textpage)
        assert any(tuple(hit) == pytest.approx(ours[0], abs=0.01) for hit in hits)
        checked += 1
    assert checked > 60


def test_every_character_of_real_text_has_a_box_and_synthetic_ones_have_none() -> None:
    doc = reopened(journal_article(1, seed=5))
    text = page_text(doc[0])
    assert text.boxes is not None and len(text.boxes) == len(text.text)
    for char, box in zip(text.text, text.boxes, strict=True):
        if box is None:
            assert char in " \n"
    assert text.text == canonical_text(text.text)


def test_index_at_a_point_and_ranges_under_quads() -> None:
    doc = one_page("Gotong royong is mutual help.", "A second line.")
    text = page_text(doc[0])
    word = doc[0].search_for("royong")[0]
    index = text.index_at((word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2)
    assert index is not None and text.text[index] in "royong"
    quads = [q for q in doc[0].search_for("mutual help. A second", quads=True)]
    assert len(quads) == 2
    ranges = text.ranges_in_quads([(q.ul, q.ur, q.ll, q.lr) for q in quads])
    assert [text.text[s:e] for s, e in ranges] == ["mutual help. A second"]


def test_a_page_without_text_is_empty() -> None:
    doc = new_pdf()
    add_image(doc.new_page())
    text = page_text(doc[0])
    assert (text.text, text.lines, text.boxes) == ("", (), ())


# --------------------------------------------------------------------------------------------
# Importing a PDF


def test_pages_are_joined_with_a_blank_line_and_their_ranges_recorded() -> None:
    doc = new_pdf()
    for words in ("Halaman pertama.", "", "Halaman ketiga."):
        page = doc.new_page()
        if words:
            write_lines(page, [words], 72, 100)
    draft = read(to_bytes(doc))
    assert draft.text == "Halaman pertama.\n\n\n\nHalaman ketiga."
    assert [(p.index, p.start, p.end) for p in draft.pages] == [
        (0, 0, 16),
        (1, 18, 18),
        (2, 20, 35),
    ]
    assert draft.text[20:35] == "Halaman ketiga."
    assert (draft.kind, draft.mime, draft.file_name, draft.title) == (
        SourceKind.PDF,
        "application/pdf",
        "artikel.pdf",
        "artikel",
    )
    assert draft.flags == ()


def test_page_labels_of_the_pdf_are_the_printed_pages() -> None:
    doc = new_pdf()
    for number in range(3):
        write_lines(doc.new_page(), [f"Page {number}."], 72, 100)
    doc.set_page_labels([{"startpage": 0, "style": "D", "firstpagenum": 245}])
    draft = read(to_bytes(doc))
    assert labels(draft) == ["245", "246", "247"]


def test_roman_front_matter_then_arabic_pages_come_from_the_labels() -> None:
    doc = new_pdf()
    for number in range(5):
        write_lines(doc.new_page(), [f"Content {number}."], 72, 100)
    doc.set_page_labels(
        [
            {"startpage": 0, "style": "r", "firstpagenum": 1},
            {"startpage": 3, "style": "D", "firstpagenum": 1},
        ]
    )
    assert labels(read(to_bytes(doc))) == ["i", "ii", "iii", "1", "2"]


def test_label_prefixes_written_in_hex_and_letter_styles_are_read() -> None:
    doc = new_pdf()
    for number in range(4):
        write_lines(doc.new_page(), [f"Content {number}."], 72, 100)
    doc.xref_set_key(
        doc.pdf_catalog(),
        "PageLabels",
        "<</Nums[0<</P<FEFF0041002D>/S/D/St 7>>2<</S/A/St 26>>]>>",
    )
    assert labels(read(to_bytes(doc))) == ["A-7", "A-8", "Z", "AA"]


def footer_pdf(numbers: list[str | None], *, header: bool = False) -> bytes:
    doc = new_pdf()
    for k, number in enumerate(numbers):
        page = doc.new_page(width=A4.width, height=A4.height)
        write_lines(page, [f"Body text of physical page {k + 1}."], MARGIN, 120)
        if number is not None:
            y = 40 if header else A4.height - 40
            page.insert_text((A4.width / 2, y), number, fontname="helv", fontsize=9)
    return to_bytes(doc)


def test_page_numbers_in_footers_are_detected_and_the_offset_inferred() -> None:
    # The first page (an article's opening page) carries no number.
    draft = read(footer_pdf([None, "13", "14", "15", "16", "17"]))
    assert labels(draft) == ["12", "13", "14", "15", "16", "17"]


def test_page_numbers_at_the_end_of_running_headers_are_detected() -> None:
    draft = read(journal_article(3, first_page=245))
    assert labels(draft) == ["245", "246", "247"]


def test_unnumbered_front_matter_before_page_one_gets_roman_numerals() -> None:
    draft = read(footer_pdf([None, None, "1", "2", "3"], header=True))
    assert labels(draft) == ["i", "ii", "1", "2", "3"]


def test_inconsistent_margin_numbers_fall_back_to_physical_pages() -> None:
    draft = read(footer_pdf(["5", "9", "2", None]))
    assert labels(draft) == ["1", "2", "3", "4"]


def test_a_year_in_every_footer_is_not_a_page_number() -> None:
    draft = read(footer_pdf(["© 2019 Penerbit", "© 2019 Penerbit", "© 2019 Penerbit"]))
    assert labels(draft) == ["1", "2", "3"]


def test_metadata_title_authors_year_and_doi() -> None:
    doc = one_page("Body text citing https://doi.org/10.1080/01292986.2020.1234567.")
    doc.set_metadata(
        {
            "title": "Hoaks dan Pemilu",
            "author": "Dewi Wijaya; Rizky Kusuma",
            "creationDate": "D:20190512093000+07'00'",
        }
    )
    meta = read(to_bytes(doc)).metadata
    assert meta.title == "Hoaks dan Pemilu"
    assert meta.authors == ("Dewi Wijaya", "Rizky Kusuma")
    assert meta.year == "2019"
    assert meta.doi == "10.1080/01292986.2020.1234567"


def test_without_metadata_the_title_is_the_largest_text_and_the_year_is_near_the_top() -> None:
    doc = new_pdf()
    page = doc.new_page()
    write_lines(page, ["Jurnal Sosiologi 12 (2018): 45-60"], 72, 60, size=8)
    write_lines(page, ["Hoaxes, Hate and the", "2019 Election"], 72, 110, size=20)
    write_lines(page, ["Body text written in 2021 about the election, at some length."], 72, 200)
    doc.set_metadata({"title": "Microsoft Word - draft3.docx", "author": "Wijaya, D."})
    meta = read(to_bytes(doc)).metadata
    assert meta.title == "Hoaxes, Hate and the 2019 Election"
    assert meta.authors == ("Wijaya, D.",)
    assert meta.year == "2018"
    assert meta.doi == ""


def test_a_doi_keeps_its_own_brackets_and_drops_the_sentence_punctuation() -> None:
    doc = one_page("See (doi:10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0).")
    assert read(to_bytes(doc)).metadata.doi == "10.1002/(SICI)1097-4571(199806)49:8"
    doc = one_page("Cite as Wijaya (2020), https://doi.org/10.1234/jsi.v12i3.456).")
    assert read(to_bytes(doc)).metadata.doi == "10.1234/jsi.v12i3.456"


def test_the_language_is_detected() -> None:
    doc = one_page(
        "Penelitian ini dilakukan di desa yang ada di Jawa Tengah dengan",
        "wawancara untuk memahami bagaimana mereka dan kami bisa bekerja sama.",
    )
    assert read(to_bytes(doc)).language == "id"


def test_highlights_and_underlines_become_annotations_when_asked() -> None:
    doc = one_page(
        "Mutual help, gotong royong, is still practised in the",
        "village when a house is built.",
        "Nobody is paid for it.",
    )
    page = doc[0]
    highlight = page.add_highlight_annot(page.search_for("gotong royong", quads=True))
    highlight.set_colors(stroke=(1, 0.8, 0))
    highlight.set_info(content="the local term")
    highlight.update()
    underline = page.add_underline_annot(page.search_for("the village when", quads=True))
    underline.set_colors(stroke=(0, 0, 1))
    underline.update()
    data = to_bytes(doc)
    draft = read(data, with_annotations=True)
    assert [(draft.text[a.start : a.end], a) for a in draft.annotations] == [
        ("gotong royong", AnnotationDraft(13, 26, "#ffcc00", "the local term", "highlight")),
        ("the village when", AnnotationDraft(50, 66, "#0000ff", "", "underline")),
    ]
    assert read(data).annotations == ()
    assert read(data).text == draft.text


def test_annotations_on_a_later_page_count_from_the_start_of_the_text() -> None:
    doc = new_pdf()
    write_lines(doc.new_page(), ["First page."], 72, 100)
    page = doc.new_page()
    write_lines(page, ["Second page with a key phrase."], 72, 100)
    page.add_highlight_annot(page.search_for("key phrase", quads=True)).update()
    draft = read(to_bytes(doc), with_annotations=True)
    (annotation,) = draft.annotations
    assert draft.text[annotation.start : annotation.end] == "key phrase"
    assert annotation.start > draft.pages[1].start


def test_rotated_pages_keep_columns_footer_numbers_and_highlights() -> None:
    doc = new_pdf()
    for k in range(3):
        page = doc.new_page()
        write_lines(page, [f"Left column {k}, line one,", "and line two."], column_x(0), 100)
        write_lines(page, [f"Right column {k}, line one,", "and line two."], column_x(1), 100)
        page.insert_text((A4.width / 2, A4.height - 40), str(k + 31), fontname="helv")
        page.set_rotation(90)
    page = doc[1]
    page.add_highlight_annot(page.search_for("line two", quads=True)).update()
    draft = read(to_bytes(doc), with_annotations=True)
    assert labels(draft) == ["31", "32", "33"]
    # The folio in the foot names the page and is not text.
    assert draft.text[: draft.pages[0].end] == (
        "Left column 0, line one, and line two.\n\nRight column 0, line one, and line two."
    )
    assert [draft.text[a.start : a.end] for a in draft.annotations] == ["line two", "line two"]
    assert all(draft.pages[1].start <= a.start < draft.pages[1].end for a in draft.annotations)


def test_emoji_and_combining_marks_survive_import() -> None:
    doc, _ = tounicode_page()
    draft = read(doc.tobytes())
    assert draft.text == "Café é smile 😀 done ff x fi end"
    assert draft.text == canonical_text(draft.text)


def test_an_image_only_pdf_is_imported_empty_and_flagged() -> None:
    doc = new_pdf()
    for seed in range(2):
        add_image(doc.new_page(), seed=seed)
    draft = read(to_bytes(doc))
    assert draft.flags == (FLAG_NO_TEXT_LAYER,)
    assert draft.text == "\n\n"
    assert [(p.label, p.start, p.end) for p in draft.pages] == [("1", 0, 0), ("2", 2, 2)]
    assert draft.language is None


def test_invisible_ocr_text_over_a_scan_is_read() -> None:
    doc = new_pdf()
    page = doc.new_page()
    add_image(page)
    page.insert_text((72, 100), "Text recognised by OCR.", render_mode=3)
    draft = read(to_bytes(doc))
    assert (draft.text, draft.flags) == ("Text recognised by OCR.", ())


# --------------------------------------------------------------------------------------------
# Files that cannot be imported as they are


def encrypted() -> bytes:
    doc = one_page("Rahasia: the confidential transcript.")
    return to_bytes(
        doc, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="kunci", owner_pw="pemilik"
    )


def test_an_encrypted_pdf_needs_its_password() -> None:
    with pytest.raises(PasswordRequiredError) as raised:
        read(encrypted(), name="rahasia.pdf")
    assert not isinstance(raised.value, WrongPasswordError)
    assert "rahasia.pdf" in str(raised.value) and "password" in str(raised.value)


def test_a_wrong_password_is_told_apart() -> None:
    with pytest.raises(WrongPasswordError) as raised:
        read(encrypted(), name="rahasia.pdf", password="salah")
    assert "rahasia.pdf" in str(raised.value)
    with pytest.raises(PasswordRequiredError) as needed:
        read(encrypted(), name="rahasia.pdf")
    assert str(raised.value) != str(needed.value)


def test_the_right_password_opens_it() -> None:
    data = encrypted()
    draft = read(data, password="kunci")
    assert draft.text == "Rahasia: the confidential transcript."
    assert draft.data == data  # the project keeps the original, still encrypted


def test_a_pdf_with_only_an_owner_password_opens_without_asking() -> None:
    doc = one_page("Printing is restricted, reading is not.")
    data = to_bytes(
        doc,
        encryption=pymupdf.PDF_ENCRYPT_AES_256,
        owner_pw="pemilik",
        permissions=pymupdf.PDF_PERM_ACCESSIBILITY,
    )
    assert read(data).text == "Printing is restricted, reading is not."


def test_a_truncated_pdf_is_repaired_and_imported_when_mupdf_can() -> None:
    doc = new_pdf()
    for number in range(3):
        write_lines(doc.new_page(), [f"Surviving page {number + 1}."], 72, 100)
    data = to_bytes(doc)
    draft = read(data[: int(len(data) * 0.9)])
    assert draft.text == "Surviving page 1.\n\nSurviving page 2.\n\nSurviving page 3."
    assert draft.flags == (FLAG_REPAIRED,)


def test_a_truncated_compressed_pdf_keeps_what_mupdf_can_read() -> None:
    data = journal_article(2, seed=1)
    whole = read(data)
    draft = read(data[: int(len(data) * 0.9)])
    assert draft.pages[0].end > 1000
    # Only one page is left, so its running head no longer repeats: it is text again.
    assert whole.text[:500] in draft.text
    assert draft.flags == (FLAG_REPAIRED,)
    assert whole.flags == ()


@pytest.mark.parametrize("keep", [0.02, 0.1])
def test_a_pdf_truncated_beyond_repair_is_refused_by_name(
    keep: float, capfd: pytest.CaptureFixture[str]
) -> None:
    data = footer_pdf(["1", "2", "3"])  # uncompressed: MuPDF finds nothing to repair with
    with pytest.raises(ImportFailedError) as raised:
        read(data[: int(len(data) * keep)], name="rusak.pdf")
    assert str(raised.value).startswith("rusak.pdf: ")
    assert "damaged" in str(raised.value)
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize(
    "data",
    [b"Just some notes, saved with the wrong name.\n", b"\x89PNG\r\n\x1a\n" + bytes(64)],
    ids=["text", "png"],
)
def test_a_file_that_is_not_a_pdf_is_refused_by_name(data: bytes) -> None:
    with pytest.raises(ImportFailedError) as raised:
        read(data, name="catatan.pdf")
    assert str(raised.value) == (
        "catatan.pdf: this is not a PDF file, although its name ends in .pdf."
    )


def test_a_pdf_header_followed_by_garbage_is_refused(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ImportFailedError) as raised:
        read(b"%PDF-1.7\n" + bytes(range(256)) * 4, name="sampah.pdf")
    assert str(raised.value).startswith("sampah.pdf: ")
    assert capfd.readouterr().err == ""
    # MuPDF's message display is restored for the rest of the process.
    assert pymupdf.TOOLS.mupdf_display_errors() in (True, 1)
