"""How the window tells the user that something went wrong.

A ``KnownError`` is the user's to fix: its message (already translated, naming the file and
the fix) goes into a warning. Anything else is a bug in Kutip: it is logged with its traceback
and shown in a report dialog with the traceback and the log file's path, so the user can send
both. ``excepthook`` routes exceptions that escape Qt slots and virtual methods to the same
dialog.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kutip import applog
from kutip.errors import KnownError, disk_full_error, is_disk_full
from kutip.i18n import _

log = logging.getLogger(__name__)

T = TypeVar("T")

_showing_bug = False
_bugs_reported = 0


def bugs_reported() -> int:
    """How many bugs were reported (shown or not) since Kutip started."""
    return _bugs_reported


def show_known_error(parent: QWidget | None, error: KnownError) -> None:
    QMessageBox.warning(parent, _("Kutip"), str(error))


def show_bug(
    parent: QWidget | None,
    error: BaseException,
    tb: TracebackType | None = None,
) -> None:
    """Log ``error`` and show it as a bug report dialog (one at a time)."""
    global _showing_bug, _bugs_reported
    _bugs_reported += 1
    tb = tb or error.__traceback__
    details = "".join(traceback.format_exception(type(error), error, tb))
    log.error("unexpected error\n%s", details)
    if _showing_bug:  # a bug while the report is open (e.g. in a repaint) must not stack dialogs
        return
    _showing_bug = True
    try:
        box = QMessageBox(parent or QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(_("Kutip hit a bug"))
        box.setText(_("Kutip hit a bug: {error}").format(error=f"{type(error).__name__}: {error}"))
        box.setInformativeText(
            _(
                "Your project is safe: every change was saved when it was made. Please report "
                "this with the details below and the log file:\n{path}"
            ).format(path=applog.log_file())
        )
        box.setDetailedText(details)
        box.exec()
    finally:
        _showing_bug = False


def report(parent: QWidget | None, error: BaseException) -> None:
    """Show ``error`` the way its kind deserves."""
    if is_disk_full(error):  # met outside the project (an export, the search index)
        error = disk_full_error(getattr(error, "filename", None) or "?")
    if isinstance(error, KnownError):
        log.info("shown to the user: %s", error)
        show_known_error(parent, error)
    else:
        show_bug(parent, error)


def guarded(parent: QWidget | None, action: Callable[[], T]) -> T | None:
    """Run a user action; report what it raises and return None instead."""
    try:
        return action()
    except Exception as error:
        report(parent, error)
        return None


def guarded_action(
    parent: QWidget,
    text: str,
    slot: Callable[[], object],
    shortcut: str | QKeySequence.StandardKey | None = None,
) -> QAction:
    """An action whose slot reports KnownErrors as warnings and bugs as bug reports."""
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda: guarded(parent, slot))
    return action


def view_action(
    parent: QWidget,
    view: QWidget,
    text: str,
    slot: Callable[[], object],
    shortcut: str | QKeySequence.StandardKey | None = None,
) -> QAction:
    """A guarded action of a dock's ``view``: its shortcut works while the view has the focus,
    so the same key can mean something else in another dock."""
    action = guarded_action(parent, text, slot, shortcut)
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    view.addAction(action)
    return action


def excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """``sys.excepthook`` while the window runs: uncaught exceptions become bug reports."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    if QApplication.instance() is None:
        sys.__excepthook__(kind, error, tb)
        return
    if isinstance(error, KnownError) or is_disk_full(error):
        report(QApplication.activeWindow(), error)
    else:
        show_bug(None, error, tb)
