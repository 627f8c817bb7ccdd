"""The method names ``Project`` had before it was split into managers, each one line handing
over to its manager (``project.add_code(…)`` is ``project.codes.add(…)``), so that callers not
yet moved keep working. ``sources()``, ``codes()``, ``cases()``, ``memos()`` and ``coders()``
are the managers themselves, called. The import workflow is ``kutip.services.importing``.

Temporary: once every caller uses the managers (``/work/wt/codemod_project.py`` rewrites
them), this module goes, with the managers' ``__call__`` and the import-linter exception for
``kutip.project.legacy -> kutip.services.importing``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kutip.ingest.drafts import SourceDraft
from kutip.model import (
    Attribute,
    AttributeScope,
    AttributeType,
    BibEntry,
    Case,
    CaseSource,
    Code,
    Memo,
    Page,
    Segment,
    Source,
    Turn,
)
from kutip.progress import Progress
from kutip.project.base import Edit

if TYPE_CHECKING:
    from kutip.ingest.bibtex import BibEntryDraft
    from kutip.project.cases import Cases
    from kutip.project.codes import Codes
    from kutip.project.codings import Codings
    from kutip.project.facade import Project
    from kutip.project.memos import Memos
    from kutip.project.references import References
    from kutip.project.sources import Sources
    from kutip.services.importing import ImportOptions, ImportReport, LinkedFile


class LegacyNames:
    """``Project``'s methods before the managers, as one-line delegates."""

    sources: Sources
    codes: Codes
    codings: Codings
    cases: Cases
    references: References
    memos: Memos

    def _as_project(self) -> Project:
        from kutip.project.facade import Project

        assert isinstance(self, Project)
        return self

    # -- the import workflow (kutip.services.importing) -------------------------------------

    def import_paths(
        self,
        paths: Iterable[Path | str],
        progress: Progress | None = None,
        options: ImportOptions | None = None,
    ) -> ImportReport:
        from kutip.services import importing

        return importing.import_paths(self._as_project(), paths, progress, options)

    def import_linked_files(
        self,
        links: Sequence[LinkedFile],
        progress: Progress | None = None,
        options: ImportOptions | None = None,
    ) -> ImportReport:
        from kutip.services import importing

        return importing.import_linked_files(self._as_project(), links, progress, options)

    def import_draft(self, draft: SourceDraft, options: ImportOptions | None = None) -> Edit[int]:
        from kutip.services import importing

        return importing.import_draft(self._as_project(), draft, options)

    # -- sources -----------------------------------------------------------------------------
    def source(self, source_id: int) -> Source:
        return self.sources.get(source_id)

    def source_text(self, source_id: int) -> str:
        return self.sources.text(source_id)

    def source_file(self, source_id: int) -> bytes | None:
        return self.sources.file(source_id)

    def pages(self, source_id: int) -> list[Page]:
        return self.sources.pages(source_id)

    def turns(self, source_id: int) -> list[Turn]:
        return self.sources.turns(source_id)

    def source_with_file(self, sha256: str) -> Source | None:
        return self.sources.with_file(sha256)

    def add_source(self, draft: SourceDraft, *, guid: str | None = None) -> Edit[int]:
        return self.sources.add(draft, guid=guid)

    def rename_source(self, source_id: int, title: str) -> Edit[None]:
        return self.sources.rename(source_id, title)

    def set_source_memo(self, source_id: int, memo: str) -> Edit[None]:
        return self.sources.set_memo(source_id, memo)

    def set_source_language(self, source_id: int, language: str | None) -> Edit[None]:
        return self.sources.set_language(source_id, language)

    def remove_source(self, source_id: int) -> Edit[None]:
        return self.sources.remove(source_id)

    def set_first_page(self, source_id: int, first_page: int | None) -> Edit[None]:
        return self.sources.set_first_page(source_id, first_page)

    # -- references --------------------------------------------------------------------------
    def bib_entries(self) -> list[BibEntry]:
        return self.references.all()

    def bib_entry(self, citekey: str) -> BibEntry:
        return self.references.get(citekey)

    def upsert_references(
        self, entries: Sequence[BibEntryDraft], label: str | None = None
    ) -> Edit[tuple[int, int]]:
        return self.references.upsert(entries, label)

    def link_source_to_reference(self, source_id: int, citekey: str | None) -> Edit[None]:
        return self.references.link_source(source_id, citekey)

    # -- codes -------------------------------------------------------------------------------
    def code(self, code_id: int) -> Code:
        return self.codes.get(code_id)

    def code_path(self, code_id: int) -> str:
        return self.codes.path(code_id)

    def find_code(self, reference: str) -> Code:
        return self.codes.find(reference)

    def add_code(
        self,
        name: str,
        *,
        parent_id: int | None = None,
        color: str | None = None,
        definition: str = "",
        when_to_use: str = "",
        when_not_to_use: str = "",
        example: str = "",
        guid: str | None = None,
    ) -> Edit[int]:
        return self.codes.add(
            name,
            parent_id=parent_id,
            color=color,
            definition=definition,
            when_to_use=when_to_use,
            when_not_to_use=when_not_to_use,
            example=example,
            guid=guid,
        )

    def rename_code(self, code_id: int, name: str) -> Edit[None]:
        return self.codes.rename(code_id, name)

    def recolor_code(self, code_id: int, color: str) -> Edit[None]:
        return self.codes.recolor(code_id, color)

    def describe_code(
        self,
        code_id: int,
        *,
        definition: str | None = None,
        when_to_use: str | None = None,
        when_not_to_use: str | None = None,
        example: str | None = None,
        memo: str | None = None,
    ) -> Edit[None]:
        return self.codes.describe(
            code_id,
            definition=definition,
            when_to_use=when_to_use,
            when_not_to_use=when_not_to_use,
            example=example,
            memo=memo,
        )

    def move_code(
        self, code_id: int, parent_id: int | None, position: int | None = None
    ) -> Edit[None]:
        return self.codes.move(code_id, parent_id, position)

    def merge_codes(self, merged_id: int, into_id: int) -> Edit[None]:
        return self.codes.merge(merged_id, into_id)

    def delete_code(self, code_id: int) -> Edit[int]:
        return self.codes.delete(code_id)

    def code_counts(self) -> dict[int, tuple[int, int]]:
        return self.codes.counts()

    def code_usage(self, code_id: int) -> tuple[int, int]:
        return self.codes.usage(code_id)

    # -- codings -----------------------------------------------------------------------------
    def segments(
        self, *, source_id: int | None = None, code_id: int | None = None
    ) -> list[Segment]:
        return self.codings.all(source_id=source_id, code_id=code_id)

    def segment(self, segment_id: int) -> Segment:
        return self.codings.get(segment_id)

    def segment_text(self, segment: Segment) -> str:
        return self.codings.text(segment)

    def apply_code(
        self,
        source_id: int,
        start: int,
        end: int,
        code_id: int,
        memo: str = "",
        *,
        guid: str | None = None,
    ) -> Edit[int]:
        return self.codings.apply(source_id, start, end, code_id, memo, guid=guid)

    def remove_segment(self, segment_id: int) -> Edit[None]:
        return self.codings.remove(segment_id)

    def set_segment_range(self, segment_id: int, start: int, end: int) -> Edit[None]:
        return self.codings.set_range(segment_id, start, end)

    def set_segment_memo(self, segment_id: int, memo: str) -> Edit[None]:
        return self.codings.set_memo(segment_id, memo)

    # -- cases -------------------------------------------------------------------------------
    def case(self, case_id: int) -> Case:
        return self.cases.get(case_id)

    def find_case(self, name: str) -> Case | None:
        return self.cases.find(name)

    def add_case(self, name: str, description: str = "", *, guid: str | None = None) -> Edit[int]:
        return self.cases.add(name, description, guid=guid)

    def rename_case(self, case_id: int, name: str) -> Edit[None]:
        return self.cases.rename(case_id, name)

    def set_case_description(self, case_id: int, description: str) -> Edit[None]:
        return self.cases.set_description(case_id, description)

    def remove_case(self, case_id: int) -> Edit[None]:
        return self.cases.remove(case_id)

    def source_cases(self) -> dict[int, list[str]]:
        return self.cases.names_by_source()

    def case_sources(self, case_id: int | None = None) -> list[CaseSource]:
        return self.cases.links(case_id)

    def link_source_to_case(
        self, case_id: int, source_id: int, start: int | None = None, end: int | None = None
    ) -> Edit[int]:
        return self.cases.link_source(case_id, source_id, start, end)

    def unlink_source_from_case(self, case_id: int, source_id: int) -> Edit[int]:
        return self.cases.unlink_source(case_id, source_id)

    def attributes(self, scope: AttributeScope | None = None) -> list[Attribute]:
        return self.cases.attributes(scope)

    def attribute(self, attribute_id: int) -> Attribute:
        return self.cases.attribute(attribute_id)

    def find_attribute(self, name: str, scope: AttributeScope) -> Attribute | None:
        return self.cases.find_attribute(name, scope)

    def add_attribute(
        self,
        name: str,
        type: AttributeType,
        scope: AttributeScope = AttributeScope.CASE,
        description: str = "",
        *,
        guid: str | None = None,
    ) -> Edit[int]:
        return self.cases.add_attribute(name, type, scope, description, guid=guid)

    def rename_attribute(self, attribute_id: int, name: str) -> Edit[None]:
        return self.cases.rename_attribute(attribute_id, name)

    def remove_attribute(self, attribute_id: int) -> Edit[None]:
        return self.cases.remove_attribute(attribute_id)

    def attribute_values(self, owner_id: int, scope: AttributeScope) -> dict[str, str]:
        return self.cases.attribute_values(owner_id, scope)

    def set_attribute_value(self, attribute_id: int, owner_id: int, value: object) -> Edit[None]:
        return self.cases.set_attribute_value(attribute_id, owner_id, value)

    # -- memos -------------------------------------------------------------------------------
    def memo(self, memo_id: int) -> Memo:
        return self.memos.get(memo_id)

    def add_memo(self, title: str, text: str = "", *, guid: str | None = None) -> Edit[int]:
        return self.memos.add(title, text, guid=guid)

    def edit_memo(
        self, memo_id: int, *, title: str | None = None, text: str | None = None
    ) -> Edit[None]:
        return self.memos.edit(memo_id, title=title, text=text)

    def remove_memo(self, memo_id: int) -> Edit[None]:
        return self.memos.remove(memo_id)
