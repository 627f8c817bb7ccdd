"""Helpers for the search tests: PDF-like and transcript drafts with pages and turns."""

from __future__ import annotations

from collections.abc import Sequence

from kutip.ingest.bib.bibtex import BibEntryDraft
from kutip.ingest.bib.fields import Person
from kutip.ingest.drafts import PageDraft, SourceDraft, TurnDraft
from kutip.model import SourceKind
from kutip.project import Project
from kutip.search import Hit

PAGE_BREAK = "\n\n"


def pdf_draft(
    pages: Sequence[str],
    title: str = "article",
    labels: Sequence[str] | None = None,
    bib_key: str | None = None,
) -> SourceDraft:
    """A source as the PDF reader makes one: pages joined by a blank line, with labels."""
    text = PAGE_BREAK.join(pages)
    drafts, offset = [], 0
    for index, page in enumerate(pages):
        label = labels[index] if labels else str(index + 1)
        drafts.append(PageDraft(index, label, offset, offset + len(page)))
        offset += len(page) + len(PAGE_BREAK)
    return SourceDraft(
        title=title,
        text=text,
        kind=SourceKind.PDF,
        file_name=f"{title}.pdf",
        mime="application/pdf",
        data=f"%PDF {title} {text}".encode(),
        pages=tuple(drafts),
        bib_key=bib_key,
    )


def transcript_draft(
    turns: Sequence[tuple[str, str]], title: str = "interview", times: bool = False
) -> SourceDraft:
    """A transcript: one ``Speaker: words`` line per turn, each a turn with optional times."""
    lines, drafts, offset = [], [], 0
    for index, (speaker, words) in enumerate(turns):
        line = f"{speaker}: {words}"
        start = float(index * 30) if times else None
        end = float(index * 30 + 30) if times else None
        drafts.append(TurnDraft(offset, offset + len(line), speaker, start, end))
        lines.append(line)
        offset += len(line) + 1
    text = "\n".join(lines) + "\n"
    return SourceDraft(
        title=title,
        text=text,
        kind=SourceKind.TEXT,
        file_name=f"{title}.txt",
        mime="text/plain",
        data=text.encode(),
        turns=tuple(drafts),
    )


def reference(citekey: str, title: str, family: str, year: str) -> BibEntryDraft:
    return BibEntryDraft(citekey, "article", title, (Person(family, "A."),), (), year, "", {}, "")


def add_reference(project: Project, citekey: str, title: str, family: str, year: str) -> None:
    project.references.upsert([reference(citekey, title, family, year)])


def matched_words(project: Project, hit: Hit) -> list[str]:
    text = project.sources.text(hit.source_id)
    return [text[start:end] for start, end in hit.matches]


def all_matched_words(project: Project, hits: Sequence[Hit]) -> list[str]:
    return [word for hit in hits for word in matched_words(project, hit)]
