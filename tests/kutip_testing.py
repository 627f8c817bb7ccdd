"""Helpers for the core tests: drafts of sources and the project file's full contents."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kutip.ingest.drafts import SourceDraft
from kutip.model import SourceKind
from kutip.project import Project

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def text_draft(text: str, title: str = "interview", name: str | None = None) -> SourceDraft:
    data = text.encode("utf-8")
    return SourceDraft(
        title=title,
        text=text,
        kind=SourceKind.TEXT,
        file_name=name or f"{title}.txt",
        mime="text/plain",
        data=data,
    )


def dump_tables(project: Project) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every project table (SQLite's own bookkeeping aside), in a stable order."""
    tables = [
        row[0]
        for row in project.store.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name != '_sqlite_migrations' ORDER BY name"
        )
    ]
    return {
        table: sorted(
            (tuple(row) for row in project.store.query(f'SELECT * FROM "{table}"')), key=repr
        )
        for table in tables
    }


def raw_connection(path: Path) -> sqlite3.Connection:
    """A plain SQLite connection, for tests that look at or damage the file from outside."""
    return sqlite3.connect(path, isolation_level=None)
