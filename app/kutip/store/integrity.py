"""``kutip check``: everything that must hold in a project file, as a list of problems."""

from __future__ import annotations

import hashlib

from kutip.i18n import _
from kutip.store.database import Store
from kutip.store.schema import SCHEMA_VERSION, known_migrations


def find_problems(store: Store) -> list[str]:
    """Problems found in the project file; an empty list means it is sound."""
    problems: list[str] = []
    integrity = [row[0] for row in store.query("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems += [_("SQLite integrity: {detail}").format(detail=d) for d in integrity]
    for row in store.query("PRAGMA foreign_key_check"):
        problems.append(
            _("{table} row {rowid} refers to a missing row in {parent}.").format(
                table=row[0], rowid=row[1], parent=row[2]
            )
        )
    version = store.scalar("PRAGMA user_version")
    if version != SCHEMA_VERSION or store.applied_migrations() != known_migrations():
        problems.append(
            _("Schema version is {found}, expected {expected}.").format(
                found=version, expected=SCHEMA_VERSION
            )
        )
    for table in ("segments", "pages", "turns", "case_sources"):
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
    for row in store.query("SELECT id FROM sources WHERE text_length != length(text)"):
        problems.append(
            _("The stored length of source {id} does not match its text.").format(id=row[0])
        )
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
    problems += _code_tree_problems(store)
    return problems


def _code_tree_problems(store: Store) -> list[str]:
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
