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


CLI_BIB = r"""
@article{nugroho2022,
  author = {Nugroho, Budi and Lim, Sarah J.},
  title = {Hoaxes on {TikTok}},
  journal = {Journal of Computer-Mediated Communication},
  year = {2022},
  doi = {10.1093/JCMC/ZMAC012},
}
@article{nugroho2022dup,
  author = {Nugroho, B.},
  title = {Hoaxes on TikTok},
  year = {2022},
  pages = {112--130},
}
"""


def test_references_are_linked_edited_merged_and_listed_with_every_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.kutip"
    bib = tmp_path / "refs.bib"
    bib.write_text(CLI_BIB, encoding="utf-8")
    article = tmp_path / "Hoaxes article.txt"
    article.write_text("Video kampanye di TikTok.\n", encoding="utf-8")
    other = tmp_path / "copy.txt"
    other.write_text("Salinan lain.\n", encoding="utf-8")
    assert run(capsys, "new", project)[0] == 0
    assert run(capsys, "import", project, bib, article, other)[0] == 0

    # SOURCE is an id or an exact title, in every command.
    linked = run_json(capsys, "source", project, "Hoaxes article", "--reference", "nugroho2022")
    assert linked["reference"] == "nugroho2022"  # type: ignore[index]
    run_json(capsys, "source", project, "copy", "--reference", "nugroho2022dup")
    coded = run_json(
        capsys, "code", project, "--source", "Hoaxes article", "--start", 0, "--end", 5,
        "--code", "Teknologi",
    )  # fmt: skip
    assert coded["text"] == "Video"  # type: ignore[index]
    assert len(run_json(capsys, "segments", project, "--source", "Hoaxes article")) == 1  # type: ignore[arg-type]

    edited = run_json(
        capsys, "reference", project, "nugroho2022", "--set",
        "title=Hoaxes on {TikTok} in {Indonesia}", "subtitle=How Voters Judge Videos",
        "authors=Nugroho, Budi and Lim, Sarah Jane", "volume=27", "issue=4", "language=en",
    )  # fmt: skip
    assert edited["title"] == "Hoaxes on {TikTok} in {Indonesia}"  # type: ignore[index]
    assert edited["authors"] == ["Nugroho, Budi", "Lim, Sarah Jane"]  # type: ignore[index]
    assert edited["protected"] == {"title": ["TikTok", "Indonesia"]}  # type: ignore[index]

    status, _out, err = run(
        capsys, "reference", project, "nugroho2022", "--merge", "nugroho2022dup"
    )
    assert status == 0 and "1 source now cites it" in err
    listed = run_json(capsys, "references", project)
    assert len(listed) == 1  # type: ignore[arg-type]
    (entry,) = listed  # type: ignore[misc]
    assert {key: entry[key] for key in ("citekey", "type", "container", "volume", "issue")} == {
        "citekey": "nugroho2022",
        "type": "article",
        "container": "Journal of Computer-Mediated Communication",
        "volume": "27",
        "issue": "4",
    }
    assert (entry["pages"], entry["doi"], entry["language"]) == (
        "112–130",
        "10.1093/JCMC/ZMAC012",
        "en",
    )
    assert entry["fields"]["title"] == "Hoaxes on TikTok in Indonesia"
    assert [s["title"] for s in entry["sources"]] == ["Hoaxes article", "copy"]
    assert entry["codings"] == 1

    unlinked = run_json(capsys, "source", project, "copy", "--no-reference")
    assert unlinked["reference"] is None  # type: ignore[index]
    status, _out, err = run(capsys, "reference", project, "nugroho2022", "--set", "doi=nonsense")
    assert (
        status == 1
        and err == "kutip: nonsense is not a DOI (it starts with 10. and has a slash).\n"
    )
    status, _out, err = run(capsys, "code", project, "--source", "nothing", "--start", 0,
                            "--end", 1, "--code", "Teknologi")  # fmt: skip
    assert status == 1 and "There is no source called nothing." in err
