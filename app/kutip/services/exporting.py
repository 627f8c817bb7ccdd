"""Exporting: every export format in one registry, and one way to export, for CLI and window.

``FORMATS`` holds every format, in the order a user is offered them: the reports of
``kutip.reports`` (a coded summary as DOCX, Markdown or HTML; CSV and XLSX tables; the
codebook; the PDFs with their codings as highlights) and the REFI-QDA exchange formats of
``kutip.interop`` (the whole project as QDPX, the codebook as QDC). Each ``Format`` has its
name (the CLI's ``--format``), its file suffix, a translated title and file type, whether it
writes a folder, which options it takes (``Option``: the selection of codes and cases, the
citation style, the report language, the matrix, the charts) and its writer and preview::

    from kutip.services import exporting

    exporting.export(project, "docx", Path("ringkasan.docx"), ExportOptions(...), progress)
    exporting.preview(project, "docx", ExportOptions(...), progress).html

``export`` refuses an unsafe target before anything is read (``export_target``: a project, a
folder, a device, a name without the format's suffix; the rules are ``kutip.store.output``'s)
and writes whole or not at all. ``preview`` renders the beginning of what ``export`` writes
through the same renderers (a report through ``render.html.report_html``, as the HTML export).
A new format is a renderer and an entry here. Nothing here imports Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from html import escape
from pathlib import Path

from kutip.errors import ValidationError
from kutip.i18n import N_, _, current_language, ngettext
from kutip.progress import NoProgress, Progress
from kutip.project import Project
from kutip.reports import (
    SUFFIXES,
    ExportFormat,
    ExportOptions,
    ExportResult,
    build_export_report,
)
from kutip.reports import export as export_report
from kutip.reports import export_target as report_target
from kutip.store.output import check_output

__all__ = [
    "FORMATS",
    "NAMES",
    "PREVIEW_QUOTES",
    "ExportOptions",
    "ExportResult",
    "Format",
    "Option",
    "Preview",
    "export",
    "export_target",
    "format_of",
    "preview",
    "with_suffix",
]

#: Quotes a report's preview shows before "and N more".
PREVIEW_QUOTES = 12


class Option(StrEnum):
    """What of ``ExportOptions`` a format uses (a dialog greys out the rest)."""

    SELECTION = "selection"  # the codes, cases and coders: the rest of the project is left out
    STYLE = "style"
    LANGUAGE = "language"
    MATRIX = "matrix"
    CHARTS = "charts"


Writer = Callable[[Project, str, Path, ExportOptions, Progress], ExportResult]


@dataclass(frozen=True)
class Preview:
    """What an export will hold, as HTML, and notes on what the HTML leaves out (translated)."""

    html: str
    notes: tuple[str, ...] = ()


Previewer = Callable[[Project, str, ExportOptions, Progress], Preview]


@dataclass(frozen=True)
class Format:
    name: str  # as ``--format`` takes it
    suffix: str  # ".docx"; for a format that writes a folder, the suffix of its one-file form
    label: str  # untranslated (``N_``): ``title`` translates it
    file_type: str  # untranslated: "Word document", for a save dialog's filter
    options: frozenset[Option]
    write: Writer = field(repr=False)
    show: Previewer = field(repr=False)
    #: Writes a folder of files, unless given a name ending in ``suffix`` (the PDFs).
    folder: bool = False

    @property
    def title(self) -> str:
        return _(self.label)

    @property
    def takes_report_options(self) -> bool:
        return bool(self.options)

    @property
    def default_suffix(self) -> str:
        """The suffix of the name a save dialog proposes ("" for a folder)."""
        return "" if self.folder else self.suffix

    def file_filter(self) -> str:
        """A save dialog's filter: "Word document (*.docx)"."""
        return f"{_(self.file_type)} (*{self.suffix})"


# -- the writers --------------------------------------------------------------------------------


def _write_report(
    project: Project, name: str, path: Path, options: ExportOptions, progress: Progress
) -> ExportResult:
    return export_report(project, name, path, options, progress)


def _write_qdpx(
    project: Project, _name: str, path: Path, _options: ExportOptions, progress: Progress
) -> ExportResult:
    from kutip.interop import export_qdpx

    export_qdpx(project, path, progress)
    return ExportResult((path,), ())


def _write_qdc(
    project: Project, _name: str, path: Path, _options: ExportOptions, _progress: Progress
) -> ExportResult:
    from kutip.interop import export_qdc

    export_qdc(project, path)
    return ExportResult((path,), ())


# -- the previews -------------------------------------------------------------------------------


def _show_report(
    project: Project, name: str, options: ExportOptions, progress: Progress
) -> Preview:
    """The coded summary as the HTML export renders it, up to its first ``PREVIEW_QUOTES``."""
    from kutip.reports.render.html import report_html

    report = build_export_report(project, options, progress)
    notes: list[str] = []
    rest = report.quote_count - PREVIEW_QUOTES
    if rest > 0:
        notes.append(
            ngettext(
                "… and {n} more quote in the exported file.",
                "… and {n} more quotes in the exported file.",
                rest,
            ).format(n=rest)
        )
    if options.charts and Option.CHARTS in FORMATS[name].options:
        notes.append(_("The charts are drawn in the exported file only."))
    return Preview(report_html(report.beginning(PREVIEW_QUOTES), (), progress), tuple(notes))


def _show_codebook(
    project: Project, _name: str, options: ExportOptions, progress: Progress
) -> Preview:
    from kutip.reports.render.codebook import codebook_html

    return Preview(codebook_html(build_export_report(project, options, progress)))


def _page(title: str, body: Iterable[str]) -> str:
    from kutip.reports.render.html import html_document

    return html_document(title, current_language(), [f"<h1>{escape(title)}</h1>", *body])


def _show_pdfs(project: Project, _name: str, options: ExportOptions, progress: Progress) -> Preview:
    """The PDFs the export writes, each with how many codings it will carry."""
    from kutip.reports import annotated_sources

    report = build_export_report(project, options, progress)
    counts: dict[int, int] = {}
    for quote in report.quotes:
        counts[quote.source_id] = counts.get(quote.source_id, 0) + 1
    items = []
    for source in annotated_sources(project, report):
        n = counts.get(source.id, 0)
        codings = ngettext("{n} coding", "{n} codings", n).format(n=n)
        items.append(f"<li>{escape(source.title)}.pdf — {escape(codings)}</li>")
    body = (
        [f"<ul>{''.join(items)}</ul>"]
        if items
        else [f"<p>{escape(_('There is no coded PDF in this selection.'))}</p>"]
    )
    return Preview(_page(_("PDFs with their codings as highlights"), body))


def _code_tree(project: Project) -> list[str]:
    depths: dict[int, int] = {}
    rows = []
    for code in project.codes.all():  # parents come before their children
        depth = 0 if code.parent_id is None else depths.get(code.parent_id, -1) + 1
        depths[code.id] = depth
        rows.append(
            f"<div style='margin-left:{16 * depth}px'>"
            f"<span style='color:{escape(code.color)}'>■</span> {escape(code.name)}</div>"
        )
    return rows


def _show_qdc(project: Project, _name: str, _options: ExportOptions, _p: Progress) -> Preview:
    n = len(project.codes.all())
    held = ngettext(
        "The codebook's {n} code, with colours and descriptions.",
        "The codebook's {n} codes, with colours and descriptions.",
        n,
    ).format(n=n)
    return Preview(_page(_("REFI-QDA codebook"), [f"<p>{escape(held)}</p>", *_code_tree(project)]))


def _show_qdpx(project: Project, _name: str, _options: ExportOptions, _p: Progress) -> Preview:
    counts = (
        ngettext("{n} source", "{n} sources", n := len(project.sources.all())).format(n=n),
        ngettext("{n} code", "{n} codes", n := len(project.codes.all())).format(n=n),
        ngettext("{n} coding", "{n} codings", n := len(project.codings.all())).format(n=n),
        ngettext("{n} case", "{n} cases", n := len(project.cases.all())).format(n=n),
        ngettext("{n} memo", "{n} memos", n := len(project.memos.all())).format(n=n),
    )
    body = [
        f"<p>{escape(_('The whole project, for NVivo, ATLAS.ti, MAXQDA or QualCoder:'))}</p>",
        "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in counts) + "</ul>",
        *_code_tree(project),
    ]
    return Preview(_page(_("REFI-QDA project"), body))


# -- the registry -------------------------------------------------------------------------------

_SUMMARY = frozenset(Option)
_TABLES = frozenset({Option.SELECTION, Option.LANGUAGE, Option.MATRIX})
_CODEBOOK = frozenset({Option.SELECTION, Option.LANGUAGE})
_CODINGS = frozenset({Option.SELECTION})

#: The report formats of ``kutip.reports`` (names and suffixes are its own), as users see them.
_REPORTS: dict[ExportFormat, tuple[str, str, frozenset[Option], Previewer]] = {
    ExportFormat.DOCX: (
        N_("Coded summary, Word document (.docx)"), N_("Word document"), _SUMMARY, _show_report
    ),
    ExportFormat.MARKDOWN: (
        N_("Coded summary, Markdown with Pandoc citations (.md)"), N_("Markdown"), _SUMMARY,
        _show_report,
    ),
    ExportFormat.HTML: (
        N_("Coded summary, web page (.html)"), N_("Web page"), _SUMMARY, _show_report
    ),
    ExportFormat.CSV: (
        N_("Codings as a table, CSV (.csv)"), N_("CSV table"), _CODINGS, _show_report
    ),
    ExportFormat.XLSX: (
        N_("Codings and tables, Excel workbook (.xlsx)"), N_("Excel workbook"), _TABLES,
        _show_report,
    ),
    ExportFormat.CODEBOOK_DOCX: (
        N_("Codebook, Word document (.docx)"), N_("Word document"), _CODEBOOK, _show_codebook
    ),
    ExportFormat.CODEBOOK_MARKDOWN: (
        N_("Codebook, Markdown (.md)"), N_("Markdown"), _CODEBOOK, _show_codebook
    ),
    ExportFormat.PDF: (
        N_("PDFs with their codings as highlights (a folder)"), N_("PDF"), _CODINGS, _show_pdfs
    ),
}  # fmt: skip

#: Every export format, in the order a user is offered them.
FORMATS: dict[str, Format] = {
    **{
        kind.value: Format(
            kind.value,
            SUFFIXES[kind],
            label,
            file_type,
            options,
            _write_report,
            show,
            folder=kind is ExportFormat.PDF,
        )
        for kind, (label, file_type, options, show) in _REPORTS.items()
    },
    "qdpx": Format(
        "qdpx",
        ".qdpx",
        N_("Whole project for other QDA software, REFI-QDA (.qdpx)"),
        N_("REFI-QDA project"),
        frozenset(),
        _write_qdpx,
        _show_qdpx,
    ),
    "qdc": Format(
        "qdc",
        ".qdc",
        N_("Codebook for other QDA software, REFI-QDA (.qdc)"),
        N_("REFI-QDA codebook"),
        frozenset(),
        _write_qdc,
        _show_qdc,
    ),
}
#: The format names, as the CLI's ``--format`` takes them.
NAMES: tuple[str, ...] = tuple(FORMATS)
_REPORT_NAMES = frozenset(kind.value for kind in ExportFormat)


def format_of(name: str | Format) -> Format:
    """The format called ``name``; ``ValidationError`` naming the formats for another name."""
    if isinstance(name, Format):
        return name
    found = FORMATS.get(str(name))
    if found is None:
        raise ValidationError(
            _("{format} is not an export format; choose one of: {formats}.").format(
                format=name, formats=", ".join(NAMES)
            )
        )
    return found


def export_target(format: str | Format, path: Path | str) -> Path:
    """Where exporting as ``format`` to ``path`` writes, or ``ValidationError`` saying why not.

    Nothing is read or written: the window asks before it starts an export, ``export`` again.
    """
    chosen = format_of(format)
    if chosen.name in _REPORT_NAMES:  # the reports' own rules (the PDFs: a file or a folder)
        return report_target(chosen.name, path)
    return check_output(path, chosen.suffix)


def with_suffix(path: Path, format: str | Format) -> Path:
    """``path`` with the suffix ``format`` writes instead of any export suffix it has.

    A format that writes a folder gets none: "laporan.docx" becomes "laporan".
    """
    name = path.name
    known = {f.suffix for f in FORMATS.values()}
    for suffix in sorted(known, key=len, reverse=True):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return path.with_name((name or "export") + format_of(format).default_suffix)


def export(
    project: Project,
    format: str | Format,
    path: Path | str,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Export ``project`` (what ``options.selection`` selects, for the formats that take it)
    as ``format`` to ``path``.

    Raises ``KnownError`` (``ValidationError`` for an unknown format or option, or a target
    ``export_target`` refuses) and ``Cancelled``; either way nothing is left behind.
    """
    chosen = format_of(format)
    target = Path(path)
    export_target(chosen, target)
    return chosen.write(
        project, chosen.name, target, options or ExportOptions(), progress or NoProgress()
    )


def preview(
    project: Project,
    format: str | Format,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
) -> Preview:
    """What exporting as ``format`` with ``options`` will hold (reads the project: a worker's
    job in the window), rendered as the HTML export renders it where the format is a report."""
    chosen = format_of(format)
    return chosen.show(project, chosen.name, options or ExportOptions(), progress or NoProgress())
