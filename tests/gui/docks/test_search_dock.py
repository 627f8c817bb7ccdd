"""The search dock: queries off the GUI thread, hits by source, errors inline, coding hits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gui_testing import DialogCatcher
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialogButtonBox, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from kutip.gui.core import settings
from kutip.gui.core.edit_bus import EditBus
from kutip.gui.core.tasks import TaskRunner
from kutip.gui.dialogs.autocode_dialog import AutocodeDialog
from kutip.gui.docks import search_dock as search_dock_module
from kutip.gui.docks.search_dock import SearchDock
from kutip.gui.docks.search_model import COUNT_ROLE, HIT_ROLE, SNIPPET_ROLE, SearchResultsModel
from kutip.gui.docks.search_widgets import query_help_html
from kutip.project import Project
from kutip.search import Hit, Scope
from kutip.search.autocode import sentence_around
from kutip.services.search_index import hit_locations

Checked = Qt.CheckState.Checked
Unchecked = Qt.CheckState.Unchecked
CHECK = Qt.ItemDataRole.CheckStateRole


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Indexes go to the test's folder, never to the user's cache (also via the variable)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("KUTIP_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def reported(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """Errors the dock would show in a message box (none is expected: a box would block)."""
    errors: list[BaseException] = []
    monkeypatch.setattr(search_dock_module, "report", lambda _parent, error: errors.append(error))
    return errors


@pytest.fixture
def host(qtbot: QtBot) -> QMainWindow:
    """The window's part: it owns the task runner, the undo stack and the docks."""
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(1000, 560)
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
def edits(host: QMainWindow) -> EditBus:
    return EditBus(host)


@pytest.fixture
def project(demo_path: Path) -> Iterator[Project]:
    with Project.open(demo_path) as opened:
        yield opened


def make_dock(runner: TaskRunner, stack: QUndoStack, edits: EditBus, cache_dir: Path) -> SearchDock:
    host = runner.parent()
    assert isinstance(host, QMainWindow)
    dock = SearchDock(host, runner, stack, edits, cache_dir=cache_dir)
    host.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    host.show()
    return dock


@pytest.fixture
def dock(
    qtbot: QtBot,
    runner: TaskRunner,
    stack: QUndoStack,
    edits: EditBus,
    project: Project,
    cache_dir: Path,
    reported: list[BaseException],
) -> Iterator[SearchDock]:
    searching = make_dock(runner, stack, edits, cache_dir)
    edits.set_project(project)  # as the window does: the dock hears of edits through the bus
    with qtbot.waitSignal(searching.index_ready, timeout=20_000):
        searching.set_project(project)
    yield searching
    searching.set_project(None)  # closes the index before the project closes
    edits.set_project(None)
    assert not reported, reported


def run_query(qtbot: QtBot, dock: SearchDock, query: str) -> None:
    """Type ``query`` in the box and press Enter; wait for the results."""
    edit = dock.query_box.lineEdit()
    edit.clear()
    qtbot.keyClicks(edit, query)
    with qtbot.waitSignal(dock.search_finished, timeout=20_000):
        qtbot.keyClick(edit, Qt.Key.Key_Return)


def groups(model: SearchResultsModel) -> list[QModelIndex]:
    return [model.index(row, 0) for row in range(model.rowCount())]


def hit_index(model: SearchResultsModel, group: int, row: int, column: int = 0) -> QModelIndex:
    return model.index(row, column, model.index(group, 0))


def all_hits(model: SearchResultsModel) -> list[Hit]:
    return [
        model.index(row, 0, group).data(HIT_ROLE)
        for group in groups(model)
        for row in range(model.rowCount(group))
    ]


# -- searching ------------------------------------------------------------------------------


def test_typing_a_query_and_enter_shows_hits_grouped_by_source_with_counts_and_snippets(
    qtbot: QtBot, dock: SearchDock, project: Project
) -> None:
    run_query(qtbot, dock, "kampanye")

    model = dock.model
    assert model.rowCount() >= 3  # the articles and several interviews speak of it
    titles = {source.id: source.title for source in project.sources.all()}
    seen_sources = []
    for group in groups(model):
        count = model.rowCount(group)
        source_id = model.index(0, 0, group).data(HIT_ROLE).source_id
        seen_sources.append(source_id)
        assert group.data(COUNT_ROLE) == count >= 1
        label = group.data()
        assert titles[source_id] in label and str(count) in label
        assert model.flags(group) & Qt.ItemFlag.ItemIsUserCheckable
        assert dock.view.isFirstColumnSpanned(group.row(), QModelIndex())
        assert dock.view.isExpanded(group)
        text = project.sources.text(source_id)
        starts = []
        for row in range(count):
            hit = model.index(row, 0, group).data(HIT_ROLE)
            assert hit.source_id == source_id
            assert model.index(row, 0, group).data()  # where: "¶ 3", a speaker, "p. 4"
            snippet = model.index(row, 1, group).data(SNIPPET_ROLE)
            assert snippet.marks, "every hit shows its matched words"
            assert all(
                snippet.text[s:e].casefold().startswith("kampanye") for s, e in snippet.marks
            )
            assert "kampanye" in model.index(row, 1, group).data().casefold()
            assert all(text[s:e].casefold().startswith("kampanye") for s, e in hit.matches)
            starts.append(hit.spans[0][0])
        assert starts == sorted(starts), "a source's hits are in text order"
    assert len(set(seen_sources)) == len(seen_sources), "one group per source"
    results = dock.results()
    assert results is not None and len(results.hits) == model.hit_count()
    assert f"{model.hit_count()} hits in {model.rowCount()} sources" in dock.status.text()
    assert not dock.error_label.isVisible()


def test_a_query_with_no_hits_says_so(qtbot: QtBot, dock: SearchDock) -> None:
    run_query(qtbot, dock, "zzyzxqq")
    assert dock.model.rowCount() == 0
    assert "No hits for zzyzxqq" in dock.status.text()


def test_a_syntax_error_is_shown_inline_with_its_position(
    qtbot: QtBot, dock: SearchDock, reported: list[BaseException]
) -> None:
    run_query(qtbot, dock, "kampanye")
    assert dock.model.rowCount()

    run_query(qtbot, dock, "kampanye AND (hoaks")

    assert dock.error_label.isVisible()
    message = dock.error_label.text()
    assert "never closed" in message and "character 14" in message
    assert dock.query_box.lineEdit().cursorPosition() == 13  # at the "("
    assert dock.model.rowCount() == 0  # not the hits of the previous query
    assert not reported  # no message box
    assert "kampanye AND (hoaks" not in dock.history()

    qtbot.keyClicks(dock.query_box.lineEdit(), ")")  # editing the query hides the error
    assert not dock.error_label.isVisible()


def test_leaving_the_query_box_does_not_search_again(qtbot: QtBot, dock: SearchDock) -> None:
    # Qt "activates" the history item matching the text when the box loses the focus; a
    # search then would throw away the hits just checked.
    edit = dock.query_box.lineEdit()
    dock.window().activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=2000)
    run_query(qtbot, dock, "hoaks")
    assert "hoaks" in dock.history()
    dock.model.setData(hit_index(dock.model, 0, 0), Checked, CHECK)

    dock.view.setFocus()
    qtbot.waitUntil(dock.view.hasFocus, timeout=2000)
    qtbot.wait(50)
    assert not dock.busy
    assert dock.model.checked_count() == 1

    # Another query of the history typed, and the box left without Enter: no search either.
    settings.add_search_history("kampanye")
    dock._remember("kampanye")
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=2000)
    dock.query_box.setEditText("kampanye")
    dock.view.setFocus()
    qtbot.waitUntil(dock.view.hasFocus, timeout=2000)
    qtbot.wait(50)
    assert not dock.busy
    assert dock.model.checked_count() == 1
    assert dock.results() is not None and dock.results().query == "hoaks"

    # Picking another query from the history list does search.
    run_query(qtbot, dock, "kampanye")
    edit.setFocus()
    with qtbot.waitSignal(dock.search_finished, timeout=20_000):
        dock.query_box.setEditText("hoaks")  # as choosing it from the list does
        dock.query_box.textActivated.emit("hoaks")
    assert dock.results() is not None and dock.results().query == "hoaks"


def test_a_search_overtaken_by_a_syntax_error_shows_nothing(qtbot: QtBot, dock: SearchDock) -> None:
    dock.search("kampanye")
    assert dock.busy
    dock.search("kampanye AND (hoaks")  # at once, while the first runs
    assert dock.error_label.isVisible()
    qtbot.waitUntil(lambda: not dock.busy, timeout=20_000)
    qtbot.wait(20)
    assert dock.model.rowCount() == 0 and dock.results() is None
    assert dock.error_label.isVisible()
    assert "hits" not in dock.status.text()


def test_exact_words_and_the_code_filters_search_again(
    qtbot: QtBot, dock: SearchDock, project: Project
) -> None:
    run_query(qtbot, dock, "kampanye")
    every = {(h.source_id, h.spans) for h in all_hits(dock.model)}

    coded = project.codings.all()[0]
    code_row = dock.code_filter.findData(coded.code_id)
    assert code_row > 0
    with qtbot.waitSignal(dock.search_finished, timeout=20_000):
        dock.uncoded_box.setChecked(True)
    uncoded = all_hits(dock.model)
    for hit in uncoded:
        assert not any(
            s.source_id == hit.source_id and s.start <= a and b <= s.end
            for s in project.codings.all()
            for a, b in hit.matches
        )

    with qtbot.waitSignal(dock.search_finished, timeout=20_000):
        dock.code_filter.setCurrentIndex(code_row)
    assert not dock.uncoded_box.isChecked()  # one filter or the other
    in_code = project.codings.all(code_id=coded.code_id)
    for hit in all_hits(dock.model):
        assert all(
            any(s.source_id == hit.source_id and s.start <= a and b <= s.end for s in in_code)
            for a, b in hit.matches
        )

    with qtbot.waitSignal(dock.search_finished, timeout=20_000):
        dock.code_filter.setCurrentIndex(0)
    assert {(h.source_id, h.spans) for h in all_hits(dock.model)} == every

    with qtbot.waitSignal(dock.search_finished, timeout=20_000):
        dock.exact_box.setChecked(True)
    assert dock.results() is not None and dock.results().exact


def test_while_the_index_is_built_a_search_waits_and_says_so(
    qtbot: QtBot,
    runner: TaskRunner,
    stack: QUndoStack,
    edits: EditBus,
    project: Project,
    cache_dir: Path,
    reported: list[BaseException],
) -> None:
    dock = make_dock(runner, stack, edits, cache_dir)
    dock.set_project(project)
    try:
        # The build runs on a worker; its end reaches the dock only through the event loop.
        with qtbot.waitSignal(dock.search_finished, timeout=20_000):
            dock.search("hoaks")
            assert dock.busy
            assert dock.status.text().startswith("The index is being built (")
            assert dock.model.rowCount() == 0
        assert dock.model.hit_count() >= 3
    finally:
        dock.set_project(None)
    assert not reported


def test_the_syntax_help_lists_examples_that_fill_the_box(qtbot: QtBot, dock: SearchDock) -> None:
    assert "speaker:" in query_help_html() and "year:[2019 TO 2024]" in query_help_html()
    dock.show_syntax_help()
    assert dock._help is not None and dock._help.isVisible() and not dock._help.isModal()
    dock._help.example_chosen.emit('"ujaran kebencian"')
    assert dock.query_box.currentText() == '"ujaran kebencian"'
    examples = [a for a in dock.help_menu.actions() if "\t" in a.text()]
    assert len(examples) >= 10
    examples[0].trigger()
    assert dock.query_box.currentText() == examples[0].text().split("\t")[0]


# -- history --------------------------------------------------------------------------------


def test_the_query_history_persists_across_dock_instances(
    qtbot: QtBot,
    dock: SearchDock,
    runner: TaskRunner,
    stack: QUndoStack,
    edits: EditBus,
    cache_dir: Path,
) -> None:
    run_query(qtbot, dock, "hoaks")
    run_query(qtbot, dock, "kampanye")
    run_query(qtbot, dock, "hoaks")  # again: moves to the top, once
    assert dock.history()[:2] == ["hoaks", "kampanye"]

    again = make_dock(runner, stack, edits, cache_dir)
    assert again.history() == ["hoaks", "kampanye"]
    assert again.query_box.currentText() == ""  # the box starts empty

    for number in range(30):
        settings.add_search_history(f"query {number}")
    history = settings.SEARCH_HISTORY.get()
    assert len(history) == settings.MAX_SEARCH_HISTORY == 20
    assert history[0] == "query 29"


# -- the model ------------------------------------------------------------------------------


def test_the_results_model_passes_the_model_tester(
    qtbot: QtBot, dock: SearchDock, qtmodeltester: Any
) -> None:
    qtmodeltester.check(dock.model, force_py=False)
    run_query(qtbot, dock, "kampanye OR hoaks")
    assert dock.model.rowCount() > 1
    qtmodeltester.check(dock.model, force_py=False)
    dock.model.setData(hit_index(dock.model, 0, 0), Checked, CHECK)
    dock.model.setData(dock.model.index(1, 0), Checked, CHECK)
    qtmodeltester.check(dock.model, force_py=False)


def test_group_check_boxes_are_tristate(qtbot: QtBot, dock: SearchDock) -> None:
    run_query(qtbot, dock, "kampanye")
    model = dock.model
    group = next(g for g in groups(model) if model.rowCount(g) > 1)
    assert group.data(CHECK) == Unchecked
    assert not dock.code_button.isEnabled()

    assert model.setData(model.index(0, 0, group), Checked, CHECK)
    assert group.data(CHECK) == Qt.CheckState.PartiallyChecked
    assert dock.code_button.isEnabled()
    assert dock.checked_label.text() == "1 checked"

    assert model.setData(group, Checked, CHECK)
    assert group.data(CHECK) == Checked
    rows = model.rowCount(group)
    assert all(model.index(r, 0, group).data(CHECK) == Checked for r in range(rows))
    assert model.checked_count() == rows

    assert model.setData(group, Unchecked.value, CHECK)  # as an int, as some views send it
    assert model.checked_count() == 0
    assert not dock.code_button.isEnabled()

    # Space checks the current hit from any column, keyboard first.
    dock.view.setCurrentIndex(model.index(1, SearchResultsModel.SNIPPET, group))
    qtbot.keyClick(dock.view, Qt.Key.Key_Space)
    assert model.index(1, 0, group).data(CHECK) == Checked
    qtbot.keyClick(dock.view, Qt.Key.Key_Space)
    assert model.index(1, 0, group).data(CHECK) == Unchecked


# -- activating a hit -----------------------------------------------------------------------


def test_activating_a_hit_emits_its_source_and_exact_offsets(
    qtbot: QtBot, dock: SearchDock, project: Project
) -> None:
    dock.exact_box.setChecked(True)
    run_query(qtbot, dock, "hoaks")
    model = dock.model
    transcript = next(
        g
        for g in groups(model)
        if project.sources.turns(model.index(0, 0, g).data(HIT_ROLE).source_id)
    )
    index = model.index(0, 1, transcript)
    hit = index.data(HIT_ROLE)

    with qtbot.waitSignal(dock.hit_activated, timeout=2000) as signal:
        dock.view.activated.emit(index)

    source_id, start, end, matches = signal.args
    text = project.sources.text(source_id)
    assert source_id == hit.source_id
    assert text[start:end].casefold() == "hoaks"
    assert matches and all(text[s:e].casefold() == "hoaks" for s, e in matches)
    # The transcript has an emoji before the match: offsets are code points, not UTF-16.
    assert any(ord(char) > 0xFFFF for char in text[:start])

    # Moving to a hit with the keyboard or a click shows it too; a group row does not.
    other = model.index(0, 0, next(g for g in groups(model) if g != transcript))
    with qtbot.waitSignal(dock.hit_activated, timeout=2000) as moved:
        dock.view.setCurrentIndex(other)
    assert moved.args[0] == other.data(HIT_ROLE).source_id
    with qtbot.assertNotEmitted(dock.hit_activated):
        dock.view.setCurrentIndex(transcript)


def test_hits_without_a_page_or_speaker_are_placed_by_paragraph(
    qtbot: QtBot, dock: SearchDock, project: Project
) -> None:
    run_query(qtbot, dock, "hoaks")
    for hit in all_hits(dock.model):
        if hit.location:
            continue
        (place,) = hit_locations(project, [hit])
        number = int(place.removeprefix("¶ "))
        text = project.sources.text(hit.source_id)
        paragraphs = [line for line in text[: hit.spans[0][0]].split("\n") if line.strip()]
        assert number == len(paragraphs)


# -- coding checked hits --------------------------------------------------------------------


def choose(code: str, scope: Scope, seen: dict[str, Any]) -> Any:
    """An answer for the autocode dialog: pick ``code`` and ``scope``, note the preview, OK."""

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, AutocodeDialog)
        seen["preselected"] = dialog.code_box.currentText()
        dialog.code_box.setEditText(code)
        dialog.set_scope(scope)
        seen["summary"] = dialog.summary.text()
        seen["passages"] = [dialog.passages.item(i).text() for i in range(dialog.passages.count())]
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen["ok_enabled"] = ok.isEnabled()
        seen["ok_text"] = ok.text()
        if ok.isEnabled():
            ok.click()
        else:
            dialog.reject()

    return answer


def test_checking_two_hits_and_coding_them_by_sentence_is_one_undo_step(
    qtbot: QtBot,
    dock: SearchDock,
    project: Project,
    stack: QUndoStack,
    dialogs: DialogCatcher,
) -> None:
    run_query(qtbot, dock, "hoaks")
    model = dock.model
    first, second = groups(model)[:2]
    model.setData(model.index(0, 0, first), Checked, CHECK)
    model.setData(model.index(0, 0, second), Checked, CHECK)
    checked = dock.checked_hits()
    assert len(checked) == 2
    code = project.codes.find("Kredibilitas")
    before = {s.id for s in project.codings.all()}
    dock.current_code = lambda: project.codes.find("Aksesibilitas").id

    seen: dict[str, Any] = {}
    dialogs.arm(answer=choose("Kredibilitas", Scope.SENTENCE, seen))
    qtbot.mouseClick(dock.code_button, Qt.MouseButton.LeftButton)

    assert seen["preselected"] == "Aksesibilitas"  # the codebook's current code
    assert seen["summary"] == "2 passages will be coded 'Kredibilitas'."
    assert seen["ok_text"] == "Code 2 passages"
    assert len(seen["passages"]) == 2
    new = [s for s in project.codings.all() if s.id not in before]
    assert len(new) == 2
    sentences = sorted(
        (hit.source_id, *sentence_around(project.sources.text(hit.source_id), *hit.spans[0]))
        for hit in checked
    )
    assert sorted((s.source_id, s.start, s.end) for s in new) == sentences
    for segment in new:
        assert segment.code_id == code.id
        coded = project.sources.text(segment.source_id)[segment.start : segment.end]
        assert "hoaks" in coded.casefold() and len(coded.split()) > 3  # the sentence around
    assert stack.count() == 1
    assert stack.undoText() == "Code 2 hits 'Kredibilitas'"
    assert model.checked_count() == 0  # the next selection starts afresh
    assert "2 passages coded 'Kredibilitas'" in dock.status.text()

    stack.undo()  # Ctrl+Z
    assert {s.id for s in project.codings.all()} == before
    stack.redo()
    assert len({s.id for s in project.codings.all()} - before) == 2


def test_the_preview_skips_passages_already_coded_with_the_code(
    qtbot: QtBot,
    dock: SearchDock,
    project: Project,
    stack: QUndoStack,
    dialogs: DialogCatcher,
) -> None:
    run_query(qtbot, dock, "hoaks")
    model = dock.model
    model.set_all_checked(True)
    code = project.codes.find("Kredibilitas")
    edit = dock.autocode(code.id, Scope.HIT)
    assert (edit is not None and len(edit.value) == model.hit_count()) or edit.value

    model.set_all_checked(True)
    seen: dict[str, Any] = {}
    dialogs.arm(answer=choose("kredibilitas", Scope.HIT, seen))  # case does not matter
    assert dock.code_selected_hits() is None  # nothing left to code: the dialog is cancelled
    assert "are skipped: they are already coded so" in seen["summary"]
    assert seen["summary"].startswith("0 passages")
    assert not seen["ok_enabled"]
    assert all("(already coded so)" in line for line in seen["passages"])
    assert stack.count() == 1


def test_the_autocode_dialog_previews_each_scope(
    qtbot: QtBot, dock: SearchDock, project: Project
) -> None:
    run_query(qtbot, dock, "kampanye")
    dock.model.set_all_checked(True)
    dialog = AutocodeDialog(project, dock.checked_hits(), None, dock)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.code_box.currentText() == "" and not ok.isEnabled()
    assert "Choose the code" in dialog.summary.text()

    dialog.code_box.setEditText("Kampanye Politik")
    counts = {}
    for scope in Scope:
        dialog.set_scope(scope)
        assert dialog.plan is not None and dialog.plan.scope is scope
        assert dialog.summary.text() == dialog.plan.summary()
        counts[scope] = len(dialog.plan.ranges) + len(dialog.plan.skipped)
    # Wider scopes merge hits that share a sentence, a paragraph, a turn.
    assert counts[Scope.HIT] >= counts[Scope.SENTENCE] >= counts[Scope.PARAGRAPH]
    assert ok.isEnabled()

    dialog.code_box.setEditText("no such code")
    assert dialog.plan is None and not ok.isEnabled()


def test_the_code_filter_follows_the_codebook(
    qtbot: QtBot, dock: SearchDock, project: Project
) -> None:
    names = [dock.code_filter.itemText(r) for r in range(dock.code_filter.count())]
    assert "Kredibilitas" in names
    project.codes.add("Hoaks dan Disinformasi")
    names = [dock.code_filter.itemText(r) for r in range(dock.code_filter.count())]
    assert "Hoaks dan Disinformasi" in names


def test_without_a_project_the_dock_is_idle(
    qtbot: QtBot, runner: TaskRunner, stack: QUndoStack, edits: EditBus, cache_dir: Path
) -> None:
    dock = make_dock(runner, stack, edits, cache_dir)
    assert dock.index is None and not dock.query_box.isEnabled()
    dock.search("kampanye")
    assert dock.model.rowCount() == 0 and not dock.busy
    assert "Open a project" in dock.status.text()
