"""How fast a big project exports (run on demand; pytest does not collect it).

    .venv/bin/python tests/benchmarks/bench_export.py [--segments 10000] [--runs 3]

Builds a project like a finished thesis: 60 articles (PDF sources with 30 printed pages each,
page labels from 101, linked to BibTeX references with accented names), 15 interview
transcripts with timed speaker turns in 15 cases, a 20-code codebook with subcodes, and
``--segments`` codings spread over them (some overlapping, some with memos, some running
onto the next page). Then times ``kutip.reports.export`` to DOCX — the report model,
citations in APA, the charts and the document — as the median of ``--runs``, and, once
each, the other formats for reference. Prints a Markdown table and appends it, dated and
with the machine, to docs/benchmarks.md. The budget is 10 s for 10,000 segments to DOCX.
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "app"))

from bench_log import machine  # noqa: E402

from kutip.ingest.bib.bibtex import BibEntryDraft  # noqa: E402
from kutip.ingest.bib.fields import Person  # noqa: E402
from kutip.ingest.drafts import PageDraft, SourceDraft, TurnDraft  # noqa: E402
from kutip.model import SourceKind  # noqa: E402
from kutip.project import Project  # noqa: E402
from kutip.reports import ExportOptions, export  # noqa: E402

BUDGET_SECONDS = 10.0
ARTICLES = 60
PAGES = 30
INTERVIEWS = 15
TURNS = 80

FAMILY = "Jansen Silitonga Nugroho Wijaya Lim Hasibuan Kusuma Müller García Ng Mù Dvořák".split()
GIVEN = "Mikhael Anna Budi Siti Dewi Ahmad Maria Rizky Putri Lars Ewa Ānh".split()
WORDS = (
    "partisipasi politik media sosial pemilih muda kampanye hoaks kredibilitas akses sinyal "
    "platform TikTok Instagram debat calon informasi keluarga grup percakapan algoritma "
    "political participation social media young voters campaign trust misinformation online"
).split()
CODES = [
    ("Aksesibilitas", ["Sinyal", "Kuota"]),
    ("Teknologi", ["Siaran langsung", "Kecerdasan buatan"]),
    ("Konten", []),
    ("Kredibilitas", ["Hoaks", "Akun resmi"]),
    ("Kampanye Politik", ["Relawan", "Iklan"]),
    ("Interaksi Sosial", []),
    ("Regulasi dan Kebijakan", []),
    ("Persepsi tentang Dampak", []),
]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _article(rng: random.Random, n: int) -> SourceDraft:
    texts = [" ".join(_sentence(rng, rng.randint(8, 20)) for _ in range(25)) for _ in range(PAGES)]
    pages, start = [], 0
    for index, text in enumerate(texts):
        pages.append(PageDraft(index, str(101 + index), start, start + len(text)))
        start += len(text) + 2
    return SourceDraft(
        title=f"Article {n}",
        text="\n\n".join(texts),
        kind=SourceKind.PDF,
        file_name=f"article-{n}.pdf",
        mime="application/pdf",
        data=f"%PDF-1.7 benchmark article {n}".encode(),
        language="en",
        pages=tuple(pages),
        bib_key=f"ref{n}",
    )


def _interview(rng: random.Random, n: int) -> SourceDraft:
    parts, turns, start = [], [], 0
    for k in range(TURNS):
        speaker = "Pewawancara" if k % 2 == 0 else f"Informan {n}"
        seconds = 60 + k * 37
        line = f"{speaker}: " + " ".join(_sentence(rng, rng.randint(6, 18)) for _ in range(4))
        turns.append(TurnDraft(start, start + len(line), speaker, float(seconds)))
        parts.append(line)
        start += len(line) + 2
    return SourceDraft(
        title=f"informan-{n:02d}",
        text="\n\n".join(parts),
        kind=SourceKind.TEXT,
        file_name=f"informan-{n:02d}.txt",
        mime="text/plain",
        data=f"benchmark interview {n}".encode(),
        language="id",
        turns=tuple(turns),
    )


def _reference(rng: random.Random, n: int) -> BibEntryDraft:
    authors = tuple(
        Person(rng.choice(FAMILY), rng.choice(GIVEN)) for _ in range(rng.choice((1, 2, 3, 4)))
    )
    year = str(2005 + n % 19)
    title = _sentence(rng, 7).rstrip(".")
    fields = {
        "title": title,
        "journal": "Jurnal Ilmu Sosial dan Ilmu Politik",
        "year": year,
        "volume": str(10 + n % 15),
        "number": str(1 + n % 4),
        "pages": f"{101}--{100 + PAGES}",
    }
    return BibEntryDraft(
        citekey=f"ref{n}",
        entry_type="article",
        title=title,
        authors=authors,
        editors=(),
        year=year,
        doi=f"10.1234/bench.{n}",
        fields=fields,
        original="",
    )


def build(path: Path, segments: int, seed: int = 2024) -> None:
    rng = random.Random(seed)
    with Project.create(path, codebook="empty", coder="bench") as project:
        project.references.upsert([_reference(rng, n) for n in range(ARTICLES)])
        sources = [project.sources.add(_article(rng, n)).value for n in range(ARTICLES)]
        interviews = [project.sources.add(_interview(rng, n + 1)).value for n in range(INTERVIEWS)]
        for n, source in enumerate(interviews, 1):
            case = project.cases.add(f"Informan {n}").value
            project.cases.link_source(case, source)
        codes: list[int] = []
        for name, children in CODES:
            parent = project.codes.add(name, definition=_sentence(rng, 20)).value
            codes.append(parent)
            codes += [project.codes.add(c, parent_id=parent).value for c in children]
        lengths = {s: project.sources.get(s).text_length for s in sources + interviews}
        everything = sources + interviews

        def code_all() -> None:
            taken: set[tuple[int, int, int, int]] = set()
            while len(taken) < segments:
                source = rng.choice(everything)
                start = rng.randrange(0, lengths[source] - 800)
                end = start + rng.randint(40, 600)
                key = (source, start, end, rng.choice(codes))
                if key in taken:
                    continue
                taken.add(key)
                memo = _sentence(rng, 10) if rng.random() < 0.2 else ""
                project.codings.apply(source, start, end, key[3], memo)

        project.compose("benchmark codings", code_all)


def _median(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3, help="runs of the DOCX export (median)")
    parser.add_argument("--no-append", action="store_true", help="do not write docs/")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        started = time.perf_counter()
        build(work / "bench.kutip", args.segments)
        built = time.perf_counter() - started
        rows: list[tuple[str, float, int]] = []
        with Project.open(work / "bench.kutip") as project:
            docx = _median(lambda: export(project, "docx", work / "r.docx"), args.runs)
            size = (work / "r.docx").stat().st_size
            rows.append(("DOCX (model, APA citations, charts, document)", docx, args.runs))
            no_charts = ExportOptions(charts=False)
            for label, fmt, name, options in (
                ("DOCX without charts", "docx", "n.docx", no_charts),
                ("Markdown + .bib (with charts)", "md", "r.md", ExportOptions()),
                ("HTML (with charts)", "html", "r.html", ExportOptions()),
                ("CSV", "csv", "r.csv", ExportOptions()),
                ("XLSX", "xlsx", "r.xlsx", ExportOptions()),
            ):
                start = time.perf_counter()
                export(project, fmt, work / name, options)
                rows.append((label, time.perf_counter() - start, 1))

    verdict = "met" if docx <= BUDGET_SECONDS else "MISSED"
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"### Report export — {stamp}",
        "",
        f"Machine: {machine()}.",
        "",
        f"Project: {args.segments:,} codings over {ARTICLES} PDF articles ({PAGES} printed "
        f"pages each, linked to references) and {INTERVIEWS} transcripts ({TURNS} timed turns, "
        f"one case each), {sum(1 + len(c) for _n, c in CODES)} codes; built in {built:.1f} s "
        f"(tests/benchmarks/bench_export.py). DOCX: {size / 1e6:.1f} MB.",
        "",
        "| export | median s | runs |",
        "|---|---:|---:|",
        *[f"| {label} | {seconds:.2f} | {runs} |" for label, seconds, runs in rows],
        "",
        f"Budget: {BUDGET_SECONDS:.0f} s for 10,000 segments to DOCX — {verdict}.",
        "",
    ]
    output = "\n".join(lines)
    print(output)
    if not args.no_append:
        target = ROOT / "docs" / "benchmarks.md"
        existing = target.read_text(encoding="utf-8") if target.exists() else "# Benchmarks\n"
        target.write_text(existing.rstrip("\n") + "\n\n" + output, encoding="utf-8")
    return 0 if docx <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
