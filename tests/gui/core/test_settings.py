"""Settings are declared once, typed: what is written reads back, and no key goes undeclared."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QSettings
from pytestqt.qtbot import QtBot

from kutip.gui.core import settings
from kutip.gui.main_window import MainWindow

APP = Path(__file__).resolve().parents[3] / "app" / "kutip"

#: A value of each option's type, unlike its default.
SAMPLES: dict[type[settings.Option[Any]], Any] = {
    settings.TextOption: "presence",
    settings.FlagOption: None,  # the opposite of the default, below
    settings.ChoiceOption: "id",
    settings.PathOption: Path("/home/peneliti/Dokumen"),
    settings.BytesOption: QByteArray(b"\x01\x00geometry\xff"),
    settings.TextListOption: ["kampanye", "partisipasi politik"],
}


def _stored_keys() -> set[str]:
    stored = QSettings(
        QSettings.defaultFormat(),
        QSettings.Scope.UserScope,
        settings.ORGANISATION,
        settings.APPLICATION,
    )
    return set(stored.allKeys())


def _write_raw(key: str, value: object) -> None:
    QSettings(
        QSettings.defaultFormat(),
        QSettings.Scope.UserScope,
        settings.ORGANISATION,
        settings.APPLICATION,
    ).setValue(key, value)


def test_the_keys_are_those_earlier_versions_wrote() -> None:
    # Renaming a key would silently lose what every user chose.
    assert set(settings.OPTIONS) == {
        "recent_projects",
        "language",
        "main_window/geometry",
        "main_window/state",
        "import/folder",
        "import/ocr",
        "ocr/language",
        "import/with_annotations",
        "search/history",
        "search/autocode_scope",
        "export/format",
        "export/style",
        "export/language",
        "export/matrix",
        "export/charts",
        "export/folder",
        "team/coder_name",
    }


@pytest.mark.parametrize("key", sorted(settings.OPTIONS))
def test_each_setting_reads_back_what_was_written_with_its_type(key: str) -> None:
    option = settings.OPTIONS[key]
    assert option.get() == option.default  # nothing stored yet
    value = SAMPLES[type(option)]
    if isinstance(option, settings.FlagOption):
        value = not option.default
    option.set(value)
    assert option.get() == value
    assert type(option.get()) is type(value)


@pytest.mark.parametrize("key", sorted(settings.OPTIONS))
def test_an_unreadable_value_gives_the_default(key: str) -> None:
    option = settings.OPTIONS[key]
    _write_raw(key, "{not what was stored")
    if isinstance(option, settings.TextOption):
        assert option.get() == "{not what was stored"  # any text is a text; callers validate
    elif isinstance(option, settings.PathOption):
        assert option.get() == Path("{not what was stored")
    else:
        assert option.get() == option.default


def test_a_key_cannot_be_declared_twice() -> None:
    with pytest.raises(ValueError, match="language"):
        settings.TextOption("language")


def test_lists_keep_the_most_recent_first_once_and_at_most_their_limit(tmp_path: Path) -> None:
    for number in range(settings.MAX_RECENT + 3):
        settings.add_recent_project(tmp_path / f"p{number}.kutip")
    settings.add_recent_project(tmp_path / "p5.kutip")
    recent = settings.recent_projects()
    assert len(recent) == settings.MAX_RECENT
    assert recent[:2] == [tmp_path / "p5.kutip", tmp_path / "p12.kutip"]
    assert recent.count(tmp_path / "p5.kutip") == 1
    settings.remove_recent_project(tmp_path / "p5.kutip")
    assert tmp_path / "p5.kutip" not in settings.recent_projects()
    assert settings.add_search_history("   ") == []  # a blank query is not remembered


def test_every_key_the_window_writes_is_declared(
    qtbot: QtBot, demo_window: MainWindow, isolated_settings: Path
) -> None:
    dock = demo_window.search_dock
    qtbot.waitUntil(lambda: dock.index is not None and not dock.busy, timeout=20000)
    with qtbot.waitSignal(dock.search_finished, timeout=20000):
        dock.search("partisipasi")
    demo_window.close()
    written = _stored_keys()
    assert {"recent_projects", "search/history", "main_window/geometry"} <= written
    assert written <= set(settings.OPTIONS)


def _uses_qsettings(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        (isinstance(node, ast.Name) and node.id == "QSettings")
        or (isinstance(node, ast.alias) and node.name == "QSettings")
        for node in ast.walk(tree)
    )


def test_only_the_settings_module_reads_and_writes_qsettings() -> None:
    users = {
        path.relative_to(APP).as_posix() for path in APP.rglob("*.py") if _uses_qsettings(path)
    }
    assert users == {"gui/core/settings.py"}
