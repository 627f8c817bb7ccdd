"""project.cases: cases, the sources (or parts) that belong to them, and typed attributes of
cases and sources — each operation changes what it says and is undone exactly."""

from __future__ import annotations

import pytest
from project_testing import Operation, Refusal, assert_refused, assert_undoable

from kutip.errors import NotFoundError, ValidationError
from kutip.model import AttributeScope, AttributeType, CaseSource
from kutip.project import Project

OPERATIONS: dict[str, Operation] = {
    "add_case": lambda p, i: p.cases.add("Informan 2", "desc"),
    "rename_case": lambda p, i: p.cases.rename(i["case"], "Informan Satu"),
    "set_case_description": lambda p, i: p.cases.set_description(i["case"], "about"),
    "remove_case": lambda p, i: p.cases.remove(i["case"]),
    "link_source_part": lambda p, i: p.cases.link_source(i["case"], i["second"], 0, 6),
    "unlink_source": lambda p, i: p.cases.unlink_source(i["case"], i["source"]),
    "add_attribute": lambda p, i: p.cases.add_attribute("provinsi", AttributeType.TEXT),
    "rename_attribute": lambda p, i: p.cases.rename_attribute(i["attribute"], "umur"),
    "remove_attribute": lambda p, i: p.cases.remove_attribute(i["attribute"]),
    "change_attribute_value": lambda p, i: p.cases.set_attribute_value(
        i["attribute"], i["case"], "20"
    ),
    "clear_attribute_value": lambda p, i: p.cases.set_attribute_value(
        i["attribute"], i["case"], None
    ),
    "set_source_attribute": lambda p, i: p.cases.set_attribute_value(
        i["source_attribute"], i["source"], "artikel"
    ),
}


def _source(p: Project) -> int:
    return p.sources.all()[0].id


BAD: dict[str, Refusal] = {
    "case without name": (lambda p: p.cases.add(""), ValidationError, "needs a name"),
    "duplicate case": (lambda p: p.cases.add("informan 1"), ValidationError, "already a case"),
    "link twice": (lambda p: p.cases.link_source(p.cases.all()[0].id, _source(p)),
                   ValidationError, "already part"),
    "half a part": (lambda p: p.cases.link_source(p.cases.all()[0].id, _source(p), 0, None),
                    ValidationError, "both the start and the end"),
    "part outside the text": (lambda p: p.cases.link_source(p.cases.all()[0].id, _source(p),
                                                            0, 999),
                              ValidationError, "not inside"),
    "not an integer": (lambda p: p.cases.set_attribute_value(
                           p.cases.attributes()[0].id, p.cases.all()[0].id, "sembilan belas"),
                       ValidationError, "not a valid integer"),
    "value for unknown case": (lambda p: p.cases.set_attribute_value(
                                   p.cases.attributes()[0].id, 9999, 3),
                               NotFoundError, "no case"),
    "duplicate attribute": (lambda p: p.cases.add_attribute("Usia", AttributeType.TEXT),
                            ValidationError, "already an attribute"),
    "unknown case": (lambda p: p.cases.get(9999), NotFoundError, "There is no case 9999"),
    "unknown attribute": (lambda p: p.cases.attribute(9999), NotFoundError,
                          "There is no attribute 9999"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_operation_changes_the_project_and_undo_restores_every_table(
    seeded: Project, ids: dict[str, int], name: str
) -> None:
    assert_undoable(seeded, ids, name, OPERATIONS[name])


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(
    base: Project, case: str
) -> None:
    assert_refused(base, BAD[case])


def test_attribute_values_are_typed(seeded: Project, ids: dict[str, int]) -> None:
    seeded.cases.set_attribute_value(ids["attribute"], ids["case"], "21")
    assert seeded.cases.attribute_values(ids["case"], AttributeScope.CASE) == {"usia": "21"}
    flag = seeded.cases.add_attribute("jawa", AttributeType.BOOLEAN).value
    seeded.cases.set_attribute_value(flag, ids["case"], "ya")
    day = seeded.cases.add_attribute("tanggal", AttributeType.DATE).value
    seeded.cases.set_attribute_value(day, ids["case"], "2024-02-14")
    assert seeded.cases.attribute_values(ids["case"], AttributeScope.CASE) == {
        "usia": "21",
        "jawa": "true",
        "tanggal": "2024-02-14",
    }


def test_a_whole_source_and_a_part_of_it_are_two_links(
    seeded: Project, ids: dict[str, int]
) -> None:
    seeded.cases.link_source(ids["case"], ids["source"], 0, 11)
    assert seeded.cases.links(ids["case"]) == [
        CaseSource(ids["case"], ids["source"], None, None),
        CaseSource(ids["case"], ids["source"], 0, 11),
    ]
    with pytest.raises(ValidationError, match="already part"):
        seeded.cases.link_source(ids["case"], ids["source"], 0, 11)
    assert seeded.cases.names_by_source() == {ids["source"]: ["Informan 1"]}
    assert seeded.cases.unlink_source(ids["case"], ids["source"]).value == 2


def test_find_ignores_case_and_spaces(seeded: Project, ids: dict[str, int]) -> None:
    found = seeded.cases.find("  informan   1 ")
    assert found is not None and found.id == ids["case"]
    assert seeded.cases.find("Informan 2") is None
