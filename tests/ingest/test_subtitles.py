"""Subtitles (.vtt, .srt): cue words as text, voice tags and name prefixes as speaker turns."""

from __future__ import annotations

import codecs
import importlib
from pathlib import Path

import pytest

from kutip.ingest.drafts import ReadOptions, SourceDraft, TurnDraft
from kutip.ingest.subtitles import parse_cues, read_subtitle_file

OPTIONS = ReadOptions()

VTT = """WEBVTT - Wawancara Informan 8
Kind: captions
Language: id

NOTE dibuat oleh alat transkripsi
dua baris catatan

STYLE
::cue(.kuning) { color: yellow; }

1
00:00:01.000 --> 00:00:04.500 align:start position:10%
<v Pewawancara>Selamat pagi, apa kabar?</v>

2
00:00:05.000 --> 00:00:07.250
<v.tenang Informan 8>Baik, Kak. Saya baru
pulang dari <i>kampus</i>.

intro-3
00:00:07.250 --> 00:00:09.000
<v Informan 8><c.kuning>Hari ini</c> <00:00:08.000>ramai &amp; panas 🔥.

00:10.000 --> 00:12.000
<v Pewawancara>Oke, kita mulai.
"""
VTT_TEXT = (
    "Pewawancara: Selamat pagi, apa kabar?\n"
    "\n"
    "Informan 8: Baik, Kak. Saya baru pulang dari kampus.\n"
    "Hari ini ramai & panas 🔥.\n"
    "\n"
    "Pewawancara: Oke, kita mulai."
)


def read(data: bytes, name: str) -> SourceDraft:
    return read_subtitle_file(Path(name), data, OPTIONS)


def test_vtt_voice_tags_become_turns() -> None:
    draft = read(codecs.BOM_UTF8 + VTT.encode(), "informan-8.vtt")

    assert draft.text == VTT_TEXT
    assert draft.turns == (
        TurnDraft(0, 37, "Pewawancara", 1.0, 4.5),
        TurnDraft(39, 117, "Informan 8", 5.0, 9.0),
        TurnDraft(119, len(VTT_TEXT), "Pewawancara", 10.0, 12.0),
    )
    for turn in draft.turns:
        assert draft.text[turn.start : turn.end].startswith(turn.speaker + ": ")
    assert (draft.title, draft.mime, draft.language) == ("informan-8", "text/vtt", "id")


def test_vtt_header_language_when_the_text_is_too_short() -> None:
    source = "WEBVTT\nLanguage: en\n\n00:01.000 --> 00:02.000\nOk.\n"
    assert read(source.encode(), "a.vtt").language == "en"


SRT = """1
00:00:01,000 --> 00:00:03,000
{\\an8}Pewawancara: Bagaimana kabar
<i>keluarga</i> di rumah?

2
00:00:03,500 --> 00:00:06,000
Bu Ani: Baik, semua sehat – “alhamdulillah”.

3
00:00:06,000 --> 00:00:08,000
<font color="#ffff00">Anak saya sudah kuliah.</font>

4
00:00:08,500 --> 00:00:10,000
Bu Ani: Di Medan.

5
00:00:10,000 --> 00:00:11,000
Pewawancara: Bagus.
"""
SRT_TEXT = (
    "Pewawancara: Bagaimana kabar keluarga di rumah?\n"
    "\n"
    "Bu Ani: Baik, semua sehat – “alhamdulillah”.\n"
    "Anak saya sudah kuliah.\n"
    "Di Medan.\n"
    "\n"
    "Pewawancara: Bagus."
)


def test_srt_name_prefixes_in_cp1252_with_crlf() -> None:
    data = SRT.replace("\n", "\r\n").encode("cp1252")
    draft = read(data, "ani.srt")

    assert draft.text == SRT_TEXT
    assert [(t.speaker, t.time_start, t.time_end) for t in draft.turns] == [
        ("Pewawancara", 1.0, 3.0),
        ("Bu Ani", 3.5, 10.0),
        ("Pewawancara", 10.0, 11.0),
    ]
    assert [draft.text[t.start : t.end] for t in draft.turns] == SRT_TEXT.split("\n\n")
    assert draft.mime == "application/x-subrip"


def test_srt_without_speakers_is_a_line_per_cue() -> None:
    source = (
        "1\n00:00:01,000 --> 00:00:02,000\nHalo semua.\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nCatatan: hanya sekali.\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\n<i></i>\n\n"
        "4\n00:00:04,000 --> 00:00:05,000\nSampai jumpa.\n"
    )
    draft = read(source.encode(), "kuliah.srt")

    assert draft.text == "Halo semua.\nCatatan: hanya sekali.\nSampai jumpa."
    assert draft.turns == ()


def test_zoom_style_prefix_on_every_cue_is_written_once_per_turn() -> None:
    source = (
        "WEBVTT\n\n"
        "1\n00:00:01.000 --> 00:00:02.000\nSiti Rahma: Selamat datang.\n\n"
        "2\n00:00:02.000 --> 00:00:03.000\nSiti Rahma: Kita mulai.\n\n"
        "3\n00:00:03.500 --> 00:00:05.000\nBudi: Siap.\n\n"
        "4\n00:00:05.000 --> 00:00:06.000\nBudi: Terima kasih.\n"
    )
    draft = read(source.encode(), "zoom.vtt")

    assert draft.text == "Siti Rahma: Selamat datang.\nKita mulai.\n\nBudi: Siap.\nTerima kasih."
    assert [(t.speaker, t.time_start, t.time_end) for t in draft.turns] == [
        ("Siti Rahma", 1.0, 3.0),
        ("Budi", 3.5, 6.0),
    ]


def test_cues_before_the_first_speaker_are_in_no_turn() -> None:
    source = (
        "WEBVTT\n\n00:00.000 --> 00:01.000\n[musik]\n\n"
        "00:01.000 --> 00:02.000\n<v Moderator>Mari mulai.\n"
    )
    draft = read(source.encode(), "a.vtt")

    assert draft.text == "[musik]\n\nModerator: Mari mulai."
    assert draft.turns == (TurnDraft(9, 31, "Moderator", 1.0, 2.0),)


def test_two_voices_in_one_cue() -> None:
    source = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ani>- Mau ke mana?\n<v Budi>- Pasar.\n"
    draft = read(source.encode(), "a.vtt")

    assert draft.text == "Ani: - Mau ke mana?\n\nBudi: - Pasar."
    assert [(t.speaker, t.time_start, t.time_end) for t in draft.turns] == [
        ("Ani", 1.0, 3.0),
        ("Budi", 1.0, 3.0),
    ]


def test_missing_blank_line_between_srt_cues() -> None:
    source = "1\n00:00:01,000 --> 00:00:02,000\nSatu.\n2\n00:00:02,000 --> 00:00:03,000\nDua.\n"
    cues = parse_cues(source)

    assert [(cue.start, cue.end, cue.text) for cue in cues] == [
        (1.0, 2.0, "Satu."),
        (2.0, 3.0, "Dua."),
    ]


def test_hours_over_99_and_utf_16() -> None:
    source = "WEBVTT\n\n100:00:00.000 --> 100:00:01.500\n<v P>Lama sekali.\n"
    draft = read(codecs.BOM_UTF16_LE + source.encode("utf-16-le"), "a.vtt")

    assert draft.turns == (TurnDraft(0, 15, "P", 360000.0, 360001.5),)


@pytest.mark.parametrize("name", ["a.vtt", "a.srt"])
def test_file_without_cues_is_empty_text(name: str) -> None:
    draft = read(b"WEBVTT\n\nNOTE nothing here\n", name)
    assert (draft.text, draft.turns) == ("", ())


def test_emoji_and_combining_marks_keep_offsets_exact() -> None:
    source = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Pewawancara>Kopi 👍🏽 di cafe\u0301?\n\n"
        "00:02.000 --> 00:03.000\n<v Informan 1>Ya, cafe\u0301 🇮🇩.\n"
    )
    draft = read(source.encode(), "a.vtt")

    assert [draft.text[t.start : t.end] for t in draft.turns] == [
        "Pewawancara: Kopi 👍🏽 di café?",
        "Informan 1: Ya, café 🇮🇩.",
    ]


def test_reader_name_for_the_registry() -> None:
    module, function = "kutip.ingest.subtitles:read_subtitle_file".split(":")
    assert getattr(importlib.import_module(module), function) is read_subtitle_file
