"""Starting the window without a screen is one sentence, not Qt's abort."""

from __future__ import annotations

import pytest

from kutip.gui.core.app import display_problem


@pytest.mark.parametrize(
    ("environ", "shown"),
    [
        ({}, False),
        ({"DISPLAY": ":0"}, True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, True),
        ({"QT_QPA_PLATFORM": "xcb"}, False),
        ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":1"}, True),
        ({"QT_QPA_PLATFORM": "xcb;offscreen"}, True),
        ({"DISPLAY": ""}, False),
    ],
)
def test_a_missing_display_is_found_before_qt_aborts(environ: dict[str, str], shown: bool) -> None:
    problem = display_problem(environ, "linux")
    assert (problem == "") is shown
    if not shown:
        assert problem.startswith("No display:") and "QT_QPA_PLATFORM=offscreen" in problem


def test_windows_and_macos_always_have_a_display() -> None:
    assert display_problem({}, "win32") == display_problem({}, "darwin") == ""
