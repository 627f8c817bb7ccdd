"""The first window fits: most of the screen, docks wide enough for the longest code name and
source citation, no tool button folded into "››"; the layout is remembered afterwards.

Run offscreen and under Xvfb (QT_QPA_PLATFORM=xcb), where a real platform lays the docks out
again from their size hints once the window is shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QToolBar, QToolButton, QTreeView
from pytestqt.qtbot import QtBot

from kutip.gui.core import settings
from kutip.gui.core.flow_layout import FlowLayout
from kutip.gui.main_window import MainWindow
from kutip.i18n import current_language, set_language


def folded_buttons(window: MainWindow) -> list[str]:
    """The docks' tool bars whose "››" extension button shows (buttons did not fit)."""
    folded = []
    for dock in window.docks:
        dock.raise_()  # a dock tabified with others is laid out when its tab is in front
        QApplication.processEvents()
        folded += [
            dock.objectName()
            for bar in dock.findChildren(QToolBar)
            for button in bar.findChildren(QToolButton, "qt_toolbar_ext_button")
            if button.isVisible()
        ]
    return folded


def cut_trees(window: MainWindow) -> list[str]:
    """The side docks' trees whose rows are wider than the room they have."""
    cut = []
    for dock in (window.sources_dock, window.codebook_dock):
        for view in dock.findChildren(QTreeView):
            if view.sizeHintForColumn(0) > view.columnWidth(0) + 1:
                cut.append(dock.objectName())
    return cut


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_the_first_window_fits_the_screen_and_its_docks_show_names_whole(
    window: MainWindow, demo_path: Path, qtbot: QtBot, size: tuple[int, int]
) -> None:
    fits(window, demo_path, qtbot, size)


def fits(window: MainWindow, demo_path: Path, qtbot: QtBot, size: tuple[int, int]) -> None:
    """The window sized for a screen of ``size``, with the demo open, shows names whole."""
    width, height = size
    window.fit_to_screen(QRect(0, 0, width, height))
    qtbot.waitUntil(lambda: window.width() >= 0.9 * width)
    assert window.width() <= width and window.height() >= 0.85 * height
    assert window.open_project(demo_path)
    qtbot.waitUntil(lambda: not cut_trees(window) and not folded_buttons(window), timeout=3000)
    # The documents keep most of the width.
    assert window.documents.width() >= 0.4 * window.width()


def test_the_first_window_fits_at_1280_by_800_in_indonesian_too(
    demo_path: Path, qtbot: QtBot, tmp_path: Path
) -> None:
    """Its titles are longer ("Pengodean" over the codings' counts)."""
    previous = current_language()
    set_language("id")
    try:
        window = MainWindow(demo_dir=tmp_path / "built-demo")
        qtbot.addWidget(window)
        window.show()
        fits(window, demo_path, qtbot, (1280, 800))
    finally:
        set_language(previous)


def test_the_window_is_remembered_after_the_first_start(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window.fit_to_screen(QRect(0, 0, 1280, 800))
    window.resize(760, 560)
    window.close()
    assert settings.WINDOW_GEOMETRY.get() is not None
    again = MainWindow(demo_dir=tmp_path / "demo")
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (760, 560)


def test_the_bottom_docks_wrap_their_controls_rather_than_hold_the_side_docks_narrow(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    window = demo_window
    window.fit_to_screen(QRect(0, 0, 1280, 800))
    bottom = (window.search_dock, window.retrieval_dock, window.cases_dock)
    for dock in bottom:
        assert dock.minimumSizeHint().width() <= 360, dock.objectName()
    window.retrieval_dock.raise_()
    filters = window.retrieval_dock.filters
    qtbot.waitUntil(lambda: filters.isVisible() and filters.width() < 800)
    # Two lines of filters at this width, every list whole inside the dock.
    lines = filters.layout()
    assert isinstance(lines, FlowLayout) and lines.lines(filters.width()) == 2
    for box in filters.findChildren(QComboBox):
        corner = box.mapTo(filters, box.rect().bottomRight())
        assert corner.x() < filters.width() and corner.y() < filters.height()
        assert box.width() >= box.minimumSizeHint().width()


def test_a_layout_saved_before_the_docks_fitted_gives_way_to_the_default(
    demo_window: MainWindow, demo_path: Path, qtbot: QtBot
) -> None:
    window = demo_window
    window.fit_to_screen(QRect(0, 0, 1280, 800))
    # The cramped layout an earlier Kutip saved (its version of the layout was 1).
    window.resizeDocks([window.sources_dock], [110], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: window.sources_dock.width() < 130)
    cramped = window.saveState(1)
    window.close_project()
    settings.WINDOW_STATE.set(cramped)
    assert window.open_project(demo_path)
    qtbot.waitUntil(lambda: not cut_trees(window) and window.sources_dock.width() >= 200)
