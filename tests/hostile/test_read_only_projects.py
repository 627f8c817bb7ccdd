"""Projects Kutip may read but not write: one another Kutip has open for changes, a read-only or
immutable file, a read-only folder or disk. Reading commands work; writing ones say "This
project is read-only" (or name the writer holding it) in one sentence, and the file is
unchanged."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_testing import Answer

from fault_testing import make_read_only, small_disk, unwritable
from kutip.project import Project

#: The reading commands, with their arguments after the project (the export's file: {out}).
READERS = [
    ["sources"],
    ["show", "1"],
    ["segments", "--json"],
    ["codes"],
    ["references"],
    ["search", "hoaks"],
    ["autocode", "hoaks", "--code", "Konten", "--dry-run"],
    ["export", "--format", "md", "-o", "{out}"],
    ["check"],
]
#: The writing commands.
WRITERS = [
    ["code", "--source", "1", "--start", "40", "--end", "60", "--code", "Konten"],
    ["source", "1", "--title", "Baru"],
    ["autocode", "hoaks", "--code", "Konten"],
    ["import", "{doc}"],
]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_all(
    kutip: Callable[..., Answer], project: Path, commands: list[list[str]], folder: Path
) -> list[Answer]:
    document = folder / "baru.txt"
    if not document.exists():
        document.write_text("Dokumen baru tentang hoaks.", encoding="utf-8")
    answers = []
    for command in commands:
        arguments = [
            a.format(out=folder / "out.md", doc=document) if "{" in a else a for a in command
        ]
        answers.append(kutip(arguments[0], project, *arguments[1:]))
    return answers


def assert_readers_work(answers: list[Answer]) -> None:
    for command, answer in zip(READERS, answers, strict=True):
        assert answer.status == 0, (command, answer.err)
        assert "Traceback" not in answer.err


def test_readers_work_beside_a_writer_and_see_what_it_commits(
    coded_project: Path, kutip: Callable[..., Answer], tmp_path: Path
) -> None:
    with Project.open(coded_project) as holder:
        konten = holder.codes.find("Konten").id
        new_coding = holder.codings.apply(1, 100, 120, konten, memo="dari jendela").value

        assert_readers_work(run_all(kutip, coded_project, READERS, tmp_path))
        listed = kutip("segments", coded_project, "--json")
        assert '"memo": "dari jendela"' in listed.out
        # The writer goes on undisturbed.
        holder.codings.remove(new_coding)
    assert '"memo": "dari jendela"' not in kutip("segments", coded_project, "--json").out
    # Nobody holds it now: the project is one file again.
    assert not coded_project.with_name(coded_project.name + "-wal").exists()


def test_a_second_writer_is_refused_with_the_holder_named(
    coded_project: Path, kutip: Callable[..., Answer], tmp_path: Path
) -> None:
    with Project.open(coded_project) as holder:
        before = {s.id: s.title for s in holder.sources.all()}
        for answer in run_all(kutip, coded_project, WRITERS, tmp_path):
            assert answer.status == 1
            sentence = answer.sentence()
            assert sentence.startswith("kutip: coded.kutip is already open for changes in ")
            assert f"(process {os.getpid()} of " in sentence
        assert {s.id: s.title for s in holder.sources.all()} == before
        assert len(holder.codings.all()) == 2


def test_reading_a_closed_project_leaves_its_file_as_it_was(
    coded_project: Path, kutip: Callable[..., Answer], tmp_path: Path
) -> None:
    before = digest(coded_project)

    assert_readers_work(run_all(kutip, coded_project, READERS, tmp_path))

    assert digest(coded_project) == before
    leftovers = {p.name for p in coded_project.parent.iterdir() if "coded.kutip" in p.name}
    assert leftovers == {"coded.kutip", ".coded.kutip.lock"}


def assert_read_only(project: Path, kutip: Callable[..., Answer], folder: Path) -> None:
    before = digest(project)
    assert_readers_work(run_all(kutip, project, READERS, folder))
    for answer in run_all(kutip, project, WRITERS, folder):
        assert answer.status == 1
        assert answer.sentence().startswith("kutip: This project is read-only: ")
    assert digest(project) == before


def test_an_unwritable_project_file_is_read_only(
    coded_project: Path, kutip: Callable[..., Answer], tmp_path: Path
) -> None:
    with unwritable(coded_project):
        assert_read_only(coded_project, kutip, tmp_path)
        sentence = kutip("code", coded_project, *WRITERS[0][1:]).sentence()
        assert str(coded_project) in sentence
    assert kutip("code", coded_project, *WRITERS[0][1:]).status == 0


def test_a_project_in_an_unwritable_folder_is_read_only(
    coded_project: Path, kutip: Callable[..., Answer], tmp_path: Path
) -> None:
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    project = Path(shutil.copy(coded_project, shelf / "coded.kutip"))
    with unwritable(shelf):
        assert_read_only(project, kutip, tmp_path)
        assert "its folder" in kutip("code", project, *WRITERS[0][1:]).sentence()


def test_a_project_on_a_read_only_disk_is_read_only(
    coded_project: Path, kutip: Callable[..., Answer], tmp_path: Path
) -> None:
    with small_disk(tmp_path / "disk") as disk:
        project = Path(shutil.copy(coded_project, disk / "coded.kutip"))
        make_read_only(disk)
        assert_read_only(project, kutip, tmp_path)
        assert "Read-only file system" in kutip("code", project, *WRITERS[0][1:]).sentence()


def _with_changes_in_its_log(project: Path) -> sqlite3.Connection:
    """A connection that committed a memo into the project's log and has not folded it in."""
    conn = sqlite3.connect(project, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute(
        "INSERT INTO memos (guid, title, text, created, modified) "
        "VALUES ('g-wal', 'Di log', '', '2026', '2026')"
    )
    return conn


@pytest.mark.parametrize("with_shared_memory", [True, False])
def test_a_log_on_a_read_only_disk_is_read_or_named(
    coded_project: Path, kutip: Callable[..., Answer], tmp_path: Path, with_shared_memory: bool
) -> None:
    conn = _with_changes_in_its_log(coded_project)
    try:
        with small_disk(tmp_path / "disk") as disk:
            suffixes = ["", "-wal", "-shm"] if with_shared_memory else ["", "-wal"]
            for suffix in suffixes:
                shutil.copy(f"{coded_project}{suffix}", disk / f"coded.kutip{suffix}")
            make_read_only(disk)
            answer = kutip("check", disk / "coded.kutip")
            if with_shared_memory:
                assert answer.status == 0, answer.err
                with Project.open(disk / "coded.kutip", read_only=True) as reader:
                    assert "Di log" in [m.title for m in reader.memos.all()]
            else:
                assert answer.status == 1
                assert answer.sentence() == (
                    "kutip: coded.kutip has changes in coded.kutip-wal that cannot be read on "
                    "a read-only disk; copy both files to a writable folder to open it."
                )
    finally:
        conn.close()
