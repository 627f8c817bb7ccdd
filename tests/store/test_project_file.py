"""The project file: one SQLite file, locked while open, refusing what it cannot safely open."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kutip.errors import NewerProjectError, NotAProjectError, ProjectError, ProjectLockedError
from kutip.project import Project
from kutip.store.schema import APPLICATION_ID, SCHEMA_VERSION
from kutip_testing import raw_connection, text_draft


def test_a_new_project_is_one_file_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "pemilu2024.kutip"
    with Project.create(path) as project:
        assert project.store.scalar("PRAGMA journal_mode") == "wal"
        assert project.store.scalar("PRAGMA foreign_keys") == 1
        assert project.name == "pemilu2024"
        assert len(project.guid) == 36
    conn = raw_connection(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    # After closing, the write-ahead log is folded back: the project is the one file.
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "pemilu2024.kutip"
    ]


def test_the_original_bytes_are_kept_once(project: Project) -> None:
    project.sources.add(text_draft("sama", title="a"))
    project.sources.add(text_draft("sama", title="b"))
    assert project.store.scalar("SELECT count(*) FROM files") == 1
    source = project.sources.all()[0]
    assert project.sources.file(source.id) == b"sama"


def test_creating_over_an_existing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.kutip"
    path.write_bytes(b"precious")
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(path)
    assert path.read_bytes() == b"precious"


def test_opening_a_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match=r"nothing\.kutip does not exist"):
        Project.open(tmp_path / "nothing.kutip")


@pytest.mark.parametrize(
    "content", [b"", b"%PDF-1.7 not a database at all" * 100], ids=["empty", "pdf"]
)
def test_a_file_that_is_not_a_project_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.kutip"
    path.write_bytes(content)
    with pytest.raises(NotAProjectError, match=r"notes\.kutip"):
        Project.open(path)
    assert path.read_bytes() == content


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.kutip"
    conn = raw_connection(path)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(NotAProjectError, match="not a Kutip project"):
        Project.open(path)


def test_a_project_from_a_newer_kutip_is_refused_and_not_changed(tmp_path: Path) -> None:
    path = tmp_path / "future.kutip"
    Project.create(path).close()
    conn = raw_connection(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('kutip', '0099_from_the_future', 'later')"
    )
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerProjectError, match="newer version of Kutip"):
        Project.open(path)
    assert path.read_bytes() == before


def _hold_open_in_another_process(path: Path) -> subprocess.Popen[str]:
    script = textwrap.dedent(
        f"""
        import sys
        from kutip.project import Project
        project = Project.open({str(path)!r})
        print("open", flush=True)
        sys.stdin.read()
        """
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "open"
    return holder


def test_a_project_open_in_another_process_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "shared.kutip"
    Project.create(path).close()
    holder = _hold_open_in_another_process(path)
    try:
        with pytest.raises(ProjectLockedError, match=r"shared\.kutip is already open"):
            Project.open(path)
    finally:
        holder.communicate("")
    Project.open(path).close()  # released when the other process closed it


def test_a_killed_process_does_not_leave_the_project_locked(tmp_path: Path) -> None:
    path = tmp_path / "crash.kutip"
    Project.create(path).close()
    holder = _hold_open_in_another_process(path)
    holder.kill()
    holder.wait()
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.close()
    holder.stdout.close()
    Project.open(path).close()
