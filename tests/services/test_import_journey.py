"""A literature folder as a researcher has it: a .bib with linked PDFs, loose PDFs,
transcripts, and a few broken files — imported in one go, each file's fate reported."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pymupdf
import pytest

from kutip.cli import main
from kutip.project import Project
from kutip.services.importing import ImportOptions, import_paths

BIB = r"""
@article{jansen2017,
  author = {Jansen, Michael J.},
  title = {Social Media and Political Campaigning: Changing Terms of Engagement?},
  year = {2017},
  file = {Full Text:files/jansen2017.pdf:application/pdf}
}
@article{mu2021,
  author = {M{\`u}, Aditya and Lestari, Dewi},
  title = {Media Sosial dan Kampanye Politik Pemilih Muda},
  year = {2021},
  doi = {10.1234/jpi.2021.77}
}
@article{broken2020,
  author = {Someone,
  title = {Never closed
"""


def _pdf(path: Path, text: str, *, doi: str = "", title: str = "", password: str = "") -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_textbox(pymupdf.Rect(72, 72, 520, 770), text, fontsize=11)
    doc.set_metadata({"title": title, "subject": doi and f"doi:{doi}"})
    options: dict[str, object] = {}
    if password:
        options = {"encryption": pymupdf.PDF_ENCRYPT_AES_256, "user_pw": password,
                   "owner_pw": password + "!"}  # fmt: skip
    doc.save(path, **options)
    doc.close()
    return path


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "pustaka"
    (folder / "files").mkdir(parents=True)
    (folder / "transkrip").mkdir()
    (folder / "refs.bib").write_text(BIB, encoding="utf-8")
    _pdf(
        folder / "files" / "jansen2017.pdf",
        "Social media platforms open horizontal communication in hierarchical campaigns.",
    )
    _pdf(
        folder / "mu-2021.pdf",
        "Kampanye politik di media sosial menjangkau pemilih muda.",
        doi="10.1234/jpi.2021.77",
        title="Media Sosial dan Kampanye Politik Pemilih Muda",
    )
    _pdf(folder / "rahasia.pdf", "Dokumen terkunci.", password="kunci")
    (folder / "bukan.pdf").write_text("<html>not a pdf</html>", encoding="utf-8")
    (folder / "kosong.pdf").write_bytes(b"")
    (folder / "transkrip" / "informan-01.txt").write_text(
        "Pewawancara: Dari mana kamu tahu?\r\nInforman 1: Dari TikTok, Kak.\r\n"
        "Pewawancara: Oke.\r\nInforman 1: Iya.\r\n",
        encoding="cp1252",
    )  # fmt: skip
    document = docx.Document()
    for line in (
        "Pewawancara: Apa platformmu?",
        "Informan 2: YouTube.",
        "Pewawancara: Kenapa?",
        "Informan 2: Sinyal di desa lemah.",
    ):
        document.add_paragraph(line)  # fmt: skip
    document.save(str(folder / "transkrip" / "informan-02.docx"))
    return folder  # fmt: skip


def test_importing_a_literature_folder_says_what_happened_to_each_file(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "pemilu2024.kutip"
    assert main(["new", str(path)]) == 0
    status = main(["import", str(path), str(library)])
    out, err = capsys.readouterr()
    assert status == 1  # some files failed; the others are in
    assert "references refs.bib: 2 new, 0 updated" in out
    # What went wrong is on stderr, what came in on stdout.
    assert "refs.bib line 14: entry “broken2020” could not be read" in err
    assert "linked     jansen2017.pdf to reference jansen2017" in out
    assert "linked     mu-2021.pdf to reference mu2021" in out  # matched by DOI
    assert "bukan.pdf" in err and "kosong.pdf: the file is empty" in err
    assert "rahasia.pdf" in err and "password" in err

    with Project.open(path) as project:
        sources = {s.title: s for s in project.sources.all()}
        assert sources["jansen2017"].bib_key == "jansen2017"
        assert sources["mu-2021"].bib_key == "mu2021"
        assert [t.speaker for t in project.sources.turns(sources["informan-01"].id)] == [
            "Pewawancara", "Informan 1", "Pewawancara", "Informan 1"]  # fmt: skip
        assert project.sources.text(sources["informan-02"].id).startswith("Pewawancara: Apa")
        assert {e.citekey for e in project.references.all()} == {"jansen2017", "mu2021"}

    # The encrypted PDF comes in with its password.
    assert main(["import", str(path), str(library / "rahasia.pdf"), "--password", "kunci"]) == 0
    capsys.readouterr()
    references = json.loads((main(["references", str(path), "--json"]), capsys.readouterr().out)[1])
    assert {r["citekey"]: [s["title"] for s in r["sources"]] for r in references} == {
        "jansen2017": ["jansen2017"],
        "mu2021": ["mu-2021"],
    }


def test_reimporting_an_updated_bib_updates_in_place_and_keeps_codings(
    tmp_path: Path, library: Path
) -> None:
    with Project.create(tmp_path / "p.kutip") as project:
        import_paths(project, [library / "refs.bib"])
        source = project.sources.all()[0]
        coding = project.codings.apply(source.id, 0, 12, project.codes.find("Kampanye Politik").id)
        updated_bib = BIB.replace("Changing Terms of Engagement?", "Changing Terms of Engagement")
        (library / "refs.bib").write_text(updated_bib, encoding="utf-8")
        report = import_paths(project, [library / "refs.bib"], options=ImportOptions())
        assert [(added, changed) for _path, added, changed in report.references] == [(0, 1)]
        assert len(project.references.all()) == 2
        assert project.references.get("jansen2017").title.endswith("Engagement")
        assert len(project.sources.all()) == 1  # the linked PDF is a duplicate now
        assert project.codings.get(coding.value).source_id == source.id
