"""Plain-text import: every common encoding becomes the same canonical text (NFC, LF)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from kutip.errors import ImportFailedError
from kutip.ingest.drafts import ReadOptions, SourceDraft
from kutip.ingest.files import read_source_file
from kutip.ingest.text import canonical_text, decode_text_file, read_text_file
from kutip.model import SourceKind

TRANSCRIPT = (
    "Pewawancara: Apa kabar? Saya minum kopi di “café” itu – enak.\n"
    "Informan 1: Baik, terima kasih. Saya juga suka ke sana.\n"
)
# The Western code pages have no emoji: a text every encoding below can hold.
WESTERN = "Pewawancara: “Kopi di café itu enak?” – tanya saya… ‘Ya’, jawabnya.\n"


def read(data: bytes, name: str = "wawancara.txt") -> SourceDraft:
    return read_text_file(Path(name), data, ReadOptions())


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(TRANSCRIPT.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + TRANSCRIPT.encode("utf-8"), id="utf-8 BOM"),
        pytest.param(codecs.BOM_UTF16_LE + TRANSCRIPT.encode("utf-16-le"), id="utf-16-le BOM"),
        pytest.param(codecs.BOM_UTF16_BE + TRANSCRIPT.encode("utf-16-be"), id="utf-16-be BOM"),
        pytest.param(TRANSCRIPT.encode("utf-16-le"), id="utf-16-le without BOM"),
        pytest.param(TRANSCRIPT.encode("utf-16-be"), id="utf-16-be without BOM"),
        pytest.param(codecs.BOM_UTF32_LE + TRANSCRIPT.encode("utf-32-le"), id="utf-32-le BOM"),
        pytest.param(TRANSCRIPT.encode("cp1252"), id="cp1252"),
    ],
)
def test_encodings_decode_to_the_same_text(data: bytes) -> None:
    draft = read(data)

    assert draft.text == TRANSCRIPT
    assert draft.data == data
    assert [turn.speaker for turn in draft.turns] == ["Pewawancara", "Informan 1"]
    assert draft.language == "id"


def test_windows_1252_curly_quotes_dashes_and_ellipsis() -> None:
    assert decode_text_file("a.txt", WESTERN.encode("cp1252")) == WESTERN


def test_short_windows_1252_is_not_mistaken_for_another_code_page() -> None:
    assert decode_text_file("a.txt", "café “x”".encode("cp1252")) == "café “x”"
    assert decode_text_file("a.txt", "café".encode("cp1252")) == "café"


def test_latin_1_is_read_as_its_windows_superset() -> None:
    text = "Informan: Saya suka café, crème brûlée dan piñata; ½ gelas, 30 °C.\n"
    assert decode_text_file("a.txt", text.encode("latin-1")) == text


def test_other_scripts_are_guessed() -> None:
    text = "Привет, как дела? Это тестовый текст на русском языке, спасибо большое.\n"
    assert decode_text_file("a.txt", text.encode("cp1251")) == text


def test_utf_8_with_a_few_windows_1252_bytes() -> None:
    data = "Informan: “café” dan naïve ".encode() + b"\x93kopi\x94 \xe9\x85"
    assert decode_text_file("a.txt", data) == "Informan: “café” dan naïve “kopi” é…"


def test_utf_8_cut_off_inside_a_character() -> None:
    data = "Pewawancara: “Saya minum kopi” di café, 😀".encode()[:-2]
    assert decode_text_file("a.txt", data) == "Pewawancara: “Saya minum kopi” di café, ð\u0178"


def test_crlf_and_cr_become_lf() -> None:
    assert (
        decode_text_file("a.txt", b"satu\r\ndua\rtiga\r\n\r\nempat") == "satu\ndua\ntiga\n\nempat"
    )


def test_crlf_in_utf_16() -> None:
    data = codecs.BOM_UTF16_LE + "satu\r\ndua".encode("utf-16-le")
    assert decode_text_file("a.txt", data) == "satu\ndua"


def test_text_is_nfc() -> None:
    assert decode_text_file("a.txt", "cafe\u0301".encode()) == "café"
    assert canonical_text("cafe\u0301\r\n") == "café\n"


def test_unicode_line_separators_become_lf() -> None:
    assert canonical_text("a\u2028b\u2029c") == "a\nb\nc"


def test_binary_file_is_refused_naming_it() -> None:
    data = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256))
    with pytest.raises(ImportFailedError, match=r"foto\.txt: this is not a text file"):
        read(data, "foto.txt")


def test_nul_in_otherwise_utf_8_text_is_binary() -> None:
    with pytest.raises(ImportFailedError, match="binary"):
        read(b"Pewawancara: halo\x00\x00\x00 dunia\n")


def test_odd_length_utf_16_pattern_is_binary() -> None:
    with pytest.raises(ImportFailedError, match="binary"):
        read("halo dunia".encode("utf-16-le") + b"x")


def test_broken_utf_8_after_bom_names_the_encoding() -> None:
    with pytest.raises(ImportFailedError, match=r"a\.txt: the text is not valid UTF-8"):
        read(codecs.BOM_UTF8 + b"caf\xe9", "a.txt")


def test_markdown_and_plain_mime_and_kind() -> None:
    assert read(b"# Judul\n", "catatan.md").mime == "text/markdown"
    draft = read(b"halo", "catatan.txt")
    assert (draft.mime, draft.kind, draft.title, draft.file_name) == (
        "text/plain",
        SourceKind.TEXT,
        "catatan",
        "catatan.txt",
    )


def test_language_english_and_unknown() -> None:
    english = b"Interviewer: What do you think about the campaign and the role of the media?\n"
    assert read(english * 2).language == "en"
    assert read(b"12345").language is None


def test_through_the_reader_registry(tmp_path: Path) -> None:
    path = tmp_path / "informan.txt"
    path.write_bytes(TRANSCRIPT.replace("\n", "\r\n").encode("cp1252"))

    draft = read_source_file(path)

    assert draft.text == TRANSCRIPT
    assert len(draft.turns) == 2
