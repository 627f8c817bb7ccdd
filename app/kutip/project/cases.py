"""``project.cases``: cases (informants, sites), which sources or parts of sources belong to
them, and the typed attributes of cases and sources with their values."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kutip.errors import NotFoundError, ValidationError
from kutip.i18n import _
from kutip.model import Attribute, AttributeScope, AttributeType, Case, CaseSource
from kutip.project.base import Edit, parse_attribute_value, required_name
from kutip.store import Recorder, queries

if TYPE_CHECKING:
    from kutip.project.facade import Project


class Cases:
    """The cases of a project, their sources, and the attributes of cases and sources."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self._store = project.store

    # -- cases ---------------------------------------------------------------------------------

    def all(self) -> list[Case]:
        return queries.cases(self._store)

    def get(self, case_id: int) -> Case:
        case = queries.case(self._store, case_id)
        if case is None:
            raise NotFoundError(_("There is no case {id}.").format(id=case_id))
        return case

    def find(self, name: str) -> Case | None:
        """The case called ``name`` (ignoring case and runs of spaces), if there is one."""
        folded = " ".join(name.split()).casefold()
        return next((c for c in self.all() if c.name.casefold() == folded), None)

    def _check_unique_name(self, name: str, excluding: int | None = None) -> None:
        existing = self.find(name)
        if existing is not None and existing.id != excluding:
            raise ValidationError(_("There is already a case called {name}.").format(name=name))

    def add(self, name: str, description: str = "", *, guid: str | None = None) -> Edit[int]:
        case_name = required_name(name, _("case"))
        self._check_unique_name(case_name)
        values = {
            "guid": self._project.guid_for("cases", guid),
            "name": case_name,
            "description": description,
        }
        return self._project.record(
            _("New case '{name}'").format(name=case_name), lambda rec: rec.insert("cases", values)
        )

    def rename(self, case_id: int, name: str) -> Edit[None]:
        self.get(case_id)
        new_name = required_name(name, _("case"))
        self._check_unique_name(new_name, excluding=case_id)
        return self._project.record(
            _("Rename case"), lambda rec: rec.update("cases", case_id, {"name": new_name})
        )

    def set_description(self, case_id: int, description: str) -> Edit[None]:
        self.get(case_id)
        return self._project.record(
            _("Describe case"),
            lambda rec: rec.update("cases", case_id, {"description": description}),
        )

    def remove(self, case_id: int) -> Edit[None]:
        """Remove a case with its source links and attribute values (the sources stay)."""
        case = self.get(case_id)

        def work(rec: Recorder) -> None:
            rec.delete_where("case_sources", "case_id = ?", (case_id,))
            rec.delete_where("attribute_values", "case_id = ?", (case_id,))
            rec.delete("cases", case_id)

        return self._project.record(_("Remove case '{name}'").format(name=case.name), work)

    # -- the sources of cases --------------------------------------------------------------------

    def names_by_source(self) -> dict[int, list[str]]:
        """The names of the cases each source (or a part of it) belongs to, by source id."""
        return queries.case_names_by_source(self._store)

    def links(self, case_id: int | None = None) -> list[CaseSource]:
        """The sources and parts of sources of one case, or of every case."""
        return queries.case_sources(self._store, case_id)

    def link_source(
        self, case_id: int, source_id: int, start: int | None = None, end: int | None = None
    ) -> Edit[int]:
        """Make a source, or the part ``[start, end)`` of it, belong to a case."""
        case = self.get(case_id)
        if (start is None) != (end is None):
            raise ValidationError(_("Give both the start and the end of the part, or neither."))
        if start is not None and end is not None:
            self._project.sources.check_range(source_id, start, end)
        else:
            self._project.sources.get(source_id)
        if queries.case_link_exists(self._store, case_id, source_id, start, end):
            raise ValidationError(
                _("This is already part of the case '{name}'.").format(name=case.name)
            )
        values = {"case_id": case_id, "source_id": source_id, "start": start, "end": end}
        return self._project.record(
            _("Add to case '{name}'").format(name=case.name),
            lambda rec: rec.insert("case_sources", values),
        )

    def unlink_source(self, case_id: int, source_id: int) -> Edit[int]:
        """Remove every link of a source (whole or in parts) to a case; returns how many."""
        case = self.get(case_id)
        return self._project.record(
            _("Remove from case '{name}'").format(name=case.name),
            lambda rec: rec.delete_where(
                "case_sources", "case_id = ? AND source_id = ?", (case_id, source_id)
            ),
        )

    # -- attributes and their values -------------------------------------------------------------

    def attributes(self, scope: AttributeScope | None = None) -> list[Attribute]:
        return queries.attributes(self._store, scope)

    def attribute(self, attribute_id: int) -> Attribute:
        attribute = queries.attribute(self._store, attribute_id)
        if attribute is None:
            raise NotFoundError(_("There is no attribute {id}.").format(id=attribute_id))
        return attribute

    def find_attribute(self, name: str, scope: AttributeScope) -> Attribute | None:
        folded = name.strip().casefold()
        return next((a for a in self.attributes(scope) if a.name.casefold() == folded), None)

    def add_attribute(
        self,
        name: str,
        type: AttributeType,
        scope: AttributeScope = AttributeScope.CASE,
        description: str = "",
        *,
        guid: str | None = None,
    ) -> Edit[int]:
        attribute_name = required_name(name, _("attribute"))
        if self.find_attribute(attribute_name, scope) is not None:
            raise ValidationError(
                _("There is already an attribute called {name}.").format(name=attribute_name)
            )
        values = {
            "guid": self._project.guid_for("attributes", guid), "name": attribute_name,
            "type": AttributeType(type).value, "scope": AttributeScope(scope).value,
            "description": description,
        }  # fmt: skip
        return self._project.record(
            _("New attribute '{name}'").format(name=attribute_name),
            lambda rec: rec.insert("attributes", values),
        )

    def rename_attribute(self, attribute_id: int, name: str) -> Edit[None]:
        attribute = self.attribute(attribute_id)
        new_name = required_name(name, _("attribute"))
        existing = self.find_attribute(new_name, attribute.scope)
        if existing is not None and existing.id != attribute_id:
            raise ValidationError(
                _("There is already an attribute called {name}.").format(name=new_name)
            )
        return self._project.record(
            _("Rename attribute"),
            lambda rec: rec.update("attributes", attribute_id, {"name": new_name}),
        )

    def remove_attribute(self, attribute_id: int) -> Edit[None]:
        attribute = self.attribute(attribute_id)

        def work(rec: Recorder) -> None:
            rec.delete_where("attribute_values", "attribute_id = ?", (attribute_id,))
            rec.delete("attributes", attribute_id)

        return self._project.record(
            _("Remove attribute '{name}'").format(name=attribute.name), work
        )

    def attribute_values(self, owner_id: int, scope: AttributeScope) -> dict[str, str]:
        """An owner's (case's or source's) attribute values by attribute name, as stored text."""
        return queries.attribute_values(self._store, owner_id, scope)

    def set_attribute_value(self, attribute_id: int, owner_id: int, value: object) -> Edit[None]:
        """Set (or with None, clear) a case's or source's value of an attribute."""
        attribute = self.attribute(attribute_id)
        if attribute.scope is AttributeScope.CASE:
            column = "case_id"
            self.get(owner_id)
        else:
            column = "source_id"
            self._project.sources.get(owner_id)
        text = (
            None if value is None or value == "" else parse_attribute_value(attribute.type, value)
        )
        existing = queries.attribute_value_id(self._store, attribute_id, attribute.scope, owner_id)

        def work(rec: Recorder) -> None:
            if text is None:
                if existing is not None:
                    rec.delete("attribute_values", existing)
            elif existing is None:
                rec.insert(
                    "attribute_values",
                    {"attribute_id": attribute_id, column: owner_id, "value": text},
                )
            else:
                rec.update("attribute_values", existing, {"value": text})

        return self._project.record(_("Set '{name}'").format(name=attribute.name), work)
