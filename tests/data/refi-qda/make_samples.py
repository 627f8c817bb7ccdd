# ruff: noqa: E501 - the XML below is written on long lines, as the tools write it
"""Writes the small REFI-QDA samples of tests/interop (run it from anywhere; they are committed).

Made here, by hand, so that the import tests that must always run have files in the shapes
other tools write, without the shared samples (which come from other projects under their own
licences and are not part of this repository):

- nvivo-style.qdpx: as NVivo for Windows writes: ``Sources/`` with a capital S, a UTF-8 text
  file with BOM and CRLF line ends and emoji, positions in UTF-16 code units (CRLF as two, BOM
  not counted), selections without names, GUIDs in braces and upper case here and there, a
  hidden ``Sources/.root``, a case with variables, a coding memo and a journal note.
- atlas-style.qdpx: ``Project.qde``, positions in code points as the standard says, selection
  names holding the coded text (one truncated with "…", one wrong on purpose), a source given
  inline as ``PlainTextContent`` without a name, a PDF whose ``Representation`` text differs
  from Kutip's in white space, an area coding, sets and links.
- codebook.qdc: a codebook with a BOM, the codebook namespace of ATLAS.ti's schemaLocation,
  braces, a three-digit colour, a description in Kutip's labelled paragraphs, an empty ``<Sets/>``.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import pymupdf

HERE = Path(__file__).resolve().parent
STAMP = (2026, 1, 2, 3, 4, 6)

NVIVO_TEXT = (
    "Pewawancara: Dari mana kamu tahu soal pemilu? 🗳️\r\n"
    "Informan 1: Dari TikTok 😀😀 dan grup WhatsApp keluarga.\r\n"
    "Pewawancara: Apakah kamu percaya beritanya?\r\n"
    "Informan 1: Kadang-kadang. Banyak hoaks 🤥 di sana, jadi aku cek dulu.\r\n"
)
NVIVO_SOURCE = "5f0c8e2a-9d41-4b6e-a1d3-77c2e0b9f014"


def utf16(text: str, part: str, occurrence: int = 0) -> tuple[int, int]:
    """Where ``part`` is in ``text``, counted as NVivo counts: UTF-16 units, CRLF as two."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(part, at + 1)
    start = len(text[:at].encode("utf-16-le")) // 2
    return start, start + len(part.encode("utf-16-le")) // 2


def nvivo_style() -> dict[str, bytes]:
    lines = NVIVO_TEXT.split("\r\n")
    whole_2 = utf16(NVIVO_TEXT, lines[1])
    whole_4 = utf16(NVIVO_TEXT, lines[3])
    group = utf16(NVIVO_TEXT, "grup WhatsApp keluarga")
    hoax = utf16(NVIVO_TEXT, "Banyak hoaks 🤥 di sana")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="Pemilu" origin="NVivo for Windows 14" creatingUserGUID="0a1b2c3d-0000-4000-8000-000000000001" creationDateTime="2026-01-02T03:04:05Z" basePath="" xmlns="urn:QDA-XML:project:1.0">
  <Users>
    <User guid="0a1b2c3d-0000-4000-8000-000000000001" name="Sari" />
  </Users>
  <CodeBook>
    <Codes>
      <Code guid="{{A1000000-0000-4000-8000-000000000001}}" name="Sumber informasi" isCodable="true">
        <Description>Where informants learn about the election.</Description>
        <Code guid="a1000000-0000-4000-8000-000000000002" name="TikTok" isCodable="true" />
        <Code guid="A1000000-0000-4000-8000-000000000003" name="WhatsApp" isCodable="true" color="#25D366" />
      </Code>
      <Code guid="a1000000-0000-4000-8000-000000000004" name="Kredibilitas" isCodable="true" color="#ABC" />
    </Codes>
  </CodeBook>
  <Variables>
    <Variable guid="b1000000-0000-4000-8000-000000000001" name="usia" typeOfVariable="Integer" />
    <Variable guid="b1000000-0000-4000-8000-000000000002" name="provinsi" typeOfVariable="Text" />
    <Variable guid="b1000000-0000-4000-8000-000000000003" name="pemilih pemula" typeOfVariable="Boolean" />
  </Variables>
  <Cases>
    <Case guid="c1000000-0000-4000-8000-000000000001" name="Informan 1">
      <VariableValue><VariableRef targetGUID="b1000000-0000-4000-8000-000000000001" /><IntegerValue>19</IntegerValue></VariableValue>
      <VariableValue><VariableRef targetGUID="b1000000-0000-4000-8000-000000000002" /><TextValue>Jawa Barat</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="{{B1000000-0000-4000-8000-000000000003}}" /><BooleanValue>true</BooleanValue></VariableValue>
      <SourceRef targetGUID="{NVIVO_SOURCE.upper()}" />
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="{NVIVO_SOURCE}" name="Wawancara informan 1" plainTextPath="internal://{NVIVO_SOURCE}.txt" creatingUser="0a1b2c3d-0000-4000-8000-000000000001" creationDateTime="2026-01-02T03:04:05Z">
      <Description />
      <PlainTextSelection guid="d1000000-0000-4000-8000-000000000001" name="" startPosition="{whole_2[0]}" endPosition="{whole_2[1]}">
        <Description />
        <Coding guid="e1000000-0000-4000-8000-000000000001" creatingUser="0a1b2c3d-0000-4000-8000-000000000001" creationDateTime="2026-01-02T03:04:05Z"><CodeRef targetGUID="a1000000-0000-4000-8000-000000000002" /></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="d1000000-0000-4000-8000-000000000002" name="" startPosition="{group[0]}" endPosition="{group[1]}">
        <Coding guid="e1000000-0000-4000-8000-000000000002"><CodeRef targetGUID="{{A1000000-0000-4000-8000-000000000003}}" /></Coding>
        <NoteRef targetGUID="f1000000-0000-4000-8000-000000000001" />
      </PlainTextSelection>
      <PlainTextSelection guid="d1000000-0000-4000-8000-000000000003" name="" startPosition="{whole_4[0]}" endPosition="{whole_4[1]}">
        <Coding guid="e1000000-0000-4000-8000-000000000003"><CodeRef targetGUID="a1000000-0000-4000-8000-000000000004" /></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="d1000000-0000-4000-8000-000000000004" name="" startPosition="{hoax[0]}" endPosition="{hoax[1]}">
        <Coding guid="e1000000-0000-4000-8000-000000000004"><CodeRef targetGUID="a1000000-0000-4000-8000-000000000004" /></Coding>
        <Coding guid="e1000000-0000-4000-8000-000000000005"><CodeRef targetGUID="a1000000-0000-4000-8000-000000000002" /></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="f1000000-0000-4000-8000-000000000001" name="Memo">
      <PlainTextContent>Grup keluarga: sumber utama.</PlainTextContent>
    </Note>
    <Note guid="f1000000-0000-4000-8000-000000000002" name="Catatan lapangan">
      <PlainTextContent>Wawancara di Bandung, Januari.</PlainTextContent>
    </Note>
  </Notes>
</Project>
"""
    return {
        "project.qde": qde.encode("utf-8"),
        f"Sources/{NVIVO_SOURCE}.txt": codecs.BOM_UTF8 + NVIVO_TEXT.encode("utf-8"),
        "Sources/.root": b"",
    }


ATLAS_TEXT = (
    "I'm a first-time voter. I watched the debates on YouTube with my friends.\n"
    "Honestly the memes were more convincing than the speeches, but café talk decided it.\n"
)
ATLAS_SOURCE = "6A1F3C2E-8B7D-4E5F-9A0B-1C2D3E4F5A6B"
ATLAS_PDF = "7B2E4D3F-9C8E-4F60-8B1C-2D3E4F5A6B7C"
PDF_LINES = ["Social media and the 2024 election", "Young voters share memes and debate clips."]


def code_points(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def atlas_style() -> dict[str, bytes]:
    debates = code_points(ATLAS_TEXT, "I watched the debates on YouTube with my friends.")
    memes = code_points(ATLAS_TEXT, "Honestly the memes were more convincing than the speeches")
    cafe = code_points(ATLAS_TEXT, "café talk")
    representation = "  ".join(PDF_LINES)  # another tool's white space
    clips = code_points(representation, "share memes and debate clips")
    inline = "Second interview: radio, not TikTok."
    radio = code_points(inline, "radio")
    qde = f"""<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<Project xmlns="urn:QDA-XML:project:1.0" origin="ATLAS.ti 23.2.3" name="Debates">
  <CodeBook><Codes>
    <Code guid="11111111-AAAA-4BBB-8CCC-000000000001" name="Media" isCodable="true" color="#F00082">
      <Code guid="11111111-AAAA-4BBB-8CCC-000000000002" name="YouTube" isCodable="true" />
      <Code guid="11111111-AAAA-4BBB-8CCC-000000000003" name="Memes" isCodable="true" />
    </Code>
    <Code guid="11111111-AAAA-4BBB-8CCC-000000000004" name="Talk" isCodable="true" />
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{ATLAS_SOURCE}" name="Voter A" plainTextPath="internal://{ATLAS_SOURCE}.txt">
      <PlainTextSelection guid="22222222-AAAA-4BBB-8CCC-000000000001" name="I watched the debates on YouTube…" startPosition="{debates[0]}" endPosition="{debates[1]}">
        <Coding guid="33333333-AAAA-4BBB-8CCC-000000000001"><CodeRef targetGUID="11111111-AAAA-4BBB-8CCC-000000000002"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="22222222-AAAA-4BBB-8CCC-000000000002" name="Honestly the memes were more convincing than the speeches" startPosition="{memes[0]}" endPosition="{memes[1]}">
        <Coding guid="33333333-AAAA-4BBB-8CCC-000000000002"><CodeRef targetGUID="11111111-AAAA-4BBB-8CCC-000000000003"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="22222222-AAAA-4BBB-8CCC-000000000003" name="radio talk" startPosition="{cafe[0]}" endPosition="{cafe[1]}">
        <Coding guid="33333333-AAAA-4BBB-8CCC-000000000003"><CodeRef targetGUID="11111111-AAAA-4BBB-8CCC-000000000004"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <TextSource guid="44444444-AAAA-4BBB-8CCC-000000000001">
      <PlainTextContent>{inline}</PlainTextContent>
      <PlainTextSelection guid="22222222-AAAA-4BBB-8CCC-000000000004" name="radio" startPosition="{radio[0]}" endPosition="{radio[1]}">
        <Coding guid="33333333-AAAA-4BBB-8CCC-000000000004"><CodeRef targetGUID="11111111-AAAA-4BBB-8CCC-000000000001"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <PDFSource guid="{ATLAS_PDF}" name="Article.pdf" path="internal://{ATLAS_PDF}.pdf">
      <PDFSelection guid="22222222-AAAA-4BBB-8CCC-000000000005" name="Quotation 3:1" page="0" firstX="10" firstY="10" secondX="200" secondY="40">
        <Coding guid="33333333-AAAA-4BBB-8CCC-000000000005"><CodeRef targetGUID="11111111-AAAA-4BBB-8CCC-000000000003"/></Coding>
      </PDFSelection>
      <Representation guid="55555555-AAAA-4BBB-8CCC-000000000001" plainTextPath="internal://55555555-AAAA-4BBB-8CCC-000000000001.txt">
        <PlainTextSelection guid="22222222-AAAA-4BBB-8CCC-000000000006" name="share memes and debate clips" startPosition="{clips[0]}" endPosition="{clips[1]}">
          <Coding guid="33333333-AAAA-4BBB-8CCC-000000000006"><CodeRef targetGUID="11111111-AAAA-4BBB-8CCC-000000000003"/></Coding>
        </PlainTextSelection>
      </Representation>
    </PDFSource>
  </Sources>
  <Links><Link guid="66666666-AAAA-4BBB-8CCC-000000000001" originGUID="{ATLAS_SOURCE}" targetGUID="{ATLAS_PDF}" /></Links>
  <Sets><Set guid="77777777-AAAA-4BBB-8CCC-000000000001" name="Voters"><MemberSource targetGUID="{ATLAS_SOURCE}" /></Set></Sets>
</Project>
"""
    doc = pymupdf.open()
    page = doc.new_page()
    for index, line in enumerate(PDF_LINES):
        page.insert_text((72, 72 + 16 * index), line, fontname="helv", fontsize=11)
    pdf = bytes(doc.tobytes(no_new_id=True))
    doc.close()
    return {
        "Project.qde": qde.encode("utf-8"),
        f"sources/{ATLAS_SOURCE.lower()}.txt": ATLAS_TEXT.encode("utf-8"),
        f"sources/{ATLAS_PDF}.pdf": pdf,
        "sources/55555555-AAAA-4BBB-8CCC-000000000001.txt": representation.encode("utf-8"),
    }


CODEBOOK = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:QDA-XML:codebook:0:4 Codebook.xsd" origin="Hand made" xmlns="urn:QDA-XML:codebook:1.0">
  <Codes>
    <Code guid="{8D3E0F4A-1B2C-4D5E-8F60-718293A4B5C6}" name="Aksesibilitas" isCodable="true" color="#1F77B4">
      <Description>Ease of reaching information.

When to use: the informant says how easily they found it.

When not to use: trust in it (use Kredibilitas).

Example: "Semua ada di HP."</Description>
      <Code guid="8d3e0f4a-1b2c-4d5e-8f60-718293a4b5c7" name="Sinyal" isCodable="true" color="#abc" />
    </Code>
    <Code guid="8D3E0F4A-1B2C-4D5E-8F60-718293A4B5C8" name="Kredibilitas" isCodable="false">
      <Description>Trust in a source.</Description>
    </Code>
  </Codes>
  <Sets/>
</CodeBook>
"""


def write_zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


def main() -> None:
    write_zip(HERE / "nvivo-style.qdpx", nvivo_style())
    write_zip(HERE / "atlas-style.qdpx", atlas_style())
    (HERE / "codebook.qdc").write_bytes(codecs.BOM_UTF8 + CODEBOOK.encode("utf-8"))


if __name__ == "__main__":
    main()
