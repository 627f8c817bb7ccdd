"""``project.sources``: the texts and PDFs of a project, with their original files (kept once
per SHA-256), printed page labels and speaker turns."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, replace
from typing import TYPE_CHECKING

from kutip.errors import NotFoundError, ValidationError
from kutip.i18n import _
from kutip.ingest.drafts import PageDraft, SourceDraft, TurnDraft
from kutip.model import Page, Source, Turn
from kutip.project.base import Edit, check_inside, now, required_name
from kutip.store import Recorder, queries

if TYPE_CHECKING:
    from kutip.project.facade import Project


class Sources:
    """The sources of a project and what can be done to each."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self._store = project.store

    def all(self) -> list[Source]:
        return queries.sources(self._store)

    def get(self, source_id: int) -> Source:
        source = queries.source(self._store, source_id)
        if source is None:
            raise NotFoundError(_("There is no source {id}.").format(id=source_id))
        return source

    def text(self, source_id: int) -> str:
        text = queries.source_text(self._store, source_id)
        if text is None:
            raise NotFoundError(_("There is no source {id}.").format(id=source_id))
        return text

    def file(self, source_id: int) -> bytes | None:
        """The original bytes of the file a source was imported from."""
        return queries.source_file(self._store, source_id)

    def pages(self, source_id: int) -> list[Page]:
        """A source's pages with their printed labels (the user's numbering, if they set one)."""
        first_page = self.get(source_id).first_page
        pages = queries.pages(self._store, source_id)
        if first_page is None:
            return pages
        return [replace(page, label=str(first_page + page.index)) for page in pages]

    def turns(self, source_id: int) -> list[Turn]:
        return queries.turns(self._store, source_id)

    def ocr_layers(self, source_id: int) -> dict[int, bytes]:
        """What OCR read on the source's scanned pages, by page index (``kutip.ingest.pdf.ocr``)."""
        return queries.ocr_layers(self._store, source_id)

    def ocr_pages(self, source_id: int) -> frozenset[int]:
        """The indices of the source's pages whose text OCR read: text that may hold
        recognition errors, which reports and the retrieval list point out."""
        return queries.ocr_pages(self._store, source_id)

    def ocr_language(self, source_id: int) -> str:
        """The languages OCR read the source's pages in ("ind+eng"), or "" (none by OCR)."""
        return queries.ocr_language(self._store, source_id)

    def with_file(self, sha256: str) -> Source | None:
        """The source imported from the file with these bytes, if any."""
        return queries.source_with_file(self._store, sha256)

    def check_range(self, source_id: int, start: int, end: int) -> None:
        """``ValidationError`` unless ``[start, end)`` is a non-empty range of the source's text."""
        check_inside(start, end, self.get(source_id).text_length)

    def add(
        self,
        draft: SourceDraft,
        *,
        guid: str | None = None,
        imported_by: int | None = None,
        imported_at: str | None = None,
    ) -> Edit[int]:
        """Store a source and its original file (kept once per SHA-256): imported now by the
        current coder, unless a merge or an exchange file says by whom and when."""
        title = required_name(draft.title, _("source"))
        source_guid = self._project.guid_for("sources", guid)
        length = len(draft.text)
        for page in draft.pages:
            check_inside(page.start, page.end, length, allow_empty=True)
        for turn in draft.turns:
            check_inside(turn.start, turn.end, length, allow_empty=True)
        sha256 = draft.sha256
        coder_id = self._project.coder.id if imported_by is None else imported_by
        when = imported_at or now()

        def work(rec: Recorder) -> int:
            if not queries.file_stored(self._store, sha256):
                rec.insert(
                    "files",
                    {"sha256": sha256, "name": draft.file_name, "mime": draft.mime,
                     "size": len(draft.data), "data": draft.data},
                )  # fmt: skip
            source_id: int = rec.insert(
                "sources",
                {"guid": source_guid, "kind": draft.kind.value, "title": title,
                 "file_sha256": sha256, "language": draft.language, "text": draft.text,
                 "imported_at": when, "imported_by": coder_id,
                 "flags": json.dumps(list(draft.flags)), "bib_key": draft.bib_key,
                 "text_length": len(draft.text), "text_rules": draft.text_rules,
                 "metadata": json.dumps(asdict(draft.metadata), ensure_ascii=False)},
            )  # fmt: skip
            _insert_pages(rec, source_id, draft.pages)
            _insert_turns(rec, source_id, draft.turns)
            insert_ocr_layers(rec, source_id, draft)
            return source_id

        return self._project.record(_("Import {title}").format(title=title), work)

    def rename(self, source_id: int, title: str) -> Edit[None]:
        self.get(source_id)
        new_title = required_name(title, _("source"))
        return self._project.record(
            _("Rename source"),
            lambda rec: rec.update("sources", source_id, {"title": new_title}),
        )

    def set_memo(self, source_id: int, memo: str) -> Edit[None]:
        self.get(source_id)
        return self._project.record(
            _("Edit source memo"), lambda rec: rec.update("sources", source_id, {"memo": memo})
        )

    def set_language(self, source_id: int, language: str | None) -> Edit[None]:
        self.get(source_id)
        return self._project.record(
            _("Set source language"),
            lambda rec: rec.update("sources", source_id, {"language": language or None}),
        )

    def set_first_page(self, source_id: int, first_page: int | None) -> Edit[None]:
        """ "The first page is p. N": number pages from N (None: back to the detected labels)."""
        source = self.get(source_id)
        if first_page is not None and not -10_000 < first_page < 100_000:
            raise ValidationError(_("{n} is not a page number.").format(n=first_page))
        return self._project.record(
            _("Set page numbers of {title}").format(title=source.title),
            lambda rec: rec.update("sources", source_id, {"first_page": first_page}),
        )

    def remove(self, source_id: int) -> Edit[None]:
        """Remove a source with its codings, pages, turns, case links and attribute values."""
        source = self.get(source_id)

        def work(rec: Recorder) -> None:
            for table in (
                "segments",
                "pages",
                "ocr_pages",
                "turns",
                "case_sources",
                "attribute_values",
            ):
                rec.delete_where(table, "source_id = ?", (source_id,))
            rec.delete("sources", source_id)
            if source.file_sha256 and not queries.file_used(self._store, source.file_sha256):
                rec.delete("files", source.file_sha256)

        return self._project.record(_("Remove source {title}").format(title=source.title), work)


def _insert_pages(rec: Recorder, source_id: int, pages: Sequence[PageDraft]) -> None:
    for page in pages:
        rec.insert(
            "pages",
            {"source_id": source_id, "page_index": page.index, "label": page.label,
             "start": page.start, "end": page.end,
             "furniture": json.dumps([list(box) for box in page.furniture])},
        )  # fmt: skip


def _insert_turns(rec: Recorder, source_id: int, turns: Sequence[TurnDraft]) -> None:
    for turn in turns:
        rec.insert(
            "turns",
            {"source_id": source_id, "start": turn.start, "end": turn.end,
             "speaker": turn.speaker, "time_start": turn.time_start, "time_end": turn.time_end},
        )  # fmt: skip


def insert_ocr_layers(rec: Recorder, source_id: int, draft: SourceDraft) -> None:
    """Store what OCR read on a draft's pages (also when a source is read again)."""
    for index, layer in draft.ocr_layers:
        rec.insert(
            "ocr_pages",
            {"source_id": source_id, "page_index": index, "language": draft.ocr_language,
             "layer": layer},
        )  # fmt: skip
