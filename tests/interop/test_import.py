"""Import of REFI-QDA files in the shapes real tools write, from Kutip's own small samples.

The samples are in tests/data/refi-qda (made by make_samples.py there), so these tests always
run; the real tools' samples are tested in test_shared_samples.py when they are at hand.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from refi_testing import DATA, SCHEMAS, make_qdpx

from kutip.errors import ImportFailedError, ValidationError
from kutip.interop import import_qdc, import_qdpx
from kutip.interop.positions import Counting
from kutip.model import AttributeScope, AttributeType, SourceKind
from kutip.progress import Cancelled
from kutip.project import Project
from kutip_testing import dump_tables, text_draft

NVIVO_STYLE = DATA / "nvivo-style.qdpx"
ATLAS_STYLE = DATA / "atlas-style.qdpx"
CODEBOOK = DATA / "codebook.qdc"


def codings(project: Project) -> dict[str, list[str]]:
    """Each code path with the texts it codes."""
    found: dict[str, list[str]] = {}
    for segment in project.codings.all():
        found.setdefault(project.codes.path(segment.code_id), []).append(
            project.codings.text(segment)
        )
    return found


def test_nvivo_positions_in_utf16_with_crlf_land_on_the_coded_text(
    empty_project: Project,
) -> None:
    report = import_qdpx(empty_project, NVIVO_STYLE)
    assert report.counting is Counting.UTF16
    assert dict(report.created) == {
        "codes": 4,
        "attributes": 3,
        "sources": 1,
        "codings": 5,
        "cases": 1,
        "values": 3,
        "case links": 1,
        "memos": 1,
        "coders": 1,
    }
    assert codings(empty_project) == {
        "Sumber informasi/TikTok": [
            "Informan 1: Dari TikTok 😀😀 dan grup WhatsApp keluarga.",
            "Banyak hoaks 🤥 di sana",
        ],
        "Sumber informasi/WhatsApp": ["grup WhatsApp keluarga"],
        "Kredibilitas": [
            "Informan 1: Kadang-kadang. Banyak hoaks 🤥 di sana, jadi aku cek dulu.",
            "Banyak hoaks 🤥 di sana",
        ],
    }
    (source,) = empty_project.sources.all()
    text = empty_project.sources.text(source.id)
    assert "\r" not in text and not text.startswith(codecs.BOM_UTF8.decode("utf-8"))
    assert source.title == "Wawancara informan 1"
    assert [t.speaker for t in empty_project.sources.turns(source.id)][:2] == [
        "Pewawancara",
        "Informan 1",
    ]


def test_nvivo_style_guids_cases_variables_and_notes(empty_project: Project) -> None:
    import_qdpx(empty_project, NVIVO_STYLE)
    whatsapp = empty_project.codes.find("WhatsApp")
    assert whatsapp.guid == "a1000000-0000-4000-8000-000000000003"  # was {A1…} in the file
    assert whatsapp.color == "#25d366"
    assert empty_project.codes.find("Kredibilitas").color == "#aabbcc"  # from #ABC
    (case,) = empty_project.cases.all()
    assert empty_project.cases.attribute_values(case.id, AttributeScope.CASE) == {
        "usia": "19",
        "provinsi": "Jawa Barat",
        "pemilih pemula": "true",
    }
    assert [a.type for a in empty_project.cases.attributes()] == [
        AttributeType.INTEGER,
        AttributeType.TEXT,
        AttributeType.BOOLEAN,
    ]
    assert [(link.start, link.end) for link in empty_project.cases.links(case.id)] == [(None, None)]
    memo = {empty_project.codings.text(s): s.memo for s in empty_project.codings.all()}
    assert memo["grup WhatsApp keluarga"] == "Grup keluarga: sumber utama."
    assert [(m.title, m.text) for m in empty_project.memos.all()] == [
        ("Catatan lapangan", "Wawancara di Bandung, Januari.")
    ]
    single = [s.guid for s in empty_project.codings.all() if s.guid.startswith("d1")]
    assert len(single) == 3  # a selection with one coding gives the coding its GUID


def test_standard_positions_names_checked_pdf_text_mapped_and_omissions_reported(
    empty_project: Project,
) -> None:
    report = import_qdpx(empty_project, ATLAS_STYLE)
    assert report.counting is Counting.CODE_POINTS
    assert report.created["sources"] == 3 and report.created["codings"] == 5
    assert codings(empty_project) == {
        "Media/YouTube": ["I watched the debates on YouTube with my friends."],
        "Media/Memes": [
            "Honestly the memes were more convincing than the speeches",
            "share memes and debate clips",
        ],
        "Talk": ["café talk"],
        "Media": ["radio"],
    }
    kinds = {s.title: s.kind for s in empty_project.sources.all()}
    assert kinds == {
        "Voter A": SourceKind.TEXT,
        "Untitled source": SourceKind.TEXT,  # inline PlainTextContent, no name
        "Article.pdf": SourceKind.PDF,
    }
    warnings = "\n".join(report.warnings)
    assert "22222222-aaaa-4bbb-8ccc-000000000003" in warnings and "radio talk" in warnings
    assert "area codings of source Article.pdf" in warnings
    assert "Links" in warnings and "Sets" in warnings
    assert not any("22222222-aaaa-4bbb-8ccc-000000000001" in w for w in report.warnings)


def test_the_import_is_one_undo_step(empty_project: Project) -> None:
    before = dump_tables(empty_project)
    report = import_qdpx(empty_project, NVIVO_STYLE)
    assert report.edit is not None
    empty_project.undo(report.edit)
    assert dump_tables(empty_project) == before


def test_importing_again_merges_everything(empty_project: Project) -> None:
    import_qdpx(empty_project, NVIVO_STYLE)
    before = dump_tables(empty_project)
    again = import_qdpx(empty_project, NVIVO_STYLE)
    assert sum(again.created.values()) == 0
    assert again.merged["codings"] == 5 and again.merged["sources"] == 1
    assert again.edit is None
    assert dump_tables(empty_project) == before


def test_into_an_existing_project_codes_merge_by_name_and_guids_are_kept_where_free(
    project: Project,
) -> None:
    existing = project.sources.add(text_draft("Already here.", title="old")).value
    kredibilitas = project.codes.find("Kredibilitas")
    report = import_qdpx(project, NVIVO_STYLE)
    assert report.merged["codes"] == 1  # Kredibilitas, by name
    assert project.codes.find("Kredibilitas").guid == kredibilitas.guid
    assert project.codes.find("Kredibilitas").color == kredibilitas.color
    assert any("Kredibilitas" in w and "colour" in w for w in report.warnings)
    assert project.sources.get(existing).title == "old"
    assert len(project.codings.all(code_id=kredibilitas.id)) == 2


def test_a_source_with_the_guid_and_other_text_is_imported_as_a_new_source(
    empty_project: Project,
) -> None:
    empty_project.sources.add(
        text_draft("Different text.", title="clash"), guid="5F0C8E2A-9D41-4B6E-A1D3-77C2E0B9F014"
    )
    report = import_qdpx(empty_project, NVIVO_STYLE)
    assert report.created["sources"] == 1
    assert any("GUID" in w for w in report.warnings)
    assert len({s.guid for s in empty_project.sources.all()}) == 2


def test_cancelling_leaves_the_project_unchanged(empty_project: Project) -> None:
    class Cancelling:
        cancelled = True

        def report(self, done: int, total: int, message: str = "") -> None:
            pass

    before = dump_tables(empty_project)
    with pytest.raises(Cancelled):
        import_qdpx(empty_project, NVIVO_STYLE, progress=Cancelling())
    assert dump_tables(empty_project) == before


def test_a_codebook_merges_by_guid_then_name_and_reports_conflicts(project: Project) -> None:
    report = import_qdc(project, CODEBOOK)
    assert report.merged["codes"] == 2 and report.created["codes"] == 1
    sinyal = project.codes.find("Aksesibilitas/Sinyal")
    assert (sinyal.guid, sinyal.color) == ("8d3e0f4a-1b2c-4d5e-8f60-718293a4b5c7", "#aabbcc")
    warnings = "\n".join(report.warnings)
    if SCHEMAS.is_dir():
        assert "schema" in warnings  # the empty <Sets/>
    assert "Aksesibilitas" in warnings and "description" in warnings


def test_a_codebook_into_an_empty_project_splits_the_description_into_kutips_fields(
    empty_project: Project,
) -> None:
    import_qdc(empty_project, CODEBOOK)
    code = empty_project.codes.find("Aksesibilitas")
    assert code.guid == "8d3e0f4a-1b2c-4d5e-8f60-718293a4b5c6"
    assert code.definition == "Ease of reaching information."
    assert code.when_to_use == "the informant says how easily they found it."
    assert code.when_not_to_use == "trust in it (use Kredibilitas)."
    assert code.example == '"Semua ada di HP."'
    assert empty_project.codes.find("Kredibilitas").definition == "Trust in a source."


@pytest.mark.parametrize(
    "namespace",
    [
        'xmlns="urn:QDA-XML:codebook:1.0"',
        'xmlns="urn:QDA-XML:codebook:0:4"',
        'xmlns="urn:QDA-XML:project:1.0"',
        "",
    ],
)
def test_codebook_namespace_variants(
    empty_project: Project, tmp_path: Path, namespace: str
) -> None:
    path = tmp_path / "book.qdc"
    path.write_text(
        f'<?xml version="1.0"?><CodeBook {namespace}><Codes>'
        '<Code name="Hoaks" guid="{00000000-0000-4000-8000-00000000000A}">'
        '<Code name="Deepfake" isCodable="true" guid="00000000-0000-4000-8000-00000000000b"/>'
        "</Code></Codes></CodeBook>",
        encoding="utf-8",
    )
    report = import_qdc(empty_project, path)
    assert report.created["codes"] == 2
    assert empty_project.codes.find("Hoaks/Deepfake").guid.endswith("00b")


def test_a_codebook_is_taken_from_a_project_file_too(empty_project: Project) -> None:
    report = import_qdc(empty_project, NVIVO_STYLE)
    assert report.created["codes"] == 4
    assert not empty_project.sources.all()


def test_a_project_is_not_a_codebook_and_a_codebook_not_a_project(
    empty_project: Project, tmp_path: Path
) -> None:
    with pytest.raises(ImportFailedError, match="codebook"):
        import_qdpx(empty_project, CODEBOOK)
    other = tmp_path / "other.qdc"
    other.write_text("<Something/>", encoding="utf-8")
    with pytest.raises(ImportFailedError, match=r"other\.qdc"):
        import_qdc(empty_project, other)


def test_lenient_with_missing_attributes_braces_bom_and_crlf(
    empty_project: Project, tmp_path: Path
) -> None:
    qde = (
        codecs.BOM_UTF8.decode("utf-8")
        + '<?xml version="1.0" encoding="utf-8"?>\r\n<Project>\r\n<CodeBook><Codes>'
        '<Code guid="{C0DE0000-0000-4000-8000-000000000001}"/></Codes></CodeBook>\r\n'
        "<Sources><TextSource guid='{50000000-0000-4000-8000-000000000001}' "
        "plainTextPath='internal://X.TXT'><PlainTextSelection startPosition='0' "
        "endPosition='5'><Coding><CodeRef targetGUID='c0de0000-0000-4000-8000-000000000001'/>"
        "</Coding></PlainTextSelection><PlainTextSelection endPosition='3'/></TextSource>"
        "</Sources></Project>"
    )
    path = make_qdpx(tmp_path / "odd.qdpx", qde, {"x.txt": b"Hello\r\nworld\r\n"}, folder="SOURCES")
    report = import_qdpx(empty_project, path)
    assert report.created["codes"] == 1 and report.created["codings"] == 1
    (source,) = empty_project.sources.all()
    assert (source.title, empty_project.sources.text(source.id)) == ("X.TXT", "Hello\nworld\n")
    assert empty_project.codes.all()[0].name == "Unnamed code"
    assert any("no valid start" in w for w in report.warnings)


def test_external_sources_are_read_only_when_allowed(
    empty_project: Project, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("From outside the archive.", encoding="utf-8")
    qde = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>'
        '<TextSource guid="50000000-0000-4000-8000-000000000002" name="rel" '
        'plainTextPath="relative:///outside.txt"/>'
        '<TextSource guid="50000000-0000-4000-8000-000000000003" name="abs" '
        f'plainTextPath="absolute://{outside.as_posix()}"/>'
        "</Sources></Project>"
    )
    path = make_qdpx(tmp_path / "external.qdpx", qde)
    refused = import_qdpx(empty_project, path)
    assert refused.created["sources"] == 0
    assert sum("outside the archive" in w for w in refused.warnings) == 2
    allowed = import_qdpx(empty_project, path, allow_external=True)
    assert allowed.created["sources"] == 2
    assert {empty_project.sources.text(s.id) for s in empty_project.sources.all()} == {
        "From outside the archive."
    }


def test_a_bare_qde_reads_its_files_from_a_sources_folder_beside_it(
    empty_project: Project, tmp_path: Path
) -> None:
    (tmp_path / "Sources").mkdir()
    (tmp_path / "Sources" / "a.txt").write_text("Beside the qde.", encoding="utf-8")
    (tmp_path / "p.qde").write_text(
        '<Project name="p"><Sources><TextSource guid="50000000-0000-4000-8000-000000000004" '
        'name="a" plainTextPath="internal://a.txt"/></Sources></Project>',
        encoding="utf-8",
    )
    report = import_qdpx(empty_project, tmp_path / "p.qde")
    assert report.created["sources"] == 1


def test_given_guids_are_checked_by_the_project(empty_project: Project) -> None:
    source = empty_project.sources.add(
        text_draft("text"), guid="{ABCDEF00-0000-4000-8000-000000000001}"
    ).value
    assert empty_project.sources.get(source).guid == "abcdef00-0000-4000-8000-000000000001"
    with pytest.raises(ValidationError, match="already used"):
        empty_project.sources.add(
            text_draft("other", title="b"), guid="abcdef00-0000-4000-8000-000000000001"
        )
    with pytest.raises(ValidationError, match="not a GUID"):
        empty_project.codes.add("x", guid="not-a-guid")
    case = empty_project.cases.add("c", guid="abcdef00-0000-4000-8000-000000000001").value
    assert empty_project.cases.get(case).guid.startswith("abcdef00")  # each table has its own


def test_a_coding_whose_guid_the_project_uses_elsewhere_is_imported_as_a_new_one(
    empty_project: Project,
) -> None:
    import_qdpx(empty_project, NVIVO_STYLE)
    segment = next(s for s in empty_project.codings.all() if s.guid.endswith("000000000002"))
    empty_project.codings.set_range(segment.id, segment.start, segment.end - 1)
    report = import_qdpx(empty_project, NVIVO_STYLE)
    assert report.created["codings"] == 1 and report.merged["codings"] == 4
    assert any("another range or code" in w for w in report.warnings)


def test_the_summary_says_what_was_done(empty_project: Project) -> None:
    report = import_qdpx(empty_project, NVIVO_STYLE)
    lines = report.summary()
    assert lines[0].startswith("nvivo-style.qdpx: imported ")
    assert "5 codings" in lines[0]
    assert "UTF-16" in lines[1]
    again = import_qdpx(empty_project, NVIVO_STYLE).summary()
    assert "nothing new" in again[0] and again[1].startswith("Already in the project")
