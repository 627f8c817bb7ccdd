"""Each migration applies to a project made with the schema before it, keeping its data."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from kutip.ingest.codebook import DEFAULT_CODEBOOK, load_codebook
from kutip.model import FIRST_TEXT_RULES, TEXT_RULES
from kutip.project import Project
from kutip.store.integrity import find_problems
from kutip.store.schema import SCHEMA_VERSION, known_migrations, migrations
from kutip_testing import raw_connection


def _project_at(path: Path, stop_before: str | None) -> None:
    """A project file whose schema stops before the named migration (None: all applied)."""
    conn = raw_connection(path)
    db = Database(conn)
    migrations.apply(db, stop_before=stop_before)
    conn.execute("PRAGMA application_id = 1263883344")
    conn.execute(f"PRAGMA user_version = {len(migrations.applied(db))}")
    conn.close()


@pytest.mark.parametrize("migration", known_migrations())
def test_each_migration_applies_from_the_schema_before_it(tmp_path: Path, migration: str) -> None:
    path = tmp_path / "old.kutip"
    _project_at(path, stop_before=migration)
    with Project.open(path) as project:
        assert project.store.applied_migrations() == known_migrations()
        assert project.store.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert find_problems(project.store) == []
    index = known_migrations().index(migration)
    # The file as it was before migrating is kept beside it.
    assert (tmp_path / f"old.kutip.schema-{index}.bak").is_file()


def test_an_up_to_date_project_is_not_backed_up_again(tmp_path: Path) -> None:
    path = tmp_path / "new.kutip"
    Project.create(path).close()
    Project.open(path).close()
    assert not list(tmp_path.glob("*.bak"))


def test_0003_stores_the_length_of_existing_sources(tmp_path: Path) -> None:
    path = tmp_path / "old.kutip"
    _project_at(path, stop_before="0003_text_length_and_code_counts_index")
    conn = raw_connection(path)
    conn.execute(
        "INSERT INTO sources (guid, kind, title, text, imported_at) "
        "VALUES ('g', 'text', 'Lama', 'Kata 🔥 café', '2024-02-14')"
    )
    conn.close()
    with Project.open(path) as project:
        assert project.sources.all()[0].text_length == len("Kata 🔥 café")
        assert find_problems(project.store) == []


def test_0007_gives_existing_coders_colours_apart(tmp_path: Path) -> None:
    path = tmp_path / "old.kutip"
    _project_at(path, stop_before="0007_coder_colour_and_last_used")
    conn = raw_connection(path)
    for name in ("Alice", "Bob"):
        conn.execute("INSERT INTO coders (guid, name) VALUES (?, ?)", (f"g-{name}", name))
    conn.close()
    with Project.open(path, coder="Alice") as project:
        colors = {c.name: c.color for c in project.coders.all()}
        assert colors["Alice"] != colors["Bob"] and all(colors.values())
        assert find_problems(project.store) == []


def test_0009_splits_the_default_codebooks_bilingual_texts_and_leaves_others_alone(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.kutip"
    _project_at(path, stop_before="0009_code_texts_in_english")
    book = load_codebook(DEFAULT_CODEBOOK)
    fields = ("definition", "when_to_use", "when_not_to_use", "example")
    conn = raw_connection(path)
    for position, entry in enumerate(book.codes):  # as the codebook shipped them, both ways
        texts = [f"{getattr(entry, f)}\n\nEN: {getattr(entry, f + '_en')}" for f in fields]
        conn.execute(
            "INSERT INTO codes (guid, name, color, position, definition, when_to_use, "
            "when_not_to_use, example) VALUES (?, ?, '#1f77b4', ?, ?, ?, ?, ?)",
            (f"g{position}", entry.name, position, *texts),
        )
    conn.execute(  # the user's own code, written both ways in one text: theirs to keep
        "INSERT INTO codes (guid, name, color, position, definition) "
        "VALUES ('mine', 'Kode saya', '#ff7f0e', 10, 'Satu.\n\nEN: One.')"
    )
    conn.execute("UPDATE codes SET definition = 'Definisi saya.' WHERE name = 'Konten'")
    conn.close()
    with Project.open(path) as project:
        codes = {code.name: code for code in project.codes.all()}
        for entry in book.codes:
            code = codes[entry.name]
            for field in fields:
                if (entry.name, field) == ("Konten", "definition"):
                    continue
                assert getattr(code, field) == getattr(entry, field)
                assert getattr(code, f"{field}_en") == getattr(entry, f"{field}_en")
                assert "EN:" not in getattr(code, field)
        assert (codes["Konten"].definition, codes["Konten"].definition_en) == ("Definisi saya.", "")
        mine = codes["Kode saya"]
        assert (mine.definition, mine.definition_en) == ("Satu.\n\nEN: One.", "")
        assert find_problems(project.store) == []


def test_0010_marks_existing_sources_as_read_by_the_first_text_rules(tmp_path: Path) -> None:
    path = tmp_path / "old.kutip"
    _project_at(path, stop_before="0010_source_text_rules")
    conn = raw_connection(path)
    conn.execute(
        "INSERT INTO sources (guid, kind, title, text, imported_at, text_length) "
        "VALUES ('g', 'pdf', 'Lama', 'Hans-Bernhard Br¨oker', '2024-02-14', 21)"
    )
    conn.close()
    with Project.open(path) as project:
        (source,) = project.sources.all()
        # Its text was read before accents were composed: the PDF view reads it so again.
        assert source.text_rules == FIRST_TEXT_RULES != TEXT_RULES
        assert project.sources.text(source.id) == "Hans-Bernhard Br¨oker"
        assert find_problems(project.store) == []
