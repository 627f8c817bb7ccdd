"""The search index's life and its queue of work, without a window: open first, newest search,
edits indexed before a search, old indexes closed once nothing runs in them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from kutip.ingest.drafts import SourceDraft
from kutip.model import SourceKind
from kutip.progress import NoProgress
from kutip.project import Project
from kutip.search import QuerySyntaxError, SearchIndex
from kutip.services.search_index import Found, Job, SearchQueue, SearchRequest, hit_locations

TEXT = (
    "Kampanye di media sosial menjangkau pemilih muda.\n"
    "\n"
    "Hoaks menyebar lewat grup percakapan keluarga.\n"
    "Partisipasi politik naik ketika informasi jelas.\n"
)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Indexes go to the test's folder, never to the user's cache."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("KUTIP_CACHE_DIR", str(folder))
    return folder


def _text_source(project: Project, title: str, text: str) -> int:
    draft = SourceDraft(
        title=title,
        text=text,
        kind=SourceKind.TEXT,
        file_name=f"{title}.txt",
        mime="text/plain",
        data=text.encode(),
    )
    return project.sources.add(draft).value


@pytest.fixture
def queue(project: Project, cache_dir: Path) -> Iterator[SearchQueue]:
    _text_source(project, "catatan", TEXT)
    searching = SearchQueue(cache_dir)
    searching.set_project(project)
    yield searching
    searching.set_project(None)
    assert searching.next_job() is None  # closes the index


def _run(queue: SearchQueue, job: Job | None) -> Any:
    assert job is not None
    try:
        return job.run(NoProgress())
    finally:
        queue.finished(job)


def test_the_index_opens_first_then_only_the_newest_search_runs(queue: SearchQueue) -> None:
    queue.ask(SearchRequest("kampanye"))
    queue.ask(SearchRequest("hoaks"))  # asked before the first had its turn: replaces it
    opening = queue.next_job()
    assert opening is not None and opening.opens and queue.opening
    assert queue.next_job() is None  # one job at a time
    assert _run(queue, opening) is None

    searching = queue.next_job()
    assert searching is not None and searching.request == SearchRequest("hoaks")
    assert not queue.opening
    found = _run(queue, searching)
    assert isinstance(found, Found)
    assert [hit.source_title for hit in found.results.hits] == ["catatan"]
    assert found.locations == ["¶ 2"]  # the paragraph of a plain text
    assert queue.next_job() is None  # nothing waits


def test_a_typo_in_the_query_comes_back_as_its_error(queue: SearchQueue) -> None:
    _run(queue, queue.next_job())
    queue.ask(SearchRequest('"ujaran kebencian'))
    error = _run(queue, queue.next_job())
    assert isinstance(error, QuerySyntaxError) and error.query == '"ujaran kebencian'


def test_an_edit_made_after_opening_is_indexed_before_the_next_search(
    queue: SearchQueue, project: Project
) -> None:
    _run(queue, queue.next_job())
    _text_source(project, "wawancara", "Informan 3: saya ikut partisipasi di desa.\n")
    queue.ask(SearchRequest("desa", exact=True))
    found = _run(queue, queue.next_job())
    assert isinstance(found, Found)
    assert [hit.source_title for hit in found.results.hits] == ["wawancara"]


def test_the_index_of_a_closed_project_closes_once_its_job_is_over(
    queue: SearchQueue, project: Project, tmp_path: Path
) -> None:
    closed: list[SearchIndex] = []
    real_close = SearchIndex.close

    def spy(index: SearchIndex) -> None:
        closed.append(index)
        real_close(index)

    opening = queue.next_job()
    assert opening is not None
    with (
        mock.patch.object(SearchIndex, "close", spy),
        Project.create(tmp_path / "lain.kutip", coder="tester") as other,
    ):
        queue.set_project(other)  # while the old index is being opened
        assert not queue.is_current(opening)
        assert queue.next_job() is None and closed == []  # a job still runs in it
        _run(queue, opening)
        reopening = queue.next_job()
        assert closed == [opening.index]  # closed before the next job starts
        assert reopening is not None and reopening.opens and queue.is_current(reopening)
        _run(queue, reopening)
        queue.set_project(None)
        assert queue.next_job() is None
        assert closed == [opening.index, reopening.index]


def test_a_hit_without_a_page_or_speaker_is_placed_by_its_paragraph(
    queue: SearchQueue, project: Project
) -> None:
    _run(queue, queue.next_job())
    assert queue.index is not None
    hits = queue.index.search("partisipasi").hits
    assert hit_locations(project, hits) == ["¶ 3"]
