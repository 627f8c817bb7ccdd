"""Subtitle files (.vtt, .srt) from transcription tools and video calls, as transcripts.

A cue's time codes and markup are not what a researcher reads, so the text is the cues' words:
each cue on its own line (its wrapped lines joined by a space). Who speaks comes from WebVTT
voice tags (``<v Nama>``) or a ``Nama:`` prefix (Zoom, Teams, hand-made SRT); a cue with
neither continues the current speaker. Consecutive cues of one speaker are one turn, written
as a paragraph that begins with ``Nama:`` once, turns being separated by a blank line, so the
text reads like a typed transcript and a turn's range begins with its label, as in .txt files.
A turn's times are its first cue's start and its last cue's end, in seconds.

Prefixes are taken by the same guard as in typed transcripts (kutip.ingest.turns): a label
must recur or be a role word. Cue ids, NOTE/STYLE/REGION blocks, cue settings and all other
tags (``<i>``, ``<c.x>``, karaoke times, SRT's ``{\\an8}``) are dropped and entities decoded.
The bytes are decoded as plain text is (BOMs, UTF-16, legacy code pages), since SRT files in
particular are often not UTF-8.

The format is parsed here, not with webvtt-py or srt: both are strict where real files are
not (a missing blank line, a cue number in a .vtt, a comma in a WebVTT time), neither reads the
other format, and the grammar needed is a few regular expressions.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kutip.i18n import ngettext
from kutip.ingest.drafts import ReadOptions, SourceDraft, TurnDraft
from kutip.ingest.language import ENGLISH, INDONESIAN, detect_language
from kutip.ingest.text import decode_text_file
from kutip.ingest.turns import TurnHeader, accepted, parse_turn_header
from kutip.model import SourceKind

VTT_MIME = "text/vtt"
SRT_MIME = "application/x-subrip"

_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?"
#: The largest hour a time code may give: no recording runs for 10,000 hours, and a longer
#: number (a file once had 5,000 digits) is garbage that Python would not even convert.
MAX_CUE_HOURS = 9_999
_TIMING = re.compile(rf"\s*{_TIME}\s*-->\s*{_TIME}(?:\s.*)?")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+(?P<name>[^>]*))?>")
_TAG = re.compile(r"<[^>\n]*>|\{\\[^}\n]*\}")
_SPACES = re.compile(r"[ \t]+")
_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
_LANGUAGE_HEADER = re.compile(r"^language:\s*(?P<code>[A-Za-z]{2})\b", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Cue:
    """One cue's words (one speaker's part of it) with its times in seconds (None when its
    time code was out of range)."""

    start: float | None
    end: float | None
    text: str
    speaker: str | None = None


def read_subtitle_file(path: Path, data: bytes, options: ReadOptions) -> SourceDraft:
    """Reader for .vtt and .srt: the cues' words, with speaker turns and their times."""
    source = decode_text_file(path.name, data)
    out_of_range: list[int] = []
    cues = with_speakers(parse_cues(source, out_of_range))
    text, turns = render(cues)
    problems: tuple[str, ...] = ()
    if out_of_range:
        problems = (
            ngettext(
                "{name} line {line}: {n} time code is out of range (too many hours, or "
                "minutes or seconds past 59); its cue's words were kept without times.",
                "{name} line {line}: {n} time codes are out of range (too many hours, or "
                "minutes or seconds past 59), the first on this line; the cues' words were "
                "kept without times.",
                len(out_of_range),
            ).format(name=path.name, line=out_of_range[0], n=len(out_of_range)),
        )
    return SourceDraft(
        title=path.stem,
        text=text,
        kind=SourceKind.TEXT,
        file_name=path.name,
        mime=VTT_MIME if path.suffix.lower() == ".vtt" else SRT_MIME,
        data=data,
        language=detect_language(text) or _header_language(source),
        turns=turns,
        problems=problems,
    )


def parse_cues(source: str, out_of_range: list[int] | None = None) -> list[Cue]:
    """The cues of a WebVTT or SRT text (canonical line ends), in file order.

    A cue whose time code is out of range keeps its words without times; the (1-based) line
    of that time code is added to ``out_of_range``."""
    cues: list[Cue] = []
    start, line = 0, 1
    for separator in [*_BLOCK_BREAK.finditer(source), None]:
        end = separator.start() if separator else len(source)
        block = source[start:end]
        skipped = len(block) - len(block.lstrip("\n"))
        lines = block.strip("\n").split("\n")
        if not lines[0].startswith(_SKIPPED_BLOCKS):
            first = line + skipped
            for cue, bad_line in _block_cues(lines):
                cues.append(cue)
                if bad_line is not None and out_of_range is not None:
                    out_of_range.append(first + bad_line)
        if separator:
            line += source.count("\n", start, separator.end())
            start = separator.end()
    return cues


def _block_cues(lines: list[str]) -> Iterator[tuple[Cue, int | None]]:
    """The cues in a block (more than one when blank lines between cues are missing), each
    with the index of its time code's line if that is out of range."""
    timings = [index for index, line in enumerate(lines) if _TIMING.fullmatch(line)]
    for number, index in enumerate(timings):
        stop = timings[number + 1] if number + 1 < len(timings) else len(lines)
        payload = lines[index + 1 : stop]
        if number + 1 < len(timings) and payload and payload[-1].strip().isdigit():
            payload = payload[:-1]  # the next cue's number
        timing = _TIMING.fullmatch(lines[index])
        assert timing is not None
        start, end = _seconds(timing.groups()[:4]), _seconds(timing.groups()[4:])
        if start is None or end is None:
            start = end = None
        bad_line = index if start is None else None
        for cue in _cue_parts(start, end, payload):
            yield cue, bad_line
            bad_line = None  # one report per time code, however many voices the cue has


def _seconds(parts: tuple[str | None, ...]) -> float | None:
    """The seconds a time code stands for; None when a part is out of range."""
    hours, minutes, seconds, fraction = parts
    hours = (hours or "0").lstrip("0") or "0"
    if len(hours) > len(str(MAX_CUE_HOURS)) or int(hours) > MAX_CUE_HOURS:
        return None
    if int(minutes or 0) > 59 or int(seconds or 0) > 59:
        return None
    whole = int(hours) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
    return whole + (float(f"0.{fraction}") if fraction else 0.0)


def _cue_parts(start: float | None, end: float | None, payload: list[str]) -> Iterator[Cue]:
    """A cue's words, split where a voice tag changes the speaker within it."""
    speaker: str | None = None
    words: list[str] = []
    for line in payload:
        voice = _VOICE.search(line)
        if voice is not None and (voice["name"] or "").strip():
            name = _clean(voice["name"])
            if name != speaker and words:
                yield Cue(start, end, " ".join(words), speaker)
                words = []
            speaker = name
        cleaned = _clean(line)
        if cleaned:
            words.append(cleaned)
    if words:
        yield Cue(start, end, " ".join(words), speaker)


def _clean(line: str) -> str:
    return _SPACES.sub(" ", html.unescape(_TAG.sub("", line))).strip()


def with_speakers(cues: list[Cue]) -> list[Cue]:
    """Cues with their speakers: from voice tags, from accepted ``Nama:`` prefixes (removed
    from the words), else the speaker before them."""
    prefixes = [_prefix(cue) for cue in cues]
    counts: dict[str, int] = {}
    for header in prefixes:
        if header is not None:
            counts[header[0].key] = counts.get(header[0].key, 0) + 1
    result: list[Cue] = []
    current: str | None = None
    for cue, prefix in zip(cues, prefixes, strict=True):
        if cue.speaker is not None:
            current = cue.speaker
        elif prefix is not None and accepted(prefix[0], counts[prefix[0].key]):
            prefix_header, words = prefix
            current = prefix_header.speaker
            cue = Cue(cue.start, cue.end, words, current)
        if cue.speaker is None and current is not None:
            cue = Cue(cue.start, cue.end, cue.text, current)
        result.append(cue)
    return result


def _prefix(cue: Cue) -> tuple[TurnHeader, str] | None:
    if cue.speaker is not None:
        return None
    header = parse_turn_header(cue.text)
    if header is None or not header.colon:
        return None
    return header, cue.text[header.body :]


def render(cues: list[Cue]) -> tuple[str, tuple[TurnDraft, ...]]:
    """The text (a line per cue, a paragraph per turn) and the turns within it."""
    parts: list[str] = []
    turns: list[TurnDraft] = []
    offset = 0
    for group in _runs(cues):
        speaker = group[0].speaker
        if parts:
            separator = "\n\n" if speaker is not None or turns else "\n"
            parts.append(separator)
            offset += len(separator)
        lines = [cue.text for cue in group]
        if speaker is not None:
            lines[0] = f"{speaker}: {lines[0]}" if lines[0] else f"{speaker}:"
        paragraph = "\n".join(lines)
        if speaker is not None:
            turns.append(
                TurnDraft(offset, offset + len(paragraph), speaker, group[0].start, group[-1].end)
            )
        parts.append(paragraph)
        offset += len(paragraph)
    return "".join(parts), tuple(turns)


def _runs(cues: list[Cue]) -> Iterator[list[Cue]]:
    """Consecutive cues of one speaker; cues without a speaker each on their own."""
    group: list[Cue] = []
    for cue in cues:
        if group and (cue.speaker is None or cue.speaker != group[-1].speaker):
            yield group
            group = []
        group.append(cue)
    if group:
        yield group


def _header_language(source: str) -> str | None:
    """The ``Language:`` of a WebVTT header, when it is one Kutip tells apart."""
    match = _LANGUAGE_HEADER.search(source.split("\n\n", 1)[0])
    code = match["code"].lower() if match else None
    return code if code in (INDONESIAN, ENGLISH) else None
