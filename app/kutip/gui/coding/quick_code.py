"""The quick-code popup: press Q on a selection, type part of a code's name, press Enter.

Every typed word must occur in the code's path (``Parent/Child``), in any case; the first match
is current, Up and Down move through the matches, Enter applies the current one and Esc closes.
When no code is called exactly what was typed, the last row offers to make that code.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kutip.i18n import _

_CODE_ROLE = Qt.ItemDataRole.UserRole + 1
_NEW = -1
_NAVIGATION = {
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
}


@dataclass(frozen=True)
class Choice:
    code_id: int
    path: str
    color: str
    depth: int


def _swatch(color: str, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return pixmap


class QuickCodePopup(QFrame):
    #: A code was chosen; carries its id.
    chosen = Signal(int)
    #: A new code was asked for; carries its name.
    new_code = Signal(str)

    def __init__(self, choices: list[Choice], parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("quick_code")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Type to find a code…"))
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setUniformItemSizes(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        hint = QLabel(_("Enter codes the passage, Esc closes"))
        hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(hint)
        size = self.fontMetrics().height() - 4
        for choice in choices:
            item = QListWidgetItem(_swatch(choice.color, size), choice.path.rsplit("/", 1)[-1])
            item.setData(_CODE_ROLE, choice.code_id)
            item.setToolTip(choice.path)
            # Subcodes indented under their parents, as in the codebook.
            item.setText("    " * choice.depth + item.text())
            item.setData(Qt.ItemDataRole.UserRole, choice.path.casefold())
            self.list.addItem(item)
        self._new = QListWidgetItem()
        self._new.setData(_CODE_ROLE, _NEW)
        self.list.addItem(self._new)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self._apply)
        self.filter.installEventFilter(self)
        self.list.itemClicked.connect(lambda _item: self._apply())
        self.resize(max(280, self.sizeHint().width()), 320)
        self._filter("")

    def visible_names(self) -> list[str]:
        """The code names now listed (without the offer of a new code)."""
        return [
            item.text().strip()
            for item in (self.list.item(i) for i in range(self.list.count()))
            if not item.isHidden() and item.data(_CODE_ROLE) != _NEW
        ]

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        typed = " ".join(text.split())
        first: QListWidgetItem | None = None
        exact = False
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item is self._new:
                continue
            path = str(item.data(Qt.ItemDataRole.UserRole))
            shown = all(word in path for word in words)
            item.setHidden(not shown)
            exact = exact or path.rsplit("/", 1)[-1] == typed.casefold()
            if shown and first is None:
                first = item
        offer = bool(typed) and not exact
        self._new.setHidden(not offer)
        self._new.setText(_("New code '{name}'").format(name=typed) if offer else "")
        current = first or (self._new if offer else None)
        if current is None:
            self.list.setCurrentRow(-1)
        else:
            self.list.setCurrentItem(current)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            watched is self.filter
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _NAVIGATION
        ):
            # Up and Down move through the list while typing goes on in the field.
            QApplication.sendEvent(
                self.list, QKeyEvent(event.type(), event.key(), event.modifiers())
            )
            self._skip_hidden(event.key())
            return True
        return super().eventFilter(watched, event)

    def _skip_hidden(self, key: int) -> None:
        item = self.list.currentItem()
        if item is not None and not item.isHidden():
            return
        step = -1 if key in (Qt.Key.Key_Up, Qt.Key.Key_PageUp) else 1
        row = self.list.currentRow()
        while 0 <= row < self.list.count() and self.list.item(row).isHidden():
            row += step
        if 0 <= row < self.list.count():
            self.list.setCurrentRow(row)

    def _apply(self) -> None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return
        code_id = int(item.data(_CODE_ROLE))
        self.close()
        if code_id == _NEW:
            self.new_code.emit(" ".join(self.filter.text().split()))
        else:
            self.chosen.emit(code_id)

    def popup(self, where: QPoint) -> None:
        """Show the popup at global point ``where``, kept on the screen, typing in its field."""
        screen = QApplication.screenAt(where) or QApplication.primaryScreen()
        area = screen.availableGeometry()
        x = min(max(where.x(), area.left()), area.right() - self.width())
        y = where.y() if where.y() + self.height() <= area.bottom() else where.y() - self.height()
        self.move(x, max(y, area.top()))
        self.show()
        self.filter.setFocus(Qt.FocusReason.PopupFocusReason)
