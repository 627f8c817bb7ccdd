"""The report tests share one project, built once (PDFs, references, transcripts, codings)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from report_project import Built, build

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
