"""``project.references``: the bibliography's entries (by citekey), and which source is which
reference."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kutip.errors import NotFoundError, ValidationError
from kutip.i18n import _
from kutip.model import BibEntry
from kutip.project.base import Edit
from kutip.store import Recorder, queries

if TYPE_CHECKING:
    from kutip.ingest.bibtex import BibEntryDraft
    from kutip.project.facade import Project


class References:
    """The references of a project and the sources tied to them."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self._store = project.store

    def all(self) -> list[BibEntry]:
        return queries.bib_entries(self._store)

    def citekeys(self) -> set[str]:
        return queries.citekeys(self._store)

    def find(self, citekey: str) -> BibEntry | None:
        return queries.bib_entry(self._store, citekey)

    def get(self, citekey: str) -> BibEntry:
        entry = queries.bib_entry(self._store, citekey)
        if entry is None:
            raise NotFoundError(_("There is no reference {citekey}.").format(citekey=citekey))
        return entry

    def upsert(
        self, entries: Sequence[BibEntryDraft], label: str | None = None
    ) -> Edit[tuple[int, int]]:
        """Add new references and update changed ones in place (by citekey): (added, updated).

        Sources stay linked and codings untouched, so re-importing an updated .bib is safe.
        """
        existing = queries.citekeys(self._store)

        def work(rec: Recorder) -> tuple[int, int]:
            added = updated = 0
            for entry in entries:
                row = {
                    "entry_type": entry.entry_type, "title": entry.title,
                    "authors": json.dumps([str(p) for p in entry.authors], ensure_ascii=False),
                    "year": entry.year, "doi": entry.doi,
                    "fields": json.dumps(entry.fields, ensure_ascii=False),
                    "original": entry.original, "from_pdf": int(entry.from_pdf),
                }  # fmt: skip
                if entry.citekey in existing:
                    before = len(rec.changes)
                    rec.update("bib_entries", entry.citekey, row)
                    updated += len(rec.changes) > before
                else:
                    rec.insert("bib_entries", {"citekey": entry.citekey, **row})
                    existing.add(entry.citekey)
                    added += 1
            return added, updated

        return self._project.record(label or _("Import references"), work)

    def link_source(self, source_id: int, citekey: str | None) -> Edit[None]:
        """Tie a source to the reference it is (None: untie it)."""
        source = self._project.sources.get(source_id)
        if citekey is not None:
            self.get(citekey)
        return self._project.record(
            _("Set reference of {title}").format(title=source.title),
            lambda rec: rec.update("sources", source_id, {"bib_key": citekey}),
        )

    def replace(self, old: str, new: str, label: str | None = None) -> Edit[int]:
        """Tie the sources of reference ``old`` to ``new`` and remove ``old``: a reference made
        from a PDF once a bibliography brings the same work. Returns how many sources moved."""
        self.get(old)
        self.get(new)
        if old == new:
            raise ValidationError(_("A reference cannot replace itself."))
        sources = queries.sources_citing(self._store, old)

        def work(rec: Recorder) -> int:
            for source_id in sources:
                rec.update("sources", source_id, {"bib_key": new})
            rec.delete("bib_entries", old)
            return len(sources)

        return self._project.record(
            label or _("Replace reference {old} by {new}").format(old=old, new=new), work
        )
