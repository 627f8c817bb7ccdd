"""A row of widgets that wraps onto more lines when it is narrow (a filter row in a dock).

Qt has no such layout; this one follows Qt's "Flow Layout" example, with two changes a dock's
row needs: the items of a line share its spare width (those that expand, such as a combo box
given ``QSizePolicy.Policy.Expanding``), and an item whose width policy is ``Ignored`` (a status
label) counts only its set minimum width, so a long message never pushes the row wider; it is
the first to get a line's spare width (up to half of it), as much as it needs to show whole.

The layout has a height for its width, which ``QBoxLayout`` honours: a dock's column gives the
row the lines it needs and the list under it the rest. Its minimum width is that of its widest
item, so a dock holding it can be as narrow as one control.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    # -- what QLayout asks ---------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._lay_out(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._lay_out(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Everything on one line."""
        shown = self._shown()
        width = sum(_base_width(item) for item in shown) + self.spacing() * max(0, len(shown) - 1)
        height = max((item.sizeHint().height() for item in shown), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        """One item a line: as narrow as the widest item."""
        shown = self._shown()
        width = max((_base_width(item) for item in shown), default=0)
        height = max((item.minimumSize().height() for item in shown), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    # -- laying out ----------------------------------------------------------------------------

    def lines(self, width: int) -> int:
        """How many lines the items take in ``width`` (what the tests check)."""
        return len(self._break_lines(width - _horizontal(self.contentsMargins())))

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _break_lines(self, width: int) -> list[list[QLayoutItem]]:
        lines: list[list[QLayoutItem]] = []
        used = 0
        for item in self._shown():
            needed = _base_width(item)
            if lines and lines[-1] and used + self.spacing() + needed <= width:
                lines[-1].append(item)
                used += self.spacing() + needed
            else:
                lines.append([item])
                used = needed
        return lines

    def _lay_out(self, rect: QRect, *, move: bool) -> int:
        """Place the items in ``rect`` (if ``move``); returns the height they take."""
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        y = area.y()
        for number, line in enumerate(self._break_lines(area.width())):
            if number:
                y += self.spacing()
            height = max(item.sizeHint().height() for item in line)
            if move:
                self._place_line(line, QPoint(area.x(), y), area.width(), height)
            y += height
        return y - area.y() + margins.top() + margins.bottom()

    def _place_line(self, line: list[QLayoutItem], at: QPoint, width: int, height: int) -> None:
        """Lay one line out left to right; the items that expand share the spare width."""
        widths = [_base_width(item) for item in line]
        spare = width - sum(widths) - self.spacing() * (len(line) - 1)
        # A message (an Ignored width) first gets the room to show whole, up to half the spare
        # width: the controls beside it keep some room to grow.
        for i, item in enumerate(line):
            widget = item.widget()
            if _policy(item) is QSizePolicy.Policy.Ignored and widget is not None and spare > 0:
                # The widget's own hint: its layout item reports none for an Ignored width.
                grow = min(spare // 2, max(0, widget.sizeHint().width() - widths[i]))
                widths[i] += grow
                spare -= grow
        # The rest goes to the controls that expand (to the message if none does).
        growing = [i for i, item in enumerate(line) if _expands(item)] or [
            i for i, item in enumerate(line) if _policy(item) is QSizePolicy.Policy.Ignored
        ]
        for n, i in enumerate(growing):
            share = spare // len(growing) + (1 if n < spare % len(growing) else 0)
            widths[i] += max(0, share)
        x = at.x()
        for item, wanted in zip(line, widths, strict=True):
            item_width = min(wanted, item.maximumSize().width())
            item_height = min(height, item.sizeHint().height())
            if item.expandingDirections() & Qt.Orientation.Vertical:
                item_height = height
            top = at.y() + (height - item_height) // 2
            item.setGeometry(QRect(x, top, item_width, item_height))
            x += item_width + self.spacing()


def _policy(item: QLayoutItem) -> QSizePolicy.Policy | None:
    widget = item.widget()
    return widget.sizePolicy().horizontalPolicy() if widget is not None else None


def _base_width(item: QLayoutItem) -> int:
    """The width an item takes before spare width is shared: its size hint, but only the set
    minimum of an ``Ignored`` one (a message that may be long)."""
    widget = item.widget()
    if _policy(item) is QSizePolicy.Policy.Ignored and widget is not None:
        return widget.minimumWidth()
    return max(item.sizeHint().width(), item.minimumSize().width())


def _expands(item: QLayoutItem) -> bool:
    """Whether a control takes a share of its line's spare width (a message is not one)."""
    if _policy(item) is QSizePolicy.Policy.Ignored:
        return False
    return bool(item.expandingDirections() & Qt.Orientation.Horizontal)


def _horizontal(margins: QMargins) -> int:
    return margins.left() + margins.right()


def group(*parts: QWidget | str, spacing: int = 4) -> QWidget:
    """Labels and their controls as one item of a flow, so that a line never parts them
    ("Attribute: [name] = [value]"). A text becomes a label, the buddy of the control after it
    (its mnemonic focuses that control); controls that expand share the group's spare width."""
    pair = QWidget()
    row = QHBoxLayout(pair)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(spacing)
    label: QLabel | None = None
    for part in parts:
        if isinstance(part, str):
            label = QLabel(part)
            row.addWidget(label)
            continue
        if label is not None:
            label.setBuddy(part)
            label = None
        # No stretch factor: that would make the group expand even when no control does.
        row.addWidget(part)
    return pair
