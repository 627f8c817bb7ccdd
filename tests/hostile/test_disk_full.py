"""A full disk: every command says "The disk is full: …" in one sentence (or, reading, just
works), nothing committed before is lost, and the project is sound once there is room.

The disk is a small tmpfs when the test may mount one; the first tests fill a project from
inside instead, through SQLite's page limit, which SQLite reports exactly as a full disk.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_testing import Answer

from fault_testing import fill, lost_rows, rows, small_disk
from kutip.errors import DiskFullError
from kutip.project import Project
from kutip.services.importing import import_paths
from kutip_testing import dump_tables, text_draft

CODING = ["--source", "1", "--start", "40", "--end", "60", "--code", "Konten"]
BIG = "Kalimat panjang tentang partisipasi warga di media sosial. " * 20_000


def _no_room(project: Project) -> None:
    """Let the project file grow no more, as a full disk would."""
    pages = project.store.scalar("PRAGMA page_count")
    project.store.scalar(f"PRAGMA max_page_count = {pages}")


def test_a_write_that_finds_no_room_is_one_sentence_and_keeps_everything(
    coded_project: Path, kutip: Callable[..., Answer]
) -> None:
    with Project.open(coded_project) as project:
        before = dump_tables(project)
        _no_room(project)
        with pytest.raises(DiskFullError) as refused:
            project.sources.add(text_draft(BIG, "besar"))
        assert str(refused.value) == (
            f"The disk is full: {coded_project} could not be written. Free some space and try "
            "again; nothing saved before is lost."
        )
        assert dump_tables(project) == before
        # With room again, the same open project goes on.
        project.store.scalar("PRAGMA max_page_count = 1073741823")
        project.sources.add(text_draft(BIG, "besar"))
    assert kutip("check", coded_project).status == 0


def test_an_import_that_runs_out_of_room_keeps_the_files_that_fit(
    coded_project: Path, tmp_path: Path
) -> None:
    small, big, other = tmp_path / "kecil.txt", tmp_path / "besar.txt", tmp_path / "lain.txt"
    small.write_text("Wawancara singkat tentang hoaks.", encoding="utf-8")
    big.write_text(BIG, encoding="utf-8")
    other.write_text("Catatan lapangan yang pendek.", encoding="utf-8")
    with Project.open(coded_project) as project:
        before = dump_tables(project)
        pages = project.store.scalar("PRAGMA page_count")
        project.store.scalar(f"PRAGMA max_page_count = {pages + 20}")

        report = import_paths(project, [small, big, other])

        assert [path.name for path, _edit in report.imported] == ["kecil.txt", "lain.txt"]
        assert [(f.path.name, f.message.split(":")[0]) for f in report.failed] == [
            ("besar.txt", "The disk is full")
        ]
        after = dump_tables(project)
        assert all(set(rows) <= set(after[table]) for table, rows in before.items())
        titles = [s.title for s in project.sources.all()]
        assert titles == ["informan-01", "artikel", "kecil", "lain"]


def test_every_command_on_a_full_disk_is_one_sentence_and_loses_nothing(
    coded_project: Path, kutip: Callable[..., Answer], tmp_path: Path, cache_dir: Path
) -> None:
    document = tmp_path / "baru.txt"
    document.write_text(BIG, encoding="utf-8")
    with small_disk(tmp_path / "disk", "3m") as disk:
        project = Path(shutil.copy(coded_project, disk / "coded.kutip"))
        before = rows(project)
        filler = fill(disk)
        full = f"kutip: The disk is full: {project} could not be written."

        coded = kutip("code", project, *CODING)
        assert coded.status == 1
        assert coded.sentence().startswith(full)

        imported = kutip("import", project, document)
        assert imported.status == 1
        assert "The disk is full: " in imported.sentence()

        created = kutip("new", disk / "baru.kutip")
        assert created.status == 1
        assert created.sentence().startswith("kutip: The disk is full: ")
        assert sorted(p.name for p in disk.iterdir() if "baru" in p.name) == []

        exported = kutip("export", project, "--format", "md", "-o", disk / "out.md")
        assert exported.status == 1
        assert exported.sentence().startswith("kutip: The disk is full: ")
        assert not (disk / "out.md").exists()

        for reading in (["sources"], ["segments"], ["check"], ["search", "hoaks"]):
            answer = kutip(reading[0], project, *reading[1:])
            assert answer.status == 0 or answer.sentence().startswith("kutip: The disk is full"), (
                reading,
                answer.err,
            )

        filler.unlink()
        assert lost_rows(before, rows(project)) == {}
        assert kutip("check", project).status == 0
        assert kutip("code", project, *CODING).status == 0
        assert not [p for p in disk.iterdir() if p.name.startswith(".kutip-tmp-")]


def test_a_search_cache_on_a_full_disk_searches_from_elsewhere(
    coded_project: Path,
    kutip: Callable[..., Answer],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    healthy = kutip("search", coded_project, "hoaks")
    with small_disk(tmp_path / "cache-disk", "1m") as disk:
        fill(disk)
        monkeypatch.setenv("KUTIP_CACHE_DIR", str(disk))

        answer = kutip("search", coded_project, "hoaks")

        assert answer.status == 0
        assert answer.err == ""
        assert answer.out == healthy.out
