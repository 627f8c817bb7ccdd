"""project.codes: the code tree — each operation changes what it says and is undone exactly,
names are unique among siblings, positions stay dense, paths name codes."""

from __future__ import annotations

import pytest
from project_testing import Operation, Refusal, assert_refused, assert_undoable

from kutip.errors import NotFoundError, ValidationError
from kutip.project import Project

OPERATIONS: dict[str, Operation] = {
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
}


def _code(p: Project, name: str = "Konten") -> int:
    return p.codes.find(name).id


BAD: dict[str, Refusal] = {
    "code without name": (lambda p: p.codes.add("   "), ValidationError, "needs a name"),
    "duplicate code name": (lambda p: p.codes.add("konten"), ValidationError, "already a code"),
    "bad colour": (lambda p: p.codes.add("Baru", color="red"), ValidationError, "not a colour"),
    "rename to a sibling's name": (lambda p: p.codes.rename(_code(p), "Teknologi"),
                                   ValidationError, "already a code"),
    "move under itself": (lambda p: p.codes.move(_code(p), _code(p)), ValidationError, "itself"),
    "merge into itself": (lambda p: p.codes.merge(_code(p), _code(p)), ValidationError, "itself"),
    "unknown parent": (lambda p: p.codes.add("Baru", parent_id=9999), NotFoundError, "no code"),
    "code name not found": (lambda p: p.codes.find("Tidak ada"), NotFoundError, "no code called"),
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


def test_delete_code_takes_subcodes_and_their_codings(seeded: Project, ids: dict[str, int]) -> None:
    edit = seeded.codes.delete(ids["access"])
    assert edit.value == 3  # two codings of Aksesibilitas, one of its subcode Sinyal
    names = [c.name for c in seeded.codes.all()]
    assert "Aksesibilitas" not in names and "Sinyal" not in names and "Kuota" not in names
    assert [c.position for c in seeded.codes.all() if c.parent_id is None] == list(range(9))


def test_merge_recodes_codings_and_drops_exact_duplicates(
    seeded: Project, ids: dict[str, int]
) -> None:
    seeded.codings.apply(ids["source"], 0, 11, ids["tech"])  # same range as Aksesibilitas's
    seeded.codes.merge(ids["tech"], ids["access"])
    ranges = sorted((s.start, s.end) for s in seeded.codings.all(code_id=ids["access"]))
    assert ranges == [(0, 6), (0, 11), (5, 20)]
    assert all(c.name != "Teknologi" for c in seeded.codes.all())


def test_move_code_keeps_sibling_positions_dense(seeded: Project, ids: dict[str, int]) -> None:
    seeded.codes.move(ids["child"], None, 0)
    top = [c for c in seeded.codes.all() if c.parent_id is None]
    assert top[0].name == "Sinyal"
    assert [c.position for c in top] == list(range(11))
    assert [c.name for c in seeded.codes.all() if c.parent_id == ids["access"]] == ["Kuota"]


def test_codes_in_tree_order_with_paths(seeded: Project) -> None:
    names = [seeded.codes.path(c.id) for c in seeded.codes.all()][:4]
    assert names == ["Aksesibilitas", "Aksesibilitas/Sinyal", "Aksesibilitas/Kuota", "Teknologi"]


def test_ambiguous_code_name_asks_for_a_path(project: Project) -> None:
    project.codes.add("Hoaks", parent_id=project.codes.find("Konten").id)
    project.codes.add("Hoaks", parent_id=project.codes.find("Kredibilitas").id)
    with pytest.raises(ValidationError, match="Konten/Hoaks"):
        project.codes.find("hoaks")
    found = project.codes.find("Kredibilitas/Hoaks")
    assert project.codes.path(found.id) == "Kredibilitas/Hoaks"


def test_find_by_id_and_guid(seeded: Project, ids: dict[str, int]) -> None:
    code = seeded.codes.get(ids["child"])
    assert seeded.codes.find(str(code.id)) == code
    assert seeded.codes.find("{" + code.guid.upper() + "}") == code


def test_children_descendants_counts_and_usage(seeded: Project, ids: dict[str, int]) -> None:
    assert [c.name for c in seeded.codes.children(ids["access"])] == ["Sinyal", "Kuota"]
    assert [c.name for c in seeded.codes.children(ids["access"], excluding=ids["child"])] == [
        "Kuota"
    ]
    kuota = seeded.codes.find("Kuota").id
    assert seeded.codes.descendants(ids["access"]) == [ids["child"], kuota]
    counts = seeded.codes.counts()
    assert set(counts) == {c.id for c in seeded.codes.all()}
    assert counts[ids["access"]] == (2, 2) == seeded.codes.usage(ids["access"])
    assert counts[kuota] == (0, 0) == seeded.codes.usage(kuota)


def test_new_codes_take_the_next_unused_colour(empty_project: Project) -> None:
    first = empty_project.codes.get(empty_project.codes.add("Satu").value)
    second = empty_project.codes.get(empty_project.codes.add("Dua").value)
    assert (first.color, second.color) == ("#1f77b4", "#ff7f0e")
    assert (first.position, second.position) == (0, 1)
