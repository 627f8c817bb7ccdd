"""Hostile exchange files are refused with a message naming the file and the problem, and the
project is left exactly as it was."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from refi_testing import make_qdpx

from kutip.errors import ImportFailedError
from kutip.interop import import_qdc, import_qdpx, zipsafe
from kutip.project import Project
from kutip_testing import dump_tables

VALID_QDE = (
    '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p">'
    '<Sources><TextSource guid="50000000-0000-4000-8000-000000000001" name="a" '
    'plainTextPath="internal://a.txt"/></Sources></Project>'
)

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Project [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Description>&secret;</Description></Project>
"""


def zip_slip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", VALID_QDE)
        archive.writestr("sources/a.txt", "fine")
        archive.writestr("sources/../../../tmp/evil.txt", "overwritten?")
    return path


def zip_bomb(path: Path) -> Path:
    return make_qdpx(path, VALID_QDE, {"a.txt": b"\0" * (4 * 1024 * 1024)})


def billion_laughs(path: Path) -> Path:
    return make_qdpx(path, BILLION_LAUGHS)


def external_entity(path: Path) -> Path:
    return make_qdpx(path, EXTERNAL_ENTITY)


def escaping_path(path: Path) -> Path:
    qde = VALID_QDE.replace("internal://a.txt", "internal://../../../etc/passwd")
    return make_qdpx(path, qde, {"a.txt": b"fine"})


HOSTILE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "zip slip": (zip_slip, "outside the archive"),
    "zip bomb": (zip_bomb, "compressed"),
    "billion laughs": (billion_laughs, "DTD or entities"),
    "external entity": (external_entity, "DTD or entities"),
    "path escaping the archive": (escaping_path, "outside the archive"),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_archives_are_refused_and_change_nothing(
    project: Project, tmp_path: Path, kind: str
) -> None:
    make, message = HOSTILE[kind]
    path = make(tmp_path / "hostile.qdpx")
    before = dump_tables(project)
    with pytest.raises(ImportFailedError, match=message) as refused:
        import_qdpx(project, path)
    assert "hostile.qdpx" in str(refused.value)
    assert dump_tables(project) == before
    assert not (tmp_path.parent / "tmp" / "evil.txt").exists()


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_hostile_xml_is_refused_in_bare_project_and_codebook_files(
    project: Project, tmp_path: Path, xml: str
) -> None:
    before = dump_tables(project)
    for name, load in (("p.qde", import_qdpx), ("c.qdc", import_qdc)):
        path = tmp_path / name
        path.write_text(xml.replace("Project", "CodeBook") if name == "c.qdc" else xml)
        with pytest.raises(ImportFailedError, match="DTD or entities"):
            load(project, path)
    assert dump_tables(project) == before


def test_a_member_whose_header_lies_about_its_size_is_refused(
    project: Project, tmp_path: Path
) -> None:
    path = make_qdpx(tmp_path / "liar.qdpx", VALID_QDE, {"a.txt": b"x" * 200_000})
    data = bytearray(path.read_bytes())
    # Declare 1,000 bytes for sources/a.txt in the local header and the central directory.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature, data.find(b"sources/a.txt") - 100)
        at = data.rfind(signature, 0, data.find(b"sources/a.txt", at))
        struct.pack_into("<I", data, at + offset, 1000)
    path.write_bytes(bytes(data))
    before = dump_tables(project)
    with pytest.raises(ImportFailedError, match=r"liar\.qdpx"):
        import_qdpx(project, path)
    assert dump_tables(project) == before


@pytest.mark.parametrize(
    ("cap", "value", "message"),
    [
        ("MAX_MEMBERS", 2, "parts inside"),
        ("MAX_TOTAL_BYTES", 100, "MB when unpacked"),
        ("MAX_MEMBER_BYTES", 3, "is 1 MB"),
    ],
)
def test_archive_caps(
    project: Project,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cap: str,
    value: int,
    message: str,
) -> None:
    monkeypatch.setattr(zipsafe, cap, value)
    path = make_qdpx(tmp_path / "big.qdpx", VALID_QDE, {"a.txt": b"four", "b.txt": b"five!"})
    with pytest.raises(ImportFailedError, match=message):
        import_qdpx(project, path)


def test_the_member_count_is_refused_before_the_member_list_is_read(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_qdpx(tmp_path / "many.qdpx", VALID_QDE, {f"{n}.txt": b"" for n in range(5)})
    monkeypatch.setattr(zipsafe, "MAX_MEMBERS", 3)
    monkeypatch.setattr(zipfile, "ZipFile", None)  # never reached
    with pytest.raises(ImportFailedError, match="6 parts inside"):
        import_qdpx(project, path)


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"project.qde": VALID_QDE, "Project.qde": VALID_QDE}, "twice"),
        ({"a.qde": VALID_QDE, "b.qde": VALID_QDE}, "several project files"),
        ({"sources/a.txt": "no project file"}, "no project.qde"),
        ({"project.qde": VALID_QDE, "C:/windows/x.txt": "x"}, "outside the archive"),
        ({"project.qde": VALID_QDE, "/etc/x.txt": "x"}, "outside the archive"),
        ({"project.qde": VALID_QDE, "sources\\..\\x.txt": "x"}, "outside the archive"),
    ],
)
def test_member_names_must_have_the_expected_shapes(
    project: Project, tmp_path: Path, members: dict[str, str], message: str
) -> None:
    path = tmp_path / "odd.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    with pytest.raises(ImportFailedError, match=message):
        import_qdpx(project, path)


def test_unexpected_members_are_not_read_and_are_reported(
    empty_project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "extra.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", VALID_QDE)
        archive.writestr("sources/a.txt", "fine")
        archive.writestr("__MACOSX/._project.qde", "junk")
        archive.writestr("sources/sub/b.txt", "deeper")
    report = import_qdpx(empty_project, path)
    assert report.created["sources"] == 1
    assert any("__MACOSX/._project.qde" in w and "sources/sub/b.txt" in w for w in report.warnings)


def test_not_a_zip_and_not_xml_is_refused(project: Project, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.qdpx"
    damaged.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportFailedError, match="damaged"):
        import_qdpx(project, damaged)
    garbage = tmp_path / "garbage.qde"
    garbage.write_bytes(b"\x00\x01 binary")
    with pytest.raises(ImportFailedError, match="not well-formed XML"):
        import_qdpx(project, garbage)
