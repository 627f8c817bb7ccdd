"""How fast Kutip imports PDFs, against PyMuPDF's plain text extraction of the same files.

Run on demand: ``python tests/benchmarks/bench_pdf_import.py`` (pytest does not collect
tests/benchmarks). It generates journal-like PDFs (two columns of ~600 words a page, a running
header with the page number, hyphenated line ends), then times, in one process and interleaved
file by file so both see the same caches and machine load:

* PyMuPDF ``page.get_text()`` on every page — the floor: MuPDF's own extraction;
* ``read_pdf`` — Kutip's import: canonical text, reading order, page labels, metadata;
* ``page_text(boxes=True)`` — what the PDF view computes for a page it shows.

``--pdfs FILE…`` times real PDFs instead (TeX-made manuals, say: their accents drawn over
letters make some lines be read with character boxes). Each is run ``--rounds`` times over the
corpus; the median round is reported. The target is
``read_pdf`` within 3x of PyMuPDF's plain extraction. The Markdown table is printed and appended,
with the date and the machine, to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "ingest"))

from bench_log import append_section, cpu_model  # noqa: E402
from pdf_factory import journal_article  # noqa: E402

from kutip.ingest.drafts import ReadOptions  # noqa: E402
from kutip.ingest.pdf.pagetext import page_text  # noqa: E402
from kutip.ingest.pdf.reader import read_pdf  # noqa: E402

RESULTS = ROOT / "docs" / "benchmarks.md"
TARGET_RATIO = 3.0


def pymupdf_text(data: bytes) -> None:
    doc = pymupdf.open(stream=data, filetype="pdf")
    for page in doc:
        page.get_text()
    doc.close()


def kutip_import(data: bytes) -> None:
    read_pdf(Path("bench.pdf"), data, ReadOptions())


def kutip_view(data: bytes) -> None:
    doc = pymupdf.open(stream=data, filetype="pdf")
    for page in doc:
        page_text(page, boxes=True)
    doc.close()


RUNNERS: dict[str, Callable[[bytes], None]] = {
    "PyMuPDF `page.get_text()`": pymupdf_text,
    "Kutip `read_pdf` (import)": kutip_import,
    "Kutip `page_text(boxes=True)` (PDF view)": kutip_view,
}


def corpus(files: int, pages: int) -> list[bytes]:
    started = time.perf_counter()
    pdfs = [journal_article(pages, first_page=1 + 20 * k, seed=k) for k in range(files)]
    size = sum(len(d) for d in pdfs) / 1e6
    print(
        f"generated {files} PDFs x {pages} pages ({size:.1f} MB) "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return pdfs


def measure(pdfs: list[bytes], rounds: int) -> dict[str, list[float]]:
    """Seconds per round for each runner; within a round the runners take turns per file."""
    names = list(RUNNERS)
    totals: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(rounds):
        spent = dict.fromkeys(names, 0.0)
        for k, data in enumerate(pdfs):
            shift = (k + round_number) % len(names)  # vary who goes first
            for name in names[shift:] + names[:shift]:
                started = time.perf_counter()
                RUNNERS[name](data)
                spent[name] += time.perf_counter() - started
        for name in names:
            totals[name].append(spent[name])
        print(f"round {round_number + 1}/{rounds} done", file=sys.stderr)
    return totals


def table(totals: dict[str, list[float]], pages: int, rounds: int) -> str:
    baseline = statistics.median(next(iter(totals.values())))
    rows = [
        f"| extraction | median s (of {rounds} rounds) | pages/s | × PyMuPDF |",
        "|---|---:|---:|---:|",
    ]
    for name, seconds in totals.items():
        median = statistics.median(seconds)
        rows.append(f"| {name} | {median:.2f} | {pages / median:,.0f} | {median / baseline:.2f} |")
    return "\n".join(rows)


def report(totals: dict[str, list[float]], pages: int, corpus_line: str, rounds: int) -> str:
    seconds = {name: statistics.median(values) for name, values in totals.items()}
    ratio = seconds["Kutip `read_pdf` (import)"] / seconds["PyMuPDF `page.get_text()`"]
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    machine = (
        f"{platform.platform()}, {cpu_model()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, PyMuPDF {pymupdf.VersionBind}"
    )
    return (
        f"### PDF import — {now}\n\n"
        f"Machine: {machine}.\n\n"
        f"Corpus: {corpus_line}.\n\n"
        f"{table(totals, pages, rounds)}\n\n"
        f"`read_pdf` is {ratio:.2f}× PyMuPDF's plain `get_text()`: {verdict} the "
        f"{TARGET_RATIO:.0f}× target.\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-append", action="store_true", help="print only")
    parser.add_argument("--pdfs", type=Path, nargs="+", help="real PDFs to time instead")
    args = parser.parse_args(argv)
    pymupdf.TOOLS.mupdf_display_errors(False)
    if args.pdfs:
        pdfs = [path.read_bytes() for path in args.pdfs]
        pages = [pymupdf.open(stream=data, filetype="pdf").page_count for data in pdfs]
        corpus_line = f"{len(pdfs)} real PDFs, {sum(pages)} pages: " + ", ".join(
            path.name for path in args.pdfs
        )
    else:
        pdfs = corpus(args.files, args.pages)
        pages = [args.pages] * args.files
        corpus_line = (
            f"{args.files} generated journal-like PDFs × {args.pages} pages = {sum(pages)} pages "
            "(two columns of ~600 words a page, running header with the page number)"
        )
    totals = measure(pdfs, args.rounds)
    section = report(totals, sum(pages), corpus_line, args.rounds)
    print(section)
    if not args.no_append:
        append_section(section)
        print(f"appended to {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
