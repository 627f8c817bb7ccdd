"""Every Project operation changes what it says, and its undo restores every table exactly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kutip.errors import ValidationError
from kutip.model import AttributeScope, AttributeType
from kutip.project import Edit, Project
from kutip_testing import dump_tables, text_draft

TEXT = "Pewawancara: Dari mana? 🔥\nInforman 1: Saya tahu dari TikTok, café e\u0301 dekat kampus.\n"


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


def _ids(project: Project) -> dict[str, int]:
    source = project.sources.all()[0].id
    return {
        "source": source,
        "second": project.sources.all()[1].id,
        "access": project.codes.find("Aksesibilitas").id,
        "tech": project.codes.find("Teknologi").id,
        "child": project.codes.find("Sinyal").id,
        "segment": project.codings.all(source_id=source)[0].id,
        "case": project.cases.all()[0].id,
        "attribute": project.cases.find_attribute("usia", AttributeScope.CASE).id,  # type: ignore[union-attr]
        "source_attribute": project.cases.find_attribute("genre", AttributeScope.SOURCE).id,  # type: ignore[union-attr]
        "memo": project.memos.all()[0].id,
    }


OPERATIONS: dict[str, Callable[[Project, dict[str, int]], Edit[Any]]] = {
    "add_source": lambda p, i: p.sources.add(text_draft("New words.", title="third")),
    "rename_source": lambda p, i: p.sources.rename(i["source"], "Renamed"),
    "set_source_memo": lambda p, i: p.sources.set_memo(i["source"], "memo"),
    "set_source_language": lambda p, i: p.sources.set_language(i["source"], "id"),
    "remove_source": lambda p, i: p.sources.remove(i["source"]),
    "add_code": lambda p, i: p.codes.add("Baru", color="#123456"),
    "add_subcode": lambda p, i: p.codes.add("Baru", parent_id=i["tech"]),
    "rename_code": lambda p, i: p.codes.rename(i["access"], "Akses"),
    "recolor_code": lambda p, i: p.codes.recolor(i["access"], "#000000"),
    "describe_code": lambda p, i: p.codes.describe(i["access"], definition="d", example="e"),
    "move_code_to_parent": lambda p, i: p.codes.move(i["child"], i["tech"]),
    "move_code_to_top": lambda p, i: p.codes.move(i["child"], None, 0),
    "reorder_code": lambda p, i: p.codes.move(i["tech"], None, 5),
    "merge_codes": lambda p, i: p.codes.merge(i["tech"], i["access"]),
    "merge_with_children": lambda p, i: p.codes.merge(i["access"], i["tech"]),
    "delete_code": lambda p, i: p.codes.delete(i["access"]),
    "apply_code": lambda p, i: p.codings.apply(i["source"], 2, 9, i["tech"], memo="m"),
    "remove_segment": lambda p, i: p.codings.remove(i["segment"]),
    "set_segment_range": lambda p, i: p.codings.set_range(i["segment"], 1, 3),
    "set_segment_memo": lambda p, i: p.codings.set_memo(i["segment"], "new memo"),
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
    "add_memo": lambda p, i: p.memos.add("Another", "text"),
    "edit_memo": lambda p, i: p.memos.edit(i["memo"], title="Journal 2", text="more"),
    "remove_memo": lambda p, i: p.memos.remove(i["memo"]),
    "rename_project": lambda p, i: p.rename_project("Pemilu 2024"),
}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_operation_changes_the_project_and_undo_restores_every_table(
    seeded: Project, name: str
) -> None:
    before = dump_tables(seeded)
    edit = OPERATIONS[name](seeded, _ids(seeded))
    after = dump_tables(seeded)
    assert after != before, f"{name} changed nothing"
    assert edit.label

    redo = seeded.undo(edit)
    assert dump_tables(seeded) == before

    seeded.undo(redo)
    assert dump_tables(seeded) == after


def test_undo_refuses_when_the_rows_changed_since(seeded: Project) -> None:
    ids = _ids(seeded)
    rename = seeded.codes.rename(ids["access"], "Akses")
    seeded.codes.rename(ids["access"], "Akses lagi")
    before = dump_tables(seeded)
    with pytest.raises(Exception, match="cannot be undone"):
        seeded.undo(rename)
    assert dump_tables(seeded) == before


def test_delete_code_takes_subcodes_and_their_codings(seeded: Project) -> None:
    ids = _ids(seeded)
    edit = seeded.codes.delete(ids["access"])
    assert edit.value == 3  # two codings of Aksesibilitas, one of its subcode Sinyal
    names = [c.name for c in seeded.codes.all()]
    assert "Aksesibilitas" not in names and "Sinyal" not in names and "Kuota" not in names
    assert [c.position for c in seeded.codes.all() if c.parent_id is None] == list(range(9))


def test_merge_recodes_codings_and_drops_exact_duplicates(seeded: Project) -> None:
    ids = _ids(seeded)
    seeded.codings.apply(ids["source"], 0, 11, ids["tech"])  # same range as an Aksesibilitas coding
    seeded.codes.merge(ids["tech"], ids["access"])
    ranges = sorted((s.start, s.end) for s in seeded.codings.all(code_id=ids["access"]))
    assert ranges == [(0, 6), (0, 11), (5, 20)]
    assert all(c.name != "Teknologi" for c in seeded.codes.all())


def test_move_code_keeps_sibling_positions_dense(seeded: Project) -> None:
    ids = _ids(seeded)
    seeded.codes.move(ids["child"], None, 0)
    top = [c for c in seeded.codes.all() if c.parent_id is None]
    assert top[0].name == "Sinyal"
    assert [c.position for c in top] == list(range(11))
    assert [c.name for c in seeded.codes.all() if c.parent_id == ids["access"]] == ["Kuota"]


def test_codes_in_tree_order_with_paths(seeded: Project) -> None:
    names = [seeded.codes.path(c.id) for c in seeded.codes.all()][:4]
    assert names == ["Aksesibilitas", "Aksesibilitas/Sinyal", "Aksesibilitas/Kuota", "Teknologi"]


def test_segment_text_counts_code_points(seeded: Project) -> None:
    source = _ids(seeded)["source"]
    start = TEXT.index("TikTok")
    edit = seeded.codings.apply(source, start, start + 6, seeded.codes.find("Konten").id)
    assert seeded.codings.text(seeded.codings.get(edit.value)) == "TikTok"
    cafe = TEXT.index("café")
    edit = seeded.codings.apply(source, cafe, cafe + 4, seeded.codes.find("Konten").id)
    assert seeded.codings.text(seeded.codings.get(edit.value)) == "café"


def test_listeners_hear_each_committed_edit_once(project: Project) -> None:
    heard: list[str] = []
    unsubscribe = project.subscribe(lambda edit: heard.append(edit.label))
    edit = project.codes.add("Baru")
    project.undo(edit)
    unsubscribe()
    project.codes.add("Lain")
    assert heard == ["New code 'Baru'", "New code 'Baru'"]


def test_remove_source_keeps_a_file_still_used_by_another_source(project: Project) -> None:
    first = project.sources.add(text_draft("same bytes", title="a")).value
    project.sources.add(text_draft("same bytes", title="b"))
    project.sources.remove(first)
    assert project.store.scalar("SELECT count(*) FROM files") == 1
    project.sources.remove(project.sources.all()[0].id)
    assert project.store.scalar("SELECT count(*) FROM files") == 0


def test_attribute_values_are_typed(seeded: Project) -> None:
    ids = _ids(seeded)
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


def test_compose_makes_one_undo_step_of_several_operations(project: Project) -> None:
    before = dump_tables(project)
    heard: list[str] = []
    project.subscribe(lambda edit: heard.append(edit.label))

    def steps() -> int:
        source = project.sources.add(text_draft("Satu dua tiga.")).value
        code = project.codes.add("Angka").value
        project.codings.apply(source, 0, 4, code)
        return source

    edit = project.compose("Import and code", steps)
    assert heard == ["Import and code"]
    assert len(project.codings.all(source_id=edit.value)) == 1
    project.undo(edit)
    assert dump_tables(project) == before


def test_a_failing_step_leaves_nothing_of_the_composed_edit(project: Project) -> None:
    before = dump_tables(project)

    def steps() -> None:
        project.codes.add("Angka")
        project.codes.add("Angka")  # refused: the whole composition is rolled back

    with pytest.raises(ValidationError):
        project.compose("Two codes", steps)
    assert dump_tables(project) == before
