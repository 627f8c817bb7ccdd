"""One edit bus: an edit made through the core reaches every dock, with no window to pass it on."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QThread
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from kutip.gui.coding.controller import CodingController
from kutip.gui.core.edit_bus import EditBus
from kutip.gui.core.tasks import TaskRunner
from kutip.gui.docks.cases_dock import CasesDock
from kutip.gui.docks.codebook_dock import CodebookDock
from kutip.gui.docks.journal_dock import JournalDock
from kutip.gui.docks.search_dock import SearchDock
from kutip.gui.docks.sources_dock import SourcesDock
from kutip.gui.viewer.document_tabs import Documents
from kutip.gui.viewer.text_view import SourceView
from kutip.project import Edit, Project


@pytest.fixture
def project(demo_path: Path) -> Iterator[Project]:
    with Project.open(demo_path) as opened:
        yield opened


@pytest.fixture
def host(qtbot: QtBot) -> QMainWindow:
    """A bare main window: nothing of ``MainWindow`` takes part."""
    window = QMainWindow()
    qtbot.addWidget(window)
    return window


@pytest.fixture
def edits(host: QMainWindow, project: Project) -> Iterator[EditBus]:
    bus = EditBus(host)
    bus.set_project(project)
    yield bus
    bus.set_project(None)


def _rows(model: Any, column: int = 0) -> list[str]:
    return [str(model.index(row, column).data()) for row in range(model.rowCount())]


def test_an_edit_through_the_core_shows_in_every_dock(
    qtbot: QtBot, host: QMainWindow, edits: EditBus, project: Project, tmp_path: Path
) -> None:
    stack = QUndoStack(host)
    runner = TaskRunner(host, max_threads=1)
    sources = SourcesDock(stack, edits, host)
    codebook = CodebookDock(stack, edits, host)
    cases = CasesDock(stack, edits, lambda: None, lambda: None, host)
    journal = JournalDock(stack, edits, host)
    search = SearchDock(host, runner, stack, edits, cache_dir=tmp_path / "cache")
    documents = Documents(edits)
    coding = CodingController(host, stack, edits, lambda: project, documents.current_view)
    for dock in (sources, codebook, cases, journal, search):
        dock.set_project(project)
    coding.refresh_codes()
    informan = next(s for s in project.sources.all() if s.title == "informan-01")
    view = documents.show_source(project, informan.id)
    assert isinstance(view, SourceView)
    first = project.codes.all()[0]
    codings_before = len(view.highlights)
    try:
        project.sources.rename(informan.id, "Informan Satu")
        project.codes.rename(first.id, "Akses Internet")
        project.codings.apply(informan.id, 0, 20, first.id)
        project.cases.add("Informan 9")
        project.memos.add("Catatan lapangan", "Sinyal lemah di desa.")

        # Edits made on the GUI thread arrive before the call returns: no waiting.
        assert any("Informan Satu" in row for row in _tree_labels(sources))
        assert "Akses Internet" in _rows(codebook.model)
        assert "Informan 9" in _rows(cases.model)
        assert "Catatan lapangan" in _rows(journal.model)
        filters = [search.code_filter.itemText(r) for r in range(search.code_filter.count())]
        assert "Akses Internet" in filters
        assert coding.code_actions[0].text() == "Akses Internet"
        assert len(view.highlights) == codings_before + 1
        assert documents.tabs.tabText(documents.tabs.indexOf(view)) == "Informan Satu"
    finally:
        search.set_project(None)
        documents.close_all()
        assert runner.shutdown(10_000)


def _tree_labels(dock: SourcesDock) -> list[str]:
    labels: list[str] = []

    def walk(parent: Any) -> None:
        for row in range(dock.model.rowCount(parent)):
            index = dock.model.index(row, 0, parent)
            labels.append(str(index.data()))
            walk(index)

    walk(QModelIndex())
    return labels


def test_an_edit_made_on_a_worker_arrives_on_the_gui_thread(
    qtbot: QtBot, edits: EditBus, project: Project
) -> None:
    heard: list[tuple[Edit[Any], bool]] = []
    edits.edited.connect(
        lambda edit: heard.append(
            (edit, QThread.currentThread() is QApplication.instance().thread())
        )
    )
    worker = threading.Thread(target=lambda: project.cases.add("Informan 10"))
    worker.start()
    worker.join()
    assert heard == []  # not on the worker: it waits for the GUI thread's event loop
    qtbot.waitUntil(lambda: bool(heard), timeout=5000)
    (edit, on_gui_thread), *_ = heard
    assert "cases" in edit.tables and on_gui_thread


def test_an_edit_of_a_project_closed_meanwhile_is_not_delivered(
    qtbot: QtBot, edits: EditBus, project: Project
) -> None:
    heard: list[Edit[Any]] = []
    edits.edited.connect(heard.append)
    worker = threading.Thread(target=lambda: project.cases.add("Informan 11"))
    worker.start()
    worker.join()
    edits.set_project(None)  # the window closes the project before the edit arrives
    QApplication.processEvents()
    assert heard == []
    project.cases.add("Informan 12")  # and the bus no longer listens to it
    assert heard == []
