"""The report as a Word document: per code its definition, counts and quotes; the tables,
the charts, the literature-versus-cases grid and the reference list.

Quotes are APA-style block quotations (style "Block Text": indented, no quotation marks,
the citation after the quote); who coded it and the coder's memo follow in a small note.
In the grid's cells quotes are run in, so they do take quotation marks. References use the
style "Bibliography" (hanging indent), the name Word's own reference list uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kutip.progress import Cancelled, NoProgress, Progress
from kutip.reports.agreement import measure_text, percent_text, table_note, table_rows
from kutip.reports.model import CodeSection, Quote, Report
from kutip.reports.render.charts import Chart
from kutip.reports.render.docx_writer import DocxWriter
from kutip.reports.richtext import RichText, Span, merge
from kutip.reports.styles import STYLE_TITLES
from kutip.reports.tables import CountTable

CHART_WIDTH_CM = 15.5


def quote_note(quote: Quote, report: Report) -> list[Span]:
    """ "Coder: Dewi · Memo: …" under a quote."""
    labels = report.labels
    parts: list[Span] = []
    if quote.coder:
        parts += [Span(f"{labels['coder']}: ", bold=True), Span(quote.coder)]
    if quote.memo.strip():
        if parts:
            parts.append(Span(" · "))
        parts += [Span(f"{labels['memo']}: ", bold=True), Span(quote.memo.strip())]
    return parts


def ocr_spans(quote: Quote, report: Report) -> list[Span]:
    """ " [text read by OCR — check against the page]" after the citation of a quote from a
    page read by OCR; nothing for any other."""
    note = report.ocr_note(quote)
    return [Span(f" [{note}]", italic=True)] if note else []


def inline_quote(quote: Quote, report: Report) -> RichText:
    """“Quote” (citation): a quote run into text, as in the grid's cells."""
    return merge([Span(f"“{quote.text}” "), *quote.citation, *ocr_spans(quote, report)])


def _section(writer: DocxWriter, section: CodeSection, report: Report) -> None:
    labels = report.labels
    writer.heading(section.code.name, 2 + section.depth)
    definition = section.code.text_in("definition", labels.language)
    if definition:
        writer.paragraph(None, [Span(f"{labels['definition']}: ", bold=True), Span(definition)])
    writer.paragraph(None, [Span(report.counts_line(section), italic=True)])
    if not section.quotes:
        writer.paragraph(None, [Span(labels["no_quotes"], italic=True)])
    for quote in section.quotes:
        writer.paragraph(
            "Block Text", [Span(quote.text + " "), *quote.citation, *ocr_spans(quote, report)]
        )
        note = quote_note(quote, report)
        if note:
            writer.paragraph("Quote Note", note)


def write_count_table(writer: DocxWriter, table: CountTable, report: Report) -> None:
    labels = report.labels
    writer.heading(labels[table.title], 2)
    rows = table.grid(labels["code"], labels["total"], labels["yes"])
    columns = len(rows[0])
    writer.table(
        rows,
        first_column_share=0.3 if columns > 2 else 0.5,
        total_row=table.total_row,
        numbers=True,
    )
    if table.note:
        writer.paragraph("Caption", [labels[table.note]])


def _agreement(writer: DocxWriter, report: Report) -> None:
    """Two coders' agreement per code: shares as percentages, kappa and alpha to 3 places."""
    assert report.agreement is not None
    labels = report.labels
    writer.heading(labels["agreement_title"], 2)
    header, *body = table_rows(report.agreement, labels)
    shown: list[list[str]] = [[str(cell) for cell in header]]
    for code, share, kappa, alpha, a_chars, b_chars, both, segments in body:
        shown.append(
            [
                str(code), percent_text(_number(share)), measure_text(_number(kappa)),
                measure_text(_number(alpha)), str(a_chars), str(b_chars), str(both),
                percent_text(_number(segments)),
            ]
        )  # fmt: skip
    writer.table(shown, first_column_share=0.28, total_row=True, numbers=True)
    writer.paragraph("Caption", [table_note(report.agreement, labels)])


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _grid(writer: DocxWriter, report: Report) -> None:
    labels = report.labels
    writer.heading(labels["grid"], 1)
    writer.paragraph(None, [labels["grid_note"]])
    rows: list[Sequence[str | RichText | Sequence[RichText]]] = [
        [labels["code"], labels["literature"], labels["informants"]]
    ]
    for row in report.tables.grid:
        rows.append(
            [
                row.code.name,
                [inline_quote(q, report) for q in row.literature],
                [inline_quote(q, report) for q in row.informants],
            ]
        )
    writer.table(rows, first_column_share=0.18)


def render_docx(
    report: Report,
    path: Path,
    charts: Sequence[Chart] = (),
    progress: Progress | None = None,
) -> None:
    """Write ``report`` to ``path`` as .docx."""
    progress = progress or NoProgress()
    labels = report.labels
    writer = DocxWriter()
    writer.document.core_properties.title = f"{report.project_name}: {labels['report_title']}"
    writer.document.core_properties.author = "Kutip"
    writer.paragraph("Title", [report.project_name])
    writer.paragraph("Subtitle", [labels["report_title"]])
    writer.paragraph(None, [f"{labels['style']}: {STYLE_TITLES[report.style]}"])
    if report.ocr_summary():
        writer.paragraph(None, [Span(report.ocr_summary(), italic=True)])

    writer.heading(labels["codes"], 1)
    total = len(report.sections)
    for done, section in enumerate(report.sections):
        if progress.cancelled:
            raise Cancelled
        progress.report(done, total, section.code.name)
        _section(writer, section, report)

    writer.heading(labels["tables"], 1)
    for table in report.tables.count_tables():
        write_count_table(writer, table, report)
    if report.agreement is not None:
        _agreement(writer, report)
    if charts:
        writer.heading(labels["charts"], 1)
        for chart in charts:
            writer.picture(chart.png, CHART_WIDTH_CM, labels[chart.caption])
    _grid(writer, report)
    if report.references:
        writer.heading(labels["references"], 1)
        for reference in report.references:
            writer.paragraph("Bibliography", reference.text)
    if progress.cancelled:
        raise Cancelled
    writer.save(path)
