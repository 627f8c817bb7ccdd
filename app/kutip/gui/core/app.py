"""Starting the window: ``kutip`` without a command, or ``kutip FILE.kutip``.

``KUTIP_SMOKE_QUIT_MS=N`` makes the window quit by itself N ms after it is shown, with a
non-zero status if a bug was reported meanwhile: how packaging checks that a build starts.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QTimer, QTranslator
from PySide6.QtGui import QIcon, QImageReader
from PySide6.QtWidgets import QApplication

from kutip import __version__, applog, i18n
from kutip.errors import KnownError
from kutip.gui.core import error_dialogs, settings
from kutip.i18n import _
from kutip.resources import resource_path
from kutip.store.database import set_program

log = logging.getLogger(__name__)

#: The application id: desktop file, AppStream component and icon name (packaging/README.md).
APP_ID = "id.kutip.Kutip"
#: Exit status of a smoke run (KUTIP_SMOKE_QUIT_MS) during which a bug was reported.
SMOKE_FAILED = 3


def application() -> QApplication:
    """The QApplication, created once, named so QSettings find the user's settings."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(settings.ORGANISATION)
    app.setApplicationName(settings.APPLICATION)
    app.setApplicationVersion(__version__)
    # Lets Wayland compositors and docks match the window to id.kutip.Kutip.desktop.
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon.fromTheme(APP_ID, _shipped_icon()))
    return app


def _shipped_icon() -> QIcon:
    """The icon in resources/: the SVG where Qt can draw SVG, and the PNG in any case."""
    icon = QIcon()
    svg = resource_path("icons", "kutip.svg")
    if svg.is_file() and b"svg" in {bytes(f.data()) for f in QImageReader.supportedImageFormats()}:
        icon.addFile(str(svg))
    png = resource_path("icons", "kutip-256.png")
    if png.is_file():
        icon.addFile(str(png))
    return icon


def install_qt_translations(app: QApplication, language: str) -> QTranslator | None:
    """Qt's own translations (standard buttons, dialogs) for ``language``, where Qt has them."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", folder):
        app.installTranslator(translator)
        return translator
    log.info("Qt has no translation for %s in %s", language, folder)
    translator.deleteLater()
    return None


def smoke_quit_ms() -> int | None:
    """KUTIP_SMOKE_QUIT_MS as a number of milliseconds, if set to one."""
    value = os.environ.get("KUTIP_SMOKE_QUIT_MS", "").strip()
    return int(value) if value.isdigit() else None


def apply_language() -> str:
    """Use the language chosen in Settings, unless KUTIP_LANG asks for another one."""
    if os.environ.get("KUTIP_LANG"):
        return i18n.current_language()
    return i18n.set_language(settings.LANGUAGE.get())


def display_problem(environ: Mapping[str, str] | None = None, system: str = sys.platform) -> str:
    """Why Qt would find no screen to show the window on ("" when it will find one).

    Without one, Qt aborts the process with a page about platform plugins; this says it in a
    sentence first. Only the X11/Wayland variables are looked at: a set ``QT_QPA_PLATFORM``
    other than xcb or wayland (offscreen, vnc, eglfs…) needs no display, and Windows and macOS
    always have theirs.
    """
    environ = os.environ if environ is None else environ
    if system in ("win32", "cygwin", "darwin"):
        return ""
    x11, wayland = bool(environ.get("DISPLAY")), bool(environ.get("WAYLAND_DISPLAY"))
    # QT_QPA_PLATFORM may list fallbacks ("wayland;xcb"), each with options ("xcb:…").
    wanted = [p.split(":")[0] for p in environ.get("QT_QPA_PLATFORM", "").split(";") if p]
    needs_x11_or_wayland = all(p == "xcb" or p.startswith("wayland") for p in wanted)
    shown = any((p == "xcb" and x11) or (p.startswith("wayland") and wayland) for p in wanted)
    if (wanted and not needs_x11_or_wayland) or shown or (not wanted and (x11 or wayland)):
        return ""
    return _("No display: use --no-gui commands or set QT_QPA_PLATFORM=offscreen.")


def run(path: Path | None = None) -> int:
    """Show the main window (on ``path`` if given) until it is closed; returns the exit code."""
    applog.configure_logging()
    problem = display_problem()
    if problem:
        raise KnownError(problem)
    # Imported here: the window is built of every part of kutip.gui, which core sits under.
    from kutip.gui.main_window import MainWindow

    app = application()
    install_qt_translations(app, apply_language())
    set_program(_("the Kutip window"))  # how a refused second writer hears of this one
    previous_hook = sys.excepthook
    sys.excepthook = error_dialogs.excepthook
    bugs_before = error_dialogs.bugs_reported()
    try:
        window = MainWindow()
        window.show()
        quit_ms = smoke_quit_ms()
        if quit_ms is not None:
            QTimer.singleShot(quit_ms, app.quit)
        if path is not None:
            window.open_project(path)
        status = app.exec()
        if quit_ms is not None and error_dialogs.bugs_reported() > bugs_before:
            return status or SMOKE_FAILED
        return status
    finally:
        sys.excepthook = previous_hook


def main() -> None:
    """The ``kutip-gui`` entry point (no console window on Windows)."""
    arguments = sys.argv[1:]
    try:
        status = run(Path(arguments[0]) if arguments else None)
    except KnownError as error:
        print(f"kutip: {error}", file=sys.stderr)
        status = 1
    sys.exit(status)
