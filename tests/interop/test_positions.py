"""Positions counted every way real tools count them land on the same canonical text."""

from __future__ import annotations

import unicodedata

import pytest

from kutip.ingest.text import canonical_text
from kutip.interop.positions import (
    Counting,
    ExchangeText,
    Placed,
    TextAligner,
    canonical_span,
    detect_counting,
    name_matches,
)

RAW = "Baris satu 😀\r\nBaris dua: café 🤥🤥 hoaks.\r\nBaris tiga.\r\n"


def count(text: str, counting: Counting) -> int:
    """How many positions ``text`` takes under ``counting``."""
    if counting in (Counting.CODE_POINTS_LF, Counting.UTF16_LF):
        text = text.replace("\r\n", "\n")
    return len(text.encode("utf-16-le")) // 2 if counting.name.startswith("UTF16") else len(text)


def placed(raw: str, part: str, counting: Counting, name: str = "") -> Placed:
    at = raw.index(part)
    start = count(raw[:at], counting)
    return Placed(ExchangeText(raw), start, start + count(part, counting), name)


@pytest.mark.parametrize("counting", list(Counting))
@pytest.mark.parametrize("part", ["Baris dua: café 🤥🤥 hoaks.", "🤥🤥", "hoaks", "Baris tiga."])
def test_every_way_of_counting_lands_on_the_same_text(counting: Counting, part: str) -> None:
    selection = placed(RAW, part, counting)
    span = canonical_span(selection, counting)
    assert span is not None
    assert selection.text.canonical[span[0] : span[1]] == part


def test_the_canonical_text_is_kutips() -> None:
    text = ExchangeText(RAW)
    assert text.canonical == canonical_text(RAW)
    assert text.ambiguous
    assert not ExchangeText("plain\nascii").ambiguous


def test_a_position_inside_a_surrogate_pair_or_a_crlf_widens_the_selection() -> None:
    text = ExchangeText("a😀b\r\nc")
    # UTF-16: a=0, 😀=1..3, b=3, CR=4, LF=5, c=6
    assert text.canonical_position(2, Counting.UTF16, end=False) == 1
    assert text.canonical_position(2, Counting.UTF16, end=True) == 2
    assert text.canonical_position(5, Counting.UTF16, end=True) == 3  # before the line end
    assert text.canonical_position(6, Counting.UTF16, end=False) == 4
    assert text.canonical_position(8, Counting.UTF16, end=False) is None


def test_decomposed_accents_map_onto_the_composed_text() -> None:
    raw = "cafe\u0301 e\u0301te\u0301\r\nfin"
    text = ExchangeText(raw)
    assert text.canonical == unicodedata.normalize("NFC", "café été\nfin")
    start = raw.index("e\u0301te\u0301")
    span = canonical_span(Placed(text, start, start + 5, ""), Counting.CODE_POINTS)
    assert span is not None and text.canonical[span[0] : span[1]] == "été"


def test_names_decide_between_ways_of_counting() -> None:
    selections = [
        placed(RAW, "hoaks", Counting.CODE_POINTS, "hoaks"),
        placed(RAW, "Baris tiga.", Counting.CODE_POINTS, "Baris tiga."),
    ]
    decision = detect_counting(selections, nvivo=True)
    assert decision.counting is Counting.CODE_POINTS
    assert decision.names_are_text


def test_nvivo_counting_is_found_from_word_boundaries_alone() -> None:
    parts = ["Baris dua: café 🤥🤥 hoaks.", "hoaks", "Baris tiga.", "café"]
    selections = [placed(RAW, part, Counting.UTF16) for part in parts]
    decision = detect_counting(selections)
    assert decision.counting is Counting.UTF16
    assert not decision.names_are_text


def test_labels_that_are_not_the_text_do_not_count_as_names() -> None:
    selections = [placed(RAW, "Baris tiga.", Counting.CODE_POINTS, "line:3")]
    assert not detect_counting(selections).names_are_text


def test_a_text_without_crlf_or_astral_characters_is_never_in_doubt() -> None:
    selections = [Placed(ExchangeText("only ascii\nhere"), 0, 4, "")]
    assert detect_counting(selections, nvivo=True).counting is Counting.UTF16
    assert detect_counting(selections).counting is Counting.CODE_POINTS


def test_selections_outside_the_text_rule_a_way_of_counting_out() -> None:
    raw = "😀" * 10 + " end"
    selections = [Placed(ExchangeText(raw), 20, 24, "")]  # only UTF-16 has 24 positions
    assert detect_counting(selections).counting is Counting.UTF16


@pytest.mark.parametrize(
    ("name", "text", "matches"),
    [
        ("café naïve", "café  naïve", True),
        ("For some reason babies…", "For some reason babies aren't", True),
        ("For some reason babies...", "For some reason babies aren't", True),
        ("line:642", "science fun.", False),
        ("", "", False),
        ("radio talk", "café talk", False),
    ],
)
def test_names_match_their_text(name: str, text: str, matches: bool) -> None:
    assert name_matches(name, text) is matches


def test_another_extraction_of_a_pdf_maps_through_its_non_space_characters() -> None:
    ours = "Social media and the 2024 election\nYoung voters share memes."
    theirs = "Social media and the 2024 election  Young voters share memes. "
    aligner = TextAligner(theirs, ours)
    start = theirs.index("share memes")
    assert aligner.map(start, start + len("share memes")) == (
        ours.index("share memes"),
        ours.index("share memes") + len("share memes"),
    )


def test_a_differing_extraction_is_searched_nearest_to_where_it_should_be() -> None:
    ours = "ﬁrst words. Memes here. More text. Memes there."
    theirs = "first words. Memes here. More text. Memes there."
    aligner = TextAligner(theirs, ours)
    start = theirs.rindex("Memes")
    mapped = aligner.map(start, start + 5)
    assert mapped is not None and ours[mapped[0] : mapped[1]] == "Memes"
    assert mapped[0] == ours.rindex("Memes")
    assert aligner.map(0, 5) is None  # "first" is not in our text
