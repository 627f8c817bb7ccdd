"""Which files an import takes, and which reader turns each kind of file into a source draft.

Readers are imported when first used: PyMuPDF and the document libraries are heavy, and the
window must open without them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kutip.errors import ImportFailedError
from kutip.i18n import _
from kutip.ingest.drafts import ReadOptions, SourceDraft

#: Above this a file is refused before it is read: Kutip keeps every original in the project.
MAX_FILE_BYTES = 512 * 1024 * 1024

Reader = Callable[[Path, bytes, ReadOptions], SourceDraft]


@dataclass(frozen=True)
class FileKind:
    mime: str
    reader: str  # "module:function", imported on first use

    def load(self) -> Reader:
        module, function = self.reader.split(":")
        reader: Reader = getattr(importlib.import_module(module), function)
        return reader


#: Source files by suffix. Bibliographies (.bib, .ris) are not sources: see BIBLIOGRAPHY_SUFFIXES.
SOURCE_KINDS: dict[str, FileKind] = {
    ".txt": FileKind("text/plain", "kutip.ingest.text:read_text_file"),
    ".md": FileKind("text/markdown", "kutip.ingest.text:read_text_file"),
    ".markdown": FileKind("text/markdown", "kutip.ingest.text:read_text_file"),
}
BIBLIOGRAPHY_SUFFIXES: frozenset[str] = frozenset()


def importable_suffixes() -> list[str]:
    return sorted({*SOURCE_KINDS, *BIBLIOGRAPHY_SUFFIXES})


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, and the importable files inside the folders named, in a stable order.

    A named file is always taken (so an unsupported one is reported, not silently skipped);
    inside folders only known kinds are taken, and hidden files and folders are passed over.
    """
    known = set(importable_suffixes())
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in known
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            found.append(path)
    return found


def read_file_bytes(path: Path) -> bytes:
    """A file's bytes, or ``ImportFailedError`` naming it and why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFailedError(
                _("{name}: the file is too large ({size} MB).").format(
                    name=path.name, size=size // (1024 * 1024)
                )
            )
        return path.read_bytes()
    except OSError as error:
        raise ImportFailedError(
            _("{name}: cannot be read ({reason}).").format(
                name=path.name, reason=error.strerror or error
            )
        ) from None


def read_source_file(path: Path, options: ReadOptions | None = None) -> SourceDraft:
    """Read one file into a draft, or raise ``ImportFailedError`` naming the file and why."""
    kind = SOURCE_KINDS.get(path.suffix.lower())
    if kind is None:
        raise ImportFailedError(
            _("{name}: Kutip cannot import {suffix} files (it can import: {known}).").format(
                name=path.name,
                suffix=path.suffix or _("extension-less"),
                known=", ".join(importable_suffixes()),
            )
        )
    data = read_file_bytes(path)
    if not data:
        raise ImportFailedError(_("{name}: the file is empty.").format(name=path.name))
    return kind.load()(path, data, options or ReadOptions())
