"""The session: recorded edits, compose, undo, listeners, GUIDs, settings and the coder."""

from __future__ import annotations

from pathlib import Path

import pytest
from project_testing import assert_undoable

from kutip.errors import ValidationError
from kutip.project import Project
from kutip_testing import dump_tables, text_draft


def test_rename_project_changes_the_project_and_undo_restores_every_table(
    seeded: Project, ids: dict[str, int]
) -> None:
    assert_undoable(seeded, ids, "rename_project", lambda p, i: p.rename_project("Pemilu 2024"))
    seeded.rename_project("Pemilu 2024")
    assert seeded.name == "Pemilu 2024" == seeded.setting("name")


def test_undo_refuses_when_the_rows_changed_since(seeded: Project, ids: dict[str, int]) -> None:
    rename = seeded.codes.rename(ids["access"], "Akses")
    seeded.codes.rename(ids["access"], "Akses lagi")
    before = dump_tables(seeded)
    with pytest.raises(Exception, match="cannot be undone"):
        seeded.undo(rename)
    assert dump_tables(seeded) == before


def test_listeners_hear_each_committed_edit_once(project: Project) -> None:
    heard: list[str] = []
    unsubscribe = project.subscribe(lambda edit: heard.append(edit.label))
    edit = project.codes.add("Baru")
    project.undo(edit)
    unsubscribe()
    project.codes.add("Lain")
    assert heard == ["New code 'Baru'", "New code 'Baru'"]


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


def test_a_given_guid_is_kept_once_and_must_be_one(project: Project) -> None:
    guid = "{0F8E3C4A-1B2C-4D5E-8F90-A1B2C3D4E5F6}"
    code = project.codes.get(project.codes.add("Baru", guid=guid).value)
    assert code.guid == "0f8e3c4a-1b2c-4d5e-8f90-a1b2c3d4e5f6"
    with pytest.raises(ValidationError, match="already used"):
        project.codes.add("Lain", guid=guid.lower())
    with pytest.raises(ValidationError, match="is not a GUID"):
        project.memos.add("Catatan", guid="not-a-guid")


def test_the_coder_is_recorded_once_and_found_again(tmp_path: Path) -> None:
    path = tmp_path / "p.kutip"
    with Project.create(path, coder="rina") as project:
        rina = project.coder
        assert rina.name == "rina"
    with Project.open(path, coder="rina") as project:
        assert project.coder == rina
    with Project.open(path, coder="budi") as project:
        assert [c.name for c in project.coders.all()] == ["rina", "budi"]
        assert project.guid and project.name == "p"
