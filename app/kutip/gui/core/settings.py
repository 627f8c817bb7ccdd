"""The user's settings, each declared once with its key, type and default (as Picard's options).

Settings live in QSettings (organisation and application "Kutip"). Every setting is an
``Option`` declared below: the key it has in the settings file, the type ``get()`` returns and
the default it returns when the value is missing or unreadable. Nothing else in Kutip touches
QSettings, so no caller handles raw values, whose types depend on the platform's backend (an
INI file returns every value as a string, a one-item list comes back as a plain string)::

    settings.LANGUAGE.get()           # "id", or None to follow the system
    settings.EXPORT_CHARTS.set(False)

``OPTIONS`` holds every declared option by key; declaring a key twice is refused.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Collection
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from kutip.i18n import LANGUAGES
from kutip.ingest.pdf.tessdata import DEFAULT_LANGUAGE as DEFAULT_OCR_LANGUAGE

ORGANISATION = "Kutip"
APPLICATION = "Kutip"

T = TypeVar("T")

#: Every declared option, by key.
OPTIONS: dict[str, Option[Any]] = {}


def _settings() -> QSettings:
    # QSettings(organisation, application) always uses the native format; naming the default
    # format lets tests (and a future portable mode) redirect settings with setDefaultFormat.
    return QSettings(
        QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


class Option(ABC, Generic[T]):
    """One setting: its key in the settings file, its default, and how its value is stored."""

    def __init__(self, key: str, default: T) -> None:
        if key in OPTIONS:
            raise ValueError(f"the setting {key!r} is declared twice")
        self.key = key
        self.default = default
        OPTIONS[key] = self

    def get(self) -> T:
        """The stored value, or the default when there is none or it cannot be read."""
        raw = _settings().value(self.key)
        return self.default if raw is None else self.parse(raw)

    def set(self, value: T) -> None:
        _settings().setValue(self.key, self.dump(value))

    @abstractmethod
    def parse(self, raw: object) -> T:
        """The value of what the backend returned (the default if it is not one)."""

    @abstractmethod
    def dump(self, value: T) -> object:
        """What is stored for ``value``: a type every backend returns unchanged."""


class TextOption(Option[str]):
    """A string (a format name, a scope); the caller checks it is one it knows."""

    def __init__(self, key: str, default: str = "") -> None:
        super().__init__(key, default)

    def parse(self, raw: object) -> str:
        return raw if isinstance(raw, str) else self.default

    def dump(self, value: str) -> object:
        return value


class FlagOption(Option[bool]):
    """Yes or no, stored as the text "true" or "false" (the INI backend returns strings)."""

    def parse(self, raw: object) -> bool:
        if isinstance(raw, bool):
            return raw
        return {"true": True, "false": False}.get(str(raw), self.default)

    def dump(self, value: bool) -> object:
        return "true" if value else "false"


class ChoiceOption(Option[str | None]):
    """One of a fixed set of strings, or None (not chosen)."""

    def __init__(self, key: str, choices: Collection[str]) -> None:
        super().__init__(key, None)
        self.choices = choices

    def parse(self, raw: object) -> str | None:
        return raw if isinstance(raw, str) and raw in self.choices else None

    def dump(self, value: str | None) -> object:
        return value or ""


class PathOption(Option[Path | None]):
    """A file or folder, stored as text; None when not set."""

    def __init__(self, key: str) -> None:
        super().__init__(key, None)

    def parse(self, raw: object) -> Path | None:
        return Path(raw) if isinstance(raw, str) and raw else None

    def dump(self, value: Path | None) -> object:
        return str(value) if value is not None else ""


class BytesOption(Option[QByteArray | None]):
    """Bytes Qt saves and restores itself (window geometry, dock layout)."""

    def __init__(self, key: str) -> None:
        super().__init__(key, None)

    def parse(self, raw: object) -> QByteArray | None:
        return raw if isinstance(raw, QByteArray) else None

    def dump(self, value: QByteArray | None) -> object:
        return value if value is not None else QByteArray()


class TextListOption(Option[list[str]]):
    """Up to ``limit`` non-empty strings, most recent first, as JSON in one string: portable
    across the registry, plist and INI backends (a one-item list would come back a string)."""

    def __init__(self, key: str, limit: int) -> None:
        super().__init__(key, [])
        self.limit = limit

    def parse(self, raw: object) -> list[str]:
        try:
            items = json.loads(raw) if isinstance(raw, str) and raw else []
        except ValueError:
            return []
        if not isinstance(items, list):
            return []
        return [item for item in items if isinstance(item, str) and item][: self.limit]

    def dump(self, value: list[str]) -> object:
        return json.dumps(value[: self.limit])

    def put_first(self, item: str) -> list[str]:
        """Put ``item`` first (once), keep at most ``limit``; returns the new list."""
        items = [item, *(old for old in self.get() if old != item)]
        self.set(items)
        return items[: self.limit]

    def remove(self, item: str) -> None:
        self.set([old for old in self.get() if old != item])


# -- the window ---------------------------------------------------------------------------

MAX_RECENT = 10
#: Recently opened projects, most recent first (they may since have been moved).
RECENT_PROJECTS = TextListOption("recent_projects", limit=MAX_RECENT)
#: The language chosen in Settings ▸ Language, or None to follow the system.
LANGUAGE = ChoiceOption("language", choices=dict(LANGUAGES))
WINDOW_GEOMETRY = BytesOption("main_window/geometry")
#: Where the docks are (saved when a project closes, restored when one opens).
WINDOW_STATE = BytesOption("main_window/state")

#: Who codes at this computer: asked the first time a project opens, changed in Settings.
CODER_NAME = TextOption("team/coder_name")

# -- importing ----------------------------------------------------------------------------

#: Where the user last imported from: the import dialogs open there again.
IMPORT_FOLDER = PathOption("import/folder")
#: Whether PDF highlights become codings, as chosen at the last import.
IMPORT_ANNOTATIONS = FlagOption("import/with_annotations", default=False)
#: Whether scanned PDF pages are read by OCR on import, as chosen at the last import.
IMPORT_OCR = FlagOption("import/ocr", default=True)
#: The languages scanned pages are read in (Tesseract's codes, "ind+eng"), as last chosen.
OCR_LANGUAGE = TextOption("ocr/language", default=DEFAULT_OCR_LANGUAGE)

# -- search -------------------------------------------------------------------------------

MAX_SEARCH_HISTORY = 20
#: The last queries searched, most recent first.
SEARCH_HISTORY = TextListOption("search/history", limit=MAX_SEARCH_HISTORY)
#: The scope chosen at the last autocode ("hit", "sentence", …); the caller validates it.
AUTOCODE_SCOPE = TextOption("search/autocode_scope")

# -- export -------------------------------------------------------------------------------
# What the last export chose, proposed again; "" if none, and the caller validates the rest.

#: The format ("docx", "qdpx", …).
EXPORT_FORMAT = TextOption("export/format")
#: The citation style ("apa", …).
EXPORT_STYLE = TextOption("export/style")
#: The report language ("id", "en").
EXPORT_LANGUAGE = TextOption("export/language")
#: How the code × case matrix shows a cell ("counts", "presence").
EXPORT_MATRIX = TextOption("export/matrix")
#: Whether the export draws its charts (yes until the user says otherwise).
EXPORT_CHARTS = FlagOption("export/charts", default=True)
#: Where the last export was written: the next one is proposed there.
EXPORT_FOLDER = PathOption("export/folder")


# -- lists kept most recent first ---------------------------------------------------------


def recent_projects() -> list[Path]:
    """Recently opened projects, most recent first (they may since have been moved)."""
    return [Path(item) for item in RECENT_PROJECTS.get()]


def add_recent_project(path: Path) -> None:
    RECENT_PROJECTS.put_first(str(path.absolute()))


def remove_recent_project(path: Path) -> None:
    RECENT_PROJECTS.remove(str(path.absolute()))


def add_search_history(query: str) -> list[str]:
    """Put ``query`` first in the history (once) and return the history."""
    query = query.strip()
    return SEARCH_HISTORY.put_first(query) if query else SEARCH_HISTORY.get()
