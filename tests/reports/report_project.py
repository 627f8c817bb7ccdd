"""A small project for the report tests, built through the ``Project`` facade.

Four PDFs made with PyMuPDF (printed page labels that do not start at 1, roman labels, a quote
that runs from p. 412 onto p. 413, a word hyphenated at a line end), three of them linked to
BibTeX references with accented names, one without a reference; two interview transcripts
(one with time codes, one without) in two cases with attributes; codings by two coders, with
memos, overlaps and a range that cuts words at both ends.

``CODINGS`` names every coding by the exact text it covers, so the tests can state what each
export must contain without recomputing offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pymupdf

from kutip.ingest.drafts import ReadOptions
from kutip.ingest.pdf.reader import read_pdf
from kutip.model import AttributeScope, AttributeType
from kutip.project import Project
from kutip.services.importing import import_paths

BIB = r"""
@article{jansen2017,
  author = {Jansen, Mikhael F.},
  title = {Social media and political participation in Indonesia},
  journal = {Journal of Communication},
  year = {2017},
  volume = {67},
  number = {3},
  pages = {401--425},
  doi = {10.1111/jcom.12345},
}

@article{mu2021,
  author = {M{\`u}, {\=A}nh and Lestari, Dewi},
  title = {Kampanye digital dan pemilih muda},
  journal = {Jurnal Ilmu Sosial dan Ilmu Politik},
  year = {2021},
  volume = {24},
  number = {1},
  pages = {1--20},
  langid = {indonesian},
}

@book{garcia2020,
  author = {Garc{\'\i}a, Jos{\'e} and M{\"u}ller, Hans and Nugroho, Budi},
  title = {Hoaxes and hate speech online},
  publisher = {Routledge},
  address = {London},
  year = {2020},
}
"""

FONT_SIZE = 11.0
LEADING = FONT_SIZE * 1.4


def _write(page: pymupdf.Page, lines: list[str], y: float = 90.0) -> float:
    """One line per entry from the top; an empty entry leaves a paragraph gap."""
    for line in lines:
        if line:
            page.insert_text((72, y), line, fontname="helv", fontsize=FONT_SIZE)
            y += LEADING
        else:
            y += LEADING * 1.5
    return y


def make_pdf(pages: list[list[str]], labels: list[dict[str, object]] | None = None) -> bytes:
    doc = pymupdf.open()
    for lines in pages:
        page = doc.new_page(width=595, height=842)
        _write(page, lines)
    if labels:
        doc.set_page_labels(labels)
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data


JANSEN_PAGES = [
    ["Social media and political participation in Indonesia", "", "Young voters online."],
    [
        "Political campaigns on TikTok reached first-time voters",
        "in every province of Indonesia during the kam-",
        "panye period of early 2024.",
        "",
        "Participation among young voters rose sharply",
    ],
    [
        "after the debates were streamed live.",
        "",
        "Hoaxes spread faster than corrections did.",
    ],
]
MU_PAGES = [
    ["Sinyal yang lemah membuat pemilih muda di desa", "tertinggal dari kampanye"],
    ["yang berpindah ke media sosial.", "", "Penutup bab ini."],
]
GARCIA_PAGES = [
    ["Preface", "", "Hoaxes travel through family chat groups first."],
    ["Contents"],
]
LAPORAN_PAGES = [
    ["Laporan pengawasan pemilu"],
    ["Akses internet di daerah terpencil masih terbatas."],
]

TRANSCRIPT_3 = """Wawancara Informan 3

[00:12:00] Pewawancara: Dari mana kamu tahu soal calon presiden?

[00:12:31] Informan 3: Saya tahu dari TikTok, bukan dari TV. Banyak hoaks juga di grup keluarga.

[00:13:05] Pewawancara: Lalu bagaimana dengan debat?

[00:13:10] Informan 3: Sinyal di desa susah, jadi saya jarang nonton debat.
"""

TRANSCRIPT_5 = """Pewawancara: Apa platform utamamu?

Informan 5: Instagram. Kampanye di sana lebih rapi.
"""


@dataclass(frozen=True)
class Planned:
    """One coding: the code's name, the source's file name, the exact text it covers."""

    code: str
    source: str
    text: str
    memo: str = ""
    coder: str = "tester"
    #: Characters cut off the start and the end of ``text`` (a sloppy selection).
    trim: tuple[int, int] = (0, 0)


CODINGS: tuple[Planned, ...] = (
    Planned(
        "Kampanye Politik",
        "jansen.pdf",
        "Political campaigns on TikTok reached first-time voters in every province of "
        "Indonesia during the kampanye period of early 2024.",
        trim=(2, 3),
    ),
    Planned(
        "Kampanye Politik",
        "jansen.pdf",
        "Participation among young voters rose sharply\n\nafter the debates were streamed live.",
    ),
    Planned(
        "Kredibilitas",
        "jansen.pdf",
        "Hoaxes spread faster than corrections did.",
        memo="Bandingkan dengan Informan 3.",
    ),
    Planned(
        "Aksesibilitas",
        "mu.pdf",
        "Sinyal yang lemah membuat pemilih muda di desa tertinggal dari kampanye\n\n"
        "yang berpindah ke media sosial.",
    ),
    Planned("Hoaks", "garcia.pdf", "Hoaxes travel through family chat groups first."),
    Planned("Aksesibilitas", "laporan.pdf", "Akses internet di daerah terpencil masih terbatas."),
    Planned("Kampanye Politik", "informan-03.txt", "Saya tahu dari TikTok, bukan dari TV."),
    Planned("Kredibilitas", "informan-03.txt", "TikTok, bukan dari TV. Banyak hoaks"),
    Planned("Hoaks", "informan-03.txt", "Banyak hoaks juga di grup keluarga."),
    Planned("Aksesibilitas", "informan-03.txt", "Sinyal di desa susah"),
    Planned("Kampanye Politik", "informan-05.txt", "Kampanye di sana lebih rapi."),
    Planned("Kredibilitas", "informan-05.txt", "Instagram.", coder="kedua"),
)

CODES = (
    ("Kampanye Politik", None, "#1f77b4", "Kampanye oleh kandidat dan tim di media sosial."),
    ("Kredibilitas", None, "#d62728", "Kepercayaan pada sumber informasi."),
    ("Hoaks", "Kredibilitas", "#ff7f0e", "Informasi palsu yang beredar."),
    ("Aksesibilitas", None, "#2ca02c", "Akses ke internet dan perangkat."),
)


@dataclass(frozen=True)
class Built:
    path: Path
    sources: dict[str, int]  # file name → source id
    codes: dict[str, int]  # code name → id


def build(folder: Path) -> Built:
    """Write the files into ``folder`` and build ``folder/report.kutip`` from them."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_text(BIB, encoding="utf-8")
    pdfs = {
        "jansen.pdf": (
            make_pdf(JANSEN_PAGES, [{"startpage": 0, "style": "D", "firstpagenum": 411}]),
            "jansen2017",
        ),
        "mu.pdf": (
            make_pdf(MU_PAGES, [{"startpage": 0, "style": "D", "firstpagenum": 12}]),
            "mu2021",
        ),
        "garcia.pdf": (
            make_pdf(GARCIA_PAGES, [{"startpage": 0, "style": "r", "firstpagenum": 4}]),
            "garcia2020",
        ),
        "laporan.pdf": (make_pdf(LAPORAN_PAGES), None),
    }
    (folder / "informan-03.txt").write_text(TRANSCRIPT_3, encoding="utf-8")
    (folder / "informan-05.txt").write_text(TRANSCRIPT_5, encoding="utf-8")
    path = folder / "report.kutip"
    sources: dict[str, int] = {}
    codes: dict[str, int] = {}
    with Project.create(path, codebook="empty", coder="tester") as project:
        report = import_paths(project, [folder / "refs.bib"])
        assert not report.any_failed, report
        for name, (data, citekey) in pdfs.items():
            draft = read_pdf(folder / name, data, ReadOptions())
            draft = replace(draft, title=name.removesuffix(".pdf").capitalize(), bib_key=citekey)
            if name == "laporan.pdf":
                draft = replace(draft, title="Laporan Bawaslu 2024")
            sources[name] = project.sources.add(draft).value
        imported = import_paths(project, [folder / "informan-03.txt", folder / "informan-05.txt"])
        assert not imported.any_failed, imported
        for file, edit in imported.imported:
            sources[file.name] = edit.value
        for name, parent, color, definition in CODES:
            parent_id = codes[parent] if parent else None
            codes[name] = project.codes.add(
                name, parent_id=parent_id, color=color, definition=definition
            ).value
        provinsi = project.cases.add_attribute(
            "provinsi", AttributeType.TEXT, AttributeScope.CASE
        ).value
        for case, source, province in (
            ("Informan 3", "informan-03.txt", "Sumatera Utara"),
            ("Informan 5", "informan-05.txt", "Jawa Barat"),
        ):
            case_id = project.cases.add(case).value
            project.cases.link_source(case_id, sources[source])
            project.cases.set_attribute_value(provinsi, case_id, province)
        _code(project, sources, codes, coder="tester")
    with Project.open(path, coder="kedua") as project:
        _code(project, sources, codes, coder="kedua")
    return Built(path, sources, codes)


def located(project: Project, source_id: int, text: str) -> tuple[int, int]:
    whole = project.sources.text(source_id)
    start = whole.find(text)
    assert start >= 0, f"{text!r} is not in source {source_id}: {whole!r}"
    assert whole.find(text, start + 1) < 0, f"{text!r} occurs twice"
    return start, start + len(text)


def _code(project: Project, sources: dict[str, int], codes: dict[str, int], coder: str) -> None:
    for planned in CODINGS:
        if planned.coder != coder:
            continue
        source_id = sources[planned.source]
        start, end = located(project, source_id, planned.text)
        cut_start, cut_end = planned.trim
        project.codings.apply(
            source_id, start + cut_start, end - cut_end, codes[planned.code], planned.memo
        )
