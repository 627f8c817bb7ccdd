"""Speaker turns: the shapes transcripts use, the guard against prose, exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from kutip.ingest.drafts import ReadOptions, TurnDraft
from kutip.ingest.text import canonical_text, read_text_file
from kutip.ingest.turns import detect_turns, parse_time, parse_turn_header
from kutip.resources import resource_path

DEMO = resource_path("demo", "transcripts")


def speakers(text: str) -> list[str]:
    return [turn.speaker for turn in detect_turns(text)]


def spans(text: str) -> list[str]:
    return [text[turn.start : turn.end] for turn in detect_turns(text)]


@pytest.mark.parametrize(
    ("name", "count", "informant"),
    [
        ("informan-01.txt", 16, "Informan 1"),
        ("informan-02.txt", 18, "Informan 2"),
        ("informan-03.txt", 16, "Informan 3"),
        ("informan-04.txt", 18, "Informan 4"),
    ],
)
def test_demo_transcripts(name: str, count: int, informant: str) -> None:
    path = Path(DEMO) / name
    draft = read_text_file(path, path.read_bytes(), ReadOptions())
    turns = draft.turns

    assert len(turns) == count
    assert [turn.speaker for turn in turns] == ["Pewawancara", informant] * (count // 2)
    assert draft.language == "id"
    for turn, following in zip(turns, [*turns[1:], None], strict=True):
        piece = draft.text[turn.start : turn.end]
        assert piece.lstrip("[]:0123456789 ").startswith(turn.speaker + ":")
        assert piece == piece.strip()
        assert "\n" not in piece  # one paragraph each in the demo material
        if following is not None:
            assert draft.text[turn.end : following.start] == "\n\n"
    assert turns[-1].end == len(draft.text.rstrip())
    assert draft.text[: turns[0].start].startswith("# Transkrip wawancara FIKTIF")


def test_demo_time_codes() -> None:
    path = Path(DEMO) / "informan-02.txt"
    turns = read_text_file(path, path.read_bytes(), ReadOptions()).turns
    timed = [(turn.speaker, turn.time_start, turn.time_end) for turn in turns if turn.time_start]

    assert timed == [
        ("Pewawancara", 4.0, 15.0),
        ("Informan 2", 15.0, None),  # the next turn has no time code
        ("Pewawancara", 462.0, 470.0),
        ("Informan 2", 470.0, None),
        ("Pewawancara", 751.0, 758.0),
        ("Informan 2", 758.0, None),
        ("Pewawancara", 1085.0, 1089.0),
        ("Informan 2", 1089.0, None),
    ]
    untimed = [turn for turn in turns if turn.time_start is None]
    assert len(untimed) == 10
    assert all(turn.time_end is None for turn in untimed)


@pytest.mark.parametrize(
    ("line", "speaker", "time", "body"),
    [
        ("Pewawancara: Halo", "Pewawancara", None, "Halo"),
        ("Informan 3: Ya", "Informan 3", None, "Ya"),
        ("P: Halo", "P", None, "Halo"),
        ("I: Ya", "I", None, "Ya"),
        ("Interviewer : Hello", "Interviewer", None, "Hello"),
        ("Interviewer:", "Interviewer", None, ""),
        ("[00:01:23] Nama: Halo", "Nama", 83.0, "Halo"),
        ("00:01:23 Nama: Halo", "Nama", 83.0, "Halo"),
        ("(01:23) Bu Siti: Halo", "Bu Siti", 83.0, "Halo"),
        ("00:01:23 - Nama: Halo", "Nama", 83.0, "Halo"),
        ("Nama (00:01:23): Halo", "Nama", 83.0, "Halo"),
        ("Nama [1:02:03.5]: Halo", "Nama", 3723.5, "Halo"),
        ("**Nama:** Halo", "Nama", None, "Halo"),
        ("**Nama**: Halo", "Nama", None, "Halo"),
        ("__Nama:__ Halo", "Nama", None, "Halo"),
        ("**[00:00:05] Nama:** Halo", "Nama", 5.0, "Halo"),
        ("Pak Budi (Kades): Halo", "Pak Budi (Kades)", None, "Halo"),
        ("Nama\tHalo", "Nama", None, "Halo"),
        ("Nama\t00:01:23\tHalo", "Nama", 83.0, "Halo"),
        ("00:01:23\tNama\tHalo", "Nama", 83.0, "Halo"),
        ("12\tNama\tHalo", "Nama", None, "Halo"),
        ("3.\tPewawancara: Halo", "Pewawancara", None, "Halo"),
        ("Speaker 1  0:03", "Speaker 1", 3.0, ""),
        ("  Informan   2:  Ya", "Informan 2", None, "Ya"),
    ],
)
def test_header_shapes(line: str, speaker: str, time: float | None, body: str) -> None:
    header = parse_turn_header(line)

    assert header is not None
    assert (header.speaker, header.time, line[header.body :]) == (speaker, time, body)


@pytest.mark.parametrize(
    "line",
    [
        "Lihat https://contoh.id/halaman untuk rinciannya.",
        "# Informan 1, 19 tahun, Jawa Barat, platform utama: TikTok",
        "10:30: rapat dimulai",
        "Satu dua tiga empat lima enam: terlalu banyak kata",
        "Seorang informan yang namanya sangat amat panjang: sekali",
        "Kenapa?: tanya dia",
        "Dia bilang, “ya”: begitu",
        "Tanpa titik dua sama sekali",
        "**Judul tebal**",
        "",
    ],
)
def test_not_headers(line: str) -> None:
    assert parse_turn_header(line) is None


def test_role_words_count_once_other_labels_must_recur() -> None:
    text = (
        "Catatan: wawancara dilakukan di rumah informan.\n"
        "\n"
        "Pewawancara: Halo.\n"
        "Bu Siti: Halo juga.\n"
        "Informan 3: Saya datang terlambat.\n"
    )
    assert speakers(text) == ["Pewawancara", "Informan 3"]
    assert spans(text) == [
        "Pewawancara: Halo.\nBu Siti: Halo juga.",
        "Informan 3: Saya datang terlambat.",
    ]

    text += "Bu Siti: Silakan duduk.\n"
    assert speakers(text) == ["Pewawancara", "Bu Siti", "Informan 3", "Bu Siti"]


def test_recurrence_ignores_case() -> None:
    assert speakers("Budi: satu\nBUDI: dua\n") == ["Budi", "BUDI"]


def test_tab_and_time_line_labels_must_recur_even_if_role_words() -> None:
    # A table's header row ("Pembicara<TAB>Teks") is not a turn.
    assert speakers("Speaker\tText\nP: a\n") == ["P"]
    assert speakers("Speaker 1  0:03\nhalo\n") == []
    assert speakers("Speaker 1  0:03\nhalo\n\nSpeaker 1  0:09\nlagi\n") == ["Speaker 1"] * 2


def test_turn_spans_lines_until_the_next_turn_without_trailing_blank_lines() -> None:
    text = "Judul\n\nP: satu\ndua\n\n\nI: tiga\n  \n"
    turns = detect_turns(text)

    assert spans(text) == ["P: satu\ndua", "I: tiga"]
    assert turns[0] == TurnDraft(7, 18, "P")


def test_time_end_is_the_next_turns_start() -> None:
    text = "[00:00:10] P: a\n[00:00:20] I: b\nP: c\n[00:00:05] I: d\n"
    times = [(turn.time_start, turn.time_end) for turn in detect_turns(text)]

    assert times == [(10.0, 20.0), (20.0, None), (None, None), (5.0, None)]


def test_a_next_time_before_the_start_is_no_end() -> None:
    times = [(t.time_start, t.time_end) for t in detect_turns("[00:01:00] P: a\n[00:00:30] I: b")]
    assert times == [(60.0, None), (30.0, None)]


def test_offsets_are_exact_after_emoji_and_combining_marks() -> None:
    raw = (
        "Catatan 🔥🇮🇩: informan tertawa 😀, lalu bercerita tentang cafe\u0301.\r\n"
        "\r\n"
        "Pewawancara: Apa itu 👍🏽?\r\n"
        "Informan 1: Itu caf\u0065\u0301 dekat rumah 🏠 saya.\r\n"
    )
    text = canonical_text(raw)
    turns = detect_turns(text)

    assert [turn.speaker for turn in turns] == ["Pewawancara", "Informan 1"]
    assert turns[0].start == text.index("Pewawancara")
    assert text[turns[0].start : turns[0].end] == "Pewawancara: Apa itu 👍🏽?"
    assert text[turns[1].start : turns[1].end] == "Informan 1: Itu café dekat rumah 🏠 saya."
    assert turns[1].end == len(text) - 1


def test_markdown_transcript() -> None:
    text = "# Wawancara\n\n**Pewawancara:** Halo.\n\n**Ani**: Hai.\n\n**Ani**: Lagi.\n"
    assert speakers(text) == ["Pewawancara", "Ani", "Ani"]
    assert spans(text)[1] == "**Ani**: Hai."


def test_no_turns_in_prose() -> None:
    prose = "Penelitian ini membahas partisipasi politik.\nHasilnya: beragam.\nKesimpulan: jelas.\n"
    assert detect_turns(prose) == ()
    assert detect_turns("") == ()


@pytest.mark.parametrize(
    ("code", "seconds"),
    [("00:01:23", 83.0), ("01:23", 83.0), ("1:02:03,5", 3723.5), ("0:00:01.250", 1.25)],
)
def test_parse_time(code: str, seconds: float) -> None:
    assert parse_time(code) == seconds
