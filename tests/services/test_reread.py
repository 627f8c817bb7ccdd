"""Re-reading a source imported by an older Kutip: the text extracted again, every coding on
the same words, what cannot be placed reported, one undo step (kutip.services.reread)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kutip.ingest.pdf.reader
from ingest.pdf_factory import furnished_pages, paragraph_lines
from kutip.cli import main
from kutip.ingest.pdf.furniture import Furniture, PageLines
from kutip.ingest.pdf.pagetext import PARAGRAPH_BREAK, PageText
from kutip.project import Project
from kutip.services.importing import import_paths
from kutip.services.reread import reread_source

HEAD = "Jurnal Komunikasi Indonesia 12 (2)"
TEXT = (
    "Kampanye di media sosial menjangkau pemilih muda yang jarang menonton televisi dan lebih "
    "sering membaca linimasa mereka sendiri setiap pagi sebelum berangkat kuliah. Para informan "
    "menyebut konten yang sekadar sensasional sebagai alasan utama mereka berhenti mengikuti "
    "akun partai, meskipun sebagian tetap membagikan tautan berita kepada keluarga. Relawan desa "
    "mengatakan bahwa pertemuan tatap muka masih menentukan pilihan keluarga petani, terutama "
    "ketika harga pupuk naik menjelang musim tanam berikutnya di kabupaten itu."
)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def old_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader as it was: no furniture found, pages always joined by a blank line."""

    def no_furniture(pages: list[PageLines]) -> Furniture:
        return Furniture((frozenset(),) * len(pages), (None,) * len(pages), None)

    def blank_line(before: PageText, after: PageText) -> tuple[str, bool]:
        return PARAGRAPH_BREAK, False

    monkeypatch.setattr(kutip.ingest.pdf.reader, "find_furniture", no_furniture)
    monkeypatch.setattr(kutip.ingest.pdf.reader, "page_join", blank_line)


@pytest.fixture
def old_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Project, int, dict[str, int]]:
    """A project made by the old reader, with codings over the page breaks and the heads."""
    lines = paragraph_lines(TEXT, hyphenate=True)
    hyphen = next(k for k, line in enumerate(lines) if line.endswith("-"))
    # Page 1 ends mid-sentence, page 2 ends in a hyphenated word, page 3 ends the text.
    pages = [lines[: hyphen - 1], lines[hyphen - 1 : hyphen + 1], lines[hyphen + 1 :]]
    pdf = tmp_path / "artikel.pdf"
    pdf.write_bytes(furnished_pages(pages, first_folio=45, odd_head=HEAD, even_head=HEAD))
    project = Project.create(tmp_path / "old.kutip", codebook="empty", coder="tester")
    with monkeypatch.context() as patch:
        old_reader(patch)
        import_paths(project, [pdf])
    (source,) = project.sources.all()
    text = project.sources.text(source.id)
    code = project.codes.add("Kredibilitas").value
    head_code = project.codes.add("Header").value
    assert HEAD in text and "\n\n45\n\n" in text  # the old text has the furniture in it

    def code_between(first: str, last: str, code_id: int = code) -> int:
        start = text.index(first)
        end = text.index(last, start) + len(last)
        return project.codings.apply(source.id, start, end, code_id).value

    break_1 = lines[hyphen - 2].split()[-2], lines[hyphen - 1].split()[1]
    broken = lines[hyphen].split()[-1], lines[hyphen + 1].split()[0]
    codings = {
        "within": code_between("Kampanye di media", "pemilih muda"),
        "over a break": code_between(break_1[0], break_1[1]),
        "hyphenated": code_between(broken[0], broken[1]),
        "head": code_between(HEAD, HEAD, head_code),
        "to the end": code_between("ketika harga", "kabupaten itu."),
    }
    return project, source.id, codings


def test_every_coding_goes_to_its_words(old_project: tuple[Project, int, dict[str, int]]) -> None:
    project, source_id, codings = old_project
    old_text = project.sources.text(source_id)
    old = {name: project.codings.text(project.codings.get(i)) for name, i in codings.items()}
    report = reread_source(project, source_id)
    text = project.sources.text(source_id)
    assert HEAD not in text and words(text) == words(TEXT)  # the furniture is gone
    new = {
        name: project.codings.text(project.codings.get(i))
        for name, i in codings.items()
        if name != "head"
    }
    furniture = set(words(HEAD)) | {"45", "46", "47"}
    for name, quote in new.items():
        # The same letters, without the heads and folios; a word hyphenated over a page
        # break ("berik-" + "utnya") is one word now.
        expected = [w for w in words(old[name]) if w not in furniture]
        assert "".join(words(quote)) == "".join(expected), name
        assert HEAD not in quote and "\n\n" not in quote
    assert words(new["over a break"]) == [
        w for w in words(old["over a break"]) if w not in furniture
    ]
    assert new["hyphenated"] == "".join(
        words(old["hyphenated"])[:1] + words(old["hyphenated"])[-1:]
    )
    assert new["within"] == old["within"]
    # The coding of the running head has nowhere to go: removed, and named.
    assert [(u.segment_id, u.code, u.text) for u in report.unplaced] == [
        (codings["head"], "Header", HEAD)
    ]
    assert report.moved == 4 and report.kept == 0
    # Labels as printed, still.
    assert [p.label for p in project.sources.pages(source_id)] == ["45", "46", "47"]
    # One undo step brings the old text and every coding back.
    assert report.edit is not None
    project.undo(report.edit)
    assert project.sources.text(source_id) == old_text
    assert {n: project.codings.text(project.codings.get(i)) for n, i in codings.items()} == old


def test_re_reading_again_changes_nothing(old_project: tuple[Project, int, dict[str, int]]) -> None:
    project, source_id, _codings = old_project
    reread_source(project, source_id)
    again = reread_source(project, source_id)
    assert not again.changed and again.edit is None


def test_the_command_line_rereads_and_reports(
    old_project: tuple[Project, int, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    project, source_id, codings = old_project
    path = project.path
    project.close()
    status = main(["source", str(path), "artikel", "--reread"])
    out, err = capsys.readouterr()
    assert status == 0
    assert "artikel: text read again; 4 codings moved, 0 unchanged." in out
    assert f"cannot place coding {codings['head']} (Header): “{HEAD}”" in err
    with Project.open(path) as reopened:
        assert HEAD not in reopened.sources.text(source_id)
