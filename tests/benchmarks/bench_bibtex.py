"""How fast a big reference manager export is read (run on demand; pytest does not collect it).

    .venv/bin/python tests/benchmarks/bench_bibtex.py [--entries 5000] [--runs 3]

Generates a realistic .bib (Zotero, JabRef and Mendeley habits: accented names in ~20% of the
entries, @string journals, month macros, braces, en dashes, abstracts, file fields in three
shapes), times ``kutip.ingest.bib.bibtex.read_bibtex`` (median of ``--runs``) and, for reference,
bibtexparser with its full ``LatexDecodingMiddleware`` on the same text (the cost DESIGN.md §7
warns about). Prints a Markdown table and appends it, dated and with the machine, to
docs/benchmarks.md. The budget is 5 s for 5,000 entries on a 2-core machine.
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

from bench_log import append_section, machine  # noqa: E402

from kutip.ingest.bib.bibtex import read_bibtex  # noqa: E402

BUDGET_SECONDS = 5.0

FAMILY = "Silitonga Roring Jansen Nugroho Wijaya Smith Garcia Chen Lim Hasibuan Kusuma".split()
ACCENTED = [
    r"M{\"u}ller",
    r"Garc{\'\i}a",
    r"Fran{\c{c}}ois",
    r"{\v{S}}imek",
    r"Ng{\~o}",
    r"Sch{\"o}n",
    r"Esp{\'e}rance",
    r"{\O}stergaard",
    r"Dvo{\v{r}}{\'a}k",
    r"Le{\'o}n",
]
GIVEN = "Mikhael F. Anna Budi Siti J.~R. Dewi Ahmad Maria Kim Rizky Putri O. Lars Ewa".split()
WORDS = (
    "social media political participation election voters Indonesia hoax hate speech "
    "credibility campaign youth first-time platform accessibility trust misinformation "
    "polarisation engagement democracy online news survey evidence deliberation"
).split()
JOURNALS = ["jpol", "jcomm", "jasia", "nms"]
STRINGS = {
    "jpol": "Jurnal Ilmu Sosial dan Ilmu Politik",
    "jcomm": "Journal of Communication",
    "jasia": "Asian Journal of Communication",
    "nms": "New Media {\\&} Society",
}
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _name(rng: random.Random) -> str:
    family = rng.choice(ACCENTED) if rng.random() < 0.2 else rng.choice(FAMILY)
    return f"{family}, {rng.choice(GIVEN)}"


def _title(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(6, 12))
    words[0] = words[0].capitalize()
    if rng.random() < 0.5:
        words[rng.randrange(len(words))] = "{Indonesia}"
    return " ".join(words) + (": {A} case study" if rng.random() < 0.3 else "")


def _file(rng: random.Random, key: str) -> str:
    shape = rng.randrange(3)
    if shape == 0:  # Zotero with exported files
        n = rng.randint(1, 999)
        return (
            f"Full Text:files/{n}/{key}.pdf:application/pdf;Snapshot:files/{n}/{key}.html:text/html"
        )
    if shape == 1:  # Mendeley
        return f":C$\\backslash$:/Users/dewi/Documents/Mendeley Desktop/{key}\\_final.pdf:pdf"
    return f":C\\:\\\\Users\\\\dewi\\\\Zotero\\\\storage\\\\{key}.pdf:PDF"  # JabRef, Windows


def _entry(rng: random.Random, i: int) -> str:
    key = f"entry{i}"
    authors = " and ".join(_name(rng) for _ in range(rng.randint(1, 5)))
    lines = [
        f"@article{{{key},",
        f"  author = {{{authors}}},",
        f"  title = {{{_title(rng)}}},",
        f"  journal = {rng.choice(JOURNALS)},",
        f"  year = {{{rng.randint(1995, 2024)}}},",
        f"  month = {rng.choice(MONTHS)},",
        f"  volume = {{{rng.randint(1, 40)}}},",
        f"  number = {{{rng.randint(1, 12)}}},",
        f"  pages = {{{(p := rng.randint(1, 900))}--{p + rng.randint(5, 30)}}},",
        f"  doi = {{10.{rng.randint(1000, 9999)}/jsp.{i}\\_{rng.randint(1, 99)}}},",
        f"  url = {{https://doi.org/10.1000/{i}}},",
        f"  keywords = {{{', '.join(rng.sample(WORDS, 4))}}},",
        "  language = {en},",
    ]
    if rng.random() < 0.6:
        abstract = " ".join(rng.choice(WORDS) for _ in range(rng.randint(80, 160)))
        lines.append(f"  abstract = {{{abstract} --- 95\\% of them.}},")
    if rng.random() < 0.7:
        lines.append(f"  file = {{{_file(rng, key)}}},")
    lines.append("}")
    return "\n".join(lines)


def generate(entries: int, seed: int = 2024) -> str:
    rng = random.Random(seed)
    head = [f'@string{{{key} = "{value}"}}' for key, value in STRINGS.items()]
    head.append("@comment{jabref-meta: databaseType:bibtex;}")
    return "\n\n".join(head + [_entry(rng, i) for i in range(entries)]) + "\n"


def _median_seconds(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _reference(text: str) -> None:
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware

    bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3, help="runs of read_bibtex (median)")
    parser.add_argument("--reference-runs", type=int, default=1, help="0 skips bibtexparser")
    parser.add_argument("--no-append", action="store_true", help="do not write docs/")
    args = parser.parse_args()

    text = generate(args.entries)
    data = text.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "library.bib"
        path.write_bytes(data)
        read = read_bibtex(path, data)
        assert len(read.entries) == args.entries, (len(read.entries), read.problems[:3])
        ours = _median_seconds(lambda: read_bibtex(path, data), args.runs)
    rows = [
        ("`read_bibtex` (Kutip)", ours, args.runs),
    ]
    if args.reference_runs:
        reference = _median_seconds(lambda: _reference(text), args.reference_runs)
        rows.append(("bibtexparser 2 + `LatexDecodingMiddleware`", reference, args.reference_runs))

    size = f"{args.entries:,} entries, {len(data) / 1e6:.1f} MB"
    table = [
        f"### BibTeX import — {datetime.date.today().isoformat()}",
        "",
        f"Machine: {machine()}. File: {size} (generated by tests/benchmarks/bench_bibtex.py).",
        "",
        "| reader | median s | runs | ms / entry |",
        "|---|---:|---:|---:|",
        *(
            f"| {name} | {seconds:.2f} | {runs} | {seconds * 1000 / args.entries:.2f} |"
            for name, seconds, runs in rows
        ),
        "",
        f"Budget: {BUDGET_SECONDS:.0f} s for 5,000 entries — "
        f"{'met' if ours * 5000 / args.entries <= BUDGET_SECONDS else 'MISSED'}.",
        "",
    ]
    output = "\n".join(table)
    print(output)
    if not args.no_append:
        append_section(output)
    return 0 if ours * 5000 / args.entries <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
