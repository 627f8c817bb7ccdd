"""Which files an import takes, and how each kind of file becomes a source draft."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kutip.errors import ImportFailedError
from kutip.i18n import _
from kutip.ingest.text import TEXT_SUFFIXES, decode_text_file
from kutip.model import SourceKind

#: Above this a file is refused before it is read: Kutip keeps every original in the project.
MAX_FILE_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class PageDraft:
    index: int
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class TurnDraft:
    start: int
    end: int
    speaker: str
    time_start: float | None = None
    time_end: float | None = None


@dataclass(frozen=True)
class SourceDraft:
    """A source read from a file, not yet in the project."""

    title: str
    text: str
    kind: SourceKind
    file_name: str
    mime: str
    data: bytes
    language: str | None = None
    pages: tuple[PageDraft, ...] = field(default=())
    turns: tuple[TurnDraft, ...] = field(default=())

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def importable_suffixes() -> list[str]:
    return sorted(TEXT_SUFFIXES)


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, and the importable files inside the folders named, in a stable order.

    A named file is always taken (so an unsupported one is reported, not silently skipped);
    inside folders only known kinds are taken, and hidden files and folders are passed over.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in TEXT_SUFFIXES
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            found.append(path)
    return found


def read_source_file(path: Path) -> SourceDraft:
    """Read one file into a draft, or raise ``ImportFailedError`` naming the file and why."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise ImportFailedError(
            _("{name}: Kutip cannot import {suffix} files (it can import: {known}).").format(
                name=path.name,
                suffix=suffix or _("extension-less"),
                known=", ".join(importable_suffixes()),
            )
        )
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFailedError(
                _("{name}: the file is too large ({size} MB).").format(
                    name=path.name, size=size // (1024 * 1024)
                )
            )
        data = path.read_bytes()
    except OSError as error:
        raise ImportFailedError(
            _("{name}: cannot be read ({reason}).").format(
                name=path.name, reason=error.strerror or error
            )
        ) from None
    text = decode_text_file(path.name, data)
    return SourceDraft(
        title=path.stem,
        text=text,
        kind=SourceKind.TEXT,
        file_name=path.name,
        mime=TEXT_SUFFIXES[suffix],
        data=data,
    )
