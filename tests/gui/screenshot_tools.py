"""What the screenshot scripts share: the real window under Xvfb, scratch settings, settling.

The scripts draw the real window: under Xvfb, with Qt's X11 (``xcb``) plugin.

Offscreen, Qt lays the docks out once from the sizes set while building; on a real display the
docks are laid out again from their size hints when the window shows, which is what a user
sees. ``real_display()`` is called by each script before its QApplication is made: with
``QT_QPA_PLATFORM=xcb`` and a ``DISPLAY`` it returns; with no platform set it runs the script
again under its own Xvfb server; any other platform (offscreen) is refused. The emoji in
informan-01 needs a colour emoji font (Debian: fonts-noto-color-emoji), or it shows as a box.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

#: The X server's screen: larger than every window the scripts show.
SCREEN = "1600x1200x24"
#: Who codes in the screenshots (the window would ask).
CODER = "Rina"


def real_display() -> None:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform == "xcb" and os.environ.get("DISPLAY"):
        return
    if platform:
        raise SystemExit(
            f"screenshots: drawn on a real display, not QT_QPA_PLATFORM={platform!r}: unset it "
            "(the script starts Xvfb) or run under xvfb-run with QT_QPA_PLATFORM=xcb"
        )
    script = shutil.which("xvfb-run")
    if script is None or shutil.which("Xvfb") is None:
        raise SystemExit(
            "screenshots: drawn under Xvfb: install it (Debian: apt install xvfb xauth)"
        )
    environ = dict(os.environ, QT_QPA_PLATFORM="xcb")
    command = [script, "--auto-servernum", f"--server-args=-screen 0 {SCREEN} -nolisten tcp"]
    os.execve(script, [*command, sys.executable, *sys.argv], environ)


def scratch_settings() -> Path:
    """Settings in a new scratch folder (returned), never the user's; the coder is set."""
    scratch = Path(tempfile.mkdtemp(prefix="kutip-shots-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch))
    os.environ["KUTIP_CODER"] = CODER
    # The demo's codings are made by the system's user (``getpass``): not "root" in the docs.
    os.environ["LOGNAME"] = CODER
    return scratch


def settle(app: QApplication, seconds: float = 0.6) -> None:
    """Let queued work (renderings, layout) arrive."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def wait_for(app: QApplication, done: Callable[[], bool], seconds: float = 20.0) -> None:
    """Process events until ``done()`` (work in the background: an index, a search)."""
    end = time.monotonic() + seconds
    while not done():
        if time.monotonic() > end:
            raise SystemExit(f"screenshots: gave up waiting after {seconds:.0f} s")
        app.processEvents()
        time.sleep(0.01)
