"""What the commands print: progress on stderr, JSON, tables, one-line quotes; finding a source."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from kutip.errors import KnownError
from kutip.i18n import _
from kutip.project import Project, typed_id
from kutip.store.values import bindable


class TerminalProgress:
    """Progress (files imported, pages read) on one rewritten line of stderr, only when it is
    a terminal."""

    cancelled = False

    def __init__(self) -> None:
        self._live = sys.stderr.isatty()

    def report(self, done: int, total: int, message: str = "") -> None:
        if not self._live or total == 0:
            return
        end = "\n" if done >= total else ""
        print(f"\r\033[K[{done}/{total}] {message}"[:200], end=end, file=sys.stderr, flush=True)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_table(rows: Sequence[Sequence[object]], headers: Sequence[str]) -> None:
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def say_if_cut(shown: int, total: int) -> None:
    """After a listing cut at ``--limit``, say so on stderr (stdout stays the listing)."""
    if shown < total:
        print(
            _("showing {shown} of {total} — use --limit to see more").format(
                shown=shown, total=total
            ),
            file=sys.stderr,
        )


def one_line(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def around_first_mark(text: str, width: int) -> str:
    """One line of at most ``width`` characters that shows the first «marked» match."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    start = max(0, min(flat.find("«") - width // 3, len(flat) - width))
    clipped = flat[start : start + width]
    return ("…" if start else "") + clipped + ("…" if start + width < len(flat) else "")


def coder(args: argparse.Namespace) -> str | None:
    """Who codes, for a command that writes: ``--coder``, else ``$KUTIP_CODER``, else None (the
    project's coder chosen last, else the system's user)."""
    return getattr(args, "coder", None) or os.environ.get("KUTIP_CODER") or None


def find_source(project: Project, reference: str) -> int:
    """A source by id or by title: the exact title, else the title ignoring case."""
    source_id = typed_id(reference)
    if source_id is not None:
        return project.sources.get(source_id).id
    sources = project.sources.all()
    matches = [s.id for s in sources if s.title == reference] or [
        s.id for s in sources if s.title.casefold() == reference.casefold()
    ]
    if not matches and reference.strip().isascii() and reference.strip().isdigit():
        bindable([int(reference.strip()[:200])])  # an id too large for a project: say so
    if len(matches) != 1:
        raise KnownError(
            _("There is no source called {name}.").format(name=reference)
            if not matches
            else _("Several sources are called {name}; give one of their ids: {ids}.").format(
                name=reference, ids=", ".join(str(i) for i in matches)
            )
        )
    return matches[0]


def discard_stdout() -> None:
    """Point stdout at the null device, so flushing it at exit cannot fail once more."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test's capture): nothing will be flushed to a pipe
