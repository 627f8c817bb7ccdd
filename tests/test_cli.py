"""The kutip command: round trips through --json, exit statuses, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kutip.cli import main
from kutip.project import Project
from kutip_testing import raw_connection


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    status = main([str(a) for a in args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], *args: object) -> object:
    status, out, err = run(capsys, *args, "--json")
    assert status == 0, err
    return json.loads(out)


def test_new_import_code_and_list_round_trip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.kutip"
    assert run(capsys, "new", project)[0] == 0
    codes = run_json(capsys, "codes", project)
    assert [c["name"] for c in codes][:2] == ["Aksesibilitas", "Teknologi"]  # type: ignore[index]
    assert len(codes) == 10  # type: ignore[arg-type]

    transcript = tmp_path / "informan-03.txt"
    transcript.write_text("Informan 3: Saya lihat 🔥 di TikTok setiap malam.\r\n", encoding="utf-8")
    status, out, _ = run(capsys, "import", project, transcript)
    assert status == 0 and "1 imported" in out

    sources = run_json(capsys, "sources", project)
    assert sources[0]["title"] == "informan-03"  # type: ignore[index]
    assert sources[0]["kind"] == "text"  # type: ignore[index]
    source_id = sources[0]["id"]  # type: ignore[index]
    text = "Informan 3: Saya lihat 🔥 di TikTok setiap malam.\n"
    start = text.index("TikTok")

    coded = run_json(
        capsys, "code", project, "--source", source_id, "--start", start, "--end", start + 6,
        "--code", "Teknologi", "--memo", "platform",
    )  # fmt: skip
    assert coded["text"] == "TikTok"  # type: ignore[index]

    segments = run_json(capsys, "segments", project)
    assert segments == [  # type: ignore[comparison-overlap]
        {
            "id": coded["id"],  # type: ignore[index]
            "guid": coded["guid"],  # type: ignore[index]
            "source_id": source_id,
            "source": "informan-03",
            "start": start,
            "end": start + 6,
            "code_id": 2,
            "code": "Teknologi",
            "text": "TikTok",
            "memo": "platform",
            "coder": segments[0]["coder"],  # type: ignore[index]
            "created": segments[0]["created"],  # type: ignore[index]
        }
    ]
    assert run_json(capsys, "segments", project, "--code", "Konten") == []
    assert run_json(capsys, "check", project) == {"ok": True, "problems": []}


def test_new_with_an_empty_codebook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "kosong.kutip"
    assert run(capsys, "new", project, "--codebook", "empty")[0] == 0
    assert run_json(capsys, "codes", project) == []


def test_user_errors_exit_1_with_one_line_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.kutip"
    run(capsys, "new", project)
    status, _out, err = run(capsys, "code", project, "--source", 1, "--start", 0, "--end", 3,
                           "--code", "Konten")  # fmt: skip
    assert status == 1
    assert err.startswith("kutip: ") and err.count("\n") == 1 and "Traceback" not in err
    status, _, err = run(capsys, "new", project)
    assert status == 1 and "already exists" in err
    status, _, err = run(capsys, "new", tmp_path / "x.kutip", "--codebook", "nonsense")
    assert status == 1 and "no codebook called nonsense" in err
    assert not (tmp_path / "x.kutip").exists()


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["code", str(tmp_path / "p.kutip"), "--start", "x"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2


def test_import_reports_each_file_and_goes_on_after_a_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.kutip"
    run(capsys, "new", project)
    folder = tmp_path / "material"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Pertama.", encoding="utf-8")
    (folder / "sub" / "b.md").write_text("# Kedua\n", encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Caf\xe9 tanpa UTF-8".encode("latin-1"))
    (folder / "copy.txt").write_text("Pertama.", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (folder / ".hidden.txt").write_text("rahasia", encoding="utf-8")
    (folder / "picture.png").write_bytes(b"\x89PNG")
    status, out, err = run(capsys, "import", project, folder, tmp_path / "missing.txt")
    assert status == 1
    assert "imported   a.txt" in out and "imported   b.md" in out
    assert "duplicate  copy.txt (same file as a)" in out
    assert "imported   latin1.txt" in out
    # Failures are diagnostics, on stderr: what is piped on is the list of what came in.
    assert "binary.txt: this is not a text file" in err and "binary.txt" not in out
    assert "missing.txt: no such file or folder" in err
    assert "3 imported, 1 skipped as duplicates, 2 failed, 0 problems." in out
    titles = sorted(s["title"] for s in run_json(capsys, "sources", project))  # type: ignore[union-attr]
    assert titles == ["a", "b", "latin1"]
    latin1 = run_json(capsys, "show", project, "latin1")
    assert latin1["text"] == "Café tanpa UTF-8"  # type: ignore[index]


def test_check_lists_problems_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.kutip"
    with Project.create(path) as project:
        from kutip_testing import text_draft

        source = project.sources.add(text_draft("pendek")).value
        project.codings.apply(source, 0, 6, project.codes.find("Konten").id)
    conn = raw_connection(path)
    conn.execute("UPDATE sources SET text = 'x'")
    conn.execute("UPDATE files SET data = X'00'")
    conn.close()
    status, out, _ = run(capsys, "check", path)
    assert status == 1
    assert "segments 1 (0–6) lies outside the text of source 1 (length 1)" in out
    assert "is damaged" in out


def test_the_installed_command_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kutip.cli", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.startswith("Kutip ")


TRANSCRIPT = "Saya dan teman-teman di kampung tidak punya sinyal, jadi kami ke warung itu.\n"


def test_import_into_a_case_then_show_and_renumber_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.kutip"
    run(capsys, "new", project)
    transcript = tmp_path / "informan-07.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    assert run(capsys, "import", project, transcript, "--case", "Informan 7")[0] == 0
    shown = run_json(capsys, "show", project, "informan-07")
    assert shown["cases"] == ["Informan 7"]  # type: ignore[index]
    assert shown["text"] == TRANSCRIPT  # type: ignore[index]
    assert shown["language"] == "id"  # type: ignore[index]
    changed = run_json(capsys, "source", project, shown["id"], "--language", "en",  # type: ignore[index]
                       "--first-page", "12")  # fmt: skip
    assert changed["language"] == "en" and changed["first_page"] == 12  # type: ignore[index]
    status, _out, err = run(capsys, "show", project, "nothing")
    assert status == 1 and "no source called nothing" in err
