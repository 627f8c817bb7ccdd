"""The task runner: work off the GUI thread, results and errors back on it, cancel."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kutip.errors import KnownError
from kutip.gui.core.tasks import TaskRunner, show_progress
from kutip.progress import Cancelled, Progress


@pytest.fixture
def runner(qtbot: QtBot) -> TaskRunner:
    tasks = TaskRunner()
    yield tasks
    assert tasks.shutdown(5000)


def gui_thread() -> QThread:
    app = QApplication.instance()
    assert app is not None
    return app.thread()


def test_work_runs_off_the_gui_thread_and_its_result_comes_back_on_it(
    runner: TaskRunner, qtbot: QtBot
) -> None:
    seen: dict[str, object] = {}

    def work(progress: Progress) -> str:
        seen["work_thread"] = threading.current_thread()
        progress.report(1, 2, "halfway")
        return "done"

    task = runner.start(work)
    reports: list[tuple[int, int, str]] = []
    task.progressed.connect(lambda *args: reports.append(args))
    task.succeeded.connect(
        lambda result: seen.update(result=result, thread=QThread.currentThread())
    )
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert seen["result"] == "done"
    assert seen["work_thread"] is not threading.main_thread()
    assert seen["thread"] is gui_thread()
    assert reports == [(1, 2, "halfway")]
    assert not runner.busy


def test_an_exception_in_the_work_is_delivered_not_lost(runner: TaskRunner, qtbot: QtBot) -> None:
    def work(progress: Progress) -> None:
        raise KnownError("demo.toml: quote not found")

    task = runner.start(work)
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        pass
    assert isinstance(blocker.args[0], KnownError)
    assert str(blocker.args[0]) == "demo.toml: quote not found"


def test_cancel_stops_work_that_asks(runner: TaskRunner, qtbot: QtBot) -> None:
    started = threading.Event()

    def work(progress: Progress) -> int:
        rounds = 0
        started.set()
        while not progress.cancelled:
            rounds += 1
            time.sleep(0.005)
        return rounds

    task = runner.start(work)
    assert started.wait(5)
    task.cancel()
    with qtbot.waitSignal(task.succeeded, timeout=5000) as blocker:
        pass
    assert blocker.args[0] >= 0


def test_cancel_stops_work_that_only_reports_at_its_next_report(
    runner: TaskRunner, qtbot: QtBot
) -> None:
    started = threading.Event()
    go_on = threading.Event()

    def work(progress: Progress) -> str:
        started.set()
        go_on.wait(5)
        progress.report(1, 3, "next step")
        return "should not get here"

    task = runner.start(work, stop_on_report=True)
    assert started.wait(5)
    task.cancel()
    go_on.set()
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        pass
    assert isinstance(blocker.args[0], Cancelled)


def test_the_progress_dialog_follows_the_task_and_its_cancel_button_cancels(
    runner: TaskRunner, qtbot: QtBot
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    release = threading.Event()

    def work(progress: Progress) -> None:
        progress.report(2, 4, "Importing informan-02.txt")
        release.wait(5)
        if progress.cancelled:
            raise Cancelled

    task = runner.start(work)
    dialog = show_progress(task, parent, "Import", "Importing…")
    qtbot.waitUntil(lambda: dialog.value() == 2)
    assert dialog.maximum() == 4
    assert dialog.labelText() == "Importing informan-02.txt"
    qtbot.waitUntil(dialog.isVisible)  # after its minimum duration: the work is not quick
    cancel_button = dialog.findChild(QPushButton)
    assert cancel_button is not None
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    assert task.progress.cancelled
    release.set()
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        pass
    assert isinstance(blocker.args[0], Cancelled)
    qtbot.waitUntil(lambda: not dialog.isVisible())
