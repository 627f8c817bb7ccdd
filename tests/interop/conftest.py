"""The REFI-QDA tests check files against the official schemas, read from the shared material."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from refi_testing import SCHEMAS


@pytest.fixture(autouse=True)
def official_schemas(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("KUTIP_REFI_SCHEMAS", str(SCHEMAS))
    yield
