"""Coded summaries for the paper: the report model and its renderers.

The reports' entry point is ``export`` (the CLI and the window reach it through
``kutip.services.exporting``, which adds the REFI-QDA formats and the previews)::

    from kutip.reports import ExportFormat, ExportOptions, Selection, export

    result = export(
        project,
        ExportFormat.DOCX,            # or "docx", "md", "html", "csv", "xlsx",
                                      # "codebook-docx", "codebook-md", "pdf"
        Path("pemilu2024.docx"),
        ExportOptions(
            selection=Selection(codes=resolve_codes(project, ["Kredibilitas"])),
            style="apa",              # "apa" | "chicago" | "harvard" | "ieee"
            language="id",            # the report's language, not the UI's: "id" | "en"
        ),
        progress,                     # kutip.progress.Progress; may be None
    )
    result.paths     # every file written (Markdown: the .md, .bib, .csl and the charts)
    result.warnings  # translated messages for the user: sources without a reference, ...

What each format writes:

* ``docx`` — per code (codebook order) its definition, counts and every quote as a block
  quotation with its citation, coder and memo; the tables; the charts; the literature-versus-
  cases grid; the reference list.
* ``md`` — the same in Pandoc Markdown with ``[@key, p. 412]`` citations, plus ``OUT.bib``,
  ``OUT.csl`` (the style) and ``OUT_files/*.png`` beside it: ``pandoc OUT.md --citeproc``.
* ``html`` — the same as one self-contained, printable file (charts inlined).
* ``csv`` — one row per segment; the columns are documented in ``render.csv``.
* ``xlsx`` — sheets: segments, frequencies, per source, per case, matrix, co-occurrence.
* ``codebook-docx`` / ``codebook-md`` — the codebook as an appendix, with counts.
* ``pdf`` — the selected PDF sources with their codings as highlight annotations. A
  ``path`` ending in ``.pdf`` is one file, for exactly one PDF (several are refused); any other
  ``path`` is a folder (created if missing) that receives one ``<title>.pdf`` per source.

``path`` must end in the format's suffix (``SUFFIXES``), and ``export_target`` refuses,
before anything is written, any target that is not a regular file or a new name in an existing
folder: a project (by its header, whatever its name), its companions, a folder, a device, a
pipe (``kutip.store.output``). Everything is written in a hidden folder beside the target and
moved into place when complete: a failed or cancelled export (``kutip.progress.Cancelled`` is
raised) leaves nothing behind and no earlier file damaged. Problems the user can act on are
``KnownError``s with translated messages. Nothing here imports Qt; matplotlib, citeproc-py,
python-docx and openpyxl are imported only when an export needs them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from kutip.errors import KnownError, ValidationError
from kutip.i18n import _
from kutip.model import Source, SourceKind
from kutip.progress import NoProgress, Progress
from kutip.project import Project
from kutip.reports.labels import DEFAULT_LANGUAGE, REPORT_LANGUAGES
from kutip.reports.selection import (
    AttributeFilter,
    CoderRun,
    Run,
    Selection,
    resolve_cases,
    resolve_coders,
    resolve_codes,
)
from kutip.reports.styles import DEFAULT_STYLE, STYLES
from kutip.store.output import Staging, check_output, check_output_folder

if TYPE_CHECKING:
    from kutip.reports.model import Report
    from kutip.reports.render.charts import Chart

__all__ = [
    "DEFAULT_LANGUAGE",
    "DEFAULT_STYLE",
    "FORMATS",
    "LANGUAGES",
    "MATRIX_MODES",
    "STYLES",
    "SUFFIXES",
    "AttributeFilter",
    "CoderRun",
    "ExportFormat",
    "ExportOptions",
    "ExportResult",
    "Run",
    "Selection",
    "export",
    "export_target",
    "resolve_cases",
    "resolve_coders",
    "resolve_codes",
]

log = logging.getLogger(__name__)


class ExportFormat(StrEnum):
    DOCX = "docx"
    MARKDOWN = "md"
    HTML = "html"
    CSV = "csv"
    XLSX = "xlsx"
    CODEBOOK_DOCX = "codebook-docx"
    CODEBOOK_MARKDOWN = "codebook-md"
    PDF = "pdf"


#: Format names as the CLI's ``--format`` takes them.
FORMATS: tuple[str, ...] = tuple(f.value for f in ExportFormat)
#: Report languages (``--lang``).
LANGUAGES: tuple[str, ...] = tuple(REPORT_LANGUAGES)
#: How the code × case matrix shows a cell.
MATRIX_MODES: tuple[str, ...] = ("counts", "presence")
#: The file name suffix each format writes by default (for save dialogs).
SUFFIXES: dict[ExportFormat, str] = {
    ExportFormat.DOCX: ".docx",
    ExportFormat.MARKDOWN: ".md",
    ExportFormat.HTML: ".html",
    ExportFormat.CSV: ".csv",
    ExportFormat.XLSX: ".xlsx",
    ExportFormat.CODEBOOK_DOCX: ".docx",
    ExportFormat.CODEBOOK_MARKDOWN: ".md",
    ExportFormat.PDF: ".pdf",
}


@dataclass(frozen=True)
class ExportOptions:
    """What to export (``selection``) and how to write it."""

    selection: Selection = field(default_factory=Selection)
    style: str = DEFAULT_STYLE
    language: str = DEFAULT_LANGUAGE
    #: "counts" or "presence" (✓) in the code × case matrix.
    matrix: str = "counts"
    #: Draw the charts (DOCX, HTML, Markdown).
    charts: bool = True
    #: Give selected codes without segments a section of their own ("no coded segments").
    empty_codes: bool = True
    #: The agreement of two coders (their ids) as a table of the report (DOCX, XLSX).
    agreement: tuple[int, int] | None = None


@dataclass(frozen=True)
class ExportResult:
    paths: tuple[Path, ...]
    warnings: tuple[str, ...]


def _check(options: ExportOptions, format: str) -> ExportFormat:
    try:
        chosen = ExportFormat(format)
    except ValueError:
        raise ValidationError(
            _("{format} is not an export format; choose one of: {formats}.").format(
                format=format, formats=", ".join(FORMATS)
            )
        ) from None
    if options.style not in STYLES:
        raise ValidationError(
            _("{style} is not a citation style; choose one of: {styles}.").format(
                style=options.style, styles=", ".join(STYLES)
            )
        )
    if options.language not in REPORT_LANGUAGES:
        raise ValidationError(
            _("{language} is not a report language; choose one of: {languages}.").format(
                language=options.language, languages=", ".join(REPORT_LANGUAGES)
            )
        )
    if options.matrix not in MATRIX_MODES:
        raise ValidationError(
            _("{mode} is not a matrix mode; choose one of: {modes}.").format(
                mode=options.matrix, modes=", ".join(MATRIX_MODES)
            )
        )
    return chosen


def build_export_report(
    project: Project, options: ExportOptions, progress: Progress | None = None
) -> Report:
    """The report model an export with ``options`` renders (for previews too)."""
    from kutip.reports.model import ReportOptions, build_report

    return build_report(
        project,
        options.selection,
        ReportOptions(
            style=options.style,
            language=options.language,
            matrix=options.matrix,
            empty_codes=options.empty_codes,
            agreement=options.agreement,
        ),
        progress,
    )


def export(
    project: Project,
    format: ExportFormat | str,
    path: Path | str,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Export the selected codings of ``project`` as ``format`` to ``path``.

    Raises ``KnownError`` (e.g. ``ValidationError`` for an unknown format or style, or for a
    target ``export_target`` refuses; or when the folder cannot be written) and ``Cancelled``.
    """
    options = options or ExportOptions()
    chosen = _check(options, str(format))
    progress = progress or NoProgress()
    target = export_target(chosen, path)
    report = build_export_report(project, options, progress)
    warnings = list(report.warnings)
    with Staging(target.parent) as staging:
        written = _render(
            project, report, chosen, target, staging.path, options, progress, warnings
        )
        paths = staging.publish([(p, target.parent / p.relative_to(staging.path)) for p in written])
    progress.report(1, 1, "")
    return ExportResult(tuple(paths), tuple(dict.fromkeys(warnings)))


def export_target(format: ExportFormat | str, path: Path | str) -> Path:
    """Where an export as ``format`` to ``path`` writes, or ``ValidationError`` saying why not.

    A file with the format's suffix; for ``pdf``, a file when ``path`` ends in ``.pdf``, else a
    folder. Nothing is written: the export dialog asks before it starts, and ``export`` again.
    """
    chosen = ExportFormat(format)
    if chosen is ExportFormat.PDF and Path(path).suffix.lower() != ".pdf":
        return check_output_folder(path)
    return check_output(path, SUFFIXES[chosen])


def _render(
    project: Project,
    report: Report,
    chosen: ExportFormat,
    target: Path,
    staging: Path,
    options: ExportOptions,
    progress: Progress,
    warnings: list[str],
) -> list[Path]:
    """Write the export into ``staging`` under its final names; returns what was written."""
    out = staging / target.name
    progress.report(0, 1, _("Writing {name}").format(name=target.name))
    if chosen is ExportFormat.DOCX:
        from kutip.reports.render.docx import render_docx

        render_docx(report, out, _charts(report, options, progress), progress)
    elif chosen is ExportFormat.MARKDOWN:
        from kutip.reports.render.markdown import render_markdown

        return render_markdown(report, out, _charts(report, options, progress), progress)
    elif chosen is ExportFormat.HTML:
        from kutip.reports.render.html import render_html

        render_html(report, out, _charts(report, options, progress), progress)
    elif chosen is ExportFormat.CSV:
        from kutip.reports.render.csv import render_csv

        render_csv(report, out, progress)
    elif chosen is ExportFormat.XLSX:
        from kutip.reports.render.xlsx import render_xlsx

        render_xlsx(report, out, progress)
    elif chosen is ExportFormat.CODEBOOK_DOCX:
        from kutip.reports.render.codebook import render_codebook_docx

        render_codebook_docx(report, out, progress)
    elif chosen is ExportFormat.CODEBOOK_MARKDOWN:
        from kutip.reports.render.codebook import render_codebook_markdown

        render_codebook_markdown(report, out, progress)
    else:
        return _annotated_pdfs(project, report, target, staging, options, progress, warnings)
    return [out]


def _charts(report: Report, options: ExportOptions, progress: Progress) -> list[Chart]:
    from kutip.reports.render.charts import report_charts

    if not options.charts:
        return []
    progress.report(0, 1, _("Drawing the charts"))
    tables = report.tables
    return report_charts(
        tables.frequencies, tables.per_case, tables.cooccurrence_overlap, report.labels
    )


_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')


def safe_file_name(title: str, taken: set[str]) -> str:
    """A file name for a source's title, unique among ``taken`` (case-insensitively)."""
    stem = _UNSAFE.sub("_", title).strip(" .") or "source"
    stem = stem[:120]
    name, n = f"{stem}.pdf", 2
    while name.casefold() in taken:
        name, n = f"{stem} ({n}).pdf", n + 1
    taken.add(name.casefold())
    return name


def annotated_sources(project: Project, report: Report) -> list[Source]:
    """The PDFs the ``pdf`` export writes: those the selection names, else the coded ones."""
    chosen = report.selection.sources
    coded = {quote.source_id for quote in report.quotes}
    return [
        s
        for s in project.sources.all()
        if s.kind is SourceKind.PDF and (s.id in coded if chosen is None else s.id in chosen)
    ]


def _annotated_pdfs(
    project: Project,
    report: Report,
    target: Path,
    staging: Path,
    options: ExportOptions,
    progress: Progress,
    warnings: list[str],
) -> list[Path]:
    from kutip.reports.model import Quote
    from kutip.reports.render.annotate_pdf import CodeLook, annotate_pdf

    looks = {s.code.id: CodeLook(s.code.color, s.path) for s in report.sections}
    by_source: dict[int, list[Quote]] = {}
    for quote in report.quotes:
        by_source.setdefault(quote.source_id, []).append(quote)
    sources = annotated_sources(project, report)
    if not sources:
        raise KnownError(_("There is no coded PDF to export in this selection."))
    single = target.suffix.lower() == ".pdf"
    if single and len(sources) > 1:
        raise ValidationError(
            _(
                "{name} is one file, but {count} PDFs are selected: give a folder name "
                "(not ending in .pdf) to receive one PDF per source."
            ).format(name=target.name, count=len(sources))
        )
    folder = staging if single else staging / target.name
    folder.mkdir(exist_ok=True)
    taken: set[str] = set()
    written: list[Path] = []
    for source in sources:
        out = staging / target.name if single else folder / safe_file_name(source.title, taken)
        warnings.extend(
            annotate_pdf(project, source.id, by_source.get(source.id, []), looks, out, progress)
        )
        if out.exists():
            written.append(out)
    return written
