"""Which words of a hit matched, as exact offsets, and the snippet around them.

Whoosh says *which* chunks match; where the words are is found by analysing the chunk's text
again with the same analyzers the index used (``analysis.analyse``) and looking for the
query's terms. This is exact by construction — a word is marked only if it produces an
indexed term the query asked for — and needs no character positions in the index (smaller,
faster to build). Words under ``NOT`` are not marked; a phrase is marked only where its words
follow each other (within the phrase's slop), not wherever one of them occurs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.reading import IndexReader

from kutip.search.analysis import analyse, phrase_key, words
from kutip.search.fields import TEXT_FIELDS
from kutip.search.hits import Snippet
from kutip.search.query import StemPhrase

SNIPPET_CHARS = 240
SNIPPET_LEAD = 70

Range = tuple[int, int]


@dataclass
class MatchSpec:
    """The query's positive text terms, by field, and its phrases."""

    terms: dict[str, set[str]] = field(default_factory=dict)
    phrases: list[tuple[str, tuple[str, ...], int]] = field(default_factory=list)
    #: Phrases matched through stems: (analysis, each word's ``phrase_key``, slop).
    stem_phrases: list[tuple[str, tuple[str, ...], int]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.terms and not self.phrases and not self.stem_phrases


def match_spec(q: wq.Query, reader: IndexReader) -> MatchSpec:
    """Collect what to mark from a parsed query; wildcards and fuzzy terms are expanded."""
    spec = MatchSpec()
    _collect(q, reader, spec)
    return spec


def _collect(q: wq.Query, reader: IndexReader, spec: MatchSpec) -> None:
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        _collect(q.a, reader, spec)
        return
    if isinstance(q, StemPhrase):
        keys = tuple(phrase_key(q.analysis, word) for word in q.words)
        if keys:
            spec.stem_phrases.append((q.analysis, keys, q.slop))
        return
    if isinstance(q, wq.Phrase):
        if q.fieldname in TEXT_FIELDS and q.words:
            spec.phrases.append((q.fieldname, tuple(q.words), q.slop))
        return
    if isinstance(q, wq.Term):
        if q.fieldname in TEXT_FIELDS:
            spec.terms.setdefault(q.fieldname, set()).add(_text(q.text))
        return
    if isinstance(q, wq.MultiTerm):
        if q.fieldname in TEXT_FIELDS:
            for fieldname, term in q.existing_terms(reader, expand=True):
                spec.terms.setdefault(fieldname, set()).add(_text(term))
        return
    if q.is_leaf():
        return
    for child in q.children():
        _collect(child, reader, spec)


def _text(term: str | bytes) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


@dataclass(frozen=True)
class ChunkMatches:
    words: tuple[Range, ...]  # every matched word
    spans: tuple[Range, ...]  # the same, a phrase's words joined into one range


def find_matches(spec: MatchSpec, text: str, start: int, end: int) -> ChunkMatches:
    """The matched words in ``text[start:end]``, as offsets into ``text``."""
    chunk = text[start:end]
    matched: set[Range] = set()
    spans: set[Range] = set()
    fields = set(spec.terms) | {fieldname for fieldname, _, _ in spec.phrases}
    for fieldname in fields:
        terms = analyse(TEXT_FIELDS[fieldname], chunk)
        wanted = spec.terms.get(fieldname, ())
        found = [(s + start, e + start) for term, s, e, _ in terms if term in wanted]
        for phrase_field, phrase, slop in spec.phrases:
            if phrase_field == fieldname:
                for phrase_words in _phrase_matches(terms, phrase, slop):
                    found.extend((s + start, e + start) for s, e in phrase_words)
                    spans.add((phrase_words[0][0] + start, phrase_words[-1][1] + start))
        matched.update(found)
        spans.update(found)
    if spec.stem_phrases:
        folded = words(chunk)
        for analysis, keys, slop in spec.stem_phrases:
            with_keys = [(phrase_key(analysis, w), s, e, p) for w, s, e, p in folded]
            for phrase_words in _phrase_matches(with_keys, keys, slop):
                matched.update((s + start, e + start) for s, e in phrase_words)
                spans.add((phrase_words[0][0] + start, phrase_words[-1][1] + start))
    return ChunkMatches(tuple(sorted(matched)), _outermost(spans))


def _phrase_matches(
    terms: list[tuple[str, int, int, int]], phrase: tuple[str, ...], slop: int
) -> Iterable[list[Range]]:
    for index, (term, start, end, position) in enumerate(terms):
        if term != phrase[0]:
            continue
        found = [(start, end)]
        last = position
        following = index + 1
        for word in phrase[1:]:
            while following < len(terms) and terms[following][3] <= last + slop:
                if terms[following][0] == word:
                    break
                following += 1
            else:
                break
            _, s, e, last = terms[following]
            found.append((s, e))
            following += 1
        if len(found) == len(phrase):
            yield found


def _outermost(ranges: set[Range]) -> tuple[Range, ...]:
    """Ranges sorted, those inside another (a phrase's words) left out."""
    result: list[Range] = []
    for start, end in sorted(ranges, key=lambda r: (r[0], -r[1])):
        if result and end <= result[-1][1]:
            continue
        result.append((start, end))
    return tuple(result)


def make_snippet(
    text: str, start: int, end: int, spans: tuple[Range, ...], size: int = SNIPPET_CHARS
) -> Snippet:
    """About ``size`` characters of ``text[start:end]`` from just before the first match."""
    if end - start <= size:
        s, e = start, end
    else:
        first = spans[0][0] if spans else start
        s = max(start, first - SNIPPET_LEAD)
        e = min(end, s + size)
        s = max(start, min(s, e - size))
        s, e = _word_bounds(text, s, e, start, end)
    marks = tuple((max(ms, s) - s, min(me, e) - s) for ms, me in spans if ms < e and me > s)
    shown = text[s:e].replace("\n", " ").replace("\t", " ")
    return Snippet(shown, s, e, marks, clipped_before=s > start, clipped_after=e < end)


def _word_bounds(text: str, s: int, e: int, start: int, end: int) -> Range:
    """Move the cut points off the middle of words (and past the spaces there)."""
    if s > start and not text[s - 1].isspace():
        space = text.find(" ", s, e)
        if space != -1:
            s = space + 1
    if e < end and not text[e].isspace():
        space = text.rfind(" ", s, e)
        if space > s:
            e = space
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
