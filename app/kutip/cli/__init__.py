"""The ``kutip`` command: the GUI when given no command, and the core, headless, when given one.

Exit status: 0 on success, 1 on a problem with the input (a one-line message, no traceback),
2 on a usage error (argparse's own).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from kutip.cli.output import discard_stdout
from kutip.cli.parser import build_parser
from kutip.cli.window import OpenWindow, run_gui, set_window_opener
from kutip.errors import KnownError, disk_full_error, is_disk_full
from kutip.i18n import _
from kutip.store.database import set_program

COMMANDS = (
    "new", "demo", "import", "sources", "references", "reference", "show", "source", "codes",
    "segments", "code", "check", "search", "reindex", "autocode", "export",
    "code-add", "case", "memo", "undo", "merge", "agreement", "ocr",
)  # fmt: skip


def main(argv: Sequence[str] | None = None, open_window: OpenWindow | None = None) -> int:
    """Run the command in ``argv``; ``open_window`` shows the GUI (the launcher passes it)."""
    set_window_opener(open_window)
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        opens_file = bool(arguments) and (
            arguments[0].endswith(".kutip") or Path(arguments[0]).is_file()
        )
        if not arguments or (opens_file and arguments[0] not in COMMANDS):
            if len(arguments) > 1:
                build_parser().error(_("give one project file to open, or a command"))
            return run_gui(Path(arguments[0]) if arguments else None)
        args = build_parser().parse_args(arguments)
        if args.command is None:
            build_parser().print_help()
            return 2
        set_program(f"kutip {args.command}")  # named to a second writer refused meanwhile
        return int(args.run(args))
    except KnownError as error:
        print(f"kutip: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`kutip codes P --json | head`): stop quietly, as `cat` does.
        discard_stdout()
        return 1
    except OSError as error:
        if not is_disk_full(error):
            raise
        # A full disk met outside the project (an export, the search index's cache): its own
        # error names the file when the system did.
        print(
            f"kutip: {disk_full_error(error.filename or _written_by(arguments))}", file=sys.stderr
        )
        return 1
    except KeyboardInterrupt:
        print(_("kutip: interrupted"), file=sys.stderr)
        return 130


def _written_by(arguments: Sequence[str]) -> str:
    """The file a command writes, as its arguments name it (an export's -o, else the project)."""
    for flag in ("-o", "--output"):
        if flag in arguments[:-1]:
            return arguments[arguments.index(flag) + 1]
    return arguments[1] if len(arguments) > 1 else "?"
