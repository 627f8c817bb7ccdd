"""The query language: whoosh's, checked first so that a mistake gets a clear message.

Syntax (documented for users in ``kutip.search``): words are ANDed; ``AND``, ``OR``, ``NOT``
(upper case) and parentheses; ``"phrases"``; ``wild*`` and ``?``; ``fuzzy~`` (``~2`` for two
edits); ``field:value`` with ``title:``, ``author:``, ``year:2017``, ``year:[2019 TO 2024]``,
``kind:literature``/``kind:transcript``, ``case:``, ``speaker:`` and ``exact:`` (Indonesian
names too: ``judul: penulis: tahun: jenis: kasus: pembicara: persis:``).

**Exact words.** An unfielded word searches three fields: English stems, Indonesian stems and
the exact (folded, unstemmed) words. ``exact:kebijakan`` (or ``exact:"…"``,
``exact:(… OR …)``) searches the exact words only, so *kebijakan* no longer finds *bijak*;
the ``exact=True`` switch does the same for the whole query. Either way chunks that match
word for word rank above those that match only through stems.

Whoosh itself never refuses a query: an unclosed quote becomes a word, an unknown field
becomes text, ``year:abc`` matches nothing. Kutip checks the query before whoosh sees it and
raises ``QuerySyntaxError`` naming the problem and where it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from whoosh import qparser
from whoosh import query as wq
from whoosh.fields import Schema

from kutip.errors import KnownError
from kutip.i18n import _
from kutip.search.fields import FIELD_ALIASES, TEXT_EN, TEXT_EXACT, TEXT_ID, kutip_schema

#: Fields a user may name, with their aliases (and capitalised forms: "Title:").
USER_FIELDS: dict[str, str] = {}
for _name, _aliases in FIELD_ALIASES.items():
    for _alias in (_name, *_aliases):
        USER_FIELDS[_alias] = _name
        USER_FIELDS[_alias.capitalize()] = _name
del _name, _aliases, _alias

_BINARY = {"AND", "OR", "ANDNOT", "ANDMAYBE"}
_FIELD = re.compile(r"([^\W\d_]\w*):")
_EXACT_BOOST = 2.0


class QuerySyntaxError(KnownError):
    """The search query cannot be read; ``position`` is the 0-based index of the problem."""

    def __init__(self, query: str, position: int, problem: str) -> None:
        self.query = query
        self.position = max(0, min(position, len(query)))
        self.problem = problem
        shown = f"{query[: self.position]}→{query[self.position :]}"
        super().__init__(
            _("{problem} (at character {column}: {shown})").format(
                problem=problem, column=self.position + 1, shown=shown
            )
        )


@dataclass(frozen=True)
class ParsedQuery:
    """A query parsed twice: ``main`` (what to find) and ``exact`` (word for word only)."""

    text: str
    main: wq.Query
    exact: wq.Query
    exact_only: bool


def field_names() -> list[str]:
    return list(FIELD_ALIASES)


def _parser(schema: Schema, fields: list[str]) -> qparser.QueryParser:
    boosts = {TEXT_EXACT: _EXACT_BOOST} if len(fields) > 1 else None
    parser = qparser.MultifieldParser(fields, schema, fieldboosts=boosts)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(
        qparser.FieldAliasPlugin(
            {
                name: [a for a, n in USER_FIELDS.items() if n == name and a != name]
                for name in FIELD_ALIASES
            }
        )
    )
    return parser


@lru_cache(maxsize=2)
def _parsers(exact: bool) -> tuple[qparser.QueryParser, qparser.QueryParser]:
    schema = kutip_schema()
    main_fields = [TEXT_EXACT] if exact else [TEXT_EN, TEXT_ID, TEXT_EXACT]
    return _parser(schema, main_fields), _parser(schema, [TEXT_EXACT])


def parse_query(text: str, *, exact: bool = False) -> ParsedQuery:
    """Check and parse a user's query; raises ``QuerySyntaxError`` with what is wrong."""
    check_syntax(text)
    main_parser, exact_parser = _parsers(exact)
    main = _parse(main_parser, text)
    exact_query = main if exact else _parse(exact_parser, text)
    return ParsedQuery(text, main, exact_query, exact)


def _parse(parser: qparser.QueryParser, text: str) -> wq.Query:
    raw = parser.process(text).query(parser)
    _raise_errors(raw, text)
    return raw.normalize() if raw is not None else wq.NullQuery


def _raise_errors(q: Any, text: str) -> None:
    """A field that parses its own values (``year``) reports a bad value as an error query."""
    if q is None:
        return
    error = getattr(q, "error", None)
    if error is not None:
        position = getattr(q, "startchar", None) or 0
        raise QuerySyntaxError(
            text, position, _("This part of the query cannot be read: {error}").format(error=error)
        )
    if not q.is_leaf():
        for child in q.children():
            _raise_errors(child, text)


# -- checking before parsing --------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexeme:
    kind: str  # "operand", "op", "not", "open", "close"
    start: int
    text: str = ""


def check_syntax(text: str) -> None:
    """Raise ``QuerySyntaxError`` for what whoosh would silently misread."""
    if not text.strip():
        raise QuerySyntaxError(text, 0, _("Type something to search for."))
    _check_operators(text, list(_lex(text)))


def _lex(text: str) -> Any:
    position, length = 0, len(text)
    while position < length:
        char = text[position]
        if char.isspace():
            position += 1
        elif char == "(":
            yield _Lexeme("open", position)
            position += 1
        elif char == ")":
            yield _Lexeme("close", position)
            position += 1
        elif char == '"':
            position = _closing(text, position, '"', _("This quote is never closed."))
            yield _Lexeme("operand", position)
        elif char in "[{":
            yield _Lexeme("operand", position)
            position = _range_end(text, position)
        else:
            field = _FIELD.match(text, position)
            if field is not None and not text.startswith("//", field.end()):
                position = _field_value(text, position, field)
                yield _Lexeme("operand", position)
                continue
            end = position
            while end < length and not text[end].isspace() and text[end] not in '()"':
                end += 1
            word = text[position:end]
            if word in _BINARY:
                yield _Lexeme("op", position, word)
            elif word == "NOT":
                yield _Lexeme("not", position, word)
            else:
                yield _Lexeme("operand", position, word)
            position = end


def _closing(text: str, start: int, mark: str, problem: str) -> int:
    end = text.find(mark, start + 1)
    if end == -1:
        raise QuerySyntaxError(text, start, problem)
    return end + 1


def _range_end(text: str, start: int) -> int:
    end = min((i for i in (text.find("]", start), text.find("}", start)) if i != -1), default=-1)
    if end == -1:
        raise QuerySyntaxError(
            text, start, _("This range is never closed; write it as [2019 TO 2024].")
        )
    if not re.search(r"(^|\s)TO(\s|$)", text[start + 1 : end]):
        raise QuerySyntaxError(
            text, start, _("A range needs TO between its ends, e.g. year:[2019 TO 2024].")
        )
    return end + 1


def _field_value(text: str, start: int, field: re.Match[str]) -> int:
    """Check ``name:value`` at ``start``; return where the value ends (groups are lexed on)."""
    name = field.group(1)
    if name not in USER_FIELDS:
        raise QuerySyntaxError(
            text,
            start,
            _("There is no field called {name}. Fields: {fields}.").format(
                name=name, fields=", ".join(f"{f}:" for f in field_names())
            ),
        )
    value = field.end()
    if value >= len(text) or text[value].isspace() or text[value] == ")":
        raise QuerySyntaxError(
            text,
            value,
            _("{name}: needs something to search for right after the colon.").format(name=name),
        )
    if text[value] == '"':
        return _closing(text, value, '"', _("This quote is never closed."))
    if text[value] in "[{":
        return _range_end(text, value)
    if text[value] == "(":
        return value  # the group is lexed as usual
    end = value
    while end < len(text) and not text[end].isspace() and text[end] not in '()"':
        end += 1
    if USER_FIELDS[name] == "year" and not text[value:end].isdigit():
        raise QuerySyntaxError(
            text,
            value,
            _("year: takes a year or a range, e.g. year:2017 or year:[2019 TO 2024]."),
        )
    return end


def _check_operators(text: str, lexemes: list[_Lexeme]) -> None:
    opened: list[int] = []
    previous: _Lexeme | None = None
    for lexeme in lexemes:
        after_nothing = previous is None or previous.kind in {"open", "op", "not"}
        if lexeme.kind == "open":
            opened.append(lexeme.start)
        elif lexeme.kind == "close":
            if not opened:
                raise QuerySyntaxError(text, lexeme.start, _("This ) has no ( before it."))
            if previous is not None and previous.kind == "open":
                raise QuerySyntaxError(text, previous.start, _("There is nothing between ( and )."))
            if previous is not None and previous.kind in {"op", "not"}:
                _missing_after(text, previous)
            opened.pop()
        elif lexeme.kind == "op" and after_nothing:
            raise QuerySyntaxError(
                text,
                lexeme.start,
                _("{op} needs something to search for before it.").format(op=lexeme.text),
            )
        previous = lexeme
    if previous is not None and previous.kind in {"op", "not"}:
        _missing_after(text, previous)
    if opened:
        raise QuerySyntaxError(text, opened[-1], _("This ( is never closed."))


def _missing_after(text: str, lexeme: _Lexeme) -> None:
    raise QuerySyntaxError(
        text,
        lexeme.start,
        _("{op} needs something to search for after it.").format(op=lexeme.text),
    )
