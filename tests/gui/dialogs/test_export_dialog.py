"""The Export dialog: formats, codes and cases, a preview, export with progress and Cancel."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from kutip.gui.core import settings
from kutip.gui.core.tasks import TaskRunner
from kutip.gui.dialogs import export_dialog as export_dialog_module
from kutip.gui.dialogs.export_dialog import ExportDialog, show_export_result
from kutip.progress import Cancelled, Progress
from kutip.project import Project
from kutip.reports import ExportResult, Selection
from kutip.services import exporting
from kutip.services.exporting import with_suffix

TIMEOUT = 60_000


@pytest.fixture
def reported(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    errors: list[BaseException] = []
    monkeypatch.setattr(export_dialog_module, "report", lambda _parent, error: errors.append(error))
    return errors


@pytest.fixture
def host(qtbot: QtBot) -> QMainWindow:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    return window


@pytest.fixture
def runner(host: QMainWindow) -> Iterator[TaskRunner]:
    tasks = TaskRunner(host)
    yield tasks
    assert tasks.shutdown(20_000)


@pytest.fixture
def project(demo_path: Path) -> Iterator[Project]:
    with Project.open(demo_path) as opened:
        yield opened


@pytest.fixture
def dialog(
    qtbot: QtBot,
    host: QMainWindow,
    runner: TaskRunner,
    project: Project,
    reported: list[BaseException],
) -> Iterator[ExportDialog]:
    exporting = ExportDialog(host, project, runner)
    qtbot.addWidget(exporting)
    exporting.show()
    yield exporting
    exporting.close()
    assert runner.shutdown(20_000)
    assert not reported, reported


def code_ids(project: Project, *names: str) -> list[int]:
    return [project.codes.find(name).id for name in names]


def quote_start(project: Project, segment_id: int) -> str:
    """The first words of a coding, as the report prints them."""
    text = " ".join(project.codings.text(project.codings.get(segment_id)).split())
    return " ".join(text.split()[1:7])  # whole words, clear of the edges


def export(qtbot: QtBot, dialog: ExportDialog) -> ExportResult:
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT) as signal:
        assert dialog.export() is not None
    result: ExportResult = signal.args[0]
    return result


def test_a_docx_of_two_codes_holds_only_their_quotes(
    qtbot: QtBot, dialog: ExportDialog, project: Project, tmp_path: Path
) -> None:
    chosen = code_ids(project, "Kredibilitas", "Aksesibilitas")
    dialog.set_format("docx")
    dialog.set_checked_codes(chosen)
    assert dialog.checked_codes() == sorted(chosen, key=[c.id for c in project.codes.all()].index)
    target = tmp_path / "ringkasan.docx"
    dialog.set_output_path(target)

    result = export(qtbot, dialog)

    assert list(result.paths) == [target]
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    theirs = {quote_start(project, s.id) for s in project.codings.all() if s.code_id in chosen}
    others = {quote_start(project, s.id) for s in project.codings.all()} - theirs
    assert theirs and others  # (one sentence of the demo is coded twice: it is theirs)
    assert all(words in text for words in theirs)
    assert not any(words in text for words in others)
    box = dialog.result_box
    assert box is not None and "ringkasan.docx" in box.text()
    assert box.parent() is dialog.parentWidget()  # it outlives the dialog
    box.close()
    assert dialog.result() == ExportDialog.DialogCode.Accepted


def test_cancelling_an_export_leaves_no_file(
    qtbot: QtBot,
    dialog: ExportDialog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = exporting.export
    started: list[bool] = []

    def held(*args: Any) -> Any:
        # The export waits for the user's Cancel, then runs: kutip.reports stops at once.
        progress: Progress = args[-1]
        started.append(True)
        deadline = time.monotonic() + 10
        while not progress.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        return real(*args)

    monkeypatch.setattr(exporting, "export", held)
    folder = tmp_path / "out"
    folder.mkdir()
    dialog.set_format("docx")
    dialog.set_output_path(folder / "ringkasan.docx")
    with qtbot.waitSignal(dialog.export_failed, timeout=TIMEOUT) as signal:
        task = dialog.export()
        assert task is not None and dialog.busy
        assert not dialog.export_button.isEnabled()
        qtbot.waitUntil(lambda: bool(started))
        dialog.cancel_export()
    assert isinstance(signal.args[0], Cancelled)
    assert list(folder.iterdir()) == []  # neither the file nor a half-written one
    assert "cancelled" in dialog.status.text()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.export_button.isEnabled()
    assert dialog.isVisible()  # the user may export again


def test_the_preview_shows_the_first_codes_quotes_and_follows_the_options(
    qtbot: QtBot, dialog: ExportDialog, project: Project
) -> None:
    dialog.set_format("docx")
    with qtbot.waitSignal(dialog.preview_updated, timeout=TIMEOUT):
        dialog.update_preview()
    first = project.codes.all()[0]
    (segment,) = project.codings.all(code_id=first.id)
    preview = dialog.preview_text()
    assert first.name in preview
    assert quote_start(project, segment.id) in preview
    assert "Code summary" in preview

    # Unticking the first code takes it out (after a short pause, once).
    with qtbot.waitSignal(dialog.preview_updated, timeout=TIMEOUT):
        dialog.set_checked_codes(code_ids(project, "Kredibilitas"))
    preview = dialog.preview_text()
    assert quote_start(project, segment.id) not in preview
    assert "Kredibilitas" in preview

    # The report's language and citation style show in the preview.
    with qtbot.waitSignal(dialog.preview_updated, timeout=TIMEOUT):
        dialog.language_box.setCurrentIndex(dialog.language_box.findData("id"))
    assert "Ringkasan kode" in dialog.preview_text()

    with qtbot.waitSignal(dialog.preview_updated, timeout=TIMEOUT):
        dialog.set_format("qdpx")
    assert "REFI-QDA" in dialog.preview_text()
    assert not dialog.codes_tree.isEnabled() and not dialog.style_box.isEnabled()


def test_qdpx_export_writes_a_project_archive(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path
) -> None:
    dialog.set_format("qdpx")
    target = tmp_path / "proyek.qdpx"
    dialog.set_output_path(target)
    result = export(qtbot, dialog)
    assert list(result.paths) == [target]
    with zipfile.ZipFile(target) as archive:
        assert "project.qde" in archive.namelist()
    assert dialog.result_box is not None
    dialog.result_box.close()


def test_the_format_sets_the_suffix_and_the_options_it_uses(
    dialog: ExportDialog, project: Project
) -> None:
    dialog.set_format("docx")
    dialog.set_output_path("/tmp/laporan.docx")
    for format, suffix in (
        ("md", ".md"),
        ("xlsx", ".xlsx"),
        ("qdc", ".qdc"),
        ("codebook-docx", ".docx"),
        ("html", ".html"),
    ):
        dialog.set_format(format)
        path = dialog.output_path()
        assert path is not None and path.name == f"laporan{suffix}"
    dialog.set_format("pdf")
    assert dialog.output_path() == Path("/tmp/laporan")  # a folder
    dialog.set_format("csv")
    assert not dialog.charts_box.isEnabled() and not dialog.style_box.isEnabled()
    dialog.set_format("docx")
    assert dialog.charts_box.isEnabled() and dialog.style_box.isEnabled()
    assert with_suffix(Path("a/b.codebook.md"), "docx") == Path("a/b.codebook.docx")


def test_the_selection_is_everything_until_something_is_unticked(
    dialog: ExportDialog, project: Project
) -> None:
    assert dialog.selection() == Selection()
    informan_1 = project.cases.find("Informan 1")
    assert informan_1 is not None
    dialog.set_checked_cases([informan_1.id])
    kredibilitas = project.codes.find("Kredibilitas").id
    dialog.set_checked_codes([kredibilitas])
    assert dialog.selection() == Selection(codes=(kredibilitas,), cases=(informan_1.id,))
    dialog.set_all_codes(False)
    assert not dialog.export_button.isEnabled()
    assert "Tick at least one code" in dialog.status.text()


def test_the_options_are_remembered_for_the_next_export(
    qtbot: QtBot,
    host: QMainWindow,
    runner: TaskRunner,
    project: Project,
    dialog: ExportDialog,
    tmp_path: Path,
) -> None:
    dialog.set_format("xlsx")
    dialog.style_box.setCurrentIndex(dialog.style_box.findData("ieee"))
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("id"))
    dialog.matrix_box.setCurrentIndex(dialog.matrix_box.findData("presence"))
    dialog.charts_box.setChecked(False)
    dialog.set_output_path(tmp_path / "tabel.xlsx")
    export(qtbot, dialog)
    assert dialog.result_box is not None
    dialog.result_box.close()
    assert settings.EXPORT_STYLE.get() == "ieee"

    again = ExportDialog(host, project, runner)
    qtbot.addWidget(again)
    assert again.format() == "xlsx"
    assert again.style_box.currentData() == "ieee"
    assert again.language_box.currentData() == "id"
    assert again.matrix_box.currentData() == "presence"
    assert not again.charts_box.isChecked()
    assert again.output_path() == tmp_path / f"{project.path.stem}.xlsx"
    again.close()


def test_the_result_names_the_files_and_warnings_and_opens_their_folder(
    qtbot: QtBot, host: QMainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(export_dialog_module.QDesktopServices, "openUrl", opened.append)
    paths = [tmp_path / "laporan.md", tmp_path / "laporan.bib"]
    box = show_export_result(host, paths, ["“x” is not linked to a reference."])
    assert "laporan.md" in box.text() and "laporan.bib" in box.text()
    assert "not linked" in box.informativeText()
    assert box.icon() == QMessageBox.Icon.Warning
    button = next(b for b in box.buttons() if b.text() == "Open Folder")
    button.click()
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]


def test_the_dialog_offers_the_registrys_formats_in_its_order(dialog: ExportDialog) -> None:
    box = dialog.format_box
    offered = [(box.itemData(row), box.itemText(row)) for row in range(box.count())]
    assert offered == [(f.name, f.title) for f in exporting.FORMATS.values()]
    assert [name for name, _title in offered] == list(exporting.NAMES)  # the CLI's --format


def test_the_preview_is_the_body_of_the_html_export(
    qtbot: QtBot, dialog: ExportDialog, project: Project, tmp_path: Path
) -> None:
    dialog.set_format("html")
    dialog.set_checked_codes(code_ids(project, "Kredibilitas", "Aksesibilitas"))
    dialog.style_box.setCurrentIndex(dialog.style_box.findData("harvard"))
    dialog.charts_box.setChecked(False)
    with qtbot.waitSignal(dialog.preview_updated, timeout=TIMEOUT):
        dialog.update_preview()
    target = tmp_path / "ringkasan.html"
    dialog.set_output_path(target)
    export(qtbot, dialog)
    assert dialog.result_box is not None
    dialog.result_box.close()

    def body(html: str) -> str:
        return html.split("<body>", 1)[1].split("</body>", 1)[0]

    assert body(dialog.preview_html()) == body(target.read_text(encoding="utf-8"))
    assert "Aksesibilitas" in dialog.preview_text()
    assert dialog.preview_note.isHidden()  # nothing left out


def test_the_preview_says_what_it_leaves_out(
    qtbot: QtBot, dialog: ExportDialog, project: Project
) -> None:
    dialog.set_format("docx")
    dialog.charts_box.setChecked(True)
    with qtbot.waitSignal(dialog.preview_updated, timeout=TIMEOUT):
        dialog.update_preview()
    rest = len(project.codings.all()) - exporting.PREVIEW_QUOTES
    assert dialog.preview_note.text() == (
        f"… and {rest} more quotes in the exported file.\n"
        "The charts are drawn in the exported file only."
    )
    with qtbot.waitSignal(dialog.preview_updated, timeout=TIMEOUT):
        dialog.set_format("qdc")
    assert dialog.preview_note.text() == "The codes and cases ticked here do not apply."
