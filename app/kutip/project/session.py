"""The session of an open project: its store, the current coder, its settings, and the one way
every change is written — a recorded transaction that becomes an undoable ``Edit``.

Each mutation validates its input first (raising a ``KnownError`` and writing nothing), then
runs in one transaction through a ``Recorder`` (``record``) and returns an ``Edit``: its result,
a label for the undo menu and the rows it changed. ``undo(edit)`` writes those rows back and
returns the ``Edit`` that redoes it. Listeners hear of every committed edit, after the commit.
"""

from __future__ import annotations

import getpass
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from kutip.errors import ValidationError
from kutip.i18n import _
from kutip.model import Coder
from kutip.project.base import (
    CODER_COLORS,
    GUID_SHAPE,
    Edit,
    Listener,
    new_guid,
    normalise_guid,
    now,
    required_name,
)
from kutip.store import Recorder, Store, edit_log, queries

log = logging.getLogger(__name__)

T = TypeVar("T")


class Session:
    """An open project file: its store, who codes, and recorded, undoable edits."""

    def __init__(self, store: Store, coder_name: str | None = None) -> None:
        self.store = store
        self._listeners: list[Listener] = []
        # The recorder of the compose() under way on each thread, if any.
        self._composing = threading.local()
        self.coder = self._choose_coder(coder_name)

    def close(self) -> None:
        self.store.close()

    @property
    def path(self) -> Path:
        return self.store.path

    def setting(self, key: str) -> str | None:
        return queries.setting(self.store, key)

    @property
    def guid(self) -> str:
        return self.setting("guid") or ""

    @property
    def name(self) -> str:
        return self.setting("name") or self.path.stem

    @property
    def read_only(self) -> bool:
        """Opened for reading only: every write raises ``ProjectReadOnlyError``."""
        return self.store.read_only

    def _choose_coder(self, name: str | None) -> Coder:
        """Who codes in this session: the coder named (made if new, and remembered as the one
        chosen last), else the one chosen last in this project, else the system's user."""
        if name is None or not name.strip():
            last = queries.last_used_coder(self.store)
            return last if last is not None else self._ensure_coder(default_coder_name())
        return self.use_coder(name)

    def use_coder(self, name: str) -> Coder:
        """Code as ``name`` from now on (a new coder if the project has none of that name); the
        project remembers it as the coder chosen last."""
        coder = self._ensure_coder(required_name(name, _("coder")))
        self.coder = coder
        if self.read_only:  # a reader writes nothing, not even who read
            return coder
        # Like adding a coder, choosing one is not an undoable edit of the project. To the
        # microsecond, so that the coder chosen last is known even within a second.
        chosen = datetime.now(UTC).isoformat(timespec="microseconds")
        with self.store.transaction() as rec:
            rec.update("coders", coder.id, {"last_used": chosen})
        return coder

    def _ensure_coder(self, name: str) -> Coder:
        coder = queries.coder_named(self.store, name)
        if coder is not None:
            return coder
        if self.store.read_only:
            return Coder(0, "", name)  # a reader writes nothing, so needs no coder row
        # Who codes is recorded with each coding; adding a coder is not an undoable edit.
        with self.store.transaction() as rec:
            coder_id: int = rec.insert(
                "coders", {"guid": new_guid(), "name": name, "color": self.next_coder_color()}
            )
        created = queries.coder(self.store, coder_id)
        assert created is not None
        return created

    def next_coder_color(self) -> str:
        """The colour a new coder gets: the first of ``CODER_COLORS`` no coder has yet."""
        used = {coder.color for coder in queries.coders(self.store)}
        free = [c for c in CODER_COLORS if c not in used]
        return free[0] if free else CODER_COLORS[len(used) % len(CODER_COLORS)]

    def guid_for(self, table: str, guid: str | None) -> str:
        """A new row's GUID: a fresh one, or ``guid`` (as an exchange file gave it) if it is a
        GUID and no row of ``table`` has it yet."""
        if guid is None:
            return new_guid()
        value = normalise_guid(guid)
        if not GUID_SHAPE.fullmatch(value):
            raise ValidationError(_("{guid} is not a GUID.").format(guid=guid))
        if queries.guid_taken(self.store, table, value):
            raise ValidationError(_("The GUID {guid} is already used.").format(guid=value))
        return value

    # -- edits, undo and change notification ---------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` after every committed edit; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def record(self, label: str, work: Callable[[Recorder], T]) -> Edit[T]:
        """Run ``work`` in one transaction, its writes recorded: the ``Edit`` named ``label``.

        Inside ``compose`` the rows belong to the enclosing edit, and listeners hear only of
        that one, once it is committed.
        """
        return self._record(label, work, undoes=None)

    def _record(self, label: str, work: Callable[[Recorder], T], undoes: int | None) -> Edit[T]:
        enclosing: Recorder | None = getattr(self._composing, "recorder", None)
        if enclosing is not None:  # a step of compose(): its rows belong to the enclosing edit
            return Edit(label, work(enclosing), ())
        with self.store.transaction() as rec:
            self._composing.recorder = rec
            self._composing.undoing = False
            try:
                value = work(rec)
            finally:
                self._composing.recorder = None
            log_id = None
            if rec.changes:  # the undo history, in the same transaction as the edit
                is_undo = undoes is not None or self._composing.undoing
                log_id = edit_log.append(rec, label, tuple(rec.changes), now(), undoes, is_undo)
        edit = Edit(label, value, tuple(rec.changes), log_id)
        for listener in list(self._listeners):
            try:
                listener(edit)
            except Exception:
                log.exception("a change listener failed")
        return edit

    def compose(self, label: str, steps: Callable[[], T]) -> Edit[T]:
        """Run several operations as one transaction and one undo step named ``label``.

        If any step raises, none of them is written.
        """
        return self.record(label, lambda _rec: steps())

    def undo(self, edit: Edit[Any]) -> Edit[None]:
        """Take ``edit`` back; the returned edit, undone in turn, redoes it."""
        enclosing: Recorder | None = getattr(self._composing, "recorder", None)
        if enclosing is None:
            return self._record(
                edit.label, lambda rec: rec.revert(edit.changes), undoes=edit.log_id
            )
        # One of several edits the window undoes as one step (in compose): the step is logged
        # as an undo, and each edit it takes back is marked so.
        self._composing.undoing = True
        if edit.log_id is not None:
            edit_log.mark_undone(enclosing, edit.log_id)
        enclosing.revert(edit.changes)
        return Edit(edit.label, None, ())

    def undo_last(self) -> Edit[None]:
        """Take back the project's last step, as the window's Ctrl+Z would (``kutip undo``)."""
        step = edit_log.last_step(self.store)
        if step is None:
            raise ValidationError(
                _("There is nothing to undo in {name}.").format(name=self.path.name)
            )
        log_id, label, changes = step
        if changes is None:
            raise ValidationError(
                _("The last step, '{label}', is too large to keep in the undo history.").format(
                    label=label
                )
            )
        return self.undo(Edit(label, None, changes, log_id))

    def rename_project(self, name: str) -> Edit[None]:
        new_name = required_name(name, _("project"))
        return self.record(
            _("Rename project"),
            lambda rec: rec.update("project", "name", {"value": new_name}),
        )


def default_coder_name() -> str:
    try:
        return getpass.getuser() or "coder"
    except (KeyError, OSError):  # no user name in this environment (some containers)
        return "coder"
