"""The report's parts on their own: labels, quote text, CSL-JSON, rich text, tables."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kutip.model import AttributeScope, BibEntry, CaseSource, Code
from kutip.reports.csljson import csl_item, csl_names
from kutip.reports.labels import Labels, all_labels
from kutip.reports.quotes import clean_quote, quote_text, whole_words
from kutip.reports.render.markdown import bibtex_entry, escape, pandoc_key
from kutip.reports.richtext import Span, from_html, plain, to_html
from kutip.reports.selection import AttributeFilter, Membership
from kutip.reports.tables import (
    Coding,
    cooccurrence_overlap,
    cooccurrence_units,
    paragraphs,
    per_column,
    units_of,
)


def test_every_report_language_has_every_label() -> None:
    tables = all_labels()
    assert set(tables) == {"en", "id"}
    assert tables["en"].names() == tables["id"].names()
    for labels in tables.values():
        assert all(labels[key].strip() for key in labels.names())
        for key in labels.names():
            if key.startswith("sheet_"):
                assert len(labels[key]) <= 31 and not set(labels[key]) & set("[]:*?/\\")


def test_labels_say_pages_in_the_report_language() -> None:
    assert Labels("en").page_locator("412") == "p. 412"
    assert Labels("en").page_locator("412–413") == "pp. 412–413"
    assert Labels("id").page_locator("412–413") == "hlm. 412–413"
    assert Labels("id").csl_locale == "id-ID"
    with pytest.raises(ValueError):
        Labels("fr")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("kam-\npanye politik", "kampanye politik"),
        ("kam\u00ad\npanye", "kampanye"),
        ("par\u00adti\u00adsi\u00adpasi", "partisipasi"),
        ("anak-\nanak dan sehari-\nhari", "anak-anak dan sehari-hari"),
        ("COVID-\n19 dan Jawa-\nBarat", "COVID-19 dan Jawa-Barat"),
        ("  banyak\n\n  spasi\t dan\nbaris  ", "banyak spasi dan baris"),
    ],
)
def test_quotes_are_joined_and_collapsed(raw: str, clean: str) -> None:
    assert clean_quote(raw) == clean


def test_a_cut_word_is_completed_at_both_edges() -> None:
    text = "Kampanye politik di media sosial."
    assert whole_words(text, 1, 22) == (0, 25)
    assert quote_text(text, 1, 22) == "Kampanye politik di media"
    assert whole_words(text, 9, 16) == (9, 16)  # already whole words: unchanged
    assert whole_words(text, 5, 5) == (5, 5)


def _entry(**fields: str) -> BibEntry:
    return BibEntry(
        citekey="k",
        entry_type=fields.pop("type", "article"),
        title=fields.pop("title", "Judul"),
        authors=tuple(fields.pop("authors", "Jansen, Mikhael F.").split(";")),
        year=fields.pop("year", "2017"),
        doi=fields.pop("doi", ""),
        fields=fields,
    )


def test_bibtex_entries_become_csl_json() -> None:
    item = csl_item(
        _entry(journal="Journal of Communication", volume="67", number="3", pages="401--425",
               doi="10.1/x", month="3"),
        "ref0",
    )  # fmt: skip
    assert item == {
        "id": "ref0",
        "type": "article-journal",
        "title": "Judul",
        "author": [{"family": "Jansen", "given": "Mikhael F."}],
        "issued": {"date-parts": [[2017, 3]]},
        "container-title": "Journal of Communication",
        "issue": "3",
        "page": "401-425",
        "DOI": "10.1/x",
        "volume": "67",
        "language": "en",  # no langid, no source: the title's words, else English
    }
    chapter = csl_item(
        _entry(type="incollection", booktitle="Digital Indonesia", editor="Sen, Krishna",
               publisher="ISEAS", address="Singapore", langid="indonesian"),
        "ref1",
    )  # fmt: skip
    assert chapter["type"] == "chapter"
    assert chapter["container-title"] == "Digital Indonesia"
    assert chapter["editor"] == [{"family": "Sen", "given": "Krishna"}]
    assert chapter["publisher-place"] == "Singapore"
    assert chapter["language"] == "id"
    thesis = csl_item(
        _entry(type="phdthesis", school="Universitas Indonesia"), "r", "id", "harvard", "en"
    )
    assert (thesis["type"], thesis["publisher"], thesis["genre"]) == (
        "thesis",
        "Universitas Indonesia",
        "PhD thesis",  # Cite Them Right's words
    )
    apa = csl_item(_entry(type="mastersthesis"), "r", "id", "apa", "id")
    assert apa["genre"] == "Tesis magister tidak diterbitkan"  # no URL: unpublished (APA 10.6)
    assert thesis["language"] == "id"
    assert csl_item(_entry(year="in press"), "r")["issued"] == {"literal": "in press"}
    assert csl_item(_entry(year="", date="2019-07-02"), "r")["issued"] == {
        "date-parts": [[2019, 7, 2]]
    }


def test_names_keep_corporate_authors_whole() -> None:
    assert csl_names(["World Health Organization", "Garcia", "others", "Mù, Ānh"]) == [
        {"literal": "World Health Organization"},
        {"family": "Garcia"},
        {"family": "Mù", "given": "Ānh"},
    ]
    assert csl_names(["van Dijk, Jan", "King, Jr., Martin"]) == [
        {"family": "van Dijk", "given": "Jan"},
        {"family": "King", "given": "Martin", "suffix": "Jr."},
    ]


def test_citeproc_html_becomes_runs_and_back() -> None:
    runs = from_html("Jansen. <i>Journal &amp; Co</i>, <i>67</i>(3). "
                     '<span style="font-variant:small-caps;">Ieee</span>')  # fmt: skip
    assert plain(runs) == "Jansen. Journal & Co, 67(3). Ieee"
    assert Span("Journal & Co", italic=True) in runs
    assert Span("Ieee", small_caps=True) in runs
    assert to_html(runs).startswith("Jansen. <i>Journal &amp; Co</i>")


def test_markdown_escapes_what_pandoc_would_read_as_markup() -> None:
    assert escape("a *b* [c] @d #e|f") == r"a \*b\* \[c\] \@d \#e\|f"
    assert escape("1. not a list") == r"1\. not a list"
    assert escape("- not a list") == r"\- not a list"
    assert pandoc_key("jansen2017") == "@jansen2017"
    assert pandoc_key("Jansen:2017.a") == "@Jansen:2017.a"
    assert pandoc_key("odd key!") == "@{odd key!}"


def test_the_bib_file_protects_what_the_user_protected_and_escapes_latex() -> None:
    entry = replace(
        _entry(
            title="Hoaks & TikTok in Indonesia: 50% of {it} in Southeast Asia",
            journal="New Media & Society",
            url="https://example.org/a_b%20c",
            file="/home/me/paper.pdf",
            institution="Centre for Strategic and International Studies",
        ),
        protected={"title": ("Indonesia",)},
    )
    text = bibtex_entry(entry, "en")
    # In sentence case, as Kutip prints it; braced: what the user braced, and the names Kutip
    # knows (proper_nouns); TikTok keeps its capitals anyway.
    assert (
        "title = {Hoaks \\& TikTok in {Indonesia}: 50\\% of \\{it\\} in {Southeast Asia}}," in text
    )
    assert "journal = {New Media \\& Society}," in text
    assert "url = {https://example.org/a_b%20c}," in text
    assert "institution = {{Centre for Strategic and International Studies}}," in text
    assert "file" not in text
    assert "langid = {english}," in text
    assert text.startswith("@article{k,\n  author = {Jansen, Mikhael F.},")
    corporate = bibtex_entry(_entry(authors="World Health Organization;Lim, Merlyna"))
    assert "author = {{World Health Organization} and Lim, Merlyna}," in corporate
    # A title written in sentence case keeps its names: they are braced for Pandoc.
    sentence = bibtex_entry(_entry(title="Social media and participation in Indonesia"))
    assert "title = {Social media and participation in {Indonesia}}," in sentence
    indonesian = bibtex_entry(_entry(title="Kampanye Digital di Jawa", langid="indonesian"))
    assert "title = {Kampanye Digital di Jawa}," in indonesian
    assert "langid = {id}," in indonesian  # Pandoc 2.17 knows "id", not "indonesian"


def _codes(*names: str) -> list[Code]:
    return [Code(k + 1, f"g{k}", None, name, "#000000", k) for k, name in enumerate(names)]


def test_overlapping_segments_of_different_codes_co_occur() -> None:
    a, b, c = _codes("A", "B", "C")
    codings = [
        Coding(1, 1, 0, 10, ()),
        Coding(2, 1, 5, 15, ()),  # overlaps the A
        Coding(3, 1, 10, 12, ()),  # touches A's end: no overlap with A; overlaps B
        Coding(1, 2, 5, 15, ()),  # another source
        Coding(1, 1, 8, 9, ()),  # A inside A: same code, not counted
    ]
    table = cooccurrence_overlap([a, b, c], codings)
    assert table.values == ((0, 2, 0), (2, 0, 1), (0, 1, 0))


def test_codes_in_the_same_paragraph_or_turn_co_occur() -> None:
    text = "Satu dua.\nTiga empat.\n\nLima."
    assert paragraphs(text) == [(0, 9), (10, 21), (23, 28)]
    a, b = _codes("A", "B")
    codings = [
        Coding(1, 1, 0, 4, ()),
        Coding(2, 1, 5, 8, ()),  # same paragraph as the A
        Coding(2, 1, 12, 25, ()),  # two paragraphs
    ]
    table = cooccurrence_units([a, b], codings, {1: paragraphs(text)})
    assert table.values == ((1, 1), (1, 3))
    turns = [(0, 21)]
    assert units_of(text, turns) == [(0, 21), (23, 28)]


def test_counts_per_case_and_presence() -> None:
    a, b = _codes("A", "B")
    codings = [Coding(1, 1, 0, 1, (7,)), Coding(1, 1, 2, 3, (7, 8)), Coding(2, 2, 0, 1, ())]
    counts = per_column([a, b], codings, [(7, "I1"), (8, "I2")], by_case=True, title="per_case")
    assert counts.values == ((2, 1), (0, 0))
    assert counts.grid("Code", "Total") == [
        ["Code", "I1", "I2", "Total"],
        ["A", "2", "1", "3"],
        ["B", "0", "0", "0"],
        ["Total", "2", "1", "3"],
    ]
    presence = per_column(
        [a, b], codings, [(7, "I1"), (8, "I2")], by_case=True, title="matrix", presence=True
    )
    assert presence.grid("Code", "Total") == [
        ["Code", "I1", "I2", "Total"],
        ["A", "✓", "✓", "2"],
        ["B", "", "", "0"],
    ]
    assert presence.number_grid() == [[1, 1], [0, 0]]


def test_parts_of_a_source_belong_to_their_cases() -> None:
    membership = Membership.of(
        [CaseSource(1, 10, None, None), CaseSource(2, 11, 0, 50), CaseSource(3, 11, 50, 100)]
    )
    assert membership.cases_of(10, 5, 6) == (1,)
    assert membership.cases_of(11, 10, 20) == (2,)
    assert membership.cases_of(11, 40, 60) == (2, 3)
    assert membership.cases_of(12, 0, 1) == ()
    assert membership.has_cases(11) and not membership.has_cases(12)


def test_attribute_filters_match_stored_values_and_exclude() -> None:
    java = AttributeFilter("provinsi", ("Jawa Barat", "Jawa Timur"))
    assert java.matches("jawa barat") and not java.matches("Sumatera Utara")
    assert not java.matches(None)
    outside = AttributeFilter("provinsi", ("Jawa Barat",), AttributeScope.CASE, exclude=True)
    assert outside.matches("Sumatera Utara") and outside.matches(None)
    assert not outside.matches("Jawa Barat")
