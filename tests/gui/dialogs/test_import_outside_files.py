"""Importing a bibliography that links files outside its folder asks once: allow or skip them.

The question is a real dialog, answered here by clicking its buttons; skipped files are listed
in the summary, allowed ones come in tied to their references, as part of the one undo step.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from kutip.gui.dialogs.import_dialogs import ImportSummaryDialog, OutsideFilesDialog
from kutip.gui.main_window import MainWindow
from kutip.services.importing import ImportOptions

OUTSIDE_TEXT = "Makalah dari folder lain"


def write_pdf(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), text, fontsize=11)
    doc.save(path)
    doc.close()
    return path


@pytest.fixture
def project_window(window: MainWindow, tmp_path: Path) -> MainWindow:
    assert window.create_project(tmp_path / "pemilu2024.kutip")
    return window


@pytest.fixture
def bibliography(tmp_path: Path) -> Path:
    """A .bib linking a PDF beside it and two elsewhere (one through a symbolic link)."""
    elsewhere = write_pdf(tmp_path / "elsewhere" / "makalah.pdf", OUTSIDE_TEXT)
    write_pdf(tmp_path / "elsewhere" / "lain.pdf", "Makalah lain lagi")
    folder = tmp_path / "pustaka"
    write_pdf(folder / "jansen.pdf", "Social media and political participation")
    (folder / "lain.pdf").symlink_to(tmp_path / "elsewhere" / "lain.pdf")
    bib = folder / "refs.bib"
    bib.write_text(
        "@article{jansen2017, title = {Social media}, year = {2017}, file = {jansen.pdf}}\n"
        "@article{makalah2019, title = {Makalah}, year = {2019},\n"
        f"  file = {{:{elsewhere}:application/pdf}}}}\n"
        "@article{lain2020, title = {Lain}, year = {2020}, file = {lain.pdf}}\n",
        encoding="utf-8",
    )
    return bib


def wait_for_question(window: MainWindow, qtbot: QtBot) -> OutsideFilesDialog:
    qtbot.waitUntil(lambda: window.importer.outside_question is not None, timeout=15_000)
    question = window.importer.outside_question
    assert question is not None
    qtbot.waitUntil(question.isVisible)
    return question


def wait_for_summary(window: MainWindow, qtbot: QtBot) -> ImportSummaryDialog:
    qtbot.waitUntil(lambda: window.importer.summary is not None, timeout=15_000)
    summary = window.importer.summary
    assert summary is not None
    qtbot.waitUntil(summary.isVisible)
    return summary


def close_summary(summary: ImportSummaryDialog, qtbot: QtBot) -> None:
    summary.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not summary.isVisible())


def listed(question: OutsideFilesDialog) -> list[str]:
    return [question.files.item(row).text() for row in range(question.files.count())]


def test_allowed_outside_files_come_in_with_their_references(
    project_window: MainWindow, bibliography: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    project = project_window.project
    assert project is not None
    assert project_window.importer.import_paths([bibliography], ImportOptions())

    question = wait_for_question(project_window, qtbot)
    elsewhere = tmp_path / "elsewhere"
    assert listed(question) == [
        f"{elsewhere / 'makalah.pdf'} (makalah2019 in refs.bib)",
        f"{bibliography.parent / 'lain.pdf'} → {elsewhere / 'lain.pdf'} (lain2020 in refs.bib)",
    ]
    # Nothing outside was read before the answer.
    assert {s.title for s in project.sources.all()} == {"jansen"}
    question.allow_button.click()

    summary = wait_for_summary(project_window, qtbot)
    assert project_window.importer.outside_question is None
    assert {s.title: s.bib_key for s in project.sources.all()} == {
        "jansen": "jansen2017",
        "makalah": "makalah2019",
        "lain": "lain2020",
    }
    assert summary.heading.text() == "<b>3 files imported, 3 new references</b>"
    assert "Linked files refused" not in summary.text()
    close_summary(summary, qtbot)
    # The whole import, the allowed files included, is one undo step.
    assert project_window.undo_stack.count() == 1
    project_window.undo_stack.undo()
    assert project.sources.all() == []


def test_skipped_outside_files_are_listed_in_the_summary_and_not_read(
    project_window: MainWindow, bibliography: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    project = project_window.project
    assert project is not None
    assert project_window.importer.import_paths([bibliography], ImportOptions())

    question = wait_for_question(project_window, qtbot)
    assert question.skip_button.isDefault()  # Enter does the safe thing
    question.skip_button.click()

    summary = wait_for_summary(project_window, qtbot)
    assert summary.heading.text() == (
        "<b>1 file imported, 3 new references, 2 linked files refused</b>"
    )
    text = summary.text()
    assert (
        "Linked files refused:\n"
        "  refs.bib: the file of makalah2019 is outside the bibliography's folder and was not "
        f"read: {tmp_path / 'elsewhere' / 'makalah.pdf'}\n"
    ) in text
    assert "the file of lain2020 is outside" in text
    assert [s.title for s in project.sources.all()] == ["jansen"]
    assert all(OUTSIDE_TEXT not in project.sources.text(s.id) for s in project.sources.all())
    close_summary(summary, qtbot)


def test_a_folder_import_summary_lists_the_skipped_files(
    project_window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    folder = tmp_path / "wawancara"
    folder.mkdir()
    (folder / "informan-01.txt").write_text("P: Saya pakai TikTok.\n", encoding="utf-8")
    (folder / "rekaman.mp3").write_bytes(b"ID3 not really audio")

    assert project_window.importer.import_paths([folder], ImportOptions())

    summary = wait_for_summary(project_window, qtbot)
    assert project_window.importer.outside_question is None  # nothing to ask
    assert summary.heading.text() == "<b>1 file imported, 1 file skipped</b>"
    assert (
        "Skipped in folders:\n  wawancara/rekaman.mp3: Kutip does not import this kind of file.\n"
        in summary.text()
    )
    close_summary(summary, qtbot)
