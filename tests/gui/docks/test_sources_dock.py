"""The sources dock: literature by citation, transcripts by case, properties and removal."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_testing import DialogCatcher, source_rows
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QIcon
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from kutip.gui.dialogs.source_properties import AS_DETECTED, SourcePropertiesDialog
from kutip.gui.docks.sources_model import SourcesModel
from kutip.gui.main_window import MainWindow
from kutip.ingest.drafts import FLAG_NO_TEXT_LAYER, SourceDraft
from kutip.model import SourceKind
from kutip.project import Project


def children(model: SourcesModel, parent: QModelIndex) -> list[QModelIndex]:
    return [model.index(row, 0, parent) for row in range(model.rowCount(parent))]


def source_id(project: Project, title: str) -> int:
    return next(s.id for s in project.sources.all() if s.title == title)


def select(window: MainWindow, source: int) -> QModelIndex:
    index = window.sources_model.source_indexes(source)[0]
    window.sources_view.setCurrentIndex(index)
    return index


def test_literature_shows_by_citation_and_transcripts_under_their_cases(
    demo_window: MainWindow,
) -> None:
    model = demo_window.sources_model
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    literature, cases = children(model, QModelIndex())
    assert (literature.data(), cases.data()) == ("Literature (2)", "Cases (4)")
    assert [i.data() for i in children(model, literature)] == [
        "Harahap & O'Connor (2024)",
        "Pratama & Lestari (2024)",
    ]
    pratama = children(model, literature)[1]
    tooltip = pratama.data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("Kampanye Digital dan Pemilih Muda: Antara Antusiasme")
    assert "Source: kampanye-digital-pemilih-muda" in tooltip
    assert [
        (case.data(), [i.data() for i in children(model, case)]) for case in children(model, cases)
    ] == [
        ("Informan 1", ["informan-01"]),
        ("Informan 2", ["informan-02"]),
        ("Informan 3", ["informan-03"]),
        ("Informan 4", ["informan-04"]),
    ]
    assert demo_window.sources_view.isExpanded(cases)
    informan_1 = children(model, cases)[0]
    assert informan_1.data(Qt.ItemDataRole.ToolTipRole) == (
        "Informan 1\nusia: 19\nprovinsi: Jawa Barat\nplatform_utama: TikTok\npulau_jawa: true"
    )
    # Selecting a citation shows its PDF.
    demo_window.sources_view.setCurrentIndex(pratama)
    view = demo_window.documents.current_view()
    assert view is not None
    assert view.source_id == model.source_id(pratama)


def test_a_flagged_source_has_a_badge_that_says_why(demo_window: MainWindow) -> None:
    project = demo_window.project
    assert project is not None
    draft = SourceDraft(
        title="pindaian",
        text="",
        kind=SourceKind.PDF,
        file_name="pindaian.pdf",
        mime="application/pdf",
        data=b"%PDF-1.7 scanned pages",
        flags=(FLAG_NO_TEXT_LAYER,),
    )
    new_id = project.sources.add(draft).value
    assert "pindaian" in source_rows(demo_window.sources_model)
    index = demo_window.sources_model.source_indexes(new_id)[0]
    assert index.parent().data() == "Literature (3)"  # a PDF, not yet linked to its reference
    icon = index.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and not icon.isNull()
    assert "No text layer" in index.data(Qt.ItemDataRole.ToolTipRole)
    plain = demo_window.sources_model.source_indexes(source_id(project, "informan-01"))[0]
    assert plain.data(Qt.ItemDataRole.DecorationRole) is None


def test_collapsed_groups_stay_collapsed_after_an_edit(demo_window: MainWindow) -> None:
    model = demo_window.sources_model
    literature = model.index(0, 0)
    demo_window.sources_view.collapse(literature)
    project = demo_window.project
    assert project is not None
    project.cases.add("Informan 5")  # a new row: the tree is read again
    assert model.index(1, 0).data() == "Cases (5)"
    assert not demo_window.sources_view.isExpanded(model.index(0, 0))
    assert demo_window.sources_view.isExpanded(model.index(1, 0))


def test_the_properties_dialog_changes_several_things_in_one_undo_step(
    demo_window: MainWindow, dialogs: DialogCatcher
) -> None:
    project = demo_window.project
    assert project is not None
    pdf = source_id(project, "social-media-campaigning-2024")
    before = project.sources.get(pdf)
    assert before.bib_key == "harahap2024"
    select(demo_window, pdf)
    seen: list[str] = []

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, SourcePropertiesDialog)
        seen.append(dialog.page_hint.text())
        assert dialog.first_page_spin.value() == AS_DETECTED
        assert dialog.first_page_spin.text() == "as detected"
        dialog.title_edit.setText("Scroll, share, vote (draft)")
        dialog.reference_combo.setCurrentIndex(dialog.reference_combo.findData("jansen2017"))
        dialog.first_page_spin.setValue(100)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    dialogs.arm(answer=answer)
    demo_window.sources_dock.properties_action.trigger()

    assert seen == ["3 pages, now numbered 211–213."]
    after = project.sources.get(pdf)
    assert (after.title, after.bib_key, after.first_page) == (
        "Scroll, share, vote (draft)",
        "jansen2017",
        100,
    )
    assert project.sources.pages(pdf)[0].label == "100"
    assert "Jansen (2017)" in source_rows(demo_window.sources_model)
    assert demo_window.undo_stack.count() == 1
    assert demo_window.undo_action.text() == "&Undo Properties of social-media-campaigning-2024"

    demo_window.undo_action.trigger()
    assert project.sources.get(pdf) == before
    assert project.sources.pages(pdf)[0].label == "211"
    assert "Harahap & O'Connor (2024)" in source_rows(demo_window.sources_model)
    demo_window.redo_action.trigger()
    assert project.sources.get(pdf).title == "Scroll, share, vote (draft)"


def test_one_property_changed_keeps_its_own_undo_name_and_as_detected_clears_the_page(
    demo_window: MainWindow,
) -> None:
    project = demo_window.project
    assert project is not None
    pdf = source_id(project, "kampanye-digital-pemilih-muda")
    dock = demo_window.sources_dock
    dialog = SourcePropertiesDialog(project, pdf, demo_window)
    dialog.first_page_spin.setValue(7)
    dock.set_properties(pdf, dialog.wanted(), dialog.before)
    assert project.sources.get(pdf).first_page == 7
    assert demo_window.undo_action.text() == (
        "&Undo Set page numbers of kampanye-digital-pemilih-muda"
    )
    dialog = SourcePropertiesDialog(project, pdf, demo_window)
    assert dialog.first_page_spin.value() == 7
    dialog.first_page_spin.setValue(AS_DETECTED)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("other"))
    dialog.other_language.setText("jv")
    dialog.memo_edit.setPlainText("Baca ulang bagian metode.")
    dock.set_properties(pdf, dialog.wanted(), dialog.before)
    source = project.sources.get(pdf)
    assert (source.first_page, source.language, source.memo) == (
        None,
        "jv",
        "Baca ulang bagian metode.",
    )
    # Nothing changed: nothing to undo.
    dialog = SourcePropertiesDialog(project, pdf, demo_window)
    assert dialog.other_language.text() == "jv"
    assert dock.set_properties(pdf, dialog.wanted(), dialog.before) is None
    assert demo_window.undo_stack.count() == 2


def test_a_refused_property_changes_nothing(
    demo_window: MainWindow, dialogs: DialogCatcher
) -> None:
    project = demo_window.project
    assert project is not None
    text = source_id(project, "informan-03")
    select(demo_window, text)

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, SourcePropertiesDialog)
        assert not dialog.first_page_spin.isEnabled()  # a text has no pages
        dialog.title_edit.setText("   ")
        dialog.memo_edit.setPlainText("a memo that must not be saved alone")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    dialogs.arm(
        2, answer=lambda d: answer(d) if isinstance(d, SourcePropertiesDialog) else d.close()
    )
    demo_window.sources_dock.properties_action.trigger()
    assert dialogs.texts == ["Kutip\nThe source needs a name.\n"]
    assert project.sources.get(text).memo == ""
    assert demo_window.undo_stack.count() == 0


def test_removing_a_source_says_how_many_codings_go_and_undo_brings_it_back(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = demo_window.project
    assert project is not None
    text = source_id(project, "informan-01")
    codings = project.codings.all(source_id=text)
    assert len(codings) == 4
    select(demo_window, text)
    assert demo_window.documents.current_view() is not None
    asked: list[str] = []

    def yes(
        _parent: object, _title: str, question: str, *args: object
    ) -> QMessageBox.StandardButton:
        asked.append(question)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    demo_window.sources_dock.remove_action.trigger()

    assert asked == [
        "Remove the source 'informan-01' and its 4 codings? You can undo this with Ctrl+Z."
    ]
    assert "informan-01 — Informan 1" not in source_rows(demo_window.sources_model)
    assert all(s.id != text for s in project.sources.all())
    assert demo_window.documents.current_view() is None  # its tab closed
    demo_window.undo_action.trigger()
    assert "informan-01 — Informan 1" in source_rows(demo_window.sources_model)
    assert project.codings.all(source_id=text) == codings


def test_a_source_is_put_in_a_case_and_taken_out_from_its_menu(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = demo_window.project
    assert project is not None
    pdf = source_id(project, "kampanye-digital-pemilih-muda")
    select(demo_window, pdf)
    dock = demo_window.sources_dock
    dock.case_menu.aboutToShow.emit()
    actions = {a.text(): a for a in dock.case_menu.actions() if a.text()}
    assert list(actions) == ["Informan 1", "Informan 2", "Informan 3", "Informan 4", "&New Case…"]
    assert not any(a.isChecked() for a in actions.values())
    actions["Informan 2"].trigger()
    assert "Pratama & Lestari (2024) — Informan 2" in source_rows(demo_window.sources_model)
    dock.case_menu.aboutToShow.emit()
    informan_2 = next(a for a in dock.case_menu.actions() if a.text() == "Informan 2")
    assert informan_2.isChecked()
    informan_2.trigger()  # unticked: out of the case again
    assert "Pratama & Lestari (2024) — Informan 2" not in source_rows(demo_window.sources_model)

    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Literatur", True))
    dock.new_case_action.trigger()
    assert "Pratama & Lestari (2024) — Literatur" in source_rows(demo_window.sources_model)
    assert demo_window.undo_action.text() == "&Undo New case 'Literatur'"
    demo_window.undo_action.trigger()
    assert project.cases.find("Literatur") is None


def test_the_tree_follows_the_document_in_front(demo_window: MainWindow, qtbot: QtBot) -> None:
    project = demo_window.project
    assert project is not None
    first, second = source_id(project, "informan-02"), source_id(project, "informan-03")
    demo_window.show_source(first, pin=True)
    demo_window.show_source(second, pin=True)
    assert demo_window.sources_dock.selected_source_id() == second
    demo_window.documents.tabs.setCurrentIndex(0)
    assert demo_window.sources_dock.selected_source_id() == first
    assert demo_window.current_source_id() == first


def test_re_read_text_moves_the_codings_and_is_one_undo_step(
    window: MainWindow,
    dialogs: DialogCatcher,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import kutip.ingest.pdf.reader
    from ingest.pdf_factory import furnished_pages, paragraph_lines
    from kutip.ingest.pdf.furniture import Furniture
    from kutip.ingest.pdf.pagetext import PARAGRAPH_BREAK
    from kutip.services.importing import import_paths

    head = "Jurnal Komunikasi Indonesia 12 (2)"
    lines = paragraph_lines(
        "Para informan menyebut konten yang sekadar sensasional sebagai alasan utama mereka "
        "berhenti mengikuti akun partai, meskipun sebagian tetap membagikan tautan berita "
        "kepada keluarga dan teman di grup percakapan desa setiap malam."
    )
    pdf = tmp_path / "artikel.pdf"
    pdf.write_bytes(furnished_pages([lines[:2], lines[2:]], odd_head=head, even_head=head))
    path = tmp_path / "old.kutip"
    with (
        Project.create(path, codebook="empty", coder="tester") as project,
        monkeypatch.context() as old,
    ):
        # Imported by the reader as it was: furniture in the text, pages cut by blank lines.
        old.setattr(
            kutip.ingest.pdf.reader,
            "find_furniture",
            lambda pages: Furniture((frozenset(),) * len(pages), (None,) * len(pages), None),
        )
        old.setattr(
            kutip.ingest.pdf.reader, "page_join", lambda before, after: (PARAGRAPH_BREAK, False)
        )
        import_paths(project, [pdf])
        (source,) = project.sources.all()
        text = project.sources.text(source.id)
        code = project.codes.add("Kredibilitas").value
        start = text.index(" ".join(lines[1].split()[-2:]))
        end = text.index(" ".join(lines[2].split()[:2])) + len(" ".join(lines[2].split()[:2]))
        across = project.codings.apply(source.id, start, end, code).value
        on_head = project.codings.apply(
            source.id, text.index(head), text.index(head) + 6, code
        ).value
    assert window.open_project(path)
    project = window.project
    assert project is not None
    select(window, source.id)
    dialogs.arm()
    window.sources_dock.reread_action.trigger()
    # Read on a worker (tests/gui/dialogs/test_rereader.py): done once the report is shown.
    qtbot.waitUntil(lambda: bool(dialogs.texts), timeout=10_000)
    assert window.undo_stack.count() == 1
    assert head not in project.sources.text(source.id)
    quote = project.codings.text(project.codings.get(across))
    assert quote == " ".join(lines[1].split()[-2:] + lines[2].split()[:2])
    assert "cannot place coding" in dialogs.texts[0] and f" {on_head} " in dialogs.texts[0]
    window.undo_action.trigger()
    assert project.sources.text(source.id) == text
    assert project.codings.get(on_head).start == text.index(head)
