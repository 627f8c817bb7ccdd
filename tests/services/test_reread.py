"""Re-reading a source imported by an older Kutip: the text extracted again, every coding on
the same words, what cannot be placed reported, one undo step (kutip.services.reread)."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kutip.ingest.pdf.reader
import kutip.services.reread
from ingest.pdf_factory import furnished_pages, paragraph_lines
from kutip.cli import main
from kutip.errors import ImportFailedError
from kutip.ingest.pdf.furniture import Furniture, PageLines
from kutip.ingest.pdf.pagetext import PARAGRAPH_BREAK, PageText
from kutip.progress import Cancelled
from kutip.project import Project
from kutip.services.importing import import_paths
from kutip.services.reread import RereadError, reread_source
from kutip_testing import raw_connection

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


# -- progress and cancel ----------------------------------------------------------------------


def file_rows(path: Path, source_id: int) -> dict[str, list[tuple[object, ...]]]:
    """What the project file holds of the source, read from outside (committed rows only)."""
    connection = raw_connection(path)
    try:
        query = {
            "text": "SELECT text, flags, metadata FROM sources WHERE id = ?",
            "pages": "SELECT * FROM pages WHERE source_id = ? ORDER BY page_index",
            "codings": "SELECT * FROM segments WHERE source_id = ? ORDER BY id",
            "undo": "SELECT count(*) FROM edit_log WHERE ? IS NOT NULL",
        }
        return {k: connection.execute(sql, (source_id,)).fetchall() for k, sql in query.items()}
    finally:
        connection.close()


class Watch:
    """A ``Progress`` that remembers its reports and cancels when ``cancel_at`` says so."""

    def __init__(self, cancel_at: Callable[[int, int], bool] = lambda done, total: False) -> None:
        self.reports: list[tuple[int, int, str]] = []
        self.cancelled = False
        self._cancel_at = cancel_at

    def report(self, done: int, total: int, message: str = "") -> None:
        self.reports.append((done, total, message))
        self.cancelled = self.cancelled or self._cancel_at(done, total)


def test_progress_counts_the_pages_read(old_project: tuple[Project, int, dict[str, int]]) -> None:
    project, source_id, _codings = old_project
    watch = Watch()
    reread_source(project, source_id, progress=watch)
    assert watch.reports == [
        (0, 3, "Reading page 1 of 3"),
        (1, 3, "Reading page 2 of 3"),
        (2, 3, "Reading page 3 of 3"),
        (3, 3, "Reading page 3 of 3"),
    ]


@pytest.mark.parametrize("when", ["between pages", "after the last page", "while aligning"])
def test_a_cancelled_re_read_leaves_the_project_as_it_was(
    old_project: tuple[Project, int, dict[str, int]], monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    project, source_id, _codings = old_project
    before = file_rows(project.path, source_id)
    watch = Watch(
        lambda done, total: (done, when) in {(1, "between pages"), (3, "after the last page")}
    )
    align = kutip.services.reread.Alignment

    def cancelled_meanwhile(old: str, new: str) -> Any:
        # Cancel pressed while the texts are aligned: the write that follows is rolled back.
        watch.cancelled = True
        return align(old, new)

    if when == "while aligning":
        monkeypatch.setattr(kutip.services.reread, "Alignment", cancelled_meanwhile)
    with pytest.raises(Cancelled):
        reread_source(project, source_id, progress=watch)
    assert file_rows(project.path, source_id) == before
    if when == "between pages":
        assert len(watch.reports) == 2  # the second page was not read


def test_a_coding_made_while_the_file_is_read_moves_with_its_words(
    old_project: tuple[Project, int, dict[str, int]],
) -> None:
    """The window stays usable during a re-read: what is coded meanwhile is placed too."""
    project, source_id, _codings = old_project
    text = project.sources.text(source_id)
    start = text.index("ketika harga")
    made: list[int] = []

    def code_meanwhile(done: int, total: int) -> bool:
        if done == 1 and not made:
            code = project.codes.add("Meanwhile").value
            made.append(project.codings.apply(source_id, start, start + 12, code).value)
        return False

    reread_source(project, source_id, progress=Watch(code_meanwhile))
    assert HEAD not in project.sources.text(source_id)
    assert project.codings.text(project.codings.get(made[0])) == "ketika harga"


def test_a_text_changed_before_the_write_is_not_overwritten(
    old_project: tuple[Project, int, dict[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another change of the text (a re-read, an undo in the window) slips in after the file
    was read: the codings were placed against a text that is gone, so nothing is written."""
    project, source_id, _codings = old_project
    align = kutip.services.reread.Alignment
    other: list[str] = []

    def changed_meanwhile(before: str, after: str) -> Any:
        if not other:
            other.append("")
            reread_source(project, source_id)
            other[0] = project.sources.text(source_id)
        return align(before, after)

    monkeypatch.setattr(kutip.services.reread, "Alignment", changed_meanwhile)
    with pytest.raises(RereadError, match="“artikel” changed while its file was read again"):
        reread_source(project, source_id)
    assert HEAD not in other[0] and project.sources.text(source_id) == other[0]


def test_a_damaged_file_is_named(old_project: tuple[Project, int, dict[str, int]]) -> None:
    project, source_id, _codings = old_project
    before = file_rows(project.path, source_id)
    connection = raw_connection(project.path)
    connection.execute("UPDATE files SET data = ?", (b"%PDF-1.7\n" + b"\0" * 64,))
    connection.close()
    with pytest.raises(ImportFailedError, match=r"^artikel\.pdf: the PDF is damaged"):
        reread_source(project, source_id)
    assert file_rows(project.path, source_id) == before


def test_ctrl_c_on_the_command_line_writes_nothing(
    old_project: tuple[Project, int, dict[str, int]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project, source_id, _codings = old_project
    path = project.path
    project.close()
    before = file_rows(path, source_id)
    layout = kutip.ingest.pdf.reader.page_layout
    calls: list[int] = []

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl+C on the second page
        return layout(*args, **kwargs)

    monkeypatch.setattr(kutip.ingest.pdf.reader, "page_layout", interrupted)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    status = main(["source", str(path), "artikel", "--reread"])
    _out, err = capsys.readouterr()
    assert status == 130
    assert "[0/3] Reading page 1 of 3" in err and "[1/3] Reading page 2 of 3" in err
    assert err.rstrip().endswith("kutip: interrupted")
    assert file_rows(path, source_id) == before


def test_the_command_line_shows_the_pages_read_only_on_a_terminal(
    old_project: tuple[Project, int, dict[str, int]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project, _source_id, _codings = old_project
    path = project.path
    project.close()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["source", str(path), "artikel", "--reread"]) == 0
    assert "\r\033[K[2/3] Reading page 3 of 3" in capsys.readouterr().err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert main(["source", str(path), "artikel", "--reread"]) == 0
    assert "Reading page" not in capsys.readouterr().err
