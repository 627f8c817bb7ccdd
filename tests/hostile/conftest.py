"""The hostile-input suite: every way a user, a file or the machine can misuse Kutip, each
checked for its one-sentence answer and a project left as it was (docs/hostile-cases.md lists
them, with the test of each).

Search indexes go to the test's own folder, never the user's cache.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_testing import ARTICLE, INTERVIEW, Answer

from kutip.cli import main
from kutip.project import Project
from kutip_testing import text_draft


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KUTIP_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def coded_project(tmp_path: Path) -> Path:
    """A closed project with two sources, codings on both and a memo."""
    path = tmp_path / "coded.kutip"
    with Project.create(path, coder="tester") as project:
        first = project.sources.add(text_draft(INTERVIEW, "informan-01")).value
        second = project.sources.add(text_draft(ARTICLE, "artikel")).value
        konten = project.codes.find("Konten").id
        project.codings.apply(first, 0, 20, konten, memo="awal")
        project.codings.apply(second, 5, 30, konten)
        project.memos.add("Catatan", "isi catatan")
    return path


@pytest.fixture
def kutip(capsys: pytest.CaptureFixture[str]) -> Callable[..., Answer]:
    """Run a ``kutip`` command in this process; what it printed and returned."""

    def run(*args: object) -> Answer:
        capsys.readouterr()
        status = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Answer(status, captured.out, captured.err)

    return run
