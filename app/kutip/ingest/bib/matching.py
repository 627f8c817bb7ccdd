"""Which reference a PDF is: matching a document's metadata to bibliography entries.

A PDF dragged in after the bibliography should find its entry without the user hunting through
5,000 references, and it must never be linked to the wrong one silently. So a match is either
*confident* (linked at once) or *unsure* (the user picks from the candidates), and the
thresholds below say where the line is.

How an entry is scored against a document (the constants below hold the numbers):

1. **DOI.** The same normalised DOI is a confident match (1.0); nothing else is considered.
2. **Title.** Both titles are folded (accents off, case folded, punctuation to spaces) and
   compared with ``difflib.SequenceMatcher``, the mean of a letter-by-letter and a
   word-by-word ratio (letters forgive typos; words see that "Online" is not "Offline").
   A subtitle may be missing on either side (PDF metadata often drops it), so the main titles
   (before ``:``, ``?``, ``!`` or a spaced dash) are compared too, worth 0.95 of a full match
   (``SUBTITLE_FACTOR``); a main title needs 3 words or more (``MIN_MAIN_TITLE_WORDS``), so
   "Introduction: …" does not match every introduction.
3. **Authors and year** adjust the title score. The entry's first author's family name among
   the document's author names: +0.05; none of its first three authors there: −0.15. The same
   year: +0.03; a year apart (online first vs. print): −0.05; further apart (another edition,
   or another paper with a similar title): −0.15. Unknown values change nothing.
4. **Two different DOIs** multiply the (capped) score by 0.8: a preprint and its published
   version share a title but not a DOI, so the user decides.

The best entry is **confident** at 0.90 or more (``CONFIDENT``) *and* 0.05 ahead of the next
(``MARGIN``): two editions with the same title and no year to tell them apart are the user's
choice. Entries at 0.60 or more (``UNSURE``) are the **candidates**, at most 5. What this means
in practice (tests/ingest/test_matching.py holds these cases):

- same title, author and year, accents or punctuation aside: 1.0, confident;
- subtitle missing on one side: 0.95, confident (1.0 with author and year agreeing);
- same title, a year apart: 0.95, confident; five years apart: 0.85, unsure;
- same title, other authors: 0.88, unsure; one word different in a short title: ~0.84, unsure;
- a document without a usable title ("Microsoft Word - draft.docx") is matched by first
  author and year only: 0.65 (``AUTHOR_YEAR_ONLY``), a candidate, never confident.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Protocol

from kutip.ingest.bib.fields import ascii_fold, normalise_doi
from kutip.ingest.drafts import DocumentMetadata

#: At or above this (and MARGIN ahead of the runner-up) a match is linked without asking.
CONFIDENT = 0.90
#: At or above this an entry is offered to the user as a candidate.
UNSURE = 0.60
#: How far the best entry must lead the second for a confident match.
MARGIN = 0.05
#: How many candidates are offered at most.
MAX_CANDIDATES = 5

SUBTITLE_FACTOR = 0.95
MIN_MAIN_TITLE_WORDS = 3
AUTHOR_AGREES = 0.05
AUTHOR_DISAGREES = 0.15
YEAR_AGREES = 0.03
YEAR_OFF_BY_ONE = 0.05
YEAR_DISAGREES = 0.15
DOI_CONFLICT_FACTOR = 0.80
AUTHOR_YEAR_ONLY = 0.65

#: Titles too short to compare: the bonuses cannot lift a title this far below UNSURE.
_PREFILTER = UNSURE - AUTHOR_AGREES - YEAR_AGREES


class Reference(Protocol):
    """What matching needs of an entry: a ``BibEntryDraft`` or the store's ``BibEntry``.

    ``authors`` holds ``Person``-like objects (with ``family``) or ``"Family, Given"`` strings.
    """

    @property
    def citekey(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def authors(self) -> Sequence[object]: ...

    @property
    def year(self) -> str: ...

    @property
    def doi(self) -> str: ...


@dataclass(frozen=True)
class MatchResult:
    """The best entry for a document and how sure that is.

    ``citekey`` is the best candidate (None when no entry reaches ``UNSURE``); link it without
    asking only when ``confident``. ``candidates`` are (citekey, score), best first.
    """

    citekey: str | None
    confidence: float
    candidates: list[tuple[str, float]]
    confident: bool


NO_MATCH = MatchResult(None, 0.0, [], False)

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SUBTITLE = re.compile(r"\s*(?:[:?!]|\s[-–—]\s|\s--\s)\s*")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_JUNK_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint) - |untitled\b|document\d*$|title$|paper$|full text$)"
    r"|\.(?:pdf|docx?|odt|rtf|tex|dvi|indd|qxd)$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=65536)
def normalise_title(title: str) -> str:
    """Accents off, case folded, punctuation to single spaces: ``Für die Wahl!`` → ``fur die
    wahl``."""
    return _NON_ALNUM.sub(" ", ascii_fold(title).casefold()).strip()


@functools.lru_cache(maxsize=65536)
def _title_forms(title: str) -> tuple[str, str, frozenset[str]]:
    """(full, main title or "" when too short or the same, words) of a title, normalised."""
    full = normalise_title(title)
    main = normalise_title(_SUBTITLE.split(title.strip(), maxsplit=1)[0])
    if main == full or len(main.split()) < MIN_MAIN_TITLE_WORDS:
        main = ""
    return full, main, frozenset(full.split())


def usable_title(title: str) -> str:
    """The title, or "" when it is a file name, a word processor's label or too short."""
    title = " ".join(title.split())
    if _JUNK_TITLE.search(title) or len(re.findall(r"[^\W\d_]{2,}", title)) < 2:
        return ""
    return title


def _ratio(a: str, b: str) -> float:
    """Half letters, half words: letters forgive a typo or an OCR slip, words keep a title that
    differs in one short word ("… Online" / "… Offline") from looking the same."""
    letters = SequenceMatcher(None, a, b, autojunk=False).ratio()
    words = SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()
    return (letters + words) / 2


def title_similarity(a: str, b: str) -> float:
    """How alike two titles are, 0–1, allowing for a missing or different subtitle."""
    full_a, main_a, words_a = _title_forms(a)
    full_b, main_b, words_b = _title_forms(b)
    if not full_a or not full_b:
        return 0.0
    if full_a == full_b:
        return 1.0
    shared = len(words_a & words_b) / min(len(words_a), len(words_b))
    if shared < _PREFILTER:
        return shared * _PREFILTER  # not worth SequenceMatcher: it cannot reach UNSURE
    best = _ratio(full_a, full_b)
    pairs = [(main_a, full_b), (full_a, main_b), (main_a, main_b)]
    for x, y in pairs:
        if x and y:
            best = max(best, SUBTITLE_FACTOR * (1.0 if x == y else _ratio(x, y)))
    return best


def _family(author: object) -> str:
    """The family name of a ``Person``-like object or of a ``Family, Given`` / ``Given
    Family`` string, normalised; "" for ``others``."""
    family = getattr(author, "family", None)
    if family is None:
        text = str(author).strip()
        family = text.split(",", 1)[0] if "," in text else (text.split() or [""])[-1]
    family = normalise_title(str(family))
    return "" if family == "others" else family


def _document_names(authors: Sequence[str]) -> frozenset[str]:
    """Every word of the document's author names (its metadata may hold "A; B" in one)."""
    return frozenset(word for name in authors for word in normalise_title(name).split())


def _author_adjustment(names: frozenset[str], entry_authors: Sequence[object]) -> float:
    families = [f for f in (_family(a) for a in entry_authors[:3]) if f]
    if not names or not families:
        return 0.0
    if set(families[0].split()) & names:
        return AUTHOR_AGREES
    if any(set(family.split()) & names for family in families[1:]):
        return 0.0
    return -AUTHOR_DISAGREES


def _year(text: str) -> int | None:
    found = _YEAR.search(text or "")
    return int(found.group(1)) if found else None


def _year_adjustment(document_year: int | None, entry_year: str) -> float:
    year = _year(entry_year)
    if document_year is None or year is None:
        return 0.0
    if year == document_year:
        return YEAR_AGREES
    return -(YEAR_OFF_BY_ONE if abs(year - document_year) == 1 else YEAR_DISAGREES)


def score_entry(metadata: DocumentMetadata, entry: Reference) -> float:
    """How well ``entry`` fits the document, 0–1 (see the module docstring)."""
    document_doi, entry_doi = normalise_doi(metadata.doi), normalise_doi(entry.doi)
    if document_doi and document_doi == entry_doi:
        return 1.0
    names = _document_names(metadata.authors)
    year = _year(metadata.year)
    title = usable_title(metadata.title)
    if title:
        score = title_similarity(title, entry.title)
        if score < _PREFILTER:
            return score
        score += _author_adjustment(names, entry.authors) + _year_adjustment(year, entry.year)
    elif _author_adjustment(names, entry.authors) > 0 and _year_adjustment(year, entry.year) > 0:
        score = AUTHOR_YEAR_ONLY
    else:
        return 0.0
    score = min(max(score, 0.0), 1.0)
    if document_doi and entry_doi:
        score *= DOI_CONFLICT_FACTOR
    return round(score, 4)


def match_reference(metadata: DocumentMetadata, entries: Sequence[Reference]) -> MatchResult:
    """The entry a document most likely is, with the candidates to offer when unsure."""
    document_doi = normalise_doi(metadata.doi)
    if document_doi:
        same = [e.citekey for e in entries if normalise_doi(e.doi) == document_doi]
        if same:  # two entries with one DOI are a duplicate the user should see
            return MatchResult(same[0], 1.0, [(key, 1.0) for key in same], len(same) == 1)
    scored = sorted(
        ((score_entry(metadata, entry), index) for index, entry in enumerate(entries)),
        key=lambda pair: (-pair[0], pair[1]),
    )
    candidates = [(entries[i].citekey, s) for s, i in scored if s >= UNSURE][:MAX_CANDIDATES]
    if not candidates:
        return NO_MATCH
    best_key, best = candidates[0]
    runner_up = candidates[1][1] if len(candidates) > 1 else 0.0
    confident = best >= CONFIDENT and best - runner_up >= MARGIN
    return MatchResult(best_key, best, candidates, confident)
