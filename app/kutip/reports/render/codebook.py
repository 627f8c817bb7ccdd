"""The codebook as an appendix (DOCX or Markdown; HTML for the export dialog's preview): per
code, in codebook order, its definition, when to use it and when not, an example (each in the
report's language, or the other where the code has only that), and how often it was used.

A thesis or a paper's supplementary material documents the coding frame this way; the
counts come from the same report model as the summary, so they agree with it.
"""

from __future__ import annotations

import re
from html import escape as html_escape
from pathlib import Path

from kutip.progress import Cancelled, NoProgress, Progress
from kutip.reports.model import CodeSection, Report
from kutip.reports.render.docx_writer import DocxWriter
from kutip.reports.render.html import html_document
from kutip.reports.render.markdown import escape
from kutip.reports.richtext import Span

_FIELDS = ("definition", "when_to_use", "when_not_to_use", "example")


def _field_values(section: CodeSection, report: Report) -> list[tuple[str, str]]:
    """The code's texts in the report's language (or the other, where it has only that)."""
    language = report.labels.language
    values = {key: section.code.text_in(key, language).strip() for key in _FIELDS}
    return [(key, values[key]) for key in _FIELDS if values[key]]


def _paragraphs(text: str) -> list[str]:
    """Paragraphs (split at blank lines), each on one line."""
    found = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return [p for p in found if p] or [""]


def render_codebook_docx(report: Report, path: Path, progress: Progress | None = None) -> None:
    progress = progress or NoProgress()
    labels = report.labels
    writer = DocxWriter()
    writer.document.core_properties.title = f"{report.project_name}: {labels['codebook_title']}"
    writer.document.core_properties.author = "Kutip"
    writer.heading(labels["codebook_appendix"], 1)
    writer.paragraph(None, [report.project_name])
    for done, section in enumerate(report.sections):
        if progress.cancelled:
            raise Cancelled
        progress.report(done, len(report.sections), section.code.name)
        writer.heading(section.code.name, 2 + section.depth)
        if section.depth:
            writer.paragraph(None, [Span(f"{labels['code_path']}: ", bold=True), section.path])
        for key, value in _field_values(section, report):
            writer.paragraph(None, [Span(f"{labels[key]}: ", bold=True), value])
        writer.paragraph(
            None, [Span(f"{labels['colour']}: ", bold=True), section.code.color.upper()]
        )
        writer.paragraph(None, [Span(report.counts_line(section), italic=True)])
    writer.save(path)


def render_codebook_markdown(report: Report, path: Path, progress: Progress | None = None) -> None:
    progress = progress or NoProgress()
    labels = report.labels
    out = [f"# {escape(labels['codebook_appendix'])}", "", escape(report.project_name), ""]
    for done, section in enumerate(report.sections):
        if progress.cancelled:
            raise Cancelled
        progress.report(done, len(report.sections), section.code.name)
        out += [f"{'#' * min(2 + section.depth, 6)} {escape(section.code.name)}", ""]
        if section.depth:
            out += [f"**{escape(labels['code_path'])}:** {escape(section.path)}", ""]
        for key, value in _field_values(section, report):
            first, *more = _paragraphs(value)
            out += [f"**{escape(labels[key])}:** {escape(first)}", ""]
            for paragraph in more:
                out += [escape(paragraph), ""]
        out += [f"**{escape(labels['colour'])}:** {section.code.color.upper()}", ""]
        out += [f"*{escape(report.counts_line(section))}*", ""]
    path.write_text("\n".join(out), encoding="utf-8")


def codebook_html(report: Report) -> str:
    """The codebook appendix as one HTML file, laid out as the DOCX and Markdown ones are."""
    labels = report.labels
    out = [
        f'<h1 class="title">{html_escape(labels["codebook_appendix"])}</h1>',
        f'<p class="subtitle">{html_escape(report.project_name)}</p>',
    ]
    for section in report.sections:
        level = min(2 + section.depth, 6)
        color = html_escape(section.code.color)
        out.append(
            f'<h{level}><span class="swatch" style="background: {color}"></span>'
            f"{html_escape(section.code.name)}</h{level}>"
        )
        if section.depth:
            out.append(
                f"<p><b>{html_escape(labels['code_path'])}:</b> {html_escape(section.path)}</p>"
            )
        for key, value in _field_values(section, report):
            first, *more = _paragraphs(value)
            out.append(f"<p><b>{html_escape(labels[key])}:</b> {html_escape(first)}</p>")
            out += [f"<p>{html_escape(paragraph)}</p>" for paragraph in more]
        out.append(f"<p><b>{html_escape(labels['colour'])}:</b> {color.upper()}</p>")
        out.append(f'<p class="counts">{html_escape(report.counts_line(section))}</p>')
    title = f"{report.project_name}: {labels['codebook_title']}"
    return html_document(title, labels.csl_locale, out)
