"""Who codes in the window, and the window's view of the other coders.

The name is asked once per computer (kept in ``settings.CODER_NAME``) unless ``$KUTIP_CODER``
says it, as on the command line; the status bar shows it and Settings ▸ Your Coder Name changes
it. Coding ▸ Agreement Between Coders opens one agreement dialog beside the window, closed
with the project it compares; the text views' stripes can show a lane per code and coder.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from kutip.gui.core import settings
from kutip.gui.core.edit_bus import EditBus
from kutip.gui.core.error_dialogs import guarded
from kutip.gui.dialogs.agreement_dialog import AgreementDialog
from kutip.gui.dialogs.prompts import ask_name
from kutip.gui.viewer.document_tabs import Documents
from kutip.i18n import _
from kutip.project.session import default_coder_name


class Coders:
    """The coder identity of a window and the agreement dialog it opens, for the project the
    window's ``EditBus`` carries."""

    def __init__(
        self,
        window: QWidget,
        undo_stack: QUndoStack,
        edits: EditBus,
        documents: Documents,
        show_passage: Callable[[int, int, int], None],
    ) -> None:
        self._window = window
        self._undo_stack = undo_stack
        self._edits = edits
        self._documents = documents
        #: Shows a passage the agreement dialog points at: source id, start, end.
        self._show_passage = show_passage
        #: "Coder: NAME", for the status bar.
        self.label = QLabel()
        self.label.setObjectName("coder_label")
        self.agreement_dialog: AgreementDialog | None = None

    def name(self) -> str:
        """Who codes at this computer: ``$KUTIP_CODER`` if set (as on the command line), else
        the name in the settings, asked for the first time (the system's user name proposed;
        kept for next time unless cancelled)."""
        name = " ".join((os.environ.get("KUTIP_CODER") or settings.CODER_NAME.get()).split())
        if name:
            return name
        answer = ask_name(
            self._window,
            _("Who is coding?"),
            _("Your name, as Kutip records it with your codings and memos (a team's "
              "agreement is worked out coder by coder):"),
            default_coder_name(),
        )  # fmt: skip
        name = " ".join((answer or "").split())
        if name:
            settings.CODER_NAME.set(name)
            return name
        return default_coder_name()

    def ask_name(self) -> None:
        """Settings ▸ Your Coder Name: code under another name from now on."""
        project = self._edits.project
        answer = ask_name(
            self._window,
            _("Your coder name"),
            _("Code as:"),
            project.coder.name if project else settings.CODER_NAME.get(),
        )
        name = " ".join((answer or "").split())
        if not name:
            return
        if project is not None:
            project.use_coder(name)
        settings.CODER_NAME.set(name)
        self.show_name()

    def show_name(self) -> None:
        """The open project's coder in the label; nothing without a project."""
        project = self._edits.project
        if project is None:
            self.label.setText("")
            return
        coder = project.coder
        self.label.setText(_("Coder: {name}").format(name=coder.name))
        self.label.setToolTip(
            _("Your codings and memos are recorded as {name}'s.").format(name=coder.name)
        )

    def side_by_side(self, on: bool) -> None:
        """View ▸ Coders Side by Side in Stripes: a lane per code and coder, in every text
        and beside every PDF's pages."""
        for view in self._documents.views():
            view.stripes.set_coders(side_by_side=on)

    def show_agreement(self) -> None:
        """Coding ▸ Agreement Between Coders: the dialog, beside the window."""
        project = self._edits.project
        if project is None:
            return
        if len(project.coders.all()) < 2:
            QMessageBox.information(
                self._window,
                _("Agreement between coders"),
                _("Only one coder has worked in this project. Merge another coder's copy "
                  "(File ▸ Merge Project) to compare your codings."),
            )  # fmt: skip
            return
        self.close_agreement()
        dialog = AgreementDialog(project, self._undo_stack, self._edits, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.passage_chosen.connect(
            lambda source_id, start, end: guarded(
                self._window, lambda: self._show_passage(source_id, start, end)
            )
        )
        dialog.destroyed.connect(lambda _object=None: setattr(self, "agreement_dialog", None))
        self.agreement_dialog = dialog
        dialog.show()

    def close_agreement(self) -> None:
        """Close the agreement dialog, if open: it compares the project about to close."""
        if self.agreement_dialog is not None:
            self.agreement_dialog.close()
