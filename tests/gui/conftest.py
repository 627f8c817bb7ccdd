"""Fixtures for the GUI tests: offscreen Qt, settings kept out of the user's, the demo project."""

from __future__ import annotations

import os

# Before anything imports Qt: no display is needed, and none is touched. A platform set from
# outside is kept: test_under_xvfb.py runs some files again with QT_QPA_PLATFORM=xcb.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

# The core-only CI environment has no PySide6: skip this folder there, cleanly.
pytest.importorskip("PySide6")

from gui_testing import DialogCatcher
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from kutip.demo import build_demo
from kutip.gui.main_window import MainWindow


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test reads and writes its own settings file, never the user's."""
    folder = tmp_path_factory.mktemp("settings")
    previous = QSettings.defaultFormat()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder / scope.name))
    yield folder
    QSettings.setDefaultFormat(previous)


@pytest.fixture(autouse=True)
def coder(monkeypatch: pytest.MonkeyPatch) -> str:
    """Who codes, given as KUTIP_CODER: the window then never asks (tests that want the
    question remove it)."""
    monkeypatch.setenv("KUTIP_CODER", "tester")
    return "tester"


@pytest.fixture(autouse=True)
def isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Search indexes go to a folder of the test's own, never the user's cache."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("KUTIP_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo-template"))


@pytest.fixture
def demo_path(tmp_path: Path, demo_template: Path) -> Path:
    """A fresh copy of the demo project for one test (built once, copied: it is one file)."""
    target = tmp_path / "demo" / demo_template.name
    target.parent.mkdir()
    target.write_bytes(demo_template.read_bytes())
    return target


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    main = MainWindow(demo_dir=tmp_path / "built-demo")
    qtbot.addWidget(main)
    main.show()
    return main


@pytest.fixture
def demo_window(window: MainWindow, demo_path: Path) -> MainWindow:
    assert window.open_project(demo_path)
    return window


@pytest.fixture
def dialogs(qtbot: QtBot) -> DialogCatcher:
    return DialogCatcher()
