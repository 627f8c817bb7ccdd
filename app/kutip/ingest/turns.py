"""Speaker turns in a transcript's canonical text.

Transcripts mark who speaks with a label at the start of a line, in a handful of shapes:

    Pewawancara: …            Informan 3: …            P: …           Interviewer : …
    [00:01:23] Nama: …        00:01:23 Nama: …         Nama (00:01:23): …
    **Nama:** …               **Nama**: …              (Markdown bold)
    Nama<TAB>…                Nama<TAB>00:01:23<TAB>…  (a transcript kept in a table,
    3<TAB>Nama<TAB>…          3<TAB>Nama: …             also after a row-number column)
    Nama  00:01:23            (alone on its line, the words below: Otter, Teams)

A line of prose can look like that too ("Catatan: …"), so a label counts as a speaker only when
it labels at least two turns, or when it is a role word (pewawancara, informan, P, I, …) in the
colon form. A label is at most 40 characters and 5 words and begins with a letter.

A turn runs from the start of its label line to the start of the next turn, without the
whitespace before that; text before the first turn (a title, a header block) is in no turn.
Time codes become seconds: a turn's ``time_start`` is its own, its ``time_end`` the next turn's
start when that turn has one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from kutip.ingest.drafts import TurnDraft

MAX_LABEL_CHARS = 40
MAX_LABEL_WORDS = 5

#: Role words that make a label a speaker even when it labels one turn only.
ROLE_WORDS = frozenset(
    {
        # Indonesian
        "pewawancara",
        "informan",
        "narasumber",
        "peneliti",
        "responden",
        "partisipan",
        "peserta",
        "moderator",
        "fasilitator",
        "penanya",
        "penjawab",
        "subjek",
        # English
        "interviewer",
        "interviewee",
        "respondent",
        "participant",
        "researcher",
        "facilitator",
        "speaker",
        # one-letter abbreviations: Pewawancara/Peneliti, Informan/Interviewer, Responden,
        # Question/Answer, Tanya/Jawab, Moderator, Narasumber
        *"pirqatjmn",
    }
)

#: A table's "No." column before the speaker: "12<TAB>Pewawancara…".
_ROW_NUMBER = r"(?:\d{1,4}\.?[ \t]*\t[ \t]*)?"
_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
# The label is taken loosely here (anything up to a colon or a tab) and checked in _valid_label.
_LABEL = r"(?P<label>[^\s:\[\]()][^:\t\n]*?)"
_COLON_HEADER = re.compile(
    rf"""
    [ \t]*{_ROW_NUMBER}
    (?:[\[(]?(?P<t1>{_TIME})[\])]?[ \t]*(?:[-–—][ \t]*)?)?  # [00:01:23] or 00:01:23 first
    {_LABEL}
    (?:[ \t]*[\[(](?P<t2>{_TIME})[\])])?                    # or Nama (00:01:23)
    [ \t]*:(?=\s|$)[ \t]*
    """,
    re.VERBOSE,
)
_TAB_HEADER = re.compile(
    rf"""
    [ \t]*{_ROW_NUMBER}
    (?:[\[(]?(?P<t1>{_TIME})[\])]?\t)?                     # 00:01:23<TAB>Nama<TAB>…
    {_LABEL}
    [ \t]*\t[ \t]*
    (?:[\[(]?(?P<t2>{_TIME})[\])]?(?:\t[ \t]*|[ \t]*$))?    # Nama<TAB>00:01:23<TAB>…
    """,
    re.VERBOSE,
)
_TIME_LINE_HEADER = re.compile(rf"[ \t]*{_LABEL}[ \t]+[\[(]?(?P<t1>{_TIME})[\])]?[ \t]*$")
_MARKDOWN_BOLD = re.compile(
    r"""
    [ \t]*(?P<mark>\*\*|__)(?P<inner>[^*_\n]+?)
    (?:(?P=mark)[ \t]*:|:[ \t]*(?P=mark))  # **Nama**: or **Nama:**
    (?=\s|$)[ \t]*
    """,
    re.VERBOSE,
)
_LABEL_CHARS = re.compile(r"[\w .'’&/()-]+")
_FIRST_WORD = re.compile(r"[^\W\d_]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class TurnHeader:
    """A line's speaker label, as found before the guard decides whether it is a speaker.

    ``body`` is where the spoken words begin in the line; ``colon`` tells the colon forms (where
    a role word alone is enough) from the tab and time-line forms (which must recur).
    """

    speaker: str
    time: float | None
    body: int
    colon: bool = True

    @property
    def key(self) -> str:
        return self.speaker.casefold()


def detect_turns(text: str) -> tuple[TurnDraft, ...]:
    """The speaker turns of ``text`` (canonical: NFC, ``\\n`` line ends), in order."""
    found = list(_header_lines(text))
    counts = Counter(header.key for _, header in found)
    kept = [(offset, h) for offset, h in found if accepted(h, counts[h.key])]
    turns: list[TurnDraft] = []
    for index, (offset, header) in enumerate(kept):
        following = kept[index + 1] if index + 1 < len(kept) else None
        end = _content_end(text, offset, following[0] if following else len(text))
        time_end = following[1].time if following else None
        if header.time is None or (time_end is not None and time_end < header.time):
            time_end = None
        turns.append(TurnDraft(offset, end, header.speaker, header.time, time_end))
    return tuple(turns)


def accepted(header: TurnHeader, occurrences: int) -> bool:
    """The guard: a label recurs, or is a role word written with a colon."""
    return occurrences >= 2 or (header.colon and is_role_label(header.speaker))


def is_role_label(label: str) -> bool:
    """Whether the label's first word is a role word ("Informan 3", "P1", "Interviewer")."""
    first = _FIRST_WORD.match(label)
    return first is not None and first.group().casefold() in ROLE_WORDS


def parse_turn_header(line: str) -> TurnHeader | None:
    """The speaker label that opens ``line``, if it has one of the shapes a transcript uses."""
    bold = _MARKDOWN_BOLD.match(line)
    if bold is not None:
        inner = _COLON_HEADER.fullmatch(bold["inner"].strip() + ":")
        return _header(inner, bold.end(), colon=True) if inner else None
    colon = _COLON_HEADER.match(line)
    if colon is not None:
        return _header(colon, colon.end(), colon=True)
    tab = _TAB_HEADER.match(line)
    if tab is not None:
        return _header(tab, tab.end(), colon=False)
    time_line = _TIME_LINE_HEADER.fullmatch(line)
    if time_line is not None:
        return _header(time_line, len(line), colon=False)
    return None


def parse_time(code: str) -> float:
    """Seconds in ``hh:mm:ss``, ``mm:ss`` and either with ``.mmm`` or ``,mmm``."""
    clock, _, fraction = code.replace(",", ".").partition(".")
    seconds = 0
    for part in clock.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds + (float(f"0.{fraction}") if fraction else 0.0)


def _header(match: re.Match[str], body: int, *, colon: bool) -> TurnHeader | None:
    label = _SPACES.sub(" ", match["label"]).strip()
    if not _valid_label(label):
        return None
    groups = match.groupdict()
    code = groups.get("t1") or groups.get("t2")
    time = parse_time(code) if code else None
    return TurnHeader(label, time, body, colon)


def _valid_label(label: str) -> bool:
    return (
        0 < len(label) <= MAX_LABEL_CHARS
        and label[0].isalpha()
        and len(label.split()) <= MAX_LABEL_WORDS
        and _LABEL_CHARS.fullmatch(label) is not None
        and label.count("(") == label.count(")")
    )


def _header_lines(text: str) -> Iterator[tuple[int, TurnHeader]]:
    offset = 0
    for line in text.split("\n"):
        header = parse_turn_header(line) if line else None
        if header is not None:
            yield offset, header
        offset += len(line) + 1


def _content_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over the whitespace (blank lines) before it, not past ``start``."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
