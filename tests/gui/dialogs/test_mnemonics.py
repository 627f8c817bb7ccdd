"""Labels with a keyboard mnemonic ("&Language:") have a buddy to give the focus to: without
one, Qt shows the "&" itself. Checked over the window and the dialogs with forms."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from kutip.gui.coding.code_description import CodeDescriptionDialog
from kutip.gui.core.tasks import TaskRunner
from kutip.gui.dialogs.agreement_dialog import AgreementDialog
from kutip.gui.dialogs.autocode_dialog import AutocodeDialog
from kutip.gui.dialogs.export_dialog import ExportDialog
from kutip.gui.dialogs.import_dialogs import ImportOptionsDialog
from kutip.gui.dialogs.ocr import OcrDialog
from kutip.gui.dialogs.reference_editor import ReferenceEditor
from kutip.gui.dialogs.source_properties import SourcePropertiesDialog
from kutip.gui.main_window import MainWindow

#: An "&" that makes a mnemonic: not doubled ("&&" shows one "&"), not an entity ("&amp;").
MNEMONIC = re.compile(r"(?<!&)&(?!&)(?![#\w]+;)\w")


def labels_without_buddy(widget: QWidget) -> list[str]:
    return [
        label.text()
        for label in widget.findChildren(QLabel)
        if MNEMONIC.search(label.text().replace("&&", "")) and label.buddy() is None
    ]


def test_every_mnemonic_label_has_a_buddy(
    demo_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    project = demo_window.project
    assert project is not None
    source = next(s for s in project.sources.all() if s.kind == "pdf" and s.bib_key)
    assert source.bib_key is not None
    code = project.codes.all()[0]
    runner = TaskRunner(demo_window)
    assert labels_without_buddy(demo_window) == []  # the docks (before any dialog is made)
    dialogs: list[QWidget] = [
        SourcePropertiesDialog(project, source.id, demo_window),
        ReferenceEditor(project.references.get(source.bib_key), parent=demo_window),
        ExportDialog(demo_window, project, runner),
        AutocodeDialog(project, [], code.id, demo_window),
        AgreementDialog(project, QUndoStack(demo_window), demo_window.edits, demo_window),
        ImportOptionsDialog([tmp_path / "a.pdf"], ["Informan 1"], True, demo_window),
        OcrDialog(source.title, "ind+eng", demo_window),
        CodeDescriptionDialog(code, code.name, demo_window),
    ]
    for dialog in dialogs:
        assert labels_without_buddy(dialog) == [], dialog.objectName()
    assert runner.shutdown(10_000)


def test_names_with_an_ampersand_show_it_on_menus_buttons_and_tabs(
    demo_window: MainWindow,
) -> None:
    """A code, case or reference named with "&" shows the "&" as typed: a menu, a button or a
    tab would read it as a shortcut mark ("Regulasi _Kebijakan") unless it is doubled."""
    project = demo_window.project
    assert project is not None
    code = next(c for c in project.codes.all() if c.name == "Regulasi dan Kebijakan")
    project.codes.rename(code.id, "Regulasi & Kebijakan")
    dock = demo_window.retrieval_dock
    dock.set_codes([code.id])
    shown = [a.text().strip() for a in dock.codes_menu.actions() if a.data() == code.id]
    assert shown == ["Regulasi && Kebijakan"]
    assert dock.codes_button.text() == "Regulasi && Kebijakan"
    assert "Regulasi & Kebijakan" in dock.codes_button.toolTip()

    source = next(
        s for s in project.sources.all() if s.kind == "pdf" and s.bib_key == "pratama2024"
    )
    demo_window.show_source(source.id, pin=True)
    tabs = demo_window.documents.tabs
    assert tabs.tabText(tabs.currentIndex()) == "Pratama && Lestari (2024)"
