"""Every SELECT the project runs, each a typed function returning model dataclasses.

Writes go through a ``Recorder`` (``kutip.store.changes``) so that they can be undone; reads
come from here. A lookup by id or key is one query and returns None when there is no such row:
the caller (``kutip.project``) says so to the user in its own words.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from kutip.model import (
    Attribute,
    AttributeScope,
    AttributeType,
    BibEntry,
    Case,
    CaseSource,
    Code,
    Coder,
    Memo,
    Page,
    Segment,
    Source,
    SourceKind,
    StoredFile,
    Turn,
)
from kutip.store.database import Store

#: The tables whose rows carry a GUID (``guid_taken`` names one of them in its SQL).
GUID_TABLES = frozenset({"sources", "codes", "segments", "cases", "attributes", "memos", "coders"})

# -- the project's settings and its coders ------------------------------------------------------


def setting(store: Store, key: str) -> str | None:
    value: str | None = store.scalar("SELECT value FROM project WHERE key = ?", (key,))
    return value


def guid_taken(store: Store, table: str, guid: str) -> bool:
    if table not in GUID_TABLES:
        raise ValueError(f"{table} has no GUIDs")
    return store.scalar(f"SELECT 1 FROM {table} WHERE guid = ?", (guid,)) is not None


def _coder(row: sqlite3.Row) -> Coder:
    return Coder(row["id"], row["guid"], row["name"], row["color"])


def coder_named(store: Store, name: str) -> Coder | None:
    """The coder of this name (ignoring case, the first made if several are)."""
    rows = store.query(
        "SELECT * FROM coders WHERE name = ? COLLATE NOCASE ORDER BY name = ? DESC, id",
        (name, name),
    )
    return _coder(rows[0]) if rows else None


def coder(store: Store, coder_id: int) -> Coder | None:
    rows = store.query("SELECT * FROM coders WHERE id = ?", (coder_id,))
    return _coder(rows[0]) if rows else None


def coder_with_guid(store: Store, guid: str) -> Coder | None:
    rows = store.query("SELECT * FROM coders WHERE guid = ?", (guid,))
    return _coder(rows[0]) if rows else None


def last_used_coder(store: Store) -> Coder | None:
    """The coder whose name was chosen last to code with, if any was."""
    rows = store.query(
        "SELECT * FROM coders WHERE last_used IS NOT NULL ORDER BY last_used DESC, id DESC LIMIT 1"
    )
    return _coder(rows[0]) if rows else None


def coders(store: Store) -> list[Coder]:
    return [_coder(r) for r in store.query("SELECT * FROM coders ORDER BY id")]


# -- sources, their files, pages and turns -----------------------------------------------------

_SOURCE_SELECT = (
    "SELECT s.id, s.guid, s.kind, s.title, s.file_sha256, s.language, s.bib_key, s.memo, "
    "s.imported_at, s.imported_by, s.text_length, s.flags, s.first_page, s.text_rules "
    "FROM sources s"
)


def _source(row: sqlite3.Row) -> Source:
    return Source(
        id=row["id"], guid=row["guid"], kind=SourceKind(row["kind"]), title=row["title"],
        file_sha256=row["file_sha256"], language=row["language"], bib_key=row["bib_key"],
        memo=row["memo"], imported_at=row["imported_at"], imported_by=row["imported_by"],
        text_length=row["text_length"],
        flags=tuple(json.loads(row["flags"])),
        first_page=row["first_page"], text_rules=row["text_rules"],
    )  # fmt: skip


def sources(store: Store) -> list[Source]:
    return [_source(r) for r in store.query(f"{_SOURCE_SELECT} ORDER BY s.id")]


def source(store: Store, source_id: int) -> Source | None:
    rows = store.query(f"{_SOURCE_SELECT} WHERE s.id = ?", (source_id,))
    return _source(rows[0]) if rows else None


def source_with_file(store: Store, sha256: str) -> Source | None:
    rows = store.query(f"{_SOURCE_SELECT} WHERE s.file_sha256 = ?", (sha256,))
    return _source(rows[0]) if rows else None


def source_text(store: Store, source_id: int) -> str | None:
    """A source's canonical text; None if there is no such source."""
    rows = store.query("SELECT text FROM sources WHERE id = ?", (source_id,))
    return str(rows[0][0]) if rows else None


def text_slice(store: Store, source_id: int, start: int, end: int) -> str:
    """``[start, end)`` of a source's text, cut by SQLite (the text is not read whole)."""
    return str(
        store.scalar(
            "SELECT substr(text, ? + 1, ?) FROM sources WHERE id = ?",
            (start, end - start, source_id),
        )
    )


def source_file(store: Store, source_id: int) -> bytes | None:
    data: bytes | None = store.scalar(
        "SELECT f.data FROM sources s JOIN files f ON f.sha256 = s.file_sha256 WHERE s.id = ?",
        (source_id,),
    )
    return data


def case_ranges(store: Store, source_id: int) -> list[tuple[int, int, int]]:
    """(id, start, end) of the case links that hold a part of a source, not all of it."""
    return [
        (row[0], row[1], row[2])
        for row in store.query(
            'SELECT id, start, "end" FROM case_sources WHERE source_id = ? AND start IS NOT NULL',
            (source_id,),
        )
    ]


def file_name(store: Store, sha256: str) -> str | None:
    """The name a stored file was imported under."""
    value = store.scalar("SELECT name FROM files WHERE sha256 = ?", (sha256,))
    return None if value is None else str(value)


def stored_file(store: Store, sha256: str) -> StoredFile | None:
    """The facts of a stored file (not its bytes)."""
    rows = store.query("SELECT sha256, name, mime, size FROM files WHERE sha256 = ?", (sha256,))
    return StoredFile(*rows[0]) if rows else None


def source_metadata(store: Store, source_id: int) -> dict[str, Any]:
    """The bibliographic facts found in a source's file on import (JSON as stored)."""
    value = store.scalar("SELECT metadata FROM sources WHERE id = ?", (source_id,))
    found: dict[str, Any] = json.loads(value) if value else {}
    return found


def file_stored(store: Store, sha256: str) -> bool:
    return store.scalar("SELECT 1 FROM files WHERE sha256 = ?", (sha256,)) is not None


def file_used(store: Store, sha256: str) -> bool:
    """Whether any source keeps the file with these bytes."""
    return store.scalar("SELECT 1 FROM sources WHERE file_sha256 = ?", (sha256,)) is not None


def pages(store: Store, source_id: int) -> list[Page]:
    """A source's pages with the labels detected on import, in order."""
    return [
        Page(
            r["source_id"],
            r["page_index"],
            r["label"],
            r["start"],
            r["end"],
            tuple(tuple(box) for box in json.loads(r["furniture"])),
        )
        for r in store.query(
            "SELECT * FROM pages WHERE source_id = ? ORDER BY page_index", (source_id,)
        )
    ]


def turns(store: Store, source_id: int) -> list[Turn]:
    return [
        Turn(r["source_id"], r["start"], r["end"], r["speaker"], r["time_start"], r["time_end"])
        for r in store.query("SELECT * FROM turns WHERE source_id = ? ORDER BY start", (source_id,))
    ]


def ocr_layers(store: Store, source_id: int) -> dict[int, bytes]:
    """What OCR read on a source's scanned pages: each page's layer, by page index."""
    return {
        r["page_index"]: bytes(r["layer"])
        for r in store.query(
            "SELECT page_index, layer FROM ocr_pages WHERE source_id = ?", (source_id,)
        )
    }


def ocr_pages(store: Store, source_id: int) -> frozenset[int]:
    """The indices of a source's pages whose text OCR read (without reading their layers)."""
    return frozenset(
        r["page_index"]
        for r in store.query("SELECT page_index FROM ocr_pages WHERE source_id = ?", (source_id,))
    )


def ocr_language(store: Store, source_id: int) -> str:
    """The languages OCR read a source's pages in ("ind+eng"); "" if none was read by OCR."""
    value = store.scalar(
        "SELECT language FROM ocr_pages WHERE source_id = ? ORDER BY page_index LIMIT 1",
        (source_id,),
    )
    return str(value) if value is not None else ""


# -- codes ---------------------------------------------------------------------------------------


def _code(row: sqlite3.Row) -> Code:
    return Code(
        id=row["id"], guid=row["guid"], parent_id=row["parent_id"], name=row["name"],
        color=row["color"], position=row["position"], definition=row["definition"],
        when_to_use=row["when_to_use"], when_not_to_use=row["when_not_to_use"],
        example=row["example"], memo=row["memo"], definition_en=row["definition_en"],
        when_to_use_en=row["when_to_use_en"], when_not_to_use_en=row["when_not_to_use_en"],
        example_en=row["example_en"],
    )  # fmt: skip


def codes(store: Store) -> list[Code]:
    """All codes, siblings by position (not yet in tree order: see ``Codes.all``)."""
    return [_code(r) for r in store.query("SELECT * FROM codes ORDER BY position, id")]


def code(store: Store, code_id: int) -> Code | None:
    rows = store.query("SELECT * FROM codes WHERE id = ?", (code_id,))
    return _code(rows[0]) if rows else None


def child_codes(store: Store, parent_id: int | None) -> list[Code]:
    """The codes directly under ``parent_id`` (None: the top level), by position."""
    return [
        _code(r)
        for r in store.query(
            "SELECT * FROM codes WHERE parent_id IS ? ORDER BY position, id", (parent_id,)
        )
    ]


def code_colors(store: Store) -> set[str]:
    return {row[0] for row in store.query("SELECT DISTINCT color FROM codes")}


def code_ids(store: Store) -> list[int]:
    return [row[0] for row in store.query("SELECT id FROM codes ORDER BY id")]


def coding_counts(store: Store) -> dict[int, tuple[int, int]]:
    """(codings, sources) of every code that has codings, without its subcodes."""
    return {
        row[0]: (int(row[1]), int(row[2]))
        for row in store.query(
            "SELECT code_id, count(*), count(DISTINCT source_id) FROM segments GROUP BY code_id"
        )
    }


def coding_count(store: Store, code_id: int) -> tuple[int, int]:
    row = store.query(
        "SELECT count(*), count(DISTINCT source_id) FROM segments WHERE code_id = ?", (code_id,)
    )[0]
    return int(row[0]), int(row[1])


# -- segments (codings) --------------------------------------------------------------------------


def _segment(row: sqlite3.Row) -> Segment:
    return Segment(
        id=row["id"], guid=row["guid"], source_id=row["source_id"], start=row["start"],
        end=row["end"], code_id=row["code_id"], memo=row["memo"], coder_id=row["coder_id"],
        created=row["created"],
    )  # fmt: skip


def segments(
    store: Store, *, source_id: int | None = None, code_id: int | None = None
) -> list[Segment]:
    """Codings, optionally of one source and/or one code, in source order."""
    where: list[str] = []
    params: list[Any] = []
    if source_id is not None:
        where.append("source_id = ?")
        params.append(source_id)
    if code_id is not None:
        where.append("code_id = ?")
        params.append(code_id)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return [
        _segment(r)
        for r in store.query(
            f'SELECT * FROM segments {clause} ORDER BY source_id, start, "end", id', params
        )
    ]


def segment(store: Store, segment_id: int) -> Segment | None:
    rows = store.query("SELECT * FROM segments WHERE id = ?", (segment_id,))
    return _segment(rows[0]) if rows else None


def coding_at(
    store: Store, source_id: int, start: int, end: int, code_id: int, coder_id: int | None = None
) -> int | None:
    """The id of the coding of exactly ``[start, end)`` of a source with a code (by the coder
    ``coder_id``, when given), if any."""
    sql = 'SELECT id FROM segments WHERE source_id = ? AND start = ? AND "end" = ? AND code_id = ?'
    params: list[int] = [source_id, start, end, code_id]
    if coder_id is not None:
        sql += " AND coder_id = ?"
        params.append(coder_id)
    found: int | None = store.scalar(sql, params)
    return found


# -- cases and their sources -------------------------------------------------------------------


def _case(row: sqlite3.Row) -> Case:
    return Case(row["id"], row["guid"], row["name"], row["description"])


def cases(store: Store) -> list[Case]:
    return [_case(r) for r in store.query("SELECT * FROM cases ORDER BY name COLLATE NOCASE, id")]


def case(store: Store, case_id: int) -> Case | None:
    rows = store.query("SELECT * FROM cases WHERE id = ?", (case_id,))
    return _case(rows[0]) if rows else None


def case_sources(store: Store, case_id: int | None = None) -> list[CaseSource]:
    clause, params = ("WHERE case_id = ?", [case_id]) if case_id is not None else ("", [])
    return [
        CaseSource(r["case_id"], r["source_id"], r["start"], r["end"])
        for r in store.query(f"SELECT * FROM case_sources {clause} ORDER BY id", params)
    ]


def case_link_exists(
    store: Store, case_id: int, source_id: int, start: int | None, end: int | None
) -> bool:
    """Whether the source, or exactly this part of it (None, None: the whole), is in the case."""
    return (
        store.scalar(
            "SELECT 1 FROM case_sources WHERE case_id = ? AND source_id = ? AND start IS ? "
            'AND "end" IS ?',
            (case_id, source_id, start, end),
        )
        is not None
    )


def case_names_by_source(store: Store) -> dict[int, list[str]]:
    """The names of the cases each source (or a part of it) belongs to, by source id."""
    names: dict[int, list[str]] = {}
    for row in store.query(
        "SELECT DISTINCT l.source_id, c.name FROM case_sources l "
        "JOIN cases c ON c.id = l.case_id ORDER BY c.name COLLATE NOCASE"
    ):
        names.setdefault(row[0], []).append(row[1])
    return names


# -- attributes and their values ---------------------------------------------------------------


def _attribute(row: sqlite3.Row) -> Attribute:
    return Attribute(
        row["id"],
        row["guid"],
        row["name"],
        AttributeType(row["type"]),
        AttributeScope(row["scope"]),
        row["description"],
    )


def attributes(store: Store, scope: AttributeScope | None = None) -> list[Attribute]:
    clause, params = ("WHERE scope = ?", [scope.value]) if scope else ("", [])
    return [
        _attribute(r) for r in store.query(f"SELECT * FROM attributes {clause} ORDER BY id", params)
    ]


def attribute(store: Store, attribute_id: int) -> Attribute | None:
    rows = store.query("SELECT * FROM attributes WHERE id = ?", (attribute_id,))
    return _attribute(rows[0]) if rows else None


def _owner_column(scope: AttributeScope) -> str:
    return "case_id" if scope is AttributeScope.CASE else "source_id"


def attribute_values(store: Store, owner_id: int, scope: AttributeScope) -> dict[str, str]:
    """An owner's (case's or source's) attribute values by attribute name, as stored text."""
    return {
        r["name"]: r["value"]
        for r in store.query(
            f"SELECT a.name, v.value FROM attribute_values v "
            f"JOIN attributes a ON a.id = v.attribute_id "
            f"WHERE v.{_owner_column(scope)} = ? ORDER BY a.id",
            (owner_id,),
        )
    }


def attribute_value_id(
    store: Store, attribute_id: int, scope: AttributeScope, owner_id: int
) -> int | None:
    """The row holding an owner's value of an attribute, if it has one."""
    found: int | None = store.scalar(
        f"SELECT id FROM attribute_values WHERE attribute_id = ? AND {_owner_column(scope)} = ?",
        (attribute_id, owner_id),
    )
    return found


# -- references ----------------------------------------------------------------------------------


def _bib_entry(row: sqlite3.Row) -> BibEntry:
    return BibEntry(
        citekey=row["citekey"],
        entry_type=row["entry_type"],
        title=row["title"],
        authors=tuple(json.loads(row["authors"])),
        year=row["year"],
        doi=row["doi"],
        fields=json.loads(row["fields"]),
        original=row["original"],
        from_pdf=bool(row["from_pdf"]),
        protected=_protected(row["protected"]),
    )


def _protected(value: str | None) -> dict[str, tuple[str, ...]] | None:
    if value is None:
        return None
    return {key: tuple(phrases) for key, phrases in json.loads(value).items()}


def bib_entries(store: Store) -> list[BibEntry]:
    return [_bib_entry(r) for r in store.query("SELECT * FROM bib_entries ORDER BY citekey")]


def bib_entry(store: Store, citekey: str) -> BibEntry | None:
    rows = store.query("SELECT * FROM bib_entries WHERE citekey = ?", (citekey,))
    return _bib_entry(rows[0]) if rows else None


def sources_citing(store: Store, citekey: str) -> list[int]:
    """The ids of the sources tied to a reference."""
    return [row[0] for row in store.query("SELECT id FROM sources WHERE bib_key = ?", (citekey,))]


def reference_usage(store: Store) -> dict[str, tuple[list[int], int]]:
    """citekey → (the ids of the sources linked to it, the codings in those sources)."""
    usage: dict[str, tuple[list[int], int]] = {}
    for citekey, source_id, codings in store.query(
        "SELECT s.bib_key, s.id, (SELECT count(*) FROM segments WHERE source_id = s.id) "
        "FROM sources AS s WHERE s.bib_key IS NOT NULL ORDER BY s.bib_key, s.id"
    ):
        ids, count = usage.get(citekey, ([], 0))
        usage[citekey] = ([*ids, source_id], count + int(codings))
    return usage


def citekeys(store: Store) -> set[str]:
    return {row[0] for row in store.query("SELECT citekey FROM bib_entries")}


# -- memos ---------------------------------------------------------------------------------------


def _memo(row: sqlite3.Row) -> Memo:
    return Memo(
        row["id"],
        row["guid"],
        row["title"],
        row["text"],
        row["created"],
        row["modified"],
        row["coder_id"],
    )


def memos(store: Store) -> list[Memo]:
    return [_memo(r) for r in store.query("SELECT * FROM memos ORDER BY created, id")]


def memo(store: Store, memo_id: int) -> Memo | None:
    rows = store.query("SELECT * FROM memos WHERE id = ?", (memo_id,))
    return _memo(rows[0]) if rows else None
