"""Citations and reference lists, exactly as each shipped style writes them."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_project import BIB

from kutip.ingest.bib.bibtex import read_bibtex
from kutip.model import BibEntry
from kutip.reports.citations import (
    AMENDMENTS,
    STYLES,
    CitationFormatter,
    author_year,
    style_path,
    style_xml,
)
from kutip.reports.labels import Labels
from kutip.reports.richtext import Span, plain

EXTRA = r"""
@article{jansen2017b,
  author = {Jansen, Mikhael F.},
  title = {An earlier study of campaign videos},
  journal = {Media Asia},
  year = {2017},
  pages = {1--5},
}

@techreport{who2020,
  author = {{World Health Organization}},
  title = {Managing the infodemic},
  institution = {WHO},
  year = {2020},
}

@article{roring,
  author = {Roring, Ana},
  title = {Forthcoming work},
  journal = {Jurnal Komunikasi},
  year = {in press},
}
"""


@pytest.fixture(scope="module")
def entries() -> dict[str, BibEntry]:
    read = read_bibtex(Path("refs.bib"), (BIB + EXTRA).encode("utf-8"))
    assert not read.problems
    return {draft.citekey: draft.to_model() for draft in read.entries}


ORDER = ["jansen2017", "mu2021", "garcia2020"]


def cite_all(
    entries: dict[str, BibEntry], style: str, language: str = "en"
) -> tuple[CitationFormatter, list[str]]:
    formatter = CitationFormatter(entries, style, Labels(language))
    formatter.prepare(ORDER)
    cited = [
        formatter.cite("jansen2017", "412"),
        formatter.cite("jansen2017", "412–413"),
        formatter.cite("mu2021", "12–13"),
        formatter.cite("garcia2020", "iv"),
        formatter.cite("garcia2020", "iv–v"),
        formatter.cite("jansen2017"),
    ]
    return formatter, [plain(c) for c in cited]


def test_the_shipped_styles_are_complete_csl_files_with_their_licence() -> None:
    for style in STYLES:
        text = style_path(style).read_text(encoding="utf-8")
        assert "<rights" in text and "creativecommons.org/licenses/by-sa/3.0" in text
        assert "<citation" in text and "<bibliography" in text
    assert (style_path("apa").parent / "README.md").is_file()


def test_apa_citations(entries: dict[str, BibEntry]) -> None:
    formatter, cited = cite_all(entries, "apa")
    assert cited == [
        "(Jansen, 2017, p. 412)",
        "(Jansen, 2017, pp. 412–413)",
        "(Mù & Lestari, 2021, pp. 12–13)",
        "(García et al., 2020, p. iv)",
        "(García et al., 2020, pp. iv–v)",
        "(Jansen, 2017)",
    ]
    assert not formatter.warnings


def test_apa_reference_list_in_alphabetical_order_with_italics(
    entries: dict[str, BibEntry],
) -> None:
    formatter, _cited = cite_all(entries, "apa")
    references = formatter.references()
    assert [key for key, _text in references] == ["garcia2020", "jansen2017", "mu2021"]
    assert [plain(text) for _key, text in references] == [
        "García, J., Müller, H., & Nugroho, B. (2020). Hoaxes and hate speech online. Routledge.",
        "Jansen, M. F. (2017). Social media and political participation in Indonesia. "
        "Journal of Communication, 67(3), 401–425. https://doi.org/10.1111/jcom.12345",
        "Mù, Ā., & Lestari, D. (2021). Kampanye digital dan pemilih muda. "
        "Jurnal Ilmu Sosial dan Ilmu Politik, 24(1), 1–20.",
    ]
    jansen = references[1][1]
    assert Span("Journal of Communication", italic=True) in jansen
    assert Span("67", italic=True) in jansen


def test_apa_in_indonesian_uses_the_indonesian_terms(entries: dict[str, BibEntry]) -> None:
    _formatter, cited = cite_all(entries, "apa", "id")
    assert cited[:4] == [
        "(Jansen, 2017, hlm. 412)",
        "(Jansen, 2017, hlm. 412–413)",
        "(Mù & Lestari, 2021, hlm. 12–13)",
        "(García dkk., 2020, hlm. iv)",
    ]


def test_chicago_author_date(entries: dict[str, BibEntry]) -> None:
    formatter, cited = cite_all(entries, "chicago")
    assert cited == [
        "(Jansen 2017, 412)",
        "(Jansen 2017, 412–413)",  # citeproc-py abbreviates the article's pages only
        "(Mù and Lestari 2021, 12–13)",
        "(García et al. 2020, iv)",
        "(García et al. 2020, iv–v)",
        "(Jansen 2017)",
    ]
    assert [plain(text) for _key, text in formatter.references()] == [
        # Names as given (CMOS 18), not initials.
        "García, José, Hans Müller, and Budi Nugroho. 2020. Hoaxes and Hate Speech Online. "
        "Routledge.",
        # The article's pages, not the last cited locator (a citeproc-py pitfall), and the
        # period inside the quotation marks (punctuation-in-quote).
        "Jansen, Mikhael F. 2017. “Social Media and Political Participation in Indonesia.” "
        "Journal of Communication 67 (3): 401–25. https://doi.org/10.1111/jcom.12345.",
        # An Indonesian title is not title-cased.
        "Mù, Ānh, and Dewi Lestari. 2021. “Kampanye digital dan pemilih muda.” "
        "Jurnal Ilmu Sosial dan Ilmu Politik 24 (1): 1–20.",
    ]


def test_harvard_and_ieee(entries: dict[str, BibEntry]) -> None:
    _formatter, harvard = cite_all(entries, "harvard")
    assert harvard[:4] == [
        "(Jansen, 2017, p. 412)",
        "(Jansen, 2017, pp. 412–413)",
        "(Mù and Lestari, 2021, pp. 12–13)",
        "(García, Müller and Nugroho, 2020, p. iv)",
    ]
    formatter, ieee = cite_all(entries, "ieee")
    assert ieee == ["[1, p. 412]", "[1, pp. 412–413]", "[2, pp. 12–13]", "[3, p. iv]",
                    "[3, pp. iv–v]", "[1]"]  # fmt: skip
    first = plain(formatter.references()[0][1])
    assert first.startswith("[1] M. F. Jansen, “Social media and political participation in ")


def test_same_author_and_year_get_year_suffixes_in_reference_list_order(
    entries: dict[str, BibEntry],
) -> None:
    formatter = CitationFormatter(entries, "apa")
    formatter.prepare(["jansen2017", "jansen2017b"])
    # "An earlier study…" sorts before "Social media…": it is 2017a.
    assert plain(formatter.cite("jansen2017b", "3")) == "(Jansen, 2017a, p. 3)"
    assert plain(formatter.cite("jansen2017", "412")) == "(Jansen, 2017b, p. 412)"
    assert [plain(text)[:20] for _key, text in formatter.references()] == [
        "Jansen, M. F. (2017a",
        "Jansen, M. F. (2017b",
    ]
    ieee = CitationFormatter(entries, "ieee")
    ieee.prepare(["jansen2017", "jansen2017b"])
    assert plain(ieee.cite("jansen2017b")) == "[2]"  # numeric styles need no suffix


def test_corporate_authors_and_works_in_press(entries: dict[str, BibEntry]) -> None:
    formatter = CitationFormatter(entries, "apa")
    formatter.prepare(["who2020", "roring"])
    assert plain(formatter.cite("who2020", "7")) == "(World Health Organization, 2020, p. 7)"
    assert plain(formatter.cite("roring")) == "(Roring, in press)"


def test_a_reference_citeproc_cannot_format_is_cited_plainly_with_a_warning(
    entries: dict[str, BibEntry], monkeypatch: pytest.MonkeyPatch
) -> None:
    formatter = CitationFormatter(entries, "apa")
    formatter.prepare(["jansen2017"])
    monkeypatch.setattr(formatter, "_render", lambda citekey, locator: None)
    assert plain(formatter.cite("jansen2017", "412")) == "(Jansen, 2017, p. 412)"
    assert len(formatter.warnings) == 1 and "jansen2017" in formatter.warnings[0]


def test_short_labels_for_table_headings(entries: dict[str, BibEntry]) -> None:
    assert author_year(entries["jansen2017"], Labels("en")) == "Jansen (2017)"
    assert author_year(entries["mu2021"], Labels("en")) == "Mù & Lestari (2021)"
    assert author_year(entries["garcia2020"], Labels("id")) == "García dkk. (2020)"
    assert author_year(entries["who2020"], Labels("en")) == "World Health Organization (2020)"


def test_the_amendments_each_change_one_element_of_the_shipped_style() -> None:
    from lxml import etree

    for style, changes in AMENDMENTS.items():
        shipped = etree.fromstring(style_path(style).read_bytes())
        amended = etree.fromstring(style_xml(style))
        for path, attribute, value in changes:
            namespaces = {"cs": "http://purl.org/net/xbiblio/csl"}
            assert len(shipped.xpath(path, namespaces=namespaces)) == 1, path
            (element,) = amended.xpath(path, namespaces=namespaces)
            assert element.get(attribute) == value
    assert style_xml("apa") == style_path("apa").read_bytes()


def test_formatting_leaves_the_style_as_it_was(entries: dict[str, BibEntry]) -> None:
    """citeproc-py inserted a default cs:name into whichever cs:names it rendered without one,
    so every reference after an editor-only book had it (citeproc_fixes, 4)."""
    from lxml import etree

    formatter = CitationFormatter(entries, "apa")
    formatter.prepare(["who2020", "garcia2020", "jansen2017"])
    assert formatter._engine is not None
    style = formatter._engine.references.style.root
    before = etree.tostring(style)
    formatter.references()
    formatter.cite("who2020", "3")
    assert etree.tostring(style) == before
