"""How fast two coders' projects merge (run on demand; pytest does not collect it).

    .venv/bin/python tests/benchmarks/bench_merge.py [--sources 200] [--codings 10000] [--runs 3]

Builds a project of ``--sources`` interview transcripts (about 2,000 words each) and a
30-code codebook, copies it for two coders, and has each code ``--codings`` passages of their
copy (a tenth of them the same passage with the same code as the other coder, the rest
anywhere), plus 20 sources of their own. Then times ``kutip.services.merge.merge_project`` of
Bob's copy into a fresh copy of Alice's — the snapshot, the records, every match and insert in
one transaction — as the median of ``--runs``, and the second, idempotent merge once. Prints
a Markdown table and appends it, dated and with the machine, to docs/benchmarks.md. The
budget is 10 s for 200 sources and 10,000 codings each.
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "app"))

from bench_log import append_section, machine  # noqa: E402

from kutip.ingest.drafts import SourceDraft  # noqa: E402
from kutip.model import SourceKind  # noqa: E402
from kutip.project import Project  # noqa: E402
from kutip.services.merge import merge_project  # noqa: E402

BUDGET_SECONDS = 10.0
CODES = 30
OWN_SOURCES = 20
WORDS = (
    "partisipasi politik media sosial pemilih muda kampanye hoaks kredibilitas akses sinyal "
    "platform TikTok Instagram debat calon informasi keluarga grup percakapan algoritma"
).split()


def transcript(generator: random.Random, number: int) -> SourceDraft:
    lines = []
    for turn in range(60):
        speaker = "Pewawancara" if turn % 2 == 0 else f"Informan {number}"
        words = " ".join(generator.choice(WORDS) for _ in range(33))
        lines.append(f"{speaker}: {words}.")
    text = "\n".join(lines) + "\n"
    return SourceDraft(
        title=f"informan-{number}",
        text=text,
        kind=SourceKind.TEXT,
        file_name=f"informan-{number}.txt",
        mime="text/plain",
        data=text.encode("utf-8"),
    )


def code(project: Project, generator: random.Random, codings: int, shared: set[tuple]) -> None:
    """``codings`` codings by the project's coder: the ``shared`` passages, then random ones."""
    sources = [(s.id, s.text_length) for s in project.sources.all()]
    codes = [c.id for c in project.codes.all()]
    done: set[tuple[int, int, int, int]] = set()

    def steps() -> None:
        for passage in shared:
            project.codings.apply(*passage)
            done.add(passage)
        while len(done) < codings:
            source_id, length = generator.choice(sources)
            start = generator.randrange(length - 300)
            passage = (
                source_id,
                start,
                start + generator.randint(20, 300),
                generator.choice(codes),
            )
            if passage not in done:
                project.codings.apply(*passage)
                done.add(passage)

    project.compose("code", steps)


def build(work: Path, sources: int, codings: int) -> tuple[Path, Path]:
    generator = random.Random(14)
    base = work / "base.kutip"
    with Project.create(base, codebook="empty", coder="setup") as project:

        def steps() -> None:
            for number in range(1, sources + 1):
                project.sources.add(transcript(generator, number))
            for number in range(CODES):
                project.codes.add(f"Kode {number + 1}")

        project.compose("build", steps)
        lengths = [(s.id, s.text_length) for s in project.sources.all()]
        codes = [c.id for c in project.codes.all()]
    shared = set()
    while len(shared) < codings // 10:
        source_id, length = generator.choice(lengths)
        start = generator.randrange(length - 300)
        shared.add((source_id, start, start + generator.randint(20, 300), generator.choice(codes)))
    copies = []
    for coder in ("Alice", "Bob"):
        path = work / f"{coder.lower()}.kutip"
        shutil.copy(base, path)
        with Project.open(path, coder=coder) as project:

            def own(project: Project = project, coder: str = coder) -> None:
                for number in range(OWN_SOURCES):
                    project.sources.add(transcript(generator, 1000 + number + 100 * len(coder)))

            project.compose("own", own)
            code(project, generator, codings, shared)
        copies.append(path)
    return copies[0], copies[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--codings", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3, help="runs of the merge (median)")
    parser.add_argument("--no-append", action="store_true", help="do not write docs/")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        started = time.perf_counter()
        alice, bob = build(work, args.sources, args.codings)
        built = time.perf_counter() - started
        timings = []
        for run in range(args.runs):
            into = work / f"merged-{run}.kutip"
            shutil.copy(alice, into)
            with Project.open(into, coder="Alice") as project:
                start = time.perf_counter()
                report = merge_project(project, bob)
                timings.append(time.perf_counter() - start)
                start = time.perf_counter()
                again = merge_project(project, bob)
                second = time.perf_counter() - start
                total = len(project.codings.all())
        merge = statistics.median(timings)
    assert sum(again.created.values()) == 0, "the second merge added something"
    verdict = "met" if merge <= BUDGET_SECONDS else "MISSED"
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"### Merge of two coders' projects — {stamp}",
        "",
        f"Machine: {machine()}.",
        "",
        f"Projects: {args.sources} shared transcripts (~2,000 words each) + {OWN_SOURCES} of "
        f"each coder's own, {CODES} codes, {args.codings:,} codings each "
        f"({args.codings // 10:,} passages coded alike by both, each kept as its coder's own); "
        f"built in {built:.1f} s (tests/benchmarks/bench_merge.py). Merged: "
        f"{report.created['codings']:,} codings added, {report.merged['codings']:,} matched, "
        f"{total:,} in all.",
        "",
        "| merge | s | runs |",
        "|---|---:|---:|",
        f"| Bob's .kutip into Alice's (snapshot, records, one transaction) | {merge:.2f} | "
        f"{args.runs} (median) |",
        f"| the same again (nothing added) | {second:.2f} | 1 |",
        "",
        f"Budget: {BUDGET_SECONDS:.0f} s for 200 sources / 10,000 codings each — {verdict}.",
        "",
    ]
    output = "\n".join(lines)
    print(output)
    if not args.no_append:
        append_section(output)
    return 0 if merge <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
