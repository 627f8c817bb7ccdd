"""Coding ranges without Qt: trimming selections, moving ends by words, in-vivo names."""

from __future__ import annotations

import pytest

from kutip.gui.viewer.ranges import IN_VIVO_MAX, in_vivo_name, moved_range, trimmed

TEXT = "Jujur, saya tahu soal calon-calon presiden ya dari TikTok, bukan dari TV."


def span(start: int, end: int) -> str:
    return TEXT[start:end]


def test_trimming_drops_white_space_at_the_ends_only() -> None:
    start = TEXT.index(" saya")
    assert trimmed(TEXT, start, start + len(" saya tahu ")) == (start + 1, start + 10)
    assert trimmed(" \n ", 0, 3) is None


@pytest.mark.parametrize(
    ("edge", "forward", "expected"),
    [
        ("end", True, "saya tahu soal calon-calon"),
        ("end", False, "saya tahu"),
        ("start", False, "Jujur, saya tahu soal"),
        ("start", True, "tahu soal"),
    ],
)
def test_an_end_moves_by_one_word_with_its_punctuation(
    edge: str, forward: bool, expected: str
) -> None:
    start = TEXT.index("saya tahu soal")
    end = start + len("saya tahu soal")
    assert span(*moved_range(TEXT, start, end, edge, forward)) == expected


def test_a_range_never_becomes_empty_nor_leaves_the_text() -> None:
    start = TEXT.index("saya")
    assert moved_range(TEXT, start, start + 4, "end", False) == (start, start + 4)
    assert moved_range(TEXT, start, start + 4, "start", True) == (start, start + 4)
    assert moved_range(TEXT, 0, 5, "start", False) == (0, 5)
    assert moved_range(TEXT, 60, len(TEXT), "end", True) == (60, len(TEXT))


def test_in_vivo_names_are_one_line_without_quotes_and_cut_at_a_word() -> None:
    assert in_vivo_name('  "gas terus,\n Pak 🔥"  ') == "gas terus, Pak 🔥"
    long = in_vivo_name(TEXT * 2)
    assert len(long) <= IN_VIVO_MAX
    assert long.endswith("…")
    assert TEXT.startswith(long[:-1].rsplit(" ", 1)[0])
