"""The report's data as an Excel workbook: segments, frequencies, the matrix, co-occurrence.

One sheet per table, numbers as numbers (a presence matrix as 1/0, so that it can be summed),
the segment sheet with the CSV export's columns (``render.csv.COLUMNS``). openpyxl's
write-only mode streams rows, so 10,000 segments cost little memory. Text that starts with
"=" is stored as text, never as a formula, and characters a workbook cannot hold are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from kutip.progress import Cancelled, NoProgress, Progress
from kutip.reports.agreement import table_note, table_rows
from kutip.reports.model import Report
from kutip.reports.render.csv import COLUMNS, segment_rows
from kutip.reports.tables import CountTable

_SHEETS = {
    "frequencies": "sheet_frequencies",
    "per_source": "sheet_per_source",
    "per_case": "sheet_per_case",
    "matrix": "sheet_matrix",
    "cooccurrence_overlap": "sheet_cooccurrence_overlap",
    "cooccurrence_unit": "sheet_cooccurrence_unit",
}
_WIDTHS = {"code": 24, "code_path": 30, "source": 30, "text": 80, "memo": 40, "created": 22}


class _Cells:
    """Makes write-only cells: bold headers, text kept as text."""

    def __init__(self, sheet: Any) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font

        self.sheet = sheet
        self._cell = WriteOnlyCell
        self._illegal = ILLEGAL_CHARACTERS_RE
        self._bold = Font(bold=True)

    def row(self, values: Iterable[object], *, bold: bool = False) -> list[Any]:
        cells = []
        for value in values:
            if isinstance(value, str):
                value = self._illegal.sub("", value)
            cell = self._cell(self.sheet, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
            if bold:
                cell.font = self._bold
            cells.append(cell)
        return cells


def _count_sheet(workbook: Any, title: str, table: CountTable, report: Report) -> None:
    labels = report.labels
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 32
    cells = _Cells(sheet)
    total = [labels["total"]] if table.total_column else []
    sheet.append(cells.row([labels["code"], *table.column_labels, *total], bold=True))
    numbers = table.number_grid()
    for r, label in enumerate(table.row_labels):
        row_total = [table.row_total(r)] if table.total_column else []
        sheet.append(cells.row([label, *numbers[r], *row_total]))
    if table.total_row:
        sums: list[object] = [table.column_total(c) for c in range(len(table.column_labels))]
        grand: Sequence[object] = (
            [sum(table.row_total(r) for r in range(len(table.row_labels)))]
            if table.total_column
            else []
        )
        sheet.append(cells.row([labels["total"], *sums, *grand], bold=True))
    if table.note:
        sheet.append([])
        sheet.append(cells.row([labels[table.note]]))


def _agreement_sheet(workbook: Any, report: Report) -> None:
    """Two coders' agreement per code, shares and measures as numbers (empty: undefined)."""
    assert report.agreement is not None
    sheet = workbook.create_sheet(report.labels["sheet_agreement"])
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 32
    cells = _Cells(sheet)
    header, *body = table_rows(report.agreement, report.labels)
    sheet.append(cells.row(header, bold=True))
    for number, row in enumerate(body, 1):
        sheet.append(cells.row(row, bold=number == len(body)))
    sheet.append([])
    sheet.append(cells.row([table_note(report.agreement, report.labels)]))


def render_xlsx(report: Report, path: Path, progress: Progress | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    progress = progress or NoProgress()
    labels = report.labels
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(labels["sheet_segments"])
    sheet.freeze_panes = "A2"
    for k, column in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(k)].width = _WIDTHS.get(column, 12)
    cells = _Cells(sheet)
    sheet.append(cells.row(COLUMNS, bold=True))
    total = report.quote_count
    for done, row in enumerate(segment_rows(report)):
        if done % 1000 == 0:
            if progress.cancelled:
                raise Cancelled
            progress.report(done, total, "")
        sheet.append(cells.row(row))
    for table in report.tables.count_tables():
        _count_sheet(workbook, labels[_SHEETS[table.title]], table, report)
    if report.agreement is not None:
        _agreement_sheet(workbook, report)
    workbook.save(str(path))
