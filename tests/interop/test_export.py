"""Exports are valid REFI-QDA, stable from one export to the next, and come back whole."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from refi_testing import guid_tables, needs_schemas, sha256, tiny_pdf

from kutip.errors import KnownError
from kutip.i18n import set_language
from kutip.ingest.documents import read_docx_file
from kutip.ingest.drafts import ReadOptions, SourceDraft
from kutip.ingest.pdf.reader import read_pdf
from kutip.ingest.text import read_text_file
from kutip.interop import export_qdc, export_qdpx, import_qdc, import_qdpx
from kutip.interop.validate import CODEBOOK_SCHEMA, schema_problems
from kutip.model import AttributeScope, AttributeType
from kutip.project import Project
from kutip_testing import text_draft

TRANSCRIPT = (
    "Pewawancara: Dari mana kamu tahu soal debat? 🗳️\n"
    "Informan 1: Dari TikTok 😀 dan grup WhatsApp keluarga, café dekat kampus.\n"
    "Pewawancara: Percaya?\n"
    "Informan 1: Kadang-kadang 🤥, aku cek dulu.\n"
)
OPTIONS = ReadOptions()
TEXTS = ("definition", "when_to_use", "when_not_to_use", "example")


def docx_draft(tmp_path: Path) -> SourceDraft:
    document = docx.Document()
    document.add_paragraph("Informan 2: Saya lihat debat di YouTube.")
    document.add_paragraph("Pewawancara: Dengan siapa?")
    document.add_paragraph("Informan 2: Dengan teman kos.")
    buffer = io.BytesIO()
    document.save(buffer)
    return read_docx_file(tmp_path / "informan-2.docx", buffer.getvalue(), OPTIONS)


@pytest.fixture
def rich(empty_project: Project, tmp_path: Path) -> Project:
    """A project with every kind of record REFI-QDA can carry."""
    p = empty_project
    transcript_file = tmp_path / "Informan 1.txt"
    transcript_data = TRANSCRIPT.encode("utf-8")
    transcript = p.sources.add(read_text_file(transcript_file, transcript_data, OPTIONS)).value
    p.sources.set_memo(transcript, "Recorded in Bandung.")
    interview = p.sources.add(docx_draft(tmp_path)).value
    pdf_data = tiny_pdf([["Media sosial dan pemilu 2024"], ["Pemilih muda berbagi meme."]])
    article = p.sources.add(read_pdf(tmp_path / "article.pdf", pdf_data, OPTIONS)).value
    source = p.codes.add("Sumber", color="#336699", definition="Where news comes from.").value
    tiktok = p.codes.add(
        "TikTok",
        parent_id=source,
        when_to_use="TikTok is named.",
        when_not_to_use="Other video apps.",
        example="Dari TikTok",
    ).value
    whatsapp = p.codes.add("WhatsApp", parent_id=source).value
    trust = p.codes.add("Kredibilitas", definition="Trust.\n\nTwo paragraphs.").value
    p.codes.describe(trust, memo="Split into two later?")
    text = p.sources.text(transcript)
    at = text.index("TikTok 😀")
    p.codings.apply(transcript, at, at + len("TikTok 😀"), tiktok, memo="emoji inside")
    at = text.index("grup WhatsApp")
    p.codings.apply(transcript, at, at + len("grup WhatsApp keluarga"), whatsapp)
    at = text.index("Kadang")
    p.codings.apply(transcript, at, len(text) - 1, trust, memo="hesitant 🤥")
    p.codings.apply(transcript, at, len(text) - 1, tiktok)
    p.codings.apply(interview, 0, 40, source)
    pdf_text = p.sources.text(article)
    at = pdf_text.index("meme")
    p.codings.apply(article, at, at + 4, trust)
    first = p.cases.add("Informan 1", "Mahasiswa, 19 tahun.").value
    second = p.cases.add("Informan 2").value
    p.cases.link_source(first, transcript)
    p.cases.link_source(second, interview, 0, 40)
    p.cases.link_source(second, transcript, 50, 90)
    values = {
        ("usia", AttributeType.INTEGER): 19,
        ("tinggi", AttributeType.FLOAT): 1.65,
        ("pemula", AttributeType.BOOLEAN): True,
        ("lahir", AttributeType.DATE): "2005-04-01",
        ("provinsi", AttributeType.TEXT): "Jawa Barat",
    }
    for (name, kind), value in values.items():
        attribute = p.cases.add_attribute(name, kind, description=f"the {name}").value
        p.cases.set_attribute_value(attribute, first, value)
    p.cases.set_attribute_value(p.cases.find_attribute("usia", AttributeScope.CASE).id, second, 22)  # type: ignore[union-attr]
    genre = p.cases.add_attribute("genre", AttributeType.TEXT, AttributeScope.SOURCE).value
    p.cases.set_attribute_value(genre, article, "artikel")
    p.memos.add("Jurnal", "Hari pertama.\nDua baris.")
    p.memos.add("Ide", "")
    return p


def exported(project: Project, path: Path) -> zipfile.ZipFile:
    export_qdpx(project, path)
    return zipfile.ZipFile(path)


@needs_schemas
def test_the_export_is_valid_and_holds_every_source_file(rich: Project, tmp_path: Path) -> None:
    archive = exported(rich, tmp_path / "rich.qdpx")
    qde = archive.read("project.qde")
    assert schema_problems(qde) == []
    names = archive.namelist()
    sources = {s.title: s for s in rich.sources.all()}
    assert f"sources/{sources['Informan 1'].guid}.txt" in names
    assert f"sources/{sources['informan-2'].guid}.docx" in names
    assert f"sources/{sources['article'].guid}.pdf" in names
    text = archive.read(f"sources/{sources['Informan 1'].guid}.txt")
    assert text == TRANSCRIPT.encode("utf-8")  # the original, as it is UTF-8 and canonical


def test_positions_are_code_points_into_the_text_file(rich: Project, tmp_path: Path) -> None:
    qde = exported(rich, tmp_path / "rich.qdpx").read("project.qde").decode("utf-8")
    at = TRANSCRIPT.index("TikTok 😀")
    assert f'name="TikTok 😀" startPosition="{at}" endPosition="{at + 8}"' in qde


def test_exporting_twice_gives_the_same_file(rich: Project, tmp_path: Path) -> None:
    first = exported(rich, tmp_path / "one.qdpx").read("project.qde")
    second = exported(rich, tmp_path / "two.qdpx").read("project.qde")
    assert first == second
    guids = {s.guid for s in rich.codings.all()}
    assert all(guid in first.decode("utf-8") for guid in guids)


@needs_schemas
def test_xml_illegal_characters_are_stripped(empty_project: Project, tmp_path: Path) -> None:
    source = empty_project.sources.add(text_draft("bell\x07 and\x0b tab\t.", title="odd\x01")).value
    code = empty_project.codes.add("code\x1f", definition="form\x0cfeed").value
    empty_project.codings.apply(source, 0, 10, code, memo="nul\x00 memo")
    empty_project.memos.add("journal\x02", "text\x1b")
    qde = exported(empty_project, tmp_path / "odd.qdpx").read("project.qde")
    assert schema_problems(qde) == []
    text = qde.decode("utf-8")
    assert "odd" in text and "formfeed" in text and "nul memo" in text and "bell and" in text
    assert not any(chr(c) in text for c in range(32) if chr(c) not in "\t\n\r")


def test_the_round_trip_keeps_every_table(rich: Project, tmp_path: Path) -> None:
    path = tmp_path / "rich.qdpx"
    export_qdpx(rich, path)
    with Project.create(tmp_path / "back.kutip", codebook="empty", coder="other") as back:
        report = import_qdpx(back, path)
        assert report.warnings == []
        original, imported = guid_tables(rich), guid_tables(back)
        for table in original:
            assert imported[table] == original[table], table
        assert len(original["segments"]) == 6 and len(original["pages"]) == 2


def test_an_export_imported_twice_is_merged_the_second_time(rich: Project, tmp_path: Path) -> None:
    path = tmp_path / "rich.qdpx"
    export_qdpx(rich, path)
    report = import_qdpx(rich, path)
    assert sum(report.created.values()) == 0 and report.edit is None
    assert report.merged["codings"] == 6 and report.merged["sources"] == 3


def test_a_source_whose_original_is_not_utf8_comes_back_as_utf8_with_the_same_text(
    empty_project: Project, tmp_path: Path
) -> None:
    draft = text_draft("Kafe kecil", title="lama")
    legacy = draft.__class__(**{**draft.__dict__, "data": "Kafe kecil\r\n".encode("cp1252")})
    empty_project.sources.add(legacy)
    path = tmp_path / "legacy.qdpx"
    export_qdpx(empty_project, path)
    with Project.create(tmp_path / "back.kutip", codebook="empty") as back:
        import_qdpx(back, path)
        (source,) = back.sources.all()
        assert back.sources.text(source.id) == "Kafe kecil"
        assert back.sources.file(source.id) == b"Kafe kecil"
        assert source.file_sha256 == sha256(b"Kafe kecil")


def test_text_files_are_exported_without_a_byte_order_mark(
    empty_project: Project, tmp_path: Path
) -> None:
    """QualCoder counts a BOM as a character: with one, every coding would shift by one."""
    text = "Informan 1: café 😀 dan kopi."
    draft = text_draft(text, title="bom")
    with_bom = draft.__class__(**{**draft.__dict__, "data": b"\xef\xbb\xbf" + text.encode()})
    source = empty_project.sources.add(with_bom).value
    code = empty_project.codes.add("Kopi").value
    empty_project.codings.apply(source, text.index("kopi"), text.index("kopi") + 4, code)
    archive = exported(empty_project, tmp_path / "bom.qdpx")
    (name,) = [n for n in archive.namelist() if n.endswith(".txt")]
    data = archive.read(name)
    assert data == text.encode("utf-8")
    read_as_qualcoder_does = data.decode("utf-8")
    qde = archive.read("project.qde").decode("utf-8")
    assert f'startPosition="{read_as_qualcoder_does.index("kopi")}"' in qde


@needs_schemas
def test_the_codebook_export_is_valid_and_comes_back(rich: Project, tmp_path: Path) -> None:
    path = tmp_path / "book.qdc"
    export_qdc(rich, path)
    assert schema_problems(path.read_bytes(), CODEBOOK_SCHEMA) == []
    with Project.create(tmp_path / "book.kutip", codebook="empty") as back:
        report = import_qdc(back, path)
        assert report.created["codes"] == 4 and report.warnings == []
        strip_memo = {row[:-1] for row in guid_tables(rich)["codes"]}
        assert {row[:-1] for row in guid_tables(back)["codes"]} == strip_memo


@needs_schemas
def test_the_shipped_codebook_exports_validly(project: Project, tmp_path: Path) -> None:
    export_qdc(project, tmp_path / "default.qdc")
    export_qdpx(project, tmp_path / "default.qdpx")
    assert schema_problems((tmp_path / "default.qdc").read_bytes(), CODEBOOK_SCHEMA) == []
    qde = zipfile.ZipFile(tmp_path / "default.qdpx").read("project.qde")
    assert schema_problems(qde) == []


@needs_schemas
def test_an_empty_codebook_is_not_exported(empty_project: Project, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="no codes"):
        export_qdc(empty_project, tmp_path / "none.qdc")
    assert not (tmp_path / "none.qdc").exists()
    export_qdpx(empty_project, tmp_path / "empty.qdpx")
    qde = zipfile.ZipFile(tmp_path / "empty.qdpx").read("project.qde")
    assert schema_problems(qde) == []


def test_an_unwritable_destination_is_a_known_error(rich: Project, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match=r"missing\.qdpx"):
        export_qdpx(rich, tmp_path / "no-such-folder" / "missing.qdpx")


def test_two_coders_and_their_dates_survive_a_round_trip(
    empty_project: Project, tmp_path: Path
) -> None:
    p = empty_project
    source = p.sources.add(text_draft("Informan 1: Dari TikTok 😀 dan grup WhatsApp.")).value
    code = p.codes.add("Sumber").value
    alice = p.coders.add("Alice").value
    bob = p.coders.add("Bob").value
    p.codings.apply(source, 17, 25, code, coder_id=alice, created="2025-03-01T08:00:00+00:00")
    p.codings.apply(source, 17, 25, code, coder_id=bob, created="2025-03-02T09:30:00+00:00")
    p.codings.apply(source, 30, 43, code, coder_id=bob, created="2025-03-02T09:31:00+00:00")
    p.memos.add("Catatan Bob", "Sama.", coder_id=bob, created="2025-03-02T10:00:00+00:00")
    path = tmp_path / "tim.qdpx"
    export_qdpx(p, path)
    qde = zipfile.ZipFile(path).read("project.qde").decode("utf-8")
    assert qde.count('creationDateTime="2025-03-02T09:30:00Z"') == 2  # selection and coding
    with Project.create(tmp_path / "back.kutip", codebook="empty", coder="other") as back:
        report = import_qdpx(back, path)
        names = {c.id: c.name for c in back.coders.all()}
        made = sorted(
            (s.start, s.end, names[s.coder_id or 0], s.created) for s in back.codings.all()
        )
        assert made == [
            (17, 25, "Alice", "2025-03-01T08:00:00+00:00"),
            (17, 25, "Bob", "2025-03-02T09:30:00+00:00"),
            (30, 43, "Bob", "2025-03-02T09:31:00+00:00"),
        ]
        (memo,) = back.memos.all()
        assert (names[memo.coder_id or 0], memo.created) == ("Bob", "2025-03-02T10:00:00+00:00")
        assert report.created["coders"] == 3  # Alice, Bob and the tester who imported the source
        again = import_qdpx(back, path)
        assert sum(again.created.values()) == 0 and again.merged["codings"] == 3
        assert len(back.codings.all()) == 3


@pytest.mark.parametrize("interface", ["en", "id"])
def test_a_codes_texts_in_both_languages_come_back_from_a_codebook_apart(
    project: Project, tmp_path: Path, interface: str
) -> None:
    """The rule: one <Description> holds the Indonesian texts, then each English one in a
    paragraph opened by its label ("Definition (English): …", in the interface's language);
    importing splits them back into their fields."""
    set_language(interface)
    try:
        export_qdc(project, tmp_path / "default.qdc")
    finally:
        set_language("en")
    xml = (tmp_path / "default.qdc").read_text(encoding="utf-8")
    label = {"en": "Definition (English): ", "id": "Definisi (bahasa Inggris): "}[interface]
    assert xml.count(f"\n\n{label}") == 10 and "EN:" not in xml
    fields = [f"{name}{suffix}" for name in TEXTS for suffix in ("", "_en")]
    with Project.create(tmp_path / "back.kutip", codebook="empty") as back:
        assert import_qdc(back, tmp_path / "default.qdc").warnings == []
        came_back = [[getattr(c, f) for f in fields] for c in back.codes.all()]
    assert came_back == [[getattr(c, f) for f in fields] for c in project.codes.all()]
    assert all(all(texts) for texts in came_back)


def test_a_description_in_english_only_comes_back_in_the_english_field(
    empty_project: Project, tmp_path: Path
) -> None:
    empty_project.codes.add("Hoaks", definition_en="False news.", example_en='"It was fake."')
    export_qdc(empty_project, tmp_path / "book.qdc")
    with Project.create(tmp_path / "back.kutip", codebook="empty") as back:
        import_qdc(back, tmp_path / "book.qdc")
        code = back.codes.find("Hoaks")
    assert (code.definition, code.definition_en) == ("", "False news.")
    assert (code.example, code.example_en) == ("", '"It was fake."')
