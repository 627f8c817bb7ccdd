"""Chunks: whole lines, never across pages or turns, short lines merged, long ones split."""

from __future__ import annotations

from kutip.model import Page, Turn
from kutip.search.chunks import MAX_CHARS, MIN_CHARS, chunk_source


def test_chunks_never_cross_a_page_and_know_their_page() -> None:
    first, second = "Judul\nParagraf satu.", "Paragraf dua di halaman dua."
    text = f"{first}\n\n{second}"
    pages = [Page(1, 0, "11", 0, len(first)), Page(1, 1, "12", len(first) + 2, len(text))]
    chunks = chunk_source(text, pages)
    assert [(text[c.start : c.end], c.page) for c in chunks] == [(first, 0), (second, 1)]


def test_transcript_turns_are_chunks_of_their_own() -> None:
    text = "Catatan awal\nA: halo\nB: apa kabar\n"
    turns = [Turn(1, 13, 20, "A"), Turn(1, 21, 33, "B")]
    chunks = chunk_source(text, (), turns)
    assert [(text[c.start : c.end], c.turn) for c in chunks] == [
        ("Catatan awal", None),
        ("A: halo", 0),
        ("B: apa kabar", 1),
    ]


def test_short_lines_are_merged_and_long_lines_split_after_a_sentence() -> None:
    sentence = "Partisipasi politik pemilih pemula meningkat pada pemilu ini. "
    long_line = (sentence * (2 * MAX_CHARS // len(sentence) + 1)).strip()
    text = "Judul\nSubjudul\n\n" + long_line + "\n   \n"
    chunks = chunk_source(text)
    assert text[chunks[0].start : chunks[0].end].startswith("Judul\nSubjudul\n\nPartisipasi")
    assert all(c.end - c.start <= MAX_CHARS for c in chunks)
    assert len(chunks) >= 3
    for chunk in chunks[1:]:
        assert text[chunk.start : chunk.end].startswith("Partisipasi")
    for chunk in chunks[:-1]:
        assert text[chunk.end - 1] == "."
    assert chunks[-1].end == len(long_line) + len("Judul\nSubjudul\n\n")


def test_chunks_are_trimmed_and_blank_text_has_none() -> None:
    assert chunk_source("  \n\n \t\n") == []
    text = "   kata   \n"
    [chunk] = chunk_source(text)
    assert text[chunk.start : chunk.end] == "kata"


def test_long_paragraphs_are_not_merged_with_the_next() -> None:
    paragraph = "kata " * (MIN_CHARS // 5 + 10)
    text = f"{paragraph.strip()}\n{paragraph.strip()}"
    assert len(chunk_source(text)) == 2
