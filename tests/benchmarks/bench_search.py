"""How fast the search index builds and answers (run on demand; pytest does not collect it).

    .venv/bin/python tests/benchmarks/bench_search.py [--sources 200] [--pages 20]
        [--transcripts 50] [--queries 240] [--no-append]

Generates a project of ``--sources`` "PDF" sources × ``--pages`` pages of mixed Indonesian
and English academic prose (~13 MB of text at the defaults: affixed Indonesian words,
stop words, English inflections, references with authors and years) plus ``--transcripts``
interview transcripts with speaker turns and cases. No real PDFs: search only needs the
canonical text and its pages, which ``SourceDraft.pages`` provides.

Then it measures, in the same run:

* Kutip's whoosh index: build time (``SearchIndex.open``), size on disk, and the latency of
  ``SearchIndex.search(query, limit=50)`` — which includes the exact offsets of every matched
  word and a marked snippet for each of the first 50 hits — over mixed queries: words in
  either language, AND/OR/NOT, phrases, wildcards, fuzzy words, field queries;
* SQLite FTS5 (``unicode61 remove_diacritics 2``, no stemming) on the same chunks: build time,
  size, and ``MATCH … ORDER BY rank LIMIT 50`` with ``snippet()`` and a ``count(*)``, the same
  queries translated (fuzzy words searched as plain words, ``year:`` as a SQL range).

Prints a Markdown table and appends it, dated and with the machine, to docs/benchmarks.md.
The target: p95 under 100 ms for queries with up to 500 hits.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "app"))

from kutip.ingest.bib.bibtex import BibEntryDraft  # noqa: E402
from kutip.ingest.bib.fields import Person  # noqa: E402
from kutip.ingest.drafts import PageDraft, SourceDraft, TurnDraft  # noqa: E402
from kutip.model import SourceKind  # noqa: E402
from kutip.project import Project  # noqa: E402
from kutip.search import SearchIndex  # noqa: E402
from kutip.search.chunks import chunk_source  # noqa: E402

TARGET_MS = 100.0
TARGET_HITS = 500

# -- the generated corpus -------------------------------------------------------------------

#: Indonesian roots with the affixed forms a text uses (Sastrawi should bring each to its root).
INDONESIAN = {
    "partisipasi": ["partisipasi", "berpartisipasi", "partisipasinya", "dipartisipasikan"],
    "kampanye": ["kampanye", "berkampanye", "kampanyenya", "pengkampanyean"],
    "pilih": ["pemilih", "memilih", "pemilihan", "dipilih", "pilihan", "terpilih"],
    "percaya": ["percaya", "kepercayaan", "dipercaya", "mempercayai", "terpercaya"],
    "sebar": ["menyebarkan", "penyebaran", "tersebar", "disebarkan", "sebaran"],
    "benci": ["kebencian", "membenci", "dibenci", "benci"],
    "ujar": ["ujaran", "mengujarkan", "ujar"],
    "bijak": ["kebijakan", "bijak", "kebijaksanaan", "bijaksana"],
    "teliti": ["penelitian", "peneliti", "meneliti", "diteliti"],
    "pengaruh": ["pengaruh", "mempengaruhi", "berpengaruh", "dipengaruhi"],
    "peran": ["peran", "berperan", "peranan", "perannya"],
    "bicara": ["pembicaraan", "membicarakan", "dibicarakan", "berbicara"],
    "akses": ["akses", "mengakses", "aksesibilitas", "diakses"],
    "kredibel": ["kredibel", "kredibilitas", "kredibilitasnya"],
    "tingkat": ["meningkat", "peningkatan", "tingkat", "ditingkatkan"],
    "informasi": ["informasi", "menginformasikan", "informasinya"],
    "diskusi": ["diskusi", "berdiskusi", "didiskusikan"],
    "analisis": ["analisis", "menganalisis", "dianalisis"],
    "muda": ["pemuda", "muda", "kaum muda"],
    "warga": ["warga", "kewargaan", "warganet"],
}
INDONESIAN_STOP = (
    "yang dan di ke dari dalam untuk pada dengan ini itu tidak juga oleh sebagai lebih akan "
    "telah dapat adalah bahwa secara para serta karena atau"
).split()
ENGLISH = {
    "campaign": ["campaign", "campaigns", "campaigning", "campaigned"],
    "elect": ["election", "elections", "electoral", "elected"],
    "vote": ["voter", "voters", "voting", "votes"],
    "particip": ["participation", "participate", "participating", "participants"],
    "trust": ["trust", "trusted", "trusting", "distrust"],
    "spread": ["spread", "spreading", "spreads"],
    "polar": ["polarisation", "polarised", "polarizing"],
    "engag": ["engagement", "engaged", "engaging"],
}
ENGLISH_STOP = "the of and in to a is that for on with as by this from are was".split()
FAMILIES = (
    "Silitonga Roring Jansen Nugroho Wijaya Smith Garcia Chen Lim Hasibuan Kusuma Müller "
    "Santoso Pratama Lestari Hidayat Saragih Utomo"
).split()

# The long tail: made-up words in the shape of each language, drawn by Zipf's law, so that
# (as in real prose) a few words are everywhere and most are rare.
_ID_SYLLABLES = (
    "ba be bi bo bu da de di du ga gi gu ha ja ka ke ki ko ku la le li lu ma me mi mu na ne "
    "ni nu pa pe pi pu ra re ri ru sa se si su ta te ti tu wa ya nga nya"
).split()
_ID_PREFIXES = ["", "", "", "", "me", "mem", "men", "meng", "ber", "di", "ter", "pe", "ke", "se"]
_ID_SUFFIXES = ["", "", "", "", "kan", "an", "nya", "i"]
_EN_SYLLABLES = (
    "con pro de re in ex com per trans inter cog sen vis form struct port duct mod nat lat "
    "act gen cept spec dic fer mit pos tain ven"
).split()
_EN_ENDINGS = ["", "", "s", "al", "ive", "tion", "ment", "ing", "ed", "ity", "ness", "ic"]
TAIL_WORDS = 30_000
TOPICAL_SHARE = 0.03
STOP_SHARE = 0.35


def _tail_vocabulary(rng: random.Random, indonesian: bool) -> list[str]:
    words: dict[str, None] = {}
    while len(words) < TAIL_WORDS // 2:
        if indonesian:
            core = "".join(rng.choice(_ID_SYLLABLES) for _ in range(rng.randint(2, 3)))
            word = rng.choice(_ID_PREFIXES) + core + rng.choice(_ID_SUFFIXES)
        else:
            core = "".join(rng.choice(_EN_SYLLABLES) for _ in range(rng.randint(1, 3)))
            word = core + rng.choice(_EN_ENDINGS)
        words[word] = None
    return list(words)


class Language:
    """One language's words: stop words, topical families, and a Zipf-distributed tail."""

    def __init__(self, rng: random.Random, indonesian: bool) -> None:
        self.stop = INDONESIAN_STOP if indonesian else ENGLISH_STOP
        families = INDONESIAN if indonesian else ENGLISH
        self.topical = [form for forms in families.values() for form in forms]
        self.tail = _tail_vocabulary(rng, indonesian)
        weights = [1.0 / (rank + 10) ** 1.05 for rank in range(len(self.tail))]
        total = 0.0
        self.cumulative = []
        for weight in weights:
            total += weight
            self.cumulative.append(total)

    def words(self, rng: random.Random, count: int) -> list[str]:
        tail = rng.choices(self.tail, cum_weights=self.cumulative, k=count)
        words = []
        for index in range(count):
            roll = rng.random()
            if roll < STOP_SHARE:
                words.append(rng.choice(self.stop))
            elif roll < STOP_SHARE + TOPICAL_SHARE:
                words.append(rng.choice(self.topical))
            else:
                words.append(tail[index])
        return words


LANGUAGES: dict[bool, Language] = {}


def _sentence(rng: random.Random, indonesian: bool) -> str:
    words = LANGUAGES[indonesian].words(rng, rng.randint(8, 22))
    if rng.random() < 0.05:
        words.insert(rng.randrange(len(words)), rng.choice(["🔥", "👍🏽", "café", "résumé"]))
    if rng.random() < 0.1:
        words.insert(rng.randrange(len(words)), str(rng.randint(2000, 2024)))
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice([".", ".", ".", "?", "!"])


def _paragraph(rng: random.Random) -> str:
    indonesian = rng.random() < 0.6
    return " ".join(_sentence(rng, indonesian) for _ in range(rng.randint(3, 7)))


def _page(rng: random.Random, target: int) -> str:
    lines: list[str] = []
    size = 0
    while size < target:
        line = _paragraph(rng) if rng.random() > 0.08 else _sentence(rng, True).rstrip(".?!")
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)


def pdf_source(rng: random.Random, number: int, pages: int, page_chars: int) -> SourceDraft:
    texts = [_page(rng, page_chars) for _ in range(pages)]
    text = "\n\n".join(texts)
    first = rng.randint(1, 400)
    drafts, offset = [], 0
    for index, page in enumerate(texts):
        drafts.append(PageDraft(index, str(first + index), offset, offset + len(page)))
        offset += len(page) + 2
    return SourceDraft(
        title=f"Artikel {number}",
        text=text,
        kind=SourceKind.PDF,
        file_name=f"artikel-{number}.pdf",
        mime="application/pdf",
        data=f"%PDF-bench {number}".encode(),
        pages=tuple(drafts),
        bib_key=f"ref{number}",
    )


def transcript(rng: random.Random, number: int, turns: int) -> SourceDraft:
    lines, drafts, offset = [], [], 0
    for index in range(turns):
        speaker = "Pewawancara" if index % 2 == 0 else f"Informan {number}"
        line = f"{speaker}: {_paragraph(rng)}"
        drafts.append(TurnDraft(offset, offset + len(line), speaker, index * 40.0, None))
        lines.append(line)
        offset += len(line) + 1
    text = "\n".join(lines) + "\n"
    return SourceDraft(
        title=f"informan-{number:02d}",
        text=text,
        kind=SourceKind.TEXT,
        file_name=f"informan-{number:02d}.txt",
        mime="text/plain",
        data=text.encode(),
        turns=tuple(drafts),
    )


def reference(rng: random.Random, number: int) -> BibEntryDraft:
    authors = tuple(Person(rng.choice(FAMILIES), "A.") for _ in range(rng.randint(1, 3)))
    title = " ".join(LANGUAGES[rng.random() < 0.5].words(rng, 7)).capitalize()
    year = str(rng.randint(2005, 2024))
    return BibEntryDraft(f"ref{number}", "article", title, authors, (), year, "", {}, "")


def build_project(folder: Path, args: argparse.Namespace) -> tuple[Project, int]:
    rng = random.Random(args.seed)
    LANGUAGES[True], LANGUAGES[False] = Language(rng, True), Language(rng, False)
    project = Project.create(folder / "bench.kutip", codebook="empty", coder="bench")
    project.references.upsert([reference(rng, n) for n in range(args.sources)])
    size = 0
    for number in range(args.sources):
        draft = pdf_source(rng, number, args.pages, args.page_chars)
        size += len(draft.text)
        project.sources.add(draft)
    for number in range(1, args.transcripts + 1):
        draft = transcript(rng, number, args.turns)
        size += len(draft.text)
        source_id = project.sources.add(draft).value
        case_id = project.cases.add(f"Informan {number}").value
        project.cases.link_source(case_id, source_id)
    return project, size


# -- the queries ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchQuery:
    kutip: str
    fts: str  # FTS5 MATCH expression
    years: tuple[int, int] | None = None  # FTS5: a SQL range on the year column
    kind: str = "word"


def _affixed(rng: random.Random) -> str:
    return rng.choice(rng.choice(list(INDONESIAN.values())))


def _english(rng: random.Random) -> str:
    return rng.choice(rng.choice(list(ENGLISH.values())))


def _phrase(rng: random.Random, texts: list[str]) -> str:
    text = rng.choice(texts)
    words = [w.strip(".?!,").lower() for w in text[:4000].split()]
    words = [w for w in words if w.isalpha()]
    start = rng.randrange(len(words) - 2)
    return " ".join(words[start : start + rng.choice([2, 2, 3])])


def _quoted(word: str) -> str:
    return f'"{word}"' if " " in word else word


def _tail(rng: random.Random) -> str:
    """A word of the long tail, from common (rank 20) to rare (rank 15,000)."""
    rank = int(math.exp(rng.uniform(math.log(20), math.log(15_000))))
    return LANGUAGES[rng.random() < 0.6].tail[rank]


def _misspelt(rng: random.Random) -> str:
    word = _tail(rng)
    while len(word) < 5:
        word = _tail(rng)
    position = rng.randrange(1, len(word) - 1)
    return word[:position] + rng.choice("aiueokrst") + word[position + 1 :]


def make_queries(rng: random.Random, count: int, texts: list[str]) -> list[BenchQuery]:
    makers: list[Callable[[], BenchQuery]] = [
        lambda: BenchQuery(w := _affixed(rng), _quoted(w), kind="word"),
        lambda: BenchQuery(w := _tail(rng), w, kind="word"),
        lambda: BenchQuery(w := _english(rng), w, kind="word"),
        lambda: BenchQuery(w := _tail(rng), w, kind="word"),
        lambda: BenchQuery(
            f"{(a := _affixed(rng))} AND {(b := _tail(rng))}",
            f"{_quoted(a)} AND {b}",
            kind="boolean",
        ),
        lambda: BenchQuery(
            f"{(a := _tail(rng))} AND ({(b := _affixed(rng))} OR {(c := _english(rng))})",
            f"{a} AND ({_quoted(b)} OR {c})",
            kind="boolean",
        ),
        lambda: BenchQuery(
            f"{(a := _affixed(rng))} NOT {(b := _tail(rng))}",
            f"{_quoted(a)} NOT {b}",
            kind="boolean",
        ),
        lambda: BenchQuery(f'"{(p := _phrase(rng, texts))}"', f'"{p}"', kind="phrase"),
        lambda: BenchQuery(f"{(w := _tail(rng))[:5]}*", f"{w[:5]}*", kind="wildcard"),
        lambda: BenchQuery(f"{(w := _misspelt(rng))}~", w, kind="fuzzy"),
        lambda: BenchQuery(
            f"year:[{(y := rng.randint(2005, 2020))} TO {y + 4}] AND {(w := _affixed(rng))}",
            _quoted(w),
            (y, y + 4),
            kind="field",
        ),
        lambda: BenchQuery(
            f"kind:transcript AND {(w := _affixed(rng))}",
            f"kind:transcript AND {_quoted(w)}",
            kind="field",
        ),
        lambda: BenchQuery(
            f"speaker:informan AND {(w := _tail(rng))}",
            f"speaker:informan AND {w}",
            kind="field",
        ),
        lambda: BenchQuery(
            f"author:{(f := rng.choice(FAMILIES).lower())} AND {(w := _affixed(rng))}",
            f"author:{f} AND {_quoted(w)}",
            kind="field",
        ),
        lambda: BenchQuery(f"exact:{(w := _affixed(rng))}", _quoted(w), kind="exact"),
    ]
    return [rng.choice(makers)() for _ in range(count)]


# -- measuring ---------------------------------------------------------------------------------


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def bench_kutip(
    project: Project, cache: Path, queries: list[BenchQuery]
) -> tuple[float, int, list[tuple[float, int]], int]:
    index = SearchIndex(project, cache_dir=cache)
    started = time.perf_counter()
    index.open()
    build = time.perf_counter() - started
    size = folder_size(index.path)
    index.search("warmup")
    timings: list[tuple[float, int]] = []
    for query in queries:
        started = time.perf_counter()
        results = index.search(query.kutip, limit=50)
        elapsed = (time.perf_counter() - started) * 1000
        text_checked = all(h.snippet.text for h in results.hits)
        assert text_checked
        timings.append((elapsed, results.total))
    chunks = index._ix.doc_count()  # a benchmark may look inside
    index.close()
    return build, size, timings, chunks


FTS_SCHEMA = (
    "CREATE VIRTUAL TABLE chunks USING fts5("
    "text, title, author, kind, speaker, year UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)


def bench_fts(
    project: Project, folder: Path, queries: list[BenchQuery]
) -> tuple[float, int, list[tuple[float, int]]]:
    path = folder / "fts.sqlite"
    path.unlink(missing_ok=True)
    bib = {e.citekey: e for e in project.references.all()}
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute(FTS_SCHEMA)
    rows = []
    for source in project.sources.all():
        text = project.sources.text(source.id)
        turns = project.sources.turns(source.id)
        entry = bib.get(source.bib_key or "")
        for chunk in chunk_source(text, project.sources.pages(source.id), turns):
            turn = turns[chunk.turn] if chunk.turn is not None else None
            rows.append(
                (
                    text[chunk.start : chunk.end],
                    source.title + (" " + entry.title if entry else ""),
                    " ".join(entry.authors) if entry else "",
                    "transcript" if turns else "literature",
                    turn.speaker if turn else "",
                    int(entry.year) if entry else None,
                )
            )
    db.executemany("INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    build = time.perf_counter() - started
    size = path.stat().st_size
    timings: list[tuple[float, int]] = []
    for query in queries:
        where, params = "chunks MATCH ?", [query.fts]
        if query.years:
            where += " AND year BETWEEN ? AND ?"
            params += list(query.years)
        started = time.perf_counter()
        count = db.execute(f"SELECT count(*) FROM chunks WHERE {where}", params).fetchone()[0]
        db.execute(
            f"SELECT rowid, snippet(chunks, 0, '«', '»', '…', 32) FROM chunks WHERE {where} "
            "ORDER BY rank LIMIT 50",
            params,
        ).fetchall()
        timings.append(((time.perf_counter() - started) * 1000, count))
    db.close()
    return build, size, timings


def summary(timings: list[tuple[float, int]]) -> tuple[float, float, float, float, int]:
    """p50 and p95 over all queries, and over those with at most TARGET_HITS hits."""
    every = [t for t, _ in timings]
    small = [t for t, n in timings if n <= TARGET_HITS] or [0.0]
    return (
        percentile(every, 50),
        percentile(every, 95),
        percentile(small, 50),
        percentile(small, 95),
        sum(1 for _, n in timings if n <= TARGET_HITS),
    )


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.platform()}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--page-chars", type=int, default=2700)
    parser.add_argument("--transcripts", type=int, default=50)
    parser.add_argument("--turns", type=int, default=40)
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--no-append", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kutip-bench-search-") as temporary:
        folder = Path(temporary)
        started = time.perf_counter()
        project, text_size = build_project(folder, args)
        print(f"project: {text_size / 1e6:.1f} MB of text in {time.perf_counter() - started:.1f} s")
        texts = [project.sources.text(s.id) for s in project.sources.all()[:50]]
        queries = make_queries(random.Random(args.seed + 1), args.queries, texts)
        build, size, kutip_timings, chunks = bench_kutip(project, folder / "cache", queries)
        print(f"kutip: built in {build:.1f} s, {size / 1e6:.1f} MB, {chunks} documents")
        fts_build, fts_size, fts_timings = bench_fts(project, folder, queries)
        print(f"fts5: built in {fts_build:.1f} s, {fts_size / 1e6:.1f} MB")
        project.close()

    kinds = sorted({q.kind for q in queries})
    by_kind = {
        kind: [t for (t, _), q in zip(kutip_timings, queries, strict=True) if q.kind == kind]
        for kind in kinds
    }
    k50, k95, ks50, ks95, small = summary(kutip_timings)
    f50, f95, fs50, fs95, _ = summary(fts_timings)
    hits = [n for _, n in kutip_timings]
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"### Search — {stamp}",
        "",
        f"Machine: {machine()}, whoosh-reloaded 2.7.5, SQLite {sqlite3.sqlite_version}.",
        "",
        f"Corpus: {args.sources} generated PDF-like sources × {args.pages} pages + "
        f"{args.transcripts} transcripts × {args.turns} turns = {text_size / 1e6:.1f} MB of "
        f"mixed Indonesian/English text in {chunks} index documents "
        f"(chunks + one stamp per source). {len(queries)} queries "
        f"({', '.join(f'{k}: {len(v)}' for k, v in by_kind.items())}); hits per query: "
        f"median {statistics.median(hits):.0f}, max {max(hits)}; {small} with ≤ {TARGET_HITS} "
        "hits. Each search returns the first 50 hits with the offsets of every matched word and "
        "a marked snippet.",
        "",
        "| engine | build s | size MB | p50 ms | p95 ms | p50 ms (≤ 500 hits) "
        "| p95 ms (≤ 500 hits) |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| Kutip (whoosh, en + id + exact fields) | {build:.1f} | {size / 1e6:.1f} | {k50:.1f} | "
        f"{k95:.1f} | {ks50:.1f} | {ks95:.1f} |",
        f"| SQLite FTS5 (unicode61, no stemming) | {fts_build:.1f} | {fts_size / 1e6:.1f} | "
        f"{f50:.1f} | {f95:.1f} | {fs50:.1f} | {fs95:.1f} |",
        "",
        "Kutip p50 / p95 ms by kind of query: "
        + "; ".join(
            f"{kind} {percentile(v, 50):.1f} / {percentile(v, 95):.1f}"
            for kind, v in by_kind.items()
        )
        + ".",
        "",
        "Kutip's build starts with no saved stems, so it includes running Sastrawi once on the "
        "whole vocabulary; FTS5 does no stemming. Both searched on the same chunks.",
        "",
        f"Target: p95 under {TARGET_MS:.0f} ms for queries with up to {TARGET_HITS} hits — "
        + ("met." if ks95 < TARGET_MS else "NOT met."),
        "",
    ]
    table = "\n".join(lines)
    print()
    print(table)
    if not args.no_append:
        with (ROOT / "docs" / "benchmarks.md").open("a", encoding="utf-8") as log:
            log.write("\n" + table)


if __name__ == "__main__":
    main()
