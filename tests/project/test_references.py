"""project.references: entries added and updated in place by citekey, sources tied to them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kutip.errors import NotFoundError
from kutip.ingest.bibtex import read_bibtex
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
