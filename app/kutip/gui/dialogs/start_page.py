"""What the window shows with no project open: start something, or go back to recent work."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kutip.i18n import _

_PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class StartPage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    #: A recent project was chosen; carries its Path.
    path_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start_page")

        title = QLabel(_("Kutip"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2.4)
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        tagline = QLabel(_("Qualitative coding and literature review, offline."))
        tagline.setEnabled(False)  # drawn in the palette's quieter text colour

        self.new_button = QPushButton(_("New project…"))
        self.open_button = QPushButton(_("Open project…"))
        self.demo_button = QPushButton(_("Open the demo project"))
        self.demo_button.setToolTip(
            _("Fictional interviews and articles, already coded, to try Kutip on.")
        )
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.demo_button):
            button.setMinimumHeight(34)
            buttons.addWidget(button)
        buttons.addStretch(1)

        recent_label = QLabel(_("Recent projects"))
        bold = recent_label.font()
        bold.setWeight(QFont.Weight.DemiBold)
        recent_label.setFont(bold)
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recent_projects")
        self.recent_list.setIconSize(QSize(0, 0))
        self.recent_list.setAlternatingRowColors(True)
        self.recent_list.setSpacing(3)
        self.recent_list.setSizeAdjustPolicy(QListWidget.SizeAdjustPolicy.AdjustToContents)
        # One click opens, as on a web page: the list holds nothing else to select for.
        self.recent_list.itemClicked.connect(self._chosen)
        self.recent_list.itemActivated.connect(self._chosen)
        self.no_recent = QLabel(_("Projects you open will be listed here."))
        self.no_recent.setEnabled(False)

        # Room for about ten projects; the page does not grow a wall of list.
        self.recent_list.setMaximumHeight(self.fontMetrics().height() * 16)

        column = QVBoxLayout()
        column.setSpacing(10)
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(tagline)
        column.addSpacing(20)
        column.addLayout(buttons)
        column.addSpacing(28)
        column.addWidget(recent_label)
        column.addWidget(self.recent_list)
        column.addWidget(self.no_recent)
        column.addStretch(2)

        # A readable column in the middle of a wide window rather than text edge to edge.
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)
        outer.setContentsMargins(24, 24, 24, 24)

    def set_recent(self, paths: list[Path]) -> None:
        self.recent_list.clear()
        for path in paths:
            item = QListWidgetItem(f"{path.stem}\n{path.parent}")
            item.setData(_PATH_ROLE, str(path))
            item.setToolTip(str(path))
            if not path.exists():
                item.setForeground(self.palette().placeholderText())
                item.setToolTip(_("{path} (not found)").format(path=path))
            self.recent_list.addItem(item)
        self.recent_list.setVisible(bool(paths))
        self.no_recent.setVisible(not paths)

    def set_busy(self, busy: bool) -> None:
        for widget in (self.new_button, self.open_button, self.demo_button, self.recent_list):
            widget.setEnabled(not busy)

    def _chosen(self, item: QListWidgetItem) -> None:
        path = item.data(_PATH_ROLE)
        if isinstance(path, str):
            self.path_chosen.emit(Path(path))
