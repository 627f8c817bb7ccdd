"""``project.references``: the bibliography's entries (by citekey), which source is which
reference, and the edits a user makes to them (fields, links, merging duplicates), each one
undo step."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kutip.errors import NotFoundError, ValidationError
from kutip.i18n import _
from kutip.model import BibEntry
from kutip.project.base import Edit
from kutip.project.reference_fields import changed_entry, merged_entry
from kutip.store import Recorder, queries

if TYPE_CHECKING:
    from kutip.ingest.bib.bibtex import BibEntryDraft, Person
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
                row = _row(entry.to_model())
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

    def usage(self) -> dict[str, tuple[list[int], int]]:
        """For each reference with sources: (its sources' ids, the codings in them)."""
        return queries.reference_usage(self._store)

    def update(self, citekey: str, changes: Mapping[str, str | Sequence[Person]]) -> Edit[None]:
        """Change a reference's fields (``reference_fields.FIELDS``, or BibTeX fields by
        name; "" removes one), as one edit. Raises ``ValidationError`` for a value that cannot
        be stored, before anything is written."""
        entry = self.get(citekey)
        changed = changed_entry(entry, changes)
        return self._project.record(
            _("Edit reference {citekey}").format(citekey=citekey),
            # The user has looked at the reference: one made from a PDF counts as checked.
            lambda rec: rec.update("bib_entries", citekey, {**_row(changed), "from_pdf": 0}),
        )

    def merge(self, keep: str, others: Sequence[str]) -> Edit[int]:
        """Merge duplicates into ``keep``: their sources are linked to it, the fields only they
        have are added to it, and they are removed. Returns how many sources were relinked."""
        kept = self.get(keep)
        duplicates = [self.get(citekey) for citekey in dict.fromkeys(others) if citekey != keep]
        if not duplicates:
            raise ValidationError(_("Choose at least two references to merge."))
        for other in duplicates:
            kept = merged_entry(kept, other)
        moved = [
            source.id
            for source in self._project.sources.all()
            if source.bib_key in {other.citekey for other in duplicates}
        ]

        def work(rec: Recorder) -> int:
            rec.update("bib_entries", keep, _row(kept))
            for source_id in moved:
                rec.update("sources", source_id, {"bib_key": keep})
            for other in duplicates:
                rec.delete("bib_entries", other.citekey)
            return len(moved)

        return self._project.record(_("Merge references into {citekey}").format(citekey=keep), work)


def _row(entry: BibEntry) -> dict[str, Any]:
    """A reference as the ``bib_entries`` table holds it (without its citekey)."""
    return {
        "entry_type": entry.entry_type,
        "title": entry.title,
        "authors": json.dumps(list(entry.authors), ensure_ascii=False),
        "year": entry.year,
        "doi": entry.doi,
        "fields": json.dumps(entry.fields, ensure_ascii=False),
        "original": entry.original,
        "protected": json.dumps(entry.protected or {}, ensure_ascii=False),
        "from_pdf": int(entry.from_pdf),
    }
