"""The report model built from the shared project: quotes, citations, counts, selections."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from report_project import Built

from kutip.errors import NotFoundError
from kutip.model import AttributeScope
from kutip.progress import Cancelled
from kutip.project import Project
from kutip.reports import AttributeFilter, Selection, resolve_cases, resolve_coders, resolve_codes
from kutip.reports.model import QuoteKind, ReportOptions, build_report, time_code
from kutip.reports.richtext import Span, plain

#: (code path, quote, citation) of every quote of the APA report in English, in report order.
APA_QUOTES = [
    ("Kampanye Politik",
     "Political campaigns on TikTok reached first-time voters in every province of Indonesia "
     "during the kampanye period of early 2024",
     "(Jansen, 2017, p. 412)"),
    ("Kampanye Politik",
     "Participation among young voters rose sharply after the debates were streamed live.",
     "(Jansen, 2017, pp. 412–413)"),
    ("Kampanye Politik", "Saya tahu dari TikTok, bukan dari TV.", "(Informan 3, 00:12:31)"),
    ("Kampanye Politik", "Kampanye di sana lebih rapi.", "(Informan 5, turn 2)"),
    ("Kredibilitas", "Hoaxes spread faster than corrections did.", "(Jansen, 2017, p. 413)"),
    ("Kredibilitas", "TikTok, bukan dari TV. Banyak hoaks", "(Informan 3, 00:12:31)"),
    ("Kredibilitas", "Instagram.", "(Informan 5, turn 2)"),
    ("Kredibilitas/Hoaks", "Hoaxes travel through family chat groups first.",
     "(García et al., 2020, p. iv)"),
    ("Kredibilitas/Hoaks", "Banyak hoaks juga di grup keluarga.", "(Informan 3, 00:12:31)"),
    ("Aksesibilitas",
     "Sinyal yang lemah membuat pemilih muda di desa tertinggal dari kampanye yang berpindah "
     "ke media sosial.",
     "(Mù & Lestari, 2021, pp. 12–13)"),
    ("Aksesibilitas", "Akses internet di daerah terpencil masih terbatas.",
     "(Laporan Bawaslu 2024, p. 2)"),
    ("Aksesibilitas", "Sinyal di desa susah", "(Informan 3, 00:13:10)"),
]  # fmt: skip

#: Per code: segments, sources, cases.
FREQUENCIES = ((4, 3, 2), (3, 3, 2), (2, 2, 1), (3, 3, 1))


def test_every_quote_in_codebook_and_source_order_with_its_citation(coded: Project) -> None:
    report = build_report(coded)
    assert [
        (section.path, quote.text, plain(quote.citation))
        for section in report.sections
        for quote in section.quotes
    ] == APA_QUOTES
    assert [s.code.name for s in report.sections] == [
        "Kampanye Politik", "Kredibilitas", "Hoaks", "Aksesibilitas"
    ]  # fmt: skip
    assert [s.depth for s in report.sections] == [0, 0, 1, 0]
    assert [(s.segments, s.sources, s.cases) for s in report.sections] == list(FREQUENCIES)


def test_quotes_know_their_pages_turns_cases_memos_and_coders(coded: Project) -> None:
    quotes = list(build_report(coded).quotes)
    spanning = quotes[1]
    assert (spanning.kind, spanning.citekey, spanning.locator) == (
        QuoteKind.LITERATURE, "jansen2017", "412–413"
    )  # fmt: skip
    informant = quotes[2]
    assert informant.kind is QuoteKind.INFORMANT
    assert (informant.cases, informant.speaker, informant.time, informant.turn) == (
        ("Informan 3",), "Informan 3", "00:12:31", 2
    )  # fmt: skip
    assert quotes[4].memo == "Bandingkan dengan Informan 3."
    assert {q.coder for q in quotes} == {"tester", "kedua"}
    assert quotes[6].coder == "kedua"
    untitled = quotes[10]
    assert untitled.kind is QuoteKind.UNREFERENCED
    assert Span("Laporan Bawaslu 2024", italic=True) in untitled.citation
    assert quotes[7].locator == "iv"


def test_a_source_without_a_reference_is_named_in_a_warning(coded: Project) -> None:
    assert build_report(coded).warnings == (
        "“Laporan Bawaslu 2024” is not linked to a reference; its quotes are cited by its title.",
    )


def test_the_report_language_changes_the_report_not_the_messages(coded: Project) -> None:
    report = build_report(coded, options=ReportOptions(language="id"))
    citations = [plain(q.citation) for q in report.quotes]
    assert citations[0] == "(Jansen, 2017, hlm. 412)"
    assert citations[3] == "(Informan 5, giliran 2)"
    assert citations[10] == "(Laporan Bawaslu 2024, hlm. 2)"
    assert report.labels["references"] == "Daftar pustaka"
    assert report.warnings[0].startswith("“Laporan Bawaslu 2024” is not linked")


def test_other_styles_cite_the_same_quotes(coded: Project) -> None:
    chicago = [
        plain(q.citation) for q in build_report(coded, options=ReportOptions("chicago")).quotes
    ]
    assert chicago[:2] == ["(Jansen 2017, 412)", "(Jansen 2017, 412–413)"]
    assert chicago[2] == "(Informan 3, 00:12:31)"
    ieee = [plain(q.citation) for q in build_report(coded, options=ReportOptions("ieee")).quotes]
    assert [ieee[0], ieee[7], ieee[9]] == ["[1, p. 412]", "[2, p. iv]", "[3, pp. 12–13]"]


def test_tables_count_what_the_sections_show(coded: Project) -> None:
    tables = build_report(coded).tables
    assert tables.frequencies.values == FREQUENCIES
    assert tables.per_source.column_labels == (
        "Jansen (2017)", "Mù & Lestari (2021)", "García et al. (2020)", "Laporan Bawaslu 2024",
        "informan-03", "informan-05",
    )  # fmt: skip
    assert tables.per_source.values == (
        (2, 0, 0, 0, 1, 1), (1, 0, 0, 0, 1, 1), (0, 0, 1, 0, 1, 0), (0, 1, 0, 1, 1, 0)
    )  # fmt: skip
    assert tables.per_case.column_labels == ("Informan 3", "Informan 5")
    assert tables.per_case.values == ((1, 1), (1, 1), (1, 0), (1, 0))
    assert tables.cooccurrence_overlap.values == (
        (0, 1, 0, 0), (1, 0, 1, 0), (0, 1, 0, 0), (0, 0, 0, 0)
    )  # fmt: skip
    assert tables.cooccurrence_unit.values == (
        (5, 2, 1, 0), (2, 3, 1, 0), (1, 1, 2, 0), (0, 0, 0, 4)
    )  # fmt: skip
    grid = {row.code.name: row for row in tables.grid}
    assert [q.text for q in grid["Aksesibilitas"].literature] == [
        APA_QUOTES[9][1],
        APA_QUOTES[10][1],
    ]
    assert [q.text for q in grid["Aksesibilitas"].informants] == ["Sinyal di desa susah"]


def test_presence_matrix(coded: Project) -> None:
    matrix = build_report(coded, options=ReportOptions(matrix="presence")).tables.matrix
    assert matrix.presence and matrix.note == "matrix_presence_note"
    assert [row[1:3] for row in matrix.grid("Code", "Total")[1:]] == [
        ["✓", "✓"], ["✓", "✓"], ["✓", ""], ["✓", ""]
    ]  # fmt: skip


def test_a_parent_code_brings_its_subcodes(coded: Project, built: Built) -> None:
    codes = resolve_codes(coded, ["Kredibilitas"])
    assert codes == (built.codes["Kredibilitas"], built.codes["Hoaks"])
    assert resolve_codes(coded, ["Kredibilitas"], with_subcodes=False) == (
        built.codes["Kredibilitas"],
    )
    report = build_report(coded, Selection(codes=codes))
    assert [s.code.name for s in report.sections] == ["Kredibilitas", "Hoaks"]
    assert report.tables.frequencies.row_labels == ("Kredibilitas", "Hoaks")
    with pytest.raises(NotFoundError):
        resolve_codes(coded, ["Tidak ada"])


def test_informants_outside_java(coded: Project) -> None:
    outside = Selection(
        attributes=(AttributeFilter("provinsi", ("Jawa Barat", "Jawa Timur"), exclude=True),)
    )
    report = build_report(coded, outside)
    assert {case for q in report.quotes for case in q.cases} == {"Informan 3"}
    assert report.quote_count == 4  # literature has no case: not an informant outside Java
    assert report.tables.per_case.column_labels == ("Informan 3",)


def test_selection_by_case_source_and_coder(coded: Project, built: Built) -> None:
    five = build_report(coded, Selection(cases=resolve_cases(coded, ["informan 5"])))
    assert [q.text for q in five.quotes] == ["Kampanye di sana lebih rapi.", "Instagram."]
    jansen = build_report(coded, Selection(sources=(built.sources["jansen.pdf"],)))
    assert jansen.quote_count == 3 and not jansen.warnings
    second = build_report(coded, Selection(coders=resolve_coders(coded, ["KEDUA"])))
    assert [q.text for q in second.quotes] == ["Instagram."]
    source_attribute = Selection(
        attributes=(AttributeFilter("jenis", ("artikel",), AttributeScope.SOURCE),)
    )
    assert build_report(coded, source_attribute).quote_count == 0
    with pytest.raises(NotFoundError):
        resolve_cases(coded, ["Informan 9"])
    with pytest.raises(NotFoundError):
        resolve_coders(coded, ["nobody"])


def test_empty_codes_can_be_left_out(built: Built, tmp_path: Path) -> None:
    copy = tmp_path / "copy.kutip"
    shutil.copy(built.path, copy)
    with Project.open(copy) as project:
        project.codes.add("Belum dipakai")
        with_empty = build_report(project)
        without = build_report(project, options=ReportOptions(empty_codes=False))
    assert with_empty.sections[-1].code.name == "Belum dipakai"
    assert with_empty.sections[-1].segments == 0
    assert "Belum dipakai" not in [s.code.name for s in without.sections]


def test_the_users_first_page_number_is_the_locator(built: Built, tmp_path: Path) -> None:
    copy = tmp_path / "copy.kutip"
    shutil.copy(built.path, copy)
    with Project.open(copy) as project:
        project.sources.set_first_page(built.sources["laporan.pdf"], 33)
        report = build_report(project, Selection(sources=(built.sources["laporan.pdf"],)))
    assert plain(next(report.quotes).citation) == "(Laporan Bawaslu 2024, p. 34)"


class _CancelAfter:
    def __init__(self, reports: int) -> None:
        self.left = reports

    def report(self, done: int, total: int, message: str = "") -> None:
        self.left -= 1

    @property
    def cancelled(self) -> bool:
        return self.left <= 0


def test_building_can_be_cancelled(coded: Project) -> None:
    with pytest.raises(Cancelled):
        build_report(coded, progress=_CancelAfter(1))


def test_time_codes() -> None:
    assert time_code(751.9) == "00:12:31"
    assert time_code(3 * 3600 + 5) == "03:00:05"
