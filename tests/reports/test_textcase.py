"""Sentence case and title case of titles, as Pandoc (citeproc) does them."""

from __future__ import annotations

import pytest

from kutip.reports.textcase import (
    capitalise_first,
    looks_sentence_cased,
    protected_capitals,
    sentence_case,
    title_case,
)


@pytest.mark.parametrize(
    ("title", "protected", "sentence"),
    [
        (
            "Hoaxes on TikTok: How First-Time Voters Judge Political Videos",
            (),
            "Hoaxes on TikTok: How first-time voters judge political videos",
        ),
        # A braced phrase keeps its capitals; so do words with capitals inside, and acronyms.
        (
            "Lessons from Southeast Asia for the COVID-19 Era",
            ("Southeast Asia",),
            "Lessons from Southeast Asia for the COVID-19 era",
        ),
        # An unbraced name is lower-cased, as Pandoc does: the user braces it ({Indonesia}).
        ("Social Media in Indonesia", (), "Social media in indonesia"),
        # A sentence or a quotation starts with a capital.
        ("What Are Voters Looking For? A Study", (), "What are voters looking for? A study"),
        ("“Fake News” and the Voters", (), "“Fake news” and the voters"),
        ("democracy in the Digital Age", (), "Democracy in the digital age"),
    ],
)
def test_sentence_case(title: str, protected: tuple[str, ...], sentence: str) -> None:
    assert sentence_case(title, protected) == sentence


@pytest.mark.parametrize(
    ("sentence", "protected", "title"),
    [
        (
            "Hoaxes on TikTok: How first-time voters judge political videos",
            (),
            "Hoaxes on TikTok: How First-Time Voters Judge Political Videos",
        ),
        # Stop words stay lower case, except first, last and after a colon.
        ("the voters: a study of what they are looking for", (), "The Voters: A Study of What "
         "They Are Looking For"),
        ("disinformation and voter trust ahead of the 2024 election", (),
         "Disinformation and Voter Trust Ahead of the 2024 Election"),
        # A protected lower-case word stays lower case.
        ("the role of de facto rules", ("de facto",), "The Role of de facto Rules"),
    ],
)  # fmt: skip
def test_title_case(sentence: str, protected: tuple[str, ...], title: str) -> None:
    assert title_case(sentence, protected) == title


def test_a_title_in_sentence_case_keeps_its_names() -> None:
    title = "Online deliberation and youth participation in Indonesia"
    assert looks_sentence_cased(title)
    assert protected_capitals(title) == ["Indonesia"]
    assert not looks_sentence_cased("Disinformation and Voter Trust ahead of the 2024 Election")
    assert not looks_sentence_cased("Managing the COVID-19 Infodemic", ("COVID-19",))
    assert capitalise_first("“how first-time voters”") == "“How first-time voters”"


def test_the_names_kutip_knows_keep_their_capitals_in_sentence_case() -> None:
    """A title from a publisher's metadata braces nothing: countries, peoples, Indonesia's
    places and the platforms stay capitalised all the same (and are braced in the .bib)."""
    from kutip.reports.csljson import cased
    from kutip.reports.proper_nouns import proper_nouns_in

    title = "Scroll, Share, Vote: How Social Media Reshaped Indonesia's 2024 Election on Facebook"
    assert proper_nouns_in(title) == ("Indonesia", "Facebook")
    assert cased(title, (), english=True).text == (
        "Scroll, share, vote: How social media reshaped Indonesia's 2024 election on Facebook"
    )
    assert cased("Voters in West Java and the United States", (), True).text == (
        "Voters in West Java and the United States"
    )
    assert cased("What Voters May Expect in March", (), True).text == (
        "What voters may expect in March"  # May the verb, March the month
    )
    assert proper_nouns_in("the java runtime") == ()  # only as a name, with its capital
