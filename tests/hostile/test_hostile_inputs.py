"""Only regular files are read, and nothing is passed over without a word.

A FIFO, a device (``/dev/zero`` behind a symbolic link) or a file that grows while it is read is
refused by name at once; unreadable files and folders are reported; a folder import lists the
files it skipped. The cases that would hang or eat the memory if the guard broke run ``kutip``
in a subprocess with a timeout (and a memory limit), so a regression fails instead of hanging.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import kutip.ingest.files as files_module
from kutip.cli import main
from kutip.errors import ImportFailedError
from kutip.ingest.files import read_file_bytes
from kutip.project import Project

#: The address space a subprocess gets: enough for Kutip, far from what /dev/zero would take.
MEMORY_LIMIT = 1 << 30
#: A guard against a regression hanging the suite; the import itself takes about a second.
TIMEOUT_S = 120

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")
needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
not_as_root = pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root reads files and folders whatever their permissions say",
)


def run_kutip(*args: object) -> subprocess.CompletedProcess[str]:
    """``kutip ARGS`` in a subprocess with a memory limit; a hang fails the test on the timeout."""
    script = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}))\n"
        "from kutip.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "p.kutip"
    assert main(["new", str(path)]) == 0
    capsys.readouterr()
    return path


def source_titles(path: Path) -> list[str]:
    with Project.open(path) as project:
        return sorted(source.title for source in project.sources.all())


@needs_fifo
def test_a_fifo_given_to_import_is_refused_at_once(tmp_path: Path, project: Path) -> None:
    pipes = ("pipe.txt", "pipe.bib", "pipe.qdpx", "pipe.qdc")
    for name in pipes:
        os.mkfifo(tmp_path / name)
    (tmp_path / "catatan.txt").write_text("Informan 1: Saya pakai TikTok.\n", encoding="utf-8")

    result = run_kutip(
        "import", project, *(tmp_path / name for name in pipes), tmp_path / "catatan.txt"
    )

    assert result.returncode == 1, result.stderr
    for name in pipes:
        assert f"failed     {name}: refused, it is a pipe, not a regular file." in result.stderr
    assert "imported   catatan.txt" in result.stdout
    assert source_titles(project) == ["catatan"]


@needs_dev_zero
def test_a_symlink_to_dev_zero_is_refused_by_name(tmp_path: Path, project: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "zero.pdf").symlink_to("/dev/zero")

    result = run_kutip("import", project, tmp_path / "zero.txt", tmp_path / "zero.pdf")

    assert result.returncode == 1, result.stderr
    assert "failed     zero.txt: refused, it is a device, not a regular file." in result.stderr
    assert "failed     zero.pdf: refused, it is a device, not a regular file." in result.stderr
    assert source_titles(project) == []


@needs_fifo
@needs_dev_zero
def test_a_folder_import_lists_what_it_skipped(tmp_path: Path, project: Path) -> None:
    outside = tmp_path / "private.txt"
    outside.write_text("PRIBADI: jangan diimpor", encoding="utf-8")
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "informan-01.txt").write_text("Informan 1: Saya pakai TikTok.\n", encoding="utf-8")
    (inbox / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    (inbox / "sub" / "data.xlsx").write_bytes(b"PK\x03\x04")
    (inbox / ".hidden.jpg").write_bytes(b"hidden files are passed over quietly")
    os.mkfifo(inbox / "pipe.txt")
    (inbox / "zero.txt").symlink_to("/dev/zero")
    (inbox / "private.txt").symlink_to(outside)
    (inbox / "elsewhere").symlink_to(tmp_path, target_is_directory=True)

    result = run_kutip("import", project, inbox)

    assert result.returncode == 0, result.stdout + result.stderr
    skipped = [line for line in result.stdout.splitlines() if line.startswith("skipped")]
    assert skipped == [
        "skipped    inbox/elsewhere: a link to a folder, not followed.",
        "skipped    inbox/photo.jpg: Kutip does not import this kind of file.",
        "skipped    inbox/pipe.txt: refused, it is a pipe, not a regular file.",
        "skipped    inbox/private.txt: a link to a file outside the folder, not followed; "
        "import that file itself to take it.",
        "skipped    inbox/sub/data.xlsx: Kutip does not import this kind of file.",
        "skipped    inbox/zero.txt: refused, it is a device, not a regular file.",
    ]
    assert "6 files in the folders skipped." in result.stdout
    assert "hidden" not in result.stdout
    assert source_titles(project) == ["informan-01"]


def test_a_file_that_grows_while_it_is_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    growing = tmp_path / "grows.txt"
    growing.write_text("Informan 1: awal\n", encoding="utf-8")
    real_fstat = os.fstat

    def fstat_then_grow(descriptor: int) -> os.stat_result:
        status = real_fstat(descriptor)
        with growing.open("a", encoding="utf-8") as file:  # a recorder still writing
            file.write("Informan 1: lanjutan\n")
        return status

    monkeypatch.setattr(files_module.os, "fstat", fstat_then_grow)
    with pytest.raises(ImportFailedError, match=r"^grows\.txt: the file changed while it was"):
        read_file_bytes(growing)


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux's /proc")
def test_a_file_larger_than_its_reported_size_is_refused(tmp_path: Path, project: Path) -> None:
    # /proc files say they are empty and are not: read up to the size, they "grow".
    (tmp_path / "status.txt").symlink_to("/proc/self/status")

    result = run_kutip("import", project, tmp_path / "status.txt")

    assert result.returncode == 1
    assert "failed     status.txt: the file changed while it was read" in result.stderr


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 4096)
    with pytest.raises(ImportFailedError, match=r"^big\.txt: the file is too large"):
        read_file_bytes(big, limit=1024)
    assert read_file_bytes(big, limit=4096) == b"x" * 4096


def test_a_file_that_cannot_be_opened_is_reported(
    tmp_path: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A loop of symbolic links: open() fails on it whoever runs the test, root included.
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "informan-01.txt").write_text("Informan 1: Baik.\n", encoding="utf-8")

    status = main(["import", str(project), str(folder)])

    err = capsys.readouterr().err
    assert status == 1
    assert "failed     loop.txt: cannot be read (Too many levels of symbolic links)." in err
    assert source_titles(project) == ["informan-01"]


def test_a_folder_that_cannot_be_listed_is_reported(
    tmp_path: Path,
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "inbox"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "informan-02.txt").write_text("Informan 2: Tidak.\n", encoding="utf-8")
    (folder / "informan-01.txt").write_text("Informan 1: Baik.\n", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: str | Path) -> object:
        # What listing a folder without read permission does, even for root.
        if Path(path) == folder / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(files_module.os, "scandir", scandir)
    status = main(["import", str(project), str(folder)])

    err = capsys.readouterr().err
    assert status == 1
    assert "failed     inbox/locked: the folder cannot be read (Permission denied)." in err
    assert source_titles(project) == ["informan-01"]


@not_as_root
def test_unreadable_files_and_folders_are_reported(
    tmp_path: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "inbox"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "informan-02.txt").write_text("Informan 2: Tidak.\n", encoding="utf-8")
    (folder / "secret.txt").write_text("Informan 3: Rahasia.\n", encoding="utf-8")
    (folder / "informan-01.txt").write_text("Informan 1: Baik.\n", encoding="utf-8")
    (folder / "secret.txt").chmod(0)
    (folder / "locked").chmod(0)
    try:
        status = main(["import", str(project), str(folder)])
    finally:
        (folder / "locked").chmod(stat.S_IRWXU)
        (folder / "secret.txt").chmod(stat.S_IRUSR | stat.S_IWUSR)

    err = capsys.readouterr().err
    assert status == 1
    assert "failed     secret.txt: cannot be read (Permission denied)." in err
    assert "failed     inbox/locked: the folder cannot be read (Permission denied)." in err
    assert source_titles(project) == ["informan-01"]
