"""Faults made on purpose, for the hostile and fault tests (and bench_faults.py): files, folders
and disks that cannot be written, a disk that is full, and a Kutip command killed at a chosen
point of its work.

As root (a container, CI with sudo), a file is made immutable (``chattr +i``) and a disk is a
small ``tmpfs``, mounted for the test; otherwise a file or folder loses its write permission and
the tests that need a disk of their own are skipped (``test_disk_full.py`` also fills a project
from inside, through SQLite's page limit, which needs neither).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import kutip

ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def _run(*command: str | Path) -> bool:
    try:
        return subprocess.run(command, capture_output=True, check=False).returncode == 0
    except OSError:
        return False


@contextlib.contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """``path`` (a file or a folder) cannot be written while the block runs."""
    if ROOT:
        if not _run("chattr", "+i", path):
            pytest.skip("chattr +i is not available here")
        try:
            yield
        finally:
            _run("chattr", "-i", path)
        return
    mode = path.stat().st_mode
    path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        yield
    finally:
        path.chmod(mode)


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "4m") -> Iterator[Path]:
    """A disk of its own (a tmpfs of ``size``) mounted on ``folder`` (made), for the block."""
    folder.mkdir(parents=True, exist_ok=True)
    if not ROOT or not _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", folder):
        pytest.skip("mounting a small disk needs root")
    try:
        yield folder
    finally:
        if not _run("umount", folder):
            _run("umount", "-l", folder)


def make_read_only(disk: Path) -> None:
    """Remount the ``small_disk`` at ``disk`` read-only."""
    assert _run("mount", "-o", "remount,ro", disk), "cannot remount read-only"


def fill(disk: Path) -> Path:
    """Fill the disk holding the folder ``disk`` to the last byte; returns the filler file."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for size in (1 << 20, 4096, 1):
            with contextlib.suppress(OSError):
                while os.write(fd, b"\0" * size):
                    pass
    finally:
        os.close(fd)
    return filler


# -- a command killed at a chosen point -------------------------------------------------------

#: Run in the child: count points, die at the chosen one, run the CLI with the arguments.
_CHILD = textwrap.dedent(
    """
    import os, signal, sqlite3, sys

    kill_at = int(sys.argv[1])
    count = [0]
    tracing = bool(os.environ.get("KUTIP_FAULT_TRACE"))

    def tick(what):
        count[0] += 1
        if tracing:
            print(f"point {count[0]}: {' '.join(str(what).split())[:200]}", file=sys.stderr)
        if count[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(tick)
        return conn

    sqlite3.connect = connect
    for name in ("replace", "fsync"):
        def hooked(*args, _real=getattr(os, name), _name=name, **kwargs):
            tick(f"os.{_name}{args}")
            return _real(*args, **kwargs)
        setattr(os, name, hooked)
    from kutip.cli import main

    status = main(sys.argv[2:])
    print(f"points={count[0]}", file=sys.stderr)
    sys.exit(status)
    """
)


@dataclass(frozen=True)
class Run:
    """How a command run by ``run_killed`` ended."""

    killed: bool
    returncode: int
    #: How many points it passed, when it ran to the end (None when killed).
    points: int | None
    stderr: str


def child_env(cache: Path) -> dict[str, str]:
    """The environment of a child Kutip: this checkout's code, the given search cache."""
    app = Path(kutip.__file__).resolve().parents[1]
    return {
        "PYTHONPATH": str(app),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(cache)),
        "KUTIP_CACHE_DIR": str(cache),
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def run_killed(argv: list[str], kill_at: int, env: dict[str, str]) -> Run:
    """``kutip argv`` in a child process that kills itself (SIGKILL) at point ``kill_at``:
    the ``kill_at``-th SQL statement, file rename or fsync it makes (0: never)."""
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(kill_at), *argv],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    points = None
    for line in result.stderr.splitlines():
        if line.startswith("points="):
            points = int(line.partition("=")[2])
    return Run(result.returncode == -signal.SIGKILL, result.returncode, points, result.stderr)


def trace_points(argv: list[str], env: dict[str, str]) -> list[str]:
    """What ``kutip argv`` does at each point, in order (it must succeed): SQL statements,
    and ``os.replace(…)`` / ``os.fsync(…)`` calls."""
    run = run_killed(argv, 0, {**env, "KUTIP_FAULT_TRACE": "1"})
    assert run.returncode == 0, run.stderr[-2000:]
    return [
        line.partition(": ")[2] for line in run.stderr.splitlines() if line.startswith("point ")
    ]


def count_points(argv: list[str], env: dict[str, str]) -> int:
    """How many points ``kutip argv`` passes when nothing kills it (it must succeed)."""
    run = run_killed(argv, 0, env)
    assert run.returncode == 0 and run.points is not None, run.stderr[-2000:]
    return run.points


Rows = dict[str, tuple[tuple[str, ...], set[tuple[object, ...]]]]


def rows(path: Path) -> Rows:
    """Every table's columns and rows, read as SQLite has them (no Kutip: no lock, no upgrade)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        found: Rows = {}
        for name in names:
            cursor = conn.execute(f'SELECT * FROM "{name}"')
            found[name] = (tuple(c[0] for c in cursor.description), set(cursor.fetchall()))
        return found
    finally:
        conn.close()


def lost_rows(before: Rows, after: Rows) -> dict[str, int]:
    """How many rows of each table, committed before, are not there unchanged after (compared
    on the columns they had: an upgrade adds columns)."""
    lost: dict[str, int] = {}
    for table, (columns, old) in before.items():
        new_columns, new = after.get(table, ((), set()))
        if not set(columns) <= set(new_columns):
            lost[table] = len(old)
            continue
        picks = [new_columns.index(c) for c in columns]
        missing = len(old - {tuple(row[i] for i in picks) for row in new})
        if missing:
            lost[table] = missing
    return lost


def copy_project(source: Path, target: Path) -> Path:
    """A fresh copy of a closed project file (its companions and lock removed first)."""
    for leftover in target.parent.glob(f"*{target.name}*"):
        if leftover.is_file():
            leftover.unlink()
    shutil.copyfile(source, target)
    return target


# -- what a kill leaves ----------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a command killed at a point left behind."""

    point: int
    killed: bool
    #: Rows committed before the command that are gone or changed, by table.
    lost: dict[str, int]
    #: ``kutip check`` afterwards: its exit status and what it listed.
    check: tuple[int, str]
    #: Whether a writer could open the project right afterwards (the lock was freed).
    lock_freed: bool
    #: Whether the file the command writes (an export) is whole: absent, as before, or new.
    output_whole: bool

    @property
    def sound(self) -> bool:
        return not self.lost and self.check[0] == 0 and self.lock_freed and self.output_whole


def _check(project: Path) -> tuple[int, str]:
    from kutip.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["check", str(project)])
    return status, out.getvalue() + err.getvalue()


def _writer_can_open(project: Path) -> bool:
    from kutip.errors import ProjectLockedError
    from kutip.project import Project

    try:
        Project.open(project).close()
    except ProjectLockedError:
        return False
    return True


def kill_and_look(
    template: Path,
    project: Path,
    argv: list[str],
    point: int,
    env: dict[str, str],
    output: Path | None = None,
) -> Outcome:
    """Run ``kutip argv`` (naming ``project``) on a fresh copy of ``template``, killed at
    ``point``, and look at what it left. ``output``: the file it writes, if any, which must be
    whole afterwards (absent, or as it was, or a complete new file)."""
    copy_project(template, project)
    before = rows(project)
    old_output = output.read_bytes() if output is not None and output.exists() else None
    run = run_killed(argv, point, env)
    lost = lost_rows(before, rows(project))
    whole = True
    if output is not None and output.exists():
        data = output.read_bytes()
        whole = data == old_output or zipfile.is_zipfile(io.BytesIO(data))
    return Outcome(point, run.killed, lost, _check(project), _writer_can_open(project), whole)
