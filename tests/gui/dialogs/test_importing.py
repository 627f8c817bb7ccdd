"""Importing through the window: File ▸ Import, drops, progress, cancel, passwords, summary."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest
from gui_testing import DialogCatcher
from gui_testing import source_rows as tree_rows
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kutip.gui.dialogs.import_dialogs import ImportOptionsDialog, ImportSummaryDialog
from kutip.gui.main_window import MainWindow
from kutip.ingest.drafts import ReadOptions
from kutip.services.importing import ImportOptions

BIB = """@article{jansen2017,
  title = {Social media and political participation},
  author = {Jansen, Anna},
  year = {2017},
  file = {jansen.pdf}
}
@article{putri2020,
  title = {Hoaks dan pemilih muda di Indonesia},
  author = {Putri, Sari},
  year = {2020}
}
"""


def write_pdf(path: Path, text: str, *, title: str = "", author: str = "", **save: object) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), text, fontsize=11)
    doc.set_metadata({"title": title, "author": author})
    doc.save(path, **save)
    doc.close()
    return path


def write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project_window(window: MainWindow, tmp_path: Path) -> MainWindow:
    assert window.create_project(tmp_path / "pemilu2024.kutip")
    return window


@pytest.fixture
def interviews(tmp_path: Path) -> Path:
    """Two transcripts, a .bib linking a PDF beside it, and a PDF that is not one."""
    folder = tmp_path / "wawancara"
    folder.mkdir()
    write_text(folder / "informan-01.txt", "P: Saya pakai TikTok.\nI: Kenapa?\nP: Karena teman.\n")
    write_text(folder / "informan-02.txt", "P: Saya lebih sering buka Instagram.\n")
    write_text(folder / "refs.bib", BIB)
    write_pdf(
        folder / "jansen.pdf",
        "Social media and political participation.\nYoung voters online.",
        title="Social media and political participation",
        author="Jansen, A.",
    )
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\nthis is not really a PDF\n")
    return folder


def source_rows(window: MainWindow) -> list[str]:
    return tree_rows(window.sources_model)


def accept_options(
    dialogs: DialogCatcher, case: str | None = None, annotations: bool | None = None
) -> None:
    """Answer the next import options dialog: choose the case, tick highlights, Import."""

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, ImportOptionsDialog)
        if case is not None:
            dialog.case_combo.setEditText(case)
        if annotations is not None:
            dialog.annotations_box.setChecked(annotations)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    dialogs.arm(answer=answer)


def wait_for_summary(window: MainWindow, qtbot: QtBot) -> ImportSummaryDialog:
    qtbot.waitUntil(lambda: window.importer.summary is not None, timeout=15_000)
    summary = window.importer.summary
    assert summary is not None
    qtbot.waitUntil(summary.isVisible)
    return summary


def close_summary(summary: ImportSummaryDialog, qtbot: QtBot) -> None:
    summary.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not summary.isVisible())


def press(window: MainWindow, qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.sources_view, key, modifiers)


CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


# -- a folder, through File ▸ Import Folder -----------------------------------------------------


def test_a_folder_imports_in_the_background_with_a_summary_naming_every_file(
    project_window: MainWindow,
    interviews: Path,
    qtbot: QtBot,
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = project_window
    project = window.project
    assert project is not None
    refreshed_on: list[threading.Thread] = []
    model = window.sources_model
    for signal in (model.modelReset, model.dataChanged):
        signal.connect(lambda *_args: refreshed_on.append(threading.current_thread()))
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(interviews)
    )
    accept_options(dialogs)

    window.import_folder_action.trigger()
    summary = wait_for_summary(window, qtbot)

    assert source_rows(window) == ["Jansen (2017)", "informan-01", "informan-02"]
    jansen = next(s for s in project.sources.all() if s.title == "jansen")
    assert jansen.bib_key == "jansen2017"
    # Every refresh, including those set off by edits on the import's worker, ran here.
    assert len(refreshed_on) >= 3
    assert all(thread is threading.main_thread() for thread in refreshed_on)

    assert summary.windowTitle() == "Import finished"
    assert summary.heading.text() == "<b>3 files imported, 2 new references, 1 failed</b>"
    text = summary.text()
    assert text.startswith("3 files imported, 2 new references, 1 failed\n")
    for line in [
        "Failed:\n  broken.pdf: the PDF is damaged and cannot be read",
        "Imported:\n  informan-01.txt\n  informan-02.txt\n  jansen.pdf\n",
        "References:\n  refs.bib: 2 new, 0 updated\n",
        "Linked to references:\n  jansen.pdf → jansen2017\n",
    ]:
        assert line in text
    # What the dialog shows is what is copied.
    shown = summary.details.toPlainText()
    assert "broken.pdf: the PDF is damaged" in shown
    assert "jansen.pdf → jansen2017" in shown
    close_summary(summary, qtbot)

    # One undo step takes the whole import back, and one redo brings it all again.
    assert window.undo_stack.count() == 1
    assert window.undo_action.text() == "&Undo Import 4 files"
    press(window, qtbot, Qt.Key.Key_Z, CTRL)
    assert source_rows(window) == []
    assert project.references.all() == []
    press(window, qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert source_rows(window) == ["Jansen (2017)", "informan-01", "informan-02"]
    assert project.sources.get(jansen.id).bib_key == "jansen2017"
    assert [e.citekey for e in project.references.all()] == ["jansen2017", "putri2020"]


def test_import_files_offers_every_importable_kind_and_puts_them_in_a_case(
    project_window: MainWindow,
    interviews: Path,
    qtbot: QtBot,
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    filters: list[str] = []

    def open_file_names(
        _parent: object, _title: str, _folder: str, file_filter: str, *args: object
    ) -> tuple[list[str], str]:
        filters.append(file_filter)
        names = [interviews / "informan-01.txt", interviews / "informan-02.txt"]
        return [str(name) for name in names], file_filter

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", open_file_names)
    accept_options(dialogs, case="Informan 1")
    assert project_window.import_action.shortcut().toString() == "Ctrl+I"

    project_window.import_action.trigger()
    summary = wait_for_summary(project_window, qtbot)

    assert filters[0].startswith("Files Kutip can import (*.bib *.docx ")
    assert "*.pdf" in filters[0]
    assert filters[0].endswith(";;All files (*)")
    assert source_rows(project_window) == [
        "informan-01 — Informan 1",
        "informan-02 — Informan 1",
    ]
    close_summary(summary, qtbot)
    assert project_window.undo_action.text() == "&Undo Import 2 files"


def test_the_summary_goes_to_the_clipboard(
    project_window: MainWindow, interviews: Path, qtbot: QtBot
) -> None:
    assert project_window.importer.import_paths([interviews / "broken.pdf"], ImportOptions())
    summary = wait_for_summary(project_window, qtbot)
    assert summary.windowTitle() == "Import finished"
    summary.copy_button.click()
    clipboard = QApplication.clipboard().text()
    assert clipboard == summary.text()
    assert clipboard.startswith("0 files imported, 1 failed\n")
    assert "broken.pdf: the PDF is damaged" in clipboard
    close_summary(summary, qtbot)
    assert project_window.undo_stack.count() == 0  # nothing changed, nothing to undo


def test_importing_the_same_files_again_reports_duplicates(
    project_window: MainWindow, interviews: Path, qtbot: QtBot
) -> None:
    files = [interviews / "informan-01.txt"]
    assert project_window.importer.import_paths(files, ImportOptions())
    close_summary(wait_for_summary(project_window, qtbot), qtbot)
    assert project_window.importer.import_paths(files, ImportOptions())
    summary = wait_for_summary(project_window, qtbot)
    assert summary.heading.text() == "<b>0 files imported, 1 duplicate skipped</b>"
    assert "informan-01.txt (same file as informan-01)" in summary.text()
    close_summary(summary, qtbot)
    assert project_window.undo_stack.count() == 1


# -- passwords --------------------------------------------------------------------------------


def answer_passwords(
    monkeypatch: pytest.MonkeyPatch, answers: list[tuple[str, bool]]
) -> list[tuple[str, QLineEdit.EchoMode]]:
    """Answer the password prompts in turn; returns what each prompt said and how it echoed."""
    asked: list[tuple[str, QLineEdit.EchoMode]] = []

    def get_text(
        _parent: object, _title: str, label: str, echo: QLineEdit.EchoMode, *args: object
    ) -> tuple[str, bool]:
        asked.append((label, echo))
        return answers.pop(0)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    return asked


def test_an_encrypted_pdf_is_imported_once_its_password_is_given(
    project_window: MainWindow,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    locked = write_pdf(
        tmp_path / "rahasia.pdf",
        "Dokumen internal tim kampanye.",
        encryption=pymupdf.PDF_ENCRYPT_AES_256,
        user_pw="rahasia",
        owner_pw="x",
    )
    plain = write_text(tmp_path / "catatan.txt", "Catatan lapangan.\n")
    asked = answer_passwords(monkeypatch, [("salah", True), ("rahasia", True)])

    assert project_window.importer.import_paths([plain, locked], ImportOptions())
    summary = wait_for_summary(project_window, qtbot)

    assert asked == [
        (
            "rahasia.pdf is protected by a password. Enter it to import the file, "
            "or cancel to skip it:",
            QLineEdit.EchoMode.Password,
        ),
        (
            "The password does not open rahasia.pdf. Try again, or cancel to skip the file:",
            QLineEdit.EchoMode.Password,
        ),
    ]
    # The PDF is literature (not yet linked to a reference); the notes are other sources.
    assert source_rows(project_window) == ["rahasia", "catatan"]
    project = project_window.project
    assert project is not None
    assert project.sources.text(project.sources.all()[1].id).startswith("Dokumen internal")
    assert summary.heading.text() == "<b>2 files imported</b>"
    assert "Imported:\n  catatan.txt\n  rahasia.pdf\n" in summary.text()
    close_summary(summary, qtbot)
    # The retry's source is part of the one undo step.
    assert project_window.undo_action.text() == "&Undo Import 2 files"
    project_window.undo_action.trigger()
    assert source_rows(project_window) == []


def test_the_password_is_asked_from_the_failure_without_reading_the_file_again(
    project_window: MainWindow,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import kutip.ingest.pdf.reader

    locked = write_pdf(
        tmp_path / "rahasia.pdf",
        "Dokumen internal.",
        encryption=pymupdf.PDF_ENCRYPT_AES_256,
        user_pw="rahasia",
        owner_pw="x",
    )
    read = kutip.ingest.pdf.reader.read_pdf
    passwords: list[str | None] = []

    def counted(path: Path, data: bytes, options: ReadOptions) -> object:
        passwords.append(options.password)
        return read(path, data, options)

    # Every read of a PDF, by the import or by anything else, goes through here.
    monkeypatch.setattr(kutip.ingest.pdf.reader, "read_pdf", counted)
    answer_passwords(monkeypatch, [("salah", True), ("rahasia", True)])
    assert project_window.importer.import_paths([locked], ImportOptions())
    close_summary(wait_for_summary(project_window, qtbot), qtbot)
    # One read per import: the first, the wrong password, the right one.
    assert passwords == [None, "salah", "rahasia"]
    assert source_rows(project_window) == ["rahasia"]


def test_a_skipped_password_leaves_the_file_among_the_failures(
    project_window: MainWindow,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    locked = write_pdf(
        tmp_path / "rahasia.pdf",
        "Dokumen internal.",
        encryption=pymupdf.PDF_ENCRYPT_AES_256,
        user_pw="rahasia",
        owner_pw="x",
    )
    asked = answer_passwords(monkeypatch, [("", False)])
    assert project_window.importer.import_paths([locked], ImportOptions())
    summary = wait_for_summary(project_window, qtbot)
    assert len(asked) == 1
    assert source_rows(project_window) == []
    assert summary.heading.text() == "<b>0 files imported, 1 failed</b>"
    assert "rahasia.pdf: the PDF is protected by a password" in summary.text()
    close_summary(summary, qtbot)


# -- an unsure reference ----------------------------------------------------------------------


def test_an_unsure_reference_is_offered_and_the_choice_linked_undoably(
    project_window: MainWindow, interviews: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    importer = project_window.importer
    assert importer.import_paths([interviews / "refs.bib"], ImportOptions())
    close_summary(wait_for_summary(project_window, qtbot), qtbot)
    # Same title as putri2020, other authors: Kutip is not sure and asks.
    paper = write_pdf(
        tmp_path / "hoaks.pdf",
        "Hoaks dan pemilih muda di Indonesia.",
        title="Hoaks dan pemilih muda di Indonesia",
        author="Budi, X.",
    )
    assert importer.import_paths([paper], ImportOptions())
    summary = wait_for_summary(project_window, qtbot)

    assert "hoaks.pdf may be: putri2020 (85%)" in summary.text()
    assert len(summary.reference_choices) == 1
    source_id, combo = summary.reference_choices[0]
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "none",
        "putri2020 — Putri (2020): Hoaks dan pemilih muda di Indonesia (85%)",
    ]
    assert combo.currentData() is None
    combo.setCurrentIndex(1)
    ok = summary.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "&Link and Close"
    ok.click()

    project = project_window.project
    assert project is not None
    assert project.sources.get(source_id).bib_key == "putri2020"
    assert project_window.undo_action.text() == "&Undo Link 1 PDF to its reference"
    project_window.undo_action.trigger()
    assert project.sources.get(source_id).bib_key is None
    assert project_window.undo_action.text() == "&Undo Import 1 file"


def test_an_unsure_reference_left_at_none_stays_unlinked(
    project_window: MainWindow, interviews: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    importer = project_window.importer
    assert importer.import_paths([interviews / "refs.bib"], ImportOptions())
    close_summary(wait_for_summary(project_window, qtbot), qtbot)
    paper = write_pdf(
        tmp_path / "hoaks.pdf",
        "Hoaks dan pemilih muda.",
        title="Hoaks dan pemilih muda di Indonesia",
        author="Budi, X.",
    )
    assert importer.import_paths([paper], ImportOptions())
    summary = wait_for_summary(project_window, qtbot)
    source_id = summary.reference_choices[0][0]
    close_summary(summary, qtbot)
    project = project_window.project
    assert project is not None
    assert project.sources.get(source_id).bib_key is None
    assert project_window.undo_action.text() == "&Undo Import 1 file"


# -- cancel, and closing under way --------------------------------------------------------------


@pytest.fixture
def long_import(tmp_path: Path) -> Path:
    """Four transcripts; the third is big enough (~5 MB) to take a second or two."""
    folder = tmp_path / "banyak"
    folder.mkdir()
    write_text(folder / "a.txt", "P: pertama\n")
    write_text(folder / "b.txt", "P: kedua\n")
    line = "P: Saya biasanya nonton TikTok sebelum tidur, kadang sampai jam dua pagi.\n"
    write_text(folder / "c-panjang.txt", line * 70_000)
    write_text(folder / "d.txt", "P: keempat\n")
    return folder


@pytest.fixture
def third_file_held(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Keeps the import inside c-panjang.txt until the returned event is set.

    So that "the file in hand" is certain however fast the machine reads: the real reader
    runs, only later.
    """
    import kutip.services.importing

    release = threading.Event()
    read = kutip.services.importing.read_source_file

    def held_read(path: Path, *args: object, **kwargs: object) -> object:
        if path.name == "c-panjang.txt":
            release.wait(timeout=20)
        return read(path, *args, **kwargs)

    monkeypatch.setattr(kutip.services.importing, "read_source_file", held_read)
    return release


def test_cancel_stops_between_files_and_keeps_those_imported(
    project_window: MainWindow, long_import: Path, qtbot: QtBot, third_file_held: threading.Event
) -> None:
    assert project_window.importer.import_paths([long_import], ImportOptions())
    progress = project_window.findChild(QProgressDialog)
    assert progress is not None
    # The progress dialog names the file in hand; the third is the long one.
    qtbot.waitUntil(
        lambda: progress.isVisible() and progress.labelText() == "File 3 of 4: c-panjang.txt",
        timeout=5000,
    )
    qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    third_file_held.set()
    summary = wait_for_summary(project_window, qtbot)

    # The file in hand when Cancel was pressed is finished; the next one is not started.
    assert source_rows(project_window) == ["a", "b", "c-panjang"]
    assert summary.windowTitle() == "Import cancelled"
    assert "Cancelled: the files imported so far are kept." in summary.text()
    assert "d.txt" not in summary.text()
    close_summary(summary, qtbot)
    assert project_window.undo_action.text() == "&Undo Import 3 files"
    project_window.undo_action.trigger()
    assert source_rows(project_window) == []


def test_closing_the_project_during_an_import_stops_it_quietly(
    project_window: MainWindow,
    long_import: Path,
    qtbot: QtBot,
    dialogs: DialogCatcher,
    third_file_held: threading.Event,
) -> None:
    project = project_window.project
    assert project is not None
    path = project.path
    assert project_window.importer.import_paths([long_import], ImportOptions())
    progress = project_window.findChild(QProgressDialog)
    qtbot.waitUntil(lambda: progress.labelText() == "File 3 of 4: c-panjang.txt", timeout=5000)
    # Closing waits for the file in hand (let go shortly after), then stops the import.
    threading.Timer(0.3, third_file_held.set).start()
    project_window.close_project()
    assert project_window.project is None
    qtbot.waitUntil(lambda: not project_window.runner.busy, timeout=10_000)
    qtbot.wait(50)
    assert project_window.importer.summary is None
    assert not project_window.importer.busy
    assert dialogs.texts == []
    # What was imported before the close is in the file, and there is nothing to undo.
    assert project_window.open_project(path)
    assert source_rows(project_window) == ["a", "b", "c-panjang"]
    assert project_window.undo_stack.count() == 0


# -- drag and drop ----------------------------------------------------------------------------


def mime_for(*paths: Path | str) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl(p) if isinstance(p, str) else QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drag_enter(target: QWidget, mime: QMimeData) -> QDragEnterEvent:
    arguments = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    try:  # PySide6 6.12 takes a QPointF and deprecates the QPoint form, the only one before
        event = QDragEnterEvent(QPointF(40, 40), *arguments)
    except TypeError:
        event = QDragEnterEvent(QPoint(40, 40), *arguments)
    QApplication.sendEvent(target, event)
    return event


def drop(target: QWidget, mime: QMimeData) -> QDropEvent:
    event = QDropEvent(
        QPointF(40, 40),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, event)
    return event


def test_dropping_files_and_folders_on_the_window_imports_them(
    project_window: MainWindow,
    interviews: Path,
    tmp_path: Path,
    qtbot: QtBot,
    dialogs: DialogCatcher,
) -> None:
    extra = write_text(tmp_path / "informan-03.txt", "P: Saya jarang buka YouTube.\n")
    ignored = write_text(tmp_path / "foto.jpg", "not an image either")
    mime = mime_for(interviews, extra, ignored, "https://example.org/paper.pdf")

    enter = drag_enter(project_window, mime)
    assert enter.isAccepted()
    hint = project_window.file_drops.hint
    assert hint.isVisible()
    assert hint.text() == "Drop to import 2 files and folders"

    accept_options(dialogs, case="Informan 9")
    dropped = drop(project_window, mime)
    assert dropped.isAccepted()
    assert not hint.isVisible()
    summary = wait_for_summary(project_window, qtbot)

    rows = source_rows(project_window)
    assert rows == [
        "Jansen (2017)",  # the literature, and in the case too
        "informan-01 — Informan 9",
        "informan-02 — Informan 9",
        "informan-03 — Informan 9",
        "Jansen (2017) — Informan 9",
    ]
    assert "foto.jpg" not in summary.text()
    close_summary(summary, qtbot)


def test_a_drop_onto_an_open_document_reaches_the_window(
    project_window: MainWindow, interviews: Path, qtbot: QtBot, dialogs: DialogCatcher
) -> None:
    assert project_window.importer.import_paths([interviews / "informan-01.txt"], ImportOptions())
    close_summary(wait_for_summary(project_window, qtbot), qtbot)
    project = project_window.project
    assert project is not None
    view = project_window.documents.show_source(project, project.sources.all()[0].id)
    # The read-only text view takes drops of text, but passes files on to the window.
    enter = drag_enter(view.viewport(), mime_for(interviews / "informan-02.txt"))
    assert enter.isAccepted()
    assert project_window.file_drops.hint.isVisible()
    drag_leave = QDragLeaveEvent()
    QApplication.sendEvent(project_window, drag_leave)
    assert not project_window.file_drops.hint.isVisible()


@pytest.mark.parametrize(
    "make_target",
    [
        pytest.param(lambda folder: [folder / "notes.jpg"], id="no importable file"),
        pytest.param(lambda folder: ["https://example.org/a.pdf"], id="not a local file"),
    ],
)
def test_a_drag_without_importable_files_is_refused(
    project_window: MainWindow,
    tmp_path: Path,
    make_target: Callable[[Path], list[Path | str]],
) -> None:
    (tmp_path / "notes.jpg").write_bytes(b"\xff\xd8")
    enter = drag_enter(project_window, mime_for(*make_target(tmp_path)))
    assert not enter.isAccepted()
    assert not project_window.file_drops.hint.isVisible()


def test_without_a_project_nothing_can_be_imported(window: MainWindow, interviews: Path) -> None:
    assert not window.import_action.isEnabled()
    assert not window.import_folder_action.isEnabled()
    enter = drag_enter(window, mime_for(interviews))
    assert not enter.isAccepted()
    assert not window.importer.import_paths([interviews], ImportOptions())


def test_the_options_dialog_offers_the_projects_cases(
    project_window: MainWindow, interviews: Path, qtbot: QtBot, dialogs: DialogCatcher
) -> None:
    project = project_window.project
    assert project is not None
    project.cases.add("Informan 1")
    project.cases.add("Informan 2")
    seen: list[list[str]] = []

    def answer(dialog: QWidget) -> None:
        combo = dialog.findChild(QComboBox, "import_case")
        seen.append([combo.itemText(i) for i in range(combo.count())])
        dialog.reject()

    dialogs.arm(answer=answer)
    assert not project_window.importer.import_paths([interviews])
    assert seen == [["", "Informan 1", "Informan 2"]]
    assert not project_window.importer.busy


def test_pdf_highlights_become_codings_when_asked_and_the_choice_is_remembered(
    project_window: MainWindow, tmp_path: Path, qtbot: QtBot, dialogs: DialogCatcher
) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Hoaks menyebar cepat di grup keluarga.", fontsize=11)
    page.add_highlight_annot(page.search_for("Hoaks menyebar cepat")[0])
    doc.save(tmp_path / "sorotan.pdf")
    doc.close()

    accept_options(dialogs, annotations=True)
    assert project_window.importer.import_paths([tmp_path / "sorotan.pdf"])
    close_summary(wait_for_summary(project_window, qtbot), qtbot)

    project = project_window.project
    assert project is not None
    (segment,) = project.codings.all()
    assert project.codings.text(segment) == "Hoaks menyebar cepat"
    assert project.codes.path(segment.code_id).startswith("PDF annotations")
    # The next import starts with the box ticked again.
    ticked: list[bool] = []

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, ImportOptionsDialog)
        ticked.append(dialog.annotations_box.isChecked())
        dialog.reject()

    dialogs.arm(answer=answer)
    assert not project_window.importer.import_paths([tmp_path / "sorotan.pdf"])
    assert ticked == [True]


def test_a_qdpx_from_another_tool_comes_in_as_one_undo_step(
    project_window: MainWindow,
    demo_path: Path,
    tmp_path: Path,
    qtbot: QtBot,
    dialogs: DialogCatcher,
) -> None:
    from kutip.interop import export_qdpx
    from kutip.project import Project

    exported = tmp_path / "from-nvivo.qdpx"
    with Project.open(demo_path) as demo:
        export_qdpx(demo, exported)
    window = project_window
    project = window.project
    assert project is not None
    accept_options(dialogs)

    window.importer.import_paths([exported])
    summary = wait_for_summary(window, qtbot)

    assert "1 project from another tool" in summary.heading.text()
    assert "from-nvivo.qdpx: imported" in summary.text()
    assert len(project.sources.all()) == 6 and len(project.codings.all()) == 16
    close_summary(summary, qtbot)
    press(window, qtbot, Qt.Key.Key_Z, CTRL)
    assert project.sources.all() == [] and project.codings.all() == []
