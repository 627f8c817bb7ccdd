"""The user's settings (QSettings, organisation and application "Kutip"), read and written typed.

Every key is named here, once, so the rest of the GUI never handles raw QSettings values (whose
types depend on the platform's backend: an INI file returns strings, a one-item list comes back
as a plain string).
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from kutip.i18n import LANGUAGES

ORGANISATION = "Kutip"
APPLICATION = "Kutip"
MAX_RECENT = 10

_RECENT = "recent_projects"
_LANGUAGE = "language"
_GEOMETRY = "main_window/geometry"
_STATE = "main_window/state"
_IMPORT_FOLDER = "import/folder"
_IMPORT_ANNOTATIONS = "import/with_annotations"


def _settings() -> QSettings:
    # QSettings(organisation, application) always uses the native format; naming the default
    # format lets tests (and a future portable mode) redirect settings with setDefaultFormat.
    return QSettings(
        QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def recent_projects() -> list[Path]:
    """Recently opened projects, most recent first (they may since have been moved)."""
    raw = _settings().value(_RECENT, "")
    try:
        items = json.loads(raw) if isinstance(raw, str) and raw else []
    except ValueError:
        return []
    return [Path(item) for item in items if isinstance(item, str)][:MAX_RECENT]


def _store_recent(paths: list[Path]) -> None:
    # JSON in one string: portable across the registry, plist and INI backends.
    _settings().setValue(_RECENT, json.dumps([str(p) for p in paths[:MAX_RECENT]]))


def add_recent_project(path: Path) -> None:
    path = path.absolute()
    _store_recent([path, *(p for p in recent_projects() if p != path)])


def remove_recent_project(path: Path) -> None:
    path = path.absolute()
    _store_recent([p for p in recent_projects() if p != path])


def language() -> str | None:
    """The language chosen in Settings ▸ Language, or None to follow the system."""
    value = _settings().value(_LANGUAGE, "")
    return value if isinstance(value, str) and value in dict(LANGUAGES) else None


def set_language(code: str) -> None:
    _settings().setValue(_LANGUAGE, code)


def window_geometry() -> QByteArray | None:
    value = _settings().value(_GEOMETRY)
    return value if isinstance(value, QByteArray) else None


def set_window_geometry(value: QByteArray) -> None:
    _settings().setValue(_GEOMETRY, value)


def window_state() -> QByteArray | None:
    value = _settings().value(_STATE)
    return value if isinstance(value, QByteArray) else None


def set_window_state(value: QByteArray) -> None:
    _settings().setValue(_STATE, value)


def import_folder() -> Path | None:
    """Where the user last imported from: the import dialogs open there again."""
    value = _settings().value(_IMPORT_FOLDER, "")
    return Path(value) if isinstance(value, str) and value else None


def set_import_folder(path: Path) -> None:
    _settings().setValue(_IMPORT_FOLDER, str(path))


def import_with_annotations() -> bool:
    """Whether PDF highlights become codings, as chosen at the last import."""
    # Stored as "true"/"false" text: the INI backend returns every value as a string.
    return _settings().value(_IMPORT_ANNOTATIONS, "false") == "true"


def set_import_with_annotations(value: bool) -> None:
    _settings().setValue(_IMPORT_ANNOTATIONS, "true" if value else "false")


# -- search ---------------------------------------------------------------------------------

MAX_SEARCH_HISTORY = 20
_SEARCH_HISTORY = "search/history"
_AUTOCODE_SCOPE = "search/autocode_scope"


def search_history() -> list[str]:
    """The last queries searched, most recent first (JSON in one string, like recent projects)."""
    raw = _settings().value(_SEARCH_HISTORY, "")
    try:
        items = json.loads(raw) if isinstance(raw, str) and raw else []
    except ValueError:
        return []
    if not isinstance(items, list):
        return []
    return [item for item in items if isinstance(item, str) and item][:MAX_SEARCH_HISTORY]


def add_search_history(query: str) -> list[str]:
    """Put ``query`` first in the history (once) and return the history."""
    query = query.strip()
    history = search_history()
    if query:
        history = [query, *(item for item in history if item != query)][:MAX_SEARCH_HISTORY]
        _settings().setValue(_SEARCH_HISTORY, json.dumps(history))
    return history


def autocode_scope() -> str:
    """The scope chosen at the last autocode ("hit", "sentence", …); the caller validates it."""
    value = _settings().value(_AUTOCODE_SCOPE, "")
    return value if isinstance(value, str) else ""


def set_autocode_scope(scope: str) -> None:
    _settings().setValue(_AUTOCODE_SCOPE, scope)


# -- export ---------------------------------------------------------------------------------

_EXPORT_FORMAT = "export/format"
_EXPORT_STYLE = "export/style"
_EXPORT_LANGUAGE = "export/language"
_EXPORT_MATRIX = "export/matrix"
_EXPORT_CHARTS = "export/charts"
_EXPORT_FOLDER = "export/folder"


def _text(key: str) -> str:
    value = _settings().value(key, "")
    return value if isinstance(value, str) else ""


def export_format() -> str:
    """The format of the last export ("docx", "qdpx", …; "" if none); the caller validates."""
    return _text(_EXPORT_FORMAT)


def set_export_format(value: str) -> None:
    _settings().setValue(_EXPORT_FORMAT, value)


def export_style() -> str:
    """The citation style of the last export ("apa", …; "" if none); the caller validates."""
    return _text(_EXPORT_STYLE)


def set_export_style(value: str) -> None:
    _settings().setValue(_EXPORT_STYLE, value)


def export_language() -> str:
    """The report language of the last export ("id", "en"; "" if none); the caller validates."""
    return _text(_EXPORT_LANGUAGE)


def set_export_language(value: str) -> None:
    _settings().setValue(_EXPORT_LANGUAGE, value)


def export_matrix() -> str:
    """How the last export's code × case matrix showed a cell ("counts", "presence" or "")."""
    return _text(_EXPORT_MATRIX)


def set_export_matrix(value: str) -> None:
    _settings().setValue(_EXPORT_MATRIX, value)


def export_charts() -> bool:
    """Whether the last export drew its charts (yes until the user says otherwise)."""
    return _settings().value(_EXPORT_CHARTS, "true") != "false"


def set_export_charts(value: bool) -> None:
    _settings().setValue(_EXPORT_CHARTS, "true" if value else "false")


def export_folder() -> Path | None:
    """Where the last export was written: the next one is proposed there."""
    value = _text(_EXPORT_FOLDER)
    return Path(value) if value else None


def set_export_folder(path: Path) -> None:
    _settings().setValue(_EXPORT_FOLDER, str(path))
