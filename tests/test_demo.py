"""The demo project: the shipped material imported, assigned to cases and pre-coded."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kutip.cli import main
from kutip.demo import build_demo, demo_has_own_changes, has_own_changes
from kutip.errors import ProjectLockedError
from kutip.model import AttributeScope
from kutip.progress import Cancelled
from kutip.project import Project
from kutip.resources import resource_path
from kutip.store.integrity import find_problems


def test_the_demo_has_sources_cases_and_codings_on_the_right_text(tmp_path: Path) -> None:
    plan = tomllib.loads(resource_path("demo", "demo.toml").read_text(encoding="utf-8"))
    path = build_demo(tmp_path)
    with Project.open(path) as project:
        assert find_problems(project.store) == []
        titles = {s.title for s in project.sources.all()}
        assert {"informan-01", "informan-04", "social-media-campaigning-2024"} <= titles
        assert len(project.sources.all()) == 6
        assert [c.name for c in project.cases.all()] == [c["name"] for c in plan["cases"]]
        first_case = project.cases.find("Informan 1")
        assert first_case is not None
        assert project.cases.attribute_values(first_case.id, AttributeScope.CASE)["usia"] == "19"
        coded = sorted(
            (project.codes.get(s.code_id).name, project.codings.text(s))
            for s in project.codings.all()
        )
        assert coded == sorted((c["code"], c["quote"]) for c in plan["codings"])
        assert len(coded) >= 12
        assert "fictional" in project.memos.all()[0].text
        articles = [s for s in project.sources.all() if s.kind.value == "pdf"]
        assert sorted(s.bib_key or "" for s in articles) == ["harahap2024", "pratama2024"]
        pratama = next(s for s in articles if s.bib_key == "pratama2024")
        assert project.sources.pages(pratama.id)[0].label == "45"
        assert {e.citekey for e in project.references.all()} >= {"jansen2017", "mu2021"}


def test_building_the_demo_again_replaces_it(tmp_path: Path) -> None:
    build_demo(tmp_path)
    path = build_demo(tmp_path)
    with Project.open(path) as project:
        assert len(project.sources.all()) == 6


def test_a_cancelled_build_leaves_the_earlier_demo_untouched(tmp_path: Path) -> None:
    path = build_demo(tmp_path)
    before = path.read_bytes()

    class CancelAtOnce:
        cancelled = True

        def report(self, done: int, total: int, message: str = "") -> None:
            pass

    with pytest.raises(Cancelled):
        build_demo(tmp_path, CancelAtOnce())
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "kutip-demo.kutip"
    ]


def test_a_demo_open_elsewhere_is_not_replaced(tmp_path: Path) -> None:
    path = build_demo(tmp_path)
    with Project.open(path), pytest.raises(ProjectLockedError):
        build_demo(tmp_path)


def test_a_fresh_demo_has_no_own_changes_an_edit_has_and_its_undo_takes_it_back(
    tmp_path: Path,
) -> None:
    path = build_demo(tmp_path)
    assert not demo_has_own_changes(tmp_path)
    with Project.open(path) as project:
        edit = project.codes.add("Kode saya")
        assert has_own_changes(project)
        project.undo(edit)
        assert not has_own_changes(project)
        project.undo_last()  # one of the demo's own steps taken back is a change too
    assert demo_has_own_changes(tmp_path)
    assert not demo_has_own_changes(tmp_path / "elsewhere")  # no demo there at all


def test_the_demo_command_needs_force_to_replace_a_demo_with_own_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = build_demo(tmp_path)
    with Project.open(path) as project:
        project.codes.add("Kode saya")
    before = path.read_bytes()
    assert main(["demo", str(tmp_path), "--no-gui"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"kutip: The demo project {path} has your own changes;")
    assert "--force" in err
    assert path.read_bytes() == before
    assert main(["demo", str(tmp_path), "--no-gui", "--force"]) == 0
    with Project.open(path) as project:
        assert "Kode saya" not in {code.name for code in project.codes.all()}
        assert not has_own_changes(project)
    assert main(["demo", str(tmp_path), "--no-gui"]) == 0  # an unchanged demo is just rebuilt
