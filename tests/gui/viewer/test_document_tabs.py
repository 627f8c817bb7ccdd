"""A document's tab is named as the sources tree names the source: a linked PDF by its short
citation, "Pratama & Lestari (2024)", which follows its reference; the tooltip adds the title."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex

from kutip.gui.core.source_labels import short_citation
from kutip.gui.main_window import MainWindow


def labels(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[str]:
    """Every row's text in a tree model, depth first."""
    parent = parent if parent is not None else QModelIndex()
    found = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        found.append(str(index.data()))
        found += labels(model, index)
    return found


def test_a_pdf_tab_is_named_by_its_citation_and_follows_the_reference(
    demo_window: MainWindow,
) -> None:
    project = demo_window.project
    assert project is not None
    # Pratama & Lestari (2024): an ampersand, which a tab bar would read as a shortcut mark.
    source = next(
        s
        for s in project.sources.all()
        if s.kind == "pdf"
        and s.bib_key
        and "&" in short_citation(project.references.get(s.bib_key))
    )
    assert source.bib_key is not None
    demo_window.show_source(source.id, pin=True)
    tabs = demo_window.documents.tabs
    index = tabs.currentIndex()
    citation = short_citation(project.references.get(source.bib_key))
    assert citation.endswith("(2024)") and citation != source.title
    # Doubled, the ampersand shows as one "&" (not as an underline under the next letter).
    assert tabs.tabText(index) == citation.replace("&", "&&")
    assert tabs.tabToolTip(index) == f"{citation} — {source.title}"
    # The same words as the sources tree.
    assert citation in labels(demo_window.sources_dock.model)

    project.references.update(source.bib_key, {"year": "2025"})
    assert tabs.tabText(index) == citation.replace("2024", "2025").replace("&", "&&")
    project.references.link_source(source.id, None)
    assert tabs.tabText(index) == source.title
    assert tabs.tabToolTip(index) == source.title
