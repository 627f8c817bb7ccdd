"""References made from what a PDF says about itself (XMP, a DOI and a citation line on its
first page, its typeset first page), cited at once, and replaced when a bibliography brings the
same work."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from kutip.project import Project
from kutip.services.importing import import_paths

XMP = """<?xpacket begin='\ufeff' id='W5M0MpCehiHzreSzNTczkc9d'?>
<x:xmpmeta xmlns:x='adobe:ns:meta/'>
<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>
<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/'
  xmlns:prism='http://prismstandard.org/namespaces/basic/2.0/'
  prism:volume='41' prism:number='2' prism:startingPage='245' prism:endingPage='260'>
 <dc:title><rdf:Alt><rdf:li xml:lang='x-default'
   >Hoaxes and the 2019 Election: Voters Online</rdf:li></rdf:Alt></dc:title>
 <dc:creator><rdf:Seq><rdf:li>Dewi Wijaya</rdf:li><rdf:li>Rizky Kusuma</rdf:li>
   <rdf:li>Budi Santoso</rdf:li><rdf:li>Ayu van der Berg</rdf:li></rdf:Seq></dc:creator>
 <prism:publicationName>Journal of Rural Studies</prism:publicationName>
 <prism:doi>10.1016/J.JRURSTUD.2019.02.004</prism:doi>
 <prism:coverDate>2019-04-01</prism:coverDate>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end='w'?>"""

BODY = [
    "Pemilih muda membaca linimasa mereka setiap pagi sebelum berangkat kuliah.",
    "Konten yang sekadar sensasional membuat mereka berhenti mengikuti akun partai.",
]


def _write(page: pymupdf.Page, lines: list[str], y: float, size: float) -> float:
    for line in lines:
        page.insert_text((72, y), line, fontname="helv", fontsize=size)
        y += size * 1.4
    return y


def _save(doc: pymupdf.Document, path: Path) -> Path:
    doc.save(path)
    doc.close()
    return path


def xmp_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    _write(doc.new_page(), BODY, 100, 10)
    doc.set_metadata({"title": "Microsoft Word - final2.docx", "creationDate": "D:20210101"})
    doc.set_xml_metadata(XMP)
    return _save(doc, path)


def doi_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    _write(page, ["Jurnal Komunikasi Indonesia, Vol. 12, No. 2, pp. 45-67, 2020"], 50, 8)
    _write(page, ["Hoaks dan Partisipasi Politik Pemilih Pemula"], 110, 18)
    _write(page, ["Dewi Wijaya and Rizky Kusuma"], 150, 11)
    _write(page, ["https://doi.org/10.21009/JKI.122.05"], 180, 8)
    _write(page, BODY, 230, 10)
    return _save(doc, path)


def typeset_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    _write(page, ["Jurnal Sosiologi 12 (2018): 45-60"], 50, 8)
    _write(page, ["Gotong Royong in the Digital", "Village: A Field Study"], 100, 20)
    _write(page, ["DEWI WIJAYA1, Rizky Kusuma2* and Budi Santoso3"], 170, 12)
    _write(page, ["1Universitas Gadjah Mada, Yogyakarta", "*Email: rizky@example.org"], 190, 9)
    _write(page, ["Abstract", *BODY], 240, 10)
    return _save(doc, path)


def only_reference(project: Project) -> tuple[str, dict[str, object]]:
    (entry,) = project.references.all()
    return entry.citekey, {
        "type": entry.entry_type, "title": entry.title, "authors": entry.authors,
        "year": entry.year, "doi": entry.doi, "from_pdf": entry.from_pdf, **entry.fields,
    }  # fmt: skip


def test_a_pdf_with_xmp_metadata_is_cited_by_what_it_says(
    empty_project: Project, tmp_path: Path
) -> None:
    report = import_paths(empty_project, [xmp_pdf(tmp_path / "scan0001.pdf")])
    citekey, fields = only_reference(empty_project)
    assert report.from_pdf == [(tmp_path / "scan0001.pdf", "wijaya2019")]
    assert citekey == "wijaya2019"
    assert fields == {
        "type": "article",
        "title": "Hoaxes and the 2019 Election: Voters Online",
        "authors": ("Wijaya, Dewi", "Kusuma, Rizky", "Santoso, Budi", "van der Berg, Ayu"),
        "year": "2019",
        "doi": "10.1016/j.jrurstud.2019.02.004",
        "from_pdf": True,
        "author": "Wijaya, Dewi and Kusuma, Rizky and Santoso, Budi and van der Berg, Ayu",
        "journal": "Journal of Rural Studies",
        "volume": "41",
        "number": "2",
        "pages": "245–260",
    }
    # Cited by it at once: the source is tied to the reference.
    (source,) = empty_project.sources.all()
    assert source.bib_key == "wijaya2019"


def test_a_doi_and_a_citation_line_on_the_first_page(
    empty_project: Project, tmp_path: Path
) -> None:
    import_paths(empty_project, [doi_pdf(tmp_path / "download.pdf")])
    citekey, fields = only_reference(empty_project)
    assert citekey == "wijaya2020"
    assert fields["title"] == "Hoaks dan Partisipasi Politik Pemilih Pemula"
    assert fields["authors"] == ("Wijaya, Dewi", "Kusuma, Rizky")
    assert fields["doi"] == "10.21009/jki.122.05"
    assert (fields["journal"], fields["volume"], fields["number"], fields["pages"]) == (
        "Jurnal Komunikasi Indonesia", "12", "2", "45–67",
    )  # fmt: skip
    assert fields["year"] == "2020"


def test_only_a_typeset_first_page(empty_project: Project, tmp_path: Path) -> None:
    import_paths(empty_project, [typeset_pdf(tmp_path / "artikel.pdf")])
    citekey, fields = only_reference(empty_project)
    assert citekey == "wijaya2018"
    assert fields["title"] == "Gotong Royong in the Digital Village: A Field Study"
    assert fields["authors"] == ("Wijaya, Dewi", "Kusuma, Rizky", "Santoso, Budi")
    assert (fields["journal"], fields["volume"], fields["pages"], fields["year"]) == (
        "Jurnal Sosiologi", "12", "45–60", "2018",
    )  # fmt: skip
    assert fields["from_pdf"] is True


def test_a_pdf_saying_nothing_usable_gets_no_reference(
    empty_project: Project, tmp_path: Path
) -> None:
    doc = pymupdf.open()
    _write(doc.new_page(), BODY, 100, 10)
    report = import_paths(empty_project, [_save(doc, tmp_path / "notes.pdf")])
    assert empty_project.references.all() == [] and report.from_pdf == []
    assert empty_project.sources.all()[0].bib_key is None


@pytest.mark.parametrize("same", ["doi", "title"])
def test_a_bibliography_entry_of_the_same_work_replaces_the_pdfs_reference(
    empty_project: Project, tmp_path: Path, same: str
) -> None:
    import_paths(empty_project, [xmp_pdf(tmp_path / "scan0001.pdf")])
    doi = "10.1016/j.jrurstud.2019.02.004" if same == "doi" else "10.9999/other"
    title = "Hoaxes and the 2019 Election" if same == "doi" else (
        "Hoaxes and the 2019 election: voters online"
    )  # fmt: skip
    bib = tmp_path / "library.bib"
    bib.write_text(
        "@article{wijaya_hoaxes_2019,\n"
        f"  title = {{{title}}},\n"
        "  author = {Wijaya, Dewi and Kusuma, Rizky},\n"
        f"  year = {{2019}}, doi = {{{doi}}}, journal = {{J. Rural Stud.}}\n}}\n",
        encoding="utf-8",
    )
    report = import_paths(empty_project, [bib])
    keys = [entry.citekey for entry in empty_project.references.all()]
    (source,) = empty_project.sources.all()
    if same == "doi":
        assert report.replaced == [("wijaya2019", "wijaya_hoaxes_2019")]
        assert keys == ["wijaya_hoaxes_2019"]
        assert source.bib_key == "wijaya_hoaxes_2019"
        # One undo step brings the PDF's reference back, tied to the source again.
        empty_project.undo(report.edits[-1])
        assert empty_project.sources.all()[0].bib_key == "wijaya2019"
    else:
        # Two different DOIs: a preprint and its article, perhaps. The user decides.
        assert report.replaced == []
        assert sorted(keys) == ["wijaya2019", "wijaya_hoaxes_2019"]


def _ris(path: Path, title: str) -> Path:
    path.write_text(
        f"TY  - JOUR\nTI  - {title}\nAU  - Wijaya, Dewi\nAU  - Kusuma, Rizky\nPY  - 2018\n"
        "JO  - Jurnal Sosiologi\nER  - \n",
        encoding="utf-8",
    )
    return path


def test_the_same_work_under_the_same_key_takes_its_place(
    empty_project: Project, tmp_path: Path
) -> None:
    import_paths(empty_project, [typeset_pdf(tmp_path / "artikel.pdf")])
    title = "Gotong royong in the digital village: a field study"
    import_paths(empty_project, [_ris(tmp_path / "export.ris", title)])
    (entry,) = empty_project.references.all()
    assert (entry.citekey, entry.title, entry.from_pdf) == ("wijaya2018", title, False)
    assert empty_project.sources.all()[0].bib_key == "wijaya2018"


def test_another_work_wanting_the_same_key_moves_the_pdfs_reference_aside(
    empty_project: Project, tmp_path: Path
) -> None:
    import_paths(empty_project, [typeset_pdf(tmp_path / "artikel.pdf")])
    import_paths(empty_project, [_ris(tmp_path / "other.ris", "Election rumours in Java")])
    entries = {e.citekey: e for e in empty_project.references.all()}
    assert entries["wijaya2018"].title == "Election rumours in Java"
    assert not entries["wijaya2018"].from_pdf
    moved = empty_project.sources.all()[0].bib_key
    assert moved == "wijaya2018a" and entries["wijaya2018a"].from_pdf
    assert entries["wijaya2018a"].title == "Gotong Royong in the Digital Village: A Field Study"


def test_the_command_line_lists_the_reference_as_made_from_the_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from kutip.cli import main

    project = tmp_path / "p.kutip"
    assert main(["new", str(project)]) == 0
    assert main(["import", str(project), str(doi_pdf(tmp_path / "download.pdf"))]) == 0
    out = capsys.readouterr().out
    assert "cited      download.pdf as wijaya2020, made from the PDF itself: check it" in out
    assert main(["references", str(project), "--json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert (entry["citekey"], entry["from_pdf"]) == ("wijaya2020", True)
    assert entry["sources"][0]["title"] == "download"
