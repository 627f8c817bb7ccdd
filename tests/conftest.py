"""Fixtures shared by the core tests: fresh projects with and without the default codebook."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kutip.project import Project


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with Project.create(tmp_path / "test.kutip", coder="tester") as opened:
        yield opened


@pytest.fixture
def empty_project(tmp_path: Path) -> Iterator[Project]:
    with Project.create(tmp_path / "empty.kutip", codebook="empty", coder="tester") as opened:
        yield opened


def _qt_available() -> bool:
    try:
        import PySide6.QtWidgets  # noqa: F401
    except ImportError:
        return False
    return True


# The core must pass without PySide6 (CI checks it in an environment without it): the GUI
# tests are then not collected at all.
collect_ignore_glob = [] if _qt_available() else ["gui/*"]
