"""The flow layout of the docks' filter rows, and the status line that elides what does not fit."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QSizePolicy, QWidget
from pytestqt.qtbot import QtBot

from kutip.gui.core.flow_layout import FlowLayout, group
from kutip.gui.core.status_label import StatusLabel


def make_row(qtbot: QtBot) -> tuple[QWidget, FlowLayout, list[QWidget]]:
    row = QWidget()
    qtbot.addWidget(row)
    layout = FlowLayout(row, spacing=6)
    box = QComboBox()
    box.addItems(["Any", "Pendidikan dan Kesadaran Politik"])
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    items: list[QWidget] = [QCheckBox("Exact words"), group("In code:", box), QCheckBox("Not yet")]
    for item in items:
        layout.addWidget(item)
    return row, layout, items


def test_a_wide_row_is_one_line_and_a_narrow_one_wraps_with_labels_beside_their_lists(
    qtbot: QtBot,
) -> None:
    _row, layout, items = make_row(qtbot)
    one_line = layout.sizeHint().width()
    widest = max(item.sizeHint().width() for item in items)
    assert layout.minimumSize().width() == widest < one_line

    layout.setGeometry(QRect(0, 0, one_line + 100, 200))
    assert layout.lines(one_line + 100) == 1
    assert len({item.geometry().center().y() // 4 for item in items}) == 1
    # The expanding group takes the spare width; the others keep their size.
    assert items[1].width() == items[1].sizeHint().width() + 100
    assert items[0].width() == items[0].sizeHint().width()

    layout.setGeometry(QRect(0, 0, widest, 200))
    assert layout.lines(widest) == 3
    tops = [item.geometry().top() for item in items]
    assert tops == sorted(tops) and tops[0] < tops[1] < tops[2]
    assert layout.heightForWidth(widest) > layout.heightForWidth(one_line)
    # The label and its list never part: they are one item.
    label = items[1].findChild(QLabel)
    assert label is not None and label.buddy() is items[1].findChild(QComboBox)
    for item in items:  # nothing overlaps, nothing sticks out
        assert item.geometry().right() < widest
        assert all(
            not item.geometry().intersects(other.geometry()) for other in items if other is not item
        )


def test_a_status_line_takes_no_width_of_its_own_and_shows_what_the_line_leaves(
    qtbot: QtBot,
) -> None:
    row, layout, items = make_row(qtbot)
    status = StatusLabel()
    status.setText("Indexing the project for search (42%)… and a long explanation after it")
    layout.addWidget(status)
    before = layout.minimumSize().width()
    assert before == max(item.sizeHint().width() for item in items)
    one_line = sum(item.sizeHint().width() for item in items) + 6 * 3
    layout.setGeometry(QRect(0, 0, one_line + 200, 100))
    row.resize(one_line + 200, 100)
    # On the same line, with half the spare width; the list gets the rest.
    assert abs(status.geometry().center().y() - items[0].geometry().center().y()) <= 2
    assert status.width() == 100
    assert items[1].width() == items[1].sizeHint().width() + 100
    shown = status.elided()
    assert shown.endswith("…") and shown[:-1] in status.text()
    assert status.toolTip() == status.text()
