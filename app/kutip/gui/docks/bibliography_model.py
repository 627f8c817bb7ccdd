"""The bibliography's item model: every reference, the sources linked to it, its codings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QObject, Qt

from kutip.gui.core.items import ID_ROLE, ROOT, Index
from kutip.gui.core.source_labels import short_citation
from kutip.gui.dialogs.reference_editor import type_name
from kutip.i18n import N_, _
from kutip.model import BibEntry
from kutip.project import Project


@dataclass(frozen=True)
class ReferenceRow:
    entry: BibEntry
    citation: str  # "Nugroho & Lim (2022)"
    sources: tuple[tuple[int, str], ...]  # (id, title) of the linked sources
    codings: int


class BibliographyModel(QAbstractTableModel):
    """The references by their short citation; ``ID_ROLE`` holds the citekey."""

    REFERENCE, TITLE, KIND, SOURCES, CODINGS = range(5)
    HEADERS = (N_("Reference"), N_("Title"), N_("Kind"), N_("Sources"), N_("Codings"))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._rows: list[ReferenceRow] = []

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.refresh()

    def refresh(self) -> None:
        rows: list[ReferenceRow] = []
        project = self._project
        if project is not None:
            usage = project.references.usage()
            titles = {source.id: source.title for source in project.sources.all()}
            for entry in project.references.all():
                ids, codings = usage.get(entry.citekey, ([], 0))
                linked = tuple((i, titles[i]) for i in ids if i in titles)
                rows.append(ReferenceRow(entry, short_citation(entry), linked, codings))
            rows.sort(key=lambda row: (row.citation.casefold(), row.entry.citekey))
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, index: int) -> ReferenceRow | None:
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def row_of(self, citekey: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.entry.citekey == citekey), None)

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            entry = row.entry
            lines = [entry.title, f"[{entry.citekey}]"]
            if entry.doi:
                lines.append(f"https://doi.org/{entry.doi}")
            lines += [title for _id, title in row.sources]
            return "\n".join(line for line in lines if line)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.CODINGS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole and column == self.CODINGS:
            return row.codings  # sorts as a number
        if role == ID_ROLE:
            return row.entry.citekey
        return None

    def _text(self, row: ReferenceRow, column: int) -> str | int:
        if column == self.REFERENCE:
            return row.citation
        if column == self.TITLE:
            subtitle = row.entry.fields.get("subtitle", "")
            return f"{row.entry.title}: {subtitle}" if subtitle else row.entry.title
        if column == self.KIND:
            return type_name(row.entry.entry_type)
        if column == self.SOURCES:
            return "; ".join(title for _id, title in row.sources) or "—"
        return row.codings

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None
