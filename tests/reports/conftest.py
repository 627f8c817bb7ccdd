"""The report tests share one project, built once (PDFs, references, transcripts, codings),
and the demo project, built once (retrieval reads it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from report_project import Built, build

from kutip.demo import build_demo
from kutip.project import Project


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("report-project"))


@pytest.fixture(scope="session")
def coded(built: Built) -> Iterator[Project]:
    """The shared project, open; tests only read it (exports do not change a project)."""
    with Project.open(built.path, coder="reader") as project:
        yield project


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project; tests only read it."""
    return build_demo(tmp_path_factory.mktemp("demo"))
