"""The search index heals itself quietly: a folder that is a file, that cannot be written, or
whose files are damaged is rebuilt (in its place, or elsewhere for the session) with the same
hits and nothing on stderr; only when no folder at all can be written is it one sentence."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_testing import Answer

from fault_testing import unwritable
from kutip.errors import KnownError
from kutip.project import Project
from kutip.search import SearchIndex
from kutip.search.index import index_dir

QUERY = "hoaks"


@pytest.fixture
def healthy(coded_project: Path, kutip: Callable[..., Answer]) -> str:
    """What a search prints with a sound index (built here, so it exists to be damaged)."""
    answer = kutip("search", coded_project, QUERY)
    assert answer.status == 0 and "passages match" in answer.out
    return answer.out


def folder_of(project: Path, cache: Path) -> Path:
    with Project.open(project, read_only=True) as opened:
        return index_dir(opened.guid, cache)


def assert_heals(project: Path, kutip: Callable[..., Answer], expected: str) -> None:
    answer = kutip("search", project, QUERY)
    assert answer.status == 0
    assert answer.err == ""
    assert answer.out == expected


def test_a_file_where_the_folder_should_be(
    coded_project: Path, kutip: Callable[..., Answer], cache_dir: Path, healthy: str
) -> None:
    folder = folder_of(coded_project, cache_dir)
    shutil.rmtree(folder)
    folder.write_text("not an index")

    assert_heals(coded_project, kutip, healthy)
    assert folder.is_dir()


def test_a_file_where_the_folder_should_be_that_cannot_go(
    coded_project: Path, kutip: Callable[..., Answer], cache_dir: Path, healthy: str
) -> None:
    folder = folder_of(coded_project, cache_dir)
    shutil.rmtree(folder)
    folder.write_text("not an index")
    with unwritable(folder.parent):
        assert_heals(coded_project, kutip, healthy)
    assert folder.read_text() == "not an index"


def test_a_cache_under_a_file(
    coded_project: Path,
    kutip: Callable[..., Answer],
    tmp_path: Path,
    healthy: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    monkeypatch.setenv("KUTIP_CACHE_DIR", str(blocker / "cache"))

    assert_heals(coded_project, kutip, healthy)


def test_a_folder_that_cannot_be_written(
    coded_project: Path, kutip: Callable[..., Answer], cache_dir: Path, healthy: str
) -> None:
    folder = folder_of(coded_project, cache_dir)
    shutil.rmtree(folder)
    folder.mkdir()
    with unwritable(folder):
        assert_heals(coded_project, kutip, healthy)
    assert list(folder.iterdir()) == []
    # The index built elsewhere for that session is gone with it.
    assert not list(Path(tempfile.gettempdir()).glob("kutip-index-*"))


@pytest.mark.parametrize("damaged", ["toc", "segments", "segment heads", "stamp", "all"])
def test_damaged_index_files(
    coded_project: Path,
    kutip: Callable[..., Answer],
    cache_dir: Path,
    healthy: str,
    damaged: str,
) -> None:
    folder = folder_of(coded_project, cache_dir)
    patterns = {"toc": ["*.toc"], "stamp": ["*.json"]}
    chosen = patterns.get(damaged, ["*.seg"] if damaged.startswith("segment") else ["*"])
    for pattern in chosen:
        for file in folder.glob(pattern):
            data = bytearray(file.read_bytes())
            # A segment's middle holds postings and stored texts whoosh reads without a check:
            # damage there gives wrong hits rather than an error unless the index notices.
            at = len(data) // 2 if damaged == "segment heads" else 20
            data[at : at + 40] = b"\xff" * 40
            file.write_bytes(bytes(data))

    assert_heals(coded_project, kutip, healthy)


def test_no_folder_anywhere_is_one_sentence(
    coded_project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")

    def no_temporary_folder(*_args: object, **_kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkdtemp", no_temporary_folder)
    with Project.open(coded_project, read_only=True) as project:
        index = SearchIndex(project, cache_dir=blocker / "cache", watch=False)
        with pytest.raises(KnownError) as refused:
            index.open()
        index.close()
    assert str(refused.value).startswith("The search index cannot be written in ")
    assert "Not a directory" in str(refused.value)
