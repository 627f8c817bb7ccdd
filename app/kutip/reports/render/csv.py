"""One row per reported segment, for R, SPSS, pandas or a spreadsheet.

The columns are stable — scripts read them by name — and do not change with the report
language. In this order:

===============  =============================================================================
``code``         the code's name
``code_path``    the code with its parents, ``Parent/Child``
``source``       the source's title
``citekey``      the BibTeX key of the source's reference; empty for transcripts and sources
                 without a reference
``page_label``   the printed page label(s) of the quote: ``412``, ``412–413`` (en dash) when
                 it spans pages, ``iv``; empty for sources without pages
``case``         the case(s) the segment belongs to, joined by ``; ``
``speaker``      the speaker of the turn where the segment starts (transcripts)
``start``        where the coded range starts: a code-point offset into the source's text
``end``          where it ends (exclusive); ``start``/``end`` are the project's own offsets
``text``         the quote: whole words, de-hyphenated, whitespace collapsed
``memo``         the coding's memo
``coder``        who coded it
``created``      when it was coded (ISO 8601, UTC)
``ocr``          ``yes`` when some of the quote lies on a page read by OCR (a scan: its text
                 may hold recognition errors, check it against the page), else ``no``
===============  =============================================================================

New columns are only ever added at the end.

The file is UTF-8 with a byte-order mark, which Excel needs to read accented letters and
which ``csv``/pandas/R read with ``encoding="utf-8-sig"`` (pandas strips it by itself); rows
end in CRLF as RFC 4180 says.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from kutip.progress import Cancelled, NoProgress, Progress
from kutip.reports.model import Report

COLUMNS: tuple[str, ...] = (
    "code",
    "code_path",
    "source",
    "citekey",
    "page_label",
    "case",
    "speaker",
    "start",
    "end",
    "text",
    "memo",
    "coder",
    "created",
    "ocr",
)


def segment_rows(report: Report) -> Iterator[list[str | int]]:
    """The rows of the segment table (without the header), in report order."""
    for section in report.sections:
        for quote in section.quotes:
            yield [
                section.code.name,
                section.path,
                quote.source_title,
                quote.citekey or "",
                quote.locator,
                "; ".join(quote.cases),
                quote.speaker,
                quote.start,
                quote.end,
                quote.text,
                quote.memo,
                quote.coder,
                quote.created,
                "yes" if quote.ocr else "no",
            ]


def render_csv(report: Report, path: Path, progress: Progress | None = None) -> None:
    progress = progress or NoProgress()
    total = report.quote_count
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for done, row in enumerate(segment_rows(report)):
            if done % 1000 == 0:
                if progress.cancelled:
                    raise Cancelled
                progress.report(done, total, "")
            writer.writerow(row)
