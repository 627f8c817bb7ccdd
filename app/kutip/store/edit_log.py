"""The project's undo history: every committed edit, with the rows it changed, in the
``edit_log`` table — so that ``kutip undo`` takes back the step the window's Ctrl+Z would,
even after the window is closed.

The rule for "the last step": the newest logged edit that is not itself an undo and is not
undone. Undoing an edit marks it undone and logs the undo (``is_undo``, ``undoes``); undoing
that undo (a redo) marks the original edit not undone again — so the window's undo/redo and
the command line walk the same history. An edit whose rows are too large to keep (an import
of big files) is logged by name only and cannot be undone from the log.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from kutip.store.changes import Recorder, RowChange
from kutip.store.database import Store

#: Edits whose rows take more than this as JSON are logged without them.
MAX_LOGGED_CHARS = 2_000_000
#: How many edits the log keeps: older ones are dropped as new ones come.
KEEP = 500


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$bytes"}:
            return base64.b64decode(value["$bytes"])
        return {k: _decode(v) for k, v in value.items()}
    return value


def _rough_size(changes: tuple[RowChange, ...]) -> int:
    return sum(
        len(value) if isinstance(value, str | bytes) else 8
        for change in changes
        for row in (change.before, change.after)
        if row is not None
        for value in row.values()
    )


def dump_changes(changes: tuple[RowChange, ...]) -> str | None:
    """The rows as JSON, or None when they are too large to keep (checked before encoding a
    big import's file contents only to throw them away)."""
    if _rough_size(changes) > MAX_LOGGED_CHARS:
        return None
    text = json.dumps(
        [[c.table, _encode(c.key), _encode(c.before), _encode(c.after)] for c in changes],
        ensure_ascii=False,
    )
    return text if len(text) <= MAX_LOGGED_CHARS else None


def load_changes(text: str) -> tuple[RowChange, ...]:
    return tuple(
        RowChange(table, _decode(key), _decode(before), _decode(after))
        for table, key, before, after in json.loads(text)
    )


def mark_undone(rec: Recorder, log_id: int) -> None:
    """The logged edit ``log_id`` is taken back; if it was an undo, what it undid stands again."""
    row = rec.unrecorded("SELECT undoes FROM edit_log WHERE id = ?", (log_id,)).fetchone()
    rec.unrecorded("UPDATE edit_log SET undone = 1 WHERE id = ?", (log_id,))
    if row is not None and row[0] is not None:  # a redo: the original edit stands again
        rec.unrecorded("UPDATE edit_log SET undone = 0 WHERE id = ?", (row[0],))


def append(
    rec: Recorder,
    label: str,
    changes: tuple[RowChange, ...],
    created: str,
    undoes: int | None,
    is_undo: bool,
) -> int:
    """Log an edit (``undoes``: the logged edit it takes back, if it is an undo); its log id."""
    if undoes is not None:
        mark_undone(rec, undoes)
    cursor = rec.unrecorded(
        "INSERT INTO edit_log (label, changes, is_undo, undoes, created) VALUES (?, ?, ?, ?, ?)",
        (label, dump_changes(changes), int(is_undo), undoes, created),
    )
    log_id = int(cursor.lastrowid or 0)
    rec.unrecorded("DELETE FROM edit_log WHERE id <= ?", (log_id - KEEP,))
    return log_id


def last_step(store: Store) -> tuple[int, str, tuple[RowChange, ...] | None] | None:
    """The step an undo takes back: its log id, label and rows (None if too large to keep)."""
    rows = store.query(
        "SELECT id, label, changes FROM edit_log WHERE is_undo = 0 AND undone = 0 "
        "ORDER BY id DESC LIMIT 1"
    )
    if not rows:
        return None
    changes = rows[0]["changes"]
    return rows[0]["id"], rows[0]["label"], None if changes is None else load_changes(changes)
