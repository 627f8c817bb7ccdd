"""The kutip commands a script codes with: `code` joins codings, `code-add`, `case`, `memo` and
`undo` — each checked through its output and the project file's rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kutip.cli import main
from kutip.model import AttributeScope
from kutip.project import Project
from kutip_testing import text_draft

TEXT = "Informan 3: Saya lihat kampanye di TikTok setiap malam. Lalu saya memilih."


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    status = main([str(a) for a in args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], *args: object) -> object:
    status, out, err = run(capsys, *args, "--json")
    assert status == 0, err
    return json.loads(out)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    file = tmp_path / "p.kutip"
    with Project.create(file, codebook="empty", coder="tester") as project:
        project.sources.add(text_draft(TEXT, title="informan-03"))
        project.codes.add("Kampanye")
    return file


def test_code_joins_an_overlapping_coding_and_says_so(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = run_json(capsys, "code", path, "--source", 1, "--start", 12, "--end", 30,
                     "--code", "Kampanye")  # fmt: skip
    assert first["joined"] == 0  # type: ignore[index]
    joined = run_json(capsys, "code", path, "--source", 1, "--start", 25, "--end", 55,
                      "--code", "Kampanye")  # fmt: skip
    assert joined["id"] == first["id"] and joined["joined"] == 1  # type: ignore[index]
    assert joined["text"] == TEXT[12:55]  # type: ignore[index]
    status, out, _err = run(capsys, "code", path, "--source", 1, "--start", 55, "--end", 74,
                            "--code", "Kampanye")  # fmt: skip
    assert status == 0 and "joined with 1 coding of yours" in out
    with Project.open(path) as project:
        assert [(s.start, s.end) for s in project.codings.all()] == [(12, 74)]


def test_code_add_with_a_parent_colour_and_description(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    added = run_json(capsys, "code-add", path, "Daring", "--parent", "Kampanye",
                     "--color", "#AA3300", "--description", "Kampanye lewat internet")  # fmt: skip
    assert added["parent"] == "Kampanye" and added["color"] == "#aa3300"  # type: ignore[index]
    with Project.open(path) as project:
        code = project.codes.get(added["id"])  # type: ignore[index]
        assert code.parent_id == project.codes.find("Kampanye").id
        assert (code.name, code.definition) == ("Daring", "Kampanye lewat internet")
    status, _out, err = run(capsys, "code-add", path, "Salah", "--color", "merah")
    assert status == 1 and err.startswith("kutip: merah is not a colour")


def test_case_is_made_then_given_sources_and_attributes_in_one_step(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = run_json(capsys, "case", path, "Informan 3", "--source", "informan-03",
                    "--set", "usia=19", "kota=Medan")  # fmt: skip
    assert made["new"] is True and made["sources"] == [1]  # type: ignore[index]
    assert made["attributes"] == {"usia": "19", "kota": "Medan"}  # type: ignore[index]
    again = run_json(capsys, "case", path, "informan 3", "--source", "1", "--set", "usia=20")
    assert again["id"] == made["id"] and again["new"] is False  # type: ignore[index]
    with Project.open(path) as project:
        case = project.cases.get(made["id"])  # type: ignore[index]
        assert [link.source_id for link in project.cases.links(case.id)] == [1]
        usia = project.cases.find_attribute("usia", AttributeScope.CASE)
        assert usia is not None
        assert project.cases.attribute_values(case.id, AttributeScope.CASE)["usia"] == "20"
    status, _out, err = run(capsys, "case", path, "X", "--source", "tidak-ada")
    assert status == 1 and "no source called tidak-ada" in err
    status, _out, err = run(capsys, "case", path, "X", "--set", "usia")
    assert status == 1 and "usia is not ATTRIBUTE=VALUE" in err


def test_memo_is_added_to_the_journal(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    memo = run_json(capsys, "memo", path, "Catatan", "--text", "Pemilih pemula 🔥")
    with Project.open(path) as project:
        stored = project.memos.get(memo["id"])  # type: ignore[index]
        assert (stored.title, stored.text) == ("Catatan", "Pemilih pemula 🔥")


def test_undo_takes_back_the_last_step_one_after_another(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_json(capsys, "code-add", path, "Daring")
    run_json(capsys, "case", path, "Informan 3", "--source", "1", "--set", "usia=19")
    assert run_json(capsys, "undo", path)["undone"] == "Case 'Informan 3'"  # type: ignore[index]
    with Project.open(path) as project:
        assert project.cases.all() == [] and project.cases.attributes(AttributeScope.CASE) == []
        assert [c.name for c in project.codes.all()] == ["Kampanye", "Daring"]
    status, out, _err = run(capsys, "undo", path)
    assert status == 0 and out == "Undone: New code 'Daring'\n"
    assert run(capsys, "undo", path)[1] == "Undone: New code 'Kampanye'\n"  # the fixture's
    assert run(capsys, "undo", path)[0] == 0  # the fixture's source
    status, _out, err = run(capsys, "undo", path)
    assert status == 1 and err == "kutip: There is nothing to undo in p.kutip.\n"


def test_undo_follows_the_windows_undo_and_redo(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Project.open(path) as project:  # as the window does: edits, Ctrl+Z, Ctrl+Shift+Z
        first = project.memos.add("Satu", "1")
        second = project.memos.add("Dua", "2")
        project.undo(second)  # the window's Ctrl+Z: "Dua" is gone
        redo = project.undo(project.undo(first))  # Ctrl+Z and Ctrl+Shift+Z of "Satu"
        assert redo.changes
    # The last step standing is "Satu" (redone), not "Dua" (undone) and not the undos.
    run(capsys, "undo", path)
    with Project.open(path) as project:
        assert project.memos.all() == []
