"""Kill Kutip at random points of its work, many times, and count what survives (run on
demand; pytest does not collect it).

    .venv/bin/python tests/benchmarks/bench_faults.py [--runs 25] [--seed 11]

Builds a project (two interviews with codings, a memo) and, for each operation — an import of
three documents, an autocode of every hit, a DOCX export over an earlier export, and an upgrade
from the schema before the last migration — runs it ``--runs`` times in a child process that
kills itself (SIGKILL) at a random point: the N-th SQL statement, file rename or fsync it makes,
N drawn from every point the operation passes when nothing stops it (for the upgrade, up to
just after its commit). After each kill it checks
that no row committed before is lost or changed, that ``kutip check`` is clean, that a writer
can open the project at once (the lock is free), and that the export's file is whole (absent,
the earlier one, or a complete new one). Prints a Markdown table and appends it, dated and with
the machine, to docs/benchmarks.md; exits 1 if any run left something unsound.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "app"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_log import append_section, machine  # noqa: E402
from sqlite_utils import Database  # noqa: E402

from fault_testing import (  # noqa: E402
    Outcome,
    child_env,
    copy_project,
    kill_and_look,
    trace_points,
)
from kutip.ingest.drafts import SourceDraft  # noqa: E402
from kutip.model import SourceKind  # noqa: E402
from kutip.project import Project  # noqa: E402
from kutip.store.schema import (  # noqa: E402
    APPLICATION_ID,
    SCHEMA_VERSION,
    known_migrations,
    migrations,
)

TEXT = "Saya membaca berita dari grup keluarga, lalu cek hoaks dulu ke situs resmi. " * 200


def _draft(title: str) -> SourceDraft:
    return SourceDraft(
        title=title,
        text=TEXT,
        kind=SourceKind.TEXT,
        file_name=f"{title}.txt",
        mime="text/plain",
        data=f"{title}\n{TEXT}".encode(),
    )


def build(folder: Path) -> tuple[Path, Path]:
    """The current-schema project and the same content at the schema before the last."""
    current = folder / "template.kutip"
    with Project.create(current, coder="bench") as project:
        first = project.sources.add(_draft("informan-01")).value
        second = project.sources.add(_draft("informan-02")).value
        konten = project.codes.find("Konten").id
        project.codings.apply(first, 0, 40, konten, memo="awal")
        project.codings.apply(second, 100, 180, konten)
        project.memos.add("Catatan", "isi")
    older = folder / "older.kutip"
    conn = sqlite3.connect(older, isolation_level=None)
    migrations.apply(Database(conn), stop_before=known_migrations()[-1])
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    for n in range(200):
        conn.execute(
            "INSERT INTO sources (guid, kind, title, text, imported_at) "
            "VALUES (?, 'text', ?, ?, '2024-02-14')",
            (f"g{n}", f"wawancara {n}", TEXT),
        )
    columns = [row[1] for row in conn.execute("PRAGMA table_info(sources)")]
    if "text_length" in columns:  # added by an earlier migration: filled as it would be
        conn.execute("UPDATE sources SET text_length = length(text)")
    conn.close()
    return current, older


def operations(folder: Path, project: Path) -> dict[str, tuple[list[str], Path | None]]:
    documents = []
    for n in range(3):
        path = folder / f"dokumen-{n}.txt"
        path.write_text(f"Dokumen {n}. " + TEXT, encoding="utf-8")
        documents.append(str(path))
    report = folder / "laporan.docx"
    return {
        "import of 3 documents": (["import", str(project), *documents], None),
        "autocode of every hit": (["autocode", str(project), "hoaks", "--code", "Konten"], None),
        "DOCX export over an earlier one": (
            ["export", str(project), "--format", "docx", "--no-charts", "-o", str(report)],
            report,
        ),
        "upgrade to the last schema (200 sources)": (["sources", str(project)], None),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25, help="kills per operation")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-append", action="store_true", help="do not write docs/")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    lines = [
        "| operation | points | runs | killed | rows lost | check clean | lock freed | "
        "file whole | s per run |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    unsound: list[tuple[str, Outcome]] = []
    total = 0
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        current, older = build(folder)
        env = child_env(folder / "cache")
        project = folder / "work" / "bench.kutip"
        project.parent.mkdir()
        for label, (argv, output) in operations(folder, project).items():
            template = older if label.startswith("upgrade") else current
            copy_project(template, project)
            trace_points(["reindex", str(project)], env)  # every run then finds the index
            if output is not None:  # an earlier export, for the killed one to replace
                trace_points(argv, env)
            copy_project(template, project)
            trace = trace_points(argv, env)
            points = len(trace)
            if label.startswith("upgrade"):  # the reading after the upgrade is not the point
                version = trace.index(f"PRAGMA user_version = {SCHEMA_VERSION}")
                points = trace.index("COMMIT", version) + 2
            outcomes = []
            started = time.perf_counter()
            for _ in range(args.runs):
                outcome = kill_and_look(
                    template, project, argv, rng.randint(1, points), env, output
                )
                outcomes.append(outcome)
                if not outcome.sound:
                    unsound.append((label, outcome))
            per_run = (time.perf_counter() - started) / args.runs
            total += len(outcomes)
            lines.append(
                f"| {label} | {points} | {len(outcomes)} "
                f"| {sum(o.killed for o in outcomes)} "
                f"| {sum(sum(o.lost.values()) for o in outcomes)} "
                f"| {sum(o.check[0] == 0 for o in outcomes)} "
                f"| {sum(o.lock_freed for o in outcomes)} "
                f"| {sum(o.output_whole for o in outcomes)} | {per_run:.2f} |"
            )
            print(lines[-1], flush=True)
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    verdict = (
        f"All {total} killed runs left a sound project."
        if not unsound
        else f"{len(unsound)} of {total} runs left something unsound: {unsound[:3]}"
    )
    section = "\n".join(
        [
            f"### Faults — {when}",
            "",
            f"Machine: {machine()}.",
            "",
            f"Each operation killed (SIGKILL) {args.runs} times at random points (seed "
            f"{args.seed}): SQL statements, renames and fsyncs, drawn from all the operation "
            "passes (tests/benchmarks/bench_faults.py). Rows lost counts rows committed before "
            "the command that were gone or changed after the kill.",
            "",
            *lines,
            "",
            verdict,
            "",
        ]
    )
    print()
    print(verdict)
    if not args.no_append:
        append_section(section)
    return 0 if not unsound else 1


if __name__ == "__main__":
    sys.exit(main())
