"""kutip.store.queries: typed reads — a missing row is None (the project names it to the
user), lists come in a stable order, parts of sources are told from whole ones."""

from __future__ import annotations

import pytest

from kutip.model import AttributeScope, AttributeType
from kutip.project import Project
from kutip.store import queries
from kutip_testing import text_draft


def test_a_lookup_of_a_missing_row_is_none(project: Project) -> None:
    store = project.store
    assert queries.source(store, 42) is None
    assert queries.source_text(store, 42) is None
    assert queries.code(store, 42) is None
    assert queries.segment(store, 42) is None
    assert queries.case(store, 42) is None
    assert queries.attribute(store, 42) is None
    assert queries.memo(store, 42) is None
    assert queries.bib_entry(store, "nobody1999") is None
    assert queries.coder_named(store, "nobody") is None
    assert queries.setting(store, "no such key") is None


def test_child_codes_by_position_at_the_top_and_below(empty_project: Project) -> None:
    store = empty_project.store
    first = empty_project.codes.add("Satu").value
    second = empty_project.codes.add("Dua").value
    below = empty_project.codes.add("Anak", parent_id=first).value
    empty_project.codes.move(second, None, 0)
    assert [c.id for c in queries.child_codes(store, None)] == [second, first]
    assert [c.id for c in queries.child_codes(store, first)] == [below]
    assert queries.child_codes(store, below) == []
    assert queries.code_colors(store) == {c.color for c in empty_project.codes.all()}


def test_a_case_link_to_a_part_is_not_one_to_the_whole(project: Project) -> None:
    store = project.store
    source = project.sources.add(text_draft("Sepuluh kata di sini saja.")).value
    case = project.cases.add("Informan 1").value
    project.cases.link_source(case, source, 0, 7)
    assert queries.case_link_exists(store, case, source, 0, 7)
    assert not queries.case_link_exists(store, case, source, None, None)
    assert not queries.case_link_exists(store, case, source, 0, 8)


def test_codings_filtered_and_the_coding_at_a_range(project: Project) -> None:
    store = project.store
    first = project.sources.add(text_draft("Satu dua tiga.", title="a")).value
    second = project.sources.add(text_draft("Empat lima.", title="b")).value
    code = project.codes.find("Konten").id
    other = project.codes.find("Teknologi").id
    kept = project.codings.apply(first, 0, 4, code).value
    project.codings.apply(first, 5, 8, other)
    project.codings.apply(second, 0, 5, code)
    assert [s.id for s in queries.segments(store, source_id=first, code_id=code)] == [kept]
    assert len(queries.segments(store, code_id=code)) == 2
    assert queries.coding_at(store, first, 0, 4, code) == kept
    assert queries.coding_at(store, first, 0, 4, other) is None
    assert queries.coding_counts(store) == {code: (2, 2), other: (1, 1)}
    assert queries.text_slice(store, first, 5, 8) == "dua"


def test_attribute_values_of_cases_and_of_sources_apart(project: Project) -> None:
    store = project.store
    source = project.sources.add(text_draft("Teks.")).value
    case = project.cases.add("Informan 1").value
    age = project.cases.add_attribute("usia", AttributeType.INTEGER).value
    kind = project.cases.add_attribute("jenis", AttributeType.TEXT, AttributeScope.SOURCE).value
    project.cases.set_attribute_value(age, case, 19)
    project.cases.set_attribute_value(kind, source, "wawancara")
    assert queries.attribute_values(store, case, AttributeScope.CASE) == {"usia": "19"}
    assert queries.attribute_values(store, source, AttributeScope.SOURCE) == {"jenis": "wawancara"}
    assert queries.attribute_value_id(store, age, AttributeScope.CASE, case) is not None
    assert queries.attribute_value_id(store, kind, AttributeScope.CASE, case) is None
    assert [a.name for a in queries.attributes(store, AttributeScope.SOURCE)] == ["jenis"]


def test_guids_are_looked_up_only_in_tables_that_have_them(project: Project) -> None:
    assert not queries.guid_taken(project.store, "codes", "0" * 8)
    with pytest.raises(ValueError, match="no GUIDs"):
        queries.guid_taken(project.store, "files; DROP TABLE codes", "x")
