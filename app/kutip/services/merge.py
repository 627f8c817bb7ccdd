"""Merging: another coder's copy of a project (a .kutip file) or a REFI-QDA project (.qdpx,
.qde) into the open project, as one transaction and one undo step.

Records are matched, never doubled: codes by GUID, then by name under the same parent (new
ones added, a different colour or description reported and the project's kept); sources by
GUID, by their original bytes, by identical text — a source found by GUID or bytes whose text
differs (read again) is matched and its codings moved onto the project's text by aligning the
two, or reported where that fails; cases and attributes by GUID, then name; references by
citekey, then DOI; coders by GUID, then name. Codings, memos and journal entries come with
their coder and date; a coding the project has (its GUID, or the same passage and code by the
same coder) is not added again, so merging the same file twice adds nothing the second time.
Codings of different coders are never joined or trimmed, however they overlap.

The other project is read from a snapshot (SQLite's backup of it, opened read-only), so a
project open in another window, or of an older schema, is read as it is and never changed.
The merge of a .kutip file is the REFI-QDA import's (``qde_apply.QdeApplier``) over the other
project's records (``interop.project_records``), plus the bibliography.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from kutip.errors import ImportFailedError
from kutip.i18n import _
from kutip.ingest.bib.bibtex import BibEntryDraft, Person
from kutip.interop import import_qdpx
from kutip.interop.project_records import AS_STORED, read_records
from kutip.interop.qde_apply import QdeApplier
from kutip.interop.report import REFERENCES, InteropReport
from kutip.model import BibEntry
from kutip.progress import NoProgress, Progress
from kutip.project import Project

__all__ = ["MERGEABLE_SUFFIXES", "merge_project"]

#: What can be merged: another Kutip project, or a REFI-QDA project.
MERGEABLE_SUFFIXES = (".kutip", ".qdpx", ".qde")


def merge_project(
    project: Project,
    path: Path | str,
    progress: Progress | None = None,
    *,
    allow_external: bool = False,
) -> InteropReport:
    """Merge the project at ``path`` into ``project`` (see the module docstring): what was
    added (``created``), matched (``merged``) and left out (``warnings``), and the one edit.

    Raises ``KnownError`` (nothing written) when the file cannot be merged."""
    path = Path(path)
    progress = progress or NoProgress()
    suffix = path.suffix.casefold()
    if suffix not in MERGEABLE_SUFFIXES:
        raise ImportFailedError(
            _("{name}: only a Kutip project (.kutip) or a REFI-QDA project (.qdpx, .qde) can be "
              "merged.").format(name=path.name)
        )  # fmt: skip
    if not path.is_file():
        raise ImportFailedError(_("{name}: there is no such file.").format(name=path.name))
    if path.resolve() == project.path.resolve():
        raise ImportFailedError(
            _("{name} is the open project: a project cannot be merged into itself.").format(
                name=path.name
            )
        )
    if suffix != ".kutip":
        return import_qdpx(project, path, allow_external=allow_external, progress=progress)
    report = InteropReport(path.name)
    with _snapshot(path) as other:
        progress.report(0, 2, path.name)
        records = read_records(other)
        entries = other.references.all()
        progress.report(1, 2, path.name)

        def steps() -> None:
            renamed = _merge_references(project, entries, report)
            sources = [  # sources tied to the project's citekey of their reference
                replace(p, draft=replace(p.draft, bib_key=renamed[p.draft.bib_key]))
                if p.draft.bib_key in renamed
                else p
                for p in records.prepared
            ]
            importer = QdeApplier(
                project, report, records.document, sources, records.notes, AS_STORED,
                progress,
            )  # fmt: skip
            importer.run()
            for prepared, source_id, new in importer.placed_sources:
                source = project.sources.get(source_id)
                key = prepared.draft.bib_key
                if not new and key and not source.bib_key:
                    project.references.link_source(source_id, key)
                first_page = records.first_pages.get(prepared.entry.guid or "")
                if new and first_page is not None:
                    project.sources.set_first_page(source_id, first_page)

        edit = project.compose(_("Merge {name}").format(name=path.name), steps)
    report.edit = edit if edit.changes else None
    progress.report(2, 2, "")
    return report


@contextmanager
def _snapshot(path: Path) -> Iterator[Project]:
    """The project at ``path`` as it is now, copied aside and opened there (migrated there if
    it is older), so that the file itself is only read."""
    with tempfile.TemporaryDirectory(prefix="kutip-merge-") as folder:
        copy = Path(folder) / path.name  # messages about the copy name the user's file
        try:
            source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                target = sqlite3.connect(copy)
                try:
                    source.backup(target)
                finally:
                    target.close()
            finally:
                source.close()
        except sqlite3.DatabaseError as error:
            raise ImportFailedError(
                _("{name} cannot be read as a Kutip project: {reason}").format(
                    name=path.name, reason=error
                )
            ) from None
        other = Project.open(copy)
        try:
            yield other
        finally:
            other.close()


def _person(name: str) -> Person:
    """The author as stored ("Family, Suffix, Given"), as the bibliography reader's record."""
    parts = name.split(", ", 2)
    if len(parts) == 3:
        return Person(parts[0], given=parts[2], suffix=parts[1])
    return Person(parts[0], given=parts[1] if len(parts) == 2 else "")


def _merge_references(
    project: Project, entries: list[BibEntry], report: InteropReport
) -> dict[str, str]:
    """Add the references the project lacks (by citekey, then DOI); returns the other
    project's citekeys that are another citekey here (found by DOI)."""
    ours = {entry.citekey: entry for entry in project.references.all()}
    by_doi = {entry.doi.casefold(): entry.citekey for entry in ours.values() if entry.doi}
    renamed: dict[str, str] = {}
    added: list[BibEntryDraft] = []
    for entry in entries:
        existing = ours.get(entry.citekey)
        if existing is None and entry.doi and entry.doi.casefold() in by_doi:
            existing = ours[by_doi[entry.doi.casefold()]]
            renamed[entry.citekey] = existing.citekey
        if existing is None:
            added.append(
                BibEntryDraft(
                    citekey=entry.citekey,
                    entry_type=entry.entry_type,
                    title=entry.title,
                    authors=tuple(_person(name) for name in entry.authors),
                    editors=(),
                    year=entry.year,
                    doi=entry.doi,
                    fields=dict(entry.fields),
                    original=entry.original,
                )
            )
            continue
        report.merged[REFERENCES] += 1
        if existing.citekey != entry.citekey:
            report.warn(
                _(
                    "{file}: the reference {theirs} is {ours} in the project (the same DOI); "
                    "its sources are tied to {ours}, the project's details are kept."
                ).format(file=report.file, theirs=entry.citekey, ours=existing.citekey)
            )
        elif (existing.title, existing.year, existing.doi, existing.fields) != (
            entry.title,
            entry.year,
            entry.doi,
            entry.fields,
        ):
            report.warn(
                _(
                    "{file}: the reference {citekey} is in the project with other details; "
                    "the project's are kept."
                ).format(file=report.file, citekey=existing.citekey)
            )
    if added:
        project.references.upsert(added)
        report.created[REFERENCES] += len(added)
    return renamed
