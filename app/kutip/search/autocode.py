"""Autocode: code search hits with a code, at a chosen scope, as one undoable step.

``plan_autocode`` is the preview: the ranges that will be coded and those skipped because a
coding with the same code already covers them. ``apply_autocode`` codes the plan through
``Project.compose``, so one undo takes the whole autocode back. Scopes:

* ``hit`` — the matched words (a phrase's words as one range);
* ``sentence`` — the sentence around each match: it ends at ``.``, ``!``, ``?`` or ``…``
  followed by a space and a word that does not start in lower case (so "dll. dan", "e.g. the"
  and "Dr. Ahmad" do not end one), and never crosses a line break;
* ``paragraph`` — the line around each match: every reader writes a paragraph as one line
  of the canonical text;
* ``turn`` — the speaker turn around each match (the paragraph where there is no turn).

A range that would begin with a turn's speaker label ("Informan 1: ") begins after it: the
coding is what was said, and the speaker is known from the turn.

Ranges of one source that overlap (two hits in one sentence) are merged into one coding, and
every range is trimmed of surrounding white space. A range that overlaps or touches a coding
the current coder already made with the code extends that coding (``Codings.code``) instead
of stacking a second one over it; a range it already covers is skipped. Other coders' codings
are left as they are.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from kutip.errors import ValidationError
from kutip.i18n import _, ngettext
from kutip.model import Turn
from kutip.project import Edit, Project
from kutip.search.hits import Hit

Range = tuple[int, int]

_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_LABEL_END = re.compile(r"[*_]*(?::[*_]*[ \t]+|\t[ \t]*)")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w.]*)$")
#: Words after which a full stop does not end a sentence (English and Indonesian).
ABBREVIATIONS = frozenset(
    "dr prof mr mrs ms st no vol pp hlm hal al dkk dll dsb dst tsb yth bpk ibu sdr ir drs "
    "e.g i.e cf vs etc fig jan feb mar apr jun jul agu aug sep okt oct nov des dec".split()
)


class Scope(StrEnum):
    HIT = "hit"
    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    TURN = "turn"


@dataclass(frozen=True)
class PlannedRange:
    source_id: int
    start: int
    end: int


@dataclass(frozen=True)
class AutocodePlan:
    """What an autocode will do: ``ranges`` to code, ``skipped`` as already coded."""

    code_id: int
    code_name: str
    scope: Scope
    ranges: tuple[PlannedRange, ...]
    skipped: tuple[PlannedRange, ...]
    #: How many of ``ranges`` overlap or touch an existing coding, which they will extend.
    extending: int = 0

    def summary(self) -> str:
        """One line for a preview: "12 passages will be coded 'Kampanye'; 3 already are."."""
        message = ngettext(
            "{n} passage will be coded '{name}'.",
            "{n} passages will be coded '{name}'.",
            len(self.ranges),
        ).format(n=len(self.ranges), name=self.code_name)
        if self.extending:
            message += " " + ngettext(
                "{n} extends a coding already there.",
                "{n} extend codings already there.",
                self.extending,
            ).format(n=self.extending)
        if self.skipped:
            message += " " + ngettext(
                "{n} is skipped: it is already coded so.",
                "{n} are skipped: they are already coded so.",
                len(self.skipped),
            ).format(n=len(self.skipped))
        return message


def plan_autocode(
    project: Project, hits: Iterable[Hit], code_id: int, scope: Scope | str = Scope.HIT
) -> AutocodePlan:
    """The codings autocoding ``hits`` with ``code_id`` at ``scope`` would create."""
    code = project.codes.get(code_id)
    try:
        scope = Scope(scope)
    except ValueError:
        raise ValidationError(
            _("{scope} is not a scope; use hit, sentence, paragraph or turn.").format(scope=scope)
        ) from None
    by_source: dict[int, list[Hit]] = {}
    for hit in hits:
        by_source.setdefault(hit.source_id, []).append(hit)
    ranges: list[PlannedRange] = []
    skipped: list[PlannedRange] = []
    extending = 0
    for source_id in sorted(by_source):
        text = project.sources.text(source_id)
        turns = project.sources.turns(source_id)
        wanted: list[Range] = []
        for hit in by_source[source_id]:
            wanted.extend(scope_ranges(text, hit, scope, turns))
        coded = [
            s
            for s in project.codings.all(source_id=source_id, code_id=code_id)
            if s.coder_id == project.coder.id
        ]
        for start, end in merge_ranges(wanted):
            planned = PlannedRange(source_id, start, end)
            if any(s.start <= start and end <= s.end for s in coded):
                skipped.append(planned)
                continue
            ranges.append(planned)
            extending += any(s.start <= end and start <= s.end for s in coded)
    return AutocodePlan(code_id, code.name, scope, tuple(ranges), tuple(skipped), extending)


def apply_autocode(
    project: Project, plan: AutocodePlan, label: str | None = None
) -> Edit[list[int]]:
    """Code every range of ``plan``, as one undo step; returns the ids of the codings made or
    extended (a range touching the current coder's coding of the code extends it)."""
    if not plan.ranges:
        raise ValidationError(_("There is nothing to code."))
    code = project.codes.get(plan.code_id)

    def steps() -> list[int]:
        ids: dict[int, None] = {}  # in order, each once: two ranges may extend one coding
        for r in plan.ranges:
            covered = any(
                s.start <= r.start and r.end <= s.end and s.coder_id == project.coder.id
                for s in project.codings.all(source_id=r.source_id, code_id=code.id)
            )
            if not covered:  # coded since the plan was made
                ids[project.codings.code(r.source_id, r.start, r.end, code.id).value.segment_id] = (
                    None
                )
        return list(ids)

    default_label = ngettext(
        "Autocode {n} passage as '{name}'", "Autocode {n} passages as '{name}'", len(plan.ranges)
    ).format(n=len(plan.ranges), name=code.name)
    return project.compose(label or default_label, steps)


# -- scopes -----------------------------------------------------------------------------------


def scope_ranges(text: str, hit: Hit, scope: Scope, turns: list[Turn]) -> list[Range]:
    """The ranges of ``text`` that ``scope`` makes of one hit."""
    spans = list(hit.spans) or [(hit.start, hit.end)]
    if scope is Scope.HIT:
        return [_trim(text, s, e) for s, e in spans]
    starts = [t.start for t in turns]
    found: list[Range] = []
    for s, e in spans:
        index = bisect.bisect_right(starts, s) - 1
        turn = turns[index] if index >= 0 and turns[index].start <= s < turns[index].end else None
        if scope is Scope.SENTENCE:
            start, end = sentence_around(text, s, e)
        elif scope is Scope.TURN and turn is not None:
            start, end = _trim(text, turn.start, max(turn.end, e))
        else:
            start, end = paragraph_around(text, s, e)
        if turn is not None and start == turn.start:
            start = min(_after_label(text, turn), s)
        found.append((start, end))
    return found


def _after_label(text: str, turn: Turn) -> int:
    """Where a turn's words begin: after "Speaker: ", "Speaker (00:01): ", "Speaker<tab>"."""
    line_end = text.find("\n", turn.start, turn.end)
    head = text[turn.start : turn.end if line_end == -1 else line_end]
    label = head.casefold().find(turn.speaker.casefold(), 0, len(turn.speaker) + 20)
    if label == -1:
        return turn.start
    mark = _LABEL_END.search(head, label + len(turn.speaker))
    return turn.start + mark.end() if mark else turn.start


def paragraph_around(text: str, start: int, end: int) -> Range:
    """The line(s) holding ``[start, end)``, trimmed."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return _trim(text, line_start, len(text) if line_end == -1 else line_end)


def sentence_around(text: str, start: int, end: int) -> Range:
    """The sentence(s) holding ``[start, end)``, never beyond its line."""
    line_start, line_end = paragraph_around(text, start, end)
    sentence_start, sentence_end = line_start, line_end
    for match in _SENTENCE_END.finditer(text, line_start, line_end):
        if not _ends_sentence(text, match, line_end):
            continue
        if match.end() <= start:
            sentence_start = match.end()
        elif match.start() >= end:
            sentence_end = match.end()
            break
    return _trim(text, sentence_start, sentence_end)


def _ends_sentence(text: str, match: re.Match[str], limit: int) -> bool:
    following = match.end()
    while following < limit and text[following].isspace():
        following += 1
    if following < limit and text[following].islower():
        return False
    if match.group()[0] == ".":
        word = _WORD_BEFORE.search(text, max(0, match.start() - 12), match.start())
        if word and word.group(1).lower().rstrip(".") in ABBREVIATIONS:
            return False
        if word and len(word.group(1)) == 1 and word.group(1).isupper():
            return False  # an initial: "J. Smith"
    return True


def merge_ranges(ranges: Iterable[Range]) -> list[Range]:
    """Sorted, with overlapping ranges merged (touching ones stay apart), empty ones dropped."""
    merged: list[Range] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _trim(text: str, start: int, end: int) -> Range:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
