"""The index's schema: what one indexed chunk holds, and what a query can name.

Two kinds of documents share the index. *Chunks* (``doctype=chunk``) are the searchable
units. *Source stamps* (``doctype=source``), one per source, hold the fingerprint the source
was indexed with, so the index can tell on opening which sources changed — committed in the
same transaction as the source's chunks, so the two can never disagree.
"""

from __future__ import annotations

from functools import lru_cache

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from kutip.model import SourceRole
from kutip.search import analysis
from kutip.search.analysis import KutipAnalyzer

#: Bump when the schema, the analyzers or the chunking change: older indexes are rebuilt.
SCHEMA_VERSION = 2

CHUNK, SOURCE = "chunk", "source"

#: The text fields, by analysis; an unfielded query word searches all three.
TEXT_EN, TEXT_ID, TEXT_EXACT = "text_en", "text_id", "exact"
STEM_FIELDS = (TEXT_EN, TEXT_ID)
TEXT_FIELDS = {TEXT_EN: analysis.EN, TEXT_ID: analysis.ID, TEXT_EXACT: analysis.EXACT}

#: Fields a query may name, with the Indonesian names that mean the same.
FIELD_ALIASES: dict[str, list[str]] = {
    "title": ["judul"],
    "author": ["authors", "penulis"],
    "year": ["tahun"],
    "kind": ["jenis"],
    "case": ["kasus"],
    "speaker": ["pembicara"],
    TEXT_EXACT: ["persis"],
}

#: Words ``kind:`` accepts for each role of a source (``kutip.model.source_role``).
KIND_WORDS: dict[SourceRole, tuple[str, ...]] = {
    SourceRole.LITERATURE: ("literature", "literatur", "pustaka"),
    SourceRole.CASE: ("transcript", "transkrip", "case", "kasus"),
    SourceRole.OTHER: ("other", "lain", "lainnya"),
}


def _text(kind: str, *, stems_only: bool = False) -> TEXT:
    """A text field; ``stems_only``: only words the stemmer changes, and no positions.

    Phrases are searched in the exact words (positions there only): a stem field holds no
    word that is its own stem, so it cannot tell whether two words follow each other. A query
    word the analyzer splits ("COVID-19") is searched as a phrase.
    """
    return TEXT(
        analyzer=KutipAnalyzer(kind, changed_only=stems_only),
        phrase=not stems_only,
        multitoken_query="phrase",
    )


def build_schema() -> Schema:
    return Schema(
        doctype=ID(),
        # Chunks: where they are, and what they say.
        chunk=ID(unique=True, stored=True),  # "<source guid>:<start>"
        source=ID(stored=True),  # source guid
        start=STORED(),
        end=STORED(),
        # (page index, page label, turn index, speaker, time start, time end); None where
        # the chunk is on no page or in no turn.
        place=STORED(),
        text_en=_text(analysis.EN, stems_only=True),
        text_id=_text(analysis.ID, stems_only=True),
        exact=_text(analysis.EXACT),
        # Metadata of the source (and, for case and speaker, of the chunk).
        title=_text(analysis.EN),
        author=_text(analysis.EXACT),
        year=NUMERIC(int, bits=32, signed=False),
        kind=KEYWORD(lowercase=True),
        case=_text(analysis.EXACT),
        speaker=_text(analysis.EXACT),
        # Source stamps.
        fingerprint=STORED(),
    )


@lru_cache(maxsize=1)
def kutip_schema() -> Schema:
    """The schema, built once: queries are parsed with it, new indexes are created with it."""
    return build_schema()
