"""Errors the user can act on, kept apart from bugs.

A ``KnownError`` means the input or the situation is wrong (a file that is not a PDF, a range
outside the text, a project opened elsewhere). Its message is already translated and names what
to do; the CLI prints it on one line and the GUI shows it in a dialog. Anything else escaping the
core is a bug and is reported with a traceback and the log file's path.
"""

from __future__ import annotations


class KnownError(Exception):
    """A problem with the user's input or environment, explained in ``str(self)``."""


class ValidationError(KnownError):
    """An operation was asked with arguments that make no sense; nothing was written."""


class NotFoundError(KnownError):
    """A code, source, segment, case … named by the user does not exist."""


class ProjectError(KnownError):
    """The project file cannot be used as asked."""


class ProjectLockedError(ProjectError):
    """The project is open in another Kutip process."""


class NewerProjectError(ProjectError):
    """The project was written by a newer Kutip whose schema this one does not know."""


class NotAProjectError(ProjectError):
    """The file is not a Kutip project (or is damaged beyond opening)."""


class ImportFailedError(KnownError):
    """One file could not be imported; the message names the file and the reason."""
