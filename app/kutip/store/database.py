"""Opening, creating, locking and migrating a project file; one connection that owns all writes.

A project is opened for changes (a *writer*: the window, ``kutip import``, ``kutip code`` …) or
for reading (``kutip sources``, ``show``, ``search``, ``export``, ``check`` …):

* A writer holds an OS-level lock on a file beside the project, so a second writer is refused
  with the holder named (the lock file says who holds it). The OS drops the lock when the
  process ends, however it ends, so a crash never leaves the project locked.
* A reader takes no lock: it opens the file read-only through SQLite's write-ahead log, so it
  sees every committed change of a writer working at the same time and never blocks it.
* A project that cannot be written (a read-only file, folder or disk, an immutable file) is
  refused to a writer with ``ProjectReadOnlyError``; it opens for reading (on read-only media
  through SQLite's ``immutable`` mode, as nothing can change it there).

Every migration, together with the ``user_version`` it sets, commits in one transaction: a
process killed during an upgrade leaves the old schema (upgraded next time) or the new one.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import socket
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from filelock import FileLock, Timeout
from sqlite_utils import Database

from kutip.errors import (
    DiskFullError,
    KnownError,
    NewerProjectError,
    NotAProjectError,
    ProjectError,
    ProjectLockedError,
    ProjectReadOnlyError,
    disk_full_error,
    disk_is_nearly_full,
)
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

log = logging.getLogger(__name__)


def lock_path(path: Path) -> Path:
    """The lock file beside a project: hidden, and released by the OS if Kutip dies."""
    return path.with_name(f".{path.name}.lock")


#: The files SQLite keeps beside a database, as suffixes of its name.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")

#: What this process is, as the lock file tells a refused writer ("kutip import", "the window").
_program = "kutip"


def set_program(description: str) -> None:
    """Name this process in the lock files it holds (the CLI's command, or the window)."""
    global _program
    _program = description


def remove_project_files(path: Path) -> None:
    """Delete a closed project and what SQLite and Kutip keep beside it (logs, lock)."""
    for companion in (path, *(path.with_name(path.name + s) for s in SQLITE_COMPANIONS)):
        companion.unlink(missing_ok=True)
    lock_path(path).unlink(missing_ok=True)


def write_refusal(path: Path) -> str | None:
    """Why the project at ``path`` cannot be written (None: it can).

    The file must open for writing (not read-only, immutable or append-only, nor on a read-only
    disk) and its folder must take new files (SQLite's log and Kutip's lock go beside it).
    """
    try:
        os.close(os.open(path, os.O_RDWR))
    except OSError as error:
        return _("{path} cannot be written ({reason})").format(
            path=path, reason=error.strerror or error
        )
    folder = path.parent
    if not os.access(folder, os.W_OK):
        return _("its folder {folder} cannot be written").format(folder=folder)
    return None


def _wal_has_content(path: Path) -> bool:
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        return False


def _holder(lock: Path) -> str | None:
    """Who holds the lock, as its holder wrote it in the lock file (None: unknown)."""
    try:
        info = json.loads(lock.read_text(encoding="utf-8"))
        since = datetime.fromisoformat(info["since"]).strftime("%Y-%m-%d %H:%M")
        return _("{program} (process {pid} of {user} on {host}, since {since})").format(
            program=str(info["program"]),
            pid=int(info["pid"]),
            user=str(info["user"]),
            host=str(info["host"]),
            since=since,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _sign_lock(fd: int) -> None:
    """Write who holds the lock into the lock file, for a refused writer to name."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    info = {
        "program": _program,
        "pid": os.getpid(),
        "user": user,
        "host": socket.gethostname(),
        "since": datetime.now().isoformat(timespec="seconds"),
    }
    data = json.dumps(info).encode("utf-8")
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)
    except OSError:
        log.debug("cannot write the holder into the lock file", exc_info=True)


def storage_error(error: sqlite3.Error, path: Path) -> KnownError | None:
    """``error`` as what the user can act on (a full disk, damage …), or None if a bug."""
    code = getattr(error, "sqlite_errorname", "") or ""
    if code == "SQLITE_FULL" or (code.startswith("SQLITE_IOERR") and disk_is_nearly_full(path)):
        return disk_full_error(path)
    if code.startswith("SQLITE_READONLY"):
        return ProjectReadOnlyError(
            _("This project is read-only: {path} cannot be written.").format(path=path)
        )
    if code.startswith("SQLITE_IOERR") or code.startswith("SQLITE_CANTOPEN"):
        return ProjectError(
            _("{path} could not be read or written ({reason}). Is its disk still there?").format(
                path=path, reason=error
            )
        )
    if code in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
        return ProjectError(
            _("{name} is damaged ({reason}); `kutip check` lists what is wrong.").format(
                name=path.name, reason=error
            )
        )
    return None


class Store:
    """The open project file.

    One ``Store`` holds one SQLite connection; every read and write goes through it, serialised
    by a lock so worker threads can use it too. ``read_only`` stores refuse every write with
    ``ProjectReadOnlyError``.
    """

    def __init__(
        self, path: Path, *, create: bool, read_only: bool = False, _as_is: bool = False
    ) -> None:
        self.path = path
        self.read_only = read_only and not create
        self._lock = FileLock(
            lock_path(path),
            timeout=0,
            is_singleton=False,
            thread_local=False,
            on_acquired=_sign_lock,
        )
        self._mutex = threading.RLock()
        if create and path.exists():
            raise ProjectError(_("{path} already exists.").format(path=path))
        if not create and not path.is_file():
            raise ProjectError(_("{path} does not exist.").format(path=path))
        if _as_is:
            self.conn = self._read_only_connection(probe=False)
        elif self.read_only:
            self.conn = self._connect_for_reading()
        else:
            self.conn = self._open_for_writing(create)
        self.db = Database(self.conn)

    @classmethod
    def inspect(cls, path: Path) -> Store:
        """The file opened to read as it is, without the checks of an opening nor an upgrade:
        for ``kutip check`` to say what is wrong with a file too damaged to open."""
        return cls(path, create=False, read_only=True, _as_is=True)

    # -- opening ---------------------------------------------------------------------------

    def _open_for_writing(self, create: bool) -> sqlite3.Connection:
        if not create:
            refusal = write_refusal(self.path)
            if refusal is not None:
                raise ProjectReadOnlyError(
                    _("This project is read-only: {reason}.").format(reason=refusal)
                )
        self._acquire_lock()
        try:
            return self._connect(create)
        except BaseException:
            self._lock.release()
            if create:
                remove_project_files(self.path)  # no empty or broken new project stays
            raise

    def _acquire_lock(self) -> None:
        try:
            self._lock.acquire()
        except Timeout:
            holder = _holder(lock_path(self.path))
            if holder is None:
                message = _(
                    "{name} is already open in another Kutip window or process. "
                    "Close it there first."
                ).format(name=self.path.name)
            else:
                message = _(
                    "{name} is already open for changes in {holder}. Close it there first; "
                    "commands that only read it still work."
                ).format(name=self.path.name, holder=holder)
            raise ProjectLockedError(message, holder) from None
        except OSError as error:
            raise ProjectReadOnlyError(
                _("This project is read-only: its lock file cannot be written ({reason}).").format(
                    reason=error.strerror or error
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
            self._migrate(conn, create)
        except sqlite3.DatabaseError as error:
            conn.close()
            raise self._opening_error(error) from None
        except BaseException:
            conn.close()
            raise
        return conn

    def _connect_for_reading(self) -> sqlite3.Connection:
        conn = self._read_only_connection()
        try:
            self._check_is_project(conn, create=False)
            if self._pending_migrations(conn):
                conn.close()
                self._upgrade_for_reading()
                conn = self._read_only_connection()
                self._pending_migrations(conn)  # a newer project is still refused
        except sqlite3.DatabaseError as error:
            conn.close()
            raise self._opening_error(error) from None
        except BaseException:
            conn.close()
            raise
        return conn

    def _read_only_connection(self, probe: bool = True) -> sqlite3.Connection:
        uri = "file:" + quote(str(self.path.resolve())) + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA schema_version").fetchone()  # opens the file and its log
            return conn
        except sqlite3.DatabaseError as error:
            if getattr(error, "sqlite_errorname", "") != "SQLITE_CANTOPEN":
                if not probe:
                    return conn  # the caller lists what is wrong
                conn.close()
                raise self._opening_error(error) from None
            conn.close()
        # The folder takes no log beside the file (a read-only disk): read the file alone,
        # unless a log left there holds changes that reading the file alone would miss.
        if _wal_has_content(self.path):
            raise ProjectError(
                _(
                    "{name} has changes in {name}-wal that cannot be read on a read-only disk; "
                    "copy both files to a writable folder to open it."
                ).format(name=self.path.name)
            )
        conn = sqlite3.connect(
            uri + "&immutable=1", uri=True, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as error:
            if probe:
                conn.close()
                raise self._opening_error(error) from None
        return conn

    def _upgrade_for_reading(self) -> None:
        """Bring an older project to this schema before reading it, if it can be written."""
        try:
            Store(self.path, create=False).close()
        except (ProjectLockedError, ProjectReadOnlyError) as error:
            raise ProjectError(
                _(
                    "{name} has an older schema that this Kutip must upgrade before reading it, "
                    "and cannot now: {reason}"
                ).format(name=self.path.name, reason=error)
            ) from None

    def _opening_error(self, error: sqlite3.Error) -> KnownError:
        known = storage_error(error, self.path)
        if isinstance(known, DiskFullError | ProjectReadOnlyError):
            return known
        return NotAProjectError(
            _("{name} is not a Kutip project or is damaged ({reason}).").format(
                name=self.path.name, reason=error
            )
        )

    def _check_is_project(self, conn: sqlite3.Connection, create: bool) -> None:
        if create:
            return
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if application_id != APPLICATION_ID and self.path.stat().st_size == 0:
            raise NotAProjectError(
                _("{name} is empty: it is not a Kutip project.").format(name=self.path.name)
            )
        if application_id != APPLICATION_ID:
            raise NotAProjectError(
                _("{name} is an SQLite database, but not a Kutip project.").format(
                    name=self.path.name
                )
            )

    # -- the schema ------------------------------------------------------------------------

    def _pending_migrations(self, conn: sqlite3.Connection) -> bool:
        """Whether the file needs migrating; raises if it is newer than this Kutip."""
        applied = [m.name for m in migrations.applied(Database(conn))]
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        known = known_migrations()
        if any(name not in known for name in applied) or user_version > SCHEMA_VERSION:
            raise NewerProjectError(
                _(
                    "{name} was saved by a newer version of Kutip (schema {found}, this version "
                    "knows {known}). Update Kutip to open it; the file has not been changed."
                ).format(name=self.path.name, found=user_version, known=SCHEMA_VERSION)
            )
        # A user_version behind the migrations applied: an upgrade by an older Kutip was
        # stopped between the two; setting it again heals the file.
        return applied != known or user_version != len(applied)

    def _migrate(self, conn: sqlite3.Connection, create: bool) -> None:
        if not create and not self._pending_migrations(conn):
            return
        if not create:
            self._back_up_before_migration(conn, conn.execute("PRAGMA user_version").fetchone()[0])
        db = Database(conn)
        # One transaction for all of it: each migration (a savepoint inside, as sqlite-utils
        # nests them) and the user_version that says it is done.
        with db.atomic():
            if create:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            migrations.apply(db)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _back_up_before_migration(self, conn: sqlite3.Connection, version: int) -> None:
        backup_path = self.path.with_name(f"{self.path.name}.schema-{version}.bak")
        # Written under a temporary name and renamed: a backup cut short by a crash is never
        # mistaken for a whole one, nor does it stop the next try.
        partial = backup_path.with_name(f".{backup_path.name}.partial")
        partial.unlink(missing_ok=True)
        backup = sqlite3.connect(partial)
        try:
            conn.backup(backup)
        finally:
            backup.close()
        partial.replace(backup_path)

    # -- reading and writing ---------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Recorder]:
        """One atomic write: commits when the block ends, rolls back if it raises."""
        if self.read_only:
            raise ProjectReadOnlyError(
                _("This project is open read-only: {name} cannot be changed here.").format(
                    name=self.path.name
                )
            )
        with self._mutex, self._known_errors(), self.db.atomic():
            yield Recorder(self.conn)

    @contextmanager
    def _known_errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            known = storage_error(error, self.path)
            if known is None:
                raise
            raise known from error

    def query(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[sqlite3.Row]:
        with self._mutex, self._known_errors():
            cursor = self.conn.execute(sql, bindable(params))
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()

    def scalar(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        with self._mutex, self._known_errors():
            row = self.conn.execute(sql, bindable(params)).fetchone()
            return None if row is None else row[0]

    def applied_migrations(self) -> list[str]:
        with self._mutex, self._known_errors():
            return [m.name for m in migrations.applied(self.db) if m.name]

    def close(self) -> None:
        with self._mutex:
            if self.read_only:
                self.conn.close()
                self._tidy_after_reading()
                return
            try:
                # Fold the write-ahead log back in, so the project is again one file. On a
                # full disk this cannot be done: the log keeps every change, safe, until then.
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error as error:
                log.warning("cannot fold the log of %s into it: %s", self.path, error)
            finally:
                self.conn.close()
                self._lock.release()

    def _tidy_after_reading(self) -> None:
        """Fold in the log a read-only connection leaves, unless a writer is at work."""
        if not self.path.with_name(self.path.name + "-wal").exists():
            return
        if write_refusal(self.path) is not None:
            return
        with suppress(Timeout, OSError):
            self._lock.acquire()
            try:
                conn = sqlite3.connect(self.path)
                try:
                    conn.execute("PRAGMA user_version").fetchone()
                finally:
                    conn.close()  # the last connection: SQLite folds the log in, removes it
            except sqlite3.Error as error:
                log.info("cannot tidy the log of %s: %s", self.path, error)
            finally:
                self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


__all__ = [
    "MIGRATION_SET",
    "Store",
    "lock_path",
    "remove_project_files",
    "set_program",
    "storage_error",
    "write_refusal",
]
