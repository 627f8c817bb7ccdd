"""The sources tree, the reports and the search see each source in the same role."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kutip.gui.docks.sources_model import NODE_ROLE, SourceNode, SourcesModel
from kutip.ingest.bib.bibtex import BibEntryDraft
from kutip.ingest.bib.fields import Person
from kutip.ingest.drafts import PageDraft, SourceDraft, TurnDraft
from kutip.model import SourceKind, SourceRole
from kutip.project import Project
from kutip.reports.model import QuoteKind, build_report
from kutip.search import SearchIndex

LITERATURE, CASE, OTHER = SourceRole.LITERATURE, SourceRole.CASE, SourceRole.OTHER


def pdf(title: str, bib_key: str | None = None) -> SourceDraft:
    text = f"{title} membahas partisipasi politik pemilih muda."
    return SourceDraft(
        title=title,
        text=text,
        kind=SourceKind.PDF,
        file_name=f"{title}.pdf",
        mime="application/pdf",
        data=f"%PDF {title}".encode(),
        pages=(PageDraft(0, "1", 0, len(text)),),
        bib_key=bib_key,
    )


def text(title: str, *, turns: bool = False, bib_key: str | None = None) -> SourceDraft:
    body = f"Informan: {title} bicara tentang partisipasi politik.\n"
    return SourceDraft(
        title=title,
        text=body,
        kind=SourceKind.TEXT,
        file_name=f"{title}.txt",
        mime="text/plain",
        data=body.encode(),
        turns=(TurnDraft(0, len(body) - 1, "Informan"),) if turns else (),
        bib_key=bib_key,
    )


#: title → (draft, in a case, the role, how a report cites it)
SOURCES = {
    "artikel": (pdf("artikel", "jansen2017"), False, LITERATURE, QuoteKind.LITERATURE),
    "artikel-tanpa-rujukan": (
        pdf("artikel-tanpa-rujukan"),
        False,
        LITERATURE,
        QuoteKind.UNREFERENCED,
    ),
    "artikel-kasus": (
        pdf("artikel-kasus", "silitonga2024"),
        True,
        LITERATURE,
        QuoteKind.LITERATURE,
    ),
    "dokumen-kasus": (pdf("dokumen-kasus"), True, CASE, QuoteKind.INFORMANT),
    "transkrip-lepas": (text("transkrip-lepas", turns=True), False, CASE, QuoteKind.INFORMANT),
    "catatan-kasus": (text("catatan-kasus"), True, CASE, QuoteKind.INFORMANT),
    "transkrip-rujukan": (
        text("transkrip-rujukan", turns=True, bib_key="jansen2017"),
        False,
        LITERATURE,
        QuoteKind.LITERATURE,
    ),
    "catatan-lapangan": (text("catatan-lapangan"), False, OTHER, QuoteKind.UNREFERENCED),
}
GROUPS = {LITERATURE: "Literature", CASE: "Cases", OTHER: "Other sources"}
KIND_QUERIES = {LITERATURE: "kind:literature", CASE: "kind:transcript", OTHER: "kind:other"}


def build(path: Path) -> Project:
    project = Project.create(path, codebook="empty", coder="tester")
    project.references.upsert(
        [
            BibEntryDraft(key, "article", key, (Person(name, "A."),), (), "2017", "", {}, "")
            for key, name in (("jansen2017", "Jansen"), ("silitonga2024", "Silitonga"))
        ]
    )
    code = project.codes.add("Partisipasi").value
    case = project.cases.add("Informan 1").value
    for draft, in_case, _role, _kind in SOURCES.values():
        source = project.sources.add(draft).value
        if in_case:
            project.cases.link_source(case, source)
        project.codings.apply(source, 0, len(draft.text.split(".")[0]), code)
    return project


def tree_group(model: SourcesModel, source_id: int) -> str:
    """The top row the source is listed under first (literature in a case shows twice)."""
    index = model.source_indexes(source_id)[0]
    while index.parent().isValid():
        index = index.parent()
    assert index.data(NODE_ROLE) == SourceNode.GROUP
    return str(index.data()).rsplit(" (", 1)[0]


def test_the_tree_the_report_and_the_search_agree_on_each_sources_role(
    qtbot: QtBot, tmp_path: Path
) -> None:
    project = build(tmp_path / "peran.kutip")
    try:
        ids = {s.title: s.id for s in project.sources.all()}
        model = SourcesModel()
        model.set_project(project)
        quotes = {q.source_title: q for q in build_report(project).quotes}
        index = SearchIndex(project, cache_dir=tmp_path / "cache")
        try:
            found = {
                role: {hit.source_title for hit in index.search(f"partisipasi {query}", limit=None)}
                for role, query in KIND_QUERIES.items()
            }
        finally:
            index.close()
        for title, (_draft, _in_case, role, kind) in SOURCES.items():
            assert tree_group(model, ids[title]) == GROUPS[role], title
            assert (quotes[title].role, quotes[title].kind) == (role, kind), title
            assert {r for r, titles in found.items() if title in titles} == {role}, title
        # The transcript in no case is listed in the Cases group, after the cases.
        cases = model.index(1, 0)
        assert cases.data() == "Cases (2)"
        assert [model.index(r, 0, cases).data() for r in range(2)] == [
            "Informan 1",
            "transkrip-lepas",
        ]
    finally:
        project.close()
