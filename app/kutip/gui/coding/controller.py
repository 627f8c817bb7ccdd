"""Coding, keyboard first: one controller for every document view (text and PDF).

Select a passage, then:

* ``1``–``9``, ``0``: code it with the first ten top-level codes, in codebook order;
* ``Q``: the quick-code popup (type part of a name, Enter);
* ``Ctrl+Shift+V``: in-vivo coding — a new code named with the passage's own words;
* drag a code from the codebook onto it.

Click a highlight (or press ``F8`` / ``Shift+F8`` to step through the codings) to select a
coding, then ``Delete`` removes it, ``Ctrl+M`` edits its memo, ``Shift+Alt+←/→`` moves its end
and ``Ctrl+Alt+←/→`` its start by a word (or drag its ends with the mouse, in a text); a code
key codes its passage with one more code.

Every change is a ``Project`` edit on the window's undo stack, named after the action ("Undo
Code 'Kredibilitas'"). The actions are added to each view with a widget-with-children context:
the keys code only while a document has the focus, and type normally anywhere else.

A view takes part by offering what ``CodingView`` lists; the controller never reaches into its
widgets, so the text and PDF views share every action.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, QPoint, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QWidget

from kutip.errors import KnownError
from kutip.gui.coding.memo_editor import MemoEditor
from kutip.gui.coding.quick_code import Choice, QuickCodePopup
from kutip.gui.core.edit_bus import EditBus
from kutip.gui.core.error_dialogs import report
from kutip.gui.core.mnemonics import literal
from kutip.gui.core.undo import push_edit
from kutip.gui.viewer.highlights import Highlight, status_text
from kutip.gui.viewer.ranges import in_vivo_name, moved_range, trimmed
from kutip.i18n import _, ngettext
from kutip.model import Code
from kutip.project import Edit, Project

log = logging.getLogger(__name__)

T = TypeVar("T")

#: How long a hint stays in the status bar (ms).
HINT_MS = 6000
#: The keys of the first ten codes, in order.
CODE_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")


class CodingView(Protocol):
    """What a document view offers the controller (``SourceView``, ``PdfDocumentView``)."""

    source_id: int
    context_actions: list[QAction]
    segment_selected: SignalInstance
    code_dropped: SignalInstance

    @property
    def text(self) -> str: ...

    @property
    def selected_segment(self) -> int | None: ...

    @property
    def highlights(self) -> list[Highlight]: ...

    def selected_range(self) -> tuple[int, int] | None: ...

    def caret_position(self) -> int: ...

    def collapse_selection(self) -> None: ...

    def highlight(self, segment_id: int | None) -> Highlight | None: ...

    def select_segment(self, segment_id: int | None, *, reveal: bool = False) -> None: ...

    def popup_anchor(self) -> QPoint: ...

    def coding_widget(self) -> QWidget: ...


class CodingController(QObject):
    #: A message for the status bar: (text, milliseconds to show it; 0 until replaced).
    message = Signal(str, int)

    def __init__(
        self,
        window: QWidget,
        undo_stack: QUndoStack,
        edits: EditBus,
        project: Callable[[], Project | None],
        current_view: Callable[[], CodingView | None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._undo_stack = undo_stack
        self._project = project
        self._current_view = current_view
        self._top_codes: list[Code] = []
        self.popup: QuickCodePopup | None = None

        self.code_actions: list[QAction] = []
        for index, key in enumerate(CODE_KEYS):
            action = self._action("", partial(self.code_with_key, index), key)
            action.setVisible(False)
            self.code_actions.append(action)
        self.quick_code_action = self._action(_("&Quick Code…"), self.quick_code, "Q")
        self.in_vivo_action = self._action(_("&In-Vivo Code"), self.in_vivo, "Ctrl+Shift+V")
        self.memo_action = self._action(_("Coding &Memo…"), self.edit_memo, "Ctrl+M")
        self.remove_action = self._action(
            _("&Remove Coding"), self.remove_segment, QKeySequence.StandardKey.Delete
        )
        self.next_action = self._action(_("&Next Coding"), lambda: self.step(True), "F8")
        self.previous_action = self._action(
            _("&Previous Coding"), lambda: self.step(False), "Shift+F8"
        )
        self.end_later_action = self._action(
            _("Extend Coding's &End"), lambda: self.nudge("end", True), "Shift+Alt+Right"
        )
        self.end_earlier_action = self._action(
            _("Shorten Coding's E&nd"), lambda: self.nudge("end", False), "Shift+Alt+Left"
        )
        self.start_earlier_action = self._action(
            _("Extend Coding's &Start"), lambda: self.nudge("start", False), "Ctrl+Alt+Left"
        )
        self.start_later_action = self._action(
            _("Shorten Coding's S&tart"), lambda: self.nudge("start", True), "Ctrl+Alt+Right"
        )
        self.range_actions = [
            self.start_earlier_action,
            self.start_later_action,
            self.end_earlier_action,
            self.end_later_action,
        ]
        edits.edited.connect(self._on_edit)

    def _action(self, text: str, slot: Callable[[], object], shortcut: Any) -> QAction:
        action = QAction(text, self._window)
        action.setShortcut(QKeySequence(shortcut))
        # Only while a document has the focus: elsewhere these keys type.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda: self._guarded(slot))
        return action

    def editing_actions(self) -> list[QAction]:
        """The actions that change the project: off while it is read-only."""
        return [
            *self.code_actions,
            self.quick_code_action,
            self.in_vivo_action,
            self.memo_action,
            self.remove_action,
            *self.range_actions,
        ]

    def actions(self) -> list[QAction]:
        return [
            *self.code_actions,
            self.quick_code_action,
            self.in_vivo_action,
            self.memo_action,
            self.remove_action,
            self.next_action,
            self.previous_action,
            *self.range_actions,
        ]

    # -- views ---------------------------------------------------------------------------------

    def attach(self, view: CodingView) -> None:
        """Give a new document view the coding keys, context menu entries and code drops."""
        view.coding_widget().addActions(self.actions())
        view.context_actions = [
            self.quick_code_action,
            self.in_vivo_action,
            self.memo_action,
            self.remove_action,
        ]
        view.code_dropped.connect(
            lambda code_id, where: self._guarded(lambda: self.apply_code(code_id, view, where))
        )
        view.segment_selected.connect(lambda segment_id: self._selected(view, segment_id))
        resized = getattr(view, "segment_resized", None)
        if resized is not None:  # the text view lets the mouse drag a coding's ends
            resized.connect(
                lambda segment_id, where: self._guarded(lambda: self.set_range(segment_id, *where))
            )

    def _on_edit(self, edit: Edit[Any]) -> None:
        if "codes" in edit.tables:
            self.refresh_codes()

    def refresh_codes(self) -> None:
        """The codebook changed: the keys 1–0 name its first ten top-level codes again."""
        project = self._project()
        codes = [c for c in project.codes.all() if c.parent_id is None] if project else []
        self._top_codes = codes[: len(CODE_KEYS)]
        for index, action in enumerate(self.code_actions):
            if index < len(self._top_codes):
                action.setText(literal(self._top_codes[index].name))
                action.setVisible(True)
            else:
                action.setVisible(False)

    def announce(self) -> None:
        """Another document came to the front: the status bar tells of its selected coding."""
        view = self._current_view()
        self._selected(view, view.selected_segment if view is not None else None)

    def _selected(self, view: CodingView | None, segment_id: int | None) -> None:
        if view is not self._current_view():
            return
        highlight = view.highlight(segment_id) if view is not None else None
        self.message.emit(status_text(highlight) if highlight is not None else "", 0)

    # -- what an action acts on ------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.message.emit(text, HINT_MS)

    def _guarded(self, action: Callable[[], object]) -> None:
        # A KnownError while coding (a passage already coded with this code) is a hint in the
        # status bar with a beep, not a dialog in the way of the next key; a bug is a bug.
        try:
            action()
        except KnownError as error:
            QApplication.beep()
            self._say(str(error))
        except Exception as error:
            report(self._window, error)

    def _context(self) -> tuple[Project, CodingView] | None:
        project, view = self._project(), self._current_view()
        if project is None or view is None:
            return None
        return project, view

    def coding_range(self, view: CodingView) -> tuple[int, int] | None:
        """What a code key codes: the selection (without white space at its ends), else the
        passage of the selected coding."""
        selected = view.selected_range()
        if selected is not None:
            return trimmed(view.text, *selected)
        highlight = view.highlight(view.selected_segment)
        return (highlight.start, highlight.end) if highlight is not None else None

    def current_passage(self) -> tuple[int, int, int] | None:
        """What an action on "the selection" acts on in the document in front, for actions
        outside coding (adding a passage to a case): ``(source id, start, end)`` in code
        points, as ``coding_range`` finds it; None if nothing is selected."""
        view = self._current_view()
        where = self.coding_range(view) if view is not None else None
        return None if view is None or where is None else (view.source_id, *where)

    def _push(self, project: Project, make: Callable[[], Edit[T]], **kwargs: Any) -> Edit[T]:
        return push_edit(self._undo_stack, project, make, **kwargs)

    # -- coding ------------------------------------------------------------------------------

    def code_with_key(self, index: int) -> None:
        if index < len(self._top_codes):
            self.apply_code(self._top_codes[index].id)

    def apply_code(
        self,
        code_id: int,
        view: CodingView | None = None,
        where: tuple[int, int] | None = None,
    ) -> int | None:
        """Code the passage (``where``, else the view's selection) with ``code_id``."""
        project = self._project()
        view = view or self._current_view()
        if project is None or view is None:
            return None
        where = trimmed(view.text, *where) if where is not None else self.coding_range(view)
        if where is None:
            self._say(_("Select a passage first, then press a code's key."))
            return None
        start, end = where
        edit = self._push(
            project, lambda: project.codings.code(view.source_id, start, end, code_id)
        )
        coded = edit.value
        self._coded(view, coded.segment_id)
        if coded.joined:  # said, so that a coding that grew instead of appearing is no surprise
            self._say(
                ngettext(
                    "The passage joins your coding '{name}' next to it.",
                    "The passage joins your {n} codings '{name}' around it into one.",
                    coded.joined,
                ).format(n=coded.joined, name=project.codes.get(code_id).name)
            )
        return coded.segment_id

    def _coded(self, view: CodingView, segment_id: int) -> None:
        # The new highlight shows once the selection is gone; selected, the coding can get a
        # memo (Ctrl+M) or a second code (another key) straight away.
        view.collapse_selection()
        view.select_segment(segment_id)

    def _apply_new_code(
        self, view: CodingView, where: tuple[int, int], name: str, label: str
    ) -> int | None:
        """Code ``where`` with the top-level code called ``name``, made (in the same undo step,
        named ``label``) if there is none yet."""
        project = self._project()
        if project is None:
            return None
        folded = name.casefold()
        top = [c for c in project.codes.all() if c.parent_id is None]
        existing = next((c for c in top if c.name.casefold() == folded), None)
        if existing is not None:
            return self.apply_code(existing.id, view, where)
        start, end = where

        def steps() -> int:
            code_id = project.codes.add(name).value
            return project.codings.apply(view.source_id, start, end, code_id).value

        edit = self._push(project, lambda: project.compose(label, steps))
        self._coded(view, edit.value)
        return edit.value

    def in_vivo(self) -> int | None:
        """Code the selection with a new code named after it, in one undo step."""
        context = self._context()
        if context is None:
            return None
        _project, view = context
        where = self.coding_range(view)
        name = in_vivo_name(view.text[where[0] : where[1]]) if where is not None else ""
        if where is None or not name:
            self._say(_("Select the words to name the new code with, then press Ctrl+Shift+V."))
            return None
        return self._apply_new_code(view, where, name, _("In-vivo code '{name}'").format(name=name))

    def quick_code(self) -> QuickCodePopup | None:
        """Open the quick-code popup at the selection."""
        context = self._context()
        if context is None:
            return None
        project, view = context
        where = self.coding_range(view)
        if where is None:
            self._say(_("Select a passage first, then press Q to code it."))
            return None
        depth: dict[int, int] = {}
        choices = []
        for code in project.codes.all():  # tree order: parents first
            depth[code.id] = 0 if code.parent_id is None else depth[code.parent_id] + 1
            choices.append(Choice(code.id, project.codes.path(code.id), code.color, depth[code.id]))
        popup = QuickCodePopup(choices, self._window)
        popup.chosen.connect(
            lambda code_id: self._guarded(lambda: self.apply_code(code_id, view, where))
        )
        popup.new_code.connect(
            lambda name: self._guarded(
                lambda: self._apply_new_code(
                    view, where, name, _("Code '{name}'").format(name=name)
                )
            )
        )
        popup.destroyed.connect(lambda: setattr(self, "popup", None))
        self.popup = popup
        popup.popup(view.popup_anchor())
        return popup

    # -- the selected coding ----------------------------------------------------------------------

    def _selected_highlight(self) -> tuple[Project, CodingView, Highlight] | None:
        context = self._context()
        if context is None:
            return None
        project, view = context
        highlight = view.highlight(view.selected_segment)
        if highlight is None:
            self._say(_("Click a highlight (or press F8) to select a coding first."))
            return None
        return project, view, highlight

    def remove_segment(self) -> None:
        found = self._selected_highlight()
        if found is None:
            return
        project, _view, highlight = found
        self._push(project, lambda: project.codings.remove(highlight.segment_id))

    def edit_memo(self) -> None:
        found = self._selected_highlight()
        if found is None:
            return
        project, view, highlight = found
        editor = MemoEditor(
            highlight.code_name,
            view.text[highlight.start : highlight.end],
            highlight.memo,
            self._window,
        )
        try:
            if editor.exec() != MemoEditor.DialogCode.Accepted or editor.memo() == highlight.memo:
                return
            memo = editor.memo()
        finally:
            editor.deleteLater()
        self._push(project, lambda: project.codings.set_memo(highlight.segment_id, memo))

    def nudge(self, edge: str, forward: bool) -> None:
        """Move the selected coding's start or end by a word; one undo step per coding."""
        found = self._selected_highlight()
        if found is None:
            return
        project, view, highlight = found
        start, end = moved_range(view.text, highlight.start, highlight.end, edge, forward)
        if (start, end) == (highlight.start, highlight.end):
            QApplication.beep()
            return
        self._push(
            project,
            lambda: project.codings.set_range(highlight.segment_id, start, end),
            merge_key=("range", project.path, highlight.segment_id),
        )

    def set_range(self, segment_id: int, start: int, end: int) -> None:
        """Give a coding a new range (its ends dragged with the mouse)."""
        project = self._project()
        if project is not None:
            self._push(project, lambda: project.codings.set_range(segment_id, start, end))

    def step(self, forward: bool) -> None:
        """Select the next (or previous) coding in the text and scroll to it."""
        context = self._context()
        if context is None:
            return
        _project, view = context
        ordered = sorted(view.highlights, key=lambda h: (h.start, h.end, h.segment_id))
        if not ordered:
            self._say(_("This document has no codings yet."))
            return
        current = view.highlight(view.selected_segment)
        here = (
            (current.start, current.end, current.segment_id)
            if current is not None
            else (view.caret_position(), -1 if forward else 1 << 62, -1)
        )
        keys = [(h.start, h.end, h.segment_id) for h in ordered]
        if forward:
            after = [h for h, key in zip(ordered, keys, strict=True) if key > here]
            chosen = after[0] if after else ordered[0]
        else:
            before = [h for h, key in zip(ordered, keys, strict=True) if key < here]
            chosen = before[-1] if before else ordered[-1]
        view.select_segment(chosen.segment_id, reveal=True)
