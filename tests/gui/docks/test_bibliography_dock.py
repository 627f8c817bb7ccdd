"""The bibliography dock: every reference with its sources and codings; editing, linking and
merging references, each one undo step."""

from __future__ import annotations

from gui_testing import DialogCatcher
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from kutip.gui.dialogs.reference_editor import ReferenceEditor
from kutip.gui.docks.bibliography_dock import BibliographyDock
from kutip.gui.docks.bibliography_model import BibliographyModel
from kutip.gui.main_window import MainWindow
from kutip.ingest.bib.bibtex import Person
from kutip.project import Project


def rows(dock: BibliographyDock) -> list[list[str]]:
    """The table as the user sees it (sorted, filtered)."""
    proxy = dock.proxy
    return [
        [str(proxy.index(row, column).data()) for column in range(proxy.columnCount())]
        for row in range(proxy.rowCount())
    ]


def open_bibliography(window: MainWindow) -> tuple[BibliographyDock, Project]:
    dock = window.bibliography_dock
    dock.raise_()
    assert window.project is not None
    return dock, window.project


def test_every_reference_with_its_kind_sources_and_codings(demo_window: MainWindow) -> None:
    dock, project = open_bibliography(demo_window)
    QAbstractItemModelTester(dock.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    table = rows(dock)
    assert len(table) == len(project.references.all()) == 10
    harahap = next(row for row in table if row[0] == "Harahap & O'Connor (2024)")
    assert harahap[1].startswith("Scroll, Share, Vote: How Social Media")
    assert harahap[2:] == ["Journal article", "social-media-campaigning-2024", "2"]
    assert next(row for row in table if row[0] == "Yin (1996)")[3:] == ["—", "0"]
    assert [row[0] for row in table] == sorted((row[0] for row in table), key=str.casefold)
    dock.filter_edit.setText("kampanye")
    assert {row[0] for row in rows(dock)} >= {"Pratama & Lestari (2024)"}
    assert all("ampanye" in " ".join(row) for row in rows(dock))


def test_a_reference_is_edited_in_the_editor_as_one_undo_step(
    demo_window: MainWindow, dialogs: DialogCatcher
) -> None:
    dock, project = open_bibliography(demo_window)
    before = project.references.get("yin1996")

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, ReferenceEditor)
        dialog.lines["title"].setText("Case Study Research in {Indonesia}")
        dialog.lines["subtitle"].setText("Design and Methods")
        dialog.lines["year"].setText("2003")
        dialog.authors.add(Person("Lestari", "Dewi"))
        dialog.accept()

    dock.select(["yin1996"])
    dialogs.arm(answer=fill)
    dock.edit_action.trigger()
    edited = project.references.get("yin1996")
    assert edited.title == "Case Study Research in Indonesia"
    assert edited.protected is not None and edited.protected["title"] == ("Indonesia",)
    assert edited.fields["subtitle"] == "Design and Methods"
    assert (edited.year, edited.authors) == ("2003", ("Yin, Robert K.", "Lestari, Dewi"))
    assert [r[0] for r in rows(dock) if r[0].startswith("Yin")] == ["Yin & Lestari (2003)"]
    assert demo_window.undo_action.text() == "&Undo Edit reference yin1996"
    demo_window.undo_action.trigger()
    assert project.references.get("yin1996") == before
    assert "Yin (1996)" in [r[0] for r in rows(dock)]


def test_sources_are_linked_and_unlinked_and_duplicates_merged(
    demo_window: MainWindow, dialogs: DialogCatcher, qtbot: QtBot
) -> None:
    dock, project = open_bibliography(demo_window)
    interview = next(s for s in project.sources.all() if s.title == "informan-01")

    def choose(text: str) -> None:
        def answer(dialog: QWidget) -> None:
            assert isinstance(dialog, QInputDialog)
            dialog.setTextValue(next(i for i in dialog.comboBoxItems() if text in i))
            dialog.accept()

        dialogs.arm(answer=answer)

    dock.select(["tellis1997"])
    choose("informan-01")
    dock.link_action.trigger()
    assert project.sources.get(interview.id).bib_key == "tellis1997"
    row = next(r for r in rows(dock) if r[0] == "Tellis (1997)")
    assert row[3:] == ["informan-01", str(len(project.codings.all(source_id=interview.id)))]

    dock.select(["tellis1997", "yin1996"])
    assert dock.merge_action.isEnabled() and not dock.link_action.isEnabled()
    choose("[tellis1997]")  # keep Tellis: Yin goes into it
    dock.merge_action.trigger()
    assert [e.citekey for e in project.references.all()].count("yin1996") == 0
    assert "Yin (1996)" not in [r[0] for r in rows(dock)]
    assert dock.selected_citekeys() == ["tellis1997"]
    demo_window.undo_action.trigger()  # the merge, as one step
    assert project.references.get("yin1996").title.startswith("Case Study Research")

    dock.select(["tellis1997"])
    assert dock.unlink_menu.isEnabled()
    dock.unlink_source(interview.id)
    assert project.sources.get(interview.id).bib_key is None
    assert next(r for r in rows(dock) if r[0] == "Tellis (1997)")[3] == "—"


def test_activating_a_reference_opens_its_source(demo_window: MainWindow, qtbot: QtBot) -> None:
    dock, project = open_bibliography(demo_window)
    row = dock.model.row_of("harahap2024")
    assert row is not None
    index = dock.proxy.mapFromSource(dock.model.index(row, BibliographyModel.TITLE))
    with qtbot.waitSignal(dock.source_activated) as opened:
        dock.view.activated.emit(index)
    (source_id,) = opened.args
    assert project.sources.get(source_id).bib_key == "harahap2024"
    qtbot.waitUntil(lambda: demo_window.current_source_id() == source_id)
    assert dock.view.horizontalHeader().sectionResizeMode(BibliographyModel.TITLE) == (
        dock.view.horizontalHeader().ResizeMode.Stretch
    )
    assert "[harahap2024]" in str(index.data(Qt.ItemDataRole.ToolTipRole))  # and the DOI
