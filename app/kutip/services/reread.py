"""Re-reading a source: its text extracted again from the file the project keeps, every coding
moved to the same words.

A source imported by an older Kutip keeps the text that Kutip made of it then — with the
running heads and folios in it, say, and paragraphs cut at page breaks. Its codings point into
that text by offsets, so the text is never changed behind the user's back: *Re-read text*
(the window's source menu, ``kutip source FILE SOURCE --reread``) reads the stored file with
today's reader and aligns the old text with the new one (``kutip.ingest.alignment``). Every
coding, and every case link that holds a part of the source, goes to the same words; a
running head dropped from the middle of a quote drops out of it. A coding none of whose words
are left (one that coded a running head) cannot be placed: it is removed and named in the
report, with its code and its words, so the user can code again what needs it. Text, pages,
turns, codings and case links change in one transaction: one undo step takes it all back.

Pages read by OCR keep what OCR read (their stored layers) unless the caller gives another
reader: ``kutip.services.ocr.read_again`` reads them by OCR anew, in other languages, through
this same alignment and undo step.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from kutip.errors import KnownError
from kutip.i18n import _, ngettext
from kutip.ingest.alignment import Alignment
from kutip.ingest.drafts import ReadOptions, SourceDraft
from kutip.ingest.files import read_stored_file
from kutip.ingest.pdf.ocr import PageOcr, StoredOcr
from kutip.progress import Cancelled, NoProgress, Progress
from kutip.project import Edit, Project
from kutip.project.sources import insert_ocr_layers
from kutip.store import Recorder, queries


class RereadError(KnownError):
    """The source has no stored file to read again."""


@dataclass(frozen=True)
class Unplaced:
    """A coding whose words are not in the new text: removed, and named to the user."""

    segment_id: int
    code: str  # the code's path, "Parent › Child"
    text: str  # the words it coded in the old text
    memo: str


@dataclass
class RereadReport:
    title: str
    #: Whether the new text differs from the old (nothing is written when it does not).
    changed: bool = False
    #: Codings whose range changed, and those left as they were.
    moved: int = 0
    kept: int = 0
    unplaced: list[Unplaced] = field(default_factory=list)
    #: Case links holding a part of the source that could not be placed (and were removed).
    unplaced_case_links: int = 0
    edit: Edit[None] | None = None
    #: What the reader could not do (pages OCR could not read), a sentence each.
    problems: list[str] = field(default_factory=list)

    def describe(self) -> list[str]:
        """What happened, a line each, for the command line and the window."""
        if not self.changed:
            return [
                _("{title}: the text reads as before; nothing changed.").format(title=self.title)
            ]
        lines = [
            ngettext(
                "{title}: text read again; {n} coding moved, {kept} unchanged.",
                "{title}: text read again; {n} codings moved, {kept} unchanged.",
                self.moved,
            ).format(title=self.title, n=self.moved, kept=self.kept)
        ]
        for lost in self.unplaced:
            lines.append(
                _("cannot place coding {id} ({code}): “{text}”").format(
                    id=lost.segment_id, code=lost.code, text=_short(lost.text)
                )
            )
        if self.unplaced_case_links:
            lines.append(
                _("{n} case links to parts of the source could not be placed.").format(
                    n=self.unplaced_case_links
                )
            )
        return lines + self.problems


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def reread_source(
    project: Project,
    source_id: int,
    password: str | None = None,
    *,
    ocr: PageOcr | None = None,
    ocr_pages: frozenset[int] | None = None,
    label: str | None = None,
    progress: Progress | None = None,
) -> RereadReport:
    """Read source ``source_id``'s stored file again and move its codings (one undo step).

    ``ocr`` reads the scanned pages and ``ocr_pages`` (default: what OCR read before, kept);
    ``label`` names the undo step. ``progress`` hears of each page read and may stop the work
    (``Cancelled``) until the last moment: the project is written in one transaction at the
    end, which a cancel during it rolls back, so a cancelled re-read leaves it as it was.
    """
    progress = progress or NoProgress()
    source = project.sources.get(source_id)
    data = project.sources.file(source_id)
    name = queries.file_name(project.store, source.file_sha256 or "")
    if not data or name is None:
        raise RereadError(
            _("“{title}”: the project holds no file for this source to read again.").format(
                title=source.title
            )
        )
    layers = project.sources.ocr_layers(source_id)
    if ocr is None:
        ocr = StoredOcr(project.sources.ocr_language(source_id), layers)
    options = ReadOptions(
        password=password,
        ocr=ocr,
        ocr_pages=frozenset(layers) if ocr_pages is None else ocr_pages,
        progress=progress,
    )
    draft = read_stored_file(name, data, options)
    old = project.sources.text(source_id)
    report = RereadReport(source.title, problems=list(draft.problems))
    stored_pages = [  # as stored, not as the user numbers them
        (p.index, p.label, p.start, p.end, p.furniture)
        for p in queries.pages(project.store, source_id)
    ]
    new_pages = [(p.index, p.label, p.start, p.end, p.furniture) for p in draft.pages]
    same_ocr = layers == dict(draft.ocr_layers) and (
        not layers or project.sources.ocr_language(source_id) == draft.ocr_language
    )
    if draft.text == old and stored_pages == new_pages and same_ocr:
        return report
    _stop_if_cancelled(progress)
    report.changed = True
    alignment = Alignment(old, draft.text)

    def work(rec: Recorder) -> None:
        # The codings and case links are placed here, inside the transaction: any made,
        # moved or undone in the window while the file was being read are placed too.
        if queries.source_text(project.store, source_id) != old:
            raise RereadError(
                _("“{title}” changed while its file was read again; re-read it once more.").format(
                    title=source.title
                )
            )
        ranges, lost = _place_codings(project, source_id, old, alignment, report)
        case_ranges = _place_case_links(project, source_id, alignment)
        report.unplaced_case_links = sum(1 for placed in case_ranges.values() if placed is None)
        _store_text(rec, source_id, draft)
        for segment_id, (start, end) in ranges.items():
            rec.update("segments", segment_id, {"start": start, "end": end})
        for segment_id in lost:
            rec.delete("segments", segment_id)
        for link_id, placed in case_ranges.items():
            if placed is None:
                rec.delete("case_sources", link_id)
            else:
                rec.update("case_sources", link_id, {"start": placed[0], "end": placed[1]})
        _stop_if_cancelled(progress)  # a cancel up to here rolls the whole write back

    label = label or _("Re-read text of {title}").format(title=source.title)
    report.edit = project.record(label, work)
    return report


def _stop_if_cancelled(progress: Progress) -> None:
    if progress.cancelled:
        raise Cancelled


def _place_codings(
    project: Project, source_id: int, old: str, alignment: Alignment, report: RereadReport
) -> tuple[dict[int, tuple[int, int]], list[int]]:
    """Where each coding of the source is in the new text: the new ranges of those that moved,
    and the ids of those with no place left (counted and listed in ``report``)."""
    ranges: dict[int, tuple[int, int]] = {}
    lost: list[int] = []
    for segment in project.codings.all(source_id=source_id):
        placed = alignment.place(segment.start, segment.end)
        if placed is None or placed[1] <= placed[0]:
            lost.append(segment.id)
            report.unplaced.append(
                Unplaced(
                    segment.id,
                    project.codes.path(segment.code_id),
                    old[segment.start : segment.end],
                    segment.memo,
                )
            )
        elif placed != (segment.start, segment.end):
            ranges[segment.id] = placed
            report.moved += 1
        else:
            report.kept += 1
    return ranges, lost


def _place_case_links(
    project: Project, source_id: int, alignment: Alignment
) -> dict[int, tuple[int, int] | None]:
    """Where each case's part of the source is in the new text; None where it has no place."""
    case_ranges: dict[int, tuple[int, int] | None] = {}
    for link_id, start, end in queries.case_ranges(project.store, source_id):
        placed = alignment.place(start, end)
        case_ranges[link_id] = placed if placed is not None and placed[1] > placed[0] else None
    return case_ranges


def _store_text(rec: Recorder, source_id: int, draft: SourceDraft) -> None:
    rec.update(
        "sources",
        source_id,
        {"text": draft.text, "text_length": len(draft.text), "text_rules": draft.text_rules,
         "flags": json.dumps(list(draft.flags)),
         "metadata": json.dumps(asdict(draft.metadata), ensure_ascii=False)},
    )  # fmt: skip
    rec.delete_where("pages", "source_id = ?", (source_id,))
    for page in draft.pages:
        rec.insert(
            "pages",
            {"source_id": source_id, "page_index": page.index, "label": page.label,
             "start": page.start, "end": page.end,
             "furniture": json.dumps([list(box) for box in page.furniture])},
        )  # fmt: skip
    rec.delete_where("ocr_pages", "source_id = ?", (source_id,))
    insert_ocr_layers(rec, source_id, draft)
    rec.delete_where("turns", "source_id = ?", (source_id,))
    for turn in draft.turns:
        rec.insert(
            "turns",
            {"source_id": source_id, "start": turn.start, "end": turn.end,
             "speaker": turn.speaker, "time_start": turn.time_start, "time_end": turn.time_end},
        )  # fmt: skip
