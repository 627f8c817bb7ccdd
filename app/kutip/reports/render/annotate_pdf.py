"""A source's own PDF with its codings as highlight annotations, for co-authors and
supervisors who read in a PDF reader.

Each coded range becomes one highlight annotation in its code's colour, whose note names the
code (its path) and carries the coding's memo, and whose author is the coder. Where to draw is
not searched for: ``kutip.ingest.pdf.ocr.page_text_with_ocr`` — the function that made the source's
text on import, from the page or from what OCR read on it — is run again on each page to get
every character's box, and a range of the stored text maps to boxes by construction. If a
page no longer reads as it did on import (a different PyMuPDF, a damaged file), its codings
are not drawn and the user is told, rather than highlighting the wrong words.

The PDF is written from the bytes stored in the project, so the original file is not needed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kutip.i18n import _
from kutip.ingest.pdf.reader import MUPDF_LOCK, quiet_mupdf
from kutip.model import Page
from kutip.progress import Cancelled, NoProgress, Progress
from kutip.project import Project
from kutip.reports.model import Quote

log = logging.getLogger(__name__)

#: Highlights are drawn translucent, so that overlapping codings both show.
OPACITY = 0.5


@dataclass(frozen=True)
class CodeLook:
    """How one code's highlights look and what their notes say."""

    color: str  # "#rrggbb"
    path: str  # "Parent/Child"


def _rgb(color: str) -> tuple[float, float, float]:
    value = color.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def _on_pages(quote: Quote, pages: Sequence[Page]) -> Iterator[tuple[Page, int, int]]:
    """The parts of a coded range on each page, as page-local offsets."""
    for page in pages:
        start, end = max(quote.start, page.start), min(quote.end, page.end)
        if start < end:
            yield page, start - page.start, end - page.start


def annotate_pdf(
    project: Project,
    source_id: int,
    quotes: Sequence[Quote],
    looks: Mapping[int, CodeLook],
    path: Path,
    progress: Progress | None = None,
) -> list[str]:
    """Write the source's PDF with ``quotes`` highlighted to ``path``; returns warnings.

    Raises nothing for a page that cannot be drawn on (it is a warning); a source without a
    stored PDF, or one that needs a password, is a warning and writes nothing.
    """
    import pymupdf

    from kutip.ingest.pdf.ocr import page_text_with_ocr

    progress = progress or NoProgress()
    source = project.sources.get(source_id)
    data = project.sources.file(source_id)
    if not data:
        return [_("“{title}”: the project holds no PDF for it.").format(title=source.title)]
    text = project.sources.text(source_id)
    pages = project.sources.pages(source_id)
    layers = project.sources.ocr_layers(source_id)
    by_page: dict[int, list[tuple[Quote, int, int]]] = {}
    for quote in quotes:
        for page, start, end in _on_pages(quote, pages):
            by_page.setdefault(page.index, []).append((quote, start, end))
    warnings: list[str] = []
    with MUPDF_LOCK, quiet_mupdf():
        doc = pymupdf.open(stream=data, filetype="pdf")
        try:
            if doc.needs_pass and not doc.authenticate(""):
                return [
                    _(
                        "“{title}”: the PDF is protected by a password; it was not annotated."
                    ).format(title=source.title)
                ]
            changed = [page for page in pages if page.index in by_page]
            for done, page in enumerate(changed):
                if progress.cancelled:
                    raise Cancelled
                progress.report(done, len(changed), source.title)
                pdf_page = doc.load_page(page.index)
                laid_out = page_text_with_ocr(
                    pdf_page,
                    layers.get(page.index),
                    boxes=True,
                    skip=page.furniture,
                    rules=source.text_rules,  # as the source's text was read
                ).clipped(page.end - page.start)
                if laid_out.text != text[page.start : page.end]:
                    warnings.append(
                        _(
                            "“{title}”, page {label}: the page does not read as it did when it "
                            "was imported; its codings were not highlighted."
                        ).format(title=source.title, label=page.label)
                    )
                    continue
                for quote, start, end in by_page[page.index]:
                    _highlight(pdf_page, laid_out.rects(start, end), quote, looks[quote.code_id])
            doc.save(str(path), garbage=3, deflate=True)
        finally:
            doc.close()
    return warnings


def _highlight(page: object, rects: Sequence[tuple[float, float, float, float]], quote: Quote,
               look: CodeLook) -> None:  # fmt: skip
    import pymupdf

    if not rects:
        return
    quads = [pymupdf.Rect(rect).quad for rect in rects]
    annot = page.add_highlight_annot(quads=quads)  # type: ignore[attr-defined]
    annot.set_colors(stroke=_rgb(look.color))
    note = look.path if not quote.memo.strip() else f"{look.path}\n\n{quote.memo.strip()}"
    annot.set_info(content=note, title=quote.coder, subject=look.path)
    annot.set_opacity(OPACITY)
    annot.update()
