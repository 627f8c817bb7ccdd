"""Which language a text is in: Indonesian or English, by their most frequent function words.

Only the two languages Kutip's analyzers serve are told apart; anything else is ``None`` and
the user can set it by hand.
"""

from __future__ import annotations

import re

INDONESIAN = "id"
ENGLISH = "en"

_WORDS = {
    INDONESIAN: frozenset(
        "yang dan di ke dari ini itu dengan untuk tidak ada dalam pada juga akan atau "
        "saya kami kita mereka bisa sudah karena oleh sebagai lebih tersebut adalah "
        "banyak kalau jadi apa aku gak nggak tapi sangat bahwa seperti".split()
    ),
    ENGLISH: frozenset(
        "the and of to in is that for it with as was on are be by this have from or an "
        "not which but they their were has had been more can would also its there what "
        "we you about".split()
    ),
}
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE_CHARS = 200_000
_MIN_HITS = 5


def detect_language(text: str, min_hits: int = _MIN_HITS) -> str | None:
    """``"id"``, ``"en"``, or None when the text is too short or neither clearly.

    ``min_hits``: how many function words make a verdict (a title has one or two)."""
    counts = dict.fromkeys(_WORDS, 0)
    for word in _WORD.findall(text[:_SAMPLE_CHARS].lower()):
        for language, words in _WORDS.items():
            if word in words:
                counts[language] += 1
    best = max(counts, key=lambda language: counts[language])
    others = sum(count for language, count in counts.items() if language != best)
    if counts[best] < min_hits or counts[best] < 1.5 * others:
        return None
    return best
