"""Reading RIS exports of Zotero, Mendeley and EndNote into the same drafts as BibTeX."""

from __future__ import annotations

from pathlib import Path

import pytest

from kutip.errors import ImportFailedError
from kutip.ingest.bib.bibtex import BibliographyRead
from kutip.ingest.bib.fields import Person
from kutip.ingest.bib.ris import read_ris


def read(
    tmp_path: Path, text: str, name: str = "refs.ris", encoding: str = "utf-8"
) -> BibliographyRead:
    path = tmp_path / name
    data = text.encode(encoding)
    path.write_bytes(data)
    return read_ris(path, data)


ZOTERO = """\
TY  - JOUR
TI  - Hoaks, Ujaran Kebencian, dan Partisipasi Politik Pemilih Pemula
AU  - Silitonga, Mikhael
AU  - Roring, F.
AU  - Mù, Dao
T2  - Jurnal Ilmu Pemerintahan
AB  - Penelitian ini menelaah hoaks
  di media sosial.
DA  - 2024/06//
PY  - 2024
DO  - 10.14710/JIP.12.2.2024.101-120
SP  - 101
EP  - 120
VL  - 12
IS  - 2
SN  - 2303-3444
UR  - https://jurnal.example.ac.id/index.php/jip/article/view/1234
Y2  - 2024/05/02/08:30:00
L1  - files/12/Silitonga et al. - 2024 - Hoaks.pdf
L1  - files/12/1234.html
KW  - hoaks
KW  - pemilu
N1  - Dibaca untuk bab 2
ER  -

TY  - RPRT
TI  - Laporan Pemilu 2024
AU  - Komisi Pemilihan Umum
CY  - Jakarta
PY  - 2024
ER  -

TY  - CHAP
TI  - Social Media and Elections
AU  - Silitonga, Mikhael
A2  - Lim, Merlyna
T2  - The Routledge Handbook of Indonesian Politics
PB  - Routledge
CY  - London
SN  - 978-1-138-00000-0
PY  - 2024
SP  - 45
EP  - 60
ER  -
"""


def test_zotero_ris_export(tmp_path: Path) -> None:
    result = read(tmp_path, ZOTERO)
    assert result.problems == []
    article, report, chapter = result.entries
    assert article.citekey == "silitonga2024"
    assert article.entry_type == "article"
    assert article.title == "Hoaks, Ujaran Kebencian, dan Partisipasi Politik Pemilih Pemula"
    assert article.authors == (
        Person("Silitonga", "Mikhael"),
        Person("Roring", "F."),
        Person("Mù", "Dao"),
    )
    assert article.year == "2024"
    assert article.doi == "10.14710/JIP.12.2.2024.101-120"  # as written
    assert article.files == (tmp_path / "files/12/Silitonga et al. - 2024 - Hoaks.pdf",)
    assert article.line == 1
    assert article.fields == {
        "title": "Hoaks, Ujaran Kebencian, dan Partisipasi Politik Pemilih Pemula",
        "author": "Silitonga, Mikhael and Roring, F. and Mù, Dao",
        "journal": "Jurnal Ilmu Pemerintahan",
        "abstract": "Penelitian ini menelaah hoaks di media sosial.",
        "date": "2024/06//",
        "year": "2024",
        "month": "6",
        "doi": "10.14710/JIP.12.2.2024.101-120",
        "pages": "101–120",
        "volume": "12",
        "number": "2",
        "issn": "2303-3444",
        "url": "https://jurnal.example.ac.id/index.php/jip/article/view/1234",
        "urldate": "2024/05/02/08:30:00",
        "file": "files/12/Silitonga et al. - 2024 - Hoaks.pdf; files/12/1234.html",
        "keywords": "hoaks, pemilu",
        "note": "Dibaca untuk bab 2",
        "ris-type": "JOUR",
    }
    assert article.original.startswith("TY  - JOUR\nTI  - Hoaks")
    assert article.original.endswith("N1  - Dibaca untuk bab 2\nER  -")

    assert report.citekey == "komisipemilihanumum2024"
    assert report.entry_type == "techreport"
    assert report.authors == (Person("Komisi Pemilihan Umum"),)
    assert report.fields["address"] == "Jakarta"
    assert report.line == 26

    # Same first author and year: the second key gets "a", like Better BibTeX.
    assert chapter.citekey == "silitonga2024a"
    assert chapter.entry_type == "incollection"
    assert chapter.editors == (Person("Lim", "Merlyna"),)
    assert chapter.fields["booktitle"] == "The Routledge Handbook of Indonesian Politics"
    assert chapter.fields["isbn"] == "978-1-138-00000-0"
    assert chapter.fields["editor"] == "Lim, Merlyna"
    assert chapter.fields["pages"] == "45–60"


MENDELEY_AND_ENDNOTE = """\
\ufeffTY  - JOUR
AU  - García, María
AU  - Øster, Søren
TI  - Participación política y redes sociales
JO  - Revista de Ciencia Política
PY  - 2019
DO  - https://doi.org/10.4067/S0718-090X2019000100001
L1  - file:///C:/Users/dewi/Documents/Mendeley%20Desktop/Garcia%202019.pdf
ER  -

TY  - JOUR
AU  - García, Marta
TI  - Redes sociales
JO  - Revista Latinoamericana
PY  - 2019///
L1  - internal-pdf://0123456789/Garcia-2019-Redes.pdf
ID  - 17
ER  -
"""


def test_mendeley_and_endnote_file_links(tmp_path: Path) -> None:
    (tmp_path / "0123456789").mkdir()
    (tmp_path / "0123456789" / "Garcia-2019-Redes.pdf").write_bytes(b"%PDF-1.7")
    result = read(tmp_path, MENDELEY_AND_ENDNOTE)
    first, second = result.entries
    assert first.citekey == "garcia2019"
    assert first.authors == (Person("García", "María"), Person("Øster", "Søren"))
    assert first.fields["journal"] == "Revista de Ciencia Política"
    assert first.doi == "10.4067/S0718-090X2019000100001"
    assert first.files == (Path("C:/Users/dewi/Documents/Mendeley Desktop/Garcia 2019.pdf"),)
    assert second.citekey == "garcia2019a"
    assert second.year == "2019"
    assert second.fields["id"] == "17"
    assert second.files == (tmp_path / "0123456789" / "Garcia-2019-Redes.pdf",)


def test_damaged_records_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    text = """\
Provider: Some Database
Content: text/plain; charset="UTF-8"

TY  - JOUR
TI  - No end line
AU  - Wijaya, Dewi
PY  - 2020
TY - JOUR
TI - Written with single spaces
AU - Kusuma, Rizky
PY - 2021
ER -

TY  - BOOK
TI  - Unfinished at the end of the file
AB  - US - China relations are a continuation line, not a tag.
"""
    result = read(tmp_path, text)
    assert [e.citekey for e in result.entries] == ["wijaya2020", "kusuma2021", "unfinished"]
    assert result.entries[1].title == "Written with single spaces"
    assert result.entries[2].fields["abstract"] == (
        "US - China relations are a continuation line, not a tag."
    )
    assert result.entries[2].entry_type == "book"
    assert result.problems == [
        "refs.ris line 4: the record has no end line “ER  -”; it was read up to the next record.",
        "refs.ris line 14: the record has no end line “ER  -”; it was read up to the end of "
        "the file.",
    ]


def test_latin1_ris_is_read_with_a_problem_noted(tmp_path: Path) -> None:
    result = read(
        tmp_path,
        "TY  - JOUR\r\nAU  - Müller, Jürgen\r\nTI  - Über Wahlen\r\nPY  - 1998\r\nER  - \r\n",
        name="alt.ris",
        encoding="latin-1",
    )
    entry = result.entries[0]
    assert entry.citekey == "muller1998"
    assert entry.title == "Über Wahlen"
    assert entry.authors == (Person("Müller", "Jürgen"),)
    assert result.problems == [
        "alt.ris: the file is not UTF-8; it was read as Latin-1 (Windows-1252). Check that "
        "accented letters came through, or export it again as UTF-8."
    ]


def test_unknown_types_and_tags_are_kept(tmp_path: Path) -> None:
    result = read(tmp_path, "TY  - SLIDE\nTI  - Kampanye Digital\nZZ  - custom\nER  - \n")
    entry = result.entries[0]
    assert entry.entry_type == "misc"
    assert entry.citekey == "kampanye"
    assert entry.fields == {"title": "Kampanye Digital", "ris-zz": "custom", "ris-type": "SLIDE"}


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("refs.ris", b"@article{a, title={BibTeX, not RIS}}\n"),
        ("notes.ris", b"Just some notes.\n"),
        ("scan.ris", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    ],
)
def test_a_file_that_is_not_ris_is_refused_by_name(name: str, data: bytes) -> None:
    with pytest.raises(ImportFailedError) as raised:
        read_ris(Path("/tmp") / name, data)
    assert str(raised.value).startswith(f"{name}: this is not a")
