"""A code's description (definition, when to use and not, example, memo), edited in a dialog."""

from __future__ import annotations

from gui_testing import DialogCatcher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from kutip.gui.coding.code_description import FIELDS, CodeDescriptionDialog
from kutip.gui.main_window import MainWindow


def test_the_code_description_dialog_saves_every_field_in_one_undo_step(
    demo_window: MainWindow, dialogs: DialogCatcher
) -> None:
    project = demo_window.project
    assert project is not None
    code = project.codes.find("Konten")
    before = project.codes.get(code.id)
    demo_window.codebook_dock.select_code(code.id)
    written = {name: f"{name} of Konten" for name in FIELDS}

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, CodeDescriptionDialog)
        assert dialog.editors["definition"].toPlainText() == before.definition
        assert dialog.editors["definition_en"].toPlainText() == before.definition_en
        # Each language's texts on a tab of its own; the interface's language (English) shown.
        tabs = dialog.languages
        assert [tabs.tabText(i) for i in range(tabs.count())] == ["Indonesian", "English"]
        assert tabs.currentIndex() == 1
        assert tabs.widget(1).isAncestorOf(dialog.editors["definition_en"])
        assert tabs.widget(0).isAncestorOf(dialog.editors["definition"])
        for name, text in written.items():
            dialog.editors[name].setPlainText(f"  {text}\n")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    dialogs.arm(answer=answer)
    demo_window.codebook_dock.describe_code_action.trigger()

    after = project.codes.get(code.id)
    assert {name: getattr(after, name) for name in FIELDS} == written
    assert demo_window.undo_action.text() == "&Undo Describe code 'Konten'"
    assert demo_window.undo_stack.count() == 1
    assert demo_window.codebook_model.index_of(code.id).data(Qt.ItemDataRole.ToolTipRole) == (
        "definition_en of Konten"  # the interface is in English
    )
    demo_window.undo_action.trigger()
    assert project.codes.get(code.id) == before


def test_an_unchanged_description_is_not_an_undo_step(
    demo_window: MainWindow, dialogs: DialogCatcher
) -> None:
    project = demo_window.project
    assert project is not None
    demo_window.codebook_dock.select_code(project.codes.find("Teknologi").id)
    dialogs.arm(
        answer=lambda dialog: (
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        )
    )
    demo_window.codebook_dock.describe_code_action.trigger()
    assert demo_window.undo_stack.count() == 0
