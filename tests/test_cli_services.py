"""The command line over search, autocode and REFI-QDA exchange, on the demo project."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kutip.cli import main
from kutip.demo import build_demo
from kutip.project import Project


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KUTIP_CACHE_DIR", str(tmp_path / "cache"))
    return build_demo(tmp_path / "demo")


def _json(capsys: pytest.CaptureFixture[str], *args: object) -> object:
    assert main([str(a) for a in args]) == 0
    return json.loads(capsys.readouterr().out)


def test_search_gives_exact_offsets_of_every_match(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = _json(capsys, "search", demo, "hoaks", "--json", "--limit", "5")
    assert results["total"] >= 2  # type: ignore[index]
    with Project.open(demo) as project:
        for hit in results["hits"]:  # type: ignore[index]
            text = project.sources.text(hit["source_id"])
            assert all(text[s:e].casefold().startswith("hoaks") for s, e in hit["matches"])


def test_a_query_with_a_syntax_error_is_a_one_line_message(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", str(demo), "kampanye AND ("]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kutip: ") and "never closed" in err and "Traceback" not in err


def test_autocode_dry_run_then_for_real_then_nothing_left(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["autocode", str(demo), '"grup WhatsApp"', "--code", "Interaksi Sosial"]
    assert main([*args, "--scope", "sentence", "--dry-run"]) == 0
    preview = capsys.readouterr().out
    with Project.open(demo) as project:
        before = len(project.codings.all())
    assert "will be coded 'Interaksi Sosial'" in preview
    # The dry run lists each passage it would code: source, range and text.
    planned = int(preview.split(" passage")[0])
    listed = [line for line in preview.splitlines() if re.search(r" \d+–\d+ ", line)]
    assert planned > 0 and len(listed) == planned
    assert main([*args, "--scope", "sentence"]) == 0
    with Project.open(demo) as project:
        created = len(project.codings.all()) - before
        assert created > 0
    assert main([*args, "--scope", "sentence"]) == 0
    assert "0 passages will be coded" in capsys.readouterr().out.splitlines()[-1]


def test_qdpx_export_then_import_into_a_new_project(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "demo.qdpx"
    assert main(["export", str(demo), "--format", "qdpx", "-o", str(exported)]) == 0
    copy = tmp_path / "copy.kutip"
    assert main(["import", str(copy), str(exported)]) == 0
    assert "16 codings" in capsys.readouterr().out
    original = _json(capsys, "segments", demo, "--json")
    again = _json(capsys, "segments", copy, "--json")
    key = ("guid", "start", "end", "code", "text", "memo")
    assert sorted(tuple(s[k] for k in key) for s in again) == sorted(  # type: ignore[union-attr]
        tuple(s[k] for k in key)
        for s in original  # type: ignore[union-attr]
    )


def test_a_hostile_qdpx_is_refused_and_the_project_unchanged(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import zipfile

    hostile = tmp_path / "evil.qdpx"
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("project.qde", "<Project/>")
        archive.writestr("../../escape.txt", "gotcha")
    before = _json(capsys, "segments", demo, "--json")
    assert main(["import", str(demo), str(hostile)]) == 1
    assert "evil.qdpx" in capsys.readouterr().err
    assert _json(capsys, "segments", demo, "--json") == before
    assert not (tmp_path.parent / "escape.txt").exists()


def test_export_a_docx_summary_and_a_csv_from_the_command_line(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv

    import docx

    out = tmp_path / "ringkasan.docx"
    assert main(["export", str(demo), "--format", "docx", "-o", str(out), "--lang", "id",
                 "--codes", "Kredibilitas"]) == 0  # fmt: skip
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Kredibilitas" in text and "Aksesibilitas" not in text
    rows = tmp_path / "segments.csv"
    assert main(["export", str(demo), "--format", "csv", "-o", str(rows)]) == 0
    with rows.open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 16
    assert (
        main(["export", str(demo), "--format", "html", "-o", str(tmp_path / "x" / "a.html")]) == 1
    )
    assert "does not exist" in capsys.readouterr().err


def test_a_search_cut_at_its_limit_says_how_many_it_shows_of_how_many(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    everything = _json(capsys, "search", demo, "pemilih", "--json", "--limit", "1000")
    total = everything["total"]  # type: ignore[index]
    assert total >= 3 and len(everything["hits"]) == total  # type: ignore[index]
    cut = _json(capsys, "search", demo, "pemilih", "--json", "--limit", "2")
    assert cut["total"] == total and len(cut["hits"]) == 2  # type: ignore[index]

    assert main(["search", str(demo), "pemilih", "--limit", "2"]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"showing 2 of {total} — use --limit to see more\n"
    assert captured.out.count("\n    ") == 2  # two hits, each with its snippet line
    assert main(["search", str(demo), "pemilih", "--limit", str(total)]) == 0
    assert capsys.readouterr().err == ""

    args = ["autocode", str(demo), "pemilih", "--code", "Konten", "--dry-run"]
    assert main([*args, "--limit", "1"]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        f"Only the first 1 of {total} hits are taken — use --limit to take more.\n"
    )
    planned_from_one = int(captured.out.split(" passage")[0])
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and int(captured.out.split(" passage")[0]) > planned_from_one
