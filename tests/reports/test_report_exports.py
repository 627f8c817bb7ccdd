"""Every export format, written and read back: quotes, citations, counts, references.

The files are read with the libraries a user's tools stand on (python-docx, openpyxl, csv, an
HTML parser, Pandoc where installed), not by looking for strings in our own output only.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pytest
from test_report_model import APA_QUOTES, FREQUENCIES

from kutip.errors import KnownError, ValidationError
from kutip.progress import Cancelled
from kutip.project import Project
from kutip.reports import FORMATS, ExportOptions, Selection, export, resolve_codes
from kutip.reports.citations import style_path
from kutip.reports.model import ReportOptions, build_report
from kutip.reports.render.csv import COLUMNS
from kutip.reports.richtext import plain as rich_plain

APA_REFERENCES = [
    "García, J., Müller, H., & Nugroho, B. (2020). Hoaxes and hate speech online. Routledge.",
    "Jansen, M. F. (2017). Social media and political participation in Indonesia. "
    "Journal of Communication, 67(3), 401–425. https://doi.org/10.1111/jcom.12345",
    "Mù, Ā., & Lestari, D. (2021). Kampanye digital dan pemilih muda. "
    "Jurnal Ilmu Sosial dan Ilmu Politik, 24(1), 1–20.",
]
CHICAGO_CITATIONS = [
    "(Jansen 2017, 412)",
    "(Jansen 2017, 412–413)",
    "(Informan 3, 00:12:31)",
    "(Informan 5, turn 2)",
    "(Jansen 2017, 413)",
    "(Informan 3, 00:12:31)",
    "(Informan 5, turn 2)",
    "(García et al. 2020, iv)",
    "(Informan 3, 00:12:31)",
    "(Mù and Lestari 2021, 12–13)",
    "(Laporan Bawaslu 2024, p. 2)",
    "(Informan 3, 00:13:10)",
]
FREQUENCY_ROWS = [
    ["Code", "Segments", "Sources", "Cases"],
    *[[name, *map(str, counts)] for name, counts in zip(
        ["Kampanye Politik", "Kredibilitas", "Hoaks", "Aksesibilitas"], FREQUENCIES, strict=True
    )],
]  # fmt: skip
PER_SOURCE_ROWS = [
    ["Code", "Jansen (2017)", "Mù & Lestari (2021)", "García et al. (2020)",
     "Laporan Bawaslu 2024", "informan-03", "informan-05", "Total"],
    ["Kampanye Politik", "2", "0", "0", "0", "1", "1", "4"],
    ["Kredibilitas", "1", "0", "0", "0", "1", "1", "3"],
    ["Hoaks", "0", "0", "1", "0", "1", "0", "2"],
    ["Aksesibilitas", "0", "1", "0", "1", "1", "0", "3"],
    ["Total", "3", "1", "1", "1", "4", "2", "12"],
]  # fmt: skip
PER_CASE_ROWS = [
    ["Code", "Informan 3", "Informan 5", "Total"],
    ["Kampanye Politik", "1", "1", "2"],
    ["Kredibilitas", "1", "1", "2"],
    ["Hoaks", "1", "0", "1"],
    ["Aksesibilitas", "1", "0", "1"],
    ["Total", "4", "2", "6"],
]
NAMES = ["Kampanye Politik", "Kredibilitas", "Hoaks", "Aksesibilitas"]
OVERLAP_ROWS = [
    ["Code", *NAMES],
    ["Kampanye Politik", "0", "1", "0", "0"],
    ["Kredibilitas", "1", "0", "1", "0"],
    ["Hoaks", "0", "1", "0", "0"],
    ["Aksesibilitas", "0", "0", "0", "0"],
]
UNIT_ROWS = [
    ["Code", *NAMES],
    ["Kampanye Politik", "5", "2", "1", "0"],
    ["Kredibilitas", "2", "3", "1", "0"],
    ["Hoaks", "1", "1", "2", "0"],
    ["Aksesibilitas", "0", "0", "0", "4"],
]
ALL_TABLES = [FREQUENCY_ROWS, PER_SOURCE_ROWS, PER_CASE_ROWS, PER_CASE_ROWS, OVERLAP_ROWS,
              UNIT_ROWS]  # fmt: skip


def quote_lines(citations: list[str] | None = None) -> list[str]:
    cited = citations or [citation for _code, _text, citation in APA_QUOTES]
    return [f"{text} {cite}" for (_code, text, _c), cite in zip(APA_QUOTES, cited, strict=True)]


# -- DOCX ------------------------------------------------------------------------------------


def test_docx_in_apa(coded: Project, out: Path) -> None:
    result = export(coded, "docx", out / "ringkasan.docx")
    assert result.paths == (out / "ringkasan.docx",)
    assert result.warnings == (
        "“Laporan Bawaslu 2024” is not linked to a reference; its quotes are cited by its title.",
    )
    document = docx.Document(str(out / "ringkasan.docx"))
    paragraphs = document.paragraphs
    by_style: dict[str, list[str]] = {}
    for paragraph in paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert by_style["Block Text"] == quote_lines()
    assert "Coder: tester · Memo: Bandingkan dengan Informan 3." in by_style["Quote Note"]
    assert "Coder: kedua" in by_style["Quote Note"]
    assert by_style["Bibliography"] == APA_REFERENCES
    assert by_style["Heading 2"][:4] == ["Kampanye Politik", "Kredibilitas", "Aksesibilitas",
                                         "Code frequencies"]  # fmt: skip
    assert by_style["Heading 3"] == ["Hoaks"]
    assert "Definition: Kampanye oleh kandidat dan tim di media sosial." in by_style["Normal"]
    assert "Segments: 4 · Sources: 3 · Cases: 2" in by_style["Normal"]
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    assert tables[:6] == ALL_TABLES
    grid = tables[6]
    assert grid[0] == ["Code", "Literature", "Informants"]
    assert grid[4] == [
        "Aksesibilitas",
        "“Sinyal yang lemah membuat pemilih muda di desa tertinggal dari kampanye yang "
        "berpindah ke media sosial.” (Mù & Lestari, 2021, pp. 12–13)\n"
        "“Akses internet di daerah terpencil masih terbatas.” (Laporan Bawaslu 2024, p. 2)",
        "“Sinyal di desa susah” (Informan 3, 00:13:10)",
    ]
    assert len(document.inline_shapes) == 3  # the three charts
    reference = next(p for p in paragraphs if p.text.startswith("Jansen, M. F."))
    italic = [run.text for run in reference.runs if run.italic]
    assert italic == ["Journal of Communication", "67"]
    untitled = next(p for p in paragraphs if p.text.startswith("Akses internet"))
    assert [run.text for run in untitled.runs if run.italic] == ["Laporan Bawaslu 2024"]


def test_docx_is_well_formed_a4(coded: Project, out: Path) -> None:
    export(coded, "docx", out / "r.docx", ExportOptions(charts=False))
    with zipfile.ZipFile(out / "r.docx") as package:
        assert package.testzip() is None
        names = set(package.namelist())
    assert {"[Content_Types].xml", "word/document.xml", "word/styles.xml"} <= names
    section = docx.Document(str(out / "r.docx")).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_docx_in_chicago_and_indonesian(coded: Project, out: Path) -> None:
    export(coded, "docx", out / "c.docx", ExportOptions(style="chicago", charts=False))
    document = docx.Document(str(out / "c.docx"))
    quotes = [p.text for p in document.paragraphs if p.style.name == "Block Text"]
    assert quotes == quote_lines(CHICAGO_CITATIONS)
    export(coded, "docx", out / "id.docx", ExportOptions(language="id", charts=False))
    document = docx.Document(str(out / "id.docx"))
    texts = [p.text for p in document.paragraphs]
    assert "Daftar pustaka" in texts and "Kode" in texts
    assert quote_lines()[0].replace("p. 412", "hlm. 412") in texts


# -- Markdown --------------------------------------------------------------------------------


def test_markdown_with_pandoc_citations_and_its_bib(coded: Project, out: Path) -> None:
    result = export(coded, "md", out / "ringkasan.md")
    assert result.paths == (
        out / "ringkasan.md",
        out / "ringkasan_files" / "frequencies.png",
        out / "ringkasan_files" / "matrix.png",
        out / "ringkasan_files" / "cooccurrence.png",
        out / "ringkasan.bib",
        out / "ringkasan.csl",
    )
    text = (out / "ringkasan.md").read_text(encoding="utf-8")
    assert 'bibliography: "ringkasan.bib"' in text and 'csl: "ringkasan.csl"' in text
    for line in (
        "> Political campaigns on TikTok reached first-time voters in every province of "
        "Indonesia during the kampanye period of early 2024 [@jansen2017, p. 412]",
        "> Participation among young voters rose sharply after the debates were streamed "
        "live. [@jansen2017, pp. 412–413]",
        "> Hoaxes travel through family chat groups first. [@garcia2020, p. iv]",
        "> Saya tahu dari TikTok, bukan dari TV. (Informan 3, 00:12:31)",
        "> Akses internet di daerah terpencil masih terbatas. (*Laporan Bawaslu 2024*, p. 2)",
        "| Kampanye Politik | 4 | 3 | 2 |",
        "| Total | 3 | 1 | 1 | 1 | 4 | 2 | 12 |",
        "![Segments per code](ringkasan_files/frequencies.png)",
        "::: {#refs}",
    ):
        assert line + "\n" in text, line
    bib = (out / "ringkasan.bib").read_text(encoding="utf-8")
    assert bib.count("\n@") + bib.startswith("@") == 3
    assert "author = {Mù, Ānh and Lestari, Dewi}" in bib
    assert "author = {García, José and Müller, Hans and Nugroho, Budi}" in bib
    assert (out / "ringkasan.csl").read_bytes() == style_path("apa").read_bytes()
    assert (out / "ringkasan_files" / "matrix.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
@pytest.mark.parametrize("language", ["en", "id"])
def test_pandoc_formats_the_markdown_citations(coded: Project, out: Path, language: str) -> None:
    export(coded, "md", out / "r.md", ExportOptions(language=language, charts=False))
    done = subprocess.run(
        ["pandoc", "r.md", "--citeproc", "--to", "plain", "--wrap", "none"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    formatted = done.stdout.replace("\xa0", " ")  # Pandoc's smart "p.\xa0412"
    # Pandoc formats the citations as Kutip does for the DOCX report.
    report = build_report(coded, options=ReportOptions(language=language))
    for line in quote_lines([rich_plain(quote.citation) for quote in report.quotes]):
        assert line in formatted, line
    if language == "en":
        assert "(Jansen, 2017, p. 412)" in formatted
    else:
        assert "(Jansen, 2017, hlm. 412–413)" in formatted
        assert "(García dkk., 2020, hlm. iv)" in formatted
    for reference in APA_REFERENCES[:2]:
        assert reference in formatted


# -- HTML ------------------------------------------------------------------------------------


class _Reader(HTMLParser):
    """Collects quotes, tables (by data-table), references and images of the HTML report."""

    def __init__(self) -> None:
        super().__init__()
        self.quotes: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self.references: list[str] = []
        self.images: list[str] = []
        self.external: list[str] = []
        self.lang = ""
        self._quote: list[str] | None = None
        self._quote_depth = 0
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._reference: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang") or ""
        if tag == "blockquote":
            self._quote = []
        elif tag == "p" and self._quote is not None:
            self._quote_depth += 1
        elif tag == "table" and found.get("data-table"):
            self._table = found["data-table"]
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []
        elif tag == "p" and found.get("class") == "reference":
            self._reference = []
        elif tag == "img":
            self.images.append(found.get("src") or "")
        if tag in ("link", "script", "iframe") or (tag == "img" and "http" in str(found)):
            self.external.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._quote is not None and self._quote_depth == 1:
            self.quotes.append("".join(self._quote))
            self._quote_depth += 1
        elif tag == "blockquote":
            self._quote, self._quote_depth = None, 0
        elif tag in ("td", "th") and self._cell is not None and self._table:
            self.tables[self._table][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "table":
            self._table = None
        elif tag == "p" and self._reference is not None:
            self.references.append("".join(self._reference))
            self._reference = None

    def handle_data(self, data: str) -> None:
        if self._quote is not None and self._quote_depth == 1:
            self._quote.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._reference is not None:
            self._reference.append(data)


def test_html_is_one_self_contained_file(coded: Project, out: Path) -> None:
    result = export(coded, "html", out / "ringkasan.html")
    assert result.paths == (out / "ringkasan.html",)
    reader = _Reader()
    reader.feed((out / "ringkasan.html").read_text(encoding="utf-8"))
    assert reader.lang == "en-US"
    assert reader.quotes == quote_lines()
    assert [reader.tables[name] for name in (
        "frequencies", "per_source", "per_case", "matrix", "cooccurrence_overlap",
        "cooccurrence_unit",
    )] == ALL_TABLES  # fmt: skip
    assert reader.references == APA_REFERENCES
    assert len(reader.images) == 3
    assert all(src.startswith("data:image/png;base64,") for src in reader.images)
    assert not reader.external


# -- CSV and XLSX ----------------------------------------------------------------------------


def test_csv_has_one_row_per_segment_with_stable_columns(coded: Project, out: Path) -> None:
    export(coded, "csv", out / "segmen.csv", ExportOptions(language="id"))
    raw = (out / "segmen.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with (out / "segmen.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == COLUMNS
    assert [(r["code_path"], r["text"]) for r in rows] == [(c, t) for c, t, _ in APA_QUOTES]
    spanning = rows[1]
    assert spanning["citekey"] == "jansen2017" and spanning["page_label"] == "412–413"
    assert (
        spanning["source"] == "Jansen" and spanning["case"] == "" and spanning["coder"] == "tester"
    )
    informant = rows[2]
    assert (informant["case"], informant["speaker"], informant["page_label"]) == (
        "Informan 3", "Informan 3", ""
    )  # fmt: skip
    source_text = coded.sources.text(coded.codings.all()[0].source_id)
    first = rows[0]
    assert int(first["start"]) < int(first["end"])
    assert source_text[int(first["start"]) : int(first["end"])].startswith("litical campaigns")
    assert rows[4]["memo"] == "Bandingkan dengan Informan 3."
    assert rows[5]["code"] == "Kredibilitas" and rows[7]["code"] == "Hoaks"
    assert all(r["created"].startswith("20") for r in rows)


def test_xlsx_has_the_segments_and_every_table(coded: Project, out: Path) -> None:
    export(coded, "xlsx", out / "data.xlsx", ExportOptions(matrix="presence"))
    workbook = openpyxl.load_workbook(out / "data.xlsx", read_only=True)
    assert workbook.sheetnames == [
        "Segments", "Frequencies", "Per source", "Per case", "Matrix",
        "Co-occurrence (overlap)", "Co-occurrence (unit)",
    ]  # fmt: skip

    def rows(name: str) -> list[list[object]]:
        return [list(row) for row in workbook[name].iter_rows(values_only=True)]

    segments = rows("Segments")
    assert tuple(segments[0]) == COLUMNS and len(segments) == 13
    assert [row[9] for row in segments[1:]] == [text for _c, text, _ in APA_QUOTES]
    assert segments[2][4] == "412–413" and isinstance(segments[2][7], int)
    assert rows("Frequencies") == [
        ["Code", "Segments", "Sources", "Cases"],
        *[[name, *counts] for name, counts in zip(NAMES, FREQUENCIES, strict=True)],
    ]
    assert rows("Per source")[-1] == ["Total", 3, 1, 1, 1, 4, 2, 12]
    assert rows("Per case")[1] == ["Kampanye Politik", 1, 1, 2]
    matrix = rows("Matrix")
    assert matrix[:5] == [
        ["Code", "Informan 3", "Informan 5", "Total"],
        ["Kampanye Politik", 1, 1, 2],
        ["Kredibilitas", 1, 1, 2],
        ["Hoaks", 1, 0, 1],
        ["Aksesibilitas", 1, 0, 1],
    ]
    assert rows("Co-occurrence (overlap)")[2] == ["Kredibilitas", 1, 0, 1, 0]
    assert rows("Co-occurrence (unit)")[1] == ["Kampanye Politik", 5, 2, 1, 0]
    workbook.close()


# -- Codebook --------------------------------------------------------------------------------


def test_codebook_appendix_in_docx_and_markdown(coded: Project, out: Path) -> None:
    export(coded, "codebook-docx", out / "buku-kode.docx", ExportOptions(language="id"))
    texts = [p.text for p in docx.Document(str(out / "buku-kode.docx")).paragraphs]
    assert texts[0] == "Lampiran: Buku kode"
    assert "Definisi: Informasi palsu yang beredar." in texts
    assert "Jalur kode: Kredibilitas/Hoaks" in texts
    assert "Segmen: 4 · Sumber: 3 · Kasus: 2" in texts
    export(coded, "codebook-md", out / "codebook.md")
    text = (out / "codebook.md").read_text(encoding="utf-8")
    assert "### Hoaks\n\n**Code path:** Kredibilitas/Hoaks\n" in text
    assert "**Definition:** Akses ke internet dan perangkat.\n" in text
    assert "*Segments: 3 · Sources: 3 · Cases: 1*" in text


# -- Choices, errors, cancelling -------------------------------------------------------------


def test_a_code_selection_narrows_every_format(coded: Project, out: Path) -> None:
    options = ExportOptions(Selection(codes=resolve_codes(coded, ["Hoaks"])), charts=False)
    export(coded, "csv", out / "hoaks.csv", options)
    with (out / "hoaks.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert [r["code"] for r in csv.DictReader(handle)] == ["Hoaks", "Hoaks"]
    export(coded, "md", out / "hoaks.md", options)
    text = (out / "hoaks.md").read_text(encoding="utf-8")
    assert "## Kampanye Politik" not in text and "[@garcia2020, p. iv]" in text
    assert (out / "hoaks.bib").read_text(encoding="utf-8").count("@") == 1


@pytest.mark.parametrize(
    "options",
    [
        ExportOptions(style="mla"),
        ExportOptions(language="fr"),
        ExportOptions(matrix="both"),
    ],
)
def test_unknown_choices_are_refused(coded: Project, out: Path, options: ExportOptions) -> None:
    with pytest.raises(ValidationError):
        export(coded, "docx", out / "x.docx", options)


def test_unknown_format_and_missing_folder(coded: Project, out: Path) -> None:
    with pytest.raises(ValidationError, match="not an export format"):
        export(coded, "odt", out / "x.odt")
    with pytest.raises(KnownError, match="does not exist"):
        export(coded, "csv", out / "missing" / "x.csv")
    assert FORMATS == (
        "docx", "md", "html", "csv", "xlsx", "codebook-docx", "codebook-md", "pdf"
    )  # fmt: skip


class _Cancelling:
    """Cancels once the export starts writing."""

    def __init__(self) -> None:
        self.writing = False

    def report(self, done: int, total: int, message: str = "") -> None:
        if message.startswith("Writing"):
            self.writing = True

    @property
    def cancelled(self) -> bool:
        return self.writing


def test_a_cancelled_export_leaves_nothing_and_keeps_the_old_file(
    coded: Project, out: Path
) -> None:
    (out / "r.docx").write_bytes(b"earlier")
    for name in ("r.docx", "r.md"):
        with pytest.raises(Cancelled):
            export(coded, name.split(".")[1], out / name, ExportOptions(charts=False),
                   _Cancelling())  # fmt: skip
    assert sorted(p.name for p in out.iterdir()) == ["r.docx"]
    assert (out / "r.docx").read_bytes() == b"earlier"


def test_an_export_replaces_an_earlier_one(coded: Project, out: Path) -> None:
    (out / "r.csv").write_text("old", encoding="utf-8")
    export(coded, "csv", out / "r.csv")
    assert (out / "r.csv").read_text(encoding="utf-8-sig").startswith("code,code_path,")
    assert sorted(p.name for p in out.iterdir()) == ["r.csv"]
