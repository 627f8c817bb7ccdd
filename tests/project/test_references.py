"""project.references: entries added and updated in place by citekey, sources tied to them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kutip.errors import NotFoundError, ValidationError
from kutip.ingest.bib.bibtex import read_bibtex
from kutip.project import Project
from kutip_testing import dump_tables, text_draft

BIB = """
@article{jansen2017, author = {Jansen, Michael}, title = {Social Media}, year = {2017}}
@book{putri2020, author = {Putri, Ayu}, title = {Hoaks}, year = {2020}}
"""


def _entries(text: str) -> list:  # type: ignore[type-arg]
    return read_bibtex(Path("refs.bib"), text.encode()).entries


def test_upsert_adds_then_updates_in_place_and_undo_restores(project: Project) -> None:
    before = dump_tables(project)
    added = project.references.upsert(_entries(BIB))
    assert added.value == (2, 0)
    assert [e.citekey for e in project.references.all()] == ["jansen2017", "putri2020"]
    updated = project.references.upsert(_entries(BIB.replace("{Hoaks}", "{Hoaks Pemilu}")))
    assert updated.value == (0, 1)
    assert project.references.get("putri2020").title == "Hoaks Pemilu"
    project.undo(updated)
    assert project.references.get("putri2020").title == "Hoaks"
    project.undo(added)
    assert dump_tables(project) == before


def test_a_source_is_tied_to_a_reference_and_untied(project: Project) -> None:
    project.references.upsert(_entries(BIB))
    source_id = project.sources.add(text_draft("Isi artikel.")).value
    project.references.link_source(source_id, "jansen2017")
    assert project.sources.get(source_id).bib_key == "jansen2017"
    project.references.link_source(source_id, None)
    assert project.sources.get(source_id).bib_key is None


def test_an_unknown_reference_is_refused(project: Project) -> None:
    source_id = project.sources.add(text_draft("Isi artikel.")).value
    before = dump_tables(project)
    with pytest.raises(NotFoundError, match="There is no reference nobody1999"):
        project.references.link_source(source_id, "nobody1999")
    with pytest.raises(NotFoundError, match="There is no reference nobody1999"):
        project.references.get("nobody1999")
    assert dump_tables(project) == before


EDITED = r"""
@article{nugroho2022,
  author = {Nugroho, Budi and Lim, Sarah J.},
  title = {Hoaxes on {TikTok}},
  journal = {Journal of Computer-Mediated Communication},
  year = {2022},
  date = {2022-03-01},
  pages = {112--130},
}
@incollection{putri2020,
  author = {Putri, Ayu},
  title = {Memes and Satire},
  booktitle = {Digital Media},
  school = {UGM},
  year = {2020},
}
"""


def test_every_field_is_edited_by_its_meaning_as_one_undo_step(project: Project) -> None:
    project.references.upsert(_entries(EDITED))
    before = dump_tables(project)
    edit = project.references.update(
        "nugroho2022",
        {
            "type": "Article",
            "authors": "Nugroho, Budi and Lim, Sarah Jane and Tan, Wei",
            "editors": "Weiss, Meredith L.",
            "title": "Hoaxes on {TikTok} in {Southeast Asia}",
            "subtitle": "How First-Time Voters Judge Videos",
            "container": "Journal of Communication",
            "volume": "27",
            "issue": "4",
            "pages": "112–131",
            "year": "2023",
            "doi": "https://doi.org/10.1093/JCMC/ZMAC012",
            "url": "https://example.org/a",
            "publisher": "Oxford University Press",
            "language": "en",
            "note": "Special issue",
        },
    )
    entry = project.references.get("nugroho2022")
    assert entry.entry_type == "article"
    assert entry.authors == ("Nugroho, Budi", "Lim, Sarah Jane", "Tan, Wei")
    assert entry.title == "Hoaxes on TikTok in Southeast Asia"
    assert entry.protected == {"title": ("TikTok", "Southeast Asia")}
    assert (entry.year, entry.doi) == ("2023", "10.1093/JCMC/ZMAC012")
    assert entry.fields["date"] == "2023-03-01"  # the date moves with the year
    assert entry.fields["editor"] == "Weiss, Meredith L."
    assert {k: entry.fields[k] for k in ("journal", "volume", "number", "pages", "langid")} == {
        "journal": "Journal of Communication",
        "volume": "27",
        "number": "4",
        "pages": "112–131",
        "langid": "en",
    }
    assert (entry.fields["subtitle"], entry.fields["note"]) == (
        "How First-Time Voters Judge Videos",
        "Special issue",
    )
    assert entry.fields["publisher"] == "Oxford University Press"
    project.undo(edit)
    assert dump_tables(project) == before


def test_fields_follow_the_type_and_empty_values_remove_them(project: Project) -> None:
    project.references.upsert(_entries(EDITED))
    project.references.update(
        "putri2020", {"container": "Digital Media and Politics", "publisher": "UI", "year": ""}
    )
    chapter = project.references.get("putri2020")
    assert chapter.fields["booktitle"] == "Digital Media and Politics"  # a chapter's book
    assert chapter.fields["school"] == "UI"  # where its publisher was
    assert chapter.year == "" and "year" not in chapter.fields


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"doi": "not a doi"}, "not a DOI"),
        ({"type": "journal article"}, "not a kind of reference"),
        ({"Bad Field!": "x"}, "is not a field"),
        ({"language": "12"}, "not a language"),
    ],
)
def test_values_that_cannot_be_stored_are_refused_before_anything_is_written(
    project: Project, changes: dict[str, str], message: str
) -> None:
    project.references.upsert(_entries(EDITED))
    before = dump_tables(project)
    with pytest.raises(ValidationError, match=message):
        project.references.update("nugroho2022", changes)
    assert dump_tables(project) == before


def test_duplicates_merge_into_one_reference_as_one_undo_step(project: Project) -> None:
    project.references.upsert(_entries(BIB + EDITED))
    first = project.sources.add(text_draft("Isi artikel.")).value
    second = project.sources.add(text_draft("Isi lain.", title="lain")).value
    project.codings.apply(second, 0, 3, project.codes.all()[0].id)
    project.references.link_source(first, "jansen2017")
    project.references.link_source(second, "nugroho2022")
    before = dump_tables(project)
    assert project.references.usage() == {"jansen2017": ([first], 0), "nugroho2022": ([second], 1)}
    merge = project.references.merge("jansen2017", ["nugroho2022"])
    assert merge.value == 1
    assert [e.citekey for e in project.references.all()] == ["jansen2017", "putri2020"]
    kept = project.references.get("jansen2017")
    assert kept.title == "Social Media"  # the kept reference's own fields win
    # what only the duplicate had is added
    assert kept.fields["journal"] == "Journal of Computer-Mediated Communication"
    assert project.sources.get(second).bib_key == "jansen2017"
    assert project.references.usage() == {"jansen2017": ([first, second], 1)}
    project.undo(merge)
    assert dump_tables(project) == before
    with pytest.raises(ValidationError, match="at least two"):
        project.references.merge("jansen2017", ["jansen2017"])
