"""`kutip export`: every format of the export registry, stopped cleanly by SIGTERM."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from kutip.errors import KnownError
from kutip.i18n import _
from kutip.project import Project
from kutip.services import exporting

if TYPE_CHECKING:
    from kutip.reports import CoderRun, ExportResult

from kutip.cli.output import TerminalProgress


def cmd_export(args: argparse.Namespace) -> int:
    with Project.open(args.file, read_only=True) as project, _stopped_cleanly_by_sigterm():
        result = _export(project, args)
    for warning in result.warnings:
        print(_("warning    {warning}").format(warning=warning), file=sys.stderr)
    for path in result.paths:
        print(_("Exported {path}.").format(path=path))
    return 0


@contextlib.contextmanager
def _stopped_cleanly_by_sigterm() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt meanwhile, so a killed export removes its files."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _coder_run(project: Project, given: Sequence[str]) -> CoderRun:
    """``--coded-by A B RUN`` as a report's ``CoderRun``."""
    from kutip.reports import CoderRun, Run, resolve_coders

    runs = [run.value for run in Run]
    if given[2] not in runs:
        raise KnownError(
            _("{run} is not a run of codings; choose one of: {runs}.").format(
                run=given[2], runs=", ".join(runs)
            )
        )
    first, second = resolve_coders(project, given[:2])
    return CoderRun(first, second, Run(given[2]))


def _export(project: Project, args: argparse.Namespace) -> ExportResult:
    from kutip.reports import (
        ExportOptions,
        Selection,
        resolve_cases,
        resolve_coders,
        resolve_codes,
    )

    chosen = exporting.format_of(args.format)
    selection = Selection()
    if exporting.Option.SELECTION in chosen.options:  # the others hold the whole project
        selection = Selection(
            codes=resolve_codes(project, args.codes) if args.codes else None,
            cases=resolve_cases(project, args.cases) if args.cases else None,
            coders=resolve_coders(project, args.coders) if args.coders else None,
            coder_run=_coder_run(project, args.coded_by) if args.coded_by else None,
        )
    agreement = resolve_coders(project, args.agreement) if args.agreement else None
    options = ExportOptions(
        selection=selection,
        style=args.style,
        language=args.lang,
        matrix=args.matrix,
        charts=not args.no_charts,
        agreement=(agreement[0], agreement[1]) if agreement else None,
    )
    return exporting.export(project, chosen, args.output, options, TerminalProgress())
