"""Errors the user can act on, kept apart from bugs.

A ``KnownError`` means the input or the situation is wrong (a file that is not a PDF, a range
outside the text, a project opened elsewhere). Its message is already translated and names what
to do; the CLI prints it on one line and the GUI shows it in a dialog. Anything else escaping the
core is a bug and is reported with a traceback and the log file's path.
"""

from __future__ import annotations

import errno
import shutil
from enum import StrEnum
from pathlib import Path

from kutip.i18n import _


class KnownError(Exception):
    """A problem with the user's input or environment, explained in ``str(self)``."""


class ValidationError(KnownError):
    """An operation was asked with arguments that make no sense; nothing was written."""


class NotFoundError(KnownError):
    """A code, source, segment, case … named by the user does not exist."""


class ProjectError(KnownError):
    """The project file cannot be used as asked."""


class ProjectLockedError(ProjectError):
    """The project is open for changes in another Kutip process."""

    def __init__(self, message: str, holder: str | None = None) -> None:
        super().__init__(message)
        #: Who has it, as the lock file says ("kutip import (process 4242 of …)"), if known.
        self.holder = holder


class NewerProjectError(ProjectError):
    """The project was written by a newer Kutip whose schema this one does not know."""


class NotAProjectError(ProjectError):
    """The file is not a Kutip project (or is damaged beyond opening)."""


class FailureReason(StrEnum):
    """Why a file could not be imported, for the code that acts on it (the window asks for a
    password when one is needed); the error's message says it to the user."""

    #: Protected by a password (a PDF), and none was given.
    NEEDS_PASSWORD = "needs password"
    #: The password given does not open it.
    WRONG_PASSWORD = "wrong password"
    #: Encrypted in a way Kutip cannot open (a password-protected Word or LibreOffice file).
    ENCRYPTED = "encrypted"
    #: Damaged, or not what its name says (a .pdf that is no PDF).
    DAMAGED = "damaged"
    #: Of a kind Kutip does not import (or another kind than the one asked for).
    UNSUPPORTED = "unsupported"
    #: Nothing to import in it: an empty file, a PDF without pages, no references, no codes.
    EMPTY = "empty"
    #: Refused for safety: not a regular file, too large, an archive or XML bomb.
    REFUSED = "refused"
    #: A bibliography links it, but its content is not what the link says.
    REFUSED_LINK = "refused link"
    #: It cannot be read: the system refused, or it changed while it was read.
    UNREADABLE = "unreadable"
    #: There is no such file or folder.
    MISSING = "missing"
    #: Its content breaks a rule of the project (a GUID used twice, a range outside the text).
    INVALID = "invalid"
    #: A bug in Kutip stopped it (logged with its traceback).
    UNEXPECTED = "unexpected"


class ImportFailedError(KnownError):
    """One file could not be imported; the message names the file and the reason."""

    reason: FailureReason = FailureReason.UNREADABLE

    def __init__(self, message: str, reason: FailureReason | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason


class ProjectReadOnlyError(ProjectError):
    """The project cannot be written here: a read-only file, folder or disk, an immutable
    file, or a project opened for reading."""


class DiskFullError(KnownError):
    """A write failed because the disk is full; what was saved before is intact."""


#: So little space left that the disk counts as full (SQLite and the exports write whole pages).
NEARLY_FULL_BYTES = 1024 * 1024


def disk_full_error(path: object) -> DiskFullError:
    """The one sentence a full disk gets, naming what could not be written."""
    return DiskFullError(
        _(
            "The disk is full: {path} could not be written. Free some space and try again; "
            "nothing saved before is lost."
        ).format(path=path)
    )


def is_disk_full(error: BaseException) -> bool:
    """Whether ``error`` is the system saying the disk (or the user's quota) is full."""
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


def disk_is_nearly_full(path: Path) -> bool:
    """Whether the disk holding ``path`` has (almost) no space left."""
    try:
        return shutil.disk_usage(path.parent).free < NEARLY_FULL_BYTES
    except OSError:
        return False
