"""A code's definition and guidance are printed in the report's language only, or in the other
where the code has only that."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from kutip.project import Project
from kutip.reports import ExportOptions, export

TEXTS = ("definition", "when_to_use", "when_not_to_use", "example")


def _written(project: Project, out: Path, language: str) -> dict[str, str]:
    options = ExportOptions(language=language, charts=False)
    files = {"md": "r.md", "html": "r.html", "docx": "r.docx", "codebook-md": "c.md",
             "codebook-docx": "c.docx"}  # fmt: skip
    texts = {}
    for fmt, name in files.items():
        export(project, fmt, out / name, options)
        path = out / name
        if path.suffix == ".docx":
            texts[fmt] = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
        else:
            texts[fmt] = path.read_text(encoding="utf-8")
    return texts


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_default_codebooks_texts_are_printed_in_the_reports_language_only(
    project: Project, tmp_path: Path, language: str
) -> None:
    konten = project.codes.find("Konten")
    texts = _written(project, tmp_path, language)
    other = "id" if language == "en" else "en"
    for fmt, text in texts.items():
        assert "EN:" not in text, fmt
        assert konten.text_in("definition", language)[:60] in text, fmt
        assert konten.text_in("definition", other)[:60] not in text, fmt
    for name in TEXTS:  # the appendix prints all four, each in one language
        assert konten.text_in(name, language)[:40] in texts["codebook-md"], name
        assert konten.text_in(name, other)[:40] not in texts["codebook-md"], name


def test_a_text_written_in_one_language_is_printed_in_either(
    empty_project: Project, tmp_path: Path
) -> None:
    empty_project.codes.add("Hoaks", definition_en="False news spread on purpose.")
    empty_project.codes.add("Buzzer", definition="Akun bayaran.", definition_en="Paid accounts.")
    for language in ("en", "id"):
        texts = _written(empty_project, tmp_path, language)
        for fmt, text in texts.items():
            assert "False news spread on purpose." in text, (language, fmt)
            assert ("Paid accounts." in text) == (language == "en"), (language, fmt)
            assert ("Akun bayaran." in text) == (language == "id"), (language, fmt)
