"""Searching: exact offsets, both languages, exact words, the query language, code filters."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from search_testing import (
    add_reference,
    all_matched_words,
    matched_words,
    pdf_draft,
    transcript_draft,
)

from kutip.project import Project
from kutip.search import SearchIndex, SearchResults

PREFIX = unicodedata.normalize("NFC", "Cafe\u0301 🔥 👍🏽 re\u0301sume\u0301 x\u0301 — ")
JANSEN_PAGES = [
    PREFIX + "Political campaigns and campaigning online.\nWarga berpartisipasi dalam kampanye.",
    "Hoaks dan ujaran kebencian menyebar cepat. Kebijakan pemerintah belum jelas.",
]
SILITONGA_PAGES = [
    "Partisipasinya tinggi di kalangan pemilih pemula.\n"
    "Ujaran yang kebencian tetap ada. Sikap yang bijak diperlukan.",
]
INTERVIEW = [
    ("Pewawancara", "Apakah Anda ikut kampanye di media sosial?"),
    ("Informan 1", "Ya 👍🏽, saya dipartisipasikan oleh teman. Banyak hoaks beredar."),
    ("Pewawancara", "Bagaimana dengan campaign ads?"),
]
NOTES = [("Moderator", "Diskusi tentang partisipasi politik."), ("Informan 2", "Saya setuju.")]


Corpus = tuple[Project, SearchIndex]
Coded = tuple[Project, SearchIndex, int, int]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    folder = tmp_path_factory.mktemp("corpus")
    project = Project.create(folder / "t.kutip", codebook="empty", coder="tester")
    add_reference(project, "jansen2017", "Political Participation Online", "Jansen", "2017")
    add_reference(project, "silitonga2024", "Hoaks dan Partisipasi", "Silitonga", "2024a")
    project.sources.add(pdf_draft(JANSEN_PAGES, "Jansen", ["411", "412"], "jansen2017"))
    project.sources.add(pdf_draft(SILITONGA_PAGES, "Silitonga", ["7"], "silitonga2024"))
    interview = project.sources.add(transcript_draft(INTERVIEW, "informan-01", times=True)).value
    notes = project.sources.add(transcript_draft(NOTES, "diskusi")).value
    project.cases.link_source(project.cases.add("Informan 1").value, interview)
    project.cases.link_source(project.cases.add("Informan 2").value, notes, 48, 72)
    index = SearchIndex(project, cache_dir=folder / "cache")
    yield project, index
    index.close()
    project.close()


def search(corpus: Corpus, query: str, **options: Any) -> SearchResults:
    return corpus[1].search(query, **options)


def titles(results: SearchResults) -> list[str]:
    return [hit.source_title for hit in results]


def test_every_match_is_an_exact_range_of_the_source_text(corpus: Corpus) -> None:
    project, _ = corpus
    results = search(corpus, "campaign OR partisipasi OR hoaks OR kampanye", limit=None)
    assert results.total == len(results.hits) > 0
    for hit in results:
        text = project.sources.text(hit.source_id)
        assert hit.start <= min(s for s, _ in hit.matches)
        assert max(e for _, e in hit.matches) <= hit.end
        for start, end in hit.matches:
            assert text[start:end].strip() == text[start:end] != ""
    jansen = next(h for h in results if h.source_title == "Jansen" and h.page_label == "411")
    text = project.sources.text(jansen.source_id)
    assert text.index("campaigns") > len(PREFIX) - 3
    assert matched_words(project, jansen) == [
        "campaigns",
        "campaigning",
        "berpartisipasi",
        "kampanye",
    ]
    assert jansen.matches[0] == (text.index("campaigns"), text.index("campaigns") + 9)


def test_hits_in_transcripts_know_speaker_turn_and_time(corpus: Corpus) -> None:
    project, _ = corpus
    [hit] = search(corpus, "dipartisipasikan AND hoaks")
    assert (hit.speaker, hit.turn_index, hit.time_start, hit.time_end) == ("Informan 1", 1, 30, 60)
    assert hit.location == "Informan 1 (00:00:30)"
    assert matched_words(project, hit) == ["dipartisipasikan", "hoaks"]
    assert hit.page_label is None


def test_indonesian_affixes_are_found_by_the_root(corpus: Corpus) -> None:
    project, _ = corpus
    results = search(corpus, "partisipasi", limit=None)
    words = all_matched_words(project, results.hits)
    for word in ("berpartisipasi", "Partisipasinya", "dipartisipasikan", "partisipasi"):
        assert word in words


def test_english_stems_match_each_other(corpus: Corpus) -> None:
    project, _ = corpus
    results = search(corpus, "campaigning")
    assert set(all_matched_words(project, results.hits)) == {"campaigns", "campaigning", "campaign"}


def test_word_for_word_matches_rank_above_stem_only_ones(corpus: Corpus) -> None:
    project, _ = corpus
    results = search(corpus, "kebijakan")
    assert [matched_words(project, h) for h in results] == [["Kebijakan"], ["bijak"]]
    assert [h.exact for h in results] == [True, False]
    assert results.hits[0].score > 0


@pytest.mark.parametrize("query,exact", [("kebijakan", True), ("exact:kebijakan", False)])
def test_exact_words_do_not_match_through_stems(corpus: Corpus, query: str, exact: bool) -> None:
    project, _ = corpus
    results = search(corpus, query, exact=exact)
    assert [matched_words(project, h) for h in results] == [["Kebijakan"]]
    assert search(corpus, "persis:bijak").total == 1


def test_exact_mode_still_folds_case_and_accents(corpus: Corpus) -> None:
    project, _ = corpus
    [hit] = search(corpus, "RESUME cafe", exact=True)
    assert matched_words(project, hit) == ["Café", "résumé"]


def test_a_phrase_matches_only_words_that_follow_each_other(corpus: Corpus) -> None:
    project, _ = corpus
    [hit] = search(corpus, '"ujaran kebencian"')
    assert hit.source_title == "Jansen"
    assert matched_words(project, hit) == ["ujaran", "kebencian"]
    text = project.sources.text(hit.source_id)
    [span] = hit.spans
    assert text[span[0] : span[1]] == "ujaran kebencian"
    assert "«ujaran kebencian»" in hit.snippet.marked()
    # Phrases are searched word for word (folded), stop words included.
    assert titles(search(corpus, '"ujaran yang kebencian"')) == ["Silitonga"]
    both = search(corpus, '"UJARAN kebencian" OR "bijak diperlukan"')
    assert sorted(titles(both)) == ["Jansen", "Silitonga"]


def test_a_phrase_finds_inflected_forms_as_single_words_do(corpus: Corpus) -> None:
    project, _ = corpus
    [hit] = search(corpus, '"political campaign"')  # English stems: campaigns → campaign
    assert matched_words(project, hit) == ["Political", "campaigns"]
    text = project.sources.text(hit.source_id)
    [span] = hit.spans
    assert text[span[0] : span[1]] == "Political campaigns"
    # Indonesian stems, with a stop word standing for itself: berpartisipasi → partisipasi.
    [hit] = search(corpus, '"partisipasi dalam kampanye"')
    assert matched_words(project, hit) == ["berpartisipasi", "dalam", "kampanye"]
    assert "«berpartisipasi dalam kampanye»" in hit.snippet.marked()
    # The words must still follow each other, in order; exact: keeps the words as written.
    assert matched_words(project, search(corpus, '"campaign online"').hits[0]) == [
        "campaigning",
        "online",
    ]
    assert search(corpus, '"campaign political"').total == 0
    assert search(corpus, '"political online"').total == 0
    assert search(corpus, 'exact:"political campaign"').total == 0
    assert search(corpus, '"political campaign"', exact=True).total == 0
    assert search(corpus, 'exact:"political campaigns"').total == 1


def test_boolean_queries(corpus: Corpus) -> None:
    project, _ = corpus
    assert sorted(titles(search(corpus, "hoaks"))) == ["Jansen", "informan-01"]
    assert titles(search(corpus, "hoaks AND NOT kebijakan")) == ["informan-01"]
    both = search(corpus, "partisipasi AND (hoaks OR kebencian)")
    assert sorted(titles(both)) == ["Silitonga", "informan-01"]
    for hit in both:  # words under NOT are never marked; all positive words are
        assert set(matched_words(project, hit)) - {"Ujaran"} <= {
            "Partisipasinya",
            "kebencian",
            "dipartisipasikan",
            "hoaks",
        }
    assert search(corpus, "hoaks AND campaign").total == 0


def test_a_wildcard_matching_many_terms(tmp_path: Path) -> None:
    words = [f"kata{chr(97 + i)}{chr(97 + j)}" for i in range(5) for j in range(6)]
    with Project.create(tmp_path / "t.kutip", codebook="empty") as project:
        project.sources.add(pdf_draft([" ".join(words[:15]), "lain", " ".join(words[15:])]))
        with SearchIndex(project) as index:
            results = index.search("kata*")
            assert sorted(all_matched_words(project, results.hits)) == words
            assert results.total == 2
            assert index.search("kataa?").total == 1
            assert all_matched_words(project, index.search("katazz~").hits) == []
            assert "katabb" in all_matched_words(project, index.search("katbb~").hits)


def test_wildcards_and_fuzzy_terms(corpus: Corpus) -> None:
    project, _ = corpus
    assert set(all_matched_words(project, search(corpus, "kampa*").hits)) == {"kampanye"}
    assert "kampanye" in all_matched_words(project, search(corpus, "kampanya~").hits)
    assert "campaigns" in all_matched_words(project, search(corpus, "campaing~2").hits)


@pytest.mark.parametrize(
    "query,expected",
    [
        ("year:2017", ["Jansen"]),
        ("tahun:2024", ["Silitonga"]),
        ("year:[2019 TO 2024]", ["Silitonga"]),
        ("year:[2000 TO 2030]", ["Jansen", "Silitonga"]),
        ("author:jansen", ["Jansen"]),
        ("penulis:silitonga", ["Silitonga"]),
        ("title:participation", ["Jansen"]),
        ("judul:hoaks", ["Silitonga"]),
        ("kind:transcript", ["diskusi", "informan-01"]),
        ("kind:literature", ["Jansen", "Silitonga"]),
        ("jenis:transkrip", ["diskusi", "informan-01"]),
        ("kind:pdf", ["Jansen", "Silitonga"]),
        ('case:"informan 1"', ["informan-01"]),
        ('kasus:"informan 2"', ["diskusi"]),
        ("speaker:pewawancara", ["informan-01"]),
        ('speaker:"informan 2"', ["diskusi"]),
    ],
)
def test_field_queries(corpus: Corpus, query: str, expected: list[str]) -> None:
    assert sorted(set(titles(search(corpus, query, limit=None)))) == expected


def test_fields_combine_with_words(corpus: Corpus) -> None:
    project, _ = corpus
    [hit] = search(corpus, "kind:transcript AND partisipasi AND speaker:moderator")
    assert hit.source_title == "diskusi"
    assert matched_words(project, hit) == ["partisipasi"]
    # A case linked to a part of a source applies to that part only.
    [hit] = search(corpus, 'case:"informan 2"')
    assert hit.speaker == "Informan 2"


def test_hits_carry_page_labels_and_marked_snippets(corpus: Corpus) -> None:
    [hit] = search(corpus, "pemerintah")
    assert (hit.page_index, hit.page_label, hit.location) == (1, "412", "p. 412")
    assert "«pemerintah»" in hit.snippet.marked()
    assert "<mark>pemerintah</mark>" in hit.snippet.html()
    start, end = hit.snippet.marks[0]
    assert hit.snippet.text[start:end] == "pemerintah"
    assert hit.to_dict()["page_label"] == "412"


def test_limit_keeps_the_best_and_total_counts_all(corpus: Corpus) -> None:
    everything = search(corpus, "partisipasi OR kampanye OR hoaks", limit=None)
    first = search(corpus, "partisipasi OR kampanye OR hoaks", limit=2)
    assert first.total == everything.total > 2
    assert [h.start for h in first] == [h.start for h in everything.hits[:2]]


def test_a_limit_of_zero_only_counts(corpus: Corpus) -> None:
    results = search(corpus, "partisipasi", limit=0)
    assert results.hits == [] and results.total == search(corpus, "partisipasi").total > 0


def test_a_long_chunk_gets_a_snippet_around_the_match(tmp_path: Path) -> None:
    filler = " ".join(["kata"] * 150)
    with Project.create(tmp_path / "t.kutip", codebook="empty") as project:
        project.sources.add(pdf_draft([f"{filler} Kampanye 👍🏽 di akhir. {filler}"]))
        with SearchIndex(project) as index:
            [hit] = index.search("kampanye")
    snippet = hit.snippet
    assert snippet.clipped_before and snippet.clipped_after
    assert len(snippet.text) <= 240
    assert snippet.marked().startswith("…kata") and snippet.marked().endswith("kata…")
    assert "«Kampanye» 👍🏽 di akhir." in snippet.marked()


# -- filters through the project -----------------------------------------------------------


@pytest.fixture
def coded(tmp_path: Path) -> Iterator[Coded]:
    with Project.create(tmp_path / "t.kutip", codebook="empty") as project:
        text = "Kampanye pertama. Kampanye kedua.\nKampanye ketiga di baris lain."
        source = project.sources.add(pdf_draft([text])).value
        code = project.codes.add("Kampanye").value
        other = project.codes.add("Lain").value
        project.codings.apply(source, 0, 17, code)  # "Kampanye pertama."
        project.codings.apply(source, 34, 64, other)  # the second line
        with SearchIndex(project) as index:
            yield project, index, code, other


def test_in_code_keeps_only_matches_inside_that_codes_codings(coded: Coded) -> None:
    project, index, code, other = coded
    [hit] = index.search("kampanye", in_code=code)
    assert hit.matches == ((0, 8),)
    [hit] = index.search("kampanye", in_code=other)
    assert matched_words(project, hit) == ["Kampanye"] and hit.matches[0][0] == 34
    assert index.search("kampanye", in_code=code).total == 1


def test_uncoded_keeps_only_matches_inside_no_coding(coded: Coded) -> None:
    _project, index, _code, _other = coded
    [hit] = index.search("kampanye", uncoded=True)
    assert hit.matches == ((18, 26),)
    assert index.search("ketiga", uncoded=True).total == 0


def test_code_filters_follow_new_codings(coded: Coded) -> None:
    project, index, code, _other = coded
    assert index.search("kedua", in_code=code).total == 0
    project.codings.apply(project.sources.all()[0].id, 18, 33, code)
    assert index.search("kedua", in_code=code).total == 1
