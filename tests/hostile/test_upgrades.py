"""An upgrade killed at any point leaves the old schema (upgraded next time) or the new one,
never a file that ``kutip check`` fails on forever; every row is kept either way."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_testing import Answer
from sqlite_utils import Database

from fault_testing import (
    child_env,
    copy_project,
    lost_rows,
    rows,
    run_killed,
    trace_points,
    unwritable,
)
from kutip.store.schema import APPLICATION_ID, SCHEMA_VERSION, known_migrations, migrations
from kutip_testing import raw_connection

LAST = known_migrations()[-1]
#: The first word of the statements that change a schema.
_CHANGES = {"CREATE", "ALTER", "DROP", "UPDATE", "INSERT"}


def old_project(path: Path) -> Path:
    """A project with the schema before the last migration, holding a source and a coding."""
    conn = raw_connection(path)
    db = Database(conn)
    migrations.apply(db, stop_before=LAST)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.execute(
        "INSERT INTO sources (guid, kind, title, text, imported_at) "
        "VALUES ('g1', 'text', 'Wawancara', 'Kata demi kata tentang hoaks.', '2024-02-14')"
    )
    conn.execute(
        "INSERT INTO codes (guid, name, color, position) VALUES ('c1', 'Konten', '#2ca02c', 0)"
    )
    conn.execute(
        'INSERT INTO segments (guid, source_id, start, "end", code_id, created) '
        "VALUES ('s1', 1, 0, 4, 1, '2024-02-14')"
    )
    columns = [row[1] for row in conn.execute("PRAGMA table_info(sources)")]
    if "text_length" in columns:  # the migration that adds it has run
        conn.execute("UPDATE sources SET text_length = length(text)")
    conn.close()
    return path


def schema_state(path: Path) -> tuple[int, list[str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
        return version, names
    finally:
        conn.close()


def kill_points(trace: list[str]) -> dict[str, int]:
    """Where in an upgrade to kill it: the points (1-based) of the steps that matter."""

    def first(test: Callable[[str], bool], after: int = 0) -> int:
        return next(i for i, what in enumerate(trace, 1) if i > after and test(what))

    backup = first(lambda s: s.startswith("os.replace(") and ".bak" in s)
    version = first(lambda s: s == f"PRAGMA user_version = {SCHEMA_VERSION}")
    commit = first(lambda s: s == "COMMIT", after=version)
    return {
        "backup written": backup,
        "migration begun": first(lambda s: s.split()[0] in _CHANGES, after=backup),
        "user_version set": version,
        "at the commit": commit,
        "right after the commit": commit + 1,
    }


def test_an_upgrade_killed_anywhere_is_old_or_new_and_heals(
    tmp_path: Path, kutip: Callable[..., Answer], cache_dir: Path
) -> None:
    template = old_project(tmp_path / "template.kutip")
    path = tmp_path / "old.kutip"
    env = child_env(cache_dir)
    copy_project(template, path)
    points = kill_points(trace_points(["sources", str(path)], env))
    before = rows(template)
    states = {}
    for moment, point in points.items():
        copy_project(template, path)

        killed = run_killed(["sources", str(path)], point, env)

        assert killed.killed, moment
        version, applied = schema_state(path)
        assert applied == known_migrations()[:version], moment  # consistent, old or new
        states[moment] = version
        assert lost_rows(before, rows(path)) == {}, moment
        # The next command upgrades it (or finds it done), and the lock was freed.
        assert kutip("check", path).status == 0, moment
        assert schema_state(path) == (SCHEMA_VERSION, known_migrations())
        coding = ["--source", "1", "--start", "5", "--end", "9", "--code", "Konten"]
        assert kutip("code", path, *coding).status == 0
    assert states == {
        "backup written": SCHEMA_VERSION - 1,
        "migration begun": SCHEMA_VERSION - 1,
        "user_version set": SCHEMA_VERSION - 1,
        "at the commit": SCHEMA_VERSION - 1,
        "right after the commit": SCHEMA_VERSION,
    }


def test_a_file_left_behind_by_an_older_kutips_killed_upgrade_heals(
    tmp_path: Path, kutip: Callable[..., Answer]
) -> None:
    # Older Kutips set user_version after the migrations' commit: killed between the two,
    # every migration is recorded but user_version says the schema before.
    path = tmp_path / "stuck.kutip"
    conn = raw_connection(path)
    migrations.apply(Database(conn))
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()

    answer = kutip("check", path)

    assert answer.status == 0, answer.out
    assert schema_state(path) == (SCHEMA_VERSION, known_migrations())


def test_a_backup_cut_short_does_not_stop_the_next_upgrade(
    tmp_path: Path, kutip: Callable[..., Answer]
) -> None:
    path = old_project(tmp_path / "old.kutip")
    partial = tmp_path / f".old.kutip.schema-{SCHEMA_VERSION - 1}.bak.partial"
    partial.write_bytes(b"half a backup")

    assert kutip("check", path).status == 0

    assert not partial.exists()
    backup = tmp_path / f"old.kutip.schema-{SCHEMA_VERSION - 1}.bak"
    assert schema_state(backup) == (SCHEMA_VERSION - 1, known_migrations()[:-1])


@pytest.mark.parametrize("reader", ["sources", "check"])
def test_an_older_project_that_cannot_be_written_is_read_or_named(
    tmp_path: Path, kutip: Callable[..., Answer], reader: str
) -> None:
    path = old_project(tmp_path / "old.kutip")
    with unwritable(path):
        answer = kutip(reader, path)
    assert answer.status == 1
    if reader == "check":
        assert f"Schema version is {SCHEMA_VERSION - 1}, expected {SCHEMA_VERSION}." in answer.out
    else:
        assert answer.sentence().startswith(
            "kutip: old.kutip has an older schema that this Kutip must upgrade before reading "
            "it, and cannot now: This project is read-only: "
        )
    assert schema_state(path) == (SCHEMA_VERSION - 1, known_migrations()[:-1])
