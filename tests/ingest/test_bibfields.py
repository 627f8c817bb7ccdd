"""BibTeX names and DOIs read into their parts."""

from __future__ import annotations

import pytest

from kutip.ingest.bib.fields import OTHERS, Person, normalise_doi, parse_people


@pytest.mark.parametrize(
    ("names", "people"),
    [
        (
            "Silitonga, Mikhael and Roring, F.",
            (Person("Silitonga", "Mikhael"), Person("Roring", "F.")),
        ),
        (
            "Mikhael Silitonga AND F. Roring",
            (Person("Silitonga", "Mikhael"), Person("Roring", "F.")),
        ),
        ("{World Health Organization}", (Person("World Health Organization"),)),
        ("{Barnes and Noble} and Smith, J.", (Person("Barnes and Noble"), Person("Smith", "J."))),
        ("Ludwig van Beethoven", (Person("van Beethoven", "Ludwig"),)),
        ("Jean-Paul Sartre", (Person("Sartre", "Jean-Paul"),)),
        ("Plato", (Person("Plato"),)),
        ("Smith, J. and others", (Person("Smith", "J."), OTHERS)),
        ("", ()),
    ],
)
def test_parse_people(names: str, people: tuple[Person, ...]) -> None:
    assert parse_people(names) == people


@pytest.mark.parametrize(
    ("value", "doi"),
    [
        ("10.1111/JCOM.12301", "10.1111/jcom.12301"),
        ("https://doi.org/10.1111/jcom.12301", "10.1111/jcom.12301"),
        ("http://dx.doi.org/10.1111/jcom.12301", "10.1111/jcom.12301"),
        ("doi: 10.1111/jcom.12301.", "10.1111/jcom.12301"),
        ("https://doi.org/10.1000%2Fabc", "10.1000/abc"),
        ("not a doi", ""),
        ("", ""),
    ],
)
def test_normalise_doi(value: str, doi: str) -> None:
    assert normalise_doi(value) == doi


def test_normalise_doi_compares_lower_case_and_keeps_the_case_for_printing() -> None:
    assert normalise_doi("https://doi.org/10.1093/JCMC/ZMAC012") == "10.1093/jcmc/zmac012"
    assert normalise_doi("doi:10.1093/JCMC/ZMAC012.", keep_case=True) == "10.1093/JCMC/ZMAC012"
