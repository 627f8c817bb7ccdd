"""Numbers past what SQLite holds, typed on the command line: a one-line refusal, exit 1.

SQLite keeps signed 64-bit integers; Python's sqlite3 raised OverflowError (a traceback) for
``kutip show p.kutip 99999999999999999999`` and its like.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kutip.cli import main
from kutip.errors import ValidationError
from kutip.project import Project, typed_id
from kutip.store.values import SQLITE_INTEGER_MAX
from kutip_testing import dump_tables, text_draft

BIG = "99999999999999999999"
HUGE = "9" * 5000  # past Python's own limit for turning digits into a number
OUT_OF_RANGE = (
    f"The number {BIG} is out of range: a project holds whole numbers from "
    f"-9223372036854775808 to {SQLITE_INTEGER_MAX}."
)


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "p.kutip"
    with Project.create(path) as project:
        project.sources.add(text_draft("Pewawancara: Halo.\n\nInforman: Halo juga.\n"))
    return path


@pytest.mark.parametrize(
    "args,message",
    [
        (["show", "{p}", BIG], OUT_OF_RANGE),
        (["show", "{p}", "²"], "There is no source called ²."),
        (["show", "{p}", HUGE], "is out of range: a project holds whole numbers from"),
        (["source", "{p}", BIG, "--title", "x"], OUT_OF_RANGE),
        (["source", "{p}", "1", "--first-page", BIG], f"{BIG} is not a page number."),
        (["source", "{p}", "1", "--page-offset", f"-{BIG}"], "is not a page number."),
        # --source takes an id or a title, as SOURCE does everywhere: digits are an id
        (["segments", "{p}", "--source", BIG], OUT_OF_RANGE),
        (["segments", "{p}", "--code", HUGE], f"There is no code called {HUGE}."),
        (["segments", "{p}", "--code", "²"], "There is no code called ²."),
        (["code", "{p}", "--source", BIG, "--start", "0", "--end", "2", "--code", "1"],
         OUT_OF_RANGE),
        (["code", "{p}", "--source", "1", "--start", "0", "--end", "2", "--code", BIG],
         f"There is no code called {BIG}."),
        (["code", "{p}", "--source", "1", "--start", f"-{BIG}", "--end", BIG, "--code", "1"],
         "is not inside the text"),
        (["search", "{p}", "halo", "--limit", f"-{BIG}"], "cannot be negative"),
    ],
)  # fmt: skip
def test_ids_and_numbers_out_of_range_exit_1_with_one_line(
    project_file: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = _tables(project_file)
    status = main([arg.format(p=project_file) for arg in args])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("kutip: ") and err.count("\n") == 1 and "Traceback" not in err
    assert message in err
    assert _tables(project_file) == before


def test_a_huge_limit_is_just_no_limit(
    project_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUTIP_CACHE_DIR", str(project_file.parent / "cache"))
    assert main(["search", str(project_file), "halo", "--limit", BIG]) == 0
    assert "1 passage matches." in capsys.readouterr().out


def test_the_project_refuses_out_of_range_ids_on_every_path(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.kutip") as project:
        source_id = project.sources.add(text_draft("Halo semua.")).value
        before = dump_tables(project)
        for call in (
            lambda: project.sources.get(int(BIG)),
            lambda: project.codings.get(-int(BIG)),
            lambda: project.sources.rename(int(BIG), "x"),
            lambda: project.codings.all(source_id=int(BIG)),
            lambda: project.codings.apply(source_id, 0, 4, int(BIG)),
            lambda: project.codings.set_memo(2**63, "memo"),
        ):
            with pytest.raises(ValidationError, match="is out of range: a project holds"):
                call()
        assert dump_tables(project) == before


def test_typed_ids_are_plain_digits_a_project_can_hold() -> None:
    assert typed_id(" 12 ") == 12
    assert typed_id(str(SQLITE_INTEGER_MAX)) == SQLITE_INTEGER_MAX
    for text in (str(SQLITE_INTEGER_MAX + 1), BIG, HUGE, "²", "١٢", "-1", "1.0", ""):
        assert typed_id(text) is None, text


def _tables(path: Path) -> object:
    with Project.open(path) as project:
        return dump_tables(project)
