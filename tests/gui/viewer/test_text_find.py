"""The one text search of the find bar: any case, any accents, any white space, code points."""

from __future__ import annotations

import unicodedata

from kutip.gui.viewer.text_find import FoldedText, fold


def found_words(text: str, query: str, limit: int = 100) -> list[str]:
    matches, _more = FoldedText(text).find_all(query, limit)
    return [text[start:end] for start, end in matches]


def test_case_accents_and_line_breaks_are_ignored() -> None:
    text = "Kampanye di KAMPUNG; kampanye\ndaring. Café, cafe, CAFÉ — Straße"
    assert found_words(text, "kampanye") == ["Kampanye", "kampanye"]
    assert found_words(text, "KAMPANYE DARING") == ["kampanye\ndaring"]
    assert found_words(text, "café") == ["Café", "cafe", "CAFÉ"]
    assert found_words(text, "strasse") == ["Straße"]
    assert fold("Ünïcödé\tTeks") == "unicode teks"


def test_offsets_are_code_points_past_emoji_and_decomposed_accents() -> None:
    decomposed = unicodedata.normalize("NFD", "é")
    text = f"🔥🎉 kaf{decomposed} lalu 👍🏽 KAFE"
    matches, more = FoldedText(text).find_all("kafé", 10)
    assert not more
    assert matches == [(3, 8), (17, 21)]  # the accent written apart belongs to the first
    assert text[3:8] == f"kaf{decomposed}"


def test_matches_do_not_overlap_and_stop_at_the_limit() -> None:
    assert FoldedText("aaaa").find_all("aa", 10) == ([(0, 2), (2, 4)], False)
    assert FoldedText("ab ab ab").find_all("AB", 2) == ([(0, 2), (3, 5)], True)
    assert FoldedText("anything").find_all("  ", 10) == ([], False)
