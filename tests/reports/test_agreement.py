"""Inter-coder agreement: per code, on characters, checked against an independent computation
character by character and against the ``krippendorff`` package, undefined cases included."""

from __future__ import annotations

import random

import pytest

from agreement_testing import (
    alpha_by_hand,
    alpha_of_package,
    kappa_by_hand,
    needs_package,
    same,
    vectors,
)
from kutip.errors import ValidationError
from kutip.project import Project
from kutip.reports.agreement import (
    CharCounts,
    char_counts,
    compute_agreement,
    jaccard,
    matched,
)
from kutip_testing import text_draft

TEXTS = (
    "Informan 1: Saya tahu debat dari TikTok 😀 dan grup WhatsApp keluarga. "
    "Kadang-kadang saya cek dulu ke situs berita, karena banyak hoaks.",
    "Informan 2: Teman kos yang kirim video debat. Saya tidak terlalu percaya, "
    "tapi kalau banyak yang bagikan, ya saya baca juga.",
    "Informan 3: Belum dikode oleh Bob, jadi tidak ikut dihitung.",
)


# -- a project coded by two coders ---------------------------------------------------------------


@pytest.fixture
def coded(empty_project: Project) -> Project:
    p = empty_project
    first, second, third = (
        p.sources.add(text_draft(t, title=f"informan-{k}")).value for k, t in enumerate(TEXTS, 1)
    )
    for name in ("Sumber", "Kredibilitas", "Tidak dipakai", "Seluruhnya", "Hanya Alice"):
        p.codes.add(name)
    alice = p.coders.add("Alice").value
    bob = p.coders.add("Bob").value
    code = {c.name: c.id for c in p.codes.all()}

    def at(source: int, phrase: str) -> tuple[int, int]:
        text = p.sources.text(source)
        start = text.index(phrase)
        return start, start + len(phrase)

    def apply(coder: int, source: int, phrase: str, name: str) -> None:
        p.codings.apply(source, *at(source, phrase), code[name], coder_id=coder)

    apply(alice, first, "TikTok 😀 dan grup WhatsApp", "Sumber")
    apply(bob, first, "TikTok 😀", "Sumber")
    apply(bob, first, "grup WhatsApp keluarga", "Sumber")
    apply(alice, first, "Kadang-kadang saya cek dulu", "Kredibilitas")
    apply(bob, first, "saya cek dulu ke situs berita", "Kredibilitas")
    apply(alice, second, "Teman kos", "Sumber")
    apply(bob, second, "Teman kos yang kirim video", "Sumber")
    apply(alice, second, "Saya tidak terlalu percaya", "Kredibilitas")
    apply(bob, second, "tapi kalau banyak yang bagikan", "Kredibilitas")
    apply(alice, second, "ya saya baca juga", "Hanya Alice")
    for source in (first, second):  # both coders code every character of both texts
        for coder in (alice, bob):
            p.codings.apply(
                source, 0, len(p.sources.text(source)), code["Seluruhnya"], coder_id=coder
            )
    apply(alice, third, "Belum dikode", "Sumber")  # only Alice coded the third: no units
    return p


def test_every_code_agrees_with_an_independent_computation(coded: Project) -> None:
    alice, bob = coded.coders.named("Alice"), coded.coders.named("Bob")
    result = compute_agreement(coded, alice, bob)
    shared = [s.id for s in coded.sources.all()][:2]
    assert list(result.source_ids) == shared
    assert result.units == sum(len(t) for t in TEXTS[:2])
    checked = 0
    for row in result.codes:
        assert row.code_id is not None
        a = vectors(coded, alice, row.code_id, shared)
        b = vectors(coded, bob, row.code_id, shared)
        assert row.chars.units == len(a) == result.units
        assert row.chars.a_chars == sum(a) and row.chars.b_chars == sum(b)
        assert row.chars.both == sum(x & y for x, y in zip(a, b, strict=True))
        assert same(row.chars.kappa(), kappa_by_hand(a, b)), row.code
        assert same(row.chars.alpha(), alpha_by_hand(a, b)), row.code
        checked += 1
    assert checked == 5
    by_name = {row.code: row for row in result.codes}
    for undefined in ("Tidak dipakai", "Seluruhnya"):  # nobody used it; everyone everywhere
        assert by_name[undefined].chars.kappa() is None
        assert by_name[undefined].chars.alpha() is None
        assert by_name[undefined].chars.agreement() == 1.0
    only = by_name["Hanya Alice"].chars
    assert only.kappa() == 0.0 and only.alpha() is not None and only.alpha() < 0


@needs_package
def test_every_code_agrees_with_the_krippendorff_package(coded: Project) -> None:
    alice, bob = coded.coders.named("Alice"), coded.coders.named("Bob")
    result = compute_agreement(coded, alice, bob)
    for row in result.codes:
        assert row.code_id is not None
        a = vectors(coded, alice, row.code_id, result.source_ids)
        b = vectors(coded, bob, row.code_id, result.source_ids)
        assert same(row.chars.alpha(), alpha_of_package(a, b)), row.code
    pooled_a: list[int] = []
    pooled_b: list[int] = []
    for row in result.codes:  # overall: every (character, code) a unit
        assert row.code_id is not None
        pooled_a += vectors(coded, alice, row.code_id, result.source_ids)
        pooled_b += vectors(coded, bob, row.code_id, result.source_ids)
    assert same(result.overall.chars.alpha(), alpha_of_package(pooled_a, pooled_b))
    assert same(result.overall.chars.kappa(), kappa_by_hand(pooled_a, pooled_b))


def test_the_json_names_the_coders_and_gives_null_where_undefined(coded: Project) -> None:
    alice, bob = coded.coders.named("Alice"), coded.coders.named("Bob")
    result = compute_agreement(coded, alice, bob)
    data = result.as_json({s.id: s.title for s in coded.sources.all()})
    assert data["coders"] == ["Alice", "Bob"]
    assert data["sources"] == ["informan-1", "informan-2"]
    rows = {row["code"]: row for row in data["codes"]}
    assert rows["Tidak dipakai"]["kappa"] is None and rows["Tidak dipakai"]["alpha"] is None
    assert rows["Sumber"]["a_chars"] == len("TikTok 😀 dan grup WhatsApp") + len("Teman kos")
    assert set(data["overall"]) >= {"agreement", "kappa", "alpha", "a_chars", "b_chars"}
    pooled = sum((row.chars for row in result.codes), CharCounts())
    assert data["overall"]["both_chars"] == pooled.both


def test_segment_level_matches_by_overlap_threshold(coded: Project) -> None:
    alice, bob = coded.coders.named("Alice"), coded.coders.named("Bob")
    strict = {r.code: r.segments for r in compute_agreement(coded, alice, bob).codes}
    # "Teman kos" (9) inside "Teman kos yang kirim video" (26): 35 % < 50 %: not matched.
    assert (strict["Sumber"].a_segments, strict["Sumber"].b_segments) == (2, 3)
    assert (strict["Sumber"].a_matched, strict["Sumber"].b_matched) == (0, 0)
    assert strict["Seluruhnya"].agreement() == 1.0
    loose = {r.code: r.segments for r in compute_agreement(coded, alice, bob, threshold=0.3).codes}
    # At 30 %, Bob's "TikTok 😀" (8 of Alice's 26) matches too: each of his three does.
    assert (loose["Sumber"].a_matched, loose["Sumber"].b_matched) == (2, 3)
    with pytest.raises(ValidationError, match="threshold"):
        compute_agreement(coded, alice, bob, threshold=0)
    with pytest.raises(ValidationError, match="two different coders"):
        compute_agreement(coded, alice, alice)


def test_disagreements_are_passages_where_the_coders_differ(coded: Project) -> None:
    alice, bob = coded.coders.named("Alice"), coded.coders.named("Bob")
    result = compute_agreement(coded, alice, bob, code_ids=[coded.codes.find("Sumber").id])
    first = coded.sources.all()[0].id
    passages = [(d.source_id, d.start, d.end, len(d.a), len(d.b)) for d in result.disagreements]
    text = coded.sources.text(first)
    start = text.index("TikTok")
    end = text.index("grup WhatsApp keluarga") + len("grup WhatsApp keluarga")
    assert passages[0] == (first, start, end, 1, 2)
    assert len(passages) == 2  # and "Teman kos" in the second source
    assert [r.code for r in result.codes] == ["Sumber"]


def test_sources_limit_the_units(coded: Project) -> None:
    alice, bob = coded.coders.named("Alice"), coded.coders.named("Bob")
    second = coded.sources.all()[1].id
    result = compute_agreement(coded, alice, bob, source_ids=[second])
    assert result.source_ids == (second,) and result.units == len(TEXTS[1])


@needs_package
def test_random_ranges_agree_with_the_package() -> None:
    generator = random.Random(14)
    for _round in range(150):
        length = generator.randint(1, 120)

        def ranges(length: int = length) -> list[tuple[int, int]]:
            starts = generator.sample(range(length), min(length, generator.randint(0, 5)))
            return [(s, min(length, s + generator.randint(1, 40))) for s in starts]

        a, b = ranges(), ranges()
        counts = char_counts(length, a, b)
        va, vb = [0] * length, [0] * length
        for marks, spans in ((va, a), (vb, b)):
            for start, end in spans:
                marks[start:end] = [1] * (end - start)
        assert same(counts.kappa(), kappa_by_hand(va, vb))
        assert same(counts.alpha(), alpha_of_package(va, vb))
        threshold = generator.choice([0.2, 0.5, 0.9])
        assert matched(a, b, threshold) == sum(
            any(jaccard(x, y) >= threshold for y in b) for x in a
        )
