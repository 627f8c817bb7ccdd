"""Queries built to break the parser are refused with one sentence before whoosh sees them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kutip.errors import KnownError
from kutip.project import Project
from kutip.search import QuerySyntaxError, SearchIndex
from kutip.search.query import MAX_QUERY_DEPTH, MAX_QUERY_LENGTH, check_syntax, parse_query
from kutip_testing import run_limited, text_draft


def _one_sentence(error: Exception, longest: int = 250) -> str:
    message = str(error)
    assert isinstance(error, KnownError)
    assert "\n" not in message and len(message) <= longest, message
    return message


def test_two_thousand_nested_parentheses_are_refused_before_the_index(tmp_path: Path) -> None:
    query = "(" * 2000 + "kampanye" + ")" * 2000  # whoosh: RecursionError
    with Project.create(tmp_path / "t.kutip", codebook="empty") as project:
        project.sources.add(text_draft("Kampanye dan hoaks."))
        index = SearchIndex(project, watch=False)
        with pytest.raises(QuerySyntaxError) as caught:
            index.search(query)
        assert not index.path.exists()
        index.close()
    message = _one_sentence(caught.value)
    assert message.startswith(f"Parentheses nest more than {MAX_QUERY_DEPTH} deep here")
    assert caught.value.position == MAX_QUERY_DEPTH


def test_a_query_of_one_megabyte_is_refused_with_a_short_message() -> None:
    query = "partisipasi " * 90_000  # ~1 MB; whoosh took half a minute to parse it
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(query)
    message = _one_sentence(caught.value)
    assert message.startswith(
        f"The query is too long: {len(query)} characters, at most {MAX_QUERY_LENGTH} are read."
    )
    assert "…" in message  # the query is shown only around the cut


def test_the_limits_themselves_are_accepted() -> None:
    deepest = "(" * MAX_QUERY_DEPTH + "kampanye" + ")" * MAX_QUERY_DEPTH
    parse_query(deepest)
    longest = ("kampanye " * MAX_QUERY_LENGTH)[:MAX_QUERY_LENGTH]
    parse_query(longest)


def test_binary_operators_are_counted_as_nesting() -> None:
    chain = "kampanye " + " ".join(f"ANDNOT w{i}" for i in range(MAX_QUERY_DEPTH + 1))
    with pytest.raises(QuerySyntaxError) as caught:
        check_syntax(chain)  # whoosh nests each: a thousand of them overflow its stack
    assert _one_sentence(caught.value).startswith(
        f"ANDNOT, ANDMAYBE and REQUIRE can be used at most {MAX_QUERY_DEPTH} times."
    )
    with pytest.raises(QuerySyntaxError, match="REQUIRE needs something to search for before"):
        check_syntax("REQUIRE kampanye")


def test_not_not_is_refused_instead_of_crashing_whoosh() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query("kampanye NOT NOT hoaks")  # whoosh: IndexError
    assert caught.value.position == len("kampanye NOT ")
    assert "NOT (NOT" in _one_sentence(caught.value)
    parse_query("kampanye NOT (NOT hoaks)")


def test_whoosh_errors_about_huge_values_are_shortened() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query("year:" + "9" * 4000)
    _one_sentence(caught.value)


PARSE_NESTED = """
    import json, sys
    from kutip.search.query import parse_query
    depth = int(sys.argv[1])
    for operator in ("ANDNOT", "ANDMAYBE", "REQUIRE"):
        for exact in (False, True):
            parse_query(f"(kampanye {operator} " * depth + "hoaks" + ")" * depth, exact=exact)
    print(json.dumps({"parsed": True}))
"""


def test_binary_operators_nested_to_the_limit_parse() -> None:
    # Whoosh built each side of ANDNOT twice: 16 levels took 5 s, 32 would take years.
    assert run_limited(PARSE_NESTED, MAX_QUERY_DEPTH) == {"parsed": True}
