"""``kutip check``: everything that must hold in a project file, as a list of problems.

The check never raises on a damaged file: what SQLite cannot read is itself a problem on the
list, and each later check runs only on the tables that are there.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from kutip.errors import NewerProjectError, ProjectError
from kutip.i18n import _
from kutip.store.database import Store
from kutip.store.schema import APPLICATION_ID, SCHEMA_VERSION, known_migrations, migrations

#: What ``find_problems`` looks at: the tables the data checks read.
_RANGE_TABLES = ("segments", "pages", "turns", "case_sources")


def check_file(path: Path) -> list[str]:
    """The problems of the project file at ``path``, opened for reading (upgraded first if it
    is older and can be written, as any command would); a file too damaged to open is read as
    it is, to say what is wrong."""
    try:
        store = Store(path, create=False, read_only=True)
    except NewerProjectError:
        raise
    except ProjectError:
        if not path.is_file():
            raise
        store = Store.inspect(path)
    with store:
        return find_problems(store)


def find_problems(store: Store) -> list[str]:
    """Problems found in the project file; an empty list means it is sound."""
    problems: list[str] = []

    def run(check: Callable[[], list[str]]) -> None:
        try:
            found = check()
        except (sqlite3.DatabaseError, ProjectError) as error:
            found = [_("SQLite cannot read the file: {reason}").format(reason=_reason(error))]
        problems.extend(p for p in found if p not in problems)

    run(lambda: _sqlite_problems(store))
    if problems and not _readable(store):
        return problems  # not a database at all, or its schema cannot be read: nothing more
    tables: dict[str, set[str]] = {}
    run(lambda: _schema_problems(store, tables))
    if problems:
        run(lambda: _unreadable_tables(store, tables))
    for check in (
        lambda: _range_problems(store, tables),
        lambda: _length_problems(store, tables),
        lambda: _file_problems(store, tables),
        lambda: _code_tree_problems(store, tables),
    ):
        run(check)
    return problems


def _reason(error: BaseException) -> str:
    """What SQLite said, under the store's own wording of it."""
    return str(error.__cause__ if isinstance(error.__cause__, sqlite3.Error) else error)


def _readable(store: Store) -> bool:
    try:
        store.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        return False
    return True


def _unreadable_tables(store: Store, tables: dict[str, set[str]]) -> list[str]:
    """The tables SQLite cannot read to the end (on a damaged file)."""
    problems = []
    for table in sorted(tables):
        try:
            for _row in store.conn.execute(f'SELECT * FROM "{table}"'):
                pass
        except sqlite3.DatabaseError as error:
            problems.append(
                _("The table {table} cannot be read: {reason}").format(table=table, reason=error)
            )
    return problems


def _sqlite_problems(store: Store) -> list[str]:
    problems = []
    integrity = [row[0] for row in store.query("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems += [_("SQLite integrity: {detail}").format(detail=d) for d in integrity]
    for row in store.query("PRAGMA foreign_key_check"):
        problems.append(
            _("{table} row {rowid} refers to a missing row in {parent}.").format(
                table=row[0], rowid=row[1], parent=row[2]
            )
        )
    return problems


def expected_tables() -> dict[str, set[str]]:
    """Each table of this Kutip's schema and its columns, from an empty project in memory."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrations.apply(Database(conn))
        return _tables(conn.execute)
    finally:
        conn.close()


def _tables(execute: Callable[..., sqlite3.Cursor]) -> dict[str, set[str]]:
    names = [
        row[0]
        for row in execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {name: {row[1] for row in execute(f'PRAGMA table_info("{name}")')} for name in names}


def _schema_problems(store: Store, found: dict[str, set[str]]) -> list[str]:
    problems = []
    found.update(_tables(lambda sql: store.conn.execute(sql)))
    expected = expected_tables()
    if store.scalar("PRAGMA application_id") != APPLICATION_ID:
        problems.append(_("The file is not marked as a Kutip project."))
        if not set(expected) & set(found):
            return problems  # no table of a project either: another file altogether
    for table, columns in expected.items():
        if table not in found:
            problems.append(_("The table {table} is missing.").format(table=table))
            continue
        for column in sorted(columns - found[table]):
            problems.append(
                _("The column {column} of {table} is missing.").format(column=column, table=table)
            )
    version = store.scalar("PRAGMA user_version")
    if version != SCHEMA_VERSION:
        problems.append(
            _("Schema version is {found}, expected {expected}.").format(
                found=version, expected=SCHEMA_VERSION
            )
        )
    elif "_sqlite_migrations" in found and store.applied_migrations() != known_migrations():
        problems.append(
            _("The record of applied migrations does not match schema {version}.").format(
                version=SCHEMA_VERSION
            )
        )
    return problems


def _has(tables: dict[str, set[str]], table: str, *columns: str) -> bool:
    return table in tables and set(columns) <= tables[table]


def _range_problems(store: Store, tables: dict[str, set[str]]) -> list[str]:
    problems = []
    for table in _RANGE_TABLES:
        if not (_has(tables, table, "source_id", "start", "end") and _has(tables, "sources")):
            continue
        for row in store.query(
            f'SELECT t.id, t.source_id, t.start, t."end", length(s.text) FROM {table} t '
            f"JOIN sources s ON s.id = t.source_id "
            f'WHERE t.start < 0 OR t."end" > length(s.text) OR t.start > t."end"'
        ):
            problems.append(
                _(
                    "{table} {id} ({start}–{end}) lies outside the text of source {source} "
                    "(length {length})."
                ).format(
                    table=table, id=row[0], source=row[1], start=row[2], end=row[3], length=row[4]
                )
            )
    return problems


def _length_problems(store: Store, tables: dict[str, set[str]]) -> list[str]:
    if not _has(tables, "sources", "text_length", "text"):
        return []
    return [
        _("The stored length of source {id} does not match its text.").format(id=row[0])
        for row in store.query("SELECT id FROM sources WHERE text_length != length(text)")
    ]


def _file_problems(store: Store, tables: dict[str, set[str]]) -> list[str]:
    if not (_has(tables, "sources", "file_sha256") and _has(tables, "files", "sha256", "data")):
        return []
    problems = []
    for row in store.query(
        "SELECT s.id, s.file_sha256 FROM sources s LEFT JOIN files f ON f.sha256 = s.file_sha256 "
        "WHERE s.file_sha256 IS NOT NULL AND f.sha256 IS NULL"
    ):
        problems.append(_("The original file of source {id} is missing.").format(id=row[0]))
    for row in store.query("SELECT sha256, data, size FROM files"):
        if hashlib.sha256(row[1]).hexdigest() != row[0] or len(row[1]) != row[2]:
            problems.append(
                _("The stored file {sha} is damaged (its content does not match).").format(
                    sha=row[0][:12]
                )
            )
    return problems


def _code_tree_problems(store: Store, tables: dict[str, set[str]]) -> list[str]:
    if not _has(tables, "codes", "id", "parent_id"):
        return []
    parents = {row[0]: row[1] for row in store.query("SELECT id, parent_id FROM codes")}
    problems = []
    for code_id in parents:
        seen = {code_id}
        current = parents.get(code_id)
        while current is not None:
            if current in seen:
                problems.append(_("Code {id} is inside a loop of parent codes.").format(id=code_id))
                break
            seen.add(current)
            current = parents.get(current)
    return problems
