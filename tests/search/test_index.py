"""The index's life: where it lives, rebuilt when missing, stale or damaged, kept current."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from search_testing import add_reference, pdf_draft, transcript_draft

from kutip.progress import Cancelled
from kutip.project import Project
from kutip.search import IndexNotReadyError, SearchIndex, index_dir
from kutip.search.index import STAMP_FILE, STEMS_FILE, cache_root
from kutip_testing import text_draft


class Recorder:
    """A Progress that remembers its reports and can cancel after some of them."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.reports: list[tuple[int, int, str]] = []
        self.cancel_after = cancel_after

    def report(self, done: int, total: int, message: str = "") -> None:
        self.reports.append((done, total, message))

    @property
    def cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.reports) >= self.cancel_after


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with Project.create(tmp_path / "t.kutip", codebook="empty") as opened:
        opened.sources.add(pdf_draft(["Kampanye daring di halaman satu."], "satu"))
        opened.sources.add(pdf_draft(["Hoaks menyebar di halaman dua."], "dua"))
        yield opened


def hits(index: SearchIndex, query: str) -> list[str]:
    return sorted(hit.source_title for hit in index.search(query, limit=None))


def test_the_index_lives_in_the_cache_under_the_project_guid(
    project: Project, cache_dir: Path, tmp_path: Path
) -> None:
    with SearchIndex(project) as index:
        assert index.path == cache_dir / "index" / project.guid
        assert hits(index, "kampanye") == ["satu"]
        stamp = json.loads((index.path / STAMP_FILE).read_text())
        assert stamp["project"] == project.guid
    elsewhere = tmp_path / "elsewhere"
    with SearchIndex(project, cache_dir=elsewhere) as index:
        assert index.path == elsewhere / "index" / project.guid
        assert hits(index, "hoaks") == ["dua"]
    assert cache_root() == cache_dir


def test_a_crafted_guid_cannot_point_outside_the_cache(cache_dir: Path) -> None:
    path = index_dir("../../home/someone")
    assert path.parent == cache_dir / "index"
    assert ".." not in path.name


def test_an_index_is_reused_when_current(project: Project) -> None:
    with SearchIndex(project) as index:
        index.open(Recorder())
    progress = Recorder()
    with SearchIndex(project) as index:
        index.open(progress)
        assert progress.reports == []
        assert hits(index, "kampanye") == ["satu"]


def test_stems_are_kept_beside_the_indexes(project: Project, cache_dir: Path) -> None:
    with SearchIndex(project) as index:
        index.open()
    saved = json.loads((cache_dir / "index" / STEMS_FILE).read_text())
    assert saved["id"]["menyebar"] == "sebar"
    assert saved["en"]["halaman"] == "halaman"


def test_malformed_saved_stems_are_ignored(project: Project, cache_dir: Path) -> None:
    (cache_dir / "index").mkdir(parents=True)
    (cache_dir / "index" / STEMS_FILE).write_text('{"id": {"menyebar": 3}, "en": [1]}')
    with SearchIndex(project) as index:
        assert hits(index, "sebar") == ["dua"]


def test_open_reports_progress(project: Project) -> None:
    progress = Recorder()
    with SearchIndex(project) as index:
        index.open(progress)
    assert progress.reports[-1][0] == progress.reports[-1][1] > 0
    assert any("satu" in message for _, _, message in progress.reports)


def test_a_deleted_index_is_rebuilt(project: Project) -> None:
    with SearchIndex(project) as index:
        assert hits(index, "kampanye") == ["satu"]
        path = index.path
    import shutil

    shutil.rmtree(path)
    with SearchIndex(project) as index:
        assert hits(index, "kampanye") == ["satu"]
    assert (path / STAMP_FILE).is_file()


@pytest.mark.parametrize("reopen", [True, False])
def test_a_damaged_index_is_rebuilt(project: Project, reopen: bool) -> None:
    index = SearchIndex(project)
    assert hits(index, "kampanye") == ["satu"]
    if reopen:
        index.close()
    for file in index.path.iterdir():
        if file.name != STAMP_FILE and file.is_file():
            # Overwritten in place: truncating a file this process has mapped would be SIGBUS.
            size = file.stat().st_size
            with file.open("r+b") as damaged:
                damaged.write((b"\x00garbage\xff" * (size // 9 + 1))[:size])
    if reopen:
        index = SearchIndex(project)
    try:
        assert hits(index, "kampanye") == ["satu"]
        assert hits(index, "hoaks") == ["dua"]
    finally:
        index.close()


def test_an_index_of_another_schema_or_project_is_rebuilt(project: Project) -> None:
    with SearchIndex(project) as index:
        index.open()
        stamp_file = index.path / STAMP_FILE
    stamp = json.loads(stamp_file.read_text())
    stamp_file.write_text(json.dumps({**stamp, "schema": -1}))
    progress = Recorder()
    with SearchIndex(project) as index:
        index.open(progress)
        assert progress.reports
        assert hits(index, "kampanye") == ["satu"]
    assert json.loads(stamp_file.read_text()) == stamp


def test_imports_removals_and_their_undo_update_the_index(project: Project) -> None:
    with SearchIndex(project) as index:
        assert hits(index, "partisipasi") == []
        imported = project.sources.add(text_draft("Mereka berpartisipasi.", "tiga"))
        assert hits(index, "partisipasi") == ["tiga"]
        removal = project.sources.remove(project.sources.all()[0].id)
        assert hits(index, "kampanye") == []
        project.undo(removal)
        assert hits(index, "kampanye") == ["satu"]
        project.undo(imported)
        assert hits(index, "partisipasi") == []
        assert not index.needs_update()


def test_metadata_changes_update_the_index(project: Project) -> None:
    with SearchIndex(project) as index:
        first, second = project.sources.all()
        assert hits(index, "year:2017") == []
        add_reference(project, "jansen2017", "Political Participation", "Jansen", "2017")
        project.references.link_source(first.id, "jansen2017")
        assert hits(index, "year:2017") == ["satu"]
        assert hits(index, "author:jansen") == ["satu"]
        add_reference(project, "jansen2017", "Political Participation", "Jansen", "2018")
        assert hits(index, "year:2018") == ["satu"]
        project.sources.rename(second.id, "Laporan Pemilu")
        assert hits(index, "title:pemilu") == ["Laporan Pemilu"]
        case = project.cases.add("Kota A").value
        project.cases.link_source(case, second.id)
        assert hits(index, 'case:"kota a"') == ["Laporan Pemilu"]
        project.cases.rename(case, "Kota B")
        assert hits(index, 'case:"kota b"') == ["Laporan Pemilu"]
        project.sources.set_first_page(first.id, 101)
        [hit] = index.search("kampanye")
        assert hit.page_label == "101"


def test_only_touched_sources_are_indexed_again(project: Project) -> None:
    with SearchIndex(project) as index:
        index.open()
        project.sources.add(transcript_draft([("A", "halo")], "empat"))
        project.sources.set_memo(project.sources.all()[0].id, "a memo changes nothing indexed")
        progress = Recorder()
        index.update(progress)
        assert [m for _, _, m in progress.reports if m] == ["Indexing empat"]


def test_a_cancelled_build_keeps_its_work_and_goes_on_next_time(project: Project) -> None:
    index = SearchIndex(project)
    with pytest.raises(Cancelled):
        index.open(Recorder(cancel_after=1))
    index.close()
    progress = Recorder()
    with SearchIndex(project) as index:
        index.open(progress)
        assert [m for _, _, m in progress.reports if m] == ["Indexing dua"]
        assert hits(index, "kampanye OR hoaks") == ["dua", "satu"]


def test_searching_while_a_rebuild_runs_says_so(project: Project) -> None:
    index = SearchIndex(project)
    entered, release = threading.Event(), threading.Event()

    class Blocking(Recorder):
        def report(self, done: int, total: int, message: str = "") -> None:
            super().report(done, total, message)
            if message == "Indexing dua":
                entered.set()
                release.wait(10)

    worker = threading.Thread(target=index.rebuild, args=(Blocking(),))
    worker.start()
    try:
        assert entered.wait(10)
        assert index.building
        with pytest.raises(IndexNotReadyError, match=r"being rebuilt \(\d+%\)") as caught:
            index.search("kampanye")
        assert caught.value.percent is not None and 0 < caught.value.percent < 100
    finally:
        release.set()
        worker.join(10)
    assert not index.building
    assert hits(index, "kampanye") == ["satu"]
    index.close()


def test_without_update_a_stale_index_says_so_instead_of_searching(project: Project) -> None:
    with SearchIndex(project) as index:
        index.open()
        project.sources.add(text_draft("Kampanye lagi.", "lima"))
        with pytest.raises(IndexNotReadyError):
            index.search("kampanye", update=False)
        assert hits(index, "kampanye") == ["lima", "satu"]


def test_an_index_written_by_another_process_is_checked_again(project: Project) -> None:
    with SearchIndex(project) as watching, SearchIndex(project, watch=False) as other:
        assert hits(other, "kampanye") == ["satu"]
        project.sources.add(text_draft("Kampanye baru.", "enam"))
        assert hits(watching, "kampanye") == ["enam", "satu"]
        # "other" heard of no edit, but sees that the index changed under it.
        assert hits(other, "kampanye") == ["enam", "satu"]
