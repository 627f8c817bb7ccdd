"""kutip.services.importing: one entry point for any mix of files, and failures that say why
in a form code acts on (``ImportFailure.reason``) beside the message for the user."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pymupdf
import pytest

import kutip.services.importing
from kutip.errors import FailureReason, ValidationError
from kutip.project import Project
from kutip.services.importing import (
    ImportFailure,
    ImportOptions,
    import_linked_files,
    import_paths,
    importable_kinds,
    is_exchange_file,
)
from kutip_testing import dump_tables

DATA = Path(__file__).resolve().parents[1] / "data" / "refi-qda"


def _pdf(path: Path, text: str, *, password: str = "") -> Path:
    doc = pymupdf.open()
    doc.new_page().insert_textbox(pymupdf.Rect(72, 72, 520, 770), text, fontsize=11)
    options: dict[str, object] = {}
    if password:
        options = {"encryption": pymupdf.PDF_ENCRYPT_AES_256, "user_pw": password,
                   "owner_pw": password + "!"}  # fmt: skip
    doc.save(path, **options)
    doc.close()
    return path


class Recording:
    """A Progress that records each report, and cancels once told to after some reports."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.reports: list[tuple[int, int, str]] = []
        self._cancel_after = cancel_after

    @property
    def cancelled(self) -> bool:
        return self._cancel_after is not None and len(self.reports) >= self._cancel_after

    def report(self, done: int, total: int, message: str = "") -> None:
        self.reports.append((done, total, message))


def test_one_call_imports_sources_bibliographies_and_exchange_files(
    empty_project: Project, tmp_path: Path
) -> None:
    folder = tmp_path / "bahan"
    folder.mkdir()
    (folder / "refs.bib").write_text(
        "@article{putri2020, author = {Putri, Ayu}, title = {Hoaks}, year = {2020}}\n",
        encoding="utf-8",
    )
    (folder / "informan-01.txt").write_text("Informan 1: Dari TikTok.\n", encoding="utf-8")
    codebook = shutil.copy(DATA / "codebook.qdc", tmp_path / "codebook.qdc")
    progress = Recording()

    report = import_paths(
        empty_project, [folder, Path(codebook), tmp_path / "hilang.pdf"], progress
    )

    assert [path.name for path, _lines in report.exchanged] == ["codebook.qdc"]
    assert report.exchanged[0][1][0].startswith("codebook.qdc: imported ")
    assert [(path.name, added) for path, added, _updated in report.references] == [("refs.bib", 1)]
    assert [path.name for path, _edit in report.imported] == ["informan-01.txt"]
    assert report.failed == [
        ImportFailure(
            tmp_path / "hilang.pdf",
            FailureReason.MISSING,
            f"{tmp_path / 'hilang.pdf'}: no such file or folder.",
        )
    ]
    assert empty_project.codes.all(), "the codebook's codes came in"
    # Exchange files first, then bibliographies, then the others; one report per file.
    assert [message for _done, _total, message in progress.reports] == [
        "codebook.qdc",
        "refs.bib",
        "informan-01.txt",
        "",
    ]
    assert {total for _done, total, _message in progress.reports} == {3}
    # Every edit is in the report, so that the whole import is undone at once.
    for edit in reversed(report.edits):
        empty_project.undo(edit)
    assert empty_project.codes.all() == []
    assert empty_project.sources.all() == []
    assert empty_project.references.all() == []


def _failures(project: Project, paths: list[Path], **options: object) -> dict[str, FailureReason]:
    report = import_paths(project, paths, options=ImportOptions(**options))  # type: ignore[arg-type]
    assert all(failure.message.startswith(failure.path.name) for failure in report.failed), [
        f.message for f in report.failed
    ]
    return {failure.path.name: failure.reason for failure in report.failed}


def test_each_failure_says_why(project: Project, tmp_path: Path) -> None:
    tmp_path = tmp_path / "files"  # beside the project file
    tmp_path.mkdir()
    locked = _pdf(tmp_path / "rahasia.pdf", "Dokumen terkunci.", password="kunci")
    (tmp_path / "bukan.pdf").write_text("<html>not a pdf</html>", encoding="utf-8")
    (tmp_path / "kosong.txt").write_bytes(b"")
    (tmp_path / "gambar.xyz").write_bytes(b"\x89PNG")
    # An Office document with a password is an OLE file, whatever its name says.
    (tmp_path / "terkunci.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    (tmp_path / "kosong.bib").write_text("% nothing here\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipa.txt")
    paths = sorted(tmp_path.iterdir())

    assert _failures(project, paths) == {
        "rahasia.pdf": FailureReason.NEEDS_PASSWORD,
        "bukan.pdf": FailureReason.DAMAGED,
        "kosong.txt": FailureReason.EMPTY,
        "gambar.xyz": FailureReason.UNSUPPORTED,
        "terkunci.docx": FailureReason.ENCRYPTED,
        "kosong.bib": FailureReason.DAMAGED,
        "pipa.txt": FailureReason.REFUSED,
    }
    assert _failures(project, [locked], password="salah") == {
        "rahasia.pdf": FailureReason.WRONG_PASSWORD
    }
    report = import_paths(project, [locked], options=ImportOptions(password="salah"))
    assert report.failed[0].needs_password
    assert _failures(project, [locked], password="kunci") == {}


def test_a_file_a_bibliography_links_that_is_not_what_it_says_is_a_refused_link(
    project: Project, tmp_path: Path
) -> None:
    (tmp_path / "palsu.pdf").write_text("<html>a login page</html>", encoding="utf-8")
    (tmp_path / "refs.bib").write_text(
        "@article{palsu2020, title = {Palsu}, year = {2020}, file = {palsu.pdf}}\n",
        encoding="utf-8",
    )
    report = import_paths(project, [tmp_path / "refs.bib"])
    assert [(f.path.name, f.reason) for f in report.failed] == [
        ("palsu.pdf", FailureReason.REFUSED_LINK)
    ]
    assert not report.failed[0].needs_password


def test_a_linked_file_outside_is_imported_only_when_allowed(
    project: Project, tmp_path: Path
) -> None:
    outside = _pdf(tmp_path / "jauh.pdf", "Artikel di folder lain.")
    folder = tmp_path / "pustaka"
    folder.mkdir()
    (folder / "refs.bib").write_text(
        f"@article{{jauh2021, title = {{Jauh}}, year = {{2021}}, file = {{{outside}}}}}\n",
        encoding="utf-8",
    )
    report = import_paths(project, [folder])
    assert [link.file for link in report.outside] == [outside]
    assert project.sources.all() == []

    linked = import_linked_files(project, report.outside)
    assert [path for path, _edit in linked.imported] == [outside]
    assert project.sources.all()[0].bib_key == "jauh2021"


def test_a_reader_that_breaks_fails_its_file_only(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = kutip.services.importing.read_source_file
    tmp_path = tmp_path / "files"  # beside the project file
    tmp_path.mkdir()
    (tmp_path / "a.txt").write_text("Satu.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Dua.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Tiga.\n", encoding="utf-8")

    def broken(path: Path, *args: object, **kwargs: object) -> object:
        if path.name == "a.txt":
            raise RuntimeError("a bug")
        if path.name == "b.txt":
            raise ValidationError("b.txt: breaks a rule of the project.")
        return read(path, *args, **kwargs)

    monkeypatch.setattr(kutip.services.importing, "read_source_file", broken)
    report = import_paths(project, sorted(tmp_path.iterdir()))
    assert [(f.path.name, f.reason) for f in report.failed] == [
        ("a.txt", FailureReason.UNEXPECTED),
        ("b.txt", FailureReason.INVALID),
    ]
    assert report.failed[0].message == "a.txt: RuntimeError: a bug"
    assert [path.name for path, _edit in report.imported] == ["c.txt"]


def test_cancelling_inside_an_exchange_project_keeps_the_project_as_it_was(
    empty_project: Project, tmp_path: Path
) -> None:
    qdpx = shutil.copy(DATA / "atlas-style.qdpx", tmp_path / "atlas.qdpx")
    text = tmp_path / "catatan.txt"
    text.write_text("Catatan.\n", encoding="utf-8")
    before = dump_tables(empty_project)
    # The first report is the import's own ("atlas.qdpx"), the next the project's first source.
    progress = Recording(cancel_after=2)

    report = import_paths(empty_project, [Path(qdpx), text], progress)

    assert report.cancelled
    assert report.failed == [] and report.exchanged == [] and report.imported == []
    assert dump_tables(empty_project) == before
    assert progress.reports[1][2].startswith("atlas.qdpx: ")


def test_exchange_files_are_known_by_their_suffix(tmp_path: Path) -> None:
    assert is_exchange_file(tmp_path / "proyek.QDPX")
    assert is_exchange_file(tmp_path / "kode.qdc")
    assert not is_exchange_file(tmp_path / "artikel.pdf")
    folder = tmp_path / "aneh.qdpx"
    folder.mkdir()
    assert not is_exchange_file(folder)
    assert {".pdf", ".bib", ".ris", ".qdpx", ".qde", ".qdc"} <= set(importable_kinds())
