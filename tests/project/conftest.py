"""Fixtures of the Project tests: a seeded project with something of every kind, and the ids
of its rows."""

from __future__ import annotations

import pytest
from project_testing import TEXT

from kutip.model import AttributeScope, AttributeType
from kutip.project import Project
from kutip_testing import text_draft


@pytest.fixture
def seeded(project: Project) -> Project:
    """A project with a source, a code tree, codings, a case with attributes, and a memo."""
    source = project.sources.add(text_draft(TEXT)).value
    second = project.sources.add(text_draft("Second source text.", title="second")).value
    access = project.codes.find("Aksesibilitas").id
    tech = project.codes.find("Teknologi").id
    child = project.codes.add("Sinyal", parent_id=access).value
    project.codes.add("Kuota", parent_id=access)
    project.codings.apply(source, 0, 11, access, memo="first")
    project.codings.apply(source, 5, 20, tech)
    project.codings.apply(source, 30, 40, child)
    project.codings.apply(second, 0, 6, access)
    case = project.cases.add("Informan 1").value
    project.cases.link_source(case, source)
    age = project.cases.add_attribute("usia", AttributeType.INTEGER).value
    project.cases.set_attribute_value(age, case, 19)
    project.cases.add_attribute("genre", AttributeType.TEXT, AttributeScope.SOURCE)
    project.memos.add("Journal", "first thoughts")
    return project


@pytest.fixture
def ids(seeded: Project) -> dict[str, int]:
    """The ids of the seeded project's rows, by what they are."""
    source = seeded.sources.all()[0].id
    age = seeded.cases.find_attribute("usia", AttributeScope.CASE)
    genre = seeded.cases.find_attribute("genre", AttributeScope.SOURCE)
    assert age is not None and genre is not None
    return {
        "source": source,
        "second": seeded.sources.all()[1].id,
        "access": seeded.codes.find("Aksesibilitas").id,
        "tech": seeded.codes.find("Teknologi").id,
        "child": seeded.codes.find("Sinyal").id,
        "segment": seeded.codings.all(source_id=source)[0].id,
        "case": seeded.cases.all()[0].id,
        "attribute": age.id,
        "source_attribute": genre.id,
        "memo": seeded.memos.all()[0].id,
    }


@pytest.fixture
def base(project: Project) -> Project:
    """A project with a source coded once, a case holding it, and an integer attribute."""
    source = project.sources.add(text_draft("Sepuluh kata di sini saja.")).value
    project.codings.apply(source, 0, 8, project.codes.find("Konten").id)
    case = project.cases.add("Informan 1").value
    project.cases.add_attribute("usia", AttributeType.INTEGER)
    project.cases.link_source(case, source)
    return project
