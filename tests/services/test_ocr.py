"""Scanned PDFs read by OCR: imported, coded on the page, searched, exported, read again.

The first tests run Tesseract on a generated two-page scan (Indonesian and English) and
measure it against the pages it was made from; they are skipped, saying what to install, where
Tesseract's data is missing. The others put a stand-in for Tesseract (``FakeOcr``) behind the
same import, to test what Kutip does with what OCR read.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf
import pytest

from kutip.ingest.drafts import FLAG_NO_TEXT_LAYER, FLAG_OCR, ReadOptions
from kutip.ingest.pdf.ocr import page_text_with_ocr
from kutip.ingest.pdf.pagetext import PageText
from kutip.ingest.pdf.reader import read_pdf
from kutip.progress import Cancelled
from kutip.project import Project
from kutip.search import SearchIndex
from kutip.services import exporting
from kutip.services.importing import ImportOptions, import_draft, import_paths
from kutip.services.merge import merge_project
from kutip.services.ocr import OcrSettings, PageReader, read_again
from kutip.services.reread import reread_source
from kutip.store.integrity import find_problems
from ocr_testing import (
    SOURCE_TEXTS,
    FakeOcr,
    needs_tesseract,
    overlap,
    scanned_pages,
    word_boxes,
    word_recall,
)

PHRASE = "ujaran kebencian"


@dataclass
class Reports:
    """A progress that keeps what it was told; cancelled once asked ``cancel_after`` times."""

    cancel_after: int | None = None
    messages: list[str] = field(default_factory=list)
    asked: int = 0

    @property
    def cancelled(self) -> bool:
        self.asked += 1
        return self.cancel_after is not None and self.asked > self.cancel_after

    def report(self, done: int, total: int, message: str = "") -> None:
        self.messages.append(message)


def shown_text(project: Project, source_id: int, index: int) -> PageText:
    """Page ``index``'s text as the PDF view shows it: from what OCR read, without the page's
    furniture (running head, folio)."""
    page = project.sources.pages(source_id)[index]
    layer = project.sources.ocr_layers(source_id).get(index)
    with pymupdf.open(stream=project.sources.file(source_id), filetype="pdf") as doc:
        text = page_text_with_ocr(doc[index], layer, skip=page.furniture)
    return text.clipped(page.end - page.start)


def code_on_page(project: Project, source_id: int, born: bytes, words: str) -> int:
    """Code ``words`` as a drag over them on page 1 would: from the point inside their first
    letter to the point inside their last, mapped to offsets through the page's text."""
    first, last = words.split()[0], words.split()[-1]
    start_box, end_box = word_boxes(born, 0)[first][0], word_boxes(born, 0)[last][0]
    page = project.sources.pages(source_id)[0]
    text = shown_text(project, source_id, 0)
    y0, y1 = (start_box.y0 + start_box.y1) / 2, (end_box.y0 + end_box.y1) / 2
    start = text.index_at(start_box.x0 + 1, y0)
    end = text.index_at(end_box.x1 - 1, y1)
    assert start is not None and end is not None
    code = project.codes.all()[0]
    return project.codings.apply(source_id, page.start + start, page.start + end + 1, code.id).value


# -- with Tesseract ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, int, bytes]]:
    """A project into which the two-page scan was imported, read by Tesseract (once)."""
    folder = tmp_path_factory.mktemp("scan")
    data, born = scanned_pages()
    (folder / "scan.pdf").write_bytes(data)
    progress = Reports()
    with Project.create(folder / "scan.kutip", coder="tester") as project:
        report = import_paths(project, [folder / "scan.pdf"], progress)
        assert not report.failed and not report.problems, (report.failed, report.problems)
        assert any("OCR: page 2 of 2" in message for message in progress.messages)
        yield project, report.imported[0][1].value, born


@needs_tesseract
def test_a_scan_is_read_by_ocr_word_for_word_with_its_printed_pages(
    scanned: tuple[Project, int, bytes],
) -> None:
    project, source_id, born = scanned
    source = project.sources.get(source_id)
    assert source.flags == (FLAG_OCR,)
    assert project.sources.ocr_language(source_id) == "ind+eng"
    text = project.sources.text(source_id)
    pages = project.sources.pages(source_id)
    assert [page.label for page in pages] == ["245", "246"]  # from the folios OCR read
    # Running heads and folios are furniture, left out of the text as on any PDF.
    assert "Jurnal Ilmu Politik" not in text and "Political Studies" not in text
    for page, source_text in zip(pages, SOURCE_TEXTS, strict=True):
        assert word_recall(source_text, text[page.start : page.end]) >= 0.95
    # Every word OCR read where the page shows it: its boxes cover the word on the page.
    for index in (0, 1):
        read = shown_text(project, source_id, index)
        truth = word_boxes(born, index)
        placed = [
            max(overlap(pymupdf.Rect(read.rects(start, start + len(word))[0]), box)
                for box in truth[word])
            for word in truth
            if len(truth[word]) == 1 and len(word) > 3 and read.text.count(word) == 1
            for start in [read.text.index(word)]
        ]  # fmt: skip
        assert len(placed) > 40
        assert sum(score >= 0.5 for score in placed) >= 0.95 * len(placed)


@needs_tesseract
def test_a_coding_made_on_a_scanned_page_is_found_searched_and_exported(
    scanned: tuple[Project, int, bytes], tmp_path: Path
) -> None:
    project, source_id, born = scanned
    segment_id = code_on_page(project, source_id, born, PHRASE)
    assert project.codings.text(project.codings.get(segment_id)) == PHRASE

    with SearchIndex(project, cache_dir=tmp_path / "cache", watch=False) as index:
        index.open()
        [hit] = index.search("kebencian", limit=None)
    start, end = hit.spans[0]
    assert project.sources.text(source_id)[start:end] == "kebencian"
    assert hit.location == "p. 245"

    result = exporting.export(project, "pdf", tmp_path / "annotated.pdf")
    assert [w for w in result.warnings if "page" in w] == []  # every page read as on import
    with pymupdf.open(result.paths[0]) as doc:
        page = doc[0]  # kept: an annotation must not outlive its page
        [where] = [annot.rect for annot in page.annots()]
    first, last = word_boxes(born, 0)["ujaran"][0], word_boxes(born, 0)["kebencian"][0]
    assert overlap(where, first | last) > 0.5


@needs_tesseract
def test_reading_a_scan_again_in_another_language_is_one_undoable_step(
    scanned: tuple[Project, int, bytes],
) -> None:
    project, source_id, born = scanned
    segment_id = code_on_page(project, source_id, born, "hoaks")
    before = project.sources.text(source_id)
    done = read_again(project, source_id, OcrSettings(language="eng"))
    assert done.problems == [] and done.unplaced == []
    assert done.edit is not None and done.edit.label == "Read scan by OCR (English)"
    assert project.sources.ocr_language(source_id) == "eng"
    assert project.codings.text(project.codings.get(segment_id)) == "hoaks"
    project.undo(done.edit)
    assert project.sources.text(source_id) == before
    assert project.sources.ocr_language(source_id) == "ind+eng"
    assert project.codings.text(project.codings.get(segment_id)) == "hoaks"
    assert find_problems(project.store) == []


@needs_tesseract
def test_cancel_stops_the_ocr_workers_and_imports_nothing(tmp_path: Path) -> None:
    data, _born = scanned_pages()
    (tmp_path / "scan.pdf").write_bytes(data)
    with Project.create(tmp_path / "c.kutip", coder="tester") as project:
        # Asked by the import, the reader, then by the wait for the workers: cancel there.
        report = import_paths(project, [tmp_path / "scan.pdf"], Reports(cancel_after=3))
        assert report.cancelled
        assert report.imported == [] and project.sources.all() == []
    assert multiprocessing.active_children() == []
    reader = PageReader(OcrSettings(language="eng"), Reports(cancel_after=0))
    with pytest.raises(Cancelled):  # cancelled before it began: no worker is even started
        reader(data, None, [0, 1])


def test_missing_language_data_is_named_and_the_file_imported_without_text(
    tmp_path: Path,
) -> None:
    data, _born = scanned_pages()
    (tmp_path / "scan.pdf").write_bytes(data)
    with Project.create(tmp_path / "m.kutip", coder="tester") as project:
        options = ImportOptions(ocr=OcrSettings(language="ind+qqq"))
        report = import_paths(project, [tmp_path / "scan.pdf"], options=options)
        [problem] = report.problems
        assert problem.startswith("scan.pdf: Tesseract's data for")
        assert "qqq" in problem
        [source] = project.sources.all()
        assert source.flags == (FLAG_NO_TEXT_LAYER,)


def test_without_ocr_a_scan_is_imported_without_text(tmp_path: Path) -> None:
    data, _born = scanned_pages()
    (tmp_path / "scan.pdf").write_bytes(data)
    with Project.create(tmp_path / "n.kutip", coder="tester") as project:
        report = import_paths(project, [tmp_path / "scan.pdf"], options=ImportOptions(ocr=None))
        assert [s.flags for s in project.sources.all()] == [(FLAG_NO_TEXT_LAYER,)]
        assert report.problems == []


# -- with a stand-in for Tesseract -------------------------------------------------------------


@pytest.fixture
def fake_scan(project: Project) -> tuple[int, bytes, bytes]:
    """The scan imported into ``project``, "read" by FakeOcr: (source id, scan, born-digital)."""
    data, born = scanned_pages()
    draft = read_pdf(Path("scan.pdf"), data, ReadOptions(ocr=FakeOcr(born)))
    return import_draft(project, draft).value, data, born


def test_what_ocr_read_is_stored_with_the_source_and_goes_with_it(
    project: Project, fake_scan: tuple[int, bytes, bytes]
) -> None:
    source_id, _data, _born = fake_scan
    layers = project.sources.ocr_layers(source_id)
    assert sorted(layers) == [0, 1]
    text = project.sources.text(source_id)
    pages = project.sources.pages(source_id)
    for page in pages:  # the view and the export rebuild exactly the stored text
        assert shown_text(project, source_id, page.index).text == text[page.start : page.end]
    assert "Jurnal Ilmu Politik" not in text  # the running head is furniture, as on any PDF
    edit = project.sources.remove(source_id)
    assert project.sources.ocr_layers(source_id) == {}
    project.undo(edit)
    assert project.sources.ocr_layers(source_id) == layers


def test_reading_again_moves_codings_onto_the_words_read_anew(
    project: Project, fake_scan: tuple[int, bytes, bytes]
) -> None:
    source_id, _data, born = fake_scan
    kept = code_on_page(project, source_id, born, PHRASE)
    moved = code_on_page(project, source_id, born, "sumber berita")
    before = project.sources.text(source_id)
    misread = FakeOcr(born, language="eng", edit=lambda t: t.replace("berita", "bcrita"))
    done = read_again(project, source_id, OcrSettings(language="eng"), ocr=misread)
    assert misread.calls == [[0, 1]]
    text = project.sources.text(source_id)
    assert "sumber bcrita" in text and "berita" not in text
    assert project.codings.text(project.codings.get(kept)) == PHRASE
    assert project.codings.text(project.codings.get(moved)) == "sumber bcrita"
    assert project.sources.ocr_language(source_id) == "eng"
    assert find_problems(project.store) == []
    assert done.edit is not None
    redo = project.undo(done.edit)
    assert project.sources.text(source_id) == before
    assert project.codings.text(project.codings.get(moved)) == "sumber berita"
    project.undo(redo)
    assert project.codings.text(project.codings.get(moved)) == "sumber bcrita"


def test_a_plain_re_read_keeps_what_ocr_read(
    project: Project, fake_scan: tuple[int, bytes, bytes]
) -> None:
    source_id, _data, _born = fake_scan
    layers = project.sources.ocr_layers(source_id)
    before = project.sources.text(source_id)
    report = reread_source(project, source_id)  # "Re-read text": no OCR is run again
    assert not report.changed and report.edit is None
    assert project.sources.text(source_id) == before
    assert project.sources.ocr_layers(source_id) == layers


def test_a_merged_project_brings_what_ocr_read_on_its_scans(
    project: Project, fake_scan: tuple[int, bytes, bytes], tmp_path: Path
) -> None:
    source_id, _data, _born = fake_scan
    text = project.sources.text(source_id)
    with Project.create(tmp_path / "mine.kutip", coder="other") as mine:
        merge_project(mine, project.path)
        [merged] = mine.sources.all()
        assert mine.sources.text(merged.id) == text
        assert mine.sources.ocr_layers(merged.id) == project.sources.ocr_layers(source_id)
        assert mine.sources.ocr_language(merged.id) == "ind+eng"
        assert shown_text(mine, merged.id, 0).text == text[: mine.sources.pages(merged.id)[0].end]
