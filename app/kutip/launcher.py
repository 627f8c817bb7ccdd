"""The ``kutip`` entry point: the command line, which opens the window when asked to.

It sits above both the CLI and the GUI so that neither imports the other, and imports the GUI
(and with it Qt) only when a window is wanted.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from kutip.errors import KnownError
from kutip.i18n import _


def open_window(path: Path | None) -> int:
    try:
        from kutip.gui.core.app import run
    except ImportError as error:
        raise KnownError(
            _("The Kutip window needs PySide6, which is not installed ({reason}).").format(
                reason=error
            )
        ) from None
    return run(path)


def main(argv: Sequence[str] | None = None) -> int:
    if getattr(sys, "frozen", False):
        # The packaged app starts its OCR workers (multiprocessing, "spawn") by running
        # itself again: this makes such a run a worker instead of another Kutip.
        import multiprocessing

        multiprocessing.freeze_support()
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments == ["--version"]:  # answered before the core's imports (~170 ms)
        from kutip import __version__

        print(f"Kutip {__version__}")
        return 0
    from kutip.applog import configure_logging
    from kutip.cli import main as cli_main

    configure_logging()  # library noise goes to the log file, not the user's terminal
    return cli_main(arguments, open_window=open_window)


if __name__ == "__main__":
    sys.exit(main())
