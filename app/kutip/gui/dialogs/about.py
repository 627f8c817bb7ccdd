"""Help ▸ About: Kutip's version and the licences of what it is made of.

The main components are named with the licence that binds them (Kutip and PyMuPDF are AGPL,
Qt is LGPL), and every other library Kutip runs with is listed from its installed package
metadata, so the list stays true whatever is installed or bundled. A bundle built by
PyInstaller carries the licence texts in ``licenses/`` beside the program: a button opens it.
"""

from __future__ import annotations

import html
import importlib.metadata as metadata
import platform
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kutip import __version__
from kutip.i18n import _

#: Distributions named in the main table, not again among the libraries.
_MAIN = {"kutip", "pymupdf", "pyside6-essentials", "pyside6", "shiboken6"}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _licence(meta: metadata.PackageMetadata) -> str:
    # The object is an email.message.Message, whose get() the PackageMetadata protocol omits.
    expression = meta.get("License-Expression")  # type: ignore[attr-defined]
    if expression:
        return str(expression)
    text = str(meta.get("License") or "").strip()  # type: ignore[attr-defined]
    if text and "\n" not in text and len(text) <= 60:
        return text
    classifiers = [
        c.rsplit("::", 1)[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::")
    ]
    return ", ".join(classifiers) or _("see its licence file")


def _requirements(name: str) -> list[str]:
    try:
        requires = metadata.requires(name) or []
    except metadata.PackageNotFoundError:
        return []
    found = []
    for requirement in requires:
        if "extra ==" in requirement:
            continue
        match = _NAME.match(requirement)
        if match:
            found.append(match.group(0))
    return found


def libraries() -> list[Component]:
    """Every installed library Kutip depends on, directly or not, but for the main ones."""
    seen: dict[str, Component] = {}
    queue = _requirements("kutip")
    while queue:
        name = queue.pop()
        key = _normalised(name)
        if key in seen or key in _MAIN:
            continue
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = Component(str(meta["Name"]), str(meta["Version"]), _licence(meta))
        queue.extend(_requirements(name))
    return sorted(seen.values(), key=lambda c: c.name.casefold())


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def main_components() -> list[Component]:
    return [
        Component("Kutip", __version__, "AGPL-3.0-or-later"),
        Component("PyMuPDF / MuPDF", _version("pymupdf"), "AGPL-3.0"),
        Component("Qt", qVersion(), "LGPL-3.0"),
        Component("Qt for Python (PySide6)", pyside_version, "LGPL-3.0"),
        Component("Python", platform.python_version(), "PSF-2.0"),
    ]


def licences_folder() -> Path | None:
    """The bundle's ``licenses/`` folder when Kutip runs frozen (PyInstaller), else None."""
    if not getattr(sys, "frozen", False):
        return None
    return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)).parent / "licenses"


def _table(components: list[Component]) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(c.name)}</td><td>{html.escape(c.version)}</td>"
        f"<td>{html.escape(c.licence)}</td></tr>"
        for c in components
    )
    head = "<tr><th align=left>{}</th><th align=left>{}</th><th align=left>{}</th></tr>".format(
        html.escape(_("Component")), html.escape(_("Version")), html.escape(_("Licence"))
    )
    return f"<table cellspacing=0 cellpadding=3>{head}{rows}</table>"


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about")
        self.setWindowTitle(_("About Kutip"))
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(self.html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.about_qt_button = QPushButton(_("About &Qt"))
        buttons.addButton(self.about_qt_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.about_qt_button.clicked.connect(lambda: QMessageBox.aboutQt(self, _("About Qt")))
        self.licences_button: QPushButton | None = None
        folder = licences_folder()
        if folder is not None:
            self.licences_button = QPushButton(_("Open the &Licence Texts"))
            buttons.addButton(self.licences_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.licences_button.clicked.connect(
                lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
            )
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(560, 520)

    @staticmethod
    def html() -> str:
        blurb = _("Qualitative coding and literature review, offline.")
        licence = _(
            "Kutip is free software: you can redistribute it and modify it under the terms of "
            "the GNU Affero General Public License, version 3 or (at your option) any later "
            "version. It comes with no warranty."
        )
        made_of = _("Kutip is made with these, under these licences:")
        others = _("And these libraries:")
        return (
            f"<h2>Kutip {html.escape(__version__)}</h2><p>{html.escape(blurb)}</p>"
            f"<p>{html.escape(licence)}</p>"
            f"<p>{html.escape(made_of)}</p>{_table(main_components())}"
            f"<p>{html.escape(others)}</p>{_table(libraries())}"
        )
