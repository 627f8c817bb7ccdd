"""Bad input to every operation: a clear KnownError, and nothing written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kutip.errors import KnownError, NotFoundError, ValidationError
from kutip.model import AttributeType
from kutip.project import Project
from kutip_testing import dump_tables, text_draft


@pytest.fixture
def base(project: Project) -> Project:
    source = project.add_source(text_draft("Sepuluh kata di sini saja.")).value
    project.apply_code(source, 0, 8, project.find_code("Konten").id)
    case = project.add_case("Informan 1").value
    project.add_attribute("usia", AttributeType.INTEGER)
    project.link_source_to_case(case, source)
    return project


def _source(p: Project) -> int:
    return p.sources()[0].id


def _code(p: Project, name: str = "Konten") -> int:
    return p.find_code(name).id


BAD: dict[str, tuple[Callable[[Project], Any], type[KnownError], str]] = {
    "range past the end": (
        lambda p: p.apply_code(_source(p), 5, 500, _code(p)), ValidationError, "not inside"),
    "negative start": (lambda p: p.apply_code(_source(p), -1, 3, _code(p)), ValidationError,
                       "not inside"),
    "empty range": (lambda p: p.apply_code(_source(p), 4, 4, _code(p)), ValidationError,
                    "not inside"),
    "reversed range": (lambda p: p.apply_code(_source(p), 6, 2, _code(p)), ValidationError,
                       "not inside"),
    "unknown code": (lambda p: p.apply_code(_source(p), 0, 3, 9999), NotFoundError, "no code"),
    "unknown source": (lambda p: p.apply_code(9999, 0, 3, _code(p)), NotFoundError, "no source"),
    "same coding twice": (lambda p: p.apply_code(_source(p), 0, 8, _code(p)), ValidationError,
                          "already coded"),
    "code without name": (lambda p: p.add_code("   "), ValidationError, "needs a name"),
    "duplicate code name": (lambda p: p.add_code("konten"), ValidationError, "already a code"),
    "bad colour": (lambda p: p.add_code("Baru", color="red"), ValidationError, "not a colour"),
    "rename to a sibling's name": (lambda p: p.rename_code(_code(p), "Teknologi"),
                                   ValidationError, "already a code"),
    "move under itself": (lambda p: p.move_code(_code(p), _code(p)), ValidationError, "itself"),
    "merge into itself": (lambda p: p.merge_codes(_code(p), _code(p)), ValidationError, "itself"),
    "unknown parent": (lambda p: p.add_code("Baru", parent_id=9999), NotFoundError, "no code"),
    "code name not found": (lambda p: p.find_code("Tidak ada"), NotFoundError, "no code called"),
    "source without title": (lambda p: p.add_source(text_draft("x", title=" ")),
                             ValidationError, "needs a name"),
    "rename unknown source": (lambda p: p.rename_source(9999, "x"), NotFoundError, "no source"),
    "segment range outside": (lambda p: p.set_segment_range(p.segments()[0].id, 0, 10_000),
                              ValidationError, "not inside"),
    "unknown segment": (lambda p: p.remove_segment(9999), NotFoundError, "no coding"),
    "case without name": (lambda p: p.add_case(""), ValidationError, "needs a name"),
    "duplicate case": (lambda p: p.add_case("informan 1"), ValidationError, "already a case"),
    "link twice": (lambda p: p.link_source_to_case(p.cases()[0].id, _source(p)),
                   ValidationError, "already part"),
    "half a part": (lambda p: p.link_source_to_case(p.cases()[0].id, _source(p), 0, None),
                    ValidationError, "both the start and the end"),
    "not an integer": (lambda p: p.set_attribute_value(p.attributes()[0].id, p.cases()[0].id,
                                                       "sembilan belas"),
                       ValidationError, "not a valid integer"),
    "value for unknown case": (lambda p: p.set_attribute_value(p.attributes()[0].id, 9999, 3),
                               NotFoundError, "no case"),
    "duplicate attribute": (lambda p: p.add_attribute("Usia", AttributeType.TEXT),
                            ValidationError, "already an attribute"),
    "memo without title": (lambda p: p.add_memo(" "), ValidationError, "needs a name"),
    "unknown memo": (lambda p: p.edit_memo(9999, text="x"), NotFoundError, "no memo"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(
    base: Project, case: str
) -> None:
    operation, error_type, message = BAD[case]
    before = dump_tables(base)
    with pytest.raises(error_type, match=message):
        operation(base)
    assert dump_tables(base) == before


def test_ambiguous_code_name_asks_for_a_path(project: Project) -> None:
    project.add_code("Hoaks", parent_id=project.find_code("Konten").id)
    project.add_code("Hoaks", parent_id=project.find_code("Kredibilitas").id)
    with pytest.raises(ValidationError, match="Konten/Hoaks"):
        project.find_code("hoaks")
    assert project.code_path(project.find_code("Kredibilitas/Hoaks").id) == "Kredibilitas/Hoaks"
