"""A shared bibliography cannot pull in the user's other files.

A ``file`` field (or a RIS ``L1`` line) is followed only inside the bibliography's folder, or a
Zotero ``storage`` folder beside it, or anywhere with ``--allow-external``; a linked file is
read only when its content is a PDF or a document Kutip imports. Everything refused is listed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pymupdf
import pytest

from kutip.cli import main
from kutip.errors import ImportFailedError
from kutip.ingest.files import (
    CONTENT_KINDS,
    SOURCE_READERS,
    link_within_reach,
    read_linked_file,
    sniff_content,
)
from kutip.project import Project
from kutip_testing import raw_connection

SECRET = "RAHASIA-PRIBADI nomor rekening 1234"
HOME_SECRET = "CATATAN-RUMAH kata sandi surel"
OUTSIDE_PDF = "Makalah di luar folder pustaka"


def write_pdf(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), text, fontsize=11)
    doc.save(path)
    doc.close()
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of the test's own, so ``~/…`` names a file the test made."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


@pytest.fixture
def library(tmp_path: Path, home: Path) -> Path:
    """A shared folder: a .bib whose entries link files inside, in Zotero's storage beside it,
    and (as a hostile export would) files elsewhere on the machine."""
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "x.txt").write_text(SECRET, encoding="utf-8")
    (home / "x.txt").write_text(HOME_SECRET, encoding="utf-8")
    outside_pdf = write_pdf(tmp_path / "elsewhere" / "makalah.pdf", OUTSIDE_PDF)

    folder = tmp_path / "pustaka"
    write_pdf(folder / "papers" / "jansen.pdf", "Social media and political participation")
    write_pdf(folder / "storage" / "ABCD1234" / "putri.pdf", "Hoaks dan pemilih muda")
    (folder / "renamed.pdf").write_text("Only text, though the name says PDF.", encoding="utf-8")
    (folder / "link.pdf").symlink_to(outside_pdf)
    (folder / "refs.bib").write_text(
        f"""
@article{{absolute, title = {{Absolute}}, year = {{2020}},
  file = {{Notes:{tmp_path / "secret" / "x.txt"}:application/pdf}}}}
@article{{dotdot, title = {{Dot dot}}, year = {{2020}}, file = {{:../secret/x.txt:text/plain}}}}
@article{{tilde, title = {{Tilde}}, year = {{2020}}, file = {{~/x.txt}}}}
@article{{symlink, title = {{Symlink}}, year = {{2020}}, file = {{:link.pdf:PDF}}}}
@article{{putri2020, title = {{Hoaks}}, year = {{2020}},
  file = {{Full Text:storage/ABCD1234/putri.pdf:application/pdf}}}}
@article{{jansen2017, title = {{Social media}}, year = {{2017}}, file = {{papers/jansen.pdf}}}}
@article{{renamed, title = {{Renamed}}, year = {{2021}}, file = {{renamed.pdf}}}}
""",
        encoding="utf-8",
    )
    return folder


def project_contents(path: Path) -> tuple[dict[str, str | None], str, bytes]:
    """(source title → citekey, every source's text, every stored file's bytes)."""
    with raw_connection(path) as connection:
        sources = connection.execute("SELECT title, bib_key, text FROM sources").fetchall()
        files = connection.execute("SELECT data FROM files").fetchall()
    connection.close()
    return (
        {title: key for title, key, _text in sources},
        "\n".join(text for _title, _key, text in sources),
        b"".join(data for (data,) in files),
    )


def new_project(path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["new", str(path)]) == 0
    capsys.readouterr()
    return path


def test_links_outside_the_folder_are_refused_and_listed(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = new_project(tmp_path / "p.kutip", capsys)

    status = main(["import", str(project), str(library / "refs.bib")])

    out, err = capsys.readouterr()
    assert status == 1
    refused = [line for line in err.splitlines() if line.startswith("refused    ")]
    assert refused == [
        "refused    refs.bib: the file of absolute is outside the bibliography's folder and "
        f"was not read: {tmp_path / 'secret' / 'x.txt'}",
        "refused    refs.bib: the file of dotdot is outside the bibliography's folder and "
        f"was not read: {tmp_path / 'secret' / 'x.txt'}",
        "refused    refs.bib: the file of tilde is outside the bibliography's folder and "
        f"was not read: {tmp_path / 'home' / 'x.txt'}",
        "refused    refs.bib: the file of symlink is outside the bibliography's folder and "
        f"was not read: {library / 'link.pdf'} → {tmp_path / 'elsewhere' / 'makalah.pdf'}",
    ]
    assert "--allow-external" in err
    assert (
        "failed     renamed.pdf: refused, a bibliography links it as .pdf but its content is "
        "not one" in err
    )
    assert "references refs.bib: 7 new, 0 updated" in out
    assert "linked     jansen.pdf to reference jansen2017" in out
    assert "linked     putri.pdf to reference putri2020" in out  # Zotero's storage beside it
    assert "4 linked files refused." in out
    assert "skipped." not in out

    sources, texts, stored = project_contents(project)
    assert sources == {"jansen": "jansen2017", "putri": "putri2020"}
    for secret in (SECRET, HOME_SECRET, OUTSIDE_PDF, "Only text, though"):
        assert secret not in texts
        assert secret.encode() not in stored
    with Project.open(project) as opened:  # every reference came in all the same
        assert len(opened.references.all()) == 7


def test_allow_external_reads_the_outside_pdf(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (library / "outside.bib").write_text(
        "@article{makalah, title = {Makalah}, year = {2019},\n"
        f"  file = {{:{tmp_path / 'elsewhere' / 'makalah.pdf'}:application/pdf}}}}\n",
        encoding="utf-8",
    )
    project = new_project(tmp_path / "p.kutip", capsys)

    status = main(["import", str(project), str(library / "outside.bib"), "--allow-external"])

    out = capsys.readouterr().out
    assert status == 0, out
    assert "refused" not in out
    assert "linked     makalah.pdf to reference makalah" in out
    sources, texts, _stored = project_contents(project)
    assert sources == {"makalah": "makalah"}
    assert OUTSIDE_PDF in texts


def test_allow_external_still_refuses_what_is_not_a_document(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "elsewhere" / "id_rsa").write_text("-----BEGIN KEY-----", encoding="utf-8")
    (library / "keys.bib").write_text(
        "@misc{key, title = {Key}, file = {:../elsewhere/id_rsa:application/pdf}}\n",
        encoding="utf-8",
    )
    project = new_project(tmp_path / "p.kutip", capsys)

    status = main(["import", str(project), str(library / "keys.bib"), "--allow-external"])

    err = capsys.readouterr().err
    assert status == 1
    assert "failed     id_rsa: refused, a bibliography links it as .pdf" in err
    assert project_contents(project)[0] == {}


def test_a_ris_link_outside_is_refused_like_a_bib_one(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (library / "refs.ris").write_text(
        "TY  - JOUR\nAU  - Putri, Sari\nTI  - Hoaks\nPY  - 2020\n"
        "L1  - storage/ABCD1234/putri.pdf\nER  - \n"
        "TY  - JOUR\nAU  - Lain, Orang\nTI  - Lain\nPY  - 2019\n"
        f"L1  - file://{tmp_path / 'elsewhere' / 'makalah.pdf'}\nER  - \n",
        encoding="utf-8",
    )
    project = new_project(tmp_path / "p.kutip", capsys)

    status = main(["import", str(project), str(library / "refs.ris")])

    err = capsys.readouterr().err
    assert status == 1
    assert (
        "refused    refs.ris: the file of lain2019 is outside the bibliography's folder and "
        f"was not read: {tmp_path / 'elsewhere' / 'makalah.pdf'}" in err
    )
    assert project_contents(project)[0] == {"putri": "putri2020"}


def test_linked_documents_of_every_kind_kutip_imports_are_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "pustaka"
    (folder / "notes").mkdir(parents=True)
    (folder / "notes" / "wawancara.txt").write_text("Informan 1: Saya pakai TikTok.\n")
    document = docx.Document()
    document.add_paragraph("Laporan lapangan di Yogyakarta.")
    document.save(str(folder / "notes" / "laporan.docx"))
    (folder / "refs.bib").write_text(
        "@misc{wawancara, title = {W}, file = {Notes:notes/wawancara.txt:text/plain}}\n"
        "@misc{laporan, title = {L}, file = {:notes/laporan.docx:Word;"
        "Snapshot:notes/page.html:text/html}}\n",
        encoding="utf-8",
    )
    project = new_project(tmp_path / "p.kutip", capsys)

    assert main(["import", str(project), str(folder / "refs.bib")]) == 0
    capsys.readouterr()
    sources, texts, _stored = project_contents(project)
    assert sources == {"wawancara": "wawancara", "laporan": "laporan"}
    assert "Saya pakai TikTok" in texts and "Yogyakarta" in texts


# -- the rule itself -----------------------------------------------------------------------


def test_zotero_storage_linked_back_is_within_reach_but_a_disguised_link_is_not(
    tmp_path: Path,
) -> None:
    zotero = tmp_path / "Zotero" / "storage"
    write_pdf(zotero / "ABCD1234" / "a.pdf", "A")
    secrets = tmp_path / "private"
    write_pdf(secrets / "b.pdf", "B")
    shared = tmp_path / "shared"
    shared.mkdir()
    bib = shared / "refs.bib"
    (shared / "storage").symlink_to(zotero)
    assert link_within_reach(shared / "storage" / "ABCD1234" / "a.pdf", bib)

    (shared / "storage").unlink()
    (shared / "storage").symlink_to(secrets)  # "storage" standing for another folder
    assert not link_within_reach(shared / "storage" / "b.pdf", bib)
    assert not link_within_reach(tmp_path / "missing.pdf", bib)


@pytest.fixture
def documents(tmp_path: Path) -> dict[str, bytes]:
    """One file of each kind Kutip imports, and some that only look like one."""
    doc = pymupdf.open()
    doc.new_page()
    pdf = doc.tobytes()
    doc.close()
    word = docx.Document()
    word.add_paragraph("Halo")
    buffer = io.BytesIO()
    word.save(buffer)
    odt = io.BytesIO()
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("hello.txt", "not a document")
    return {
        "pdf": pdf,
        "docx": buffer.getvalue(),
        "odt": odt.getvalue(),
        "rtf": b"{\\rtf1\\ansi Halo}",
        "text": b"Informan 1: Baik, Kak.\n",
        "zip": other_zip.getvalue(),
        "binary": bytes(range(256)) * 4,
    }


def test_content_is_recognised_whatever_the_name(documents: dict[str, bytes]) -> None:
    found = {kind: sniff_content("x", data) for kind, data in documents.items()}
    assert found == {
        "pdf": "pdf",
        "docx": "docx",
        "odt": "odt",
        "rtf": "rtf",
        "text": "text",
        "zip": None,
        "binary": None,
    }
    assert set(CONTENT_KINDS) == set(SOURCE_READERS)


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.pdf", "text"), ("a.docx", "pdf"), ("a.txt", "binary"), ("a.odt", "zip"), ("a", "text")],
)
def test_a_linked_file_whose_content_is_not_its_kind_is_refused(
    tmp_path: Path, documents: dict[str, bytes], name: str, kind: str
) -> None:
    path = tmp_path / name
    path.write_bytes(documents[kind])
    with pytest.raises(ImportFailedError, match=f"^{name}: refused, a bibliography links it"):
        read_linked_file(path)


def test_a_linked_file_named_for_its_content_is_read(
    tmp_path: Path, documents: dict[str, bytes]
) -> None:
    path = tmp_path / "catatan.txt"
    path.write_bytes(documents["text"])
    assert read_linked_file(path).text == "Informan 1: Baik, Kak.\n"
    pdf = tmp_path / "scan"  # a Zotero attachment without a suffix: a PDF by its type
    pdf.write_bytes(documents["pdf"])
    assert read_linked_file(pdf).kind.value == "pdf"
