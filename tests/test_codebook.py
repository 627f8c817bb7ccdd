"""The default codebook: the paper's ten participation factors, described and coloured."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kutip.errors import KnownError
from kutip.ingest.codebook import load_codebook, shipped_codebooks
from kutip.project import Project
from kutip_testing import SHARED

FACTORS = [
    "Aksesibilitas", "Teknologi", "Konten", "Kredibilitas", "Kampanye Politik",
    "Interaksi Sosial", "Konteks Sosial dan Politik", "Regulasi dan Kebijakan",
    "Pendidikan dan Kesadaran Politik", "Persepsi tentang Dampak",
]  # fmt: skip


def test_new_projects_get_the_ten_factors_in_the_papers_order(project: Project) -> None:
    codes = project.codes.all()
    assert [c.name for c in codes] == FACTORS
    assert len({c.color for c in codes}) == 10
    for code in codes:
        for name in ("definition", "when_to_use", "when_not_to_use", "example"):
            indonesian, english = getattr(code, name), getattr(code, f"{name}_en")
            assert indonesian and english, (code.name, name)  # each language in its own field
            assert "EN:" not in indonesian and "EN:" not in english
    aksesibilitas = codes[0]
    assert aksesibilitas.definition.startswith("Kemudahan (atau kesulitan) mengakses")
    assert aksesibilitas.definition_en.startswith("How easy (or hard) it is to access")
    assert aksesibilitas.text_in("definition", "en") == aksesibilitas.definition_en
    assert aksesibilitas.text_in("definition", "id") == aksesibilitas.definition


def test_a_text_in_one_language_stands_for_the_other(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.kutip", codebook="empty") as project:
        only_english = project.codes.add("A", definition_en="In English only.").value
        only_indonesian = project.codes.add("B", definition="Hanya bahasa Indonesia.").value
        a, b = project.codes.get(only_english), project.codes.get(only_indonesian)
    assert a.text_in("definition", "id") == a.text_in("definition", "en") == "In English only."
    assert b.text_in("definition", "en") == "Hanya bahasa Indonesia."
    assert a.text_in("example", "en") == ""


def test_the_names_are_the_papers_own() -> None:
    paper = SHARED / "paper" / "media-sosial-pemilu-2024.txt"
    if not paper.is_file():
        pytest.skip(f"the source paper is not at {paper} (shared material absent)")
    listed = re.findall(r"^([a-j])\. (.+?)\s*$", paper.read_text(encoding="utf-8"), re.M)
    assert [name for _, name in listed] == FACTORS


def test_shipped_codebooks_are_listed() -> None:
    assert shipped_codebooks() == ["participation-factors", "empty"]


def test_a_codebook_file_with_subcodes(tmp_path: Path) -> None:
    book = tmp_path / "mine.toml"
    book.write_text(
        'name = "Mine"\n[[codes]]\nname = "Media"\ncolor = "#112233"\n'
        '[[codes.codes]]\nname = "TikTok"\n',
        encoding="utf-8",
    )
    with Project.create(tmp_path / "p.kutip", codebook=book) as project:
        assert [project.codes.path(c.id) for c in project.codes.all()] == ["Media", "Media/TikTok"]


@pytest.mark.parametrize(
    ("content", "message"),
    [("name = [", "Cannot read the codebook"), ('[[codes]]\ncolor = "#123456"', "without a name")],
)
def test_a_broken_codebook_file_is_refused_clearly(
    tmp_path: Path, content: str, message: str
) -> None:
    book = tmp_path / "broken.toml"
    book.write_text(content, encoding="utf-8")
    with pytest.raises(KnownError, match=message):
        load_codebook(book)
