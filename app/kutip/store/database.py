"""Opening, creating, locking and migrating a project file; one connection that owns all writes."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from sqlite_utils import Database

from kutip.errors import NewerProjectError, NotAProjectError, ProjectError, ProjectLockedError
from kutip.i18n import _
from kutip.store.changes import Recorder
from kutip.store.schema import (
    APPLICATION_ID,
    MIGRATION_SET,
    SCHEMA_VERSION,
    known_migrations,
    migrations,
)
from kutip.store.values import bindable


def lock_path(path: Path) -> Path:
    """The lock file beside a project: hidden, and released by the OS if Kutip dies."""
    return path.with_name(f".{path.name}.lock")


#: The files SQLite keeps beside a database, as suffixes of its name.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def remove_project_files(path: Path) -> None:
    """Delete a closed project and what SQLite and Kutip keep beside it (logs, lock)."""
    for companion in (path, *(path.with_name(path.name + s) for s in SQLITE_COMPANIONS)):
        companion.unlink(missing_ok=True)
    lock_path(path).unlink(missing_ok=True)


class Store:
    """The open project file.

    One ``Store`` holds one SQLite connection; every read and write goes through it, serialised
    by a lock so worker threads can use it too. While it is open, an OS-level lock on a file
    beside the project keeps other Kutip processes out; the OS drops that lock when the process
    ends, however it ends, so a crash never leaves the project locked.
    """

    def __init__(self, path: Path, *, create: bool) -> None:
        self.path = path
        self._lock = FileLock(lock_path(path), timeout=0, is_singleton=False, thread_local=False)
        self._mutex = threading.RLock()
        if create and path.exists():
            raise ProjectError(_("{path} already exists.").format(path=path))
        if not create and not path.is_file():
            raise ProjectError(_("{path} does not exist.").format(path=path))
        self._acquire_lock()
        try:
            self.conn = self._connect(create)
            self.db = Database(self.conn)
        except BaseException:
            self._lock.release()
            raise

    def _acquire_lock(self) -> None:
        try:
            self._lock.acquire()
        except Timeout:
            raise ProjectLockedError(
                _(
                    "{name} is already open in another Kutip window or process. "
                    "Close it there first."
                ).format(name=self.path.name)
            ) from None
        except OSError as error:
            raise ProjectError(
                _("Cannot lock {path}: {reason}. Is the folder read-only?").format(
                    path=self.path, reason=error.strerror or error
                )
            ) from None

    def _connect(self, create: bool) -> sqlite3.Connection:
        # Autocommit mode: transactions are opened explicitly, one per operation.
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            self._check_is_project(conn, create)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")
            if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
                raise ProjectError(
                    _(
                        "{name} cannot be opened in write-ahead mode; is it on a network share?"
                    ).format(name=self.path.name)
                )
            if create:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self._migrate(conn, create)
        except sqlite3.DatabaseError as error:
            conn.close()
            raise NotAProjectError(
                _("{name} is not a Kutip project or is damaged ({reason}).").format(
                    name=self.path.name, reason=error
                )
            ) from None
        except BaseException:
            conn.close()
            raise
        return conn

    def _check_is_project(self, conn: sqlite3.Connection, create: bool) -> None:
        if create:
            return
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if application_id != APPLICATION_ID:
            raise NotAProjectError(
                _("{name} is an SQLite database, but not a Kutip project.").format(
                    name=self.path.name
                )
            )

    def _migrate(self, conn: sqlite3.Connection, create: bool) -> None:
        db = Database(conn)
        applied = [m.name for m in migrations.applied(db)]
        unknown = [name for name in applied if name not in known_migrations()]
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        if unknown or user_version > SCHEMA_VERSION:
            raise NewerProjectError(
                _(
                    "{name} was saved by a newer version of Kutip (schema {found}, this version "
                    "knows {known}). Update Kutip to open it; the file has not been changed."
                ).format(name=self.path.name, found=user_version, known=SCHEMA_VERSION)
            )
        if len(applied) < SCHEMA_VERSION:
            if not create:
                self._back_up_before_migration(conn, user_version)
            migrations.apply(db)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _back_up_before_migration(self, conn: sqlite3.Connection, version: int) -> None:
        backup_path = self.path.with_name(f"{self.path.name}.schema-{version}.bak")
        backup = sqlite3.connect(backup_path)
        try:
            conn.backup(backup)
        finally:
            backup.close()

    @contextmanager
    def transaction(self) -> Iterator[Recorder]:
        """One atomic write: commits when the block ends, rolls back if it raises."""
        with self._mutex, self.db.atomic():
            yield Recorder(self.conn)

    def query(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[sqlite3.Row]:
        with self._mutex:
            cursor = self.conn.execute(sql, bindable(params))
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()

    def scalar(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        with self._mutex:
            row = self.conn.execute(sql, bindable(params)).fetchone()
            return None if row is None else row[0]

    def applied_migrations(self) -> list[str]:
        with self._mutex:
            return [m.name for m in migrations.applied(self.db) if m.name]

    def close(self) -> None:
        with self._mutex:
            try:
                # Fold the write-ahead log back in, so the project is again one file.
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                self.conn.close()
                self._lock.release()


__all__ = ["MIGRATION_SET", "Store", "lock_path", "remove_project_files"]
