"""The kutip commands a script codes with: `code` joins codings, `code-add`, `case`, `memo` and
`undo` — each checked through its output and the project file's rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kutip.cli import main
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
