"""Starting the window: ``kutip`` without a command, or ``kutip FILE.kutip``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from kutip import __version__, applog, i18n
from kutip.gui import errors, settings
from kutip.gui.main_window import MainWindow
from kutip.resources import resource_path


def application() -> QApplication:
    """The QApplication, created once, named so QSettings find the user's settings."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(settings.ORGANISATION)
    app.setApplicationName(settings.APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("kutip")  # lets Wayland and docks match the window to kutip.desktop
    icon = resource_path("icons", "kutip-256.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def apply_language() -> str:
    """Use the language chosen in Settings, unless KUTIP_LANG asks for another one."""
    if os.environ.get("KUTIP_LANG"):
        return i18n.current_language()
    return i18n.set_language(settings.language())


def run(path: Path | None = None) -> int:
    """Show the main window (on ``path`` if given) until it is closed; returns the exit code."""
    applog.configure_logging()
    app = application()
    apply_language()
    previous_hook = sys.excepthook
    sys.excepthook = errors.excepthook
    try:
        window = MainWindow()
        window.show()
        if path is not None:
            window.open_project(path)
        return app.exec()
    finally:
        sys.excepthook = previous_hook


def main() -> None:
    """The ``kutip-gui`` entry point (no console window on Windows)."""
    arguments = sys.argv[1:]
    sys.exit(run(Path(arguments[0]) if arguments else None))
