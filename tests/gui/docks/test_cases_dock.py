"""The cases dock: a table of cases with typed attributes; sources and passages put in cases."""

from __future__ import annotations

import pytest
from gui_testing import DialogCatcher, source_rows
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import (
    QDateEdit,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kutip.gui.docks.cases_dock import AttributeDialog
from kutip.gui.docks.cases_model import CasesModel
from kutip.gui.main_window import MainWindow
from kutip.gui.viewer.text_view import SourceView
from kutip.model import AttributeScope, AttributeType, CaseSource
from kutip.project import Project

HEADERS = ["Case", "usia", "provinsi", "platform_utama", "pulau_jawa"]


def table(model: CasesModel) -> list[list[object]]:
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def headers(model: CasesModel) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def cell(window: MainWindow, case: str, attribute: str) -> QModelIndex:
    model = window.cases_dock.model
    assert window.project is not None
    found = window.project.cases.find(case)
    assert found is not None
    row = model.row_of(found.id)
    assert row is not None
    return model.index(row, headers(model).index(attribute))


def usia(project: Project, case: str = "Informan 1") -> str | None:
    found = project.cases.find(case)
    assert found is not None
    return project.cases.attribute_values(found.id, AttributeScope.CASE).get("usia")


def test_the_table_shows_a_column_per_attribute_with_the_demo_values(
    demo_window: MainWindow,
) -> None:
    model = demo_window.cases_dock.model
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert headers(model) == HEADERS
    assert table(model) == [
        ["Informan 1", "19", "Jawa Barat", "TikTok", "yes"],
        ["Informan 2", "18", "Sumatera Utara", "YouTube", "no"],
        ["Informan 3", "20", "Jawa Timur", "X", "yes"],
        ["Informan 4", "19", "Sulawesi Selatan", "WhatsApp", "no"],
    ]
    java = cell(demo_window, "Informan 1", "pulau_jawa")
    assert java.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.flags(java) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.flags(java) & Qt.ItemFlag.ItemIsEditable
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        "usia: whole number"
    )
    assert demo_window.cases_dock.isVisible()


def test_a_value_of_the_wrong_type_is_refused_with_a_message_and_nothing_changes(
    demo_window: MainWindow, dialogs: DialogCatcher, qtbot: QtBot
) -> None:
    project = demo_window.project
    assert project is not None
    index = cell(demo_window, "Informan 1", "usia")
    dialogs.arm()
    assert not demo_window.cases_dock.model.setData(index, "abc")
    qtbot.waitUntil(lambda: bool(dialogs.texts))
    assert dialogs.texts == ["Kutip\n'abc' is not a valid integer value.\n"]
    assert usia(project) == "19"
    assert index.data() == "19"
    assert demo_window.undo_stack.count() == 0


def test_a_whole_number_is_edited_in_a_spin_box_and_undone(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    project = demo_window.project
    assert project is not None
    view = demo_window.cases_dock.view
    index = cell(demo_window, "Informan 1", "usia")
    demo_window.cases_dock.raise_()
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    assert isinstance(editor, QSpinBox)
    assert editor.value() == 19
    editor.setValue(21)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # commits once the spin box has it
    qtbot.waitUntil(lambda: usia(project) == "21")
    assert view.indexWidget(index) is None
    assert index.data() == "21"
    assert demo_window.undo_action.text() == "&Undo Set 'usia'"
    demo_window.undo_action.trigger()
    assert usia(project) == "19"
    assert index.data() == "19"


def test_each_type_gets_its_own_editor_and_yes_no_is_a_tick(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    project = demo_window.project
    assert project is not None
    dock = demo_window.cases_dock
    dock.add_attribute("wawancara", AttributeType.DATE)
    view = dock.view
    date = cell(demo_window, "Informan 2", "wawancara")
    view.edit(date)
    editor = view.indexWidget(date)
    assert isinstance(editor, QDateEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # closes it, writing nothing
    assert dock.model.value_count(date.column()) == 0
    dock.model.setData(date, "2024-01-20")
    assert date.data() == "2024-01-20"

    province = cell(demo_window, "Informan 2", "provinsi")
    view.edit(province)
    line = view.indexWidget(province)
    assert isinstance(line, QLineEdit)
    completer = line.completer()
    assert completer is not None
    assert completer.model().rowCount() == 4  # the provinces used so far
    qtbot.keyClick(line, Qt.Key.Key_Escape)

    java = cell(demo_window, "Informan 2", "pulau_jawa")
    assert dock.model.setData(java, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    case = project.cases.find("Informan 2")
    assert case is not None
    assert project.cases.attribute_values(case.id, AttributeScope.CASE)["pulau_jawa"] == "true"

    view.setCurrentIndex(cell(demo_window, "Informan 2", "usia"))
    dock.clear_value_action.trigger()
    assert usia(project, "Informan 2") is None
    assert cell(demo_window, "Informan 2", "usia").data() is None


def test_cases_and_attributes_are_added_renamed_and_removed(
    demo_window: MainWindow, dialogs: DialogCatcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = demo_window.project
    assert project is not None
    dock = demo_window.cases_dock
    model = dock.model

    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Informan 5", True))
    dock.new_case_action.trigger()
    assert table(model)[-1] == ["Informan 5", None, None, None, None]
    assert dock.selected_case_id() == model.case_id(4)

    def new_attribute(dialog: QWidget) -> None:
        assert isinstance(dialog, AttributeDialog)
        dialog.name_edit.setText("pekerjaan")
        dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("text"))
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    dialogs.arm(answer=new_attribute)
    dock.new_attribute_action.trigger()
    assert headers(model) == [*HEADERS, "pekerjaan"]
    attribute = project.cases.find_attribute("pekerjaan", AttributeScope.CASE)
    assert attribute is not None and attribute.type is AttributeType.TEXT
    assert dock.selected_attribute_id() == attribute.id

    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("profesi", True))
    dock.rename_attribute_action.trigger()
    assert headers(model)[-1] == "profesi"

    assert model.setData(model.index(4, 0), "Informan 5 (Medan)")
    assert table(model)[-1][0] == "Informan 5 (Medan)"

    asked: list[str] = []

    def yes(_parent: object, _title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    dock.view.setCurrentIndex(cell(demo_window, "Informan 1", "usia"))
    dock.remove_attribute_action.trigger()
    assert (
        asked[-1] == "Remove the attribute 'usia' and its 4 values? You can undo this with Ctrl+Z."
    )
    assert "usia" not in headers(model)
    dock.select_case(model.case_id(0) or -1)
    dock.remove_case_action.trigger()
    assert asked[-1].startswith("Remove the case 'Informan 1'? Its sources stay in the project")
    assert table(model)[0][0] == "Informan 2"
    assert "informan-01" in source_rows(demo_window.sources_model)  # now among the others

    demo_window.undo_action.trigger()
    demo_window.undo_action.trigger()
    assert headers(model) == [*HEADERS, "profesi"]
    assert table(model)[0] == ["Informan 1", "19", "Jawa Barat", "TikTok", "yes", None]


def test_a_new_case_gets_the_source_in_front(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = demo_window.project
    assert project is not None
    dock = demo_window.cases_dock
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Informan 5", True))
    dock.new_case_action.trigger()
    case = project.cases.find("Informan 5")
    assert case is not None
    source = next(s for s in project.sources.all() if s.title == "informan-04")
    demo_window.show_source(source.id, pin=True)

    dock.add_source_action.trigger()

    assert project.cases.links(case.id) == [CaseSource(case.id, source.id, None, None)]
    assert "informan-04 — Informan 5" in source_rows(demo_window.sources_model)
    demo_window.undo_action.trigger()
    assert project.cases.links(case.id) == []


def test_a_selected_passage_of_a_transcript_goes_into_a_new_case(
    demo_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = demo_window.project
    assert project is not None
    source = next(s for s in project.sources.all() if s.title == "informan-02")
    demo_window.show_source(source.id, pin=True)
    view = demo_window.documents.current_view()
    assert isinstance(view, SourceView)
    action = demo_window.cases_dock.add_selection_action
    assert action in demo_window.coding_menu.actions()
    assert action in view.context_actions
    sentence = "Saya tinggal di sebuah desa di Tapanuli, lumayan jauh dari kota kabupaten."
    start = view.text.index(sentence)
    end = start + len(sentence)
    view.select_range(start, end + 1)  # the white space after it is trimmed
    choices: list[list[str]] = []

    def get_item(_parent: object, _title: str, _label: str, items: list[str], *args: object):
        choices.append(items)
        return "Diskusi kelompok", True

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    action.trigger()

    assert choices == [["Informan 1", "Informan 2", "Informan 3", "Informan 4"]]
    case = project.cases.find("Diskusi kelompok")
    assert case is not None
    assert project.cases.links(case.id) == [CaseSource(case.id, source.id, start, end)]
    assert "informan-02 (1 part) — Diskusi kelompok" in source_rows(demo_window.sources_model)
    assert demo_window.undo_stack.count() == 1
    demo_window.undo_action.trigger()
    assert project.cases.find("Diskusi kelompok") is None


def test_adding_a_selection_without_one_says_what_to_do(
    demo_window: MainWindow, dialogs: DialogCatcher
) -> None:
    dialogs.arm()
    demo_window.cases_dock.add_selection_action.trigger()
    assert dialogs.texts == [
        "Kutip\nSelect a passage in a document first, then add it to a case.\n"
    ]


def test_the_models_pass_qts_tester_through_edits(demo_window: MainWindow) -> None:
    project = demo_window.project
    assert project is not None
    models = [demo_window.cases_dock.model, demo_window.sources_model]
    testers = [
        QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Fatal)
        for m in models
    ]
    dock = demo_window.cases_dock
    case_id = dock.add_case("Informan 5").value
    attribute = dock.add_attribute("aktif", AttributeType.BOOLEAN).value
    dock.set_value(attribute, case_id, True)
    source = project.sources.all()[0].id
    dock.add_source(case_id, source)
    demo_window.sources_dock.remove_source(source)
    for _step in range(5):
        demo_window.undo_action.trigger()
    demo_window.close_project()
    assert testers
