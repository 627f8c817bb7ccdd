"""How a command opens the window: the launcher passes the function, the CLI never imports Qt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kutip.errors import KnownError
from kutip.i18n import _

OpenWindow = Callable[[Path | None], int]


def _no_window(path: Path | None) -> int:
    raise KnownError(_("This is the command line only; start `kutip` to open the window."))


_open_window: OpenWindow = _no_window


def run_gui(path: Path | None) -> int:
    return _open_window(path)


def set_window_opener(open_window: OpenWindow | None) -> None:
    """The launcher's way to open the window (None: this is the command line only)."""
    global _open_window
    _open_window = open_window or _no_window
