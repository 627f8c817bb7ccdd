"""The undo history kept in the project file: rows survive JSON (bytes too), big edits are
logged by name only, and the log keeps a bounded number of edits."""

from __future__ import annotations

import pytest

from kutip.errors import ValidationError
from kutip.project import Project
from kutip.store import RowChange, edit_log
from kutip_testing import text_draft


def test_rows_with_bytes_round_trip() -> None:
    changes = (RowChange("files", "ab", None, {"sha256": "ab", "data": b"\x00\xff", "n": 1}),)
    text = edit_log.dump_changes(changes)
    assert text is not None and edit_log.load_changes(text) == changes


def test_an_edit_too_large_to_keep_is_named_but_not_undone_from_the_log(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(edit_log, "MAX_LOGGED_CHARS", 100)
    project.sources.add(text_draft("x" * 500))
    with pytest.raises(ValidationError, match="too large to keep in the undo history"):
        project.undo_last()
    assert len(project.sources.all()) == 1


def test_the_log_keeps_the_newest_edits(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(edit_log, "KEEP", 3)
    for number in range(6):
        project.memos.add(f"memo {number}")
    assert project.store.scalar("SELECT count(*) FROM edit_log") == 3
    assert project.undo_last().label == "New memo"
    assert [m.title for m in project.memos.all()] == [f"memo {n}" for n in range(5)]
