"""Helpers for the core tests: drafts of sources and the project file's full contents."""

from __future__ import annotations

import json
import resource
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import kutip
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
    """Every row of every project table (SQLite's and the undo history's bookkeeping aside),
    in a stable order."""
    tables = [
        row[0]
        for row in project.store.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name NOT IN ('_sqlite_migrations', 'edit_log') "
            "ORDER BY name"
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


#: Limits of a child process running a hostile input: far above what a sane read needs (a few
#: hundred MB, a few seconds), far below what the inputs took before they were defused (24 GB;
#: minutes to forever), so a regression fails its test instead of stopping the suite.
CHILD_MEMORY = 2 * 1024**3
CHILD_CPU_SECONDS = 60


def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CHILD_CPU_SECONDS, CHILD_CPU_SECONDS))


def run_limited(script: str, *args: object) -> dict[str, object]:
    """The JSON that ``script`` prints, run in a child process under the limits above (its
    ``sys.argv[1:]`` are ``args``); fails the test if the child dies or exits with an error."""
    app = Path(kutip.__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *map(str, args)],
        capture_output=True,
        text=True,
        preexec_fn=_limit_child,
        env={"PYTHONPATH": str(app), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    answer: dict[str, object] = json.loads(result.stdout)
    return answer
