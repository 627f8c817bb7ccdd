"""Team work on the command line: --coder and KUTIP_CODER, kutip merge, kutip agreement."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kutip.cli import main
from kutip.project import Project
from kutip_testing import text_draft

TEXT = "Informan 1: Saya tahu debat dari TikTok 😀 dan grup WhatsApp keluarga."


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    status = main([str(a) for a in args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def coded_by(path: Path) -> list[tuple[int, int, str]]:
    with Project.open(path) as project:
        names = {c.id: c.name for c in project.coders.all()}
        return sorted((s.start, s.end, names[s.coder_id or 0]) for s in project.codings.all())


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "base.kutip"
    with Project.create(path, codebook="empty", coder="setup") as project:
        project.sources.add(text_draft(TEXT, title="informan-1"))
        project.codes.add("Sumber")
        project.codes.add("Kosong")
    return path


def test_the_coder_is_named_by_option_then_environment_then_the_last_used(
    base: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code = ("code", base, "--source", 1, "--code", "Sumber")
    assert run(capsys, *code, "--start", 0, "--end", 8, "--coder", "Alice")[0] == 0
    monkeypatch.setenv("KUTIP_CODER", "Bob")
    assert run(capsys, *code, "--start", 0, "--end", 8)[0] == 0  # Bob's, beside Alice's
    monkeypatch.delenv("KUTIP_CODER")
    assert run(capsys, *code, "--start", 12, "--end", 16)[0] == 0  # Bob was the last named
    status, _out, err = run(capsys, *code, "--start", 0, "--end", 8)
    assert status == 1 and err.startswith("kutip: ") and "already coded" in err
    assert coded_by(base) == [(0, 8, "Alice"), (0, 8, "Bob"), (12, 16, "Bob")]
    segments = json.loads(run(capsys, "segments", base, "--json")[1])
    assert {s["coder"] for s in segments} == {"Alice", "Bob"}


def test_merge_and_agreement_on_the_command_line(
    base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alice, bob = tmp_path / "alice.kutip", tmp_path / "bob.kutip"
    shutil.copy(base, alice)
    shutil.copy(base, bob)
    code = ("--source", 1, "--code", "Sumber")
    assert run(capsys, "code", alice, *code, "--start", 33, "--end", 41, "--coder", "Alice")[0] == 0
    assert run(capsys, "code", bob, *code, "--start", 33, "--end", 39, "--coder", "Bob")[0] == 0
    status, out, err = run(capsys, "merge", alice, bob, "--json")
    assert status == 0, err
    merged = json.loads(out)
    assert merged["added"]["codings"] == 1 and merged["added"]["coders"] == 1
    assert merged["changed"] is True
    status, out, _err = run(capsys, "merge", alice, bob)
    assert status == 0 and "nothing new" in out
    assert coded_by(alice) == [(33, 39, "Bob"), (33, 41, "Alice")]

    status, out, err = run(capsys, "agreement", alice, "--coders", "Alice", "Bob", "--json")
    assert status == 0, err
    data = json.loads(out)
    assert data["coders"] == ["Alice", "Bob"] and data["units"] == len(TEXT)
    rows = {row["code"]: row for row in data["codes"]}
    assert (rows["Sumber"]["a_chars"], rows["Sumber"]["b_chars"]) == (8, 6)
    assert rows["Sumber"]["both_chars"] == 6
    n = len(TEXT)  # 6 characters both, 2 Alice only, the rest neither
    expected = (8 / n) * (6 / n) + (1 - 8 / n) * (1 - 6 / n)
    kappa = ((n - 2) / n - expected) / (1 - expected)
    assert rows["Sumber"]["kappa"] == pytest.approx(kappa, abs=1e-6)
    assert rows["Kosong"]["kappa"] is None and rows["Kosong"]["alpha"] is None
    assert data["overall"]["a_chars"] == 8

    status, out, _err = run(capsys, "agreement", alice, "--coders", "Alice", "Bob")
    assert status == 0 and "Sumber" in out and "—" in out and "1 passage differs." in out
    status, _out, err = run(capsys, "agreement", alice, "--coders", "Alice", "Carol")
    assert status == 1 and err == "kutip: There is no coder called Carol.\n"
    status, _out, err = run(capsys, "merge", alice, tmp_path / "none.kutip")
    assert status == 1 and "none.kutip" in err and "Traceback" not in err


def test_reports_filter_runs_of_two_coders_and_carry_their_agreement(
    base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import docx
    import openpyxl

    code = ("code", base, "--source", 1, "--code", "Sumber")
    run(capsys, *code, "--start", 33, "--end", 41, "--coder", "Alice")  # "TikTok 😀"…
    run(capsys, *code, "--start", 33, "--end", 39, "--coder", "Bob")  # overlaps Alice's
    run(capsys, *code, "--start", 0, "--end", 10, "--coder", "Alice")  # Alice only
    run(capsys, *code, "--start", 54, "--end", 62, "--coder", "Carol")  # neither
    runs = {}
    for which in ("a-only", "b-only", "both"):
        out = tmp_path / f"{which}.csv"
        status, _out, err = run(
            capsys, "export", base, "--format", "csv", "-o", out,
            "--coded-by", "Alice", "Bob", which,
        )  # fmt: skip
        assert status == 0, err
        runs[which] = sorted(line.split(",")[0] for line in out.read_text("utf-8").splitlines()[1:])
    assert [len(runs[w]) for w in ("a-only", "b-only", "both")] == [1, 0, 2]
    status, _out, err = run(
        capsys, "export", base, "--format", "csv", "-o", tmp_path / "x.csv",
        "--coded-by", "Alice", "Bob", "sometimes",
    )  # fmt: skip
    assert status == 1 and "sometimes" in err and "a-only" in err

    report = tmp_path / "kesepakatan.docx"
    status, _out, err = run(
        capsys, "export", base, "--format", "docx", "-o", report, "--agreement", "Alice", "Bob",
        "--lang", "id", "--no-charts",
    )  # fmt: skip
    assert status == 0, err
    document = docx.Document(str(report))
    assert any(p.text == "Kesepakatan antarpengode" for p in document.paragraphs)
    table = next(
        t for t in document.tables if t.rows[0].cells[0].text == "Kode" and len(t.columns) == 8
    )
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows}
    assert rows["Kode"][4:6] == ["Alice", "Bob"]
    assert rows["Sumber"][4:7] == ["18", "6", "6"]
    assert rows["Kosong"][2] == "—"  # nobody used it: kappa undefined
    sheet_path = tmp_path / "kesepakatan.xlsx"
    status, _out, err = run(
        capsys, "export", base, "--format", "xlsx", "-o", sheet_path, "--agreement", "Alice", "Bob"
    )
    assert status == 0, err
    sheet = openpyxl.load_workbook(sheet_path)["Agreement"]
    values = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["Sumber"][4:7] == (18, 6, 6)
    assert values["Kosong"][2] is None and isinstance(values["Sumber"][2], float)
    assert "All codes" in values
