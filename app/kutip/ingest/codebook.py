"""Codebooks shipped with Kutip or written by users as TOML files.

A codebook file has a ``name`` and a list of ``[[codes]]`` tables, each with ``name``, ``color``
(``#rrggbb``) and optional ``definition``, ``when_to_use``, ``when_not_to_use``, ``example`` and
nested ``codes`` for subcodes. Each of the four texts may be given in English too, in a field
named with ``_en`` (``definition_en`` …): the plain fields hold the Indonesian, or the only
text a codebook in one language has.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kutip.errors import KnownError
from kutip.i18n import _
from kutip.resources import resource_path

DEFAULT_CODEBOOK = "participation-factors"
EMPTY_CODEBOOK = "empty"
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class CodebookEntry:
    name: str
    color: str | None
    definition: str = ""
    when_to_use: str = ""
    when_not_to_use: str = ""
    example: str = ""
    definition_en: str = ""
    when_to_use_en: str = ""
    when_not_to_use_en: str = ""
    example_en: str = ""
    children: tuple[CodebookEntry, ...] = field(default=())


@dataclass(frozen=True)
class Codebook:
    name: str
    codes: tuple[CodebookEntry, ...]


def shipped_codebooks() -> list[str]:
    """Names usable with ``kutip new --codebook``."""
    folder = resource_path("codebooks")
    return [*sorted(p.stem for p in folder.glob("*.toml")), EMPTY_CODEBOOK]


def load_codebook(name_or_path: str | Path) -> Codebook:
    """A shipped codebook by name (``participation-factors``, ``empty``) or a TOML file."""
    if str(name_or_path) == EMPTY_CODEBOOK:
        return Codebook(name="", codes=())
    path = Path(name_or_path)
    if not path.suffix:
        path = resource_path("codebooks", f"{name_or_path}.toml")
        if not path.is_file():
            raise KnownError(
                _("There is no codebook called {name}; choose one of: {choices}.").format(
                    name=name_or_path, choices=", ".join(shipped_codebooks())
                )
            )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise KnownError(
            _("Cannot read the codebook {path}: {reason}").format(path=path.name, reason=error)
        ) from None
    return Codebook(
        name=str(data.get("name", path.stem)),
        codes=tuple(_entry(item, path) for item in data.get("codes", [])),
    )


def _entry(item: dict[str, object], path: Path) -> CodebookEntry:
    name = str(item.get("name", "")).strip()
    color = item.get("color")
    if not name or (color is not None and not _COLOR.match(str(color))):
        raise KnownError(
            _(
                "The codebook {path} has a code without a name or with a colour not like #1f77b4."
            ).format(path=path.name)
        )
    children = item.get("codes", [])
    return CodebookEntry(
        name=name,
        color=str(color) if color else None,
        definition=str(item.get("definition", "")).strip(),
        when_to_use=str(item.get("when_to_use", "")).strip(),
        when_not_to_use=str(item.get("when_not_to_use", "")).strip(),
        example=str(item.get("example", "")).strip(),
        definition_en=str(item.get("definition_en", "")).strip(),
        when_to_use_en=str(item.get("when_to_use_en", "")).strip(),
        when_not_to_use_en=str(item.get("when_not_to_use_en", "")).strip(),
        example_en=str(item.get("example_en", "")).strip(),
        children=tuple(_entry(child, path) for child in children)
        if isinstance(children, list)
        else (),
    )
