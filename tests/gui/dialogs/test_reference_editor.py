"""The reference editor: every field, checked before it closes, with a live preview."""

from __future__ import annotations

from pathlib import Path

from gui_testing import DialogCatcher
from pytestqt.qtbot import QtBot

from kutip.gui.dialogs.reference_editor import ReferenceEditor
from kutip.ingest.bib.bibtex import Person, read_bibtex
from kutip.model import BibEntry

BIB = r"""
@article{nugroho2022,
  author = {Nugroho, Budi and Lim, Sarah J.},
  title = {Hoaxes on {TikTok}},
  subtitle = {How First-Time Voters Judge Political Videos},
  journal = {Journal of Computer-Mediated Communication},
  year = {2022},
  volume = {27},
  number = {4},
  pages = {112--130},
  doi = {10.1093/JCMC/ZMAC012},
}
"""


def entry() -> BibEntry:
    (draft,) = read_bibtex(Path("refs.bib"), BIB.encode()).entries
    return draft.to_model()


def test_the_editor_shows_every_field_and_reports_only_what_changed(qtbot: QtBot) -> None:
    editor = ReferenceEditor(entry())
    qtbot.addWidget(editor)
    assert editor.lines["title"].text() == "Hoaxes on {TikTok}"  # the braces, as typed in .bib
    assert editor.lines["container"].text() == "Journal of Computer-Mediated Communication"
    assert (editor.lines["issue"].text(), editor.lines["pages"].text()) == ("4", "112–130")
    assert editor.lines["doi"].text() == "10.1093/JCMC/ZMAC012"
    assert editor.authors.people() == [Person("Nugroho", "Budi"), Person("Lim", "Sarah J.")]
    assert editor.entry_type() == "article"
    assert editor.changes() == {}

    editor.lines["title"].setText("Hoaxes on {TikTok} in {Indonesia}")
    editor.lines["year"].setText("2023")
    editor.authors.add(Person("Tan", "Wei"))
    editor.type_combo.setCurrentIndex(editor.type_combo.findData("inproceedings"))
    assert editor.changes() == {
        "type": "inproceedings",
        "authors": [Person("Nugroho", "Budi"), Person("Lim", "Sarah J."), Person("Tan", "Wei")],
        "title": "Hoaxes on {TikTok} in {Indonesia}",
        "year": "2023",
    }
    # A conference paper's container is its proceedings.
    assert editor._labels["container"].text() == "&Book or proceedings:"


def test_the_preview_prints_the_reference_in_the_chosen_style(qtbot: QtBot) -> None:
    editor = ReferenceEditor(entry())
    qtbot.addWidget(editor)
    preview = editor.preview.text()
    assert "Hoaxes on TikTok: How first-time voters judge political videos." in preview
    assert "https://doi.org/10.1093/JCMC/ZMAC012" in preview
    assert "(Nugroho &amp; Lim, 2022)" in preview
    editor.lines["title"].setText("Hoaxes on TikTok in Ambon")  # a name Kutip does not know
    assert "Hoaxes on TikTok in ambon: How" in editor.preview.text()  # braces keep it: {Ambon}
    editor.lines["title"].setText("Hoaxes on TikTok in {Ambon} and Indonesia")
    assert "Hoaxes on TikTok in Ambon and Indonesia: How" in editor.preview.text()
    editor.style_combo.setCurrentIndex(editor.style_combo.findData("chicago"))
    assert "“Hoaxes on TikTok in Ambon and Indonesia: How First-Time Voters Judge Political " in (
        editor.preview.text()
    )


def test_a_value_that_cannot_be_stored_keeps_the_editor_open(
    qtbot: QtBot, dialogs: DialogCatcher
) -> None:
    editor = ReferenceEditor(entry())
    qtbot.addWidget(editor)
    editor.show()
    editor.lines["doi"].setText("not a doi")
    assert "not a DOI" in editor.preview.text()
    dialogs.arm()
    editor.accept()
    assert any("not a DOI" in text for text in dialogs.texts)
    assert editor.isVisible() and editor.result() == 0
    editor.lines["doi"].setText("10.1093/jcmc/zmac012")
    editor.accept()
    assert editor.result() == ReferenceEditor.DialogCode.Accepted
    assert editor.changes() == {"doi": "10.1093/jcmc/zmac012"}
