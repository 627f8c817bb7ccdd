"""The citation styles a report can be written in, by the names users give them.

Apart from ``citations`` (which imports citeproc-py's helpers when it runs) so that the
command line can offer the names without the cost of importing what formats citations.
"""

from __future__ import annotations

from collections.abc import Mapping

#: Citation styles by the name users give them → the shipped CSL file.
STYLES: Mapping[str, str] = {
    "apa": "apa.csl",
    "chicago": "chicago-author-date.csl",
    "harvard": "harvard-cite-them-right.csl",
    "ieee": "ieee.csl",
}
DEFAULT_STYLE = "apa"
#: How each style is named in a report.
STYLE_TITLES: Mapping[str, str] = {
    "apa": "APA 7th edition",
    "chicago": "Chicago Manual of Style, author-date",
    "harvard": "Harvard (Cite Them Right)",
    "ieee": "IEEE",
}

__all__ = ["DEFAULT_STYLE", "STYLES", "STYLE_TITLES"]
