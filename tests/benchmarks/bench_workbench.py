"""How the workbench feels with a big project: start-up, opening it, coding, the first PDF page.

Run on demand (pytest does not collect tests/benchmarks)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_workbench.py
        [--runs 9] [--code-runs 21] [--rebuild] [--no-append] [--worktree]

The workbench issue's targets, with 200 sources and 10,000 codings: the project opens usable in
under 1 s, applying a code shows its highlight in under 50 ms, the first page of a 300-page PDF
appears in under 0.2 s (issue 13; it was 0.5 s); and the window shows in about a second on a
2-core machine.

The project is built once through the ``Project`` facade and kept in the temp directory
(``kutip-bench-workbench-v*``; ``--rebuild`` makes it again): 150 interview transcripts
(.txt, 50–110 speaker turns, ~3–9k words each, a third with time codes), 50 journal-like PDFs of
10–20 pages made with PyMuPDF, and one 300-page PDF (201 sources), all imported with
``import_paths``; then 10,000 codings with the default codebook in one ``compose``; then the
search index is built, so that the window's background indexing does not compete with what is
measured.

Other sessions edit the working tree while benchmarks run, so Kutip is imported (here and in
every child) from a snapshot of HEAD, byte-compiled as an installed Kutip is; ``--worktree``
measures the working tree instead. ``--child … --profile FILE`` writes a cProfile of the timed
part of one child (GUI thread only), for finding where the time goes.

Every GUI figure is measured in a fresh process (``--child``; a fresh QApplication, settings
and Qt state, a warm OS file cache) with its same-process reference measured right after it:

1. start-up: ``python -c`` that imports ``kutip.gui``, shows the ``MainWindow`` and prints the
   time at the first turn of the event loop (since the top of the script, and since the parent
   spawned it); beside it a bare PySide6 window the same way, and ``kutip --version`` beside
   ``python -c pass``;
2. opening the project: ``MainWindow.open_project`` until it returns with the sources and
   codebook models filled and the event loop has no work left (a pass of ``processEvents``
   under 1 ms); the reference is the core reading the same (``Project.open``, ``sources``,
   ``codes``, ``code_counts``, ``source_cases``), then the raw SQLite queries;
3. applying a code: a range selected in an open transcript, then the key ``1`` sent with
   ``QTest.keyClick`` (the coding controller's shortcut) — until the handler returns, and
   until one ``processEvents`` after it has painted — checked against the view's extra
   selections; undone (untimed) between runs. The reference is ``project.codings.apply`` on a copy
   of the project, and the raw SQLite query of the source's segments;
   The same on the first page of the 300-page PDF, the key sent to its pages; a paint of the
   view must have happened (counted) and the coding have its rectangle on the page;
4. the first page of a PDF: ``show_source`` until the page cache holds page 0 at the view's
   scale and one ``processEvents`` has painted it; for the 300-page PDF and, for reference, a
   20-page one. The reference is PyMuPDF opening the same bytes and rendering page 0 at the same
   scale to a pixmap (``page.get_pixmap``), in the same process after the view (MuPDF's glyph
   cache is then warm).

Prints a Markdown table and appends it, dated and with the machine, to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench_log import append_section, cpu_model

from kutip.services.importing import import_paths

ROOT = Path(__file__).resolve().parents[2]
# Kutip itself is imported from the snapshot ``main`` puts first on sys.path and PYTHONPATH.
sys.path.insert(0, str(ROOT / "tests" / "ingest"))

RESULTS = ROOT / "docs" / "benchmarks.md"
#: Bump when what ``build`` makes changes, so a cached project from before is not reused.
BUILD_VERSION = 2
WORK = Path(tempfile.gettempdir()) / f"kutip-bench-workbench-v{BUILD_VERSION}"

TRANSCRIPTS = 150
ARTICLES = 50
CODINGS = 10_000
BIG_PAGES = 300
REFERENCE_PAGES = 20

TARGET_START_MS = 1000.0
TARGET_OPEN_MS = 1000.0
TARGET_CODE_MS = 50.0
TARGET_PAGE_MS = 200.0

WINDOW_SIZE = (1280, 800)
RESULT_PREFIX = "RESULT "

# -- the project -------------------------------------------------------------------------------

WORDS = (
    "saya kami mereka itu ini yang dan di ke dari untuk dengan karena jadi tapi juga sudah "
    "belum masih bisa harus mau tahu lihat baca ikut pilih pemilu calon presiden partai "
    "kampanye debat video TikTok Instagram WhatsApp YouTube grup keluarga teman kampus "
    "berita hoaks informasi akun resmi relawan iklan sinyal kuota internet desa kota "
    "pemilih muda pertama kali partisipasi politik media sosial percaya ragu bohong benar "
    "komentar siaran langsung algoritma rekomendasi pendidikan kesadaran regulasi aturan "
    "kebijakan dampak perubahan generasi suara pilihan isu ekonomi lapangan kerja harga "
    "honestly like the campaign was everywhere on my feed and I just scrolled past it "
    "sometimes I checked the official account because my parents shared a hoax"
).split()
INTERVIEWER_QUESTIONS = (
    "Bisa ceritakan bagaimana Anda pertama kali tahu tentang calon presiden?",
    "Platform apa yang paling sering Anda pakai untuk membaca berita politik?",
    "Apakah Anda pernah membagikan konten kampanye? Kenapa?",
    "Bagaimana Anda memastikan sebuah informasi itu benar atau hoaks?",
    "Menurut Anda, apakah media sosial membuat anak muda lebih peduli politik?",
    "Ada pengalaman di grup keluarga yang berkaitan dengan pemilu?",
    "Could you say more about that?",
    "Apa yang membuat Anda akhirnya memilih?",
)


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def transcript_text(rng: random.Random, number: int) -> str:
    """An interview of 50–110 turns: short questions, answers of 3 to 18 sentences."""
    timed = number % 3 == 0
    speaker = f"Informan {number}"
    lines = [f"Transkrip wawancara {speaker}", f"Tanggal: {1 + number % 28} Maret 2024", ""]
    seconds = 5
    for turn in range(rng.randint(50, 110)):
        if turn % 2 == 0:
            who = "Pewawancara"
            words = rng.choice(INTERVIEWER_QUESTIONS)
            if rng.random() < 0.5:
                words += " " + _sentence(rng, rng.randint(5, 12))
        else:
            who = speaker
            words = " ".join(_sentence(rng, rng.randint(6, 22)) for _ in range(rng.randint(3, 18)))
        stamp = f"[{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}] "
        lines.append(f"{stamp if timed else ''}{who}: {words}")
        lines.append("")
        seconds += rng.randint(8, 90)
    return "\n".join(lines)


def make_files(folder: Path, rng: random.Random) -> list[Path]:
    from pdf_factory import journal_article

    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for number in range(1, TRANSCRIPTS + 1):
        path = folder / f"informan-{number:03d}.txt"
        path.write_text(transcript_text(rng, number), encoding="utf-8")
        files.append(path)
    for number in range(ARTICLES):
        # The first article has 20 pages: it is the reference PDF of the first-page figure.
        pages = REFERENCE_PAGES if number == 0 else rng.randint(10, 20)
        path = folder / f"article-{number:02d}.pdf"
        path.write_bytes(journal_article(pages, first_page=1 + 17 * number, seed=number))
        files.append(path)
    path = folder / "book-300.pdf"
    path.write_bytes(journal_article(BIG_PAGES, first_page=1, seed=9999))
    files.append(path)
    return files


def _word_range(rng: random.Random, text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """A passage of ``lo``–``hi`` characters that starts and ends on a word."""
    if len(text) < hi + 2:
        return None
    start = rng.randrange(0, len(text) - hi - 1)
    while start < len(text) and not text[start].isalnum():
        start += 1
    if start > 0 and text[start - 1].isalnum():
        start = text.find(" ", start) + 1
    end = min(len(text), start + rng.randint(lo, hi))
    while end > start and text[end - 1].isalnum() and end < len(text) and text[end].isalnum():
        end -= 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return (start, end) if end - start >= lo // 2 else None


def build(path: Path, log: Callable[[str], None]) -> dict[str, Any]:
    """The benchmark project (and its search index); returns what ``measure`` needs to know."""
    from kutip.model import SourceKind
    from kutip.project import Project
    from kutip.search import SearchIndex

    rng = random.Random(2024)
    started = time.perf_counter()
    files = make_files(path.parent / "files", rng)
    log(f"generated {len(files)} files in {time.perf_counter() - started:.1f} s")
    path.unlink(missing_ok=True)
    with Project.create(path, coder="bench") as project:
        started = time.perf_counter()
        report = import_paths(project, files)
        if report.failed:
            raise SystemExit(f"import failed: {report.failed[:3]}")
        sources = project.sources.all()
        log(f"imported {len(sources)} sources in {time.perf_counter() - started:.1f} s")
        texts = {s.id: project.sources.text(s.id) for s in sources}
        codes = [c.id for c in project.codes.all()]

        def code_all() -> None:
            taken: set[tuple[int, int, int, int]] = set()
            ids = [s.id for s in sources]
            while len(taken) < CODINGS:
                source_id = rng.choice(ids)
                where = _word_range(rng, texts[source_id], 40, 600)
                if where is None:
                    continue
                key = (source_id, *where, rng.choice(codes))
                if key in taken:
                    continue
                taken.add(key)
                memo = _sentence(rng, 10) if rng.random() < 0.1 else ""
                project.codings.apply(source_id, where[0], where[1], key[3], memo)

        started = time.perf_counter()
        project.compose("benchmark codings", code_all)
        log(f"{CODINGS:,} codings in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        with SearchIndex(project, cache_dir=path.parent / "cache", watch=False) as index:
            index.open()
        log(f"search index built in {time.perf_counter() - started:.1f} s")
        counts: dict[int, int] = {}
        for segment in project.codings.all():
            counts[segment.source_id] = counts.get(segment.source_id, 0) + 1
        transcripts = sorted(
            (s for s in sources if s.kind is SourceKind.TEXT), key=lambda s: counts.get(s.id, 0)
        )
        median = transcripts[len(transcripts) // 2]
        most = transcripts[-1]
        big = next(s for s in sources if s.title.startswith("book-300") or "9999" in s.title)
        by_file = {s.title: s for s in sources}
        info = {
            "sources": len(sources),
            "codings": len(project.codings.all()),
            "pdfs": sum(s.kind is SourceKind.PDF for s in sources),
            "transcripts": len(transcripts),
            "text_mb": sum(len(t) for t in texts.values()) / 1e6,
            "median_transcript": _describe(median, counts),
            "most_coded_transcript": _describe(most, counts),
            "big_pdf": _describe(big, counts),
            "reference_pdf": _describe(
                by_file.get("Article 0") or _pdf_with_pages(project, REFERENCE_PAGES), counts
            ),
        }
    # A copy for the core reference of applying a code (the window holds the original).
    shutil.copyfile(path, path.with_name("reference.kutip"))
    info["file_mb"] = path.stat().st_size / 1e6
    return info


def _describe(source: Any, counts: dict[int, int]) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": source.title,
        "chars": source.text_length,
        "codings": counts.get(source.id, 0),
    }


def _pdf_with_pages(project: Any, pages: int) -> Any:
    return next(s for s in project.sources.all() if len(project.sources.pages(s.id)) == pages)


def snapshot(commit: str, log: Callable[[str], None]) -> Path:
    """``app/`` of ``commit`` (resources inside, as installed), byte-compiled, in WORK.

    Other sessions edit the working tree while this runs; a snapshot measures one commit,
    and with .pyc files, as an installed Kutip has them (this machine sets
    PYTHONDONTWRITEBYTECODE, so the checkout has none).
    """
    target = WORK / f"src-{commit[:12]}"
    if not (target / "app").is_dir():
        partial = target.with_name(target.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", commit, "app", "resources"],
            capture_output=True,
            check=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(partial, filter="data")
        (partial / "resources").rename(partial / "app" / "kutip" / "_resources")
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(partial / "app")], check=True)
        partial.rename(target)
        log(f"snapshot of {commit[:12]} in {target}")
        for old in WORK.glob("src-*"):  # earlier commits' snapshots
            if old != target:
                shutil.rmtree(old, ignore_errors=True)
    return target / "app"


def use_code(worktree: bool, log: Callable[[str], None]) -> str:
    """Import Kutip (here and in every child) from HEAD's snapshot, or from the working tree."""
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    if worktree:
        app = ROOT / "app"
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "app", "resources"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        what = f"the working tree at {head[:12]}" + (" with uncommitted changes" if dirty else "")
    else:
        app = snapshot(head, log)
        what = f"commit {head[:12]} (a snapshot, byte-compiled)"
    sys.path.insert(0, str(app))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(app), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    return what


def prepare(rebuild: bool, log: Callable[[str], None]) -> dict[str, Any]:
    from kutip.store.schema import SCHEMA_VERSION

    stamp = WORK / "built.json"
    if not rebuild and stamp.exists():
        info = json.loads(stamp.read_text(encoding="utf-8"))
        if info.get("schema") == SCHEMA_VERSION:
            log(f"reusing the project built in {WORK}")
            return info
    for old in ("workbench.kutip", "reference.kutip", "files", "cache", "children"):
        if (WORK / old).is_dir():
            shutil.rmtree(WORK / old)
        else:
            (WORK / old).unlink(missing_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    info = build(WORK / "workbench.kutip", log)
    info["build_s"] = time.perf_counter() - started
    info["schema"] = SCHEMA_VERSION
    stamp.write_text(json.dumps(info, indent=2), encoding="utf-8")
    return info


# -- measuring in child processes --------------------------------------------------------------


def settle(app: Any, budget_s: float = 10.0) -> None:
    """Process events until a pass finds nothing (left) to do: the GUI thread is idle."""
    end = time.perf_counter() + budget_s
    while time.perf_counter() < end:
        started = time.perf_counter()
        app.sendPostedEvents()
        app.processEvents()
        if time.perf_counter() - started < 0.001:
            return


def wait_until(app: Any, done: Callable[[], bool], timeout_s: float = 120.0) -> None:
    end = time.perf_counter() + timeout_s
    while not done():
        if time.perf_counter() > end:
            raise TimeoutError("gave up waiting")
        app.processEvents()
        time.sleep(0.002)


#: Bugs (and warnings) the window reported in this child process, as one-line summaries.
BUGS: list[str] = []


def _bug_seen(_parent: Any, error: BaseException, tb: Any = None) -> None:
    traceback.print_exception(type(error), error, tb or error.__traceback__, file=sys.stderr)
    BUGS.append(f"{type(error).__name__}: {error}")


def _gui(settings_dir: Path) -> tuple[Any, Any]:
    """A QApplication with settings of its own, and the main window, shown and idle."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Who codes: else the window asks, in a modal dialog no one answers.
    os.environ.setdefault("KUTIP_CODER", "bench")
    from PySide6.QtCore import QSettings

    from kutip.gui.core import error_dialogs
    from kutip.gui.core.app import application
    from kutip.gui.main_window import MainWindow

    # A bug report or a warning would open a modal dialog and hang this process: print it
    # and carry on, and the parent says that bugs were seen.
    error_dialogs.show_bug = _bug_seen
    error_dialogs.show_known_error = lambda _parent, error: _bug_seen(None, error)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(settings_dir / scope.name))
    app = application()
    window = MainWindow(demo_dir=settings_dir / "demo")
    window.resize(*WINDOW_SIZE)
    window.show()
    settle(app)
    return app, window


def _open_ready(app: Any, window: Any, path: Path) -> None:
    """Open the project and wait for the search index to be open (cached: no building)."""
    ready: list[bool] = []
    window.search_dock.index_ready.connect(lambda: ready.append(True))
    assert window.open_project(path)
    settle(app)
    wait_until(app, lambda: bool(ready) or not window.search_dock.busy)
    settle(app)


def _profiled(profile: str | None) -> Any:
    import cProfile

    return cProfile.Profile() if profile else None


def _paint_counter(widget: Any) -> Any:
    """Counts the paint events ``widget`` gets (``.count``): a figure that says "painted"
    is only taken when a paint really happened."""
    from PySide6.QtCore import QEvent, QObject

    class Paints(QObject):
        count = 0

        def eventFilter(self, _watched: Any, event: Any) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    counter = Paints(widget)
    widget.installEventFilter(counter)
    return counter


def child_open(path: Path, settings_dir: Path, profile: str | None) -> dict[str, Any]:
    from kutip.project import Project

    app, window = _gui(settings_dir)
    ready_at: list[float] = []
    window.search_dock.index_ready.connect(lambda: ready_at.append(time.perf_counter()))
    profiler = _profiled(profile)
    if profiler:
        profiler.enable()
    started = time.perf_counter()
    assert window.open_project(path)
    returned = time.perf_counter()
    assert window.sources_model.rowCount() > 0 and window.codebook_model.rowCount() > 0
    settle(app)
    idle = time.perf_counter()
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    wait_until(app, lambda: bool(ready_at) or not window.search_dock.busy)
    search_ready = (ready_at[0] if ready_at else time.perf_counter()) - started

    # Again in the same process (Python, Qt and SQLite caches warm).
    window.close_project()
    settle(app)
    again_started = time.perf_counter()
    window.open_project(path)
    settle(app)
    again = time.perf_counter() - again_started
    wait_until(app, lambda: not window.search_dock.busy)
    window.close_project()
    settle(app)

    # The core reading what the window shows, then the raw queries, in this process.
    started_core = time.perf_counter()
    with Project.open(path) as project:
        project.sources.all()
        project.cases.names_by_source()
        project.codes.all()
        project.codes.counts()
    core = time.perf_counter() - started_core
    started_raw = time.perf_counter()
    connection = sqlite3.connect(path)
    connection.execute("SELECT id, guid, kind, title, length(text) FROM sources").fetchall()
    connection.execute("SELECT * FROM codes ORDER BY position, id").fetchall()
    connection.execute(
        "SELECT code_id, count(*), count(DISTINCT source_id) FROM segments GROUP BY code_id"
    ).fetchall()
    connection.close()
    raw = time.perf_counter() - started_raw
    window.close()
    return {
        "returned_ms": 1000 * (returned - started),
        "usable_ms": 1000 * (idle - started),
        "search_ready_ms": 1000 * search_ready,
        "again_ms": 1000 * again,
        "core_ms": 1000 * core,
        "raw_sql_ms": 1000 * raw,
    }


def _coded_ranges(text: str, taken: set[tuple[int, int]], count: int) -> list[tuple[int, int]]:
    """Passages near the top of the text (in view), not coded with the first code yet."""
    rng = random.Random(7)
    found: list[tuple[int, int]] = []
    window = text[: min(len(text), 5000)]
    while len(found) < count:
        where = _word_range(rng, window, 60, 300)
        if where is not None and where not in taken and where not in found:
            found.append(where)
    return found


def child_code(
    path: Path, settings_dir: Path, source_id: int, runs: int, profile: str | None
) -> dict[str, Any]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextFormat
    from PySide6.QtTest import QTest

    from kutip.gui.viewer.highlights import load_highlights
    from kutip.gui.viewer.text_view import SourceView
    from kutip.project import Project

    app, window = _gui(settings_dir)
    _open_ready(app, window, path)
    project = window.project
    window.show_source(source_id, pin=True)
    view = window.documents.current_view()
    assert isinstance(view, SourceView)
    window.activateWindow()
    wait_until(app, window.isActiveWindow, 10)
    view.setFocus()
    wait_until(app, view.hasFocus, 10)
    settle(app)
    first_code = window.coding._top_codes[0].id
    taken = {(s.start, s.end) for s in project.codings.all(source_id=source_id)}
    ranges = _coded_ranges(view.text, taken, runs)
    handler, painted = [], []
    paints = _paint_counter(view.viewport())
    profiler = _profiled(profile)
    for start, end in ranges:
        view.select_range(start, end)
        settle(app)
        if profiler:
            profiler.enable()
        paints.count = 0
        began = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_1)
        returned = time.perf_counter()
        app.processEvents()
        done = time.perf_counter()
        if profiler:
            profiler.disable()
        assert paints.count, "no paint after the key: the highlight was not drawn"
        segment_id = view.selected_segment
        segment = project.codings.get(segment_id)
        assert (segment.start, segment.end, segment.code_id) == (start, end, first_code)
        shown = [
            s
            for s in view.extraSelections()
            if s.format.property(QTextFormat.Property.UserProperty) == segment_id
        ]
        assert shown, "the new coding has no highlight"
        handler.append(1000 * (returned - began))
        painted.append(1000 * (done - began))
        window.undo_stack.undo()
        settle(app)
    if profiler:
        profiler.dump_stats(profile)
    highlights = len(view.highlights)
    window.close()
    settle(app)

    # The core, on a copy of the project (the window's listeners would redraw otherwise).
    core, load, raw = [], [], []
    with Project.open(path.with_name("reference.kutip")) as reference:
        for start, end in ranges:
            began = time.perf_counter()
            edit = reference.codings.apply(source_id, start, end, first_code)
            core.append(1000 * (time.perf_counter() - began))
            reference.undo(edit)
            began = time.perf_counter()
            load_highlights(reference, source_id)
            load.append(1000 * (time.perf_counter() - began))
            began = time.perf_counter()
            reference.store.query(
                'SELECT * FROM segments WHERE source_id = ? ORDER BY source_id, start, "end", id',
                (source_id,),
            )
            raw.append(1000 * (time.perf_counter() - began))
    return {
        "handler_ms": handler,
        "painted_ms": painted,
        "core_ms": core,
        "load_highlights_ms": load,
        "raw_sql_ms": raw,
        "highlights": highlights,
    }


def child_code_pdf(
    path: Path, settings_dir: Path, source_id: int, runs: int, profile: str | None
) -> dict[str, Any]:
    """Applying a code on a PDF's first page: the key ``1`` on the pages, until the handler
    returns and until a ``processEvents`` has painted the page with the new highlight."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from kutip.gui.viewer.pdf_view import PdfDocumentView

    app, window = _gui(settings_dir)
    _open_ready(app, window, path)
    project = window.project
    window.show_source(source_id, pin=True)
    view = window.documents.current_view()
    assert isinstance(view, PdfDocumentView)
    pages = view.pages

    def page_shown() -> bool:
        scale = pages.pixels_per_point * pages.devicePixelRatioF()
        return bool(pages.layout_.pages) and pages.cache.get(0, scale) is not None

    wait_until(app, page_shown, 60)
    window.activateWindow()
    wait_until(app, window.isActiveWindow, 10)
    pages.setFocus()
    wait_until(app, pages.hasFocus, 10)
    settle(app)
    first_code = window.coding._top_codes[0].id
    first = project.sources.pages(source_id)[0]
    taken = {(s.start, s.end) for s in project.codings.all(source_id=source_id)}
    on_page = view.text[first.start : first.end]
    ranges = [
        (first.start + start, first.start + end)
        for start, end in _coded_ranges(
            on_page, {(a - first.start, b - first.start) for a, b in taken}, runs
        )
    ]
    handler, painted = [], []
    paints = _paint_counter(pages.viewport())
    profiler = _profiled(profile)
    for start, end in ranges:
        view.select_range(start, end)
        settle(app)
        if profiler:
            profiler.enable()
        paints.count = 0
        began = time.perf_counter()
        QTest.keyClick(pages, Qt.Key.Key_1)
        returned = time.perf_counter()
        app.processEvents()
        done = time.perf_counter()
        if profiler:
            profiler.disable()
        assert paints.count, "no paint after the key: the highlight was not drawn"
        segment_id = view.selected_segment
        segment = project.codings.get(segment_id)
        assert (segment.start, segment.end, segment.code_id) == (start, end, first_code)
        assert pages.highlight(segment_id) is not None, "the new coding has no highlight"
        assert pages.highlight_rects(segment_id), "the new coding has no rectangle on the page"
        handler.append(1000 * (returned - began))
        painted.append(1000 * (done - began))
        window.undo_stack.undo()
        settle(app)
    if profiler:
        profiler.dump_stats(profile)
    highlights = len(view.highlights)
    window.close()
    settle(app)
    return {"handler_ms": handler, "painted_ms": painted, "highlights": highlights}


def child_pdf(path: Path, settings_dir: Path, source_id: int, profile: str | None) -> dict:
    import pymupdf
    from PySide6.QtCore import QEventLoop, QTimer

    from kutip.gui.viewer.pdf_view import PdfDocumentView

    app, window = _gui(settings_dir)
    _open_ready(app, window, path)

    def first_page() -> dict[str, float]:
        marks: dict[str, float] = {}
        loop = QEventLoop()
        began = time.perf_counter()
        window.show_source(source_id, pin=True)
        marks["view_ms"] = time.perf_counter() - began
        view = window.documents.current_view()
        assert isinstance(view, PdfDocumentView)
        pages = view.pages

        def scale() -> float:
            return pages.pixels_per_point * pages.devicePixelRatioF()

        def rendered() -> bool:
            return bool(pages.layout_.pages) and pages.cache.get(0, scale()) is not None

        def arrived(index: int) -> None:
            if index == 0 and rendered():
                loop.quit()

        pages.ready.connect(lambda: marks.setdefault("geometry_ms", time.perf_counter() - began))
        pages.loader.page_rendered.connect(arrived)
        pages.failed.connect(lambda _message: loop.quit())
        QTimer.singleShot(60_000, loop.quit)
        if not rendered():
            loop.exec()
        marks["rendered_ms"] = time.perf_counter() - began
        app.processEvents()  # the paint of the arrived page
        marks["painted_ms"] = time.perf_counter() - began
        assert rendered(), pages.error or "page 0 was not rendered"
        marks["scale"] = scale()
        marks["pages"] = pages.page_count
        return {k: 1000 * v if k.endswith("_ms") else v for k, v in marks.items()}

    profiler = _profiled(profile)
    if profiler:
        profiler.enable()
    cold = first_page()
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    settle(app)
    window.documents.close_all()
    settle(app)
    again = first_page()
    settle(app)

    # PyMuPDF alone, same bytes, same page, same scale.
    data = window.project.sources.file(source_id)
    direct = []
    for _ in range(3):
        began = time.perf_counter()
        document = pymupdf.open(stream=data, filetype="pdf")
        document.load_page(0).get_pixmap(
            matrix=pymupdf.Matrix(cold["scale"], cold["scale"]), alpha=False
        )
        direct.append(1000 * (time.perf_counter() - began))
        document.close()
    window.close()
    settle(app)
    return {"cold": cold, "again": again, "direct_ms": statistics.median(direct)}


def child_main(args: argparse.Namespace) -> int:
    path = Path(args.project)
    settings_dir = Path(args.settings)
    if args.child == "open":
        result: dict[str, Any] = child_open(path, settings_dir, args.profile)
    elif args.child == "code":
        result = child_code(path, settings_dir, args.source, args.runs, args.profile)
    elif args.child == "code-pdf":
        result = child_code_pdf(path, settings_dir, args.source, args.runs, args.profile)
    elif args.child == "pdf":
        result = child_pdf(path, settings_dir, args.source, args.profile)
    else:
        raise SystemExit(f"unknown child {args.child}")
    result["bugs"] = BUGS
    print(RESULT_PREFIX + json.dumps(result), flush=True)
    return 0


# -- the parent: spawning, tabulating, reporting -------------------------------------------------

STARTUP_SCRIPT = """
import time
_t0 = time.perf_counter()
import sys
from PySide6.QtCore import QTimer
from kutip.gui.core.app import application
from kutip.gui.main_window import MainWindow
app = application()
window = MainWindow()
window.show()
def shown():
    print("SHOWN", (time.perf_counter() - _t0) * 1000, time.time(), flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

BARE_QT_SCRIPT = """
import time
_t0 = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
window.show()
def shown():
    print("SHOWN", (time.perf_counter() - _t0) * 1000, time.time(), flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


class Runner:
    """Spawns the children, each with settings and a log folder of its own."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.count = 0
        #: Bugs the window reported in any child (each is printed to stderr there, too).
        self.bugs: list[str] = []

    def env(self) -> tuple[dict[str, str], Path]:
        self.count += 1
        home = self.work / "children" / str(self.count)
        if home.exists():
            shutil.rmtree(home)
        home.mkdir(parents=True)
        env = dict(os.environ)
        env.update(
            QT_QPA_PLATFORM="offscreen",
            KUTIP_CACHE_DIR=str(self.work / "cache"),
            # Settings and logs of its own; the fontconfig cache (XDG_CACHE_HOME) stays shared.
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_STATE_HOME=str(home / "state"),
            XDG_DATA_HOME=str(home / "data"),
        )
        env.pop("KUTIP_SMOKE_QUIT_MS", None)
        return env, home

    def python(self, script: str) -> tuple[float, float]:
        """(ms since the script's top, ms since spawn) at the first event-loop turn."""
        env, _home = self.env()
        spawned = time.time()
        out = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        ).stdout
        line = next(x for x in out.splitlines() if x.startswith("SHOWN"))
        _tag, in_script, at = line.split()
        return float(in_script), 1000 * (float(at) - spawned)

    def wall(self, command: Sequence[str], **extra_env: str) -> float:
        env, _home = self.env()
        env.update(extra_env)
        began = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True)
        return 1000 * (time.perf_counter() - began)

    def child(self, *arguments: str) -> dict[str, Any]:
        env, home = self.env()
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--project",
            str(self.work / "workbench.kutip"),
            "--settings",
            str(home / "settings"),
            *arguments,
        ]
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        lines = [x for x in done.stdout.splitlines() if x.startswith(RESULT_PREFIX)]
        if done.returncode != 0 or not lines:
            raise SystemExit(f"child {arguments} failed:\n{done.stdout}\n{done.stderr}")
        result: dict[str, Any] = json.loads(lines[-1][len(RESULT_PREFIX) :])
        self.bugs += [bug for bug in result.pop("bugs", []) if bug not in self.bugs]
        return result


def p90(values: Sequence[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=10, method="inclusive")[8]


class Table:
    def __init__(self) -> None:
        self.rows: list[str] = []
        self.missed: list[str] = []

    def add(
        self,
        measure: str,
        values: Sequence[float],
        target: float | None,
        reference: tuple[str, float] | None = None,
    ) -> float:
        median = statistics.median(values)
        spread = f"{p90(values):.0f} / {max(values):.0f}"
        if target is None:
            goal, met = "—", "—"
        else:
            ok = median <= target
            goal, met = f"< {target:.0f}", "yes" if ok else "**no**"
            if not ok:
                self.missed.append(measure)
        if reference is None:
            ref_text, ratio = "—", "—"
        else:
            ref_text = f"{reference[0]}: {reference[1]:.1f}"
            ratio = f"{median / reference[1]:.1f}×" if reference[1] > 0 else "—"
        self.rows.append(
            f"| {measure} | {len(values)} | {median:.1f} | {spread} | {goal} | {met} "
            f"| {ref_text} | {ratio} |"
        )
        return median

    def markdown(self) -> str:
        head = (
            "| measure | runs | median ms | p90 / max ms | target ms | met? "
            "| reference (same process; start-up: interleaved runs), median ms | × ref |\n"
            "|---|---:|---:|---:|---:|:---:|---|---:|"
        )
        return head + "\n" + "\n".join(self.rows)


def machine() -> str:
    import pymupdf
    import PySide6

    return (
        f"{platform.platform()}, {cpu_model()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, "
        f"PyMuPDF {pymupdf.VersionBind}"
    )


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def medians(results: list[dict[str, Any]], key: str) -> list[float]:
    return [r[key] for r in results]


def measure(
    args: argparse.Namespace, info: dict[str, Any], code: str, log: Callable[[str], None]
) -> tuple[str, bool]:
    """The Markdown section, and whether every target was met without a bug."""
    runner = Runner(WORK)
    table = Table()
    load_before = load_average()
    began = time.perf_counter()
    kutip = str(Path(sys.executable).with_name("kutip"))

    # 1. Start-up, interleaved with its references so both see the same load.
    runner.python(STARTUP_SCRIPT)  # warm the OS file cache and the .pyc files: not counted
    runner.python(BARE_QT_SCRIPT)
    runner.wall([kutip, "--version"])
    start_script, start_spawn, bare_script, bare_spawn = [], [], [], []
    version, python_pass, smoke = [], [], []
    for _ in range(args.runs):
        in_script, since_spawn = runner.python(STARTUP_SCRIPT)
        start_script.append(in_script)
        start_spawn.append(since_spawn)
        in_script, since_spawn = runner.python(BARE_QT_SCRIPT)
        bare_script.append(in_script)
        bare_spawn.append(since_spawn)
        version.append(runner.wall([kutip, "--version"]))
        python_pass.append(runner.wall([sys.executable, "-c", "pass"]))
        smoke.append(runner.wall([kutip], KUTIP_SMOKE_QUIT_MS="0"))
    log("start-up measured")
    table.add(
        "Start-up: `import kutip.gui` → `MainWindow` shown, first event-loop turn "
        "(since the script's top)",
        start_script,
        TARGET_START_MS,
        ("bare PySide6 `QMainWindow`", statistics.median(bare_script)),
    )
    table.add(
        "Start-up, the same since the process was spawned",
        start_spawn,
        TARGET_START_MS,
        ("bare PySide6 `QMainWindow`", statistics.median(bare_spawn)),
    )
    table.add(
        "`kutip` (the real entry point, `KUTIP_SMOKE_QUIT_MS=0`), spawn to exit",
        smoke,
        None,
        ("`python -c pass`", statistics.median(python_pass)),
    )
    table.add(
        "`kutip --version`, spawn to exit",
        version,
        None,
        ("`python -c pass`", statistics.median(python_pass)),
    )

    # 2. Opening the project, a fresh process per run.
    opened = [runner.child("--child", "open") for _ in range(args.runs)]
    log("project open measured")
    raw_open = statistics.median(medians(opened, "raw_sql_ms"))
    table.add(
        "Open project: `open_project` returns, models filled (fresh process)",
        medians(opened, "returned_ms"),
        TARGET_OPEN_MS,
        ("core `Project.open`+sources+codes+counts", statistics.median(medians(opened, "core_ms"))),
    )
    table.add(
        "Open project **usable**: … and the event loop idle (fresh process)",
        medians(opened, "usable_ms"),
        TARGET_OPEN_MS,
        ("raw SQLite queries of the same", raw_open),
    )
    table.add("Open project again, same process (warm)", medians(opened, "again_ms"), None)
    table.add(
        "Search index open in the background (cached index), from `open_project`",
        medians(opened, "search_ready_ms"),
        None,
    )

    # 3. Applying a code with the key 1.
    median_t = info["median_transcript"]
    most_t = info["most_coded_transcript"]
    for label, source in (("median", median_t), ("most-coded", most_t)):
        result = runner.child(
            "--child", "code", "--source", str(source["id"]), "--runs", str(args.code_runs)
        )
        core = statistics.median(result["core_ms"])
        raw = statistics.median(result["raw_sql_ms"])
        what = f"{label} transcript, {source['chars']:,} chars, {result['highlights']} codings"
        table.add(
            f"Apply a code (key `1`), to the handler's end — {what}",
            result["handler_ms"],
            TARGET_CODE_MS,
            ("core `project.codings.apply`", core),
        )
        table.add(
            "Apply a code, … + one `processEvents` (highlight painted)",
            result["painted_ms"],
            TARGET_CODE_MS,
            ("raw SQLite segments of the source", raw),
        )
        if label == "median":
            load = statistics.median(result["load_highlights_ms"])
            code_refs = (core, raw, load)
    big = info["big_pdf"]
    result = runner.child(
        "--child", "code-pdf", "--source", str(big["id"]), "--runs", str(args.code_runs)
    )
    what = f"first page of the {BIG_PAGES}-page PDF, {result['highlights']} codings"
    table.add(
        f"Apply a code (key `1`) on a PDF page, to the handler's end — {what}",
        result["handler_ms"],
        TARGET_CODE_MS,
        ("core `project.codings.apply`", code_refs[0]),
    )
    table.add(
        "Apply a code on a PDF page, … + one `processEvents` (page painted with it)",
        result["painted_ms"],
        TARGET_CODE_MS,
    )
    log("coding measured")

    # 4. The first page of a PDF, a fresh process per run.
    pdf_rows = []
    for label, source in (
        (f"{BIG_PAGES}-page PDF", info["big_pdf"]),
        (f"{REFERENCE_PAGES}-page PDF", info["reference_pdf"]),
    ):
        results = [
            runner.child("--child", "pdf", "--source", str(source["id"])) for _ in range(args.runs)
        ]
        cold = [r["cold"] for r in results]
        direct = statistics.median(r["direct_ms"] for r in results)
        table.add(
            f"First page of the {label} painted, from `show_source` (fresh process)",
            [c["painted_ms"] for c in cold],
            TARGET_PAGE_MS,
            ("PyMuPDF open + page 0 `get_pixmap`", direct),
        )
        table.add(
            f"First page of the {label} again, same process (tab closed, reopened)",
            [r["again"]["painted_ms"] for r in results],
            None,
            ("PyMuPDF open + page 0 `get_pixmap`", direct),
        )
        pdf_rows.append(
            f"{label}: view built {statistics.median(c['view_ms'] for c in cold):.0f} ms, "
            f"page sizes known {statistics.median(c['geometry_ms'] for c in cold):.0f} ms, "
            f"page 0 rendered {statistics.median(c['rendered_ms'] for c in cold):.0f} ms "
            f"(medians, from `show_source`; scale {cold[0]['scale']:.2f} px/pt)"
        )
    log("PDF pages measured")

    elapsed = time.perf_counter() - began
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    verdict = (
        "all targets met."
        if not table.missed
        else "missed: " + "; ".join(m.split(" (")[0] for m in table.missed) + "."
    )
    core, raw, load = code_refs
    lines = [
        f"### Workbench: start-up, opening, coding, first PDF page — {now}",
        "",
        f"Machine: {machine()}. Code: {code}.",
        "",
        f"Project: {info['sources']} sources ({info['transcripts']} interview transcripts "
        f"with speaker turns, {info['pdfs'] - 1} journal-like PDFs of 10–20 pages and one of "
        f"{BIG_PAGES} pages, {info['text_mb']:.1f} MB of text), {info['codings']:,} codings "
        f"with the default codebook; {info['file_mb']:.0f} MB project file, search index "
        "built beforehand (tests/benchmarks/bench_workbench.py). Window "
        f"{WINDOW_SIZE[0]}×{WINDOW_SIZE[1]}, `QT_QPA_PLATFORM=offscreen`.",
        "",
        table.markdown(),
        "",
        "How: start-up spawns `python -c` (fresh process; warm OS file cache) and takes the "
        "first turn of the event loop after `show()`. The other rows are measured in a fresh "
        "process per run (`--child`), after a window was shown (and, for coding and PDFs, after "
        'the project was opened and its cached search index loaded); "usable" ends when a '
        "pass of `processEvents` finds nothing to do. Coding: `QTest.keyClick(view, Key_1)` on "
        "a selection near the top of the transcript (and of the PDF's first page), checked in the "
        "view's extra selections (the page's highlights), a paint of the view counted, "
        f"undone between runs; core references run on a copy of the project "
        f"(`load_highlights` of the median transcript: {load:.1f} ms, its raw segments query "
        f"{raw:.2f} ms, `project.codings.apply` {core:.1f} ms). PDF: "
        + "; ".join(pdf_rows)
        + ". The PyMuPDF reference runs after the view, in the same process. Offscreen means "
        "a device pixel ratio of 1: on a 2× screen pages have 4× the pixels to render.",
        "",
        "Caveat: other sessions run test suites on this 2-core machine at the same time, so "
        f"absolute times are noisy (load average before {load_before}, after "
        f"{load_average()}; the run took {elapsed:.0f} s). Compare the × ref column, measured "
        "in the same process as its row (start-up: in runs interleaved with it).",
        "",
        f"Targets (200 sources, 10,000 codings; met = median under target): {verdict}",
        "",
    ]
    if runner.bugs:
        lines += ["Bugs the window reported during the run: " + "; ".join(runner.bugs), ""]
    return "\n".join(lines), not table.missed and not runner.bugs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="fresh processes per figure")
    parser.add_argument("--code-runs", type=int, default=21, help="codings applied per view")
    parser.add_argument("--rebuild", action="store_true", help="build the project again")
    parser.add_argument("--no-append", action="store_true", help="do not write docs/")
    parser.add_argument(
        "--worktree", action="store_true", help="measure the working tree, not a snapshot of HEAD"
    )
    # What the parent asks of a child process.
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--project", help=argparse.SUPPRESS)
    parser.add_argument("--settings", help=argparse.SUPPRESS)
    parser.add_argument("--source", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--profile", help="with --child: write a cProfile of the timed part")
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    code = use_code(args.worktree, log)
    info = prepare(args.rebuild, log)
    section, good = measure(args, info, code, log)
    print(section)
    if not args.no_append:
        append_section(section)
        log(f"appended to {RESULTS.relative_to(ROOT)}")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
