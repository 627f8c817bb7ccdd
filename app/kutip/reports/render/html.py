"""The report as one self-contained HTML file: styles inline, charts as data URIs.

One file can be mailed, opened offline in any browser and printed: the print style sheet
keeps a quote with its citation on one page, repeats table headers and drops the screen
margins. Nothing is fetched from anywhere.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape
from pathlib import Path

from kutip.progress import Cancelled, NoProgress, Progress
from kutip.reports.model import CodeSection, Quote, Report
from kutip.reports.render.charts import Chart
from kutip.reports.richtext import to_html
from kutip.reports.styles import STYLE_TITLES
from kutip.reports.tables import CountTable

CSS = """
:root { color-scheme: light; }
body { font-family: "Charis SIL", "Georgia", "DejaVu Serif", serif; line-height: 1.45;
  max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #111; background: #fff; }
h1, h2, h3, h4, h5, h6 { font-family: "DejaVu Sans", "Helvetica", "Arial", sans-serif;
  line-height: 1.2; page-break-after: avoid; break-after: avoid; }
h1.title { margin-bottom: 0; }
p.subtitle { font-size: 1.2rem; margin-top: 0.2rem; color: #444; }
p.counts, p.empty { font-style: italic; color: #333; }
blockquote.quote { margin: 0.8rem 0 0.8rem 2rem; padding-left: 0.8rem;
  border-left: 3px solid var(--code, #888); page-break-inside: avoid; break-inside: avoid; }
blockquote.quote p { margin: 0.2rem 0; }
p.note { font-size: 0.85rem; color: #555; }
.ocr-note, p.ocr-summary { font-style: italic; color: #8a4b00; }
table { border-collapse: collapse; margin: 0.6rem 0 0.4rem; font-size: 0.85rem; }
th, td { border: 1px solid #999; padding: 0.2rem 0.4rem; vertical-align: top; }
th { background: #eee; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td, tr.total th { font-weight: bold; }
table.grid { width: 100%; }
table.grid ul { margin: 0; padding-left: 1.1rem; }
table.grid li { margin-bottom: 0.3rem; }
figure { margin: 1rem 0; page-break-inside: avoid; break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
figcaption, p.table-note { font-size: 0.85rem; color: #444; }
p.reference { padding-left: 2rem; text-indent: -2rem; margin: 0.3rem 0; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.3em;
  border: 1px solid #555; vertical-align: baseline; }
@media print {
  body { max-width: none; margin: 0; font-size: 10.5pt; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
@page { size: A4; margin: 2cm; }
"""


def ocr_note_html(quote: Quote, report: Report) -> str:
    """ " [text read by OCR — check against the page]" after the citation of a quote from a
    page read by OCR; "" for any other."""
    note = report.ocr_note(quote)
    return f' <span class="ocr-note">[{escape(note)}]</span>' if note else ""


def _quote(quote: Quote, report: Report, color: str) -> str:
    labels = report.labels
    note: list[str] = []
    if quote.coder:
        note.append(f"<b>{escape(labels['coder'])}:</b> {escape(quote.coder)}")
    if quote.memo.strip():
        note.append(f"<b>{escape(labels['memo'])}:</b> {escape(quote.memo.strip())}")
    note_html = f'<p class="note">{" · ".join(note)}</p>' if note else ""
    return (
        f'<blockquote class="quote" style="--code: {escape(color)}" '
        f'data-segment="{quote.segment_id}"><p>{escape(quote.text)} '
        f'<span class="citation">{to_html(quote.citation)}</span>{ocr_note_html(quote, report)}'
        f"</p>{note_html}</blockquote>"
    )


def _section(section: CodeSection, report: Report) -> list[str]:
    labels = report.labels
    level = min(2 + section.depth, 6)
    color = escape(section.code.color)
    out = [
        f'<section class="code" id="code-{section.code.id}">',
        f'<h{level}><span class="swatch" style="background: {color}"></span>'
        f"{escape(section.code.name)}</h{level}>",
    ]
    definition = section.code.text_in("definition", labels.language)
    if definition:
        out.append(f"<p><b>{escape(labels['definition'])}:</b> {escape(definition)}</p>")
    out.append(f'<p class="counts">{escape(report.counts_line(section))}</p>')
    if not section.quotes:
        out.append(f'<p class="empty">{escape(labels["no_quotes"])}</p>')
    out += [_quote(quote, report, section.code.color) for quote in section.quotes]
    out.append("</section>")
    return out


def count_table_html(table: CountTable, report: Report) -> list[str]:
    labels = report.labels
    grid = table.grid(labels["code"], labels["total"], labels["yes"])
    header, *body = grid
    out = [
        f'<h2 id="table-{table.title}">{escape(labels[table.title])}</h2>',
        f'<table class="counts" data-table="{table.title}">',
        "<thead><tr>" + "".join(f"<th>{escape(cell)}</th>" for cell in header) + "</tr></thead>",
        "<tbody>",
    ]
    for k, row in enumerate(body):
        total = ' class="total"' if table.total_row and k == len(body) - 1 else ""
        cells = "".join(f'<td class="n">{escape(cell)}</td>' for cell in row[1:])
        out.append(f"<tr{total}><th>{escape(row[0])}</th>{cells}</tr>")
    out.append("</tbody></table>")
    if table.note:
        out.append(f'<p class="table-note">{escape(labels[table.note])}</p>')
    return out


def _grid(report: Report) -> list[str]:
    labels = report.labels

    def cell(quotes: Sequence[Quote]) -> str:
        if not quotes:
            return "<td></td>"
        items = "".join(
            f'<li>“{escape(q.text)}” <span class="citation">{to_html(q.citation)}</span>'
            f"{ocr_note_html(q, report)}</li>"
            for q in quotes
        )
        return f"<td><ul>{items}</ul></td>"

    out = [
        f'<h1 id="grid">{escape(labels["grid"])}</h1>',
        f"<p>{escape(labels['grid_note'])}</p>",
        '<table class="grid"><thead><tr>'
        f"<th>{escape(labels['code'])}</th><th>{escape(labels['literature'])}</th>"
        f"<th>{escape(labels['informants'])}</th></tr></thead><tbody>",
    ]
    for row in report.tables.grid:
        out.append(
            f"<tr><th>{escape(row.code.name)}</th>{cell(row.literature)}{cell(row.informants)}</tr>"
        )
    out.append("</tbody></table>")
    return out


def html_document(title: str, language: str, body: Sequence[str]) -> str:
    """A whole HTML file around ``body``: the report's style sheet, nothing fetched."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{escape(language)}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="Kutip">',
            f"<title>{escape(title)}</title>",
            f"<style>{CSS}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def report_html(
    report: Report, charts: Sequence[Chart] = (), progress: Progress | None = None
) -> str:
    """``report`` as one self-contained HTML file (what ``render_html`` writes, and what the
    export dialog's preview shows)."""
    progress = progress or NoProgress()
    labels = report.labels
    out = [
        f'<h1 class="title">{escape(report.project_name)}</h1>',
        f'<p class="subtitle">{escape(labels["report_title"])}</p>',
        f"<p>{escape(labels['style'])}: {escape(STYLE_TITLES[report.style])}</p>",
    ]
    if report.ocr_summary():
        out.append(f'<p class="ocr-summary">{escape(report.ocr_summary())}</p>')
    out.append(f'<h1 id="codes">{escape(labels["codes"])}</h1>')
    for done, section in enumerate(report.sections):
        if progress.cancelled:
            raise Cancelled
        progress.report(done, len(report.sections), section.code.name)
        out += _section(section, report)
    out.append(f'<h1 id="tables">{escape(labels["tables"])}</h1>')
    for table in report.tables.count_tables():
        out += count_table_html(table, report)
    if charts:
        out.append(f'<h1 id="charts">{escape(labels["charts"])}</h1>')
        for chart in charts:
            data = base64.b64encode(chart.png).decode("ascii")
            caption = escape(labels[chart.caption])
            out.append(
                f'<figure id="chart-{chart.name}"><img alt="{caption}" '
                f'src="data:image/png;base64,{data}"><figcaption>{caption}</figcaption></figure>'
            )
    out += _grid(report)
    if report.references:
        out.append(f'<h1 id="references">{escape(labels["references"])}</h1>')
        out += [
            f'<p class="reference" data-citekey="{escape(r.citekey)}">{to_html(r.text)}</p>'
            for r in report.references
        ]
    out += [f'<footer><p class="note">{escape(labels["generated_by"])}</p></footer>']
    title = f"{report.project_name}: {labels['report_title']}"
    return html_document(title, labels.csl_locale, out)


def render_html(
    report: Report,
    path: Path,
    charts: Sequence[Chart] = (),
    progress: Progress | None = None,
) -> None:
    """Write ``report`` to ``path`` as one self-contained HTML file."""
    path.write_text(report_html(report, charts, progress), encoding="utf-8")
