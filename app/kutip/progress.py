"""How long work reports progress and learns that it was cancelled, without knowing about Qt."""

from __future__ import annotations

from typing import Protocol


class Cancelled(Exception):
    """Raised inside long work when the user cancelled it; work done so far is kept."""


class Progress(Protocol):
    def report(self, done: int, total: int, message: str = "") -> None: ...

    @property
    def cancelled(self) -> bool: ...


class NoProgress:
    """For callers that do not watch: reports go nowhere, nothing is ever cancelled."""

    cancelled = False

    def report(self, done: int, total: int, message: str = "") -> None:
        pass
