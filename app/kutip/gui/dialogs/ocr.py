"""Reading a PDF source's pages by OCR from the window.

``OcrDialog`` asks in which languages (Indonesian and English ticked by default, other Tesseract
codes typed) and whether to read every page. ``OcrReader`` runs ``kutip.services.ocr.read_again``
through the ``Rereader`` (``reread``): on the task runner, with a progress dialog ("OCR: page 3
of 20") and Cancel, the result one step on the undo stack; the languages chosen become those
imports read scans in.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kutip.errors import ValidationError
from kutip.gui.core import settings
from kutip.gui.core.tasks import Task
from kutip.gui.dialogs.reread import Rereader
from kutip.i18n import _
from kutip.ingest.pdf.tessdata import DEFAULT_LANGUAGE, LANGUAGE_NAMES, parse_language
from kutip.progress import Progress
from kutip.project import Project
from kutip.services.ocr import OcrSettings, read_again
from kutip.services.reread import RereadReport


def ocr_language_setting() -> str:
    """The languages scans are read in, as last chosen (the default if that is no list)."""
    try:
        return parse_language(settings.OCR_LANGUAGE.get())
    except ValidationError:
        return DEFAULT_LANGUAGE


class OcrDialog(QDialog):
    """Asks how to read a source's pages by OCR."""

    def __init__(self, title: str, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ocr_dialog")
        self.setWindowTitle(_("Read by OCR"))
        heading = QLabel(
            _(
                "Read the scanned pages of “{title}” by OCR. The text read replaces the "
                "source's text; codings stay on their words (Undo takes it back)."
            ).format(title=title)
        )
        heading.setWordWrap(True)
        codes = language.split("+")
        self.language_boxes: dict[str, QCheckBox] = {}
        for code, name in LANGUAGE_NAMES.items():
            box = QCheckBox(_(name))
            box.setChecked(code in codes)
            self.language_boxes[code] = box
        self.other_edit = QLineEdit("+".join(c for c in codes if c not in LANGUAGE_NAMES))
        self.other_edit.setObjectName("ocr_other_languages")
        self.other_edit.setPlaceholderText(_("Tesseract's codes, e.g. jav+sun"))
        self.every_page_box = QCheckBox(_("Read &every page, also pages with a (garbled) text"))
        self.every_page_box.setToolTip(
            _("For PDFs whose text layer reads as nonsense: the pages are read from the picture.")
        )
        self.error = QLabel()
        self.error.setObjectName("ocr_error")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        languages = QVBoxLayout()
        for box in self.language_boxes.values():
            languages.addWidget(box)
        form.addRow(_("Languages:"), languages)
        form.addRow(_("&Other languages:"), self.other_edit)
        form.addRow("", self.every_page_box)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Read"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def language(self) -> str:
        """The languages chosen, as Tesseract's list ("ind+eng"); ``ValidationError`` if none."""
        codes = [code for code, box in self.language_boxes.items() if box.isChecked()]
        other = self.other_edit.text().strip()
        if other:
            codes.append(other)
        if not codes:
            raise ValidationError(_("Choose at least one language."))
        return parse_language("+".join(codes))

    def _accept(self) -> None:
        try:
            self.language()
        except ValidationError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.accept()


class OcrReader(QObject):
    """Reads sources by OCR for the window: asks, then reads through the ``Rereader``."""

    def __init__(
        self, window: QWidget, rereader: Rereader, project: Callable[[], Project | None]
    ) -> None:
        super().__init__(window)
        self._window = window
        self._rereader = rereader
        self._project = project
        #: The dialog asking, while it is open (tests answer it).
        self.dialog: OcrDialog | None = None

    def ask(self, source_id: int) -> None:
        """Ask how to read ``source_id`` by OCR, then read it."""
        project = self._project()
        if project is None or self._rereader.busy:  # one re-read at a time
            return
        title = project.sources.get(source_id).title
        language = project.sources.ocr_language(source_id) or ocr_language_setting()
        dialog = OcrDialog(title, language, self._window)
        self.dialog = dialog

        def answered(result: int) -> None:
            self.dialog = None
            dialog.deleteLater()
            if result == QDialog.DialogCode.Accepted:
                settings.OCR_LANGUAGE.set(dialog.language())
                self.read(
                    source_id, dialog.language(), every_page=dialog.every_page_box.isChecked()
                )

        dialog.finished.connect(answered)
        dialog.open()

    def read(self, source_id: int, language: str, *, every_page: bool = False) -> Task | None:
        """Read ``source_id`` by OCR in ``language`` on the task runner; None if not started."""
        project = self._project()
        if project is None:
            return None
        ocr_settings = OcrSettings(language=language)

        def work(progress: Progress) -> RereadReport:
            return read_again(project, source_id, ocr_settings, progress, every_page=every_page)

        return self._rereader.run(
            project, work, _("Read by OCR"), _("Reading the pages by OCR…"), always_tell=False
        )
