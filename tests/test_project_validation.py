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
    source = project.sources.add(text_draft("Sepuluh kata di sini saja.")).value
    project.codings.apply(source, 0, 8, project.codes.find("Konten").id)
    case = project.cases.add("Informan 1").value
    project.cases.add_attribute("usia", AttributeType.INTEGER)
    project.cases.link_source(case, source)
    return project


def _source(p: Project) -> int:
    return p.sources.all()[0].id


def _code(p: Project, name: str = "Konten") -> int:
    return p.codes.find(name).id


BAD: dict[str, tuple[Callable[[Project], Any], type[KnownError], str]] = {
    "range past the end": (
        lambda p: p.codings.apply(_source(p), 5, 500, _code(p)), ValidationError, "not inside"),
    "negative start": (lambda p: p.codings.apply(_source(p), -1, 3, _code(p)), ValidationError,
                       "not inside"),
    "empty range": (lambda p: p.codings.apply(_source(p), 4, 4, _code(p)), ValidationError,
                    "not inside"),
    "reversed range": (lambda p: p.codings.apply(_source(p), 6, 2, _code(p)), ValidationError,
                       "not inside"),
    "unknown code": (lambda p: p.codings.apply(_source(p), 0, 3, 9999), NotFoundError, "no code"),
    "unknown source": (lambda p: p.codings.apply(9999, 0, 3, _code(p)), NotFoundError, "no source"),
    "same coding twice": (lambda p: p.codings.apply(_source(p), 0, 8, _code(p)), ValidationError,
                          "already coded"),
    "code without name": (lambda p: p.codes.add("   "), ValidationError, "needs a name"),
    "duplicate code name": (lambda p: p.codes.add("konten"), ValidationError, "already a code"),
    "bad colour": (lambda p: p.codes.add("Baru", color="red"), ValidationError, "not a colour"),
    "rename to a sibling's name": (lambda p: p.codes.rename(_code(p), "Teknologi"),
                                   ValidationError, "already a code"),
    "move under itself": (lambda p: p.codes.move(_code(p), _code(p)), ValidationError, "itself"),
    "merge into itself": (lambda p: p.codes.merge(_code(p), _code(p)), ValidationError, "itself"),
    "unknown parent": (lambda p: p.codes.add("Baru", parent_id=9999), NotFoundError, "no code"),
    "code name not found": (lambda p: p.codes.find("Tidak ada"), NotFoundError, "no code called"),
    "source without title": (lambda p: p.sources.add(text_draft("x", title=" ")),
                             ValidationError, "needs a name"),
    "rename unknown source": (lambda p: p.sources.rename(9999, "x"), NotFoundError, "no source"),
    "segment range outside": (lambda p: p.codings.set_range(p.codings.all()[0].id, 0, 10_000),
                              ValidationError, "not inside"),
    "unknown segment": (lambda p: p.codings.remove(9999), NotFoundError, "no coding"),
    "case without name": (lambda p: p.cases.add(""), ValidationError, "needs a name"),
    "duplicate case": (lambda p: p.cases.add("informan 1"), ValidationError, "already a case"),
    "link twice": (lambda p: p.cases.link_source(p.cases.all()[0].id, _source(p)),
                   ValidationError, "already part"),
    "half a part": (lambda p: p.cases.link_source(p.cases.all()[0].id, _source(p), 0, None),
                    ValidationError, "both the start and the end"),
    "not an integer": (lambda p: p.cases.set_attribute_value(p.cases.attributes()[0].id, p.cases.all()[0].id,
                                                       "sembilan belas"),
                       ValidationError, "not a valid integer"),
    "value for unknown case": (lambda p: p.cases.set_attribute_value(p.cases.attributes()[0].id, 9999, 3),
                               NotFoundError, "no case"),
    "duplicate attribute": (lambda p: p.cases.add_attribute("Usia", AttributeType.TEXT),
                            ValidationError, "already an attribute"),
    "memo without title": (lambda p: p.memos.add(" "), ValidationError, "needs a name"),
    "unknown memo": (lambda p: p.memos.edit(9999, text="x"), NotFoundError, "no memo"),
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
    project.codes.add("Hoaks", parent_id=project.codes.find("Konten").id)
    project.codes.add("Hoaks", parent_id=project.codes.find("Kredibilitas").id)
    with pytest.raises(ValidationError, match="Konten/Hoaks"):
        project.codes.find("hoaks")
    assert project.codes.path(project.codes.find("Kredibilitas/Hoaks").id) == "Kredibilitas/Hoaks"
