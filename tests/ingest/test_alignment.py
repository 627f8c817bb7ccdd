"""Aligning an old text with a new text of the same document (kutip.ingest.alignment)."""

from __future__ import annotations

import random

from kutip.ingest.alignment import Alignment, token_blocks


def test_a_running_head_removed_from_a_quote_drops_out_of_it() -> None:
    old = "konten yang sekadar\n\n45\n\nJurnal Komunikasi\n\nsensasional sebagai alasan"
    new = "konten yang sekadar sensasional sebagai alasan"
    aligned = Alignment(old, new)
    start, end = aligned.place(old.index("sekadar"), old.index(" sebagai"))  # type: ignore[misc]
    assert new[start:end] == "sekadar sensasional"
    assert aligned.place(old.index("Jurnal"), old.index("Komunikasi") + 10) is None


def test_a_coding_inside_a_word_joined_across_a_page_keeps_its_letters() -> None:
    old = "musim tanam berik-\n\n46\n\nutnya di kabupaten"
    new = "musim tanam berikutnya di kabupaten"
    aligned = Alignment(old, new)
    start, end = aligned.place(old.index("rik-"), old.index("tnya") + 4)  # type: ignore[misc]
    assert new[start:end] == "rikutnya"


def test_a_passage_moved_elsewhere_is_found_by_its_words() -> None:
    old = "alpha beta gamma. The moved sentence is here. delta epsilon."
    new = "The moved sentence is here. alpha beta gamma. delta epsilon."
    aligned = Alignment(old, new)
    placed = aligned.place(0, len("alpha beta gamma"))
    assert placed is not None and new[placed[0] : placed[1]] == "alpha beta gamma"


def test_long_texts_with_repeated_words_align_exactly() -> None:
    rng = random.Random(3)
    vocabulary = "the of and desa warga to in kampanye".split()
    words = [rng.choice(vocabulary) for _ in range(60_000)] + ["end"]
    removed = set(range(500, 60_000, 997))  # a "running head" every page or so
    new_words = [w for k, w in enumerate(words) if k not in removed]
    blocks = token_blocks(words, new_words)
    assert sum(n for _, _, n in blocks) == len(new_words)
