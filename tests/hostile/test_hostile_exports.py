"""Hostile exports and other ways a command could lose or leak a project, through the real CLI.

Every refusal is checked the same way: exit status 1, one line on stderr (``kutip: …``, no
traceback), not one row of the project changed, ``kutip check`` clean, nothing new in the
folder (no temporary files) — and the writer (``Staging``) never started, so a device or a pipe
is refused before anything is written to it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest

from kutip.cli import main
from kutip.project import Project
from kutip.services.importing import import_paths
from kutip.store import output
from kutip.store.database import lock_path

FORMATS = (
    "docx", "md", "html", "csv", "xlsx", "codebook-docx", "codebook-md", "pdf", "qdpx", "qdc",
)  # fmt: skip
SUFFIXES = {
    "docx": ".docx", "md": ".md", "html": ".html", "csv": ".csv", "xlsx": ".xlsx",
    "codebook-docx": ".docx", "codebook-md": ".md", "pdf": ".pdf", "qdpx": ".qdpx", "qdc": ".qdc",
}  # fmt: skip
APP = Path(__file__).resolve().parents[1] / "app"


def _pdf(text: str) -> bytes:
    doc = pymupdf.open()
    doc.new_page(width=595, height=842).insert_text((72, 90), text, fontname="helv", fontsize=11)
    data = doc.tobytes()
    doc.close()
    return data


def make_project(folder: Path, name: str = "riset.kutip") -> Path:
    """A project with two coded PDFs and a coded transcript."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "satu.pdf").write_bytes(_pdf("Hoaks menyebar lewat grup keluarga."))
    (folder / "dua.pdf").write_bytes(_pdf("Sinyal lemah di desa membatasi kampanye."))
    (folder / "informan.txt").write_text("Saya memilih karena TikTok.\n", encoding="utf-8")
    path = folder / name
    with Project.create(path) as project:  # the coder the CLI uses
        report = import_paths(
            project, [folder / n for n in ("satu.pdf", "dua.pdf", "informan.txt")]
        )
        assert not report.any_failed, report
        codes = project.codes.all()
        for n, source in enumerate(project.sources.all()):
            project.codings.apply(source.id, 0, 5, codes[n].id, memo="memo")
    for name_ in ("satu.pdf", "dua.pdf", "informan.txt"):
        (folder / name_).unlink()
    return path


def rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of the (closed) project, read without Kutip."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith("sqlite_")
        ]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"'), key=repr) for t in tables}
    finally:
        conn.close()


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "work")


@pytest.fixture
def staged(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders the one writer was asked to stage in (none, for a refusal)."""
    started: list[Path] = []
    real = output.Staging.__init__

    def spy(self: output.Staging, folder: Path) -> None:
        started.append(folder)
        real(self, folder)

    monkeypatch.setattr(output.Staging, "__init__", spy)
    return started


def refused(
    capsys: pytest.CaptureFixture[str], project: Path, staged: list[Path], *args: object
) -> str:
    """Run ``kutip export PROJECT *args``, expect a clean refusal; returns the message."""
    before, files = rows(project), listing(project.parent)
    status = main(["export", str(project), *map(str, args)])
    captured = capsys.readouterr()
    assert status == 1, captured
    assert "Traceback" not in captured.err
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kutip: "), captured.err
    assert staged == [], "the writer started before the refusal"
    assert rows(project) == before
    assert listing(project.parent) == files
    assert main(["check", str(project)]) == 0
    assert "no problems found" in capsys.readouterr().out
    return lines[0]


# -- the project and its companions ------------------------------------------------------


@pytest.mark.parametrize("format", FORMATS)
def test_an_export_onto_its_own_project_is_refused_for_every_format(
    format: str, project: Path, staged: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    message = refused(capsys, project, staged, "--format", format, "-o", project)
    assert "riset.kutip is a Kutip project" in message


@pytest.mark.parametrize("format", ["md", "docx", "qdpx"])
def test_a_project_is_recognised_by_its_header_not_its_name(
    format: str, project: Path, staged: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    disguised = project.with_name("laporan" + SUFFIXES[format])
    shutil.copyfile(project, disguised)
    kept = disguised.read_bytes()
    message = refused(capsys, project, staged, "--format", format, "-o", disguised)
    assert f"{disguised.name} is a Kutip project" in message
    assert disguised.read_bytes() == kept


@pytest.mark.parametrize("companion", ["-wal", "-shm", "-journal", "lock"])
def test_the_files_beside_a_project_are_refused(
    companion: str, project: Path, staged: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    target = lock_path(project) if companion == "lock" else Path(f"{project}{companion}")
    message = refused(capsys, project, staged, "--format", "csv", "-o", target)
    assert f"belongs to the database {project.name}" in message


def test_another_open_project_is_refused_and_stays_usable(
    tmp_path: Path, project: Path, staged: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    other = make_project(tmp_path / "other", "lain.kutip")
    before = rows(other)
    with Project.open(other) as opened:
        for format in ("md", "xlsx", "qdc"):
            message = refused(capsys, project, staged, "--format", format, "-o", other)
            assert "lain.kutip is a Kutip project" in message
            # Its write-ahead log, live while it is open, too.
            wal = Path(f"{other}-wal")
            assert wal.exists()
            refused(capsys, project, staged, "--format", format, "-o", wal)
        assert len(opened.codings.all()) == 3
    assert rows(other) == before


def test_a_symlink_to_the_project_is_refused_and_stays_a_link(
    project: Path, staged: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    link = project.with_name("ringkasan.md")
    link.symlink_to(project.name)
    message = refused(capsys, project, staged, "--format", "md", "-o", link)
    assert "riset.kutip is a Kutip project" in message
    assert link.is_symlink() and link.resolve() == project


# -- what is not a regular file -----------------------------------------------------------


@pytest.mark.parametrize("format", ["csv", "docx", "qdpx"])
def test_a_folder_is_refused_as_a_file(
    format: str, project: Path, staged: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = project.with_name("keluaran" + SUFFIXES[format])
    folder.mkdir()
    message = refused(capsys, project, staged, "--format", format, "-o", folder)
    assert "is a folder" in message
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
@pytest.mark.parametrize("format", ["csv", "md", "qdpx", "pdf"])
def test_a_device_is_refused_before_anything_is_written(
    device: str,
    format: str,
    project: Path,
    staged: list[Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} is not on this system")
    node = Path(device).stat()
    message = refused(capsys, project, staged, "--format", format, "-o", device)
    assert f"{device} is a device" in message
    after = Path(device).stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == node.st_rdev


def test_a_symlink_to_a_device_or_to_nothing_is_refused(
    project: Path, staged: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    to_null = project.with_name("null.csv")
    to_null.symlink_to("/dev/null")
    assert "is a device" in refused(capsys, project, staged, "--format", "csv", "-o", to_null)
    dangling = project.with_name("hilang.csv")
    dangling.symlink_to("tidak-ada/hilang.csv")
    message = refused(capsys, project, staged, "--format", "csv", "-o", dangling)
    assert "a link to a file that does not exist" in message


def _cli(*args: object) -> list[str]:
    """The ``kutip`` command, run as its own process."""
    return [sys.executable, "-m", "kutip.launcher", *map(str, args)]


def _env(tmp_path: Path, **changes: str | None) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(APP), "KUTIP_LANG": "en"}
    env["XDG_STATE_HOME"] = str(tmp_path / "state")  # the log file, kept out of the user's
    env["KUTIP_CACHE_DIR"] = str(tmp_path / "cache")
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def test_a_fifo_is_refused_without_waiting_for_a_reader(
    tmp_path: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A subprocess with a timeout: were the pipe opened, the export would hang.
    fifo = project.with_name("pipa.csv")
    os.mkfifo(fifo)
    before, files = rows(project), listing(project.parent)
    done = subprocess.run(
        _cli("export", project, "--format", "csv", "-o", fifo),
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"kutip: {fifo} is a pipe or a socket: an export is written only to a regular file."
    ]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert rows(project) == before and listing(project.parent) == files
    assert main(["check", str(project)]) == 0


# -- names that say one thing and write another ----------------------------------------------


def test_a_name_with_another_formats_suffix_is_refused(
    project: Path, staged: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    message = refused(capsys, project, staged, "--format", "docx", "-o", project.with_name("x.md"))
    assert message == "kutip: x.md does not end in .docx: this format writes a .docx file."
    message = refused(capsys, project, staged, "--format", "qdpx", "-o", project.with_name("x"))
    assert "this format writes a .qdpx file" in message


def test_pdf_writes_a_file_for_one_pdf_a_folder_otherwise_and_refuses_the_ambiguous(
    project: Path, staged: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # Two PDFs to a name ending in .pdf: neither a folder called x.pdf nor one of them.
    one_file = project.with_name("x.pdf")
    before = rows(project)
    assert main(["export", str(project), "--format", "pdf", "-o", str(one_file)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "kutip: x.pdf is one file, but 2 PDFs are selected: give a folder name (not ending in "
        ".pdf) to receive one PDF per source."
    ]
    assert not one_file.exists() and rows(project) == before
    assert not [p for p in project.parent.iterdir() if p.name.startswith(".kutip-tmp-")]
    # Any other name is a folder, made for them.
    assert main(["export", str(project), "--format", "pdf", "-o", str(project.parent / "x")]) == 0
    assert listing(project.parent / "x") == ["dua.pdf", "satu.pdf"]
    # One PDF (through the codes chosen) to a .pdf name is that file.
    with Project.open(project) as opened:
        code = opened.codes.get(next(s.code_id for s in opened.codings.all()))
    args = ["--codes", code.name, "--format", "pdf", "-o", str(one_file)]
    assert main(["export", str(project), *args]) == 0
    assert one_file.is_file() and one_file.read_bytes().startswith(b"%PDF")
    # A folder name that is a file is refused.
    folder = project.parent / "x"
    shutil.rmtree(folder)
    folder.write_text("bukan folder", encoding="utf-8")
    staged.clear()
    capsys.readouterr()
    message = refused(capsys, project, staged, "--format", "pdf", "-o", folder)
    assert "is a file, not a folder" in message


def test_a_symlink_to_a_file_is_written_through(project: Path) -> None:
    real = project.with_name("asli.csv")
    real.write_text("lama", encoding="utf-8")
    link = project.with_name("tautan.csv")
    link.symlink_to(real.name)
    assert main(["export", str(project), "--format", "csv", "-o", str(link)]) == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8-sig").startswith("code,")


# -- what an export leaves behind -----------------------------------------------------------


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.parametrize("format", ["qdpx", "qdc", "csv", "docx", "md"])
def test_exported_files_get_the_modes_the_umask_gives(
    format: str, project: Path, umask: None, capsys: pytest.CaptureFixture[str]
) -> None:
    target = project.with_name("hasil" + SUFFIXES[format])
    assert main(["export", str(project), "--format", format, "-o", str(target)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    for written in project.parent.glob("hasil*"):
        if written.is_file():
            assert stat.S_IMODE(written.stat().st_mode) == 0o644, written
    os.umask(0o077)
    private = project.with_name("rahasia" + SUFFIXES[format])
    assert main(["export", str(project), "--format", format, "-o", str(private)]) == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    # A file replaced keeps the mode its owner gave it.
    target.chmod(0o640)
    assert main(["export", str(project), "--format", format, "-o", str(target)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_stale_temporary_folders_are_removed_by_the_next_export(project: Path) -> None:
    folder = project.parent
    old = time.time() - 2 * output.STALE_AFTER_SECONDS
    stale = [folder / ".kutip-tmp-mati", folder / ".kutip-export-lama"]
    for path in stale:
        path.mkdir()
        (path / "setengah.docx").write_bytes(b"PK")
        for part in (path / "setengah.docx", path):
            os.utime(part, (old, old))
    busy = folder / ".kutip-tmp-jalan"  # another export, still writing
    busy.mkdir()
    (busy / "r.xlsx").write_bytes(b"PK")
    assert main(["export", str(project), "--format", "csv", "-o", str(folder / "r.csv")]) == 0
    assert not any(p.exists() for p in stale)
    assert (busy / "r.xlsx").exists()
    assert [p.name for p in folder.iterdir() if p.name.startswith(".kutip-")] == [busy.name]


def test_a_terminated_export_removes_its_files_and_keeps_the_old_one(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import kutip.reports.render.csv as render_csv

    target = project.with_name("r.csv")
    target.write_text("lama", encoding="utf-8")
    real = render_csv.render_csv

    def killed(*args: object, **kwargs: object) -> None:
        real(*args, **kwargs)  # type: ignore[arg-type]
        signal.raise_signal(signal.SIGTERM)  # `kill` while the file is half-way to its place

    monkeypatch.setattr(render_csv, "render_csv", killed)
    handler = signal.getsignal(signal.SIGTERM)
    assert main(["export", str(project), "--format", "csv", "-o", str(target)]) == 130
    assert capsys.readouterr().err == "kutip: interrupted\n"
    assert signal.getsignal(signal.SIGTERM) == handler
    assert target.read_text(encoding="utf-8") == "lama"
    assert not [p for p in project.parent.iterdir() if p.name.startswith(".kutip-")]


# -- the other commands ---------------------------------------------------------------------


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "besar.kutip"
    with Project.create(path, codebook="empty") as project:
        project.compose(
            "codes",
            lambda: [project.codes.add(f"kode {n}", definition="x " * 4000) for n in range(200)],
        )
    with subprocess.Popen(
        _cli("codes", path, "--json"),
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as reader:
        assert reader.stdout is not None and reader.stderr is not None
        assert reader.stdout.read(10).startswith(b"[")
        reader.stdout.close()  # as `| head -c 10` does, with ~1.6 MB still to come
        err = reader.stderr.read().decode()
        assert reader.wait(timeout=120) == 1
    assert err == ""
    assert main(["check", str(path)]) == 0


def test_no_display_is_one_sentence_not_an_abort(tmp_path: Path) -> None:
    env = _env(tmp_path, DISPLAY=None, WAYLAND_DISPLAY=None, QT_QPA_PLATFORM=None)
    if sys.platform in ("win32", "darwin"):
        pytest.skip("Windows and macOS always have a display")
    if importlib.util.find_spec("PySide6") is None:
        pytest.skip("without PySide6 `kutip` says that the window needs it, before any display")
    done = subprocess.run(_cli(), env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr == (
        "kutip: No display: use --no-gui commands or set QT_QPA_PLATFORM=offscreen.\n"
    )


def test_library_noise_goes_to_the_log_and_failures_to_stderr(
    tmp_path: Path, project: Path
) -> None:
    broken = tmp_path / "rusak.bib"
    broken.write_text("@article{a,\n title={x\n@book{b, title = {Buku}}\n", encoding="utf-8")
    damaged = tmp_path / "rusak.pdf"
    damaged.write_bytes(b"%PDF-1.4\nbukan pdf\n")
    done = subprocess.run(
        _cli("import", project, broken, damaged),
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    # Only Kutip's own lines: no "Parsing of `@article` block … aborted", no MuPDF chatter.
    assert [line.split()[0] for line in done.stderr.splitlines()] == ["problem", "failed"]
    assert "rusak.pdf" in done.stderr and "rusak.pdf" not in done.stdout
    log = (tmp_path / "state" / "kutip" / "log" / "kutip.log").read_text(encoding="utf-8")
    assert "bibtexparser" in log and "aborted" in log


def test_a_refused_archive_leaves_no_new_project_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = tmp_path / "jahat.qdpx"
    hostile.write_bytes(b"bukan arsip")
    target = tmp_path / "baru.kutip"
    assert main(["import", str(target), str(hostile)]) == 1
    captured = capsys.readouterr()
    assert "jahat.qdpx" in captured.err and "Traceback" not in captured.err
    assert "Created" not in captured.out
    assert listing(tmp_path) == ["jahat.qdpx"]
