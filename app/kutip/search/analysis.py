"""Turning text into index terms, with every term's exact place in the text.

One tokenizer serves every field, so the words the index holds and the words a hit's offsets
are computed from are the same words. Why each step is as it is:

* **Positions are code points of the text given.** Tokens are regex matches on the text as it
  is; folding (case, accents) is applied to each token's *string* afterwards, never to the
  text, so NFKD expansion or ``ß`` → ``ss`` cannot shift any offset. A chunk is indexed as
  ``text[chunk.start:chunk.end]``; add ``chunk.start`` to get offsets in the source.
* **Words** are runs of letters and digits with the combining marks that follow them, so a
  decomposed ``e\\u0301`` that NFC could not compose stays in its word. Emoji, punctuation and
  underscores separate words.
* **Three analyses** of the same words: ``en`` (English stop words, Porter stems), ``id``
  (Indonesian stop words, Sastrawi stems) and ``exact`` (folded, unstemmed, no stop words).
  Stop words leave a gap in the positions, as whoosh's own filters do.
* **Caches.** Sastrawi manages 2-5k cold words/s, so every word's stems are cached: a corpus
  repeats its words, and a search analyses its hits again to find the matched words. The
  stems are saved beside the index (``known_stems``/``remember_stems``), so a new session
  showing hits does not stem the corpus's vocabulary again. The last few texts tokenized are
  kept too, because whoosh analyses the same chunk once per text field.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import Analyzer, Token
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter import stem as porter_stem

#: Letters and digits (not "_"), each with the combining marks after it.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
WORD = re.compile(rf"(?:[^\W_][{_MARKS}]*)+")
#: A character a field value may use to keep phrases from running across two values
#: (two case names, say): the next word's position jumps by ``VALUE_GAP``.
VALUE_SEPARATOR = "\u2029"
VALUE_GAP = 100

#: The analyses, by name; fields name the one they use.
EN, ID, EXACT = "en", "id", "exact"
ANALYSES = (EN, ID, EXACT)
_WILDCARD = re.compile(r"[*?]")
_CACHE_SIZE = 1_000_000

#: A word of a text as one analysis sees it: (term, start, end, position).
Term = tuple[str, int, int, int]


@lru_cache(maxsize=_CACHE_SIZE)
def fold(word: str) -> str:
    """Lower case without accents: *Partisipasi*, *PARTISIPASİ*, *partisípasi* → partisipasi."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


# -- stemmers ---------------------------------------------------------------------------------

_sastrawi_lock = threading.Lock()
_sastrawi: Callable[[str], str] | None = None


def _sastrawi_stem_word() -> Callable[[str], str]:
    """Sastrawi's word stemmer, built once (reading its dictionary takes ~50 ms)."""
    global _sastrawi
    with _sastrawi_lock:
        if _sastrawi is None:
            from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
            from Sastrawi.Stemmer.Stemmer import Stemmer
            from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

            words = StemmerFactory().get_words_from_file()
            # The bare Stemmer, not the factory's CachedStemmer: that one re-normalises the
            # whole input with two regexes per call and caches without bound.
            _sastrawi = Stemmer(ArrayDictionary(words)).stem_word
        return _sastrawi


def _sastrawi_stem(word: str) -> str:
    if not word.isascii() or not word.isalpha() or len(word) < 3:
        return word  # Sastrawi knows a-z only; short words are particles or stop words
    return _sastrawi_stem_word()(word) or word


def _porter_stem(word: str) -> str:
    return porter_stem(word) if word.isalpha() else word


#: Stems already computed, by analysis: word -> stem. Kept beside each index (``stems.json``)
#: so that a new session does not stem its corpus's words again when it shows hits.
_stems: dict[str, dict[str, str]] = {EN: {}, ID: {}}
_STEMMERS: dict[str, Callable[[str], str]] = {EN: _porter_stem, ID: _sastrawi_stem}


def _cached(analysis: str, word: str) -> str:
    cache = _stems[analysis]
    stem = cache.get(word)
    if stem is None:
        stem = _STEMMERS[analysis](word)
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        cache[word] = stem
    return stem


def stem_id(word: str) -> str:
    """Indonesian stem of a folded word: *berpartisipasi*, *partisipasinya* → partisipasi."""
    return _cached(ID, word)


def stem_en(word: str) -> str:
    """English (Porter) stem of a folded word: *campaigns*, *campaigning* → campaign."""
    return _cached(EN, word)


def known_stems() -> dict[str, dict[str, str]]:
    """A copy of every stem computed so far, by analysis (to save beside an index)."""
    return {analysis: dict(cache) for analysis, cache in _stems.items()}


def remember_stems(saved: object) -> int:
    """Take stems saved by ``known_stems``; returns how many were taken (malformed: none)."""
    taken = 0
    if not isinstance(saved, dict):
        return taken
    for analysis, cache in _stems.items():
        entries = saved.get(analysis)
        if isinstance(entries, dict) and len(cache) + len(entries) < _CACHE_SIZE:
            valid = {w: s for w, s in entries.items() if isinstance(w, str) and isinstance(s, str)}
            cache.update(valid)
            taken += len(valid)
    return taken


def stem_count() -> int:
    return sum(len(cache) for cache in _stems.values())


@lru_cache(maxsize=1)
def indonesian_stop_words() -> frozenset[str]:
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return frozenset(fold(w) for w in StopWordRemoverFactory().get_stop_words())


ENGLISH_STOP_WORDS = frozenset(STOP_WORDS)


def _stops(analysis: str) -> frozenset[str]:
    if analysis == EN:
        return ENGLISH_STOP_WORDS
    if analysis == ID:
        return indonesian_stop_words()
    return frozenset()


def _stemmer(analysis: str) -> Callable[[str], str] | None:
    return {EN: stem_en, ID: stem_id}.get(analysis)


def _min_length(analysis: str) -> int:
    # A one-letter word says nothing in a stemmed field; "exact" keeps it ("Informan 1").
    return 1 if analysis == EXACT else 2


def phrase_key(analysis: str, word: str) -> str:
    """What a folded word must share with a phrase's word to stand in its place, in the
    stemmed ``analysis``: its stem ("campaigns" → "campaign"); a stop word or a word too short
    to stem only stands for itself ("=di")."""
    stem = _stemmer(analysis)
    if stem is None or len(word) < _min_length(analysis) or word in _stops(analysis):
        return "=" + word
    return stem(word)


# -- tokenizing --------------------------------------------------------------------------------

_RECENT = 4
_recent: list[tuple[str, list[tuple[str, int, int, int]]]] = []


def words(text: str) -> list[tuple[str, int, int, int]]:
    """The folded words of ``text``: (folded word, start, end, position), in order.

    The results for the last few texts are kept: whoosh analyses each chunk once per text
    field, with the short metadata fields in between.
    """
    for cached_text, cached in _recent:
        if cached_text is text:
            return cached
    found: list[tuple[str, int, int, int]] = []
    position = 0
    if VALUE_SEPARATOR in text:
        separators = [m.start() for m in re.finditer(VALUE_SEPARATOR, text)]
    else:
        separators = []
    next_separator = 0
    for match in WORD.finditer(text):
        start = match.start()
        while next_separator < len(separators) and separators[next_separator] < start:
            position += VALUE_GAP
            next_separator += 1
        found.append((fold(match.group()), start, match.end(), position))
        position += 1
    _recent.insert(0, (text, found))
    del _recent[_RECENT:]
    return found


def analyse(analysis: str, text: str) -> list[Term]:
    """The terms ``analysis`` makes of ``text``, stop words left out, with their places."""
    stops = _stops(analysis)
    stem = _stemmer(analysis)
    minimum = _min_length(analysis)
    terms: list[Term] = []
    for word, start, end, position in words(text):
        if len(word) < minimum or word in stops:
            continue
        terms.append((stem(word) if stem else word, start, end, position))
    return terms


def query_term(analysis: str, word: str) -> str:
    """How ``analysis`` indexes one word typed in a query (wildcards kept, never stemmed)."""
    folded = fold(word)
    stem = _stemmer(analysis)
    if stem is None or _WILDCARD.search(folded):
        return folded
    return stem(folded)


class KutipAnalyzer(Analyzer):
    """A whoosh analyzer for one of the analyses (``en``, ``id``, ``exact``).

    ``changed_only``: when indexing, keep only the words the stemmer changes. A word that is
    its own stem is in the exact field already, and the query looks for a stem there too
    (``query.py``), so the stem fields need not hold it again: they shrink to the affixed and
    inflected words, and the index builds ~25% faster.

    Whoosh pickles analyzers into the index, so this one holds only its settings; the
    stemmers and caches live in this module.
    """

    def __init__(self, analysis: str, changed_only: bool = False) -> None:
        if analysis not in ANALYSES:
            raise ValueError(f"unknown analysis {analysis!r}")
        self.analysis = analysis
        self.changed_only = changed_only

    def __repr__(self) -> str:
        return f"KutipAnalyzer({self.analysis!r}, changed_only={self.changed_only})"

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # A wildcard, prefix or fuzzy word of a query: folded and, unless it holds a
            # wildcard, stemmed like the indexed words; never split.
            token.text = query_term(self.analysis, value)
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        stops = _stops(self.analysis)
        stem = _stemmer(self.analysis)
        minimum = _min_length(self.analysis)
        changed_only = self.changed_only and mode == "index"
        for word, start, end, position in words(value):
            stopped = len(word) < minimum or word in stops
            if stopped and (removestops or changed_only):
                continue
            token.text = stem(word) if stem and not stopped else word
            if changed_only and token.text == word:
                continue
            token.stopped = stopped
            token.boost = 1.0
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


def warm_up() -> None:
    """Load Sastrawi's dictionary and stop words now, not inside the first search."""
    _sastrawi_stem_word()
    indonesian_stop_words()
