"""Two coders' copies of one project, coded apart, merged back: every coding keeps its coder and
date, nothing is doubled (merging twice adds nothing), conflicts are reported, and the merged
project's agreement per code matches an independent computation."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from agreement_testing import (
    alpha_by_hand,
    alpha_of_package,
    kappa_by_hand,
    needs_package,
    same,
    vectors,
)
from kutip.errors import KnownError
from kutip.ingest.bib.bibtex import BibEntryDraft, Person
from kutip.interop import export_qdpx
from kutip.model import AttributeScope, AttributeType
from kutip.project import Project
from kutip.services.agreement import accept_version, agreement
from kutip.services.merge import merge_project
from kutip_testing import dump_tables, raw_connection, text_draft

FIRST = (
    "Informan 1: Saya tahu debat dari TikTok 😀 dan grup WhatsApp keluarga.\n"
    "Kadang-kadang saya cek dulu ke situs berita, karena banyak hoaks.\n"
)
SECOND = (
    "Informan 2: Teman kos yang kirim video debat.\n"
    "Saya tidak terlalu percaya, tapi kalau banyak yang bagikan, ya saya baca juga.\n"
)


def reference(citekey: str, doi: str = "", title: str = "Media sosial") -> BibEntryDraft:
    return BibEntryDraft(
        citekey=citekey,
        entry_type="article",
        title=title,
        authors=(Person("Jansen", "Ana"), Person("Putra", "Budi", "Jr.")),
        editors=(),
        year="2017",
        doi=doi,
        fields={"title": title, "journal": "Politik"},
        original=f"@article{{{citekey}, title={{{title}}}}}",
    )


def span(project: Project, source_id: int, phrase: str) -> tuple[int, int]:
    start = project.sources.text(source_id).index(phrase)
    return start, start + len(phrase)


def code(project: Project, coder: str, source: str, phrase: str, name: str, memo: str = "") -> None:
    source_id = next(s.id for s in project.sources.all() if s.title == source)
    coder_id = project.coders.named(coder).id if project.coders.find(coder) else None
    if coder_id is None:
        coder_id = project.coders.add(coder).value
    project.codings.apply(
        source_id, *span(project, source_id, phrase), project.codes.find(name).id, memo,
        coder_id=coder_id,
    )  # fmt: skip


@pytest.fixture
def copies(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """The project as Alice and Bob got it, then each coded on their own laptop."""
    base = tmp_path / "base.kutip"
    with Project.create(base, codebook="empty", coder="Alice") as p:
        first = p.sources.add(text_draft(FIRST, title="informan-1")).value
        p.sources.add(text_draft(SECOND, title="informan-2"))
        sumber = p.codes.add("Sumber", color="#336699").value
        p.codes.add("TikTok", parent_id=sumber)
        p.codes.add("Kredibilitas")
        case = p.cases.add("Informan 1").value
        p.cases.link_source(case, first)
        usia = p.cases.add_attribute("usia", AttributeType.INTEGER).value
        p.cases.set_attribute_value(usia, case, 19)
        p.references.upsert([reference("jansen2017", doi="10.1000/xyz")])
        p.references.link_source(first, "jansen2017")
        code(p, "Alice", "informan-1", "Informan 1", "Sumber")  # before the copies were made
    alice, bob = tmp_path / "alice.kutip", tmp_path / "bob.kutip"
    shutil.copy(base, alice)
    shutil.copy(base, bob)
    with Project.open(alice, coder="Alice") as p:
        code(p, "Alice", "informan-1", "TikTok 😀 dan grup WhatsApp", "Sumber/TikTok", "emoji")
        code(p, "Alice", "informan-1", "Kadang-kadang saya cek dulu", "Kredibilitas")
        code(p, "Alice", "informan-2", "Teman kos", "Sumber")
        p.codes.add("Hoaks")  # a new code Bob makes too, under the same name
        code(p, "Alice", "informan-1", "banyak hoaks", "Hoaks")
    with Project.open(bob, coder="Bob") as p:
        code(p, "Bob", "informan-1", "TikTok 😀", "Sumber/TikTok")
        code(p, "Bob", "informan-1", "Kadang-kadang saya cek dulu", "Kredibilitas")  # as Alice
        code(p, "Bob", "informan-2", "Teman kos yang kirim video", "Sumber")
        code(p, "Bob", "informan-2", "tidak terlalu percaya", "Kredibilitas", "ragu")
        p.codes.add("Hoaks", color="#aa0000")
        code(p, "Bob", "informan-1", "hoaks", "Hoaks")
        p.codes.recolor(p.codes.find("Sumber").id, "#ff0000")  # a conflict: reported
        third = p.sources.add(text_draft("Informan 3: Saya tidak pakai TikTok.", "informan-3"))
        p.codings.apply(third.value, 12, 16, p.codes.find("Kredibilitas").id)
        p.memos.add("Catatan Bob", "Informan 2 ragu.")
        p.references.upsert([reference("putra2020", title="Pemilih muda")])
        p.references.upsert([reference("jansen-2017", doi="10.1000/XYZ", title="Same paper")])
    yield alice, bob


def made(project: Project) -> set[tuple[str, str, int, int, str, str, str, str]]:
    """Every coding as (source, code, start, end, coder, date, memo, guid)."""
    titles = {s.id: s.title for s in project.sources.all()}
    coders = {c.id: c.name for c in project.coders.all()}
    return {
        (
            titles[s.source_id], project.codes.path(s.code_id), s.start, s.end,
            coders[s.coder_id or 0], s.created, s.memo, s.guid,
        )
        for s in project.codings.all()
    }  # fmt: skip


def test_merging_keeps_every_coding_with_its_coder_and_date_and_twice_adds_nothing(
    copies: tuple[Path, Path],
) -> None:
    alice, bob = copies
    with Project.open(alice) as a, Project.open(bob) as b:
        expected = made(a) | made(b)
        before = dump_tables(a)
        report = merge_project(a, bob)
        assert made(a) == expected  # Bob's with Bob and his dates; the shared one once
        assert len(a.codings.all()) == len(expected) == 11
        assert report.created["codings"] == 6 and report.merged["codings"] == 1
        assert report.created["sources"] == 1 and report.merged["sources"] == 2
        assert report.created["memos"] == 1 and report.created["coders"] == 1
        assert report.merged["codes"] == 4 and report.created["codes"] == 0  # Hoaks by name
        assert report.created["references"] == 1 and report.merged["references"] == 2
        warnings = "\n".join(report.warnings)
        assert "Sumber" in warnings and "#ff0000" in warnings  # Bob's colour, reported
        assert a.codes.find("Sumber").color == "#336699"  # Alice's kept
        assert "jansen-2017" in warnings  # the same DOI under another citekey
        assert {e.citekey for e in a.references.all()} == {"jansen2017", "putra2020"}
        # Alice's and Bob's identical codings are both there, neither joined nor trimmed.
        same_passage = [s for s in made(a) if s[1] == "Kredibilitas" and s[0] == "informan-1"]
        assert {s[4] for s in same_passage} == {"Alice", "Bob"}
        again = merge_project(a, bob)
        assert sum(again.created.values()) == 0 and again.edit is None
        assert made(a) == expected
        assert report.edit is not None
        a.undo(report.edit)
        assert dump_tables(a) == before


def test_the_other_project_is_only_read(copies: tuple[Path, Path]) -> None:
    alice, bob = copies
    with Project.open(bob) as b:
        before = dump_tables(b)
        with Project.open(alice) as a:  # Bob's file is open (and locked) here: read all the same
            merge_project(a, bob)
        assert dump_tables(b) == before


def test_agreement_after_merging_matches_an_independent_computation(
    copies: tuple[Path, Path],
) -> None:
    alice, bob = copies
    with Project.open(alice) as a:
        merge_project(a, bob)
        result = agreement(a, "Alice", "Bob")
        assert len(result.source_ids) == 2  # informan-3 is Bob's only
        for row in result.codes:
            assert row.code_id is not None
            va = vectors(a, result.coder_a, row.code_id, result.source_ids)
            vb = vectors(a, result.coder_b, row.code_id, result.source_ids)
            assert same(row.chars.kappa(), kappa_by_hand(va, vb)), row.code
            assert same(row.chars.alpha(), alpha_by_hand(va, vb)), row.code
        rows = {row.code: row for row in result.codes}
        assert rows["Kredibilitas"].chars.kappa() is not None
        assert rows["Sumber"].chars.a_chars == len("Informan 1") + len("Teman kos")


@needs_package
def test_agreement_after_merging_matches_the_package(copies: tuple[Path, Path]) -> None:
    alice, bob = copies
    with Project.open(alice) as a:
        merge_project(a, bob)
        result = agreement(a, "Alice", "Bob")
        for row in result.codes:
            assert row.code_id is not None
            va = vectors(a, result.coder_a, row.code_id, result.source_ids)
            vb = vectors(a, result.coder_b, row.code_id, result.source_ids)
            assert same(row.chars.alpha(), alpha_of_package(va, vb)), row.code


def test_accepting_one_coders_version_settles_the_passage_in_one_undo_step(
    copies: tuple[Path, Path],
) -> None:
    alice, bob = copies
    with Project.open(alice) as a:
        merge_project(a, bob)
        result = agreement(a, "Alice", "Bob", codes=["Sumber"])
        passage = next(d for d in result.disagreements if len(d.b) == 1 and len(d.a) == 1)
        before = dump_tables(a)
        edit = accept_version(a, result, passage, result.coder_a)
        assert edit.value == 2  # Bob's coding went, a copy of Alice's is his
        bob_codings = [
            s for s in a.codings.all(source_id=passage.source_id, code_id=passage.code_id)
            if s.coder_id == result.coder_b.id
        ]  # fmt: skip
        assert [(s.start, s.end) for s in bob_codings] == [(s.start, s.end) for s in passage.a]
        settled = agreement(a, "Alice", "Bob", codes=["Sumber"])
        assert len(settled.disagreements) == len(result.disagreements) - 1
        a.undo(edit)
        assert dump_tables(a) == before


def test_a_source_read_again_is_matched_and_its_codings_moved(
    copies: tuple[Path, Path], tmp_path: Path
) -> None:
    alice, bob = copies
    with Project.open(bob) as b:
        first = next(s for s in b.sources.all() if s.title == "informan-1")
        guid = first.guid
    # Bob's copy read the transcript again: other line breaks, one word changed.
    conn = raw_connection(bob)
    reread = FIRST.replace("\n", "\n\n").replace("situs berita", "situs kabar")
    conn.execute(
        "UPDATE sources SET text = ?, text_length = ? WHERE guid = ?", (reread, len(reread), guid)
    )
    conn.execute("DELETE FROM turns")
    conn.execute(
        "DELETE FROM segments WHERE source_id = (SELECT id FROM sources WHERE guid = ?)", (guid,)
    )
    conn.close()
    with Project.open(bob, coder="Bob") as b:
        source_id = next(s.id for s in b.sources.all() if s.guid == guid)
        kredibilitas = b.codes.find("Kredibilitas").id
        b.codings.apply(source_id, *span(b, source_id, "cek dulu"), kredibilitas)
        b.codings.apply(source_id, *span(b, source_id, "situs kabar"), kredibilitas)
    with Project.open(alice) as a:
        report = merge_project(a, bob)
        assert report.merged["sources"] == 2 and report.created["sources"] == 1
        assert any("another text" in w for w in report.warnings)
        assert any("left out" in w for w in report.warnings)  # "situs kabar" is not in hers
        source = next(s for s in a.sources.all() if s.guid == guid)
        bob_id = a.coders.named("Bob").id
        moved = [
            a.codings.text(s) for s in a.codings.all(source_id=source.id) if s.coder_id == bob_id
        ]
        assert moved == ["cek dulu"]


def test_a_qdpx_merges_like_a_project(copies: tuple[Path, Path], tmp_path: Path) -> None:
    alice, bob = copies
    exchange = tmp_path / "bob.qdpx"
    with Project.open(bob) as b:
        export_qdpx(b, exchange)
        bobs = {s for s in made(b) if s[4] == "Bob"}
    with Project.open(alice) as a:
        merge_project(a, exchange)
        assert bobs <= made(a)
        assert sum(merge_project(a, exchange).created.values()) == 0


def test_what_cannot_be_merged_is_refused_and_nothing_written(
    copies: tuple[Path, Path], tmp_path: Path
) -> None:
    alice, _bob = copies
    text = tmp_path / "notes.kutip"
    text.write_text("not a project", encoding="utf-8")
    with Project.open(alice) as a:
        before = dump_tables(a)
        with pytest.raises(KnownError, match=r"notes\.kutip"):
            merge_project(a, text)
        with pytest.raises(KnownError, match="into itself"):
            merge_project(a, alice)
        with pytest.raises(KnownError, match="no such file"):
            merge_project(a, tmp_path / "missing.kutip")
        with pytest.raises(KnownError, match=r"\.qdpx"):
            merge_project(a, tmp_path / "notes.txt")
        assert dump_tables(a) == before


def test_attributes_keep_their_scope_and_values_merge(copies: tuple[Path, Path]) -> None:
    alice, bob = copies
    with Project.open(bob) as b:
        genre = b.cases.add_attribute("genre", AttributeType.TEXT, AttributeScope.SOURCE).value
        b.cases.set_attribute_value(genre, b.sources.all()[0].id, "wawancara")
        usia = b.cases.find_attribute("usia", AttributeScope.CASE)
        assert usia is not None
        b.cases.set_attribute_value(usia.id, b.cases.all()[0].id, 20)  # Alice has 19
    with Project.open(alice) as a:
        report = merge_project(a, bob)
        found = a.cases.find_attribute("genre", AttributeScope.SOURCE)
        assert found is not None
        assert a.cases.attribute_values(a.sources.all()[0].id, AttributeScope.SOURCE) == {
            "genre": "wawancara"
        }
        case = a.cases.all()[0].id
        assert a.cases.attribute_values(case, AttributeScope.CASE)["usia"] == "19"
        assert any("usia" in w for w in report.warnings)
