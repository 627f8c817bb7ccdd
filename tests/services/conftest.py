"""The service tests read the demo project, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from kutip.demo import build_demo


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project; tests only read it (an export does not change a project)."""
    return build_demo(tmp_path_factory.mktemp("demo"))
