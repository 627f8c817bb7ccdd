"""The Export dialog: what to export and how, a preview, then the export with progress and Cancel.

The formats, their options, the preview's content and the export itself are
``kutip.services.exporting``'s (the command line's ``export`` uses the same registry); this
module only shows them. The report formats export the ticked codes and cases in the chosen
citation style and report language; the exchange formats always hold the whole project (or
codebook), and the dialog says so.

The preview shows the beginning of what the export will hold, rendered as the HTML export
renders it, built on a worker a moment after the options stop changing. The export runs on the
window's task runner under a progress dialog with Cancel; the core writes beside the target and
moves the result into place only when complete, so a cancelled export leaves nothing. A message
then names the files written and any warnings, with a button to open their folder. The options
(not the codes and cases, which belong to a project) are remembered in QSettings.

Wiring (the window's part): ``ExportDialog(parent, project, task_runner).exec()``.

``show_export_result``, ``swatch`` and ``report_style``/``report_language`` are shared with the
retrieval dock, whose "Export List…" exports through the same service.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from kutip.errors import KnownError
from kutip.gui.core import settings
from kutip.gui.core.error_dialogs import report
from kutip.gui.core.tasks import Task, TaskRunner, show_progress
from kutip.i18n import N_, _, current_language, ngettext
from kutip.progress import Cancelled, Progress
from kutip.project import Project
from kutip.reports import (
    DEFAULT_LANGUAGE,
    DEFAULT_STYLE,
    LANGUAGES,
    MATRIX_MODES,
    STYLES,
    ExportOptions,
    ExportResult,
    Selection,
)
from kutip.reports.styles import STYLE_TITLES
from kutip.services import exporting
from kutip.services.exporting import Option, Preview

LANGUAGE_TITLES: dict[str, str] = {"id": "Bahasa Indonesia", "en": "English"}
MATRIX_TITLES: dict[str, str] = {
    "counts": N_("Counts"),
    "presence": N_("Presence (✓)"),
}

#: Files named in the result message before "and N more".
_NAMED_FILES = 8
#: How long the options must stay unchanged before the preview is rebuilt.
PREVIEW_DELAY_MS = 300


def report_style() -> str:
    """The citation style of the last export, else the default (APA)."""
    style = settings.EXPORT_STYLE.get()
    return style if style in STYLES else DEFAULT_STYLE


def report_language() -> str:
    """The report language of the last export, else the UI's, else the default."""
    language = settings.EXPORT_LANGUAGE.get()
    if language in LANGUAGES:
        return language
    return current_language() if current_language() in LANGUAGES else DEFAULT_LANGUAGE


def swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


# -- the result -------------------------------------------------------------------------------


def _common_folder(paths: Sequence[Path]) -> Path:
    try:
        return Path(os.path.commonpath([str(path.parent) for path in paths]))
    except ValueError:  # different drives
        return paths[0].parent


def show_export_result(
    parent: QWidget | None, paths: Sequence[Path], warnings: Sequence[str]
) -> QMessageBox:
    """Say which files an export wrote and what went wrong on the way; offer their folder.

    The message opens without blocking (window-modal) and deletes itself when closed.
    """
    box = QMessageBox(parent)
    box.setObjectName("export_result")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowTitle(_("Export finished"))
    box.setIcon(QMessageBox.Icon.Warning if warnings else QMessageBox.Icon.Information)
    count = len(paths)
    names = [f"• {path.name}" for path in paths[:_NAMED_FILES]]
    if count > _NAMED_FILES:
        rest = count - _NAMED_FILES
        names.append(ngettext("and {n} more", "and {n} more", rest).format(n=rest))
    folder = _common_folder(paths) if paths else None
    lines = [ngettext("{n} file written:", "{n} files written:", count).format(n=count), *names]
    if folder is not None:
        lines += ["", _("In {folder}").format(folder=folder)]
    box.setText("\n".join(lines))
    if warnings:
        box.setInformativeText(
            "\n".join([_("Warnings:"), *(f"• {warning}" for warning in warnings)])
        )
    box.setDetailedText("\n".join(str(path) for path in paths))
    if folder is not None:
        open_button = box.addButton(_("Open Folder"), QMessageBox.ButtonRole.ActionRole)
        url = QUrl.fromLocalFile(str(folder))
        open_button.clicked.connect(lambda: QDesktopServices.openUrl(url))
    box.addButton(QMessageBox.StandardButton.Close).setText(_("Close"))
    box.open()
    return box


# -- the dialog -------------------------------------------------------------------------------


class ExportDialog(QDialog):
    """Choose a format, a file, the codes and cases and the report's options; preview; export."""

    #: The preview shows the current options (after they changed, or at first).
    preview_updated = Signal()
    #: An export finished; carries its ``ExportResult``.
    exported = Signal(object)
    #: An export stopped: cancelled (``Cancelled``) or failed; carries the exception.
    export_failed = Signal(object)

    def __init__(self, parent: QWidget | None, project: Project, task_runner: TaskRunner) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle(_("Export"))
        self._project = project
        self._runner = task_runner
        self._export_task: Task | None = None
        self._preview_task: Task | None = None
        self._preview_generation = 0
        self._preview_html = ""
        #: The result message of the last export (for the window and tests).
        self.result_box: QMessageBox | None = None
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        self._build()
        self._fill_codes()
        self._fill_cases()
        self._restore()
        self._connect()
        self._format_changed()
        self.resize(1040, 700)

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_choices())
        splitter.addWidget(self._build_preview())
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 610])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._build_buttons())

    def _build_choices(self) -> QWidget:
        """The left side: the format, the file and the options, then the codes and cases."""
        left = QWidget()
        layout = QVBoxLayout(left)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_options())
        layout.addSpacing(4)
        self._build_selection(layout)
        return left

    def _build_options(self) -> QFormLayout:
        self.format_box = QComboBox()
        self.format_box.setObjectName("export_format")
        for format in exporting.FORMATS.values():
            self.format_box.addItem(format.title, format.name)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("export_path")
        self.browse_button = QPushButton(_("Browse…"))
        self.browse_button.setObjectName("export_browse")
        path_row = QHBoxLayout()
        path_row.setContentsMargins(0, 0, 0, 0)
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        self.style_box = QComboBox()
        self.style_box.setObjectName("export_style")
        for style in STYLES:
            self.style_box.addItem(STYLE_TITLES.get(style, style), style)  # as reports name them
        self.language_box = QComboBox()
        self.language_box.setObjectName("export_language")
        for language in LANGUAGES:
            self.language_box.addItem(LANGUAGE_TITLES.get(language, language), language)
        self.language_box.setToolTip(
            _("The language the report is written in, whatever the language of Kutip")
        )
        self.matrix_box = QComboBox()
        self.matrix_box.setObjectName("export_matrix")
        for mode in MATRIX_MODES:
            self.matrix_box.addItem(_(MATRIX_TITLES.get(mode, mode)), mode)
        self.matrix_box.setToolTip(_("What a cell of the code × case matrix shows"))
        self.charts_box = QCheckBox(_("Draw the charts"))
        self.charts_box.setObjectName("export_charts")
        #: The widget of each option a format may or may not take.
        self._option_widgets: dict[Option, list[QWidget]] = {
            Option.STYLE: [self.style_box],
            Option.LANGUAGE: [self.language_box],
            Option.MATRIX: [self.matrix_box],
            Option.CHARTS: [self.charts_box],
        }

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Format:"), self.format_box)
        form.addRow(_("Save as:"), path_row)
        form.addRow(_("Citation style:"), self.style_box)
        form.addRow(_("Report language:"), self.language_box)
        form.addRow(_("Code × case matrix:"), self.matrix_box)
        form.addRow("", self.charts_box)
        return form

    def _build_selection(self, layout: QVBoxLayout) -> None:
        self.codes_tree = QTreeWidget()
        self.codes_tree.setObjectName("export_codes")
        self.codes_tree.setHeaderHidden(True)
        self.codes_tree.setUniformRowHeights(True)
        self.codes_all = self._small_button(_("All"), "export_codes_all")
        self.codes_none = self._small_button(_("None"), "export_codes_none")
        self.cases_list = QListWidget()
        self.cases_list.setObjectName("export_cases")
        self.cases_all = self._small_button(_("All"), "export_cases_all")
        self.cases_none = self._small_button(_("None"), "export_cases_none")
        self.cases_note = QLabel(
            _("With cases left out, sources that belong to no case (the literature) are too.")
        )
        self.cases_note.setWordWrap(True)
        self.cases_note.setEnabled(False)
        self._option_widgets[Option.SELECTION] = [
            self.codes_tree, self.codes_all, self.codes_none,
            self.cases_list, self.cases_all, self.cases_none,
        ]  # fmt: skip
        layout.addLayout(self._heading(_("Codes"), self.codes_all, self.codes_none))
        layout.addWidget(self.codes_tree, 3)
        layout.addLayout(self._heading(_("Cases"), self.cases_all, self.cases_none))
        layout.addWidget(self.cases_list, 2)
        layout.addWidget(self.cases_note)

    def _build_preview(self) -> QWidget:
        self.preview = QTextBrowser()
        self.preview.setObjectName("export_preview")
        self.preview.setOpenLinks(False)
        #: What the preview leaves out ("… and 30 more quotes in the exported file").
        self.preview_note = QLabel()
        self.preview_note.setObjectName("export_preview_note")
        self.preview_note.setWordWrap(True)
        self.preview_note.setEnabled(False)
        self.preview_note.setHidden(True)
        self.preview_status = QLabel()
        self.preview_status.setObjectName("export_preview_status")
        self.preview_status.setEnabled(False)
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(0, 0, 0, 0)
        preview_title = QLabel(_("Preview"))
        font = preview_title.font()
        font.setBold(True)
        preview_title.setFont(font)
        layout.addWidget(preview_title)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.preview_note)
        layout.addWidget(self.preview_status)
        return right

    def _build_buttons(self) -> QHBoxLayout:
        self.status = QLabel()
        self.status.setObjectName("export_status")
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            _("Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setObjectName("export_button")
        self.export_button.setDefault(True)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(_("Close"))  # Qt's own translations are not loaded
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.buttons)
        return bottom

    def _small_button(self, text: str, name: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setText(text)
        button.setAutoRaise(True)
        return button

    def _heading(self, text: str, *buttons: QToolButton) -> QHBoxLayout:
        label = QLabel(text)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        return row

    def _fill_codes(self) -> None:
        self.codes_tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for code in self._project.codes.all():  # parents come before their children
            parent = items.get(code.parent_id) if code.parent_id is not None else None
            item = QTreeWidgetItem(parent) if parent is not None else QTreeWidgetItem()
            item.setText(0, code.name)
            item.setIcon(0, swatch(code.color))
            item.setData(0, Qt.ItemDataRole.UserRole, code.id)
            item.setToolTip(0, code.text_in("definition", current_language()) or code.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked)
            if parent is None:
                self.codes_tree.addTopLevelItem(item)
            items[code.id] = item
        self.codes_tree.expandAll()
        # Room for the branch lines only where there are subcodes.
        self.codes_tree.setRootIsDecorated(any(c.parent_id for c in self._project.codes.all()))

    def _fill_cases(self) -> None:
        self.cases_list.clear()
        for case in self._project.cases.all():
            item = QListWidgetItem(case.name)
            item.setData(Qt.ItemDataRole.UserRole, case.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.cases_list.addItem(item)
        empty = self.cases_list.count() == 0
        self.cases_all.setHidden(empty)
        self.cases_none.setHidden(empty)
        if empty:
            self.cases_list.setFixedHeight(self.cases_list.fontMetrics().height() * 3)
            self.cases_note.setText(_("The project has no cases."))

    def _restore(self) -> None:
        row = self.format_box.findData(settings.EXPORT_FORMAT.get())
        self.format_box.setCurrentIndex(max(row, 0))
        self.style_box.setCurrentIndex(max(self.style_box.findData(report_style()), 0))
        self.language_box.setCurrentIndex(max(self.language_box.findData(report_language()), 0))
        self.matrix_box.setCurrentIndex(
            max(self.matrix_box.findData(settings.EXPORT_MATRIX.get()), 0)
        )
        self.charts_box.setChecked(settings.EXPORT_CHARTS.get())
        folder = settings.EXPORT_FOLDER.get()
        if folder is None or not folder.is_dir():
            folder = self._project.path.parent
        self.path_edit.setText(
            str(exporting.with_suffix(folder / self._project.path.stem, self.format()))
        )

    def _connect(self) -> None:
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.browse_button.clicked.connect(self.browse)
        self.path_edit.textChanged.connect(self._update_enabled)
        for box in (self.style_box, self.language_box, self.matrix_box):
            box.currentIndexChanged.connect(self.schedule_preview)
        self.charts_box.toggled.connect(self.schedule_preview)
        self.codes_tree.itemChanged.connect(self._code_checked)
        self.cases_list.itemChanged.connect(self._options_changed)
        self.codes_all.clicked.connect(lambda: self.set_all_codes(True))
        self.codes_none.clicked.connect(lambda: self.set_all_codes(False))
        self.cases_all.clicked.connect(lambda: self.set_all_cases(True))
        self.cases_none.clicked.connect(lambda: self.set_all_cases(False))
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.reject)

    # -- options -------------------------------------------------------------------------------

    def format(self) -> str:
        return str(self.format_box.currentData())

    def chosen_format(self) -> exporting.Format:
        return exporting.FORMATS[self.format()]

    def set_format(self, format: str) -> None:
        row = self.format_box.findData(format)
        if row < 0:
            raise ValueError(f"not an export format: {format}")
        self.format_box.setCurrentIndex(row)

    def output_path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text).expanduser() if text else None

    def set_output_path(self, path: Path | str) -> None:
        self.path_edit.setText(str(path))

    def _code_items(self) -> list[QTreeWidgetItem]:
        items = []
        iterator = QTreeWidgetItemIterator(self.codes_tree)
        while iterator.value() is not None:
            items.append(iterator.value())
            iterator += 1
        return items

    def checked_codes(self) -> list[int]:
        return [
            int(item.data(0, Qt.ItemDataRole.UserRole))
            for item in self._code_items()
            if item.checkState(0) == Qt.CheckState.Checked
        ]

    def set_checked_codes(self, code_ids: Sequence[int]) -> None:
        wanted = set(code_ids)
        self.codes_tree.blockSignals(True)
        try:
            for item in self._code_items():
                checked = int(item.data(0, Qt.ItemDataRole.UserRole)) in wanted
                item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        finally:
            self.codes_tree.blockSignals(False)
        self._options_changed()

    def set_all_codes(self, checked: bool) -> None:
        self.set_checked_codes(
            [int(item.data(0, Qt.ItemDataRole.UserRole)) for item in self._code_items()]
            if checked
            else []
        )

    def _code_checked(self, item: QTreeWidgetItem, _column: int) -> None:
        # A parent ticked or cleared takes its subcodes along (each may then be changed alone).
        state = item.checkState(0)
        self.codes_tree.blockSignals(True)
        try:
            stack = [item]
            while stack:
                parent = stack.pop()
                for k in range(parent.childCount()):
                    child = parent.child(k)
                    if child is not None:
                        child.setCheckState(0, state)
                        stack.append(child)
        finally:
            self.codes_tree.blockSignals(False)
        self._options_changed()

    def _case_items(self) -> list[QListWidgetItem]:
        return [self.cases_list.item(row) for row in range(self.cases_list.count())]

    def checked_cases(self) -> list[int]:
        return [
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in self._case_items()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def set_checked_cases(self, case_ids: Sequence[int]) -> None:
        wanted = set(case_ids)
        self.cases_list.blockSignals(True)
        try:
            for item in self._case_items():
                checked = int(item.data(Qt.ItemDataRole.UserRole)) in wanted
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        finally:
            self.cases_list.blockSignals(False)
        self._options_changed()

    def set_all_cases(self, checked: bool) -> None:
        ids = [int(item.data(Qt.ItemDataRole.UserRole)) for item in self._case_items()]
        self.set_checked_cases(ids if checked else [])

    def selection(self) -> Selection:
        """The ticked codes and cases (``None``, "all", when every one is ticked)."""
        codes = self.checked_codes()
        cases = self.checked_cases()
        all_codes = len(codes) == len(self._code_items())
        all_cases = len(cases) == self.cases_list.count()
        return Selection(
            codes=None if all_codes else tuple(codes),
            cases=None if all_cases else tuple(cases),
        )

    def export_options(self) -> ExportOptions:
        return ExportOptions(
            selection=self.selection(),
            style=str(self.style_box.currentData()),
            language=str(self.language_box.currentData()),
            matrix=str(self.matrix_box.currentData()),
            charts=self.charts_box.isChecked(),
        )

    def _format_changed(self, *_args: object) -> None:
        chosen = self.chosen_format()
        path = self.output_path()
        if path is not None:
            self.path_edit.setText(str(exporting.with_suffix(path, chosen)))
        for option, widgets in self._option_widgets.items():
            for widget in widgets:
                widget.setEnabled(option in chosen.options)
        self.path_edit.setToolTip(
            _("A folder to create: it receives one annotated PDF per source.")
            if chosen.folder
            else ""
        )
        self._options_changed()

    def _options_changed(self, *_args: object) -> None:
        self._update_enabled()
        self.schedule_preview()

    def _update_enabled(self, *_args: object) -> None:
        busy = self._export_task is not None
        needs_codes = Option.SELECTION in self.chosen_format().options
        has_codes = bool(self.checked_codes()) or not needs_codes
        has_path = self.output_path() is not None
        self.export_button.setEnabled(not busy and has_codes and has_path)
        if needs_codes and not has_codes:
            self._set_status(_("Tick at least one code to export."))
        elif not has_path:
            self._set_status(_("Choose where to save the export."))
        elif not busy:
            self._set_status("")

    def _set_status(self, text: str) -> None:
        self.status.setText(text)

    def browse(self) -> None:
        format = self.chosen_format()
        current = self.output_path() or self._project.path.with_name(self._project.path.stem)
        if format.folder:
            title = _("Export the PDFs into a new folder")
            pattern = ""
        else:
            title = _("Export to")
            pattern = format.file_filter()
        chosen, _filter = QFileDialog.getSaveFileName(self, title, str(current), pattern)
        if chosen:
            path = exporting.with_suffix(Path(chosen), format)
            if self._checked_target(format.name, path) is not None:
                self.path_edit.setText(str(path))  # a refused choice leaves the path as it was

    def _checked_target(self, format: str, path: Path) -> Path | None:
        """The checked target, or None after telling the user why ``path`` cannot be written."""
        try:
            return exporting.export_target(format, path)
        except KnownError as error:
            QMessageBox.warning(self, _("Export"), str(error))
            return None

    # -- preview -------------------------------------------------------------------------------

    def schedule_preview(self, *_args: object) -> None:
        """Rebuild the preview once the options have stopped changing for a moment."""
        self.preview_status.setText(_("Updating the preview…"))
        self._preview_timer.start()

    def update_preview(self) -> None:
        """Rebuild the preview now, on a worker; an older preview still building is dropped."""
        self._preview_timer.stop()
        if self._preview_task is not None:
            self._preview_task.cancel()
        self._preview_generation += 1
        generation = self._preview_generation
        format = self.format()
        options = self.export_options()
        project = self._project
        if Option.SELECTION in self.chosen_format().options and not self.checked_codes():
            nothing = f"<p>{html.escape(_('No code is ticked.'))}</p>"
            self._show_preview(generation, Preview(nothing))
            return

        def work(progress: Progress) -> Preview:
            return exporting.preview(project, format, options, progress)

        task = self._runner.start(work, stop_on_report=True)
        self._preview_task = task
        task.succeeded.connect(lambda preview: self._show_preview(generation, preview))
        task.failed.connect(lambda error: self._preview_failed(generation, error))
        task.finished.connect(lambda: self._preview_finished(task))

    def _show_preview(self, generation: int, preview: Preview) -> None:
        if generation != self._preview_generation:
            return
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(preview.html)
        self.preview.verticalScrollBar().setValue(scroll)
        notes = list(preview.notes)
        if Option.SELECTION not in self.chosen_format().options:
            notes.append(_("The codes and cases ticked here do not apply."))
        self.preview_note.setText("\n".join(notes))
        self.preview_note.setHidden(not notes)
        self._preview_html = preview.html
        self.preview_status.setText("")
        self.preview_updated.emit()

    def _preview_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._preview_generation or isinstance(error, Cancelled):
            return
        self.preview_status.setText(_("No preview: {error}").format(error=error))
        self.preview_updated.emit()

    def _preview_finished(self, task: Task) -> None:
        if self._preview_task is task:
            self._preview_task = None

    def preview_text(self) -> str:
        return self.preview.toPlainText()

    def preview_html(self) -> str:
        """The HTML the preview shows, as the service rendered it."""
        return self._preview_html

    # -- exporting -----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._export_task is not None

    def _remember(self, path: Path) -> None:
        settings.EXPORT_FORMAT.set(self.format())
        settings.EXPORT_STYLE.set(str(self.style_box.currentData()))
        settings.EXPORT_LANGUAGE.set(str(self.language_box.currentData()))
        settings.EXPORT_MATRIX.set(str(self.matrix_box.currentData()))
        settings.EXPORT_CHARTS.set(self.charts_box.isChecked())
        settings.EXPORT_FOLDER.set(path.parent)

    def export(self) -> Task | None:
        """Export with the options shown, on a worker under a progress dialog with Cancel."""
        if self._export_task is not None:
            return None
        path = self.output_path()
        if path is None:
            return None
        path = path.absolute()
        format = self.format()
        if self._checked_target(format, path) is None:
            return None  # the project, a folder, a device…: said so; the dialog stays as it is
        if path.exists() and not self._confirm_replace(path):
            return None
        self._remember(path)
        options = self.export_options()
        project = self._project

        def work(progress: Progress) -> ExportResult:
            return exporting.export(project, format, path, options, progress)

        task = self._runner.start(work, stop_on_report=True)
        self._export_task = task
        show_progress(task, self, _("Export"), _("Exporting {name}…").format(name=path.name))
        task.succeeded.connect(self._export_succeeded)
        task.failed.connect(self._export_stopped)
        task.finished.connect(self._export_finished)
        self._set_status(_("Exporting {name}…").format(name=path.name))
        self._update_enabled()
        return task

    def _confirm_replace(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self,
            _("Export"),
            _("{name} already exists. Replace it?").format(name=path.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def cancel_export(self) -> None:
        """Stop the export under way (it leaves no file behind)."""
        if self._export_task is not None:
            self._export_task.cancel()

    def _export_succeeded(self, result: ExportResult) -> None:
        self.exported.emit(result)
        # The message outlives the dialog: it belongs to the window.
        self.result_box = show_export_result(
            self.parentWidget(), list(result.paths), list(result.warnings)
        )
        self.accept()

    def _export_stopped(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self._set_status(_("The export was cancelled; nothing was written."))
        else:
            self._set_status("")
            report(self, error)
        self.export_failed.emit(error)

    def _export_finished(self) -> None:
        self._export_task = None
        self.export_button.setEnabled(True)
        status = self.status.text()
        self._update_enabled()
        if status and self.export_button.isEnabled():
            self._set_status(status)  # "cancelled; nothing was written" stays

    # -- closing -------------------------------------------------------------------------------

    def done(self, result: int) -> None:
        if self._export_task is not None and result != QDialog.DialogCode.Accepted:
            return  # closing while exporting: Cancel in the progress dialog stops the export
        self._preview_timer.stop()
        if self._preview_task is not None:
            self._preview_task.cancel()
        super().done(result)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(1040, 700)


def open_export_dialog(
    parent: QWidget | None, project: Project, task_runner: TaskRunner
) -> ExportResult | None:
    """Show the dialog; the export's result if one was made (for callers that want it)."""
    dialog = ExportDialog(parent, project, task_runner)
    results: list[ExportResult] = []
    dialog.exported.connect(results.append)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
    return results[0] if results else None


__all__ = [
    "ExportDialog",
    "open_export_dialog",
    "report_language",
    "report_style",
    "show_export_result",
    "swatch",
]
