"""The GUI tests whose outcome depends on a real window system run again under Xvfb.

Offscreen, Qt lays docks out once from the sizes set while building and never repaints late
pages; on a real X server (the ``xcb`` platform plugin) the window manager's resize, the docks'
size hints and the event order are those a user gets. CI runs the README's test command with
Xvfb installed: this test runs the files in ``UNDER_XVFB`` in a child pytest under
``xvfb-run`` with ``QT_QPA_PLATFORM=xcb`` (the GUI conftest leaves a platform set from outside
alone), and fails with the child's output when they do. Without Xvfb it is skipped, saying so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: The test files that also run on a real X display: the first window's sizes and every path
#: that reveals a passage (scrolling depends on the real layout). Add a file here to run it too.
UNDER_XVFB: tuple[str, ...] = (
    "tests/gui/core/test_first_window.py",
    "tests/gui/viewer/test_reveal.py",
    "tests/gui/viewer/test_pdf_find.py",
    "tests/gui/viewer/test_pdf_stripes.py",
    "tests/gui/viewer/test_find_bar.py",
    "tests/gui/viewer/test_document_tabs.py",
)

#: The screen of the X server: the largest size the first-window tests fit the window to.
SCREEN = "1920x1080x24"
#: The child's limit: the files take some ten seconds here; a hung window must not hang CI.
TIMEOUT_S = 300


def xvfb_run() -> str | None:
    """The ``xvfb-run`` script, if it and the X server it starts are installed."""
    script = shutil.which("xvfb-run")
    return script if script and shutil.which("Xvfb") else None


@pytest.mark.slow
def test_the_gui_tests_that_need_a_real_display_pass_under_xvfb() -> None:
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") != "offscreen":
        pytest.skip("already on a real platform: these files ran in this session")
    script = xvfb_run()
    if script is None:
        pytest.skip(
            "Xvfb is not installed (Debian: apt install xvfb xauth): "
            + ", ".join(UNDER_XVFB)
            + " ran offscreen only"
        )
    missing = [name for name in UNDER_XVFB if not (ROOT / name).is_file()]
    assert not missing, f"UNDER_XVFB names files that are not there: {missing}"

    environ = dict(os.environ, QT_QPA_PLATFORM="xcb")
    command = [
        script,
        "--auto-servernum",
        f"--server-args=-screen 0 {SCREEN} -nolisten tcp",
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        *UNDER_XVFB,
    ]
    done = subprocess.run(
        command,
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"under Xvfb (exit {done.returncode}):\n{output}"
    assert " passed" in done.stdout and "skipped" not in done.stdout, output
