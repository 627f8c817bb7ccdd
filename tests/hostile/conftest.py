"""The hostile-input suite: every way a user, a file or the machine can misuse Kutip, each
checked for its one-sentence answer and a project left as it was (docs/hostile-cases.md lists
them, with the test of each).

Search indexes go to the test's own folder, never the user's cache.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KUTIP_CACHE_DIR", str(folder))
    return folder
