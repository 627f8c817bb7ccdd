"""Matching a PDF's metadata to bibliography entries: confident, unsure, or no match."""

from __future__ import annotations

import pytest

from kutip.ingest.bib.bibtex import BibEntryDraft
from kutip.ingest.bib.fields import Person
from kutip.ingest.bib.matching import (
    AUTHOR_YEAR_ONLY,
    CONFIDENT,
    UNSURE,
    MatchResult,
    match_reference,
    normalise_title,
    title_similarity,
    usable_title,
)
from kutip.ingest.drafts import DocumentMetadata
from kutip.model import BibEntry


def entry(
    citekey: str, title: str, authors: tuple[Person, ...] = (), year: str = "", doi: str = ""
) -> BibEntryDraft:
    return BibEntryDraft(citekey, "article", title, authors, (), year, doi, {}, "")


SILITONGA = entry(
    "silitonga2024",
    "Hoaks, Ujaran Kebencian, dan Partisipasi Politik Pemilih Pemula: Studi Kasus Pemilu 2024",
    (Person("Silitonga", "Mikhael"), Person("Roring", "F.")),
    "2024",
)
JANSEN = entry(
    "jansen2017",
    "Political Participation Online",
    (Person("Jansen", "Bernard J."),),
    "2017",
    "10.1111/jcom.12301",
)
GARCIA = entry(
    "garcia2019",
    "Participación política y redes sociales en América Latina",
    (Person("García", "María"),),
    "2019",
)
WHO = entry(
    "who2020", "Managing the COVID-19 Infodemic", (Person("World Health Organization"),), "2020"
)
LIBRARY = [SILITONGA, JANSEN, GARCIA, WHO]


def test_doi_match_is_confident_whatever_the_title() -> None:
    result = match_reference(
        DocumentMetadata(title="Untitled", doi="https://doi.org/10.1111/JCOM.12301"), LIBRARY
    )
    assert result == MatchResult("jansen2017", 1.0, [("jansen2017", 1.0)], True)


def test_same_title_author_and_year_is_confident() -> None:
    result = match_reference(
        DocumentMetadata(
            title="Political participation online.", authors=("Bernard J. Jansen",), year="2017"
        ),
        LIBRARY,
    )
    assert result.citekey == "jansen2017"
    assert result.confident
    assert result.confidence == 1.0


def test_accented_and_unaccented_titles_match() -> None:
    result = match_reference(
        DocumentMetadata(title="Participacion politica y redes sociales en America Latina"),
        LIBRARY,
    )
    assert (result.citekey, result.confidence, result.confident) == ("garcia2019", 1.0, True)
    assert normalise_title("Participación política — ¡redes!") == "participacion politica redes"


def test_missing_subtitle_is_a_confident_match() -> None:
    result = match_reference(
        DocumentMetadata(
            title="Hoaks, Ujaran Kebencian, dan Partisipasi Politik Pemilih Pemula",
            authors=("Mikhael Silitonga; F. Roring",),
            year="2024",
        ),
        LIBRARY,
    )
    assert result.citekey == "silitonga2024"
    assert result.confident
    assert result.confidence == 1.0  # 0.95 for the subtitle, + author + year


def test_different_subtitle_alone_is_confident_but_below_a_full_match() -> None:
    score = title_similarity(
        "Hoaks, Ujaran Kebencian, dan Partisipasi Politik Pemilih Pemula: Sebuah Survei",
        SILITONGA.title,
    )
    assert score == pytest.approx(0.95)
    assert score >= CONFIDENT


def test_a_short_main_title_does_not_stand_for_the_whole() -> None:
    # "Introduction" is shorter than MIN_MAIN_TITLE_WORDS: the subtitle must match too.
    assert title_similarity("Introduction: Voters", "Introduction: Social Media in Asia") < UNSURE


def test_same_title_a_year_apart_is_still_confident() -> None:
    result = match_reference(DocumentMetadata(title=JANSEN.title, year="2016"), LIBRARY)
    assert (result.citekey, result.confidence, result.confident) == ("jansen2017", 0.95, True)


def test_same_title_years_apart_is_unsure() -> None:
    result = match_reference(DocumentMetadata(title=JANSEN.title, year="2012"), LIBRARY)
    assert result.citekey == "jansen2017"
    assert result.confidence == 0.85
    assert not result.confident
    assert result.candidates == [("jansen2017", 0.85)]


def test_two_editions_the_year_decides() -> None:
    first = entry("smith2015", "Qualitative Research Design", (Person("Smith", "J."),), "2015")
    second = entry("smith2020", "Qualitative Research Design", (Person("Smith", "J."),), "2020")
    result = match_reference(
        DocumentMetadata(title="Qualitative research design", authors=("J. Smith",), year="2020"),
        [first, second],
    )
    assert result.citekey == "smith2020"
    assert result.confident
    assert result.candidates == [("smith2020", 1.0), ("smith2015", 0.9)]


def test_two_editions_without_a_year_are_the_users_choice() -> None:
    first = entry("smith2015", "Qualitative Research Design", (Person("Smith", "J."),), "2015")
    second = entry("smith2020", "Qualitative Research Design", (Person("Smith", "J."),), "2020")
    result = match_reference(DocumentMetadata(title="Qualitative Research Design"), [first, second])
    assert not result.confident
    assert result.citekey == "smith2015"
    assert result.candidates == [("smith2015", 1.0), ("smith2020", 1.0)]


def test_same_title_other_authors_is_unsure() -> None:
    result = match_reference(
        DocumentMetadata(title=JANSEN.title, authors=("Anna Kowalska",), year="2017"), LIBRARY
    )
    assert result.citekey == "jansen2017"
    assert result.confidence == pytest.approx(0.88)
    assert not result.confident


def test_a_different_doi_makes_a_same_title_match_unsure() -> None:
    result = match_reference(
        DocumentMetadata(title=JANSEN.title, year="2017", doi="10.31235/osf.io/abcde"), LIBRARY
    )
    assert result.citekey == "jansen2017"
    assert result.confidence == pytest.approx(0.8)
    assert not result.confident


def test_a_near_miss_title_is_a_candidate_only() -> None:
    result = match_reference(
        DocumentMetadata(title="Political Participation Offline", year="2017"), LIBRARY
    )
    assert result.citekey == "jansen2017"
    assert UNSURE <= result.confidence < CONFIDENT
    assert not result.confident


def test_an_unrelated_title_matches_nothing() -> None:
    result = match_reference(
        DocumentMetadata(title="Rice Farming Techniques in Central Java", year="2017"), LIBRARY
    )
    assert result == MatchResult(None, 0.0, [], False)


def test_no_usable_title_falls_back_to_author_and_year_as_a_candidate() -> None:
    result = match_reference(
        DocumentMetadata(title="Microsoft Word - draft_v3.docx", authors=("Jansen",), year="2017"),
        LIBRARY,
    )
    assert result == MatchResult(
        "jansen2017", AUTHOR_YEAR_ONLY, [("jansen2017", AUTHOR_YEAR_ONLY)], False
    )
    assert match_reference(DocumentMetadata(authors=("Jansen",)), LIBRARY).citekey is None


def test_corporate_authors_agree() -> None:
    result = match_reference(
        DocumentMetadata(
            title="Managing the COVID-19 infodemic", authors=("World Health Organization",)
        ),
        LIBRARY,
    )
    assert (result.citekey, result.confident) == ("who2020", True)


def test_store_records_with_string_authors_match_too() -> None:
    records = [
        BibEntry(
            "jansen2017", "article", "Political Participation Online", ("Jansen, B.",), "2017", ""
        ),
        BibEntry("lee2017", "article", "Political Participation Online", ("Lee, K.",), "2017", ""),
    ]
    result = match_reference(
        DocumentMetadata(title="Political participation online", authors=("B. Jansen",)), records
    )
    assert result.citekey == "jansen2017"
    assert result.confident
    assert result.candidates == [("jansen2017", 1.0), ("lee2017", 0.85)]


def test_entries_sharing_the_doi_are_shown_not_linked() -> None:
    copy = entry("jansen2017b", JANSEN.title, JANSEN.authors, "2017", "10.1111/JCOM.12301")
    result = match_reference(DocumentMetadata(doi="10.1111/jcom.12301"), [JANSEN, copy])
    assert result == MatchResult(
        "jansen2017", 1.0, [("jansen2017", 1.0), ("jansen2017b", 1.0)], False
    )


@pytest.mark.parametrize(
    ("title", "usable"),
    [
        ("Microsoft Word - Bab 2.docx", ""),
        ("paper_final.pdf", ""),
        ("Untitled", ""),
        ("1-s2.0-S0261379415000888-main", ""),
        ("Hoaks dan Pemilu", "Hoaks dan Pemilu"),
    ],
)
def test_usable_title(title: str, usable: str) -> None:
    assert usable_title(title) == usable


def test_matching_a_large_library_is_quick() -> None:
    import time

    library = [
        entry(
            f"k{i}", f"Study number {i} of social media and voting in region {i % 97}", (), "2020"
        )
        for i in range(5000)
    ]
    start = time.perf_counter()
    result = match_reference(
        DocumentMetadata(title="Study number 4321 of social media and voting in region 53"),
        library,
    )
    assert result.citekey == "k4321"
    assert time.perf_counter() - start < 2.0
