"""Reading real-looking BibTeX exports: Zotero, JabRef, Better BibTeX and Mendeley."""

# The samples keep the long lines real exports have.
# ruff: noqa: E501

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kutip.errors import ImportFailedError
from kutip.ingest.bib.bibtex import BibEntryDraft, BibliographyRead, normalise_month, read_bibtex
from kutip.ingest.bib.fields import (
    OTHERS,
    CitekeyPool,
    Person,
    citekey_base,
    year_of,
)
from kutip.model import BibEntry


def read(tmp_path: Path, text: str, name: str = "refs.bib") -> BibliographyRead:
    path = tmp_path / name
    data = textwrap.dedent(text).lstrip("\n").encode("utf-8")
    path.write_bytes(data)
    return read_bibtex(path, data)


def by_key(result: BibliographyRead) -> dict[str, BibEntryDraft]:
    return {entry.citekey: entry for entry in result.entries}


ZOTERO = """
@article{silitonga_hoaks_2024,
\ttitle = {Hoaks, Ujaran Kebencian, dan Partisipasi Politik Pemilih Pemula pada {Pemilu} 2024},
\tvolume = {12},
\tissn = {2303-3444},
\turl = {https://jurnal.example.ac.id/index.php/jip/article/view/1234},
\tdoi = {10.14710/JIP.12.2.2024.101-120},
\tabstract = {Penelitian ini menelaah hoaks---dan ujaran kebencian---di media sosial.

Paragraf kedua.},
\tlanguage = {id},
\tnumber = {2},
\turldate = {2024-05-02},
\tjournal = {Jurnal Ilmu Pemerintahan},
\tauthor = {Silitonga, Mikhael and Roring, F. and M{\\`u}, Dao},
\tmonth = jun,
\tyear = {2024},
\tkeywords = {hoaks, pemilu},
\tpages = {101--120},
\tfile = {Full Text:files/12/Silitonga et al. - 2024 - Hoaks.pdf:application/pdf;Snapshot:files/12/1234.html:text/html},
}

@techreport{komisi_pemilihan_umum_laporan_2024,
\taddress = {Jakarta},
\ttitle = {Laporan {Pemilu} 2024 \\& {Partisipasi} {Pemilih}},
\tinstitution = {KPU},
\tauthor = {{Komisi Pemilihan Umum}},
\tyear = {2024},
}
"""


def test_zotero_export_is_decoded_field_by_field(tmp_path: Path) -> None:
    entries = by_key(read(tmp_path, ZOTERO))
    entry = entries["silitonga_hoaks_2024"]
    assert entry.entry_type == "article"
    assert entry.title == (
        "Hoaks, Ujaran Kebencian, dan Partisipasi Politik Pemilih Pemula pada Pemilu 2024"
    )
    assert entry.authors == (
        Person("Silitonga", "Mikhael"),
        Person("Roring", "F."),
        Person("Mù", "Dao"),
    )
    assert entry.editors == ()
    assert entry.year == "2024"
    assert entry.doi == "10.14710/JIP.12.2.2024.101-120"  # as written: styles print it so
    assert entry.protected == {"title": ("Pemilu",)}  # its braces: the capitals a style keeps
    assert entry.fields["pages"] == "101–120"
    assert entry.fields["month"] == "6"
    assert entry.fields["journal"] == "Jurnal Ilmu Pemerintahan"
    assert entry.fields["abstract"] == (
        "Penelitian ini menelaah hoaks—dan ujaran kebencian—di media sosial.\n\nParagraf kedua."
    )
    assert entry.fields["url"] == "https://jurnal.example.ac.id/index.php/jip/article/view/1234"
    assert entry.fields["author"] == "Silitonga, Mikhael and Roring, F. and Mù, Dao"
    assert entry.files == (tmp_path / "files/12/Silitonga et al. - 2024 - Hoaks.pdf",)
    assert entry.line == 1
    assert entry.original.startswith("@article{silitonga_hoaks_2024,\n\ttitle = {Hoaks")
    assert entry.original.endswith("text/html},\n}")


def test_corporate_author_stays_whole(tmp_path: Path) -> None:
    entry = by_key(read(tmp_path, ZOTERO))["komisi_pemilihan_umum_laporan_2024"]
    assert entry.authors == (Person("Komisi Pemilihan Umum"),)
    assert entry.title == "Laporan Pemilu 2024 & Partisipasi Pemilih"
    assert entry.fields["institution"] == "KPU"
    assert entry.line == 22


JABREF = r"""
% Encoding: UTF-8

@String{jcomm = {Journal of Communication}}

@Article{Jansen2017,
  author    = {Jansen, Bernard J. and Garc{\'\i}a, Mar{\'\i}a and Fran{\c{c}}ois, Val{\'e}rie and others},
  title     = {Political Participation Online: {A} Review},
  journal   = jcomm,
  year      = {2017},
  month     = mar,
  volume    = {67},
  number    = {3},
  pages     = {410--432},
  doi       = {https://doi.org/10.1111/jcom.12301},
  file      = {:papers/Jansen2017.pdf:PDF},
  owner     = {dewi},
  timestamp = {2024.03.01},
}

@Article{Nugroho2021,
  author  = {Nugroho, Yanuar and {\v{S}}imek, Petr and {\"O}zt{\"u}rk, Ay{\c s}e and Stra{\ss}er, Jan},
  title   = {Hoaxes in the {Global South}},
  journal = jasia # { (Special Issue)},
  year    = {2021},
  month   = {August},
  pages   = {1--20},
  file    = {:C\:\\Users\\dewi\\Documents\\papers\\Nugroho2021.pdf:PDF},
}

@String{jasia = "Asian Journal of Communication"}

@Comment{jabref-meta: databaseType:bibtex;}
"""


def test_jabref_export_with_strings_accents_and_others(tmp_path: Path) -> None:
    result = read(tmp_path, JABREF)
    assert result.problems == []
    entries = by_key(result)
    assert list(entries) == ["Jansen2017", "Nugroho2021"]
    jansen = entries["Jansen2017"]
    assert jansen.authors == (
        Person("Jansen", "Bernard J."),
        Person("García", "María"),
        Person("François", "Valérie"),
        OTHERS,
    )
    assert jansen.authors[-1].is_others
    assert jansen.title == "Political Participation Online: A Review"
    assert jansen.fields["journal"] == "Journal of Communication"
    assert jansen.fields["month"] == "3"
    assert jansen.fields["owner"] == "dewi"
    assert jansen.doi == "10.1111/jcom.12301"
    assert jansen.files == (tmp_path / "papers" / "Jansen2017.pdf",)
    assert jansen.line == 5

    nugroho = entries["Nugroho2021"]
    assert nugroho.authors == (
        Person("Nugroho", "Yanuar"),
        Person("Šimek", "Petr"),
        Person("Öztürk", "Ayşe"),
        Person("Straßer", "Jan"),
    )
    # A macro defined after its use still resolves; the concatenation is joined.
    assert nugroho.fields["journal"] == "Asian Journal of Communication (Special Issue)"
    assert nugroho.fields["month"] == "8"
    # A Windows path from JabRef's escapes; the file is not on this machine.
    assert nugroho.files == (Path("C:\\Users\\dewi\\Documents\\papers\\Nugroho2021.pdf"),)


def test_a_windows_path_finds_the_file_copied_next_to_the_bib(tmp_path: Path) -> None:
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "Nugroho2021.pdf").write_bytes(b"%PDF-1.7")
    nugroho = by_key(read(tmp_path, JABREF))["Nugroho2021"]
    assert nugroho.files == (tmp_path / "papers" / "Nugroho2021.pdf",)


BETTER_BIBTEX = r"""
@inproceedings{nugrohoSocialMediaElection2019,
  title = {Social Media and Election Campaigns in {{Indonesia}}},
  author = {Nugroho, Yanuar and van der Berg, Anna and de Gaulle, Charles and {\'E}mile Zola and King, Jr., Martin Luther},
  date = {2019-03},
  crossref = {icsp2019},
  pages = {45--52},
  langid = {english},
  file = {/home/dewi/Zotero/storage/ABCD1234/Nugroho - 2019 - Social Media.pdf}
}

@proceedings{icsp2019,
  title = {Proceedings of the International Conference on Social Politics},
  editor = {Lim, Merlyna and {\O}stergaard, S{\o}ren},
  publisher = {{ACM}},
  location = {Yogyakarta},
  date = {2019},
  doi = {10.1145/3300000},
  keywords = {proceedings}
}

@online{kpuWebsite2024,
  title = {Hasil {{Pemilu}} 2024},
  author = {{Komisi Pemilihan Umum}},
  date = {2024-03-20},
  url = {https://www.kpu.go.id/hasil\_pemilu},
  urldate = {2024-04-01}
}
"""


def test_better_bibtex_dates_crossref_and_particles(tmp_path: Path) -> None:
    result = read(tmp_path, BETTER_BIBTEX)
    assert result.problems == []
    entries = by_key(result)
    paper = entries["nugrohoSocialMediaElection2019"]
    assert paper.title == "Social Media and Election Campaigns in Indonesia"
    assert paper.year == "2019"
    assert paper.fields["date"] == "2019-03"
    assert paper.authors == (
        Person("Nugroho", "Yanuar"),
        Person("van der Berg", "Anna"),
        Person("de Gaulle", "Charles"),
        Person("Zola", "Émile"),
        Person("King", "Martin Luther", "Jr."),
    )
    assert str(paper.authors[-1]) == "King, Jr., Martin Luther"
    # Inherited from the crossref parent: editors, publisher, the parent's title as booktitle.
    assert paper.editors == (Person("Lim", "Merlyna"), Person("Østergaard", "Søren"))
    assert paper.fields["booktitle"] == (
        "Proceedings of the International Conference on Social Politics"
    )
    assert paper.fields["publisher"] == "ACM"
    assert paper.fields["location"] == "Yogyakarta"
    # ... but not what describes the volume itself.
    assert paper.doi == ""
    assert "keywords" not in paper.fields
    assert paper.fields["title"] == paper.title
    assert paper.files == (
        Path("/home/dewi/Zotero/storage/ABCD1234/Nugroho - 2019 - Social Media.pdf"),
    )
    assert entries["icsp2019"].entry_type == "proceedings"
    assert entries["icsp2019"].doi == "10.1145/3300000"

    online = entries["kpuWebsite2024"]
    assert online.year == "2024"
    assert online.fields["url"] == "https://www.kpu.go.id/hasil_pemilu"
    assert online.authors == (Person("Komisi Pemilihan Umum"),)


def test_missing_crossref_parent_is_reported(tmp_path: Path) -> None:
    result = read(
        tmp_path,
        """
        @incollection{chapter1,
          title = {A Chapter},
          crossref = {nobook},
          year = 2020
        }
        """,
    )
    assert [e.citekey for e in result.entries] == ["chapter1"]
    assert result.problems == [
        "refs.bib line 1: entry “chapter1” refers to “nobook”, which is not in the file."
    ]


MENDELEY = r"""
Automatically generated by Mendeley Desktop 1.19.8
Any changes to this file will be lost if it is regenerated by Mendeley.

BibTeX export options can be customized via Options -> BibTeX in Mendeley Desktop

@article{Wijaya2020,
abstract = {We surveyed 1{\,}200 first-time voters; 95{\%} use Instagram.},
author = {Wijaya, Dewi and Kusuma, Rizky and Le{\'{o}}n, Jos{\'{e}}},
doi = {10.1080/01292986.2020.1234567},
file = {:C$\backslash$:/Users/dewi/Documents/Mendeley Desktop/Wijaya, Kusuma - 2020 - Hate speech{\_}final.pdf:pdf},
issn = {0129-2986},
journal = {Asian Journal of Communication},
keywords = {hate speech,social media},
mendeley-groups = {Pemilu},
number = {4},
pages = {281--299},
title = {{Hate speech and first-time voters in Indonesia: the role of {\#}Pemilu2019}},
url = {https://www.tandfonline.com/doi/abs/10.1080/01292986.2020.1234567?journalCode=rajc{\_}20},
volume = {30},
year = {2020}
}
@book{Lim2017,
address = {Singapore},
author = {Lim, Merlyna},
file = {:home/dewi/.local/share/data/Mendeley Ltd./Mendeley Desktop/Downloaded/Lim - 2017 - Freedom.pdf:pdf},
publisher = {ISEAS},
title = {{Freedom to Hate: Social Media, Algorithmic Enclaves, and the Rise of Tribal Nationalism in Indonesia}},
year = {2017}
}
"""


def test_mendeley_export_with_escaped_paths_and_underscores(tmp_path: Path) -> None:
    result = read(tmp_path, MENDELEY)
    assert result.problems == []
    entries = by_key(result)
    wijaya = entries["Wijaya2020"]
    assert wijaya.title == "Hate speech and first-time voters in Indonesia: the role of #Pemilu2019"
    assert wijaya.authors == (
        Person("Wijaya", "Dewi"),
        Person("Kusuma", "Rizky"),
        Person("León", "José"),
    )
    assert wijaya.fields["abstract"] == "We surveyed 1 200 first-time voters; 95% use Instagram."
    assert wijaya.fields["url"] == (
        "https://www.tandfonline.com/doi/abs/10.1080/01292986.2020.1234567?journalCode=rajc_20"
    )
    assert wijaya.fields["mendeley-groups"] == "Pemilu"
    assert wijaya.files == (
        Path(
            "C:/Users/dewi/Documents/Mendeley Desktop/Wijaya, Kusuma - 2020 - Hate speech_final.pdf"
        ),
    )
    assert wijaya.line == 6
    lim = entries["Lim2017"]
    # Mendeley on Linux drops the leading "/"; the path stays relative to the .bib if not found.
    assert lim.files == (
        tmp_path
        / "home/dewi/.local/share/data/Mendeley Ltd./Mendeley Desktop/Downloaded"
        / "Lim - 2017 - Freedom.pdf",
    )


def test_file_fields_of_every_shape(tmp_path: Path) -> None:
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "d.pdf").write_bytes(b"%PDF-1.7")
    result = read(
        tmp_path,
        r"""
        @misc{a, title = {A}, file = {:a.pdf:application/pdf}}
        @misc{b, title = {B}, file = {Full Text:files/12/b.pdf:application/pdf;Snapshot:files/12/b.html:text/html}}
        @misc{c, title = {C}, file = {c.pdf}}
        @misc{d, title = {D}, file = {D:\Papers\pdfs\d.pdf}}
        @misc{e, title = {E}, file = {sub\dir\e.pdf}}
        @misc{f, title = {F}, file = {/srv/papers/f.pdf;/srv/papers/f2.PDF}}
        @misc{g, title = {G}, file = {Snapshot:files/9/g.html:text/html}}
        @misc{h, title = {H}, file = {Online:https\://example.org/h.pdf:application/pdf}}
        @misc{i, title = {I}, file = {PDF:file\_with\_underscores.pdf:PDF}}
        @misc{j, title = {J}, file = {../shared/j.pdf}, pdf = {j-copy.pdf}}
        """,
    )
    files = {entry.citekey: entry.files for entry in result.entries}
    assert files == {
        "a": (tmp_path / "a.pdf",),
        "b": (tmp_path / "files/12/b.pdf",),
        "c": (tmp_path / "c.pdf",),
        "d": (tmp_path / "pdfs" / "d.pdf",),  # a Windows path, found by its last parts
        "e": (tmp_path / "sub" / "dir" / "e.pdf",),
        "f": (Path("/srv/papers/f.pdf"), Path("/srv/papers/f2.PDF")),
        "g": (),
        "h": (),
        "i": (tmp_path / "file_with_underscores.pdf",),
        "j": (tmp_path.parent / "shared" / "j.pdf", tmp_path / "j-copy.pdf"),
    }


BROKEN = """
@article{good1,
  title = {First Good Entry},
  year = {2020}
}

@article{broken1,
  title = {Missing closing brace,
  year = {2021}

@article{good2,
  title = {Second Good Entry},
  year = {2022}
}

@article{good1,
  title = {Same key again},
  year = {2023}
}

@article{nocomma
  title = {No comma after the key}
}

@article{dupfield,
  title = {Field twice},
  Title = {Field twice again},
  year = {2019}
}

@article{good3, title = {Third Good Entry}, year = 2024}
"""


def test_broken_entries_are_reported_with_line_numbers_and_the_rest_read(
    tmp_path: Path,
) -> None:
    result = read(tmp_path, BROKEN)
    assert [e.citekey for e in result.entries] == ["good1", "good2", "dupfield", "good3"]
    assert by_key(result)["good1"].title == "First Good Entry"
    assert by_key(result)["dupfield"].title == "Field twice"
    assert result.problems == [
        "refs.bib line 6: entry “broken1” could not be read (missing closing brace?).",
        "refs.bib line 15: the citation key “good1” is used twice (first on line 1); "
        "this entry was skipped.",
        "refs.bib line 20: entry “nocomma” could not be read "
        "(missing comma after the citation key?).",
        "refs.bib line 24: entry “dupfield” has the field “title” twice; the first is kept.",
    ]


def test_unclosed_last_entry_is_reported(tmp_path: Path) -> None:
    result = read(
        tmp_path,
        """
        @book{ok, title = {Fine}}

        @book{last,
          title = {Never closed},
        """,
    )
    assert [e.citekey for e in result.entries] == ["ok"]
    assert result.problems == [
        "refs.bib line 3: entry “last” could not be read (missing closing brace?)."
    ]


def test_comments_preambles_and_months(tmp_path: Path) -> None:
    result = read(
        tmp_path,
        r"""
        @preamble{"\newcommand{\noopsort}[1]{}"}
        @comment{This is ignored @article{fake, title={Fake}}}
        @string{ieee = "IEEE"}
        @article{m1, title = {One}, month = jan # "~15", year = {2001}}
        @article{m2, title = {Two}, month = {Sept.}, year = {in press}}
        @article{m3, title = {Three}, month = 11, year = {2003a}, publisher = ieee}
        @article{m4, title = {Four}, month = {Spring}, date = {2017/2018}}
        """,
    )
    assert result.problems == []
    entries = by_key(result)
    assert list(entries) == ["m1", "m2", "m3", "m4"]
    assert entries["m1"].fields["month"] == "January 15"
    assert entries["m2"].fields["month"] == "9"
    assert entries["m2"].year == "in press"
    assert entries["m3"].fields["month"] == "11"
    assert entries["m3"].year == "2003"
    assert entries["m3"].fields["publisher"] == "IEEE"
    assert entries["m4"].fields["month"] == "Spring"
    assert entries["m4"].year == "2017"


def test_entry_without_key_gets_a_better_bibtex_style_key(tmp_path: Path) -> None:
    result = read(
        tmp_path,
        """
        @article{silitonga2024, title = {Taken}, author = {Silitonga, M.}, year = 2024}
        @article{, title = {Keyless}, author = {Silitonga, Mikhael}, year = 2024}
        """,
    )
    assert [e.citekey for e in result.entries] == ["silitonga2024", "silitonga2024a"]
    assert result.problems == [
        "refs.bib line 2: the entry has no citation key; it was named “silitonga2024a”."
    ]


def test_latin1_file_is_read_with_a_problem_noted(tmp_path: Path) -> None:
    data = (
        "@article{mueller1998,\n  author = {Müller, Jürgen and Peña, José},\n"
        "  title = {Über Wahlen – eine Übersicht},\n  year = {1998}\n}\n"
    ).encode("cp1252")
    path = tmp_path / "alt.bib"
    path.write_bytes(data)
    result = read_bibtex(path, data)
    entry = result.entries[0]
    assert entry.authors == (Person("Müller", "Jürgen"), Person("Peña", "José"))
    assert entry.title == "Über Wahlen – eine Übersicht"
    assert result.problems == [
        "alt.bib: the file is not UTF-8; it was read as Latin-1 (Windows-1252). Check that "
        "accented letters came through, or export it again as UTF-8."
    ]


def test_utf8_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    data = "\ufeff@article{a,\r\n  title = {Ç\r\n  a},\r\n  year = 2020\r\n}\r\n".encode()
    path = tmp_path / "bom.bib"
    result = read_bibtex(path, data)
    assert result.problems == []
    assert result.entries[0].title == "Ç a"
    assert result.entries[0].original == "@article{a,\n  title = {Ç\n  a},\n  year = 2020\n}"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.bib", b"These are my notes about the election.\nNothing else here.\n"),
        ("export.bib", b"TY  - JOUR\nTI  - A RIS record\nER  - \n"),
        ("paper.bib", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x00"),
        ("empty.bib", b""),
    ],
)
def test_a_file_that_is_not_bibtex_is_refused_by_name(name: str, data: bytes) -> None:
    with pytest.raises(ImportFailedError) as raised:
        read_bibtex(Path("/tmp") / name, data)
    assert str(raised.value).startswith(f"{name}: this is not a")


def test_a_bib_with_only_comments_holds_no_references(tmp_path: Path) -> None:
    result = read(tmp_path, "@comment{jabref-meta: databaseType:bibtex;}\n")
    assert result.entries == []
    assert result.problems == ["refs.bib: the file holds no references."]


def test_doi_taken_from_a_doi_org_url_when_the_field_is_missing(tmp_path: Path) -> None:
    result = read(tmp_path, "@article{a, title={A}, url={https://doi.org/10.5555/ABC.1}}")
    assert result.entries[0].doi == "10.5555/ABC.1"


def test_small_helpers() -> None:
    assert normalise_month("mar") == "3"
    assert normalise_month("03") == "3"
    assert normalise_month("December") == "12"
    assert normalise_month("13") == "13"
    assert year_of("", "2017-03") == "2017"
    assert year_of("forthcoming") == "forthcoming"
    assert year_of("") == ""
    people = (Person("van Dijk", "Jan"), Person("Müller", "J."))
    assert citekey_base(people, "2019") == "dijk2019"
    assert citekey_base((Person("Łukasiewicz", "J."),), "1920") == "lukasiewicz1920"
    assert citekey_base((OTHERS,), "", "The Hoax Election") == "the"
    taken = CitekeyPool(["smith2017b"])
    keys = [taken.unique("smith2017") for _ in range(4)]
    assert keys == ["smith2017", "smith2017a", "smith2017c", "smith2017d"]
    assert "smith2017d" in taken and "smith2017e" not in taken


def test_draft_converts_to_the_store_record(tmp_path: Path) -> None:
    entry = by_key(read(tmp_path, ZOTERO))["silitonga_hoaks_2024"]
    record = entry.to_model()
    assert isinstance(record, BibEntry)
    assert record.authors == ("Silitonga, Mikhael", "Roring, F.", "Mù, Dao")
    assert record.citekey == "silitonga_hoaks_2024"
    assert record.fields == entry.fields
    assert record.original == entry.original
    hash(entry)  # frozen drafts can go in sets despite their fields dict


def test_quoted_values_parentheses_and_a_crossref_cycle(tmp_path: Path) -> None:
    result = read(
        tmp_path,
        r"""
        @article(quoted,
          author = "Sch{\"o}n, Donald A.",
          title = "The {Reflective} Practitioner, ``revisited''",
          year = "1983"
        )
        @inbook{a, title = {A}, crossref = {b}, pages = {1--2}}
        @book{b, title = {B}, crossref = {a}, publisher = {P}}
        @set{bundle, entryset = {a,b}}
        """,
    )
    assert result.problems == [
        "refs.bib line 7: in entry “b”, the crossref to “a” goes round in a circle; that link "
        "was not followed."
    ]
    entries = by_key(result)
    assert list(entries) == ["quoted", "a", "b"]
    assert entries["quoted"].authors == (Person("Schön", "Donald A."),)
    assert entries["quoted"].title == "The Reflective Practitioner, “revisited”"
    assert entries["a"].fields["booktitle"] == "B"
    assert entries["a"].fields["publisher"] == "P"
    assert "pages" not in entries["b"].fields  # the link back is not followed: no endless loop
