"""The retrieval dock: codes combined and filtered, cited rows, jumping to them, exporting them."""

from __future__ import annotations

import csv
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from kutip.gui.core.edit_bus import EditBus
from kutip.gui.core.items import ID_ROLE
from kutip.gui.core.tasks import TaskRunner
from kutip.gui.docks import retrieval_dock as retrieval_dock_module
from kutip.gui.docks.retrieval_dock import RetrievalDock
from kutip.gui.docks.retrieval_model import ROW_ROLE, RetrievalModel
from kutip.model import AttributeScope, Segment
from kutip.project import Project
from kutip.reports.retrieval import CombineMode

TIMEOUT = 20_000


@pytest.fixture
def reported(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """Errors the dock would show in a message box (none is expected: a box would block)."""
    errors: list[BaseException] = []
    monkeypatch.setattr(
        retrieval_dock_module, "report", lambda _parent, error: errors.append(error)
    )
    return errors


@pytest.fixture
def host(qtbot: QtBot) -> QMainWindow:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(1100, 500)
    return window


@pytest.fixture
def runner(host: QMainWindow) -> Iterator[TaskRunner]:
    tasks = TaskRunner(host)
    yield tasks
    assert tasks.shutdown(10_000)


@pytest.fixture
def stack(host: QMainWindow) -> QUndoStack:
    return QUndoStack(host)


@pytest.fixture
def project(demo_path: Path) -> Iterator[Project]:
    with Project.open(demo_path) as opened:
        yield opened


def make_dock(host: QMainWindow, runner: TaskRunner, stack: QUndoStack) -> RetrievalDock:
    edits = EditBus(host)
    dock = RetrievalDock(host, runner, stack, edits)
    host.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    host.show()
    return dock


def open_in(dock: RetrievalDock, project: Project | None) -> None:
    """What the window does on opening a project: the edit bus and the dock follow it."""
    bus = dock.parent().findChild(EditBus)  # the host's, as the window's bus is
    assert bus is not None
    bus.set_project(project)
    dock.set_project(project)


@pytest.fixture
def dock(
    qtbot: QtBot,
    host: QMainWindow,
    runner: TaskRunner,
    stack: QUndoStack,
    project: Project,
    reported: list[BaseException],
) -> Iterator[RetrievalDock]:
    retrieving = make_dock(host, runner, stack)
    open_in(retrieving, project)
    yield retrieving
    open_in(retrieving, None)
    assert runner.shutdown(10_000)
    assert not reported, reported


def wait(qtbot: QtBot, dock: RetrievalDock, change: Callable[[], object]) -> None:
    """Make ``change`` and wait until the list shows its answer."""
    with qtbot.waitSignal(dock.retrieved, timeout=TIMEOUT):
        change()


def code_ids(project: Project, *names: str) -> list[int]:
    return [project.codes.find(name).id for name in names]


def listed(dock: RetrievalDock) -> list[int]:
    return [row.segment_id for row in dock.rows()]


def overlap(a: Segment, b: Segment) -> bool:
    return a.source_id == b.source_id and a.start < b.end and b.start < a.end


def source_of_case(project: Project, name: str) -> int:
    case = project.cases.find(name)
    assert case is not None
    (link,) = project.cases.links(case.id)
    return link.source_id


# -- combining codes ------------------------------------------------------------------------


def test_two_codes_in_or_and_and_not_modes_list_the_right_codings(
    qtbot: QtBot, dock: RetrievalDock, project: Project
) -> None:
    kredibilitas, teknologi = code_ids(project, "Kredibilitas", "Teknologi")
    first = project.codings.all(code_id=kredibilitas)
    second = project.codings.all(code_id=teknologi)

    wait(qtbot, dock, lambda: dock.set_codes([kredibilitas, teknologi]))
    assert dock.mode() is CombineMode.ANY
    assert sorted(listed(dock)) == sorted(s.id for s in first + second)

    wait(qtbot, dock, lambda: dock.set_mode(CombineMode.ALL))
    both = [s.id for s in first if any(overlap(s, t) for t in second)] + [
        t.id for t in second if any(overlap(t, s) for s in first)
    ]
    assert both, "the demo codes one sentence of Informan 1 with both"
    assert sorted(listed(dock)) == sorted(both)

    wait(qtbot, dock, lambda: dock.set_mode(CombineMode.NOT))
    only_first = [s.id for s in first if not any(overlap(s, t) for t in second)]
    assert only_first
    assert sorted(listed(dock)) == sorted(only_first)
    assert {row.code_id for row in dock.rows()} == {kredibilitas}

    # NOT takes the first code as given: the other way round, Teknologi without Kredibilitas.
    wait(qtbot, dock, lambda: dock.set_codes([teknologi, kredibilitas]))
    assert sorted(listed(dock)) == sorted(
        t.id for t in second if not any(overlap(t, s) for s in first)
    )
    assert "Teknologi, Kredibilitas" in dock.codes_button.text()


def test_the_codes_menu_adds_codes_after_those_chosen(
    qtbot: QtBot, dock: RetrievalDock, project: Project
) -> None:
    kredibilitas, konten = code_ids(project, "Kredibilitas", "Konten")
    wait(qtbot, dock, lambda: dock.set_codes([kredibilitas]))
    action = next(a for a in dock.codes_menu.actions() if a.data() == konten)
    assert not action.isChecked()
    wait(qtbot, dock, action.trigger)
    assert dock.codes() == [kredibilitas, konten]
    assert sorted(listed(dock)) == sorted(
        s.id for c in (kredibilitas, konten) for s in project.codings.all(code_id=c)
    )
    clear = next(a for a in dock.codes_menu.actions() if a.text() == "Clear the Codes")
    wait(qtbot, dock, clear.trigger)
    assert dock.codes() == [] and dock.model.rowCount() == 0
    assert "Choose codes" in dock.status.text()


# -- filters --------------------------------------------------------------------------------


def all_codes(project: Project) -> list[int]:
    return [code.id for code in project.codes.all()]


def test_filtering_by_case_lists_only_that_informants_codings(
    qtbot: QtBot, dock: RetrievalDock, project: Project
) -> None:
    wait(qtbot, dock, lambda: dock.set_codes(all_codes(project)))
    assert len(dock.rows()) == len(project.codings.all())
    case = project.cases.find("Informan 1")
    assert case is not None

    wait(qtbot, dock, lambda: dock.set_case_filter(case.id))

    source_id = source_of_case(project, "Informan 1")
    assert sorted(listed(dock)) == sorted(s.id for s in project.codings.all(source_id=source_id))
    assert {row.cases for row in dock.rows()} == {("Informan 1",)}

    wait(qtbot, dock, dock.clear_filters)
    assert len(dock.rows()) == len(project.codings.all())


def test_filtering_by_an_attribute_value_lists_only_informants_outside_java(
    qtbot: QtBot, dock: RetrievalDock, project: Project
) -> None:
    wait(qtbot, dock, lambda: dock.set_codes(all_codes(project)))
    attribute = project.cases.find_attribute("pulau_jawa", AttributeScope.CASE)
    assert attribute is not None
    dock.set_attribute_filter(attribute.id)
    value_box = dock.filters.value_box
    values = [value_box.itemData(row) for row in range(1, value_box.count())]
    assert sorted(values) == ["false", "true"]
    assert value_box.itemText(value_box.findData("false")) == "no"

    wait(qtbot, dock, lambda: dock.set_attribute_filter(attribute.id, "false"))

    outside = {source_of_case(project, name) for name in ("Informan 2", "Informan 4")}
    expected = [s.id for s in project.codings.all() if s.source_id in outside]
    assert expected and sorted(listed(dock)) == sorted(expected)
    assert {case for row in dock.rows() for case in row.cases} == {"Informan 2", "Informan 4"}


def test_filtering_by_coder_and_source(
    qtbot: QtBot,
    host: QMainWindow,
    runner: TaskRunner,
    stack: QUndoStack,
    demo_path: Path,
    reported: list[BaseException],
) -> None:
    # A second coder codes one passage (on her own laptop, say) before the project is opened.
    with Project.open(demo_path, coder="Rina") as rina:
        source_id = source_of_case(rina, "Informan 3")
        text = rina.sources.text(source_id)
        start = text.index("Dosen saya")
        rina_coding = rina.codings.apply(
            source_id, start, start + 40, rina.codes.find("Kredibilitas").id
        ).value
        rina_id = rina.coder.id
    with Project.open(demo_path) as project:
        dock = make_dock(host, runner, stack)
        open_in(dock, project)
        wait(qtbot, dock, lambda: dock.set_codes(all_codes(project)))
        assert rina_coding in listed(dock)

        wait(qtbot, dock, lambda: dock.set_coder_filter(rina_id))
        assert listed(dock) == [rina_coding]
        assert dock.rows()[0].coder == "Rina"

        # Rina, chosen last, is who codes now: the demo's coder is the other one.
        (demo_coder,) = {s.coder_id for s in project.codings.all()} - {rina_id}
        wait(qtbot, dock, lambda: dock.set_coder_filter(demo_coder))
        assert rina_coding not in listed(dock)
        assert len(dock.rows()) == len(project.codings.all()) - 1

        wait(qtbot, dock, lambda: dock.set_coder_filter(None))
        wait(qtbot, dock, lambda: dock.set_source_filter(source_id))
        assert sorted(listed(dock)) == sorted(
            s.id for s in project.codings.all(source_id=source_id)
        )
        open_in(dock, None)
        assert runner.shutdown(10_000)
    assert not reported


# -- rows -----------------------------------------------------------------------------------


def test_rows_show_quote_citation_code_source_and_memo(
    qtbot: QtBot, dock: RetrievalDock, project: Project
) -> None:
    wait(qtbot, dock, lambda: dock.set_codes(all_codes(project)))
    model = dock.model
    citations = [
        model.index(row, RetrievalModel.CITATION).data() for row in range(model.rowCount())
    ]
    assert "(Pratama & Lestari, 2024, p. 45)" in citations
    informan_2 = source_of_case(project, "Informan 2")
    for row in range(model.rowCount()):
        record = model.index(row, 0).data(ROW_ROLE)
        assert model.index(row, RetrievalModel.CITATION).data() == record.citation_text
        if record.source_id == informan_2:
            assert record.citation_text.startswith("(Informan 2, 00:"), record.citation_text
        segment = project.codings.get(record.segment_id)
        quote = model.index(row, RetrievalModel.QUOTE).data()
        assert " ".join(project.codings.text(segment).split()) in quote
        assert model.index(row, RetrievalModel.CODE).data() == project.codes.path(segment.code_id)
        assert (
            model.index(row, RetrievalModel.SOURCE).data()
            == project.sources.get(segment.source_id).title
        )
        assert model.index(row, RetrievalModel.MEMO).data() == " ".join(segment.memo.split())
        assert model.index(row, 0).data(ID_ROLE) == segment.id
    pratama = next(r for r in dock.rows() if r.citation_text.startswith("(Pratama"))
    assert "Relawan di kampus" in pratama.quote
    assert "codings in" in dock.status.text()


def test_double_click_and_enter_emit_the_codings_exact_offsets(
    qtbot: QtBot, dock: RetrievalDock, project: Project
) -> None:
    wait(qtbot, dock, lambda: dock.set_codes(code_ids(project, "Aksesibilitas", "Kredibilitas")))
    assert dock.model.rowCount() >= 2
    for row in range(2):
        record = dock.rows()[row]
        segment = project.codings.get(record.segment_id)
        view = dock.view
        rect = view.visualRect(dock.model.index(row, RetrievalModel.CITATION))
        assert rect.isValid()
        # A double click is a press, a release, then the double click (QTest sends the last).
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        with qtbot.waitSignal(dock.segment_activated, timeout=2000) as signal:
            qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert signal.args == [segment.source_id, segment.start, segment.end, segment.id]

    view.setFocus()
    view.setCurrentIndex(dock.model.index(0, 0))
    segment = project.codings.get(dock.rows()[0].segment_id)
    with qtbot.waitSignal(dock.segment_activated, timeout=2000) as signal:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert signal.args == [segment.source_id, segment.start, segment.end, segment.id]


def test_the_model_passes_the_model_tester_through_refreshes(
    qtbot: QtBot, dock: RetrievalDock, project: Project, qtmodeltester: Any
) -> None:
    qtmodeltester.check(dock.model, force_py=False)
    wait(qtbot, dock, lambda: dock.set_codes(all_codes(project)))
    qtmodeltester.check(dock.model, force_py=False)
    wait(qtbot, dock, lambda: dock.set_mode(CombineMode.ALL))
    qtmodeltester.check(dock.model, force_py=False)


# -- keeping up with the project ------------------------------------------------------------


def test_the_list_follows_edits_made_here_and_on_a_worker(
    qtbot: QtBot, dock: RetrievalDock, project: Project
) -> None:
    kredibilitas = project.codes.find("Kredibilitas").id
    wait(qtbot, dock, lambda: dock.set_codes([kredibilitas]))
    before = len(dock.rows())
    source_id = source_of_case(project, "Informan 4")
    text = project.sources.text(source_id)
    start = text.index("grup alumni")

    wait(qtbot, dock, lambda: project.codings.apply(source_id, start, start + 11, kredibilitas))
    assert len(dock.rows()) == before + 1

    threads: list[QThread] = []
    dock.retrieved.connect(lambda: threads.append(QThread.currentThread()))
    worker = threading.Thread(
        target=lambda: project.codings.apply(source_id, start, start + 20, kredibilitas)
    )
    with qtbot.waitSignal(dock.retrieved, timeout=TIMEOUT):
        worker.start()
        worker.join()
    assert len(dock.rows()) == before + 2
    assert threads == [QApplication.instance().thread()]

    # A code deleted is no longer asked for.
    wait(qtbot, dock, lambda: project.codes.delete(kredibilitas))
    assert dock.codes() == [] and dock.model.rowCount() == 0


def test_editing_a_memo_from_the_list_is_undoable(
    qtbot: QtBot,
    dock: RetrievalDock,
    project: Project,
    stack: QUndoStack,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Editor:
        DialogCode = retrieval_dock_module.MemoEditor.DialogCode

        def __init__(self, *_args: object) -> None:
            pass

        def exec(self) -> Any:
            return self.DialogCode.Accepted

        def memo(self) -> str:
            return "Dibandingkan dengan literatur."

        def deleteLater(self) -> None:  # noqa: N802 - Qt's name
            pass

    monkeypatch.setattr(retrieval_dock_module, "MemoEditor", Editor)
    wait(qtbot, dock, lambda: dock.set_codes(code_ids(project, "Konten")))
    row = dock.rows()[0]
    wait(qtbot, dock, lambda: dock.edit_memo(row))
    assert dock.rows()[0].memo == "Dibandingkan dengan literatur."
    assert stack.count() == 1
    wait(qtbot, dock, stack.undo)
    assert dock.rows()[0].memo == row.memo


def test_closing_the_project_clears_the_list(
    qtbot: QtBot, dock: RetrievalDock, project: Project
) -> None:
    wait(qtbot, dock, lambda: dock.set_codes(all_codes(project)))
    assert dock.model.rowCount()
    wait(qtbot, dock, lambda: open_in(dock, None))
    assert dock.model.rowCount() == 0
    assert not dock.export_button.isEnabled() and not dock.view.isEnabled()
    assert dock.filters.source_box.count() == 1


# -- exporting the list ---------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def export(qtbot: QtBot, dock: RetrievalDock, path: Path, format: str) -> Any:
    with qtbot.waitSignal(dock.list_exported, timeout=60_000) as signal:
        task = dock.export_list(path, format)
        assert task is not None
    box = dock.result_box
    assert box is not None and path.name in box.text()
    box.close()
    return signal.args[0]


def test_exporting_the_list_as_csv_writes_its_rows(
    qtbot: QtBot, dock: RetrievalDock, project: Project, tmp_path: Path
) -> None:
    codes = code_ids(project, "Kredibilitas", "Teknologi")
    wait(qtbot, dock, lambda: dock.set_codes(codes))
    target = tmp_path / "out" / "list.csv"
    target.parent.mkdir()

    result = export(qtbot, dock, target, "csv")

    assert list(result.paths) == [target]
    rows = read_csv(target)
    assert len(rows) == len(dock.rows()) == 4
    quotes = sorted(row["text"] for row in rows)
    assert quotes == sorted(row.quote for row in dock.rows())
    assert {row["code"] for row in rows} == {"Kredibilitas", "Teknologi"}

    # An AND list is exported as listed, not as every coding of its codes.
    wait(qtbot, dock, lambda: dock.set_mode(CombineMode.ALL))
    assert len(dock.rows()) == 2
    narrowed = tmp_path / "out" / "and.csv"
    export(qtbot, dock, narrowed, "csv")
    assert sorted(r["text"] for r in read_csv(narrowed)) == sorted(r.quote for r in dock.rows())
    assert sorted(p.name for p in target.parent.iterdir()) == ["and.csv", "list.csv"]


def test_a_hidden_dock_retrieves_when_it_shows_again(
    qtbot: QtBot, dock: RetrievalDock, project: Project
) -> None:
    kredibilitas = project.codes.find("Kredibilitas").id
    wait(qtbot, dock, lambda: dock.set_codes([kredibilitas]))
    before = len(dock.rows())
    dock.hide()
    source_id = source_of_case(project, "Informan 4")
    start = project.sources.text(source_id).index("grup alumni")
    project.codings.apply(source_id, start, start + 11, kredibilitas)
    qtbot.wait(300)
    assert len(dock.rows()) == before  # no work for a list nobody sees
    wait(qtbot, dock, dock.show)
    assert len(dock.rows()) == before + 1
