"""The query language: whoosh's, checked first so that a mistake gets a clear message.

Syntax (documented for users in ``kutip.search``): words are ANDed; ``AND``, ``OR``, ``NOT``
(upper case) and parentheses; ``"phrases"``; ``wild*`` and ``?``; ``fuzzy~`` (``~2`` for two
edits); ``field:value`` with ``title:``, ``author:``, ``year:2017``, ``year:[2019 TO 2024]``,
``kind:literature``/``kind:transcript``/``kind:other``, ``case:``, ``speaker:`` and ``exact:``
(Indonesian names too: ``judul: penulis: tahun: jenis: kasus: pembicara: persis:``).

**Exact words.** An unfielded word searches three fields: English stems, Indonesian stems and
the exact (folded, unstemmed) words. ``exact:kebijakan`` (or ``exact:"…"``,
``exact:(… OR …)``) searches the exact words only, so *kebijakan* no longer finds *bijak*;
the ``exact=True`` switch does the same for the whole query. Either way chunks that match
word for word rank above those that match only through stems.

**Phrases** find inflected forms as single words do: ``"mixed model"`` finds "mixed models",
``"kampanye politik"`` finds "berkampanye politik" where the stems agree; ``exact:"…"`` finds
the words as written only. The stem fields keep no positions (see ``fields.py``), so a phrase
in a stem field is a ``StemPhrase``: a sequence of positions in the *exact* field, each filled
by any exact word with the same stem as the phrase's word there (a stop word only by itself).
Which exact words share a stem is read from the exact field's lexicon once per index reader.

Whoosh itself never refuses a query: an unclosed quote becomes a word, an unknown field
becomes text, ``year:abc`` matches nothing. Kutip checks the query before whoosh sees it and
raises ``QuerySyntaxError`` naming the problem and where it is.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from whoosh import qparser
from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.matching import NullMatcher
from whoosh.qparser import syntax
from whoosh.qparser.common import attach
from whoosh.searching import SearchContext

from kutip.errors import KnownError
from kutip.i18n import _
from kutip.search.analysis import phrase_key
from kutip.search.fields import (
    FIELD_ALIASES,
    STEM_FIELDS,
    TEXT_EN,
    TEXT_EXACT,
    TEXT_FIELDS,
    TEXT_ID,
    kutip_schema,
)

#: Fields a user may name, with their aliases (and capitalised forms: "Title:").
USER_FIELDS: dict[str, str] = {}
for _name, _aliases in FIELD_ALIASES.items():
    for _alias in (_name, *_aliases):
        USER_FIELDS[_alias] = _name
        USER_FIELDS[_alias.capitalize()] = _name
del _name, _aliases, _alias

_BINARY = {"AND", "OR", "ANDNOT", "ANDMAYBE", "REQUIRE"}
#: Operators whoosh nests one level deeper each time they are used, even without parentheses.
_NESTING = frozenset({"ANDNOT", "ANDMAYBE", "REQUIRE"})
_FIELD = re.compile(r"([^\W\d_]\w*):")
_EXACT_BOOST = 2.0

#: The longest query read, in characters. A long list of alternatives runs to a few
#: thousand; whoosh takes about 30 s to parse a 1 MB query, so one that long is refused.
MAX_QUERY_LENGTH = 10_000
#: How deep parentheses may nest, and how many ANDNOT, ANDMAYBE and REQUIRE (which nest like
#: parentheses) a query may have. Whoosh parses and matches a query recursively, several
#: frames per level, and overflows Python's stack past about 100 levels of ``(a OR (…``;
#: nobody writes more than a handful.
MAX_QUERY_DEPTH = 32
#: Characters of the query shown on either side of a problem in the message.
_SHOWN_AROUND = 40


class QuerySyntaxError(KnownError):
    """The search query cannot be read; ``position`` is the 0-based index of the problem."""

    def __init__(self, query: str, position: int, problem: str) -> None:
        self.query = query
        self.position = max(0, min(position, len(query)))
        self.problem = problem
        before, after = query[: self.position], query[self.position :]
        if len(before) > _SHOWN_AROUND:
            before = "…" + before[-_SHOWN_AROUND:]
        if len(after) > _SHOWN_AROUND:
            after = after[:_SHOWN_AROUND] + "…"
        shown = f"{before}→{after}"
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


class _BinaryOnce(syntax.BinaryGroup):
    """A binary group (ANDNOT, ANDMAYBE, REQUIRE) that builds each side's query once.

    Whoosh's own builds each side twice, so ``(a ANDNOT (b ANDNOT (…)))`` nested n deep took
    2ⁿ steps: 16 levels 5 s, 32 levels years."""

    def query(self, parser: Any) -> Any:
        first, second = self.nodes[0].query(parser), self.nodes[1].query(parser)
        if first is None or second is None:
            built = first or second or wq.NullQuery
        else:
            built = self.qclass(first, second)
        return attach(built, self)


class _AndNotGroup(_BinaryOnce, syntax.AndNotGroup):
    pass


class _AndMaybeGroup(_BinaryOnce, syntax.AndMaybeGroup):
    pass


class _RequireGroup(_BinaryOnce, syntax.RequireGroup):
    pass


def _operators() -> qparser.OperatorsPlugin:
    """Whoosh's operators (same words, same priorities) with the binary groups above."""
    tagger = qparser.OperatorsPlugin.OpTagger
    return qparser.OperatorsPlugin(
        ops=[
            (tagger(r"(?<=\s)ANDNOT(?=\s)", _AndNotGroup, memo="anot"), -5),
            (tagger(r"(?<=\s)ANDMAYBE(?=\s)", _AndMaybeGroup, memo="amaybe"), -5),
            (tagger(r"(^|(?<=\s))REQUIRE(?=\s)", _RequireGroup, memo="req"), 0),
        ],
        AndNot=None,
        AndMaybe=None,
        Require=None,
    )


def _parser(schema: Schema, fields: list[str]) -> qparser.QueryParser:
    boosts = {TEXT_EXACT: _EXACT_BOOST} if len(fields) > 1 else None
    parser = qparser.MultifieldParser(fields, schema, fieldboosts=boosts)
    parser.replace_plugin(_operators())
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
    if exact:
        return ParsedQuery(text, _normal(main), _normal(main), exact)
    main = _with_stems_in_exact(main)
    word_for_word = _keep_negations(_parse(exact_parser, text), main)
    return ParsedQuery(text, _normal(main), _normal(word_for_word), exact)


def _with_stems_in_exact(q: wq.Query | None) -> wq.Query | None:
    """Look for each stem in the exact words too; phrases through stems on the exact words.

    The stem fields hold only the words their stemmer changes (``analysis.KutipAnalyzer``):
    *partisipasi* is its own Indonesian stem, so a text saying *partisipasi* has it in the
    exact field alone, and ``berpartisipasi`` (stem *partisipasi*) must find it there. A
    phrase in a stem field becomes a ``StemPhrase`` over the phrase's exact words (stop words
    included: the stem field's phrase has lost them).
    """
    if q is None:
        return None
    if isinstance(q, wq.Phrase) and q.fieldname in STEM_FIELDS:
        return StemPhrase(q.fieldname, list(q.words), slop=q.slop, boost=q.boost)
    if isinstance(q, wq.Or) and q.subqueries and all(_is_text_term(s) for s in q.subqueries):
        words: list[wq.Query] = list(q.subqueries)
        exact = {t.text for t in q.subqueries if t.fieldname == TEXT_EXACT}
        for term in q.subqueries:
            if term.fieldname in STEM_FIELDS and term.text not in exact:
                exact.add(term.text)
                words.append(wq.Term(TEXT_EXACT, term.text, boost=term.boost))
        return wq.Or(words, boost=q.boost)
    if isinstance(q, wq.Or) and any(_is_stem_phrase(s) for s in q.subqueries):
        written = next(
            (s for s in q.subqueries if type(s) is wq.Phrase and s.fieldname == TEXT_EXACT),
            None,
        )
        subqueries = [
            StemPhrase(s.fieldname, list(written.words), slop=s.slop, boost=s.boost)
            if _is_stem_phrase(s) and written is not None
            else _with_stems_in_exact(s)
            for s in q.subqueries
        ]
        return wq.Or(subqueries, boost=q.boost)
    return q.apply(_with_stems_in_exact)


def _is_stem_phrase(q: wq.Query) -> bool:
    return type(q) is wq.Phrase and q.fieldname in STEM_FIELDS


class StemPhrase(wq.Phrase):
    """A phrase that finds inflected forms: its words (folded, as written in the query, stop
    words too) in a row in the exact field, each standing for every word of the text with
    the same stem in this field's analysis (``analysis.phrase_key``)."""

    def normalize(self) -> wq.Query:
        if not self.words:
            return wq.NullQuery
        return StemPhrase(self.fieldname, list(self.words), slop=self.slop, boost=self.boost)

    @property
    def analysis(self) -> str:
        return TEXT_FIELDS[self.fieldname]

    def _sequence(self, reader: Any) -> wq.Query | None:
        slots: list[wq.Query] = []
        for word in self.words:
            variants = _stem_variants(reader, self.analysis).get(phrase_key(self.analysis, word))
            if not variants:
                return None  # a word no text has in any form: nothing matches
            terms = [wq.Term(TEXT_EXACT, variant) for variant in variants]
            slots.append(terms[0] if len(terms) == 1 else wq.Or(terms))
        return wq.Sequence(slots, slop=self.slop, boost=self.boost)

    def _and_query(self) -> wq.Query:
        return wq.And([wq.Term(TEXT_EXACT, word) for word in self.words])

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        sequence = self._sequence(searcher.reader())
        if sequence is None:
            return NullMatcher()
        return sequence.matcher(searcher, context)


_STEM_VARIANTS = "_kutip_stem_variants"


def _stem_variants(reader: Any, analysis: str) -> dict[str, list[str]]:
    """``phrase_key`` → the exact field's words with that key, built once per reader (kept on
    the reader: a new one, after the index changes, builds them again)."""
    built: dict[str, dict[str, list[str]]] = getattr(reader, _STEM_VARIANTS, None) or {}
    variants = built.get(analysis)
    if variants is None:
        variants = {}
        for term in reader.lexicon(TEXT_EXACT):
            word = term.decode("utf-8") if isinstance(term, bytes) else term
            variants.setdefault(phrase_key(analysis, word), []).append(word)
        built[analysis] = variants
        setattr(reader, _STEM_VARIANTS, built)
    return variants


def _is_text_term(q: wq.Query) -> bool:
    return type(q) is wq.Term and q.fieldname in (TEXT_EN, TEXT_ID, TEXT_EXACT)


#: From how many terms a wildcard or fuzzy word's matches are preloaded into an array.
PRELOAD_FROM = 16


class _Preloaded:
    """A wildcard, prefix or fuzzy word whose many terms are matched from a preloaded array.

    Whoosh joins the terms a wildcard expands to in a binary tree of union matchers, which
    costs seconds for a prefix such as ``meng*`` matching a thousand terms; reading their
    postings into one array is ~10× faster. Few terms keep the tree.
    """

    def _btexts(self, reader: Any) -> list[Any]:
        # Expanding a fuzzy word walks the lexicon (~10 ms): once for the search and once
        # for finding the matched words is enough.
        cached = getattr(self, "_expanded", None)
        if cached is None or cached[0] is not reader:
            cached = (reader, list(super()._btexts(reader)))  # type: ignore[misc]
            self._expanded = cached
        return cached[1]

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        query: Any = self
        terms = [wq.Term(query.field(), word) for word in query._btexts(searcher.reader()) if word]
        if not terms:
            return NullMatcher()
        if len(terms) == 1:
            return terms[0].matcher(searcher, context)
        union = wq.Or(terms, boost=query.boost)
        union.matcher_type = (
            wq.Or.ARRAY_MATCHER if len(terms) >= PRELOAD_FROM else wq.Or.DEFAULT_MATCHER
        )
        if query.constantscore:
            context = context.set(weighting=None) if context else SearchContext(weighting=None)
        return union.matcher(searcher, context)


class _PreloadedPrefix(_Preloaded, wq.Prefix):
    pass


class _PreloadedWildcard(_Preloaded, wq.Wildcard):
    pass


class _PreloadedFuzzyTerm(_Preloaded, wq.FuzzyTerm):
    pass


_PRELOADED: dict[type, type] = {
    wq.Prefix: _PreloadedPrefix,
    wq.Wildcard: _PreloadedWildcard,
    wq.FuzzyTerm: _PreloadedFuzzyTerm,
}


def _preloaded(q: wq.Query) -> wq.Query:
    kind = _PRELOADED.get(type(q))
    if kind is not None:
        swapped = copy.copy(q)
        swapped.__class__ = kind
        return swapped
    return q.apply(_preloaded)


def _parse(parser: qparser.QueryParser, text: str) -> wq.Query | None:
    raw = parser.process(text).query(parser)
    _raise_errors(raw, text)
    return raw


def _normal(q: wq.Query | None) -> wq.Query:
    return _preloaded(q.normalize()) if q is not None else wq.NullQuery


def _keep_negations(exact: wq.Query | None, main: wq.Query | None) -> wq.Query | None:
    """The exact-words query with its negated parts taken from the main query.

    "kampanye NOT kebijakan" matches word for word when *kampanye* is there as written and
    *kebijakan* is not there in any form: so a word-for-word match is always a match, and the
    two queries differ only in how their positive words match. Both trees come unnormalised
    from the same syntax tree, so they have the same shape down to the words.
    """
    if exact is None or main is None:
        return exact
    if isinstance(exact, wq.Not):
        return main
    if isinstance(exact, wq.AndNot) and isinstance(main, wq.AndNot):
        return wq.AndNot(_keep_negations(exact.a, main.a), main.b)
    if (
        isinstance(exact, wq.compound.CompoundQuery)
        and type(exact) is type(main)
        and len(exact.subqueries) == len(main.subqueries)
    ):
        exact.subqueries = [
            _keep_negations(e, m) for e, m in zip(exact.subqueries, main.subqueries, strict=True)
        ]
    return exact


def _raise_errors(q: Any, text: str) -> None:
    """A field that parses its own values (``year``) reports a bad value as an error query."""
    if q is None:
        return
    error = getattr(q, "error", None)
    if error is not None:
        position = getattr(q, "startchar", None) or 0
        detail = str(error)
        if len(detail) > 2 * _SHOWN_AROUND:  # whoosh quotes the whole value
            detail = detail[: 2 * _SHOWN_AROUND] + "…"
        raise QuerySyntaxError(
            text, position, _("This part of the query cannot be read: {error}").format(error=detail)
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
    if len(text) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(
            text,
            MAX_QUERY_LENGTH,
            _("The query is too long: {length} characters, at most {limit} are read.").format(
                length=len(text), limit=MAX_QUERY_LENGTH
            ),
        )
    if not text.strip():
        raise QuerySyntaxError(text, 0, _("Type something to search for."))
    lexemes = list(_lex(text))
    _check_operators(text, lexemes)
    _check_nesting(text, lexemes)


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
        elif lexeme.kind == "not" and previous is not None and previous.kind == "not":
            raise QuerySyntaxError(
                text,
                lexeme.start,
                _("NOT cannot follow NOT; leave both out, or write NOT (NOT …)."),
            )
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


def _check_nesting(text: str, lexemes: list[_Lexeme]) -> None:
    """Refuse a query whoosh would nest past ``MAX_QUERY_DEPTH`` (its parentheses balance)."""
    depth = nesting = 0
    for lexeme in lexemes:
        if lexeme.kind == "open":
            depth += 1
            if depth > MAX_QUERY_DEPTH:
                raise QuerySyntaxError(
                    text,
                    lexeme.start,
                    _("Parentheses nest more than {limit} deep here; write it more simply.").format(
                        limit=MAX_QUERY_DEPTH
                    ),
                )
        elif lexeme.kind == "close":
            depth -= 1
        elif lexeme.kind == "op" and lexeme.text in _NESTING:
            nesting += 1
            if nesting > MAX_QUERY_DEPTH:
                raise QuerySyntaxError(
                    text,
                    lexeme.start,
                    _("ANDNOT, ANDMAYBE and REQUIRE can be used at most {limit} times.").format(
                        limit=MAX_QUERY_DEPTH
                    ),
                )


def _missing_after(text: str, lexeme: _Lexeme) -> None:
    raise QuerySyntaxError(
        text,
        lexeme.start,
        _("{op} needs something to search for after it.").format(op=lexeme.text),
    )
