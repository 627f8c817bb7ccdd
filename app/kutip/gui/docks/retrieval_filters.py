"""The retrieval dock's filter row: a source, a case, an attribute's value and a coder —
with, once a coder is chosen, their codings another coder has not coded alike ("Alice, not
coded by Bob") or has ("Alice, also coded by Bob": both coders' overlapping codings).

Each list starts with "All …" (no filter) and is filled from the project; refilling it after an
edit keeps what is chosen where it still is. ``changed`` says the filters narrow the list
differently now; ``query`` puts them, with the dock's codes and mode, into a
``RetrievalQuery``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QSizePolicy, QToolButton, QWidget

from kutip.gui.core.flow_layout import FlowLayout, group
from kutip.i18n import _
from kutip.model import AttributeScope, AttributeType
from kutip.project import Project
from kutip.reports import AttributeFilter, CoderRun, Run
from kutip.reports.retrieval import CombineMode, RetrievalQuery


class RetrievalFilters(QWidget):
    """The source, case, attribute = value and coder lists, and "Clear Filters"."""

    #: A filter was chosen or cleared by the user (not by a refill).
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self.source_box = self._filter_box("retrieval_source", 6)
        self.case_box = self._filter_box("retrieval_case", 4)
        self.attribute_box = self._filter_box("retrieval_attribute", 6)
        self.value_box = self._filter_box("retrieval_value", 4)
        self.coder_box = self._filter_box("retrieval_coder", 4)
        self.run_box = self._filter_box("retrieval_coder_run", 6)
        self.run_box.setToolTip(
            _(
                "Compare with another coder: codings only one of you made, "
                "or those you both made (overlapping, the same code)."
            )
        )
        self.clear_button = QToolButton()
        self.clear_button.setObjectName("retrieval_clear_filters")
        self.clear_button.setText(_("Clear Filters"))
        self.clear_button.setAutoRaise(True)

        # The row wraps onto more lines when the dock is narrow; a label stays with its list.
        row = FlowLayout(self, spacing=6)
        row.addWidget(group(_("Source:"), self.source_box))
        row.addWidget(group(_("Case:"), self.case_box))
        row.addWidget(group(_("Attribute:"), self.attribute_box, "=", self.value_box))
        row.addWidget(group(_("Coder:"), self.coder_box, self.run_box))
        row.addWidget(self.clear_button)
        self._row = row

        for box in (self.source_box, self.case_box, self.value_box, self.run_box):
            box.currentIndexChanged.connect(self._changed)
        self.coder_box.currentIndexChanged.connect(self._coder_chosen)
        self.attribute_box.currentIndexChanged.connect(self._attribute_chosen)
        self.clear_button.clicked.connect(self.clear)
        self.fill()

    def _filter_box(self, name: str, chars: int) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(chars)
        # The lists of a line share its spare width.
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return box

    def append(self, widget: QWidget) -> None:
        """Put ``widget`` at the end of the row: the dock's status line takes what the filters
        leave of their last line."""
        self._row.addWidget(widget)

    def set_project(self, project: Project | None) -> None:
        """Offer the sources, cases, attributes and coders of ``project``; nothing is chosen."""
        self._project = project
        self.fill(keep=False)

    def set_active(self, active: bool) -> None:
        """Enable the lists (the value list only once an attribute is chosen)."""
        for widget in (
            self.source_box,
            self.case_box,
            self.attribute_box,
            self.coder_box,
            self.clear_button,
        ):
            widget.setEnabled(active)
        self.value_box.setEnabled(active and self.attribute_box.currentData() is not None)
        self.run_box.setEnabled(active and self.coder_box.currentData() is not None)

    def fill(self, *, keep: bool = True) -> None:
        """Fill the filter lists from the project, keeping what is chosen where it still is."""
        project = self._project
        chosen = {
            box: box.currentData() if keep else None
            for box in (self.source_box, self.case_box, self.attribute_box, self.coder_box)
        }
        value = self.value_box.currentData() if keep else None
        run = self.run_box.currentData() if keep else None
        fills: list[tuple[QComboBox, str, list[tuple[str, Any]]]] = [
            (
                self.source_box,
                _("All sources"),
                [(s.title, s.id) for s in project.sources.all()] if project else [],
            ),
            (
                self.case_box,
                _("All cases"),
                [(c.name, c.id) for c in project.cases.all()] if project else [],
            ),
            (
                self.attribute_box,
                _("Any attribute"),
                [(self._attribute_title(a.name, a.scope), a.id) for a in project.cases.attributes()]
                if project
                else [],
            ),
            (
                self.coder_box,
                _("All coders"),
                [(c.name, c.id) for c in project.coders.all()] if project else [],
            ),
        ]
        for box, everything, items in fills:
            box.blockSignals(True)
            try:
                box.clear()
                box.addItem(everything, None)
                for title, data in items:
                    box.addItem(title, data)
                row = box.findData(chosen[box]) if chosen[box] is not None else 0
                box.setCurrentIndex(max(row, 0))
            finally:
                box.blockSignals(False)
        self._fill_values(value)
        self._fill_runs(run)

    def _fill_runs(self, chosen: str | None = None) -> None:
        """The other coders to compare the chosen coder's codings with."""
        project, coder_id = self._project, self.coder_box.currentData()
        self.run_box.blockSignals(True)
        try:
            self.run_box.clear()
            self.run_box.addItem(_("all their codings"), None)
            if project is not None and coder_id is not None:
                for other in project.coders.all():
                    if other.id == int(coder_id):
                        continue
                    self.run_box.addItem(
                        _("not coded by {name}").format(name=other.name),
                        f"{other.id}:{Run.A_ONLY.value}",
                    )
                    self.run_box.addItem(
                        _("also coded by {name}").format(name=other.name),
                        f"{other.id}:{Run.BOTH.value}",
                    )
            row = self.run_box.findData(chosen) if chosen is not None else 0
            self.run_box.setCurrentIndex(max(row, 0))
        finally:
            self.run_box.blockSignals(False)
        self.run_box.setEnabled(self._project is not None and coder_id is not None)

    def _coder_chosen(self, _row: int) -> None:
        self._fill_runs()
        self._changed()

    def set_coder_run(self, other_id: int, run: Run) -> None:
        """Compare the chosen coder with ``other_id``: only theirs (``A_ONLY``) or both."""
        self._choose(self.run_box, f"{other_id}:{run.value}")

    def _attribute_title(self, name: str, scope: AttributeScope) -> str:
        if scope is AttributeScope.SOURCE:
            return _("{name} (source)").format(name=name)
        return name

    def _fill_values(self, chosen: str | None = None) -> None:
        project = self._project
        attribute_id = self.attribute_box.currentData()
        self.value_box.blockSignals(True)
        try:
            self.value_box.clear()
            self.value_box.addItem(_("any value"), None)
            if project is not None and attribute_id is not None:
                attribute = project.cases.attribute(int(attribute_id))
                owners = (
                    [c.id for c in project.cases.all()]
                    if attribute.scope is AttributeScope.CASE
                    else [s.id for s in project.sources.all()]
                )
                found = {project.cases.attribute_values(o, attribute.scope).get(attribute.name)
                         for o in owners}  # fmt: skip
                numeric = attribute.type in (AttributeType.INTEGER, AttributeType.FLOAT)
                values = sorted(
                    (v for v in found if v is not None),
                    key=lambda v: (float(v), v) if numeric else (v.casefold(), v),
                )
                for value in values:
                    self.value_box.addItem(self._value_title(attribute.type, value), value)
            row = self.value_box.findData(chosen) if chosen is not None else 0
            self.value_box.setCurrentIndex(max(row, 0))
        finally:
            self.value_box.blockSignals(False)
        self.value_box.setEnabled(self._project is not None and attribute_id is not None)

    def _value_title(self, kind: AttributeType, value: str) -> str:
        if kind is AttributeType.BOOLEAN:
            return _("yes") if value == "true" else _("no") if value == "false" else value
        return value

    def _attribute_chosen(self, _row: int) -> None:
        self._fill_values()
        self._changed()

    def _changed(self, *_args: object) -> None:
        self.changed.emit()

    def set_source_filter(self, source_id: int | None) -> None:
        self._choose(self.source_box, source_id)

    def set_case_filter(self, case_id: int | None) -> None:
        self._choose(self.case_box, case_id)

    def set_coder_filter(self, coder_id: int | None) -> None:
        self._choose(self.coder_box, coder_id)

    def set_attribute_filter(self, attribute_id: int | None, value: str | None = None) -> None:
        """Keep the codings whose case (or source) has ``value`` (stored text: "false", "19")."""
        self._choose(self.attribute_box, attribute_id)
        if value is not None:
            self._choose(self.value_box, value)

    def _choose(self, box: QComboBox, data: object) -> None:
        row = box.findData(data) if data is not None else 0
        if row < 0:
            raise ValueError(f"{box.objectName()} has no item {data!r}")
        box.setCurrentIndex(row)

    def clear(self) -> None:
        for box in (self.source_box, self.case_box, self.coder_box, self.attribute_box):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self._fill_values()
        self._fill_runs()
        self._changed()

    def query(self, codes: tuple[int, ...], mode: CombineMode) -> RetrievalQuery:
        """The retrieval of ``codes`` combined by ``mode``, narrowed by these filters."""

        def one(box: QComboBox) -> tuple[int, ...] | None:
            data = box.currentData()
            return None if data is None else (int(data),)

        attributes: tuple[AttributeFilter, ...] = ()
        attribute_id, value = self.attribute_box.currentData(), self.value_box.currentData()
        if self._project is not None and attribute_id is not None and value is not None:
            attribute = self._project.cases.attribute(int(attribute_id))
            attributes = (AttributeFilter(attribute.name, (str(value),), attribute.scope),)
        coders, coder_run = one(self.coder_box), None
        run = self.run_box.currentData()
        if coders is not None and run is not None:
            other, kind = str(run).split(":")
            coder_run = CoderRun(coders[0], int(other), Run(kind))
            coders = None  # "also coded by" keeps the other coder's overlapping codings too
        return RetrievalQuery(
            codes=codes,
            mode=mode,
            sources=one(self.source_box),
            cases=one(self.case_box),
            coders=coders,
            attributes=attributes,
            coder_run=coder_run,
        )
