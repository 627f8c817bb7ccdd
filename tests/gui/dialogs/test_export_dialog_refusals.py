"""The Export dialog refuses the targets the core refuses, says why, and keeps its state."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_testing import DialogCatcher
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from kutip.gui.core.tasks import TaskRunner
from kutip.gui.dialogs import export_dialog as export_dialog_module
from kutip.gui.dialogs.export_dialog import ExportDialog
from kutip.project import Project
from kutip.store import output


@pytest.fixture
def project(demo_path: Path) -> Iterator[Project]:
    with Project.open(demo_path) as opened:
        yield opened


@pytest.fixture
def dialog(qtbot: QtBot, project: Project) -> Iterator[ExportDialog]:
    host = QMainWindow()
    qtbot.addWidget(host)
    host.show()
    runner = TaskRunner(host)
    exporting = ExportDialog(host, project, runner)
    qtbot.addWidget(exporting)
    exporting.show()
    yield exporting
    exporting.close()
    assert runner.shutdown(20_000)


def _rows(project: Project) -> dict[str, list[tuple[object, ...]]]:
    tables = [
        r[0] for r in project.store.query("SELECT name FROM sqlite_master WHERE type='table'")
    ]
    return {
        t: sorted(map(tuple, project.store.query(f'SELECT * FROM "{t}"')), key=repr) for t in tables
    }


@pytest.mark.parametrize("format", ["docx", "md", "xlsx", "qdpx", "pdf"])
def test_exporting_onto_the_open_project_is_refused_with_a_message(
    qtbot: QtBot,
    dialog: ExportDialog,
    project: Project,
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
    format: str,
) -> None:
    started: list[Path] = []
    monkeypatch.setattr(output.Staging, "__init__", lambda _self, folder: started.append(folder))
    dialog.set_format(format)
    dialog.set_output_path(project.path)
    kredibilitas = project.codes.find("Kredibilitas").id
    dialog.set_checked_codes([kredibilitas])
    before = _rows(project)
    kept = project.path.read_bytes()

    dialogs.arm()
    assert dialog.export() is None

    qtbot.waitUntil(lambda: bool(dialogs.texts))
    assert f"{project.path.name} is a Kutip project" in dialogs.texts[0]
    # Nothing started, nothing written; the dialog is as the user left it.
    assert not dialog.busy and started == []
    assert dialog.isVisible() and dialog.format() == format
    assert dialog.output_path() == project.path
    assert dialog.checked_codes() == [kredibilitas]
    assert _rows(project) == before and project.path.read_bytes() == kept


def test_browse_keeps_the_path_when_the_chosen_file_is_refused(
    qtbot: QtBot,
    dialog: ExportDialog,
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    dialog.set_format("docx")
    chosen = tmp_path / "hasil.docx"
    chosen.mkdir()  # a folder, where a file was expected
    earlier = tmp_path / "ringkasan.docx"
    dialog.set_output_path(earlier)
    monkeypatch.setattr(
        export_dialog_module.QFileDialog,
        "getSaveFileName",
        lambda *_args, **_kwargs: (str(chosen), ""),
    )
    dialogs.arm()
    dialog.browse()
    qtbot.waitUntil(lambda: bool(dialogs.texts))
    assert "is a folder" in dialogs.texts[0]
    assert dialog.output_path() == earlier
