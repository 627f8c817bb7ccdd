"""The report's charts as PNG bytes: frequency bars, code × case and co-occurrence heat maps.

matplotlib is imported here only, when a chart is drawn (it costs ~0.5 s), with the Agg
backend: no display, no Qt, safe in a worker thread. Output is deterministic — fixed figure
sizes, DPI and font (DejaVu Sans, which matplotlib ships), no timestamps in the PNG — so the
same report gives the same bytes. Warnings matplotlib raises about glyphs the font lacks (an
emoji in a code name) are not the user's problem and are silenced while drawing.
"""

from __future__ import annotations

import io
import logging
import sys
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from kutip.reports.labels import Labels
from kutip.reports.tables import CountTable

if TYPE_CHECKING:
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

DPI = 150
FONT = "DejaVu Sans"
FONT_SIZE = 8.0
#: The widest a chart is, in inches (fits an A4 page's text width).
MAX_WIDTH = 6.3
_LABEL_CHARS = 32
_lock = threading.Lock()  # pyplot's global state; Figure objects avoid most of it anyway


@dataclass(frozen=True)
class Chart:
    """One chart: a stable file name stem, its caption (a label key) and its PNG bytes."""

    name: str
    caption: str
    png: bytes


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "…"


def _figure(width: float, height: float) -> Figure:
    import matplotlib

    if "matplotlib.pyplot" not in sys.modules:  # no GUI backend chosen: draw off-screen
        matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return Figure(figsize=(min(width, MAX_WIDTH), height), dpi=DPI)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _style() -> dict[str, Any]:
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [FONT],
        "font.size": FONT_SIZE,
        "axes.titlesize": FONT_SIZE + 1,
        "svg.hashsalt": "kutip",
        "path.simplify": True,
    }


def frequency_bars(table: CountTable, title: str) -> bytes:
    """Horizontal bars: segments per code, each bar in its code's colour."""
    rows = [(label, values[0], color) for label, values, color in _rows(table)]
    height = 0.9 + 0.22 * max(len(rows), 1)
    figure = _figure(MAX_WIDTH, height)
    axes = figure.add_subplot()
    positions = list(range(len(rows)))
    axes.barh(
        positions,
        [count for _label, count, _color in rows],
        color=[color for _label, _count, color in rows],
        edgecolor="#333333",
        linewidth=0.3,
    )
    axes.set_yticks(positions, [_short(label) for label, _count, _color in rows])
    axes.invert_yaxis()
    axes.xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]  # MaxNLocator
    axes.set_title(title)
    for position, (_label, count, _color) in zip(positions, rows, strict=True):
        axes.annotate(
            str(count),
            (count, position),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=FONT_SIZE - 1,
        )
    axes.margins(x=0.08)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _png(figure)


def _rows(table: CountTable) -> list[tuple[str, tuple[int, ...], str]]:
    colors = table.row_colors or ("#1f77b4",) * len(table.row_labels)
    return list(zip(table.row_labels, table.values, colors, strict=True))


def heat_map(
    values: Sequence[Sequence[int]],
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    title: str,
) -> bytes:
    """A grid of counts shaded from white to blue, each cell labelled with its count."""
    rows, columns = len(row_labels), len(column_labels)
    width = 2.4 + 0.38 * max(columns, 1)
    longest = max((len(_short(c)) for c in column_labels), default=0)
    height = 1.6 + 0.26 * max(rows, 1) + 0.04 * longest
    figure = _figure(width, height)
    axes = figure.add_subplot()
    data = [list(row) for row in values] or [[0]]
    top = max((max(row) for row in data if row), default=0)
    image = axes.imshow(data, cmap="Blues", vmin=0, vmax=max(top, 1), aspect="auto")
    axes.set_xticks(range(columns), [_short(c) for c in column_labels], rotation=45, ha="right")
    axes.set_yticks(range(rows), [_short(r) for r in row_labels])
    if rows * columns <= 900:  # numbers in cells while they are legible
        for r, row in enumerate(values):
            for c, value in enumerate(row):
                if value:
                    axes.text(
                        c,
                        r,
                        str(value),
                        ha="center",
                        va="center",
                        fontsize=FONT_SIZE - 1,
                        color="white" if value > top * 0.6 else "black",
                    )
    axes.set_title(title)
    colorbar = figure.colorbar(image, ax=axes, fraction=0.04, pad=0.02)
    colorbar.ax.yaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    figure.tight_layout()
    return _png(figure)


def report_charts(
    frequencies: CountTable, per_case: CountTable, cooccurrence: CountTable, labels: Labels
) -> list[Chart]:
    """The three charts of a report; one with nothing to show is left out."""
    import matplotlib

    charts: list[Chart] = []
    with _lock, warnings.catch_warnings(), matplotlib.rc_context(cast(Any, _style())):
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph.*missing", category=UserWarning)
        warnings.filterwarnings("ignore", message=r".*[Tt]ight.?layout", category=UserWarning)
        if frequencies.row_labels:
            charts.append(
                Chart(
                    "frequencies",
                    "chart_frequencies",
                    frequency_bars(frequencies, labels["chart_frequencies"]),
                )
            )
        if per_case.row_labels and per_case.column_labels:
            charts.append(
                Chart(
                    "matrix",
                    "chart_matrix",
                    heat_map(
                        per_case.values,
                        per_case.row_labels,
                        per_case.column_labels,
                        labels["chart_matrix"],
                    ),
                )
            )
        if len(cooccurrence.row_labels) > 1:
            charts.append(
                Chart(
                    "cooccurrence",
                    "chart_cooccurrence",
                    heat_map(
                        cooccurrence.values,
                        cooccurrence.row_labels,
                        cooccurrence.column_labels,
                        labels["chart_cooccurrence"],
                    ),
                )
            )
    return charts
