"""The dialogs of an import: its options before it runs, the question whether to read files a
bibliography links from outside its folder, and its summary when it ends.

The summary says what the CLI's ``kutip import`` says (the same counts, each file named with what
happened to it) and lets the user pick the reference of each PDF the matcher was unsure about.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSizePolicy,
    QStyle,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kutip.errors import NotFoundError
from kutip.i18n import _, ngettext
from kutip.ingest.pdf.tessdata import language_label
from kutip.project import Project
from kutip.services.importing import ImportOptions, ImportReport, LinkedFile
from kutip.services.ocr import OcrSettings

#: Files named in the options dialog before "and N more".
_NAMED_FILES = 4
#: A reference's title is cut to this many characters in the reference combos.
_TITLE_CHARS = 60


def _names(paths: Sequence[Path]) -> str:
    names = [path.name for path in paths[:_NAMED_FILES]]
    if len(paths) > _NAMED_FILES:
        rest = len(paths) - _NAMED_FILES
        names.append(ngettext("and {n} more", "and {n} more", rest).format(n=rest))
    return ", ".join(names)


def _question(paths: Sequence[Path]) -> str:
    """What the dialog asks: to import these files and folders, or what is in the folders."""
    folders = [p for p in paths if p.is_dir()]
    if folders and len(folders) == len(paths):
        what = ngettext(
            "Import the files Kutip can read in the folder {names}?",
            "Import the files Kutip can read in the folders {names}?",
            len(folders),
        )
    else:
        what = ngettext(
            "Import {names}?", "Import these {n} files and folders: {names}?", len(paths)
        )
    return what.format(names=_names(paths), n=len(paths))


class ImportOptionsDialog(QDialog):
    """Asks into which case the files go, whether PDF highlights become codings and whether
    scanned pages are read by OCR (in ``ocr_language``)."""

    def __init__(
        self,
        paths: Sequence[Path],
        cases: Sequence[str],
        with_annotations: bool,
        parent: QWidget | None = None,
        *,
        with_ocr: bool = True,
        ocr_language: str = "ind+eng",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("import_options")
        self.setWindowTitle(_("Import"))
        heading = QLabel(_question(paths))
        heading.setWordWrap(True)

        self._build_case_combo(cases)
        self.annotations_box = QCheckBox(_("Import PDF &highlights as codings"))
        self.annotations_box.setChecked(with_annotations)
        self.annotations_box.setToolTip(
            _("Each highlight colour becomes a code under “PDF annotations”.")
        )

        self.ocr_language = ocr_language
        self.ocr_box = QCheckBox(
            _("Read scanned pages by &OCR ({languages})").format(
                languages=language_label(ocr_language)
            )
        )
        self.ocr_box.setObjectName("import_ocr")
        self.ocr_box.setChecked(with_ocr)
        self.ocr_box.setToolTip(
            _(
                "PDF pages that are pictures of text get their text from Tesseract OCR (about "
                "three seconds a page). Another language: a source's Read by OCR… later."
            )
        )

        form = QFormLayout()
        form.addRow(_("&Case:"), self.case_combo)
        form.addRow("", self.annotations_box)
        form.addRow("", self.ocr_box)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Import"))
        # Qt's own catalogue (for its standard buttons) is not loaded: name them here.
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def _build_case_combo(self, cases: Sequence[str]) -> None:
        """The case the sources go into: empty for none, an existing one or a new name."""
        self.case_combo = QComboBox()
        self.case_combo.setObjectName("import_case")
        self.case_combo.setEditable(True)
        self.case_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.case_combo.addItems(["", *cases])
        self.case_combo.setCurrentIndex(0)
        line = self.case_combo.lineEdit()  # there is one: the combo is editable
        if line is not None:
            line.setPlaceholderText(_("none"))
        self.case_combo.setToolTip(
            _(
                "The imported sources belong to this case (an informant, a site). "
                "A new name adds the case; leave it empty for none."
            )
        )
        self.case_combo.setMinimumContentsLength(24)

    def options(self) -> ImportOptions:
        case = " ".join(self.case_combo.currentText().split())
        ocr = OcrSettings(language=self.ocr_language) if self.ocr_box.isChecked() else None
        return ImportOptions(
            case=case or None, with_annotations=self.annotations_box.isChecked(), ocr=ocr
        )


class OutsideFilesDialog(QDialog):
    """Asks, once per import, whether to read the files bibliographies link from outside
    their folders: accepted is "Allow these", rejected (also Esc, the default) "Skip them"."""

    def __init__(self, links: Sequence[LinkedFile], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outside_files")
        self.setWindowTitle(_("Files outside the bibliography's folder"))
        question = QLabel(
            ngettext(
                "A bibliography links {n} file outside its own folder. Import it only if you "
                "know the bibliography and the file: a bibliography from someone else could "
                "pull your other files into the project.",
                "A bibliography links {n} files outside its own folder. Import them only if "
                "you know the bibliography and the files: a bibliography from someone else "
                "could pull your other files into the project.",
                len(links),
            ).format(n=len(links))
        )
        question.setWordWrap(True)
        self.files = QListWidget()
        self.files.setObjectName("outside_files_list")
        for link in links:
            self.files.addItem(
                _("{file} ({citekey} in {name})").format(
                    file=link.shown_path(), citekey=link.citekey, name=link.bibliography.name
                )
            )

        buttons = QDialogButtonBox()
        self.allow_button = buttons.addButton(
            _("&Allow These"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.skip_button = buttons.addButton(
            _("&Skip Them"), QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.files, 1)
        layout.addWidget(buttons)
        # Enter skips: the safe answer. Set once the button is in the dialog, which only then
        # takes it as its default instead of the first button.
        self.skip_button.setDefault(True)
        self.resize(620, 320)


@dataclass(frozen=True)
class _Section:
    title: str
    lines: list[str]


def summary_counts(report: ImportReport) -> str:
    """The counts of the CLI's closing line, as a heading: "4 files imported, 1 failed"."""
    imported = len(report.imported)
    added = sum(added for _path, added, _updated in report.references)
    updated = sum(updated for _path, _added, updated in report.references)
    duplicates, failed, problems = len(report.duplicates), len(report.failed), len(report.problems)
    outside, skipped = len(report.outside), len(report.skipped)
    parts = [ngettext("{n} file imported", "{n} files imported", imported).format(n=imported)]
    exchanged = len(report.exchanged)
    if exchanged:
        parts.append(
            ngettext(
                "{n} project from another tool", "{n} projects from other tools", exchanged
            ).format(n=exchanged)
        )
    if added:
        parts.append(ngettext("{n} new reference", "{n} new references", added).format(n=added))
    if updated:
        parts.append(
            ngettext("{n} reference updated", "{n} references updated", updated).format(n=updated)
        )
    if duplicates:
        parts.append(
            ngettext("{n} duplicate skipped", "{n} duplicates skipped", duplicates).format(
                n=duplicates
            )
        )
    if failed:
        parts.append(ngettext("{n} failed", "{n} failed", failed).format(n=failed))
    if problems:
        parts.append(ngettext("{n} problem", "{n} problems", problems).format(n=problems))
    if outside:
        parts.append(
            ngettext("{n} linked file refused", "{n} linked files refused", outside).format(
                n=outside
            )
        )
    if skipped:
        parts.append(ngettext("{n} file skipped", "{n} files skipped", skipped).format(n=skipped))
    # A list of counts, each translated whole; ", " joins them in English and Indonesian.
    return ", ".join(parts)


def _sections(report: ImportReport) -> list[_Section]:
    """What happened to each file, each line naming it; what went wrong comes first."""
    sections = [
        # The core's reasons already start with the file's name.
        _Section(_("Failed"), [failure.message for failure in report.failed]),
        _Section(_("Problems"), list(report.problems)),
        _Section(_("Linked files refused"), [link.describe() for link in report.outside]),
        _Section(_("Skipped in folders"), [reason for _path, reason in report.skipped]),
        _Section(_("Imported"), [path.name for path, _edit in report.imported]),
        _Section(
            _("From other tools"), [line for _path, lines in report.exchanged for line in lines]
        ),
        _Section(
            _("References"),
            [
                _("{name}: {added} new, {updated} updated").format(
                    name=path.name, added=added, updated=updated
                )
                for path, added, updated in report.references
            ],
        ),
        _Section(
            _("Linked to references"),
            [
                _("{name} → {citekey}").format(name=path.name, citekey=citekey)
                for path, citekey in report.linked
            ],
        ),
        _Section(
            _("References made from the PDF itself — check them"),
            [
                _("{name} → {citekey}").format(name=path.name, citekey=citekey)
                for path, citekey in report.from_pdf
            ],
        ),
        _Section(
            _("Reference uncertain"),
            [
                _("{name} may be: {choices}").format(
                    name=path.name,
                    choices=", ".join(f"{key} ({score:.0%})" for key, score in candidates),
                )
                for path, candidates in report.unsure
            ],
        ),
        _Section(
            _("Skipped as duplicates"),
            [
                _("{name} (same file as {title})").format(name=path.name, title=title)
                for path, title in report.duplicates
            ],
        ),
    ]
    return [section for section in sections if section.lines]


class ImportSummaryDialog(QDialog):
    """What an import did; for PDFs whose reference is unsure, a choice of candidates."""

    def __init__(
        self, report: ImportReport, project: Project, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("import_summary")
        self.report = report
        cancelled = report.cancelled
        self.setWindowTitle(_("Import cancelled") if cancelled else _("Import finished"))
        self._sections = _sections(report)
        nothing = not self._sections and not cancelled
        self._notes = [_("Cancelled: the files imported so far are kept.")] if cancelled else []
        if nothing:
            self._notes.append(_("There were no files Kutip can import."))

        icon = QLabel()
        trouble = report.any_failed or cancelled or nothing
        pixmap = (
            QStyle.StandardPixmap.SP_MessageBoxWarning
            if trouble
            else (QStyle.StandardPixmap.SP_MessageBoxInformation)
        )
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(self.style().standardIcon(pixmap).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.heading = QLabel(f"<b>{html.escape(summary_counts(report))}</b>")
        self.heading.setObjectName("import_counts")
        self.heading.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.heading, 1)

        self.details = QTextBrowser()
        self.details.setObjectName("import_details")
        self.details.setOpenLinks(False)
        self.details.setHtml(self._html())
        self.details.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)

        #: One combo per unsure PDF: (source id, combo whose item data is a citekey or None).
        self.reference_choices: list[tuple[int, QComboBox]] = []
        if report.unsure:
            layout.addWidget(self._reference_box(project))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.copy_button = buttons.addButton(
            _("&Copy to Clipboard"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        if self.reference_choices:
            # Close (or Esc) leaves the unsure PDFs unlinked; the other button links them.
            close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
            close.setText(_("Close"))
            ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
            ok.setText(_("&Link and Close"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 440 + 40 * len(self.reference_choices) + (80 if report.unsure else 0))

    def _reference_box(self, project: Project) -> QGroupBox:
        box = QGroupBox(_("Which reference is it?"))
        form = QFormLayout(box)
        note = QLabel(
            _(
                "Kutip is not sure which reference these PDFs are. Choose one for each, "
                "or leave “none”."
            )
        )
        note.setWordWrap(True)
        form.addRow(note)
        sources = {path: edit.value for path, edit in self.report.imported}
        for path, candidates in self.report.unsure:
            source_id = sources.get(path)
            if source_id is None:  # not imported after all (it cannot be linked then)
                continue
            combo = QComboBox()
            combo.addItem(_("none"), None)
            for citekey, score in candidates:
                combo.addItem(_reference_label(project, citekey, score), citekey)
            combo.setToolTip(path.name)
            form.addRow(path.name, combo)
            self.reference_choices.append((source_id, combo))
        return box

    def chosen_links(self) -> list[tuple[int, str]]:
        """(source id, citekey) for every unsure PDF the user gave a reference."""
        return [
            (source_id, combo.currentData())
            for source_id, combo in self.reference_choices
            if combo.currentData() is not None
        ]

    def text(self) -> str:
        """The summary as plain text, as it goes to the clipboard."""
        parts = [summary_counts(self.report), *self._notes]
        for section in self._sections:
            parts.append("")
            parts.append(f"{section.title}:")
            parts.extend(f"  {line}" for line in section.lines)
        return "\n".join(parts) + "\n"

    def _html(self) -> str:
        parts = [f"<p><i>{html.escape(note)}</i></p>" for note in self._notes]
        for section in self._sections:
            items = "".join(f"<li>{html.escape(line)}</li>" for line in section.lines)
            parts.append(
                f"<p style='margin-bottom:2px'><b>{html.escape(section.title)}</b>"
                f" ({len(section.lines)})</p>"
                f"<ul style='margin-top:0; margin-bottom:10px'>{items}</ul>"
            )
        return "".join(parts)

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.text())


def _reference_label(project: Project, citekey: str, score: float) -> str:
    """``putri2020 — Putri (2020): Hoaks dan pemilih muda… (85%)`` for a candidate."""
    try:
        entry = project.references.get(citekey)
    except NotFoundError:
        return f"{citekey} ({score:.0%})"
    author = entry.authors[0].split(",")[0].strip() if entry.authors else ""
    title = entry.title if len(entry.title) <= _TITLE_CHARS else entry.title[:_TITLE_CHARS] + "…"
    who = f"{author} ({entry.year})" if author and entry.year else author or entry.year
    described = f"{who}: {title}" if who else title
    return f"{citekey} — {described} ({score:.0%})"
