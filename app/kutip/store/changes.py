"""Row-level change recording: what one transaction did, and how to take it back.

Every write a ``Project`` operation makes goes through a ``Recorder``, which keeps the row as it
was before and as it is after. Reverting a change set writes the before-images back in reverse
order, so undo is exact by construction (children are removed before their parents and parents
restored before their children), whatever the operation was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kutip.errors import KnownError
from kutip.i18n import _
from kutip.store.schema import TABLE_KEYS
from kutip.store.values import bindable

Row = dict[str, Any]


@dataclass(frozen=True)
class RowChange:
    table: str
    key: Any
    before: Row | None
    after: Row | None


class ConflictError(KnownError):
    """An undo found the project changed since the edit it should take back."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Recorder:
    """Writes rows inside an open transaction and remembers each row's before and after."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.changes: list[RowChange] = []

    def _execute(self, sql: str, params: Iterable[Any]) -> sqlite3.Cursor:
        return self._conn.execute(sql, bindable(params))

    def _fetch(self, table: str, key: Any) -> Row | None:
        cursor = self._execute(
            f"SELECT * FROM {_quote(table)} WHERE {_quote(TABLE_KEYS[table])} = ?", (key,)
        )
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([c[0] for c in cursor.description], row, strict=True))

    def insert(self, table: str, values: Mapping[str, Any]) -> Any:
        columns = list(values)
        cursor = self._execute(
            f"INSERT INTO {_quote(table)} ({', '.join(map(_quote, columns))}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            [values[c] for c in columns],
        )
        key_column = TABLE_KEYS[table]
        key = values.get(key_column, cursor.lastrowid)
        self.changes.append(RowChange(table, key, None, self._fetch(table, key)))
        return key

    def update(self, table: str, key: Any, values: Mapping[str, Any]) -> None:
        before = self._fetch(table, key)
        if before is None:
            raise LookupError(f"{table} row {key!r} does not exist")
        if all(before.get(column) == value for column, value in values.items()):
            return
        assignments = ", ".join(f"{_quote(column)} = ?" for column in values)
        self._execute(
            f"UPDATE {_quote(table)} SET {assignments} WHERE {_quote(TABLE_KEYS[table])} = ?",
            [*values.values(), key],
        )
        self.changes.append(RowChange(table, key, before, self._fetch(table, key)))

    def delete(self, table: str, key: Any) -> None:
        before = self._fetch(table, key)
        if before is None:
            return
        self._execute(f"DELETE FROM {_quote(table)} WHERE {_quote(TABLE_KEYS[table])} = ?", (key,))
        self.changes.append(RowChange(table, key, before, None))

    def delete_where(self, table: str, where: str, params: Iterable[Any]) -> int:
        """Delete every row matching ``where``, recording each; returns how many."""
        key_column = TABLE_KEYS[table]
        keys = [
            row[0]
            for row in self._execute(
                f"SELECT {_quote(key_column)} FROM {_quote(table)} WHERE {where}", params
            )
        ]
        for key in keys:
            self.delete(table, key)
        return len(keys)

    def unrecorded(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        """A write in this transaction that is not part of the edit (the edit log itself)."""
        return self._execute(sql, params)

    def revert(self, changes: Iterable[RowChange]) -> None:
        """Write back the before-images of ``changes``, checking each row is as they left it."""
        for change in reversed(list(changes)):
            current = self._fetch(change.table, change.key)
            if current != change.after:
                raise ConflictError(
                    _("This cannot be undone: the project has changed since (in {table}).").format(
                        table=change.table
                    )
                )
            if change.before is None:
                self.delete(change.table, change.key)
            elif change.after is None:
                self.insert(change.table, change.before)
            else:
                self.update(change.table, change.key, change.before)
