"""How fast scanned pages are read by OCR, at which resolution, and what parallel pages gain.

Run on demand: ``python tests/benchmarks/bench_ocr.py`` (pytest does not collect
tests/benchmarks). It typesets full A4 pages (~380 words of Indonesian or English, 10.5-pt
Times, running head and page number), scans them as a scanner would (300-dpi grey JPEG, no
text), then reads them with ``kutip.services.ocr.PageReader`` — the reader the import uses:

* in this process, page after page (``workers=0``), at each ``--dpi``: seconds per page and
  word recall against the typeset text;
* in worker processes at the chosen resolution (``kutip.ingest.pdf.ocr.DPI``), with 1 and with
  ``--workers`` processes: wall time including starting the workers, and the speed-up of
  parallel pages over one worker.

The Markdown table is printed and appended, with the date, the machine and its load, to
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from bench_log import append_section, machine  # noqa: E402

from kutip.ingest.pdf.ocr import DPI, layer_text  # noqa: E402
from kutip.services.ocr import OcrSettings, PageReader, usable_cores  # noqa: E402
from ocr_testing import ENGLISH, INDONESIAN, scan, typeset, word_recall  # noqa: E402

#: Paragraphs a page: as many as fill an A4 page at 10.5 pt (~380 words).
PARAGRAPHS_PER_PAGE = 11


def corpus(pages: int) -> tuple[bytes, list[str]]:
    """A scan of ``pages`` full pages, Indonesian and English in turn, and each page's text."""
    layout = []
    for k in range(pages):
        paragraphs = INDONESIAN if k % 2 == 0 else ENGLISH
        chosen = [paragraphs[(k + i) % len(paragraphs)] for i in range(PARAGRAPHS_PER_PAGE)]
        layout.append((f"Jurnal Ilmu Politik 12({k % 4 + 1})", str(245 + k), chosen))
    doc = typeset(layout)
    data = scan(doc, dpi=300)
    doc.close()
    return data, [" ".join(paragraphs) for _head, _folio, paragraphs in layout]


def read(data: bytes, pages: int, dpi: int, workers: int) -> tuple[float, dict[int, bytes]]:
    reader = PageReader(OcrSettings(dpi=dpi, workers=workers))
    started = time.perf_counter()
    done = reader(data, None, list(range(pages)))
    seconds = time.perf_counter() - started
    if done.problems:
        print("problems:", *done.problems, sep="\n  ", file=sys.stderr)
    return seconds, dict(done.layers)


def recall(layers: dict[int, bytes], texts: list[str]) -> float:
    return statistics.mean(
        word_recall(text, layer_text(layers[k], boxes=False).text) if k in layers else 0.0
        for k, text in enumerate(texts)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--dpi", type=int, nargs="+", default=[200, DPI])
    parser.add_argument("--workers", type=int, default=min(2, usable_cores()) or 1)
    parser.add_argument("--no-append", action="store_true", help="print only")
    args = parser.parse_args(argv)
    pymupdf.TOOLS.mupdf_display_errors(False)
    data, texts = corpus(args.pages)
    print(f"{args.pages} scanned pages, {len(data) / 1e6:.1f} MB", file=sys.stderr)
    load_before = os.getloadavg()[0]

    rows = [
        "| how | dpi | processes | wall s | s/page | word recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for dpi in args.dpi:
        seconds, layers = read(data, args.pages, dpi, 0)
        rows.append(
            f"| in this process | {dpi} | 0 | {seconds:.1f} | {seconds / args.pages:.2f} | "
            f"{recall(layers, texts):.1%} |"
        )
        print(rows[-1], file=sys.stderr)
    wall = {}
    for workers in sorted({1, args.workers}):
        seconds, layers = read(data, args.pages, DPI, workers)
        wall[workers] = seconds
        rows.append(
            f"| worker processes | {DPI} | {workers} | {seconds:.1f} | "
            f"{seconds / args.pages:.2f} | {recall(layers, texts):.1%} |"
        )
        print(rows[-1], file=sys.stderr)
    speedup = wall[1] / wall[args.workers]
    load_after = os.getloadavg()[0]
    words = statistics.mean(len(text.split()) for text in texts)

    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    section = (
        f"### OCR of scanned pages — {now}\n\n"
        f"Machine: {machine()}, PyMuPDF {pymupdf.VersionBind}; load average "
        f"{load_before:.1f} before, {load_after:.1f} after (other work shares the cores).\n\n"
        f"Corpus: {args.pages} generated A4 pages ({words:.0f} words a page, Indonesian or "
        "English, 10.5-pt Times) scanned as 300-dpi grey JPEGs without text; read by Tesseract "
        "(ind+eng) through PyMuPDF, as the import does.\n\n"
        + "\n".join(rows)
        + f"\n\nParallel pages: {args.workers} worker processes read the pages "
        f"{speedup:.2f}× as fast as one (wall time, starting the workers included). "
        f"The chosen resolution is {DPI} dpi.\n"
    )
    print(section)
    if not args.no_append:
        append_section(section)
        print("appended to docs/benchmarks.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
