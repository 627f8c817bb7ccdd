"""Starting Kutip: the application's name and icon, Qt's own translations, the smoke mode and
Help ▸ About."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from gui_testing import DialogCatcher
from PySide6.QtCore import QCoreApplication, QLibraryInfo
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from kutip import __version__
from kutip.gui.core.app import APP_ID, SMOKE_FAILED, application, install_qt_translations
from kutip.gui.dialogs import about
from kutip.gui.dialogs.about import AboutDialog, libraries
from kutip.gui.main_window import MainWindow


def test_the_application_is_named_after_its_desktop_file_and_has_its_icon(qtbot: QtBot) -> None:
    app = application()
    assert app.desktopFileName() == APP_ID == "id.kutip.Kutip"
    assert not app.windowIcon().isNull()
    assert app.applicationVersion() == __version__


def test_qt_translations_are_loaded_where_qt_has_them(qtbot: QtBot) -> None:
    app = application()
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if not (folder / "qtbase_de.qm").is_file():
        pytest.skip("this Qt ships no German translation to try")
    translator = install_qt_translations(app, "de")
    try:
        assert translator is not None
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
    finally:
        assert translator is not None
        app.removeTranslator(translator)
    assert install_qt_translations(app, "xx") is None


def _run_smoke(tmp_path: Path, prelude: str) -> subprocess.CompletedProcess[str]:
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KUTIP_SMOKE_QUIT_MS": "300",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
    }
    script = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from kutip.gui.core import app\n"
        "app.application()\n" + prelude + "sys.exit(app.run())\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )


def test_smoke_mode_quits_by_itself_with_status_0(tmp_path: Path) -> None:
    result = _run_smoke(tmp_path, "")
    assert result.returncode == 0, result.stderr


def test_smoke_mode_fails_when_a_bug_was_caught(tmp_path: Path) -> None:
    prelude = "def boom():\n    raise RuntimeError('smoke test bug')\nQTimer.singleShot(50, boom)\n"
    result = _run_smoke(tmp_path, prelude)
    assert result.returncode == SMOKE_FAILED, result.stderr


def _about(window: MainWindow, dialogs: DialogCatcher) -> dict[str, object]:
    seen: dict[str, object] = {}

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, AboutDialog)
        seen["text"] = dialog.text.toPlainText()
        seen["buttons"] = [b.text() for b in dialog.findChildren(QDialogButtonBox)[0].buttons()]
        seen["licences"] = dialog.licences_button
        dialog.reject()

    dialogs.arm(answer=read)
    window.about_action.trigger()
    return seen


def test_about_names_the_version_and_the_licences(
    window: MainWindow, dialogs: DialogCatcher
) -> None:
    seen = _about(window, dialogs)
    text = str(seen["text"])
    assert f"Kutip {__version__}" in text
    assert "AGPL-3.0-or-later" in text
    assert "PyMuPDF / MuPDF" in text and "AGPL-3.0" in text
    assert "LGPL-3.0" in text
    assert "PSF-2.0" in text
    assert "bibtexparser" in text  # the other libraries, from their package metadata
    assert "About &Qt" in seen["buttons"]  # type: ignore[operator]
    assert seen["licences"] is None  # not frozen: no bundle folder to open


def test_about_lists_every_library_once_with_a_licence() -> None:
    found = libraries()
    names = [c.name.casefold() for c in found]
    assert len(names) == len(set(names))
    assert "pymupdf" not in names  # in the main table
    assert all(c.licence and c.version for c in found)
    assert next(c for c in found if c.name.casefold() == "bibtexparser").licence == "MIT"


def test_a_frozen_kutip_offers_the_bundles_licence_folder(
    window: MainWindow, dialogs: DialogCatcher, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "kutip" / "_internal"), raising=False)
    assert about.licences_folder() == tmp_path / "kutip" / "licenses"
    seen = _about(window, dialogs)
    assert seen["licences"] is not None


def test_about_qt_is_a_button_away(qtbot: QtBot, dialogs: DialogCatcher) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialogs.arm()
    dialog.about_qt_button.click()
    assert dialogs.texts and "Qt" in dialogs.texts[0]
    assert QApplication.activeModalWidget() is None
