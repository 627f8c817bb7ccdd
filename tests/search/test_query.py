"""The query language: what whoosh would silently misread is refused with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from kutip.errors import KnownError
from kutip.project import Project
from kutip.search import QuerySyntaxError, SearchIndex
from kutip.search.query import check_syntax, parse_query


@pytest.mark.parametrize(
    "query,position,words",
    [
        ('partisipasi AND "ujaran kebencian', 16, "quote is never closed"),
        ("(hoaks OR kampanye", 0, "( is never closed"),
        ("hoaks) OR kampanye", 5, ") has no ("),
        ("hoaks AND", 6, "AND needs something to search for after it"),
        ("OR hoaks", 0, "OR needs something to search for before it"),
        ("hoaks AND OR kampanye", 10, "OR needs something to search for before it"),
        ("hoaks NOT", 6, "NOT needs something to search for after it"),
        ("(hoaks AND)", 7, "AND needs something to search for after it"),
        ("hoaks ()", 6, "nothing between ( and )"),
        ("autor:jansen", 0, "There is no field called autor"),
        ("title: pemilu", 6, "title: needs something to search for"),
        ("year:abc", 5, "year: takes a year or a range"),
        ("year:[2019 TO", 5, "range is never closed"),
        ("year:[2019 2024]", 5, "A range needs TO"),
        ("   ", 0, "Type something to search for"),
    ],
)
def test_syntax_errors_name_the_problem_and_where_it_is(
    query: str, position: int, words: str
) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        check_syntax(query)
    error = caught.value
    assert isinstance(error, KnownError)
    assert error.position == position
    assert words in str(error)
    assert f"at character {position + 1}" in str(error)
    assert f"{query[:position]}→{query[position:]}" in str(error)


@pytest.mark.parametrize(
    "query",
    [
        'partisipasi AND (hoax OR "ujaran kebencian")',
        "partisip* kampanye~ kampanye~2",
        "title:(pemilu OR election) Author:jansen year:[2019 TO 2024] year:2017",
        'NOT hoaks case:"Informan 1" speaker:informan kind:transcript',
        'exact:kebijakan persis:(bijak OR kebijakan) exact:"ujaran kebencian"',
        "http://example.org COVID-19 rasio 1:2 don't",
        "year:[2019 TO]",
    ],
)
def test_valid_queries_parse(query: str) -> None:
    parsed = parse_query(query)
    assert parsed.main is not None and parsed.exact is not None


def test_the_search_raises_the_syntax_error_before_touching_the_index(tmp_path: Path) -> None:
    with Project.create(tmp_path / "t.kutip", codebook="empty") as project:
        index = SearchIndex(project)
        with pytest.raises(QuerySyntaxError, match="never closed"):
            index.search('"kampanye')
        assert not index.path.exists()
        index.close()


def test_capitalised_and_indonesian_field_names_are_the_same_fields() -> None:
    assert repr(parse_query("Title:pemilu").main) == repr(parse_query("judul:pemilu").main)
    assert "exact" in repr(parse_query("persis:bijak").main)


def test_exact_mode_searches_only_the_exact_words() -> None:
    parsed = parse_query("kebijakan", exact=True)
    assert parsed.exact_only and parsed.main is parsed.exact
    assert "text_id" not in repr(parsed.main)
    assert "text_id" in repr(parse_query("kebijakan").main)
