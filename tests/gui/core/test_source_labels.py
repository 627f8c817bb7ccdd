"""Short citations of linked sources: "Jansen (2017)", "Pratama & Lestari (2024)", "… et al."."""

from __future__ import annotations

import pytest

from kutip.gui.core.source_labels import family_names, short_citation
from kutip.model import BibEntry


def entry(*authors: str, year: str = "2017", title: str = "A title") -> BibEntry:
    return BibEntry("key2017", "article", title, tuple(authors), year, "")


@pytest.mark.parametrize(
    ("authors", "label"),
    [
        (("Jansen, Michael J.",), "Jansen (2017)"),
        (("Pratama, Rizky", "Lestari, Dewi"), "Pratama & Lestari (2017)"),
        (("García, Ana", "Lee, B.", "Ng, C."), "García et al. (2017)"),
        (("Mù", "others"), "Mù et al. (2017)"),  # "and others": the list was cut
        (("Silitonga", "Roring"), "Silitonga & Roring (2017)"),
        (("van der Berg, Jan",), "van der Berg (2017)"),
        (("World Health Organization",), "World Health Organization (2017)"),
        (("Harahap, Siti", "O'Connor, Mary"), "Harahap & O'Connor (2017)"),
    ],
)
def test_a_short_citation_names_up_to_two_families_and_the_year(
    authors: tuple[str, ...], label: str
) -> None:
    assert short_citation(entry(*authors)) == label


def test_a_reference_without_year_or_authors_is_still_named() -> None:
    assert short_citation(entry("Weninggalih", "others", year="")) == "Weninggalih et al. (n.d.)"
    long_title = "Case Study Research: Design and Methods in the Social Sciences"
    assert short_citation(entry(title=long_title, year="1996")) == (
        "Case Study Research: Design and Methods… (1996)"
    )
    assert short_citation(entry(title="", year="1996")) == "key2017 (1996)"


def test_family_names_say_whether_the_list_was_cut() -> None:
    assert family_names(["Jansen, M.", "others"]) == (["Jansen"], True)
    assert family_names(["Jansen, M.", " "]) == (["Jansen"], False)
