"""``kutip check`` on a damaged project lists what is wrong and exits 1 — it never raises; the
other commands say in one sentence that the file is damaged."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_testing import Answer

from kutip_testing import raw_connection

PAGE = 4096


def _page_of(path: Path, table: str) -> int:
    conn = raw_connection(path)
    try:
        page: int = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()[0]
        return page
    finally:
        conn.close()


def overwrite_page(path: Path, page: int) -> None:
    with path.open("r+b") as file:
        file.seek((page - 1) * PAGE)
        file.write(b"\xde\xad\xbe\xef" * (PAGE // 4))


def test_a_dropped_table_is_named(coded_project: Path, kutip: Callable[..., Answer]) -> None:
    conn = raw_connection(coded_project)
    conn.execute("DROP TABLE turns")
    conn.close()

    answer = kutip("check", coded_project)

    assert answer.status == 1
    assert answer.out.splitlines() == ["The table turns is missing."]
    assert answer.err == ""


def test_a_dropped_column_is_named(coded_project: Path, kutip: Callable[..., Answer]) -> None:
    conn = raw_connection(coded_project)
    conn.execute("ALTER TABLE memos DROP COLUMN modified")
    conn.close()

    answer = kutip("check", coded_project)

    assert answer.status == 1
    assert "The column modified of memos is missing." in answer.out.splitlines()


def test_an_overwritten_table_page_is_found_and_the_table_named(
    coded_project: Path, kutip: Callable[..., Answer]
) -> None:
    overwrite_page(coded_project, _page_of(coded_project, "segments"))

    answer = kutip("check", coded_project)

    assert answer.status == 1
    lines = answer.out.splitlines()
    assert "SQLite cannot read the file: database disk image is malformed" in lines
    assert "The table segments cannot be read: database disk image is malformed" in lines
    assert answer.err == ""
    # Any other command says it in one sentence, pointing at `kutip check`.
    other = kutip("segments", coded_project)
    assert other.status == 1
    assert "coded.kutip is damaged" in other.sentence()
    assert "`kutip check`" in other.sentence()


def test_an_overwritten_index_page_is_an_integrity_problem(
    coded_project: Path, kutip: Callable[..., Answer]
) -> None:
    overwrite_page(coded_project, _page_of(coded_project, "segments_by_source"))

    answer = kutip("check", coded_project)

    assert answer.status == 1
    assert any(line.startswith("SQLite ") for line in answer.out.splitlines())
    assert "Traceback" not in answer.err


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("header", "SQLite cannot read the file: file is not a database"),
        ("truncated", "SQLite cannot read the file: database disk image is malformed"),
        ("schema", "SQLite cannot read the file: malformed database schema"),
    ],
)
def test_a_file_sqlite_cannot_open_is_one_problem_line(
    coded_project: Path, kutip: Callable[..., Answer], damage: str, expected: str
) -> None:
    if damage == "header":
        with coded_project.open("r+b") as file:
            file.write(b"\0" * 100)
    elif damage == "truncated":
        with coded_project.open("r+b") as file:
            file.truncate(10 * PAGE)
    else:
        conn = raw_connection(coded_project)
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("DELETE FROM sqlite_master WHERE name = 'segments'")
        conn.close()

    answer = kutip("check", "--json", coded_project)

    assert answer.status == 1
    assert answer.err == ""
    assert '"ok": false' in answer.out
    assert expected in answer.out


def test_a_missing_record_of_migrations_is_named_not_replayed(
    coded_project: Path, kutip: Callable[..., Answer]
) -> None:
    conn = raw_connection(coded_project)
    conn.execute("DROP TABLE _sqlite_migrations")
    conn.close()

    answer = kutip("check", coded_project)

    assert answer.status == 1
    assert answer.out.splitlines() == ["The table _sqlite_migrations is missing."]


@pytest.mark.parametrize(
    "content", [b"", b"just some text\n", b"SQLite format 3\x00" + b"\1" * 200]
)
def test_files_that_are_no_project_are_one_sentence_for_every_command(
    tmp_path: Path, kutip: Callable[..., Answer], content: bytes
) -> None:
    path = tmp_path / "not.kutip"
    path.write_bytes(content)
    coding = ["--source", "1", "--start", "0", "--end", "1", "--code", "x"]
    for command, *more in (["sources"], ["code", *coding]):
        answer = kutip(command, path, *more)
        assert answer.status == 1
        assert "not.kutip" in answer.sentence()
    check = kutip("check", path)
    assert check.status == 1
    assert check.err == ""
    assert len(check.out.splitlines()) == 1
    assert path.read_bytes() == content


def test_another_sqlite_database_is_not_a_project_to_check(
    tmp_path: Path, kutip: Callable[..., Answer]
) -> None:
    path = tmp_path / "other.kutip"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (a)")
    conn.close()

    answer = kutip("check", path)

    assert answer.status == 1
    assert answer.out.splitlines() == ["The file is not marked as a Kutip project."]
