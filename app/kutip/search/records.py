"""What the index knows of each source, read through the Project facade, and its fingerprint.

A source's *fingerprint* is a hash of everything its chunks are made from: the text (its
length and SHA-256), the title, the reference's title, authors and year, the kind, the pages
with their labels, the turns with their speakers and the cases it belongs to. The index keeps
the fingerprint each source was indexed with; a source whose fingerprint differs (renamed,
linked to another reference, numbered from another first page, added to a case …) is indexed
again, a source the index does not know is added, and one the project no longer has is
removed. Hashing 13 MB of text takes ~50 ms, so text hashes are kept per source between
checks: a source's text never changes once it is imported.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from kutip.model import Page, Source, SourceRole, Turn, source_role
from kutip.project import Project
from kutip.search.fields import KIND_WORDS

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


@dataclass(frozen=True)
class CaseLink:
    name: str
    start: int | None
    end: int | None

    def covers(self, start: int, end: int) -> bool:
        """Whether this link includes any of ``[start, end)``."""
        if self.start is None or self.end is None:
            return True
        return self.start < end and start < self.end


@dataclass(frozen=True)
class SourceRecord:
    source: Source
    text_sha256: str
    titles: tuple[str, ...]
    authors: tuple[str, ...]
    year: int | None
    kind: SourceRole  # literature, case material or other (``kutip.model.source_role``)
    pages: tuple[Page, ...]
    turns: tuple[Turn, ...]
    cases: tuple[CaseLink, ...]

    @property
    def guid(self) -> str:
        return self.source.guid

    @cached_property
    def fingerprint(self) -> str:
        described = {
            "length": self.source.text_length,
            "sha256": self.text_sha256,
            "source_kind": self.source.kind.value,
            "titles": self.titles,
            "authors": self.authors,
            "year": self.year,
            "kind": self.kind.value,
            "pages": [(p.index, p.label, p.start, p.end) for p in self.pages],
            "turns": [(t.start, t.end, t.speaker, t.time_start, t.time_end) for t in self.turns],
            "cases": [(c.name, c.start, c.end) for c in self.cases],
        }
        encoded = json.dumps(described, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()

    def kind_words(self) -> str:
        return " ".join((*KIND_WORDS[self.kind], self.source.kind.value))


def parse_year(value: str) -> int | None:
    """The year of a reference's ``year`` field ("2017", "2017a", "[2019]"), if it has one."""
    match = _YEAR.search(value or "")
    return int(match.group(1)) if match else None


class RecordReader:
    """Reads source records from a project, with the lookups shared by all sources read at once.

    ``text_hashes`` maps (source guid, text length) to the text's SHA-256 and is kept by the
    caller between reads; pass an empty dict to hash every text again.
    """

    def __init__(self, project: Project, text_hashes: dict[tuple[str, int], str]) -> None:
        self.project = project
        self.text_hashes = text_hashes
        self._bib = {entry.citekey: entry for entry in project.references.all()}
        case_names = {case.id: case.name for case in project.cases.all()}
        self._cases: dict[int, list[CaseLink]] = {}
        for link in project.cases.links():
            self._cases.setdefault(link.source_id, []).append(
                CaseLink(case_names.get(link.case_id, ""), link.start, link.end)
            )

    def records(self, sources: Iterable[Source]) -> list[SourceRecord]:
        return [self.record(source) for source in sources]

    def record(self, source: Source) -> SourceRecord:
        key = (source.guid, source.text_length)
        sha = self.text_hashes.get(key)
        if sha is None:
            text = self.project.sources.text(source.id)
            sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
            self.text_hashes[key] = sha
        entry = self._bib.get(source.bib_key) if source.bib_key else None
        titles = tuple(t for t in (source.title, entry.title if entry else "") if t)
        turns = tuple(self.project.sources.turns(source.id))
        cases = tuple(sorted(self._cases.get(source.id, []), key=lambda c: c.name))
        return SourceRecord(
            source=source,
            text_sha256=sha,
            titles=titles,
            authors=tuple(entry.authors) if entry else (),
            year=parse_year(entry.year) if entry else None,
            kind=source_role(
                source, referenced=entry is not None, in_case=bool(cases), has_turns=bool(turns)
            ),
            pages=tuple(self.project.sources.pages(source.id)),
            turns=turns,
            cases=cases,
        )
