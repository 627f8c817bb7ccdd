"""The search dock's results as a Qt item model: hits grouped by source, with check boxes.

A search result is not project data that could change under the model: it is the answer to one
query, so the model keeps the ``Hit`` objects of that answer (ids and offsets, nothing read from
the store) until the next search, and the check marks the user puts on them. Groups are sources
in the order of their best hit; the hits of a source are in text order, so reading down a group
reads through the source.

Two levels: a group row (column 0 spans the row: title and count, a tri-state check box that
checks or clears every hit of the source) and its hit rows (where, the snippet, the score, each
with a check box). A hit on a page read by OCR says so after where it is ("p. 4 · OCR"), and
its tooltip says to check the text against the page.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from kutip.gui.core.items import ID_ROLE, ROOT, Index
from kutip.i18n import _, ngettext
from kutip.search import Hit, Snippet

#: The ``Hit`` of a hit row (None on group rows).
HIT_ROLE = Qt.ItemDataRole.UserRole + 10
#: The ``Snippet`` of a hit row, in the snippet column (the delegate draws it).
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 11
#: How many hits a group row holds.
COUNT_ROLE = Qt.ItemDataRole.UserRole + 12

#: How a matched word looks in a snippet: bold on a soft yellow, readable on a selected row too.
MARK_STYLE = "font-weight:600; background-color:#fde68a; color:#1f1f1f"


def snippet_html(snippet: Snippet) -> str:
    """The snippet as Qt rich text, each match bold on a highlight (text escaped)."""
    return (
        snippet.html()
        .replace("<mark>", f'<span style="{MARK_STYLE}">')
        .replace("</mark>", "</span>")
    )


@dataclass
class _Group:
    source_id: int
    title: str
    hits: list[Hit] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    #: Per hit: it is on a page read by OCR.
    ocr: list[bool] = field(default_factory=list)
    checked: list[bool] = field(default_factory=list)

    def state(self) -> Qt.CheckState:
        if all(self.checked):
            return Qt.CheckState.Checked
        return Qt.CheckState.PartiallyChecked if any(self.checked) else Qt.CheckState.Unchecked


def _hit_position(hit: Hit) -> int:
    return hit.spans[0][0] if hit.spans else hit.start


class SearchResultsModel(QAbstractItemModel):
    """One search's hits, grouped by source, each checkable."""

    WHERE, SNIPPET, SCORE = 0, 1, 2
    COLUMNS = 3

    #: The number of checked hits changed; carries it.
    checked_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[_Group] = []

    # -- filling ------------------------------------------------------------------------------

    def set_results(
        self,
        hits: Sequence[Hit],
        locations: Sequence[str] | None = None,
        ocr: Sequence[bool] | None = None,
    ) -> None:
        """Show ``hits`` (best first), with where each is (``Hit.location`` if not given) and
        whether it is on a page read by OCR (none, if not given)."""
        places = list(locations) if locations is not None else [h.location for h in hits]
        read = list(ocr) if ocr else [False] * len(hits)
        if len(places) != len(hits) or len(read) != len(hits):
            raise ValueError("one location per hit")
        by_source: dict[int, _Group] = {}
        for hit, place, by_ocr in zip(hits, places, read, strict=True):
            group = by_source.get(hit.source_id)
            if group is None:  # sources come in the order of their best hit
                group = by_source[hit.source_id] = _Group(hit.source_id, hit.source_title)
            group.hits.append(hit)
            group.locations.append(place)
            group.ocr.append(by_ocr)
        for group in by_source.values():
            rows = sorted(
                zip(group.hits, group.locations, group.ocr, strict=True),
                key=lambda p: _hit_position(p[0]),
            )
            group.hits = [hit for hit, _place, _ocr in rows]
            group.locations = [place for _hit, place, _ocr in rows]
            group.ocr = [by_ocr for _hit, _place, by_ocr in rows]
            group.checked = [False] * len(group.hits)
        self.beginResetModel()
        self._groups = list(by_source.values())
        self.endResetModel()
        self.checked_changed.emit(0)

    def clear(self) -> None:
        self.set_results([])

    def drop_sources(self, source_ids: Iterable[int]) -> None:
        """Forget the hits of sources that are gone (removed from the project)."""
        gone = set(source_ids)
        rows = [row for row, group in enumerate(self._groups) if group.source_id in gone]
        for row in reversed(rows):
            self.beginRemoveRows(ROOT, row, row)
            del self._groups[row]
            self.endRemoveRows()
        if rows:
            self.checked_changed.emit(self.checked_count())

    def retitle(self, titles: dict[int, str]) -> None:
        """Show the sources' current titles (after a rename)."""
        for row, group in enumerate(self._groups):
            title = titles.get(group.source_id)
            if title is not None and title != group.title:
                group.title = title
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    # -- reading ------------------------------------------------------------------------------

    def group_count(self) -> int:
        return len(self._groups)

    def hit_count(self) -> int:
        return sum(len(group.hits) for group in self._groups)

    def source_ids(self) -> list[int]:
        return [group.source_id for group in self._groups]

    def is_group(self, index: Index) -> bool:
        return index.isValid() and index.internalId() == 0

    def hit(self, index: Index) -> Hit | None:
        """The hit of a hit row (any column), None for a group row or an invalid index."""
        found = self._hit_at(index)
        return found[0].hits[found[1]] if found else None

    def hits(self) -> list[Hit]:
        return [hit for group in self._groups for hit in group.hits]

    def checked_hits(self) -> list[Hit]:
        """The checked hits, group by group, in text order."""
        return [
            hit
            for group in self._groups
            for hit, checked in zip(group.hits, group.checked, strict=True)
            if checked
        ]

    def checked_count(self) -> int:
        return sum(sum(group.checked) for group in self._groups)

    def set_all_checked(self, checked: bool) -> None:
        for row, group in enumerate(self._groups):
            if group.hits and any(c != checked for c in group.checked):
                group.checked = [checked] * len(group.hits)
                self._group_checks_changed(row)
        self.checked_changed.emit(self.checked_count())

    def _hit_at(self, index: Index) -> tuple[_Group, int] | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        group_row = int(index.internalId()) - 1
        if not 0 <= group_row < len(self._groups):
            return None
        group = self._groups[group_row]
        return (group, index.row()) if 0 <= index.row() < len(group.hits) else None

    # -- QAbstractItemModel ---------------------------------------------------------------------

    # A group's index has internal id 0; a hit's has its group's row + 1, which is all parent()
    # needs: the model holds no pointers in its indexes.

    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        if not 0 <= column < self.COLUMNS or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        group_row = parent.row()
        if not 0 <= group_row < len(self._groups) or row >= len(self._groups[group_row].hits):
            return QModelIndex()
        return self.createIndex(row, column, group_row + 1)

    def parent(self, index: Index) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, 0)

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt override
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() != 0 or parent.column() != 0:
            return 0
        return len(self._groups[parent.row()].hits) if parent.row() < len(self._groups) else 0

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt override
        return self.COLUMNS

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.WHERE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            if not 0 <= index.row() < len(self._groups):
                return None
            return self._group_data(self._groups[index.row()], index.column(), role)
        found = self._hit_at(index)
        if found is None:
            return None
        group, row = found
        return self._hit_data(group, row, index.column(), role)

    def _group_data(self, group: _Group, column: int, role: int) -> Any:
        count = len(group.hits)
        if role == Qt.ItemDataRole.DisplayRole and column == self.WHERE:
            return ngettext("{title} ({n} hit)", "{title} ({n} hits)", count).format(
                title=group.title, n=count
            )
        if role == Qt.ItemDataRole.ToolTipRole and column == self.WHERE:
            return group.title
        if role == Qt.ItemDataRole.CheckStateRole and column == self.WHERE:
            return group.state()
        if role == Qt.ItemDataRole.FontRole and column == self.WHERE:
            font = QFont()
            font.setBold(True)
            return font
        if role == COUNT_ROLE:
            return count
        if role == ID_ROLE:
            return group.source_id
        return None

    def _hit_data(self, group: _Group, row: int, column: int, role: int) -> Any:
        hit = group.hits[row]
        middle = Qt.AlignmentFlag.AlignVCenter  # beside the check box, in a row of lines
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.WHERE:
                place = group.locations[row]
                return _("{place} · OCR").format(place=place) if group.ocr[row] else place
            if column == self.SNIPPET:
                return hit.snippet.marked("", "")
            return f"{hit.score:.1f}"
        if role == Qt.ItemDataRole.CheckStateRole and column == self.WHERE:
            return Qt.CheckState.Checked if group.checked[row] else Qt.CheckState.Unchecked
        if role == SNIPPET_ROLE and column == self.SNIPPET:
            return hit.snippet
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.SCORE:
                return (
                    _("Matches word for word.")
                    if hit.exact
                    else _("Matches through other forms of the words (stems).")
                )
            place = group.locations[row]
            heading = f"{group.title}, {place}" if place else group.title
            read = _("Text read by OCR: check it against the page.")
            note = f"<br><i>{html.escape(read)}</i>" if group.ocr[row] else ""
            return f"<p><b>{html.escape(heading)}</b><br>{snippet_html(hit.snippet)}{note}</p>"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == self.SCORE:
                return int(middle | Qt.AlignmentFlag.AlignRight)
            return int(middle | Qt.AlignmentFlag.AlignLeft)
        if role == HIT_ROLE:
            return hit
        if role == ID_ROLE:
            return group.source_id
        return None

    def setData(  # noqa: N802 - Qt override
        self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != self.WHERE:
            return False
        try:
            state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))
        except (TypeError, ValueError):
            return False
        checked = state != Qt.CheckState.Unchecked
        if self.is_group(index):
            if not 0 <= index.row() < len(self._groups):
                return False
            group = self._groups[index.row()]
            group.checked = [checked] * len(group.hits)
            self._group_checks_changed(index.row())
        else:
            found = self._hit_at(index)
            if found is None:
                return False
            group, row = found
            group.checked[row] = checked
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
            group_index = self.parent(index)
            self.dataChanged.emit(group_index, group_index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit(self.checked_count())
        return True

    def _group_checks_changed(self, group_row: int) -> None:
        group_index = self.index(group_row, 0)
        roles = [Qt.ItemDataRole.CheckStateRole]
        self.dataChanged.emit(group_index, group_index, roles)
        count = len(self._groups[group_row].hits)
        if count:
            first = self.index(0, self.WHERE, group_index)
            last = self.index(count - 1, self.WHERE, group_index)
            self.dataChanged.emit(first, last, roles)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {self.WHERE: _("Where"), self.SNIPPET: _("Text"), self.SCORE: _("Score")}.get(
            section
        )
