"""The Export dialog: what to export and how, a preview, then the export with progress and Cancel.

Every format of ``kutip.reports`` (coded summary as DOCX, Markdown, HTML; CSV and XLSX tables;
the codebook; PDFs with their codings as highlights) and the REFI-QDA exchange formats of
``kutip.interop`` (a whole project as QDPX, the codebook as QDC). The report formats export the
ticked codes and cases in the chosen citation style and report language; the exchange formats
always hold the whole project (or codebook), and the dialog says so.

The preview shows the beginning of what the export will hold (for a report: per code its
definition, counts and first quotes with their citations), built from the same report model on
a worker, a moment after the options stop changing. The export runs on the window's task runner
under a progress dialog with Cancel; ``kutip.reports`` and ``kutip.interop`` write beside the
target and move the result into place only when complete, so a cancelled export leaves nothing.
A message then names the files written and any warnings, with a button to open their folder.
The options (not the codes and cases, which belong to a project) are remembered in QSettings.

Wiring (the window's part): ``ExportDialog(parent, project, task_runner).exec()``.

``show_export_result`` and ``report_style``/``report_language`` are shared with the retrieval
dock, whose "Export list…" exports through the same functions.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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
from kutip.gui import settings
from kutip.gui.errors import report
from kutip.gui.tasks import Task, TaskRunner, show_progress
from kutip.i18n import N_, _, current_language, ngettext
from kutip.model import SourceKind
from kutip.progress import Cancelled, Progress
from kutip.project import Project
from kutip.reports import (
    DEFAULT_LANGUAGE,
    DEFAULT_STYLE,
    FORMATS,
    LANGUAGES,
    MATRIX_MODES,
    STYLES,
    SUFFIXES,
    ExportFormat,
    ExportOptions,
    ExportResult,
    Selection,
    build_export_report,
)
from kutip.reports import export as export_report
from kutip.reports import export_target as report_export_target
from kutip.reports.citations import STYLE_TITLES
from kutip.store.output import check_output

#: The REFI-QDA formats, beside the report formats.
EXCHANGE_FORMATS: tuple[str, ...] = ("qdpx", "qdc")
#: Every format the dialog offers, in its list's order.
ALL_FORMATS: tuple[str, ...] = (*FORMATS, *EXCHANGE_FORMATS)

FORMAT_TITLES: dict[str, str] = {
    "docx": N_("Coded summary, Word document (.docx)"),
    "md": N_("Coded summary, Markdown with Pandoc citations (.md)"),
    "html": N_("Coded summary, web page (.html)"),
    "csv": N_("Codings as a table, CSV (.csv)"),
    "xlsx": N_("Codings and tables, Excel workbook (.xlsx)"),
    "codebook-docx": N_("Codebook, Word document (.docx)"),
    "codebook-md": N_("Codebook, Markdown (.md)"),
    "pdf": N_("PDFs with their codings as highlights (a folder)"),
    "qdpx": N_("Whole project for other QDA software, REFI-QDA (.qdpx)"),
    "qdc": N_("Codebook for other QDA software, REFI-QDA (.qdc)"),
}
#: File dialog filters per format ("Word document (*.docx)").
FORMAT_FILTERS: dict[str, str] = {
    "docx": N_("Word document"),
    "md": N_("Markdown"),
    "html": N_("Web page"),
    "csv": N_("CSV table"),
    "xlsx": N_("Excel workbook"),
    "codebook-docx": N_("Word document"),
    "codebook-md": N_("Markdown"),
    "qdpx": N_("REFI-QDA project"),
    "qdc": N_("REFI-QDA codebook"),
}
LANGUAGE_TITLES: dict[str, str] = {"id": "Bahasa Indonesia", "en": "English"}
MATRIX_TITLES: dict[str, str] = {
    "counts": N_("Counts"),
    "presence": N_("Presence (✓)"),
}

#: What each report format uses of the options (the rest are greyed out).
_USES_STYLE = {"docx", "md", "html"}
_USES_LANGUAGE = {"docx", "md", "html", "xlsx", "codebook-docx", "codebook-md"}
_USES_MATRIX = {"docx", "md", "html", "xlsx"}
_USES_CHARTS = {"docx", "md", "html"}
_CODEBOOK_FORMATS = {"codebook-docx", "codebook-md"}

#: Quotes shown in a report's preview before "and N more".
PREVIEW_QUOTES = 12
#: Files named in the result message before "and N more".
_NAMED_FILES = 8
#: How long the options must stay unchanged before the preview is rebuilt.
PREVIEW_DELAY_MS = 300


def suffix_for(format: str) -> str:
    """The file name suffix a format writes ("" for the annotated PDFs' folder)."""
    if format == "pdf":
        return ""
    if format in EXCHANGE_FORMATS:
        return f".{format}"
    return SUFFIXES[ExportFormat(format)]


def with_suffix(path: Path, format: str) -> Path:
    """``path`` with the suffix of ``format`` instead of any export suffix it has."""
    name = path.name
    known = {suffix_for(f) for f in ALL_FORMATS if suffix_for(f)}
    for suffix in sorted(known, key=len, reverse=True):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return path.with_name((name or "export") + suffix_for(format))


def report_style() -> str:
    """The citation style of the last export, else the default (APA)."""
    style = settings.export_style()
    return style if style in STYLES else DEFAULT_STYLE


def report_language() -> str:
    """The report language of the last export, else the UI's, else the default."""
    language = settings.export_language()
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


# -- the preview ------------------------------------------------------------------------------

_PREVIEW_CSS = (
    "h2 { margin-bottom: 2px; } h3 { margin-top: 14px; margin-bottom: 2px; } "
    ".muted { color: #666666; } .memo { color: #555555; font-size: small; } "
    "blockquote { margin-left: 14px; margin-right: 6px; margin-top: 4px; margin-bottom: 6px; }"
)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _page(body: str) -> str:
    return f"<html><head><style>{_PREVIEW_CSS}</style></head><body>{body}</body></html>"


def report_preview_html(report_model: Any, *, tables: bool, charts: bool) -> str:
    """The beginning of a coded summary: per code its definition, counts and first quotes."""
    from kutip.reports.richtext import to_html

    labels = report_model.labels
    out = [
        f"<h2>{_esc(labels['report_title'])}</h2>",
        f"<p class='muted'>{_esc(report_model.project_name)} · {_esc(labels['style'])}: "
        f"{_esc(STYLE_TITLES.get(report_model.style, report_model.style))}</p>",
    ]
    shown = 0
    for section in report_model.sections:
        if shown >= PREVIEW_QUOTES:
            break
        level = 3 if section.depth == 0 else 4
        out.append(
            f"<h{level}><span style='color:{section.code.color}'>■</span> "
            f"{_esc(section.path)}</h{level}>"
        )
        if section.code.definition:
            out.append(f"<p><i>{_esc(section.code.definition)}</i></p>")
        out.append(
            f"<p class='muted'>{_esc(labels['segments'])}: {section.segments} · "
            f"{_esc(labels['sources'])}: {section.sources} · "
            f"{_esc(labels['cases'])}: {section.cases}</p>"
        )
        if not section.quotes:
            out.append(f"<p class='muted'>{_esc(labels['no_quotes'])}</p>")
        for quote in section.quotes:
            if shown >= PREVIEW_QUOTES:
                break
            shown += 1
            memo = (
                f"<br><span class='memo'>{_esc(labels['memo'])}: {_esc(quote.memo)}</span>"
                if quote.memo
                else ""
            )
            out.append(
                f"<blockquote>“{_esc(quote.text)}” {to_html(quote.citation)}{memo}</blockquote>"
            )
    rest = report_model.quote_count - shown
    if rest > 0:
        out.append(
            "<p class='muted'><i>"
            + _esc(
                ngettext(
                    "… and {n} more quote in the exported file.",
                    "… and {n} more quotes in the exported file.",
                    rest,
                ).format(n=rest)
            )
            + "</i></p>"
        )
    if report_model.references:
        out.append(f"<h3>{_esc(labels['references'])}</h3>")
        for reference in report_model.references[:PREVIEW_QUOTES]:
            out.append(f"<p>{to_html(reference.text)}</p>")
    if tables:
        note = (
            _("The tables and charts are in the exported file.")
            if charts
            else _("The tables are in the exported file.")
        )
        out.append(f"<p class='muted'><i>{_esc(note)}</i></p>")
    return _page("".join(out))


def codebook_preview_html(report_model: Any) -> str:
    """The codebook appendix: each code's path, definition and counts."""
    labels = report_model.labels
    out = [f"<h2>{_esc(labels['codebook_appendix'])}</h2>"]
    for section in report_model.sections:
        out.append(
            f"<h3><span style='color:{section.code.color}'>■</span> {_esc(section.path)}</h3>"
        )
        code = section.code
        for key, value in (
            ("definition", code.definition),
            ("when_to_use", code.when_to_use),
            ("when_not_to_use", code.when_not_to_use),
            ("example", code.example),
        ):
            if value:
                out.append(f"<p><b>{_esc(labels[key])}:</b> {_esc(value)}</p>")
        out.append(
            f"<p class='muted'>{_esc(labels['segments'])}: {section.segments} · "
            f"{_esc(labels['sources'])}: {section.sources}</p>"
        )
    return _page("".join(out))


def pdf_preview_html(project: Project, report_model: Any) -> str:
    """The PDFs that will be written, each with how many codings it will carry."""
    counts: dict[int, int] = {}
    for quote in report_model.quotes:
        counts[quote.source_id] = counts.get(quote.source_id, 0) + 1
    pdfs = [s for s in project.sources() if s.kind is SourceKind.PDF and s.id in counts]
    out = [f"<h2>{_esc(_('PDFs with their codings as highlights'))}</h2>"]
    if not pdfs:
        out.append(f"<p>{_esc(_('There is no coded PDF in this selection.'))}</p>")
    items = "".join(
        f"<li>{_esc(source.title)}.pdf — "
        + _esc(ngettext("{n} coding", "{n} codings", counts[source.id]).format(n=counts[source.id]))
        + "</li>"
        for source in pdfs
    )
    if items:
        out.append(f"<ul>{items}</ul>")
    return _page("".join(out))


def exchange_preview_html(project: Project, format: str) -> str:
    """What a QDPX (the whole project) or a QDC (the codebook) holds."""
    codes = project.codes()
    if format == "qdc":
        out = [f"<h2>{_esc(_('REFI-QDA codebook'))}</h2>"]
        out.append(
            "<p>"
            + _esc(
                ngettext(
                    "The codebook's {n} code, with colours and descriptions.",
                    "The codebook's {n} codes, with colours and descriptions.",
                    len(codes),
                ).format(n=len(codes))
            )
            + "</p>"
        )
    else:
        out = [f"<h2>{_esc(_('REFI-QDA project'))}</h2>"]
        counts = (
            ngettext("{n} source", "{n} sources", n := len(project.sources())).format(n=n),
            ngettext("{n} code", "{n} codes", n := len(codes)).format(n=n),
            ngettext("{n} coding", "{n} codings", n := len(project.segments())).format(n=n),
            ngettext("{n} case", "{n} cases", n := len(project.cases())).format(n=n),
            ngettext("{n} memo", "{n} memos", n := len(project.memos())).format(n=n),
        )
        out.append(
            "<p>"
            + _esc(_("The whole project, for NVivo, ATLAS.ti, MAXQDA or QualCoder:"))
            + "</p><ul>"
            + "".join(f"<li>{_esc(item)}</li>" for item in counts)
            + "</ul>"
        )
    parents = {code.id: code.parent_id for code in codes}
    rows = []
    for code in codes:
        depth, parent = 0, code.parent_id
        while parent is not None:
            depth, parent = depth + 1, parents.get(parent)
        rows.append(
            f"<div style='margin-left:{16 * depth}px'><span style='color:{code.color}'>■</span> "
            f"{_esc(code.name)}</div>"
        )
    out.append("".join(rows))
    out.append(
        f"<p class='muted'><i>{_esc(_('The codes and cases ticked here do not apply.'))}</i></p>"
    )
    return _page("".join(out))


def build_preview(project: Project, format: str, options: ExportOptions, progress: Progress) -> str:
    """The preview's HTML for an export (reads the project: run it on a worker)."""
    if format in EXCHANGE_FORMATS:
        return exchange_preview_html(project, format)
    report_model = build_export_report(project, options, progress)
    if format in _CODEBOOK_FORMATS:
        return codebook_preview_html(report_model)
    if format == "pdf":
        return pdf_preview_html(project, report_model)
    return report_preview_html(
        report_model,
        tables=format in _USES_MATRIX,
        charts=options.charts and format in _USES_CHARTS,
    )


def export_target(format: str, path: Path) -> Path:
    """Where an export as ``format`` to ``path`` writes; ``ValidationError`` if it may not.

    The core's own check (``kutip.store.output``), asked before the export starts, so the
    dialog can say no and keep everything as the user left it.
    """
    if format in EXCHANGE_FORMATS:
        return check_output(path, suffix_for(format))
    return report_export_target(format, path)


def run_export(
    project: Project, format: str, path: Path, options: ExportOptions, progress: Progress
) -> ExportResult:
    """Export ``project`` as ``format`` (a report or exchange format) to ``path``."""
    if format == "qdpx":
        from kutip.interop import export_qdpx

        export_qdpx(project, path, progress)
        return ExportResult((path,), ())
    if format == "qdc":
        from kutip.interop import export_qdc

        export_qdc(project, path)
        return ExportResult((path,), ())
    return export_report(project, format, path, options, progress)


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
        self.format_box = QComboBox()
        self.format_box.setObjectName("export_format")
        for format in ALL_FORMATS:
            title = _(FORMAT_TITLES[format]) if format in FORMAT_TITLES else format
            self.format_box.addItem(title, format)
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

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Format:"), self.format_box)
        form.addRow(_("Save as:"), path_row)
        form.addRow(_("Citation style:"), self.style_box)
        form.addRow(_("Report language:"), self.language_box)
        form.addRow(_("Code × case matrix:"), self.matrix_box)
        form.addRow("", self.charts_box)

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

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(form)
        left_layout.addSpacing(4)
        left_layout.addLayout(self._heading(_("Codes"), self.codes_all, self.codes_none))
        left_layout.addWidget(self.codes_tree, 3)
        left_layout.addLayout(self._heading(_("Cases"), self.cases_all, self.cases_none))
        left_layout.addWidget(self.cases_list, 2)
        left_layout.addWidget(self.cases_note)

        self.preview = QTextBrowser()
        self.preview.setObjectName("export_preview")
        self.preview.setOpenLinks(False)
        self.preview_status = QLabel()
        self.preview_status.setObjectName("export_preview_status")
        self.preview_status.setEnabled(False)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        preview_title = QLabel(_("Preview"))
        font = preview_title.font()
        font.setBold(True)
        preview_title.setFont(font)
        right_layout.addWidget(preview_title)
        right_layout.addWidget(self.preview, 1)
        right_layout.addWidget(self.preview_status)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 610])

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

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

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
        for code in self._project.codes():  # parents come before their children
            parent = items.get(code.parent_id) if code.parent_id is not None else None
            item = QTreeWidgetItem(parent) if parent is not None else QTreeWidgetItem()
            item.setText(0, code.name)
            item.setIcon(0, swatch(code.color))
            item.setData(0, Qt.ItemDataRole.UserRole, code.id)
            item.setToolTip(0, code.definition or code.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked)
            if parent is None:
                self.codes_tree.addTopLevelItem(item)
            items[code.id] = item
        self.codes_tree.expandAll()
        # Room for the branch lines only where there are subcodes.
        self.codes_tree.setRootIsDecorated(any(c.parent_id for c in self._project.codes()))

    def _fill_cases(self) -> None:
        self.cases_list.clear()
        for case in self._project.cases():
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
        row = self.format_box.findData(settings.export_format())
        self.format_box.setCurrentIndex(max(row, 0))
        self.style_box.setCurrentIndex(max(self.style_box.findData(report_style()), 0))
        self.language_box.setCurrentIndex(max(self.language_box.findData(report_language()), 0))
        self.matrix_box.setCurrentIndex(max(self.matrix_box.findData(settings.export_matrix()), 0))
        self.charts_box.setChecked(settings.export_charts())
        folder = settings.export_folder()
        if folder is None or not folder.is_dir():
            folder = self._project.path.parent
        self.path_edit.setText(str(with_suffix(folder / self._project.path.stem, self.format())))

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
            stack = [item.child(k) for k in range(item.childCount())]
            while stack:
                child = stack.pop()
                child.setCheckState(0, state)
                stack.extend(child.child(k) for k in range(child.childCount()))
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
        format = self.format()
        path = self.output_path()
        if path is not None:
            self.path_edit.setText(str(with_suffix(path, format)))
        exchange = format in EXCHANGE_FORMATS
        self.style_box.setEnabled(format in _USES_STYLE)
        self.language_box.setEnabled(format in _USES_LANGUAGE)
        self.matrix_box.setEnabled(format in _USES_MATRIX)
        self.charts_box.setEnabled(format in _USES_CHARTS)
        for widget in (self.codes_tree, self.codes_all, self.codes_none):
            widget.setEnabled(not exchange)
        for widget in (self.cases_list, self.cases_all, self.cases_none):
            widget.setEnabled(not exchange)
        self.path_edit.setToolTip(
            _("A folder to create: it receives one annotated PDF per source.")
            if format == "pdf"
            else ""
        )
        self._options_changed()

    def _options_changed(self, *_args: object) -> None:
        self._update_enabled()
        self.schedule_preview()

    def _update_enabled(self, *_args: object) -> None:
        busy = self._export_task is not None
        format = self.format()
        needs_codes = format not in EXCHANGE_FORMATS
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
        format = self.format()
        current = self.output_path() or self._project.path.with_name(self._project.path.stem)
        if format == "pdf":
            title = _("Export the PDFs into a new folder")
            pattern = ""
        else:
            title = _("Export to")
            suffix = suffix_for(format)
            name = _(FORMAT_FILTERS.get(format, format))
            pattern = f"{name} (*{suffix})"
        chosen, _filter = QFileDialog.getSaveFileName(self, title, str(current), pattern)
        if chosen:
            path = with_suffix(Path(chosen), format)
            if self._checked_target(format, path) is not None:
                self.path_edit.setText(str(path))  # a refused choice leaves the path as it was

    def _checked_target(self, format: str, path: Path) -> Path | None:
        """The checked target, or None after telling the user why ``path`` cannot be written."""
        try:
            return export_target(format, path)
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
        if format not in EXCHANGE_FORMATS and not self.checked_codes():
            self._show_preview(generation, _page(f"<p>{_esc(_('No code is ticked.'))}</p>"))
            return

        def work(progress: Progress) -> str:
            return build_preview(project, format, options, progress)

        task = self._runner.start(work, stop_on_report=True)
        self._preview_task = task
        task.succeeded.connect(lambda html_text: self._show_preview(generation, html_text))
        task.failed.connect(lambda error: self._preview_failed(generation, error))
        task.finished.connect(lambda: self._preview_finished(task))

    def _show_preview(self, generation: int, html_text: str) -> None:
        if generation != self._preview_generation:
            return
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(html_text)
        self.preview.verticalScrollBar().setValue(scroll)
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

    # -- exporting -----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._export_task is not None

    def _remember(self, path: Path) -> None:
        settings.set_export_format(self.format())
        settings.set_export_style(str(self.style_box.currentData()))
        settings.set_export_language(str(self.language_box.currentData()))
        settings.set_export_matrix(str(self.matrix_box.currentData()))
        settings.set_export_charts(self.charts_box.isChecked())
        settings.set_export_folder(path.parent)

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
            return run_export(project, format, path, options, progress)

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
    "ALL_FORMATS",
    "EXCHANGE_FORMATS",
    "ExportDialog",
    "build_preview",
    "export_target",
    "open_export_dialog",
    "report_language",
    "report_style",
    "run_export",
    "show_export_result",
    "suffix_for",
    "with_suffix",
]
