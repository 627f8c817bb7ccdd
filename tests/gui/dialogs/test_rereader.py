"""Re-reading a source from the window (Sources ▸ Re-read Text, Read by OCR): off the GUI
thread, with the pages read in a progress dialog, a Cancel that leaves the project file as it
was, one undo step, and errors that name the file."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

import kutip.gui.dialogs.ocr
import kutip.ingest.pdf.reader
import kutip.services.ocr
from ingest.pdf_factory import journal_article
from kutip.gui.main_window import MainWindow
from kutip.ingest.pdf.furniture import Furniture, PageLines
from kutip.ingest.pdf.pagetext import PARAGRAPH_BREAK, PageText
from kutip.project import Project
from kutip.services.importing import ImportOptions, import_paths
from kutip_testing import raw_connection
from ocr_testing import needs_tesseract, scanned_pages

HEAD = "Journal of Rural Studies 41"
PAGES = 12
#: The page the reading is held on (index): "Reading page 6 of 12".
HELD = 5


def file_rows(path: Path, source_id: int) -> dict[str, list[tuple[object, ...]]]:
    """What the project file holds of the source and the undo history, read from outside."""
    connection = raw_connection(path)
    try:
        query = {
            "text": "SELECT text, flags, metadata FROM sources WHERE id = ?",
            "pages": "SELECT * FROM pages WHERE source_id = ? ORDER BY page_index",
            "ocr": "SELECT * FROM ocr_pages WHERE source_id = ? ORDER BY page_index",
            "codings": "SELECT * FROM segments WHERE source_id = ? ORDER BY id",
            "undo": "SELECT count(*) FROM edit_log WHERE ? IS NOT NULL",
        }
        return {k: connection.execute(sql, (source_id,)).fetchall() for k, sql in query.items()}
    finally:
        connection.close()


@pytest.fixture
def old_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, int, int]:
    """A 12-page article imported by the reader as it was (its running heads in the text),
    with a coding of some words: (project file, source id, coding id)."""
    pdf = tmp_path / "artikel.pdf"
    pdf.write_bytes(journal_article(PAGES))
    path = tmp_path / "old.kutip"

    def no_furniture(pages: list[PageLines]) -> Furniture:
        return Furniture((frozenset(),) * len(pages), (None,) * len(pages), None)

    def blank_line(before: PageText, after: PageText) -> tuple[str, bool]:
        return PARAGRAPH_BREAK, False

    with Project.create(path, codebook="empty", coder="tester") as project:
        with monkeypatch.context() as old:
            old.setattr(kutip.ingest.pdf.reader, "find_furniture", no_furniture)
            old.setattr(kutip.ingest.pdf.reader, "page_join", blank_line)
            import_paths(project, [pdf])
        (source,) = project.sources.all()
        text = project.sources.text(source.id)
        assert text.count(HEAD) == PAGES
        start = text.index("\n", text.index(HEAD, len(text) // 2)) + 1
        code = project.codes.add("Kredibilitas").value
        coding = project.codings.apply(source.id, start, start + 60, code).value
    return path, source.id, coding


class Hold:
    """Keeps the PDF reader on one page until ``release``, noting the thread it reads on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, page: int = HELD) -> None:
        self.reached = threading.Event()
        self._release = threading.Event()
        self.thread: threading.Thread | None = None
        layout = kutip.ingest.pdf.reader.page_layout

        def held_layout(page_object: Any, *args: Any, **kwargs: Any) -> Any:
            if page_object.number == page and not self._release.is_set():
                self.thread = threading.current_thread()
                self.reached.set()
                self._release.wait(timeout=20)
            return layout(page_object, *args, **kwargs)

        monkeypatch.setattr(kutip.ingest.pdf.reader, "page_layout", held_layout)

    def release(self) -> None:
        self._release.set()


@pytest.fixture
def hold(monkeypatch: pytest.MonkeyPatch) -> Iterator[Hold]:
    held = Hold(monkeypatch)
    yield held
    held.release()  # whatever the test did, no worker is left waiting


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The message boxes shown ("title\ntext"), recorded instead of shown. (Not the
    DialogCatcher: one armed for a message that never comes polls on into the next test.)"""
    shown: list[str] = []

    def record(parent: object, title: str, text: str, *args: object) -> object:
        shown.append(f"{title}\n{text}")
        return QMessageBox.StandardButton.Ok

    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(record))
    return shown


def open_old(window: MainWindow, old_project: tuple[Path, int, int]) -> Project:
    path, source_id, _coding = old_project
    assert window.open_project(path)
    assert window.project is not None
    # Selected without showing it: no PDF tab waits on the reader meanwhile.
    window.sources_dock.select_source(source_id)
    return window.project


def held_progress(window: MainWindow, qtbot: QtBot, hold: Hold) -> QProgressDialog:
    """The re-read's progress dialog once the reader is held on page 6."""
    dialog = window.rereader.progress_dialog
    assert dialog is not None
    qtbot.waitUntil(
        lambda: hold.reached.is_set() and dialog.labelText() == "Reading page 6 of 12",
        timeout=10_000,
    )
    return dialog


def test_a_re_read_runs_beside_the_window_and_is_one_undo_step(
    window: MainWindow,
    old_project: tuple[Path, int, int],
    hold: Hold,
    qtbot: QtBot,
    messages: list[str],
) -> None:
    project = open_old(window, old_project)
    _path, source_id, coding = old_project
    old_text = project.sources.text(source_id)
    quote = project.codings.text(project.codings.get(coding))
    ticks: list[int] = []
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)

    window.sources_dock.reread_action.trigger()
    progress = held_progress(window, qtbot, hold)
    # The pages read so far reach the dialog; the reading is not on the GUI thread, which goes
    # on handling events (the timer ticks) while the reader is held on a page.
    assert (progress.value(), progress.maximum()) == (HELD, PAGES)
    assert progress.windowModality() == Qt.WindowModality.NonModal
    assert hold.thread is not None and hold.thread is not threading.main_thread()
    seen = len(ticks)
    qtbot.waitUntil(lambda: len(ticks) >= seen + 3, timeout=5000)
    assert window.rereader.busy
    # Meanwhile no second re-read, and the source cannot be removed; other edits go on.
    dock = window.sources_dock
    assert not dock.reread_action.isEnabled() and not dock.remove_action.isEnabled()
    assert not dock.ocr_action.isEnabled()
    assert window.rereader.reread(source_id) is None
    start = old_text.index("\n\n", old_text.index(HEAD, len(old_text) // 3)) + 2  # past the folio
    meanwhile = project.codings.apply(
        source_id, start, start + 40, project.codes.add("Sementara").value
    ).value
    quote_meanwhile = project.codings.text(project.codings.get(meanwhile))

    hold.release()
    qtbot.waitUntil(lambda: window.undo_stack.count() == 1 and bool(messages), timeout=20_000)
    timer.stop()
    assert messages[0].startswith("Re-read text\nartikel: text read again; 2 codings moved")
    assert window.undo_action.text() == "&Undo Re-read text of artikel"
    text = project.sources.text(source_id)
    assert HEAD not in text
    assert project.codings.text(project.codings.get(coding)).split() == quote.split()
    assert project.codings.text(project.codings.get(meanwhile)) == quote_meanwhile
    assert not window.rereader.busy and dock.reread_action.isEnabled()

    window.undo_action.trigger()
    assert project.sources.text(source_id) == old_text
    assert project.codings.text(project.codings.get(coding)) == quote


def test_cancel_leaves_the_project_file_as_it_was(
    window: MainWindow,
    old_project: tuple[Path, int, int],
    hold: Hold,
    qtbot: QtBot,
    messages: list[str],
) -> None:
    path, source_id, _coding = old_project
    before = file_rows(path, source_id)
    open_old(window, old_project)
    window.sources_dock.reread_action.trigger()
    progress = held_progress(window, qtbot, hold)
    qtbot.waitUntil(progress.isVisible, timeout=5000)
    qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    hold.release()
    qtbot.waitUntil(lambda: not window.rereader.busy, timeout=10_000)
    qtbot.wait(100)
    assert messages == []
    assert window.undo_stack.count() == 0
    assert file_rows(path, source_id) == before
    assert window.sources_dock.reread_action.isEnabled()


def test_closing_the_project_during_a_re_read_stops_it_quietly(
    window: MainWindow,
    old_project: tuple[Path, int, int],
    hold: Hold,
    qtbot: QtBot,
    messages: list[str],
) -> None:
    path, source_id, _coding = old_project
    before = file_rows(path, source_id)
    open_old(window, old_project)
    window.sources_dock.reread_action.trigger()
    held_progress(window, qtbot, hold)
    threading.Timer(0.3, hold.release).start()  # closing waits for the page in hand
    window.close_project()
    qtbot.waitUntil(lambda: not window.rereader.busy, timeout=10_000)
    qtbot.wait(100)
    assert messages == []
    assert file_rows(path, source_id) == before


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        pytest.param(
            "UPDATE files SET data = x'255044462d312e370a0000000000'",
            "artikel.pdf: the PDF is damaged and cannot be read.",
            id="damaged",
        ),
        pytest.param(
            "UPDATE sources SET file_sha256 = NULL",
            "“artikel”: the project holds no file for this source to read again.",
            id="gone",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_named_and_nothing_changes(
    window: MainWindow,
    old_project: tuple[Path, int, int],
    qtbot: QtBot,
    messages: list[str],
    damage: str,
    message: str,
) -> None:
    path, source_id, _coding = old_project
    connection = raw_connection(path)
    connection.execute(damage)
    connection.close()
    before = file_rows(path, source_id)
    open_old(window, old_project)
    window.sources_dock.reread_action.trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert messages == [f"Kutip\n{message}"]
    assert window.undo_stack.count() == 0
    assert file_rows(path, source_id) == before
    assert not window.rereader.busy and window.sources_dock.reread_action.isEnabled()


@needs_tesseract
def test_cancelling_a_read_by_ocr_leaves_the_project_file_as_it_was(
    window: MainWindow,
    tmp_path: Path,
    qtbot: QtBot,
    messages: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "scan.kutip"
    (tmp_path / "scan.pdf").write_bytes(scanned_pages()[0])
    with Project.create(path, codebook="empty", coder="tester") as project:
        import_paths(project, [tmp_path / "scan.pdf"], options=ImportOptions(ocr=None))
        [source] = project.sources.all()
    before = file_rows(path, source.id)
    # Pages read in this process, the second one held: Cancel comes while OCR is under way.
    monkeypatch.setattr(
        kutip.gui.dialogs.ocr,
        "OcrSettings",
        functools.partial(kutip.services.ocr.OcrSettings, workers=0),
    )
    reached, release = threading.Event(), threading.Event()
    read_page = kutip.services.ocr.read_page

    def held_read(page: Any, *args: Any) -> bytes:
        if page.number == 1:
            reached.set()
            release.wait(timeout=20)
        return read_page(page, *args)

    monkeypatch.setattr(kutip.services.ocr, "read_page", held_read)
    assert window.open_project(path)
    assert window.ocr.read(source.id, "ind+eng") is not None
    progress = window.rereader.progress_dialog
    assert progress is not None
    qtbot.waitUntil(
        lambda: reached.is_set() and progress.labelText() == "OCR: page 2 of 2", timeout=60_000
    )
    qtbot.waitUntil(progress.isVisible, timeout=5000)
    qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not window.rereader.busy, timeout=60_000)
    qtbot.wait(100)
    assert messages == []
    assert window.undo_stack.count() == 0
    assert file_rows(path, source.id) == before
