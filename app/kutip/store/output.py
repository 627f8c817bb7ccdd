"""Where an export may write, and how it writes: whole or not at all, and never over a project.

``check_output(path, suffix)`` is the one decision on an export's target. It accepts a regular
file or a new name in an existing folder, following a symbolic link to what it points to; it
refuses (``ValidationError``, before anything is written) a Kutip project or any other SQLite
database — recognised by the file's header, whatever its name — the write-ahead log, shared
memory, journal or lock file beside one, a folder, a device, a pipe or a socket, a link to
nothing, and a name without the format's suffix. ``check_output_folder(path)`` is the same for
an export that writes a folder of files.

``Staging`` is the one writer: a hidden folder ``.kutip-tmp-*`` beside the target receives the
files; ``publish`` checks each destination again, flushes the file to disk, gives it the mode a
new file of the user's gets (the umask decides; a replaced file keeps its own mode) and renames
it into place, so a reader never sees half a file and a failure leaves the earlier file as it
was. A staging folder left by a killed Kutip is removed by the next export into that folder once
nothing in it has changed for ``STALE_AFTER_SECONDS``. ``atomic_output`` wraps it for one file.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from kutip.errors import KnownError, ValidationError
from kutip.i18n import _
from kutip.store.database import SQLITE_COMPANIONS, lock_path
from kutip.store.schema import APPLICATION_ID

log = logging.getLogger(__name__)

#: The first 16 bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"
#: The magic numbers a SQLite write-ahead log starts with (big-endian).
WAL_MAGIC = (0x377F0682, 0x377F0683)
#: Staging folders are named so; earlier Kutip versions used the second prefix.
TEMP_PREFIX = ".kutip-tmp-"
TEMP_PREFIXES = (TEMP_PREFIX, ".kutip-export-")
#: A staging folder in which nothing changed for this long belongs to an export that died.
STALE_AFTER_SECONDS = 15 * 60


def check_output(path: Path | str, suffix: str | None = None) -> Path:
    """The file an export to ``path`` writes; raises ``ValidationError`` if it may not.

    ``suffix`` (".docx") is the suffix the format writes: a name without it is refused, so a
    Word file is never written under a name that promises Markdown. A symbolic link is followed:
    the file it points to is checked and is what is replaced.
    """
    path = Path(path)
    target = _follow_link(path)
    _check_folder_exists(target)
    info = _stat(target)
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise ValidationError(
                _("{path} is a folder: give the name of a file to write.").format(path=path)
            )
        _refuse_special(path, info)
        _refuse_database(target)
    _refuse_companion(target)
    if suffix and not target.name.lower().endswith(suffix.lower()):
        raise ValidationError(
            _("{name} does not end in {suffix}: this format writes a {suffix} file.").format(
                name=path.name, suffix=suffix
            )
        )
    return target


def check_output_folder(path: Path | str) -> Path:
    """The folder an export that writes several files puts them in (made if new)."""
    path = Path(path)
    target = _follow_link(path)
    _check_folder_exists(target)
    info = _stat(target)
    if info is not None and not stat.S_ISDIR(info.st_mode):
        _refuse_special(path, info)
        _refuse_database(target)
        raise ValidationError(
            _("{path} is a file, not a folder: this export writes a folder of files.").format(
                path=path
            )
        )
    return target


def _follow_link(path: Path) -> Path:
    if not path.is_symlink():
        return path
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):  # a link to nothing, or a loop of links
        raise ValidationError(
            _("{path} is a link to a file that does not exist.").format(path=path)
        ) from None


def _check_folder_exists(target: Path) -> None:
    if not target.parent.is_dir():
        raise ValidationError(
            _("Cannot write {name}: the folder {folder} does not exist.").format(
                name=target.name, folder=target.parent
            )
        )


def _stat(target: Path) -> os.stat_result | None:
    try:
        return target.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise KnownError(
            _("Cannot write {name}: {reason}").format(
                name=target.name, reason=error.strerror or error
            )
        ) from None


def _refuse_special(path: Path, info: os.stat_result) -> None:
    """Refuse anything but a regular file (or folder): renaming over it would replace it."""
    mode = info.st_mode
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise ValidationError(
            _("{path} is a device: an export is written only to a regular file.").format(path=path)
        )
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise ValidationError(
            _("{path} is a pipe or a socket: an export is written only to a regular file.").format(
                path=path
            )
        )


def database_kind(path: Path) -> str | None:
    """ "kutip", "sqlite" or "wal" when ``path`` is a project, another database or a log."""
    try:
        # O_NONBLOCK: should the file have become a pipe since it was looked at, do not wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        head = os.read(fd, 100)
    except OSError:
        return None
    finally:
        os.close(fd)
    if head.startswith(SQLITE_HEADER):
        # The application id is stored big-endian at offset 68 of the header.
        return "kutip" if int.from_bytes(head[68:72], "big") == APPLICATION_ID else "sqlite"
    if len(head) >= 4 and int.from_bytes(head[:4], "big") in WAL_MAGIC:
        return "wal"
    return None


def _refuse_database(target: Path) -> None:
    kind = database_kind(target)
    if kind == "kutip":
        raise ValidationError(
            _(
                "{name} is a Kutip project: an export never replaces a project. "
                "Choose another file name."
            ).format(name=target.name)
        )
    # A log beside the file: a database in use whose header may not be on disk yet.
    in_use = any(target.with_name(target.name + s).exists() for s in SQLITE_COMPANIONS)
    if kind == "sqlite" or in_use:
        raise ValidationError(
            _(
                "{name} is a database: an export never replaces one. Choose another file name."
            ).format(name=target.name)
        )
    if kind == "wal":
        raise ValidationError(
            _(
                "{name} is the write-ahead log of a database: an export never replaces it. "
                "Choose another file name."
            ).format(name=target.name)
        )


def _refuse_companion(target: Path) -> None:
    """Refuse the files SQLite and Kutip keep beside a database, existing or not yet."""
    name = target.name
    bases = [name[: -len(s)] for s in SQLITE_COMPANIONS if name.endswith(s) and name != s]
    locked = name[1 : -len(".lock")] if name.endswith(".lock") else ""
    if locked and lock_path(target.with_name(locked)) == target:
        bases.append(locked)
    for base in bases:
        if database_kind(target.with_name(base)) in ("kutip", "sqlite"):
            raise ValidationError(
                _(
                    "{name} belongs to the database {database}: an export never replaces it. "
                    "Choose another file name."
                ).format(name=name, database=base)
            )


# -- writing -------------------------------------------------------------------------------


class Staging:
    """A hidden folder beside an export's targets, where it is written before it is published.

    Use it as a context manager: the folder and whatever was not published are removed when
    the block ends, however it ends.
    """

    def __init__(self, folder: Path) -> None:
        remove_stale_temporaries(folder)
        try:
            self.path = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=folder))
            self._new_file_mode = _new_file_mode(self.path)
        except OSError as error:
            if hasattr(self, "path"):
                shutil.rmtree(self.path, ignore_errors=True)
            raise KnownError(
                _("Cannot write to {folder}: {reason}").format(
                    folder=folder, reason=error.strerror or error
                )
            ) from None

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc_info: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def publish(self, moves: Sequence[tuple[Path, Path]]) -> list[Path]:
        """Move each staged file onto its destination; returns the files written.

        Every destination is checked before the first is replaced, and a folder a destination
        needs (``OUT_files/``, the PDFs' folder) is made first, after its own check.
        """
        new_folders: list[Path] = []
        for _staged, final in moves:
            if final.parent.is_dir():
                check_output(final)
            elif final.parent not in new_folders:
                new_folders.append(check_output_folder(final.parent))
        for folder in new_folders:
            try:
                folder.mkdir(exist_ok=True)
            except OSError as error:
                raise _cannot_write(folder, error) from None
        return [self._commit(staged, check_output(final)) for staged, final in moves]

    def _commit(self, staged: Path, target: Path) -> Path:
        try:
            existing = _stat(target)
            mode = stat.S_IMODE(existing.st_mode) if existing else self._new_file_mode
            fd = os.open(staged, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            staged.chmod(mode)
            staged.replace(target)
        except OSError as error:
            raise _cannot_write(target, error) from None
        _sync_folder(target.parent)
        return target


@contextmanager
def atomic_output(path: Path | str, suffix: str | None = None) -> Iterator[Path]:
    """A place to write the one file ``path`` (checked first); it replaces ``path`` when the
    block ends without an error, and is removed otherwise."""
    target = check_output(path, suffix)
    with Staging(target.parent) as staging:
        staged = staging.path / target.name
        yield staged
        staging.publish([(staged, target)])


def remove_stale_temporaries(folder: Path, older_than: float = STALE_AFTER_SECONDS) -> list[Path]:
    """Remove the staging folders in ``folder`` that dead exports left; returns them."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = [p for p in folder.iterdir() if p.name.startswith(TEMP_PREFIXES)]
    except OSError:
        return removed
    for entry in entries:
        try:
            if now - _newest_change(entry) < older_than:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
        except OSError as error:
            log.warning("Cannot remove the stale export file %s: %s", entry, error)
    if removed:
        log.info("Removed stale export files: %s", ", ".join(map(str, removed)))
    return removed


def _newest_change(path: Path) -> float:
    """The latest modification time of ``path`` and, for a folder, of anything in it."""
    newest = path.lstat().st_mtime
    if path.is_dir() and not path.is_symlink():
        for inner in path.rglob("*"):
            try:
                newest = max(newest, inner.lstat().st_mtime)
            except OSError:
                continue
    return newest


def _new_file_mode(folder: Path) -> int:
    """The mode a new file of the user's gets (0o666 less the umask), read from a real one.

    Reading it this way, not with ``os.umask``, leaves the process's umask alone, which other
    threads may be relying on at this very moment.
    """
    probe = folder / ".mode"
    fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
    try:
        return stat.S_IMODE(os.fstat(fd).st_mode)
    finally:
        os.close(fd)
        probe.unlink()


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where folders can be opened: not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _cannot_write(path: Path, error: OSError) -> KnownError:
    return KnownError(
        _("Cannot write {name}: {reason}").format(name=path.name, reason=error.strerror or error)
    )


__all__ = [
    "STALE_AFTER_SECONDS",
    "TEMP_PREFIX",
    "Staging",
    "atomic_output",
    "check_output",
    "check_output_folder",
    "database_kind",
    "remove_stale_temporaries",
]
