"""The search results and the retrieval list mark text read by OCR: "· OCR" after where it is
(or its citation), and a tooltip that says to check it against the page.

The PDF's first page is born-digital, its second a scan "read" by ``FakeOcr``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kutip.gui.docks.retrieval_model import RetrievalModel
from kutip.gui.docks.search_model import SearchResultsModel
from kutip.ingest.drafts import ReadOptions
from kutip.ingest.pdf.reader import read_pdf
from kutip.progress import NoProgress
from kutip.project import Project
from kutip.reports.retrieval import RetrievalQuery, retrieve
from kutip.search import SearchIndex
from kutip.services.search_index import SearchRequest, search
from ocr_testing import FakeOcr, half_scanned

NOTE = "Text read by OCR: check it against the page."
DISPLAY, TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole


@pytest.fixture
def half(tmp_path: Path) -> Iterator[Project]:
    data, born = half_scanned()
    with Project.create(tmp_path / "half.kutip", coder="tester") as project:
        project.sources.add(read_pdf(Path("half.pdf"), data, ReadOptions(ocr=FakeOcr(born))))
        yield project


def test_search_hits_on_a_scanned_page_are_marked(
    qtbot: QtBot, half: Project, tmp_path: Path
) -> None:
    with SearchIndex(half, cache_dir=tmp_path / "cache", watch=False) as index:
        index.open()
        found = search(index, SearchRequest("hoaks OR family"), NoProgress())
    model = SearchResultsModel()
    model.set_results(found.results.hits, found.locations, found.ocr)
    group = model.index(0, 0)
    rows = [
        (
            model.index(r, model.WHERE, group).data(DISPLAY),
            NOTE in model.index(r, model.SNIPPET, group).data(TOOLTIP),
        )
        for r in range(model.rowCount(group))
    ]
    assert rows == [("p. 245", False), ("p. 246 · OCR", True)]


def test_retrieved_quotes_from_a_scanned_page_are_marked(qtbot: QtBot, half: Project) -> None:
    text = half.sources.text(1)
    code = half.codes.all()[0]
    for words in ("ujaran kebencian", "family chat groups"):
        at = text.index(words)
        half.codings.apply(1, at, at + len(words), code.id)
    model = RetrievalModel()
    model.set_rows(retrieve(half, RetrievalQuery(codes=(code.id,))).rows)
    citations = [model.index(r, model.CITATION).data(DISPLAY) for r in range(2)]
    assert citations == ["(half, p. 245)", "(half, p. 246) · OCR"]
    tooltips = [model.index(r, model.QUOTE).data(TOOLTIP) for r in range(2)]
    assert [NOTE in tip for tip in tooltips] == [False, True]
