"""The contract every hostile case keeps, checked the same way for each, through the real
command line: exit status 1, one sentence on stderr naming the problem (no traceback), the
project's tables as they were, ``kutip check`` clean afterwards, and nothing read from outside
the paths allowed. The modules beside this one go deeper into each kind of case;
docs/hostile-cases.md lists them all."""

from __future__ import annotations

import os
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_testing import Answer

from fault_testing import rows
from kutip.project import Project
from kutip.store.values import SQLITE_INTEGER_MAX

QDE = (
    '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p">'
    '<Sources><TextSource guid="50000000-0000-4000-8000-000000000001" name="a" '
    'plainTextPath="internal://a.txt"/></Sources></Project>'
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="&c;"/>'
)
#: A line that must never reach a project: it stands in a file outside the allowed paths.
SECRET = "RAHASIA-JANGAN-DIBACA"


def archive(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return path


def secret_file(folder: Path) -> Path:
    secret = folder / "private" / "notes.txt"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    return secret


Case = Callable[[Path, Path], list[object]]


def zip_slip(folder: Path, project: Path) -> list[object]:
    path = archive(
        folder / "slip.qdpx",
        {"project.qde": QDE, "sources/a.txt": "ok", "sources/../../../evil.txt": "x"},
    )
    return ["import", project, path]


def zip_bomb(folder: Path, project: Path) -> list[object]:
    path = archive(folder / "bomb.qdpx", {"project.qde": QDE, "sources/a.txt": b"\0" * 2**22})
    return ["import", project, path]


def billion_laughs(folder: Path, project: Path) -> list[object]:
    return ["import", project, archive(folder / "laughs.qdpx", {"project.qde": LAUGHS})]


def external_entity(folder: Path, project: Path) -> list[object]:
    secret = secret_file(folder)
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY s SYSTEM "file://{secret}">]>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="&s;"/>'
    )
    return ["import", project, archive(folder / "xxe.qdpx", {"project.qde": xml})]


def string_bomb(folder: Path, project: Path) -> list[object]:
    lines = ['@string{s0 = "ha"}']
    lines += [f"@string{{s{n} = s{n - 1} # s{n - 1}}}" for n in range(1, 41)]
    lines.append("@article{bomb, title = s40, author = {A}, year = {2024}}")
    path = folder / "bomb.bib"
    path.write_text("\n".join(lines), encoding="utf-8")
    return ["import", project, path]


def bib_links_outside(folder: Path, project: Path) -> list[object]:
    secret = secret_file(folder)
    shared = folder / "shared"
    shared.mkdir()
    path = shared / "refs.bib"
    path.write_text(
        f"@article{{a, title={{T}}, author={{B}}, year={{2020}}, file={{:{secret}:text/plain}}}}",
        encoding="utf-8",
    )
    return ["import", project, path]


def fifo(folder: Path, project: Path) -> list[object]:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return ["import", project, path]


def endless(folder: Path, project: Path) -> list[object]:
    path = folder / "zero.txt"
    path.symlink_to("/dev/zero")
    return ["import", project, path]


def export_onto_project(folder: Path, project: Path) -> list[object]:
    return ["export", project, "--format", "md", "-o", project]


def deep_query(folder: Path, project: Path) -> list[object]:
    return ["search", project, "(" * 2000 + "hoaks" + ")" * 2000]


def id_overflow(folder: Path, project: Path) -> list[object]:
    return ["segments", project, "--source", str(SQLITE_INTEGER_MAX + 1)]


def newer_project(folder: Path, project: Path) -> list[object]:
    conn = sqlite3.connect(project, isolation_level=None)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    return ["sources", project]


def second_writer(folder: Path, project: Path) -> list[object]:
    return ["code", project, "--source", "1", "--start", "40", "--end", "60", "--code", "Konten"]


def damaged_page(folder: Path, project: Path) -> list[object]:
    conn = sqlite3.connect(project)
    page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'segments'").fetchone()[0]
    conn.close()
    with project.open("r+b") as file:
        file.seek((page - 1) * 4096)
        file.write(b"\xde\xad" * 2048)
    return ["sources", project]


#: name: (make the case, what the sentence says, whether the project stays checkable).
CASES: dict[str, tuple[Case, str, bool]] = {
    "zip slip": (zip_slip, "outside the archive", True),
    "zip bomb": (zip_bomb, "compressed", True),
    "billion laughs": (billion_laughs, "DTD or entities", True),
    "external entity": (external_entity, "DTD or entities", True),
    "@string doubled 40 times": (string_bomb, "problem    bomb.bib", True),
    "a .bib linking a private file": (bib_links_outside, "refused    ", True),
    "a FIFO": (fifo, "pipe.txt", True),
    "a symlink to /dev/zero": (endless, "zero.txt", True),
    "an export onto its own project": (export_onto_project, "coded.kutip", True),
    "2,000 nested parentheses": (deep_query, "kutip: ", True),
    "an id past SQLite's integers": (id_overflow, "out of range", True),
    "a project from a newer Kutip": (newer_project, "newer version of Kutip", False),
    "a second writer": (second_writer, "already open for changes", True),
    "a damaged page": (damaged_page, "damaged", False),
}


@pytest.mark.parametrize("name", list(CASES))
def test_every_hostile_case_keeps_the_contract(
    coded_project: Path, tmp_path: Path, kutip: Callable[..., Answer], name: str
) -> None:
    make, says, checkable = CASES[name]
    # The command line's own coder is in the project already: opening it writes nothing.
    Project.open(coded_project).close()
    arguments = make(tmp_path, coded_project)
    before = rows(coded_project) if checkable else {}
    data = coded_project.read_bytes()

    if name == "a second writer":
        with Project.open(coded_project):
            answer = kutip(*arguments)
    else:
        answer = kutip(*arguments)

    assert answer.status == 1, answer
    sentence = [line for line in answer.err.splitlines() if line.strip()]
    assert "Traceback" not in answer.err
    assert says in (sentence[0] if sentence else ""), answer.err
    if name == "a .bib linking a private file":
        # A refused link is named, and then what to do about it: two lines, by design.
        assert len(sentence) == 2
    else:
        assert len(sentence) == 1, answer.err
    if checkable:
        after = rows(coded_project)
        if name in ("@string doubled 40 times", "a .bib linking a private file"):
            # The good part stays: the reference itself (and its undo step), not what was
            # refused.
            for table in ("bib_entries", "edit_log"):
                after.pop(table, None)
                before.pop(table, None)
        assert after == before
        assert kutip("check", coded_project).status == 0
    else:
        assert coded_project.read_bytes() == data  # not touched at all
    assert SECRET.encode() not in coded_project.read_bytes()
    assert not (tmp_path.parent / "evil.txt").exists()
