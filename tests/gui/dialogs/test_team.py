"""Team work in the window: who codes (asked once, shown, changed in Settings), File ▸ Merge
Project with its summary and one undo step, and the agreement dialog."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from gui_testing import DialogCatcher
from PySide6.QtWidgets import QApplication, QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from kutip.gui.core import settings
from kutip.gui.dialogs.agreement_dialog import AgreementDialog
from kutip.gui.main_window import MainWindow
from kutip.gui.viewer.text_view import SourceView
from kutip.project import Project
from kutip_testing import dump_tables, text_draft

TEXT = (
    "Informan 1: Saya tahu debat dari TikTok 😀 dan grup WhatsApp keluarga.\n"
    "Kadang-kadang saya cek dulu ke situs berita, karena banyak hoaks.\n"
)


def phrase(project: Project, text: str) -> tuple[int, int]:
    start = project.sources.text(1).index(text)
    return start, start + len(text)


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    """Alice's and Bob's copies of one project, each coded on its own."""
    base = tmp_path / "base.kutip"
    with Project.create(base, codebook="empty", coder="Alice") as project:
        project.sources.add(text_draft(TEXT, title="informan-1"))
        project.codes.add("Sumber")
        project.codes.add("Kredibilitas")
    alice, bob = tmp_path / "alice.kutip", tmp_path / "bob.kutip"
    shutil.copy(base, alice)
    shutil.copy(base, bob)
    for path, coder, coded in (
        (alice, "Alice", [("TikTok 😀 dan grup WhatsApp", "Sumber"), ("cek dulu", "Kredibilitas")]),
        (bob, "Bob", [("TikTok 😀", "Sumber"), ("cek dulu", "Kredibilitas")]),
    ):
        with Project.open(path, coder=coder) as project:
            for text, code in coded:
                project.codings.apply(1, *phrase(project, text), project.codes.find(code).id)
    return alice, bob


def type_name(name: str):  # type: ignore[no-untyped-def]
    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue(name)
        dialog.accept()

    return answer


def test_the_window_asks_who_codes_once_and_shows_it(
    window: MainWindow,
    copies: tuple[Path, Path],
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("KUTIP_CODER")
    alice, _bob = copies
    dialogs.arm(answer=type_name("Citra"))
    assert window.open_project(alice)
    assert window.project is not None and window.project.coder.name == "Citra"
    assert window.coders.label.text() == "Coder: Citra"
    assert settings.CODER_NAME.get() == "Citra"
    window.close_project()
    assert window.open_project(alice)  # not asked again: nothing is armed, nothing blocks
    assert window.project is not None and window.project.coder.name == "Citra"


def test_settings_change_who_codes(
    window: MainWindow,
    copies: tuple[Path, Path],
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.CODER_NAME.set("tester")
    monkeypatch.delenv("KUTIP_CODER")
    alice, _bob = copies
    assert window.open_project(alice)
    assert window.coders.label.text() == "Coder: tester"
    dialogs.arm(answer=type_name("Dewi"))
    window.coder_action.trigger()
    assert window.project is not None and window.project.coder.name == "Dewi"
    assert window.coders.label.text() == "Coder: Dewi"
    assert settings.CODER_NAME.get() == "Dewi"


def test_merging_a_project_shows_a_summary_and_is_one_undo_step(
    window: MainWindow, copies: tuple[Path, Path], qtbot: QtBot
) -> None:
    alice, bob = copies
    assert window.open_project(alice)
    project = window.project
    assert project is not None
    before = dump_tables(project)
    window.merger.merge(bob)
    qtbot.waitUntil(lambda: window.merger.summary is not None, timeout=10_000)
    summary = window.merger.summary
    assert summary is not None
    assert "2 codings" in summary.counts.text() and "1 coders" in summary.counts.text()
    names = {c.id: c.name for c in project.coders.all()}
    assert sorted(names[s.coder_id or 0] for s in project.codings.all()) == [
        "Alice", "Alice", "Bob", "Bob",
    ]  # fmt: skip
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == "Merge bob.kutip"
    summary.close()
    window.undo_stack.undo()
    assert dump_tables(project) == before


def test_the_agreement_dialog_lists_codes_and_passages_and_settles_one(
    window: MainWindow, copies: tuple[Path, Path], qtbot: QtBot, tmp_path: Path
) -> None:
    alice, bob = copies
    assert window.open_project(alice)
    project = window.project
    assert project is not None
    window.merger.merge(bob)
    qtbot.waitUntil(lambda: window.merger.summary is not None, timeout=10_000)
    window.merger.summary.close()  # type: ignore[union-attr]
    window.agreement_action.trigger()
    dialog = window.coders.agreement_dialog
    assert isinstance(dialog, AgreementDialog) and dialog.isVisible()
    dialog.coder_a.setCurrentIndex(dialog.coder_a.findText("Alice"))
    dialog.coder_b.setCurrentIndex(dialog.coder_b.findText("Bob"))
    table = dialog.table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert set(rows) == {"Sumber", "Kredibilitas", "All codes"}
    assert table.item(rows["Kredibilitas"], 1).text() == "100.0 %"
    assert table.item(rows["Kredibilitas"], 2).text() == "1.000"
    assert table.horizontalHeaderItem(4).text() == "Alice"
    passages = dialog.passages
    assert passages.rowCount() == 1  # Sumber: "TikTok 😀 dan grup WhatsApp" against "TikTok 😀"
    assert passages.item(0, 2).text() == "«TikTok 😀 dan grup WhatsApp»"
    assert passages.item(0, 3).text() == "«TikTok 😀»"

    passages.selectRow(0)
    dialog.show_button.click()
    view = window.documents.current_view()
    assert isinstance(view, SourceView) and view.source_id == 1
    start, end = phrase(project, "TikTok 😀 dan grup WhatsApp")
    assert view.selected_range() == (start, end)

    report = dialog.export(tmp_path / "kesepakatan.docx", "docx")
    document = docx.Document(str(report))
    assert any(p.text == "Inter-coder agreement" for p in document.paragraphs)

    before = dump_tables(project)
    assert dialog.accept_a.text() == "Accept Alice's Version"
    dialog.accept_a.click()
    assert dialog.passages.rowCount() == 0  # settled: the lists were computed again
    bob_id = project.coders.named("Bob").id
    bobs = [project.codings.text(s) for s in project.codings.all() if s.coder_id == bob_id]
    assert sorted(bobs) == ["TikTok 😀 dan grup WhatsApp", "cek dulu"]
    window.undo_stack.undo()
    assert dump_tables(project) == before
    assert dialog.passages.rowCount() == 1
    window.close_project()
    QApplication.processEvents()
    assert window.coders.agreement_dialog is None


def test_stripes_show_each_coders_codings_side_by_side(
    window: MainWindow, copies: tuple[Path, Path], qtbot: QtBot
) -> None:
    alice, bob = copies
    assert window.open_project(alice)
    project = window.project
    assert project is not None
    window.merger.merge(bob)
    qtbot.waitUntil(lambda: window.merger.summary is not None, timeout=10_000)
    window.merger.summary.close()  # type: ignore[union-attr]
    window.show_source(1, pin=True)
    view = window.documents.current_view()
    assert isinstance(view, SourceView)
    stripes = view.stripes
    assert [lane.name for lane in stripes.lanes] == ["Sumber", "Kredibilitas"]
    window.side_by_side_action.setChecked(True)
    assert [lane.name for lane in stripes.lanes] == [
        "Sumber · Alice", "Sumber · Bob", "Kredibilitas · Alice", "Kredibilitas · Bob",
    ]  # fmt: skip
    assert len(stripes.bars()) == 4 and len({bar.lane for bar in stripes.bars()}) == 4
    bob_id = project.coders.named("Bob").id
    stripes.set_coders(side_by_side=True, only=bob_id)
    assert {bar.highlight.coder_name for bar in stripes.bars()} == {"Bob"}
    window.show_source(1)  # a view opened later follows the menu too
    window.side_by_side_action.setChecked(False)
    assert [lane.name for lane in stripes.lanes] == ["Sumber", "Kredibilitas"]


def test_retrieval_filters_compare_a_coder_with_another(
    qtbot: QtBot, copies: tuple[Path, Path]
) -> None:
    from kutip.gui.docks.retrieval_filters import RetrievalFilters
    from kutip.reports import Run
    from kutip.reports.retrieval import CombineMode, retrieve
    from kutip.services.merge import merge_project

    alice, bob = copies
    with Project.open(alice) as project:
        merge_project(project, bob)
        filters = RetrievalFilters()
        qtbot.addWidget(filters)
        filters.set_project(project)
        assert not filters.run_box.isEnabled()  # no coder chosen: nothing to compare
        alice_id, bob_id = project.coders.named("Alice").id, project.coders.named("Bob").id
        filters.set_coder_filter(alice_id)
        assert [filters.run_box.itemText(i) for i in range(filters.run_box.count())] == [
            "all their codings", "not coded by Bob", "also coded by Bob",
        ]  # fmt: skip
        codes = tuple(c.id for c in project.codes.all())

        def texts() -> list[str]:
            query = filters.query(codes, CombineMode.ANY)
            return sorted(row.quote for row in retrieve(project, query).rows)

        assert texts() == ["TikTok 😀 dan grup WhatsApp", "cek dulu"]
        filters.set_coder_run(bob_id, Run.BOTH)  # both coded these, overlapping: all four
        assert texts() == ["TikTok 😀", "TikTok 😀 dan grup WhatsApp", "cek dulu", "cek dulu"]
        filters.set_coder_run(bob_id, Run.A_ONLY)
        assert texts() == []  # every coding of Alice's has one of Bob's over it
        filters.clear()
        assert filters.run_box.currentData() is None and not filters.run_box.isEnabled()
