"""Where a PDF's pages go in the PDF view: stacked top to bottom, centred, at one zoom.

Pure geometry over ``PageGeometry`` (no widget): the view asks it where a page is for the
current viewport size and scroll position, which page is at a given height, and how a page's
text coordinates map to the viewport.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QPoint, QRectF, QSize
from PySide6.QtGui import QTransform

from kutip.gui.viewer.page_cache import PageGeometry

#: Logical pixels per point at 100%: pages show at their printed size on a 96 dpi screen.
POINT = 96 / 72
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
MIN_ZOOM, MAX_ZOOM = 0.1, 8.0
#: Space around and between pages, in logical pixels.
MARGIN, GAP = 16, 12

FIT_WIDTH, FIT_PAGE, FIXED = "width", "page", "fixed"


def clamp_zoom(zoom: float) -> float:
    return max(MIN_ZOOM, min(MAX_ZOOM, zoom))


class PageLayout:
    def __init__(self) -> None:
        self.pages: list[PageGeometry] = []
        self.zoom = 1.0
        #: FIT_WIDTH and FIT_PAGE follow the view's size; FIXED keeps ``zoom``.
        self.fit = FIT_WIDTH
        self.tops: list[float] = []
        self.width = 0.0
        #: Room kept at the left of every page (for its coding stripes), in logical pixels.
        self.gutter = 0.0
        self.height = 0.0

    @property
    def pixels_per_point(self) -> float:
        return self.zoom * POINT

    def fit_zoom(self, fit: str, area: QSize) -> float:
        """The zoom at which the widest page fits ``area``'s width (FIT_PAGE: and the tallest
        its height)."""
        if not self.pages:
            return self.zoom
        widest = max(p.width for p in self.pages) * POINT
        zoom = (area.width() - 2 * MARGIN - self.gutter) / widest
        if fit == FIT_PAGE:
            tallest = max(p.height for p in self.pages) * POINT
            zoom = min(zoom, (area.height() - 2 * MARGIN) / tallest)
        return clamp_zoom(zoom)

    def place(self, area: QSize) -> None:
        """Lay the pages out for a viewport of size ``area`` (which a fit follows)."""
        if self.fit != FIXED:
            self.zoom = self.fit_zoom(self.fit, area)
        scale = self.pixels_per_point
        tops = []
        y = float(MARGIN)
        for page in self.pages:
            tops.append(y)
            y += page.height * scale + GAP
        self.tops = tops
        widest = max((p.width for p in self.pages), default=0.0)
        self.width = widest * scale + 2 * MARGIN + self.gutter
        self.height = y - GAP + MARGIN

    def page_rect(self, index: int, area_width: int, scroll: QPoint) -> QRectF:
        """Where page ``index`` is in the viewport, in logical pixels."""
        page = self.pages[index]
        scale = self.pixels_per_point
        width = page.width * scale
        # Centred in what the gutter leaves, so the gutter stays beside the page.
        x = self.gutter + (max(self.width, area_width) - self.gutter - width) / 2 - scroll.x()
        return QRectF(x, self.tops[index] - scroll.y(), width, page.height * scale)

    def pages_between(
        self, top: float, bottom: float, area_width: int, scroll: QPoint
    ) -> list[int]:
        """The pages overlapping viewport rows ``top`` to ``bottom``."""
        if not self.tops:
            return []
        first = max(0, bisect.bisect_right(self.tops, top + scroll.y()) - 1)
        found = []
        for index in range(first, len(self.tops)):
            rect = self.page_rect(index, area_width, scroll)
            if rect.top() > bottom:
                break
            if rect.bottom() >= top:
                found.append(index)
        return found

    def page_at(self, y: float, scroll_y: int) -> int | None:
        """The page at viewport row ``y``, or the nearest one (in the gaps and margins)."""
        if not self.tops:
            return None
        index = max(0, bisect.bisect_right(self.tops, y + scroll_y + GAP / 2) - 1)
        return min(index, len(self.tops) - 1)

    def transform(self, index: int, area_width: int, scroll: QPoint) -> QTransform:
        """Text coordinates of page ``index`` (PyMuPDF's, unrotated) → viewport coordinates."""
        rect = self.page_rect(index, area_width, scroll)
        scale = self.pixels_per_point
        view = QTransform.fromTranslate(rect.left(), rect.top()).scale(scale, scale)
        return self.pages[index].text_to_page * view
