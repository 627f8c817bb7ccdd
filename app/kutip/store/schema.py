"""The project file's schema, as an ordered list of migrations.

Every migration is applied in its own transaction by ``sqlite_utils.migrations``; the number of
migrations applied is mirrored in ``PRAGMA user_version`` so that any SQLite tool (and an older
Kutip) can tell which schema a file has. A migration, once released, is never edited: a change
to the schema is a new migration, and ``tests/store/test_migrations.py`` applies each one to a
project made with the schema before it.
"""

from __future__ import annotations

import re

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "kutip"
#: Stamped in the SQLite header so a Kutip project is recognised even under another name.
APPLICATION_ID = 0x4B555450  # "KUTP"

migrations = Migrations(MIGRATION_SET)
_names: list[str] = []


def _migration(name: str):
    _names.append(name)
    return migrations(name=name)


_INITIAL_SCHEMA = """
CREATE TABLE project (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE coders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);
CREATE TABLE files (
    sha256 TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE bib_entries (
    citekey TEXT PRIMARY KEY,
    entry_type TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    authors TEXT NOT NULL DEFAULT '[]',
    year TEXT NOT NULL DEFAULT '',
    doi TEXT NOT NULL DEFAULT '',
    fields TEXT NOT NULL DEFAULT '{}',
    original TEXT NOT NULL DEFAULT ''
);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guid TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('pdf', 'text')),
    title TEXT NOT NULL,
    file_sha256 TEXT REFERENCES files (sha256),
    language TEXT,
    text TEXT NOT NULL,
    bib_key TEXT,
    memo TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL,
    imported_by INTEGER REFERENCES coders (id)
);
CREATE TABLE pages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id INTEGER NOT NULL REFERENCES sources (id),
    page_index INTEGER NOT NULL,
    label TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    UNIQUE (source_id, page_index)
);
CREATE TABLE turns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id INTEGER NOT NULL REFERENCES sources (id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    speaker TEXT NOT NULL,
    time_start REAL,
    time_end REAL
);
CREATE INDEX turns_by_source ON turns (source_id, start);
CREATE TABLE codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guid TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES codes (id),
    name TEXT NOT NULL,
    color TEXT NOT NULL,
    position INTEGER NOT NULL,
    definition TEXT NOT NULL DEFAULT '',
    when_to_use TEXT NOT NULL DEFAULT '',
    when_not_to_use TEXT NOT NULL DEFAULT '',
    example TEXT NOT NULL DEFAULT '',
    memo TEXT NOT NULL DEFAULT ''
);
CREATE INDEX codes_by_parent ON codes (parent_id, position);
CREATE TABLE segments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guid TEXT NOT NULL UNIQUE,
    source_id INTEGER NOT NULL REFERENCES sources (id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    code_id INTEGER NOT NULL REFERENCES codes (id),
    memo TEXT NOT NULL DEFAULT '',
    coder_id INTEGER REFERENCES coders (id),
    created TEXT NOT NULL,
    CHECK (start >= 0 AND "end" > start)
);
CREATE INDEX segments_by_source ON segments (source_id, start);
CREATE INDEX segments_by_code ON segments (code_id);
CREATE TABLE cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE case_sources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    source_id INTEGER NOT NULL REFERENCES sources (id),
    start INTEGER,
    "end" INTEGER,
    CHECK ((start IS NULL AND "end" IS NULL) OR (start >= 0 AND "end" > start))
);
CREATE INDEX case_sources_by_case ON case_sources (case_id);
CREATE INDEX case_sources_by_source ON case_sources (source_id);
CREATE TABLE attributes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('text', 'integer', 'float', 'boolean', 'date')),
    scope TEXT NOT NULL CHECK (scope IN ('case', 'source')),
    description TEXT NOT NULL DEFAULT '',
    UNIQUE (scope, name)
);
CREATE TABLE attribute_values (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    attribute_id INTEGER NOT NULL REFERENCES attributes (id),
    case_id INTEGER REFERENCES cases (id),
    source_id INTEGER REFERENCES sources (id),
    value TEXT NOT NULL,
    CHECK ((case_id IS NULL) <> (source_id IS NULL)),
    UNIQUE (attribute_id, case_id, source_id)
);
CREATE TABLE memos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    coder_id INTEGER REFERENCES coders (id)
)
"""


def _statements(script: str) -> list[str]:
    # executescript() would COMMIT the migration's transaction: run statement by statement.
    return [statement.strip() for statement in script.split(";") if statement.strip()]


@_migration("0001_initial")
def _initial(db: Database) -> None:
    for statement in _statements(_INITIAL_SCHEMA):
        db.execute(statement)


@_migration("0002_source_flags_metadata_page_offset")
def _source_details(db: Database) -> None:
    # flags: JSON list of problems found on import ("no-text-layer"); metadata: JSON of the
    # bibliographic facts found in the file; first_page: the user's "first page is p. N".
    db.execute("ALTER TABLE sources ADD COLUMN flags TEXT NOT NULL DEFAULT '[]'")
    db.execute("ALTER TABLE sources ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}'")
    db.execute("ALTER TABLE sources ADD COLUMN first_page INTEGER")


@_migration("0003_text_length_and_code_counts_index")
def _text_length(db: Database) -> None:
    # A source's text never changes after import: its length is stored rather than counted
    # over the whole text on every listing; codebook counts read a covering index.
    db.execute("ALTER TABLE sources ADD COLUMN text_length INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE sources SET text_length = length(text)")
    db.execute("DROP INDEX segments_by_code")
    db.execute("CREATE INDEX segments_by_code ON segments (code_id, source_id)")


@_migration("0004_edit_log")
def _edit_log(db: Database) -> None:
    # The project's undo history (kutip.store.edit_log): each committed edit with the rows it
    # changed, so `kutip undo` takes back the step the window's Ctrl+Z would, also after the
    # window is closed. Bookkeeping, not project content: edits never record it.
    db.execute(
        "CREATE TABLE edit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT NOT NULL, "
        "changes TEXT, is_undo INTEGER NOT NULL DEFAULT 0, undoes INTEGER, "
        "undone INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL)"
    )


@_migration("0005_page_furniture_and_references_from_pdf")
def _furniture_and_pdf_references(db: Database) -> None:
    # pages.furniture: JSON list of the boxes [x0, y0, x1, y1] of the running heads, feet and
    # folios left out of the page's text, so the PDF view rebuilds the same text; bib_entries.
    # from_pdf: 1 for a reference made from what a PDF says about itself (to be checked, and
    # replaced when a bibliography brings the same work).
    db.execute("ALTER TABLE pages ADD COLUMN furniture TEXT NOT NULL DEFAULT '[]'")
    db.execute("ALTER TABLE bib_entries ADD COLUMN from_pdf INTEGER NOT NULL DEFAULT 0")


@_migration("0006_bib_entries_protected_phrases")
def _protected_phrases(db: Database) -> None:
    # JSON {field: [phrase, …]}: the words of a reference's titles whose capitals styles keep
    # (the BibTeX braces). NULL for references read before it was recorded: those are read
    # from the entry's original text.
    db.execute("ALTER TABLE bib_entries ADD COLUMN protected TEXT")


#: Colours given to the coders a project already has when it gains coder colours (0007): the
#: same order as ``kutip.project.base.CODER_COLORS`` gives new coders.
_FIRST_CODER_COLORS = (
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
)  # fmt: skip


@_migration("0007_coder_colour_and_last_used")
def _coder_details(db: Database) -> None:
    # Each coder gets a colour (stripes side by side, the agreement view); last_used is when the
    # name was last chosen to code with (``--coder``, the window's setting): without one, the
    # coder chosen last codes again.
    db.execute("ALTER TABLE coders ADD COLUMN color TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE coders ADD COLUMN last_used TEXT")
    ids = [row[0] for row in db.execute("SELECT id FROM coders ORDER BY id").fetchall()]
    for number, coder_id in enumerate(ids):
        color = _FIRST_CODER_COLORS[number % len(_FIRST_CODER_COLORS)]
        db.execute("UPDATE coders SET color = ? WHERE id = ?", (color, coder_id))


@_migration("0008_ocr_layers_of_scanned_pages")
def _ocr_pages(db: Database) -> None:
    # What OCR read on a scanned page (kutip.ingest.pdf.ocr: every character with its box, zlib'd
    # JSON), in which languages: the page's text and its boxes are made from it, on import and
    # whenever the page is shown or exported. Sources with such pages carry the "ocr" flag.
    db.execute(
        "CREATE TABLE ocr_pages ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " source_id INTEGER NOT NULL REFERENCES sources (id),"
        " page_index INTEGER NOT NULL,"
        " language TEXT NOT NULL,"
        " layer BLOB NOT NULL,"
        " UNIQUE (source_id, page_index))"
    )


#: The codes of the default codebook as shipped up to 0009, each text Indonesian, a blank line,
#: then "EN: " and the English (frozen here: the shipped file changes, this migration never).
_BILINGUAL_DEFAULT_CODES = (
    "Aksesibilitas", "Teknologi", "Konten", "Kredibilitas", "Kampanye Politik",
    "Interaksi Sosial", "Konteks Sosial dan Politik", "Regulasi dan Kebijakan",
    "Pendidikan dan Kesadaran Politik", "Persepsi tentang Dampak",
)  # fmt: skip
_CODE_TEXTS = ("definition", "when_to_use", "when_not_to_use", "example")
_BILINGUAL = re.compile(r"(?P<id>\S.*?)\n[ \t]*\n[ \t]*EN:[ \t]*(?P<en>\S.*)", re.DOTALL)


@_migration("0009_code_texts_in_english")
def _code_texts_in_english(db: Database) -> None:
    # A code's four texts get an English field beside the Indonesian one, so a report prints
    # its own language only. Texts of the default codebook's codes written both ways in one
    # field (as the codebook shipped them) are split; any other text stays as it is.
    for name in _CODE_TEXTS:
        db.execute(f"ALTER TABLE codes ADD COLUMN {name}_en TEXT NOT NULL DEFAULT ''")
    marks = ", ".join("?" for _name in _BILINGUAL_DEFAULT_CODES)
    rows = db.execute(
        f"SELECT id, {', '.join(_CODE_TEXTS)} FROM codes WHERE name IN ({marks})",
        _BILINGUAL_DEFAULT_CODES,
    ).fetchall()
    for code_id, *texts in rows:
        for name, text in zip(_CODE_TEXTS, texts, strict=True):
            found = _BILINGUAL.fullmatch(text.strip())
            if found is None or "\nEN:" in found["id"]:  # one language, or not the shipped way
                continue
            db.execute(
                f"UPDATE codes SET {name} = ?, {name}_en = ? WHERE id = ?",
                (found["id"].rstrip(), found["en"].rstrip(), code_id),
            )


@_migration("0010_source_text_rules")
def _text_rules(db: Database) -> None:
    # The rules a PDF source's text was read by (kutip.model.TEXT_RULES): codings count in that
    # text, so the PDF view and the exports read its pages again by the same rules. Sources
    # already stored were read by rules 1 (before spacing accents were composed with letters).
    db.execute("ALTER TABLE sources ADD COLUMN text_rules INTEGER NOT NULL DEFAULT 1")


def known_migrations() -> list[str]:
    """Names of the migrations this Kutip knows, oldest first."""
    return list(_names)


SCHEMA_VERSION = len(known_migrations())

#: Each table's key column, used by the change recorder; every table has a single-column key.
TABLE_KEYS: dict[str, str] = {
    "project": "key",
    "coders": "id",
    "files": "sha256",
    "bib_entries": "citekey",
    "sources": "id",
    "pages": "id",
    "ocr_pages": "id",
    "turns": "id",
    "codes": "id",
    "segments": "id",
    "cases": "id",
    "case_sources": "id",
    "attributes": "id",
    "attribute_values": "id",
    "memos": "id",
}
