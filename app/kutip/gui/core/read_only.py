"""A project open read-only in the window: a banner says so and why, and editing is off.

A project opens read-only when it cannot be written (a read-only file, folder or disk, an
immutable file) or when the user chose to read one another Kutip has open for changes. The
window then shows ``ReadOnlyBanner`` above the documents and engages an ``EditingLock`` on what
would change the project: its actions stay disabled whatever a dock's own updates say, text
editors turn read-only, and item views stop editing in place and taking drops. Anything the
lock misses is still refused by the project itself (``ProjectReadOnlyError``, one sentence).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from kutip.i18n import _

TextEditor = QLineEdit | QPlainTextEdit | QTextEdit


class ReadOnlyBanner(QLabel):
    """The line above the documents that says the project is read-only, and why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("read_only_banner")
        self.setWordWrap(True)
        self.setMargin(6)
        self.setStyleSheet("background: #fff3cd; color: #5c4400; border-bottom: 1px solid #e0c97f;")
        self.hide()

    def show_reason(self, reason: str | None) -> None:
        """Show the banner with ``reason`` (None: hide it)."""
        if reason is None:
            self.hide()
            return
        text = _("{reason} You can read, search and export here; changes cannot be saved.")
        self.setText(text.format(reason=reason))
        self.show()


class EditingLock(QObject):
    """While engaged, keeps the given actions disabled and the given widgets from editing."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actions: list[QAction] = []
        self._buttons: list[QWidget] = []
        self._editors: list[tuple[TextEditor, bool]] = []
        # Each view with its edit triggers, whether it took drops, whether it could be dragged.
        self._views: list[tuple[QAbstractItemView, QAbstractItemView.EditTrigger, bool, bool]] = []

    @property
    def engaged(self) -> bool:
        return bool(self._actions or self._buttons or self._editors or self._views)

    def engage(
        self,
        actions: Iterable[QAction],
        widgets: Iterable[QWidget],
        buttons: Iterable[QWidget] = (),
    ) -> None:
        """Keep ``actions`` and ``buttons`` disabled, and every text editor and item view in
        ``widgets`` (and inside them) from editing, until ``release``."""
        self.release()
        for action in actions:
            self._actions.append(action)
            action.changed.connect(self._keep_disabled)
            action.setEnabled(False)
        for button in buttons:
            self._buttons.append(button)
            button.installEventFilter(self)
            button.setEnabled(False)
        for widget in widgets:
            for editor in _inside(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
                self._editors.append((editor, editor.isReadOnly()))
                editor.setReadOnly(True)
            for view in _inside(widget, (QAbstractItemView,)):
                self._views.append(
                    (view, view.editTriggers(), view.acceptDrops(), view.dragEnabled())
                )
                view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
                view.setAcceptDrops(False)
                view.setDragEnabled(False)

    def release(self) -> None:
        """Give everything back as it was (the actions' owners enable them again as they
        update)."""
        for action in self._actions:
            action.changed.disconnect(self._keep_disabled)
        self._actions = []
        for button in self._buttons:
            button.removeEventFilter(self)
        self._buttons = []
        for editor, read_only in self._editors:
            editor.setReadOnly(read_only)
        self._editors = []
        for view, triggers, drops, drags in self._views:
            view.setEditTriggers(triggers)
            view.setAcceptDrops(drops)
            view.setDragEnabled(drags)
        self._views = []

    def _keep_disabled(self) -> None:
        for action in self._actions:
            if action.isEnabled():
                action.setEnabled(False)  # a dock enabled it for its selection

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            event.type() == QEvent.Type.EnabledChange
            and watched in self._buttons
            and isinstance(watched, QWidget)
            and watched.isEnabled()
        ):
            watched.setEnabled(False)  # a dock enabled it for its selection
        return False


def _inside(widget: QWidget, kinds: tuple[type, ...]) -> list[Any]:
    """``widget`` and the widgets inside it that are of one of ``kinds``."""
    found = [child for child in widget.findChildren(QWidget) if isinstance(child, kinds)]
    return [widget, *found] if isinstance(widget, kinds) else found
