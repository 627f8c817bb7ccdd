"""Analysis: words at exact code-point offsets, folding per word, the two stemmers."""

from __future__ import annotations

import unicodedata

import pytest

from kutip.search.analysis import (
    EN,
    EXACT,
    ID,
    KutipAnalyzer,
    analyse,
    fold,
    query_term,
    stem_en,
    stem_id,
    words,
)


def test_offsets_are_code_points_of_the_text_after_emoji_and_combining_marks() -> None:
    text = unicodedata.normalize("NFC", "Cafe\u0301 🔥 👍🏽 ke\u0301bijakan x\u0301y Partisipasi")
    found = {text[start:end]: (word, start, end) for word, start, end, _ in words(text)}
    assert set(found) == {"Café", "kébijakan", "x\u0301y", "Partisipasi"}
    assert found["kébijakan"][0] == "kebijakan"
    assert found["x\u0301y"][0] == "xy"  # a mark NFC cannot compose stays in its word
    assert found["Partisipasi"][0] == "partisipasi"


def test_folding_never_shifts_offsets() -> None:
    text = "Straße STRASSE ǅemal İstanbul"
    for word, start, end, _ in words(text):
        assert fold(text[start:end]) == word
    assert [w for w, *_ in words(text)][:2] == ["strasse", "strasse"]


@pytest.mark.parametrize(
    "word", ["berpartisipasi", "partisipasinya", "dipartisipasikan", "Berpartisipasi"]
)
def test_indonesian_affixes_stem_to_the_root(word: str) -> None:
    assert stem_id(fold(word)) == "partisipasi"


def test_sastrawi_stems_hard_and_leaves_what_it_cannot_read() -> None:
    assert stem_id("kebijakan") == "bijak"
    assert stem_id("2024") == "2024"
    assert stem_id("pemilihan") == "pilih"
    assert stem_id("ya") == "ya"


@pytest.mark.parametrize("word", ["campaigns", "campaigning", "campaigned"])
def test_english_stems(word: str) -> None:
    assert stem_en(word) == "campaign"


def test_stop_words_leave_gaps_in_positions() -> None:
    terms = analyse(ID, "ujaran yang kebencian")
    assert [(t, p) for t, _, _, p in terms] == [("ujar", 0), ("benci", 2)]
    assert [t for t, *_ in analyse(EN, "the campaigns of the party")] == ["campaign", "parti"]
    assert [t for t, *_ in analyse(EXACT, "yang 1 di")] == ["yang", "1", "di"]


def test_query_words_with_wildcards_are_folded_but_not_stemmed() -> None:
    assert query_term(ID, "Partisip*") == "partisip*"
    assert query_term(ID, "Berpartisipasi") == "partisipasi"
    assert query_term(EXACT, "KEBIJAKAN") == "kebijakan"


def test_the_whoosh_analyzer_yields_the_same_terms_and_offsets() -> None:
    text = "👍🏽 Berpartisipasi dalam kampanye"
    tokens = [
        (t.text, t.startchar, t.endchar, t.pos)
        for t in KutipAnalyzer(ID)(text, positions=True, chars=True, start_char=10)
    ]
    assert tokens == [(t, s + 10, e + 10, p) for t, s, e, p in analyse(ID, text)]
    assert [t[0] for t in tokens] == ["partisipasi", "kampanye"]


def test_the_whoosh_analyzer_pickles_by_name() -> None:
    import pickle

    analyzer = pickle.loads(pickle.dumps(KutipAnalyzer(EN)))
    assert analyzer == KutipAnalyzer(EN)
    assert analyzer != KutipAnalyzer(ID)
