"""Word-processor documents: .docx, .odt and .rtf made by the tests, and hostile archives."""

from __future__ import annotations

import hashlib
import importlib
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from kutip.errors import ImportFailedError
from kutip.ingest import documents
from kutip.ingest.documents import read_docx_file, read_odt_file, read_rtf_file, rtf_to_text
from kutip.ingest.drafts import ReadOptions, SourceDraft, TurnDraft
from kutip.model import SourceKind

OPTIONS = ReadOptions()


# --- .docx ---------------------------------------------------------------------------------


def docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def interview_docx(title: str = "") -> bytes:
    document = docx.Document()
    document.core_properties.title = title
    document.add_heading("Wawancara Informan 5", level=1)
    document.add_paragraph("Pewawancara: Apa yang kamu lihat di TikTok?")
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(
        table.rows, [("No", "Platform", "Jam"), ("1", "TikTok", "3")], strict=True
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    paragraph = document.add_paragraph("Informan 5: Banyak video ")
    paragraph.add_run("kampanye").bold = True
    paragraph.add_run(", dan saya suka")
    run = paragraph.add_run()
    run.add_tab()
    run.add_text("yang lucu.")
    run.add_break()
    run.add_text("Baris kedua 😀 café.")
    document.add_paragraph("Pewawancara: Terima kasih.")
    return docx_bytes(document)


INTERVIEW_TEXT = (
    "Wawancara Informan 5\n"
    "Pewawancara: Apa yang kamu lihat di TikTok?\n"
    "No\tPlatform\tJam\n"
    "1\tTikTok\t3\n"
    "Informan 5: Banyak video kampanye, dan saya suka\tyang lucu.\n"
    "Baris kedua 😀 café.\n"
    "Pewawancara: Terima kasih."
)


def test_docx_paragraphs_and_tables_in_body_order() -> None:
    draft = read_docx_file(Path("informan-5.docx"), interview_docx(), OPTIONS)

    assert draft.text == INTERVIEW_TEXT
    assert draft.title == "informan-5"
    assert (draft.kind, draft.file_name) == (SourceKind.TEXT, "informan-5.docx")
    assert draft.mime.endswith("wordprocessingml.document")
    assert draft.language == "id"
    assert [(t.speaker, draft.text[t.start : t.end].split("\n")[0]) for t in draft.turns] == [
        ("Pewawancara", "Pewawancara: Apa yang kamu lihat di TikTok?"),
        ("Informan 5", "Informan 5: Banyak video kampanye, dan saya suka\tyang lucu."),
        ("Pewawancara", "Pewawancara: Terima kasih."),
    ]
    first = draft.turns[0]
    assert draft.text[first.start : first.end].endswith("1\tTikTok\t3")


def test_docx_title_from_core_properties() -> None:
    draft = read_docx_file(Path("x.docx"), interview_docx(title="Wawancara Ani"), OPTIONS)
    assert draft.title == "Wawancara Ani"


def test_docx_without_core_properties_keeps_the_file_name() -> None:
    data = _without_member(interview_docx(title="hilang"), "docProps/core.xml")
    draft = read_docx_file(Path("tanpa-judul.docx"), data, OPTIONS)

    assert draft.title == "tanpa-judul"
    assert draft.text == INTERVIEW_TEXT


def _without_member(data: bytes, name: str) -> bytes:
    """The package without a part and the package relationship pointing at it."""
    rebuilt = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item)
            if item.filename == name:
                continue
            if item.filename == "_rels/.rels":
                content = re.sub(rb"<Relationship [^>]*%s[^>]*/>" % name.encode(), b"", content)
            target.writestr(item, content)
    return rebuilt.getvalue()


def test_docx_merged_cells_are_read_once() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Gabungan"
    table.cell(1, 0).text = "P"
    table.cell(1, 1).text = "Halo"
    draft = read_docx_file(Path("t.docx"), docx_bytes(document), OPTIONS)

    assert draft.text == "Gabungan\nP\tHalo"


def test_docx_transcript_in_a_table_with_a_number_column() -> None:
    document = docx.Document()
    document.add_paragraph("Transkrip FGD Desa")
    rows = [
        ("No", "Pembicara", "Transkrip"),
        ("1", "Moderator", "Selamat pagi, bapak ibu."),
        ("2", "Pak Tigor", "Pagi. Sinyal di sini susah."),
        ("3", "Moderator", "Lalu bagaimana mengikuti berita?"),
        ("4", "Pak Tigor", "Dari grup WhatsApp."),
    ]
    table = document.add_table(rows=len(rows), cols=3)
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    draft = read_docx_file(Path("fgd.docx"), docx_bytes(document), OPTIONS)

    assert [t.speaker for t in draft.turns] == ["Moderator", "Pak Tigor"] * 2
    assert [draft.text[t.start : t.end] for t in draft.turns][1] == (
        "2\tPak Tigor\tPagi. Sinyal di sini susah."
    )


def test_docx_tracked_changes_content_controls_and_hyperlinks() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Informan 1: saya ")
    paragraph._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="A"><w:r><w:t>sering</w:t></w:r></w:ins>'
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="A">'
            "<w:r><w:delText>jarang</w:delText><w:tab/></w:r></w:del>"
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w")}><w:r><w:t xml:space="preserve"> menonton</w:t></w:r>'
            "</w:hyperlink>"
        )
    )
    document.element.body.insert(
        len(document.element.body) - 1,
        parse_xml(
            f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>Di dalam kontrol</w:t></w:r>"
            "</w:p></w:sdtContent></w:sdt>"
        ),
    )
    draft = read_docx_file(Path("t.docx"), docx_bytes(document), OPTIONS)

    assert draft.text == "Informan 1: saya sering menonton\nDi dalam kontrol"


def test_docx_nested_table_and_multi_paragraph_cell() -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "Pewawancara"
    right.text = "Baris satu"
    right.add_paragraph("Baris dua")
    inner = right.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "a"
    inner.cell(0, 1).text = "b"
    draft = read_docx_file(Path("t.docx"), docx_bytes(document), OPTIONS)

    # python-docx ends a cell with a paragraph after a nested table: trailing blank lines go.
    assert draft.text == "Pewawancara\tBaris satu\nBaris dua\na\tb"


def test_docx_that_is_not_a_zip() -> None:
    with pytest.raises(ImportFailedError, match=r"laporan\.docx: the file is damaged or is not"):
        read_docx_file(Path("laporan.docx"), b"Ini hanya teks biasa.", OPTIONS)


def test_docx_truncated() -> None:
    data = interview_docx()
    with pytest.raises(ImportFailedError, match=r"laporan\.docx: the file is damaged"):
        read_docx_file(Path("laporan.docx"), data[: len(data) // 2], OPTIONS)


def test_docx_with_broken_xml() -> None:
    data = _replace_member(interview_docx(), "word/document.xml", b"<w:document><unclosed>")
    with pytest.raises(ImportFailedError, match=r"laporan\.docx: the file is damaged"):
        read_docx_file(Path("laporan.docx"), data, OPTIONS)


def test_zip_that_is_not_a_word_document() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "halo")
    with pytest.raises(ImportFailedError, match=r"x\.docx: the file is damaged or is not"):
        read_docx_file(Path("x.docx"), buffer.getvalue(), OPTIONS)


def test_encrypted_docx_asks_to_save_without_password() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    with pytest.raises(ImportFailedError, match=r"rahasia\.docx: the document is password"):
        read_docx_file(Path("rahasia.docx"), ole, OPTIONS)


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    rebuilt = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, content if item.filename == name else source.read(item))
    return rebuilt.getvalue()


def _add_member(data: bytes, name: str, content: bytes) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_bomb_docx_is_refused() -> None:
    bomb = _add_member(interview_docx(), "word/media/image1.bin", bytes(8 * 1024 * 1024))
    assert len(bomb) < 200 * 1024

    with pytest.raises(ImportFailedError, match=r"bom\.docx: refused.*compressed \d+-fold"):
        read_docx_file(Path("bom.docx"), bomb, OPTIONS)


def test_small_repetitive_member_is_not_a_bomb() -> None:
    data = _add_member(interview_docx(), "customXml/item9.xml", b" " * 100_000)
    assert read_docx_file(Path("a.docx"), data, OPTIONS).text == INTERVIEW_TEXT


def test_too_many_members_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_ZIP_MEMBERS", 5)
    with pytest.raises(ImportFailedError, match=r"a\.docx: refused.*parts inside"):
        read_docx_file(Path("a.docx"), interview_docx(), OPTIONS)


def test_too_large_unpacked_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_ZIP_UNCOMPRESSED", 1000)
    with pytest.raises(ImportFailedError, match=r"a\.odt: refused.*MB when unpacked"):
        read_odt_file(Path("a.odt"), odt_bytes(ODT_BODY), OPTIONS)


# --- .odt ----------------------------------------------------------------------------------

ODT_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
)
ODT_BODY = """
<text:sequence-decls><text:sequence-decl text:name="Table"/></text:sequence-decls>
<text:h text:outline-level="1">
    Transkrip   FGD
</text:h>
<text:p>Moderator:<text:s/>Selamat<text:s text:c="3"/>pagi,
    semua.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>
    <text:note-body><text:p>Catatan kaki</text:p></text:note-body></text:note></text:p>
<text:p>Peserta 1: Saya <text:span>pakai</text:span> <text:a>TikTok</text:a>,<text:tab/>dan
<text:line-break/>Instagram 📱.<office:annotation>
  <text:p>komentar</text:p></office:annotation></text:p>
<text:list><text:list-item><text:p>butir satu</text:p></text:list-item>
  <text:list-item><text:p>butir dua</text:p>
    <text:list><text:list-item><text:p>anak butir</text:p></text:list-item></text:list>
  </text:list-item></text:list>
<table:table><table:table-column/>
  <table:table-header-rows><table:table-row>
    <table:table-cell><text:p>Nama</text:p></table:table-cell>
    <table:table-cell><text:p>Usia</text:p></table:table-cell></table:table-row>
  </table:table-header-rows>
  <table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>Ani</text:p>
    <text:p>(gabungan)</text:p></table:table-cell><table:covered-table-cell/></table:table-row>
</table:table>
<draw:frame><draw:text-box><text:p>Kotak teks</text:p></draw:text-box></draw:frame>
<text:section><text:p>Peserta 1: Terima kasih,  cafe\u0301.</text:p></text:section>
"""
ODT_TEXT = (
    "Transkrip FGD\n"
    "Moderator: Selamat   pagi, semua.\n"
    "Peserta 1: Saya pakai TikTok,\tdan \nInstagram 📱.\n"
    "butir satu\n"
    "butir dua\n"
    "anak butir\n"
    "Nama\tUsia\n"
    "Ani\n(gabungan)\n"
    "Peserta 1: Terima kasih, café."
)


def odt_bytes(body: str, *, title: str | None = None, manifest_extra: str = "") -> bytes:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NAMESPACES} '
        f'office:version="1.3"><office:body><office:text>{body}</office:text></office:body>'
        "</office:document-content>"
    )
    manifest = (
        f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest {ODT_NAMESPACES}>'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        f"{manifest_extra}</manifest:file-entry></manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content.encode(), zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        if title is not None:
            meta = (
                f"<office:document-meta {ODT_NAMESPACES}><office:meta>"
                f"<dc:title>{title}</dc:title></office:meta></office:document-meta>"
            )
            archive.writestr("meta.xml", meta, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def test_odt_text() -> None:
    draft = read_odt_file(Path("fgd-1.odt"), odt_bytes(ODT_BODY), OPTIONS)

    assert draft.text == ODT_TEXT
    assert draft.title == "fgd-1"
    assert draft.mime == "application/vnd.oasis.opendocument.text"
    assert draft.turns == (
        TurnDraft(14, 47, "Moderator"),
        TurnDraft(48, ODT_TEXT.index("Peserta 1: Terima") - 1, "Peserta 1"),
        TurnDraft(ODT_TEXT.index("Peserta 1: Terima"), len(ODT_TEXT), "Peserta 1"),
    )


def test_odt_title_from_meta() -> None:
    assert read_odt_file(Path("a.odt"), odt_bytes("", title="FGD Medan"), OPTIONS).title == (
        "FGD Medan"
    )


def test_odt_entities_are_refused() -> None:
    data = odt_bytes("<text:p>&lol;</text:p>").replace(
        b"<office:document-content",
        b'<!DOCTYPE x [<!ENTITY lol "lol">]><office:document-content',
    )
    with pytest.raises(ImportFailedError, match=r"a\.odt: the file is damaged"):
        read_odt_file(Path("a.odt"), data, OPTIONS)


def test_odt_encrypted() -> None:
    data = odt_bytes(
        "<text:p>x</text:p>", manifest_extra='<manifest:encryption-data manifest:checksum="x"/>'
    )
    with pytest.raises(ImportFailedError, match=r"a\.odt: the document is password-protected"):
        read_odt_file(Path("a.odt"), data, OPTIONS)


def test_odt_without_content() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    with pytest.raises(ImportFailedError, match=r"a\.odt: the file is damaged"):
        read_odt_file(Path("a.odt"), buffer.getvalue(), OPTIONS)


def test_odt_bomb_is_refused() -> None:
    bomb = _add_member(odt_bytes("<text:p>x</text:p>"), "Pictures/a.bmp", bytes(4 * 1024 * 1024))
    with pytest.raises(ImportFailedError, match=r"a\.odt: refused"):
        read_odt_file(Path("a.odt"), bomb, OPTIONS)


# --- .rtf ----------------------------------------------------------------------------------

# \bin4 is followed by four bytes of binary data that happen to be braces.
RTF = rb"""{\rtf1\ansi\ansicpg1252\deff0\nouicompat
{\fonttbl{\f0\fnil\fcharset0 Calibri;}{\f1\fswiss\fcharset204 Arial Cyr;}}
{\colortbl ;\red255\green0\blue0;}
{\*\generator Riched20 10.0.19041}
{\info{\title Wawancara Informan 7}{\author Peneliti}}
{\header\pard Kepala halaman\par}
\viewkind4\uc1\pard\sa200\sl276\slmult1\f0\fs22\lang1057
Pewawancara: Bagaimana kabar{\*\bkmkstart x}{\*\bkmkend x}mu di caf\'e9?\par
Informan 7: Baik! Kata nenek \ldblquote selamat\rdblquote  \endash  {\b semangat}\tab ya.\line
Baris baru \u8364? dan emoji \u-10179?\u-8704?.{\footnote\pard catatan kaki\par}\par
{\f1 \'cf\'f0\'e8\'e2\'e5\'f2}\par
{\uc2 \u945\'e1\'e1 lalu}\par
\trowd\cellx1000\cellx2000\pard\intbl Nama\cell Usia\cell\row
\trowd\cellx1000\cellx2000\pard\intbl Ani\cell 19\cell\row
{\field{\*\fldinst{HYPERLINK "https://contoh.id"}}{\fldrslt{\ul tautan}}}\par
{\pict\pngblip\bin4 }{}{}\par
Pewawancara: Terima kasih\{\}\\.\par
}
ignored after the document"""
RTF_TEXT = (
    "Pewawancara: Bagaimana kabarmu di café?\n"
    "Informan 7: Baik! Kata nenek “selamat” – semangat\tya.\n"
    "Baris baru € dan emoji 😀.\n"
    "Привет\n"
    "α lalu\n"
    "Nama\tUsia\n"
    "Ani\t19\n"
    "tautan\n"
    "\n"
    "Pewawancara: Terima kasih{}\\."
)


def test_rtf_text_title_turns() -> None:
    draft = read_rtf_file(Path("informan-7.rtf"), RTF, OPTIONS)

    assert draft.text == RTF_TEXT
    assert draft.title == "Wawancara Informan 7"
    assert draft.mime == "application/rtf"
    assert [(t.speaker, t.start) for t in draft.turns] == [
        ("Pewawancara", 0),
        ("Informan 7", 40),
        ("Pewawancara", RTF_TEXT.rindex("Pewawancara")),
    ]


def test_rtf_without_title_uses_file_name() -> None:
    draft = read_rtf_file(Path("catatan.rtf"), rb"{\rtf1\ansi halo\par}", OPTIONS)
    assert (draft.title, draft.text) == ("catatan", "halo")


def test_rtf_crlf_line_breaks_in_source_are_not_text() -> None:
    text, _ = rtf_to_text(b"{\\rtf1\\ansi satu\r\ndua\\par\r\ntiga\\\r\nempat}")
    assert text == "satudua\ntiga\nempat"


def test_rtf_lone_surrogate_becomes_replacement_character() -> None:
    text, _ = rtf_to_text(rb"{\rtf1\ansi a\u-10179?b}")
    assert text == "a\ufffdb"


def test_rtf_unicode_out_of_range_is_a_replacement_character() -> None:
    text, _ = rtf_to_text(rb"{\rtf1\ansi \u-99999?\u9999999?\u-1?}")
    assert text == "\ufffd\ufffd\uffff"


def test_rtf_unicode_with_uc0_and_upr() -> None:
    text, _ = rtf_to_text(rb"{\rtf1\ansi{\uc0\u233\u8217}{\upr{kopi ansi}{\*\ud{kopi \u233}}}}")
    assert text == "é’kopi é"


def test_rtf_mac_code_page_and_raw_8_bit_bytes() -> None:
    text, _ = rtf_to_text(b"{\\rtf1\\mac caf\\'8e \x83}")
    assert text == "café \u00c9"


def test_not_rtf() -> None:
    with pytest.raises(ImportFailedError, match=r"a\.rtf: this is not an RTF document"):
        read_rtf_file(Path("a.rtf"), b"Ini teks biasa", OPTIONS)


def test_readers_return_drafts_with_the_original_bytes() -> None:
    data = interview_docx()
    draft: SourceDraft = read_docx_file(Path("a.docx"), data, OPTIONS)
    assert draft.data == data
    assert draft.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("suffix", ["docx", "odt", "rtf"])
def test_reader_names_for_the_registry(suffix: str) -> None:
    module, function = f"kutip.ingest.documents:read_{suffix}_file".split(":")
    assert callable(getattr(importlib.import_module(module), function))
