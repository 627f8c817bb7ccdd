"""Code point ↔ UTF-16 conversions, checked against Python's own UTF-16 encoder."""

from __future__ import annotations

import random

import pytest

from kutip.gui.viewer.textpos import PositionMap


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_text_without_astral_characters_converts_to_itself() -> None:
    text = "Pewawancara: Dari mana?\nInforman 1: Dari TikTok."
    positions = PositionMap(text)
    assert positions.utf16_length == positions.length == len(text)
    for i in range(len(text) + 1):
        assert positions.to_utf16(i) == i
        assert positions.to_code_point(i) == i


def test_emoji_count_two_units_after_them_and_not_before() -> None:
    text = 'ada yang nulis "gas terus, Pak 🔥" sampai ratusan kali.'
    fire = text.index("🔥")
    positions = PositionMap(text)
    assert positions.utf16_length == utf16_length(text) == len(text) + 1
    assert positions.to_utf16(fire) == fire
    assert positions.to_utf16(fire + 1) == fire + 2
    assert positions.to_utf16(len(text)) == len(text) + 1
    assert positions.to_code_point(fire + 2) == fire + 1
    assert positions.range_to_utf16(0, len(text)) == (0, len(text) + 1)


def test_an_offset_inside_a_surrogate_pair_snaps_to_the_start_of_its_character() -> None:
    text = "a🔥b😀c"
    positions = PositionMap(text)
    assert positions.to_code_point(2) == 1  # between the halves of 🔥
    assert positions.to_code_point(5) == 3  # between the halves of 😀
    assert positions.to_code_point(3) == 2  # just after 🔥: at "b"


def test_combining_marks_count_one_in_both() -> None:
    # NFC cannot compose these (q + dot above; e + acute + dot below, partly composed), and
    # each mark is a BMP code point: one code point, one UTF-16 unit.
    text = "q\u0307 e\u0301\u0323 Kafe\u0301 🔥e\u0301"
    positions = PositionMap(text)
    assert positions.utf16_length == utf16_length(text)
    mark = text.index("\u0323")
    assert positions.to_utf16(mark) == mark
    after_fire = text.rindex("e\u0301")
    assert positions.to_utf16(after_fire) == after_fire + 1
    assert positions.to_code_point(after_fire + 1) == after_fire


def test_conversions_agree_with_the_utf16_encoder_on_mixed_text() -> None:
    rng = random.Random(2024)
    alphabet = ["a", "é", "\u0301", "\n", "🔥", "😀", "𝔘", "中", " "]
    for _ in range(50):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        positions = PositionMap(text)
        assert positions.utf16_length == utf16_length(text)
        for i in range(len(text) + 1):
            offset = positions.to_utf16(i)
            assert offset == utf16_length(text[:i])
            assert positions.to_code_point(offset) == i


@pytest.mark.parametrize("position", [-1, 4])
def test_positions_outside_the_text_are_refused(position: int) -> None:
    positions = PositionMap("a🔥b")
    with pytest.raises(ValueError, match="outside the text"):
        positions.to_utf16(position)
    with pytest.raises(ValueError, match="outside the text"):
        positions.to_code_point(position + 1 if position > 0 else position)
