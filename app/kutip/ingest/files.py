"""Which files an import takes, and which reader turns each kind of file into a source draft.

Readers are imported when first used: PyMuPDF and the document libraries are heavy, and the
window must open without them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kutip.errors import ImportFailedError
from kutip.i18n import _
from kutip.ingest.drafts import ReadOptions, SourceDraft

if TYPE_CHECKING:
    from kutip.ingest.bibtex import BibliographyRead

#: Above this a file is refused before it is read: Kutip keeps every original in the project.
MAX_FILE_BYTES = 512 * 1024 * 1024

Reader = Callable[[Path, bytes, ReadOptions], SourceDraft]


def _load(reader: str) -> Callable[..., Any]:
    """The function named ``module:function``, importing the module now."""
    module, function = reader.split(":")
    return getattr(importlib.import_module(module), function)  # type: ignore[no-any-return]


BibliographyReader = Callable[[Path, bytes], "BibliographyRead"]

#: Readers of source files by suffix, as ``module:function``. Bibliographies are not
#: sources: see BIBLIOGRAPHIES.
SOURCE_READERS: dict[str, str] = {
    ".txt": "kutip.ingest.text:read_text_file",
    ".md": "kutip.ingest.text:read_text_file",
    ".markdown": "kutip.ingest.text:read_text_file",
    ".pdf": "kutip.ingest.pdf:read_pdf",
    ".docx": "kutip.ingest.documents:read_docx_file",
    ".odt": "kutip.ingest.documents:read_odt_file",
    ".rtf": "kutip.ingest.documents:read_rtf_file",
    ".vtt": "kutip.ingest.subtitles:read_subtitle_file",
    ".srt": "kutip.ingest.subtitles:read_subtitle_file",
}
#: Reference lists by suffix: their entries become references, their linked PDFs sources.
BIBLIOGRAPHIES: dict[str, str] = {
    ".bib": "kutip.ingest.bibtex:read_bibtex",
    ".ris": "kutip.ingest.ris:read_ris",
}
BIBLIOGRAPHY_SUFFIXES: frozenset[str] = frozenset(BIBLIOGRAPHIES)


def importable_suffixes() -> list[str]:
    return sorted({*SOURCE_READERS, *BIBLIOGRAPHY_SUFFIXES})


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


def is_bibliography(path: Path) -> bool:
    return path.suffix.lower() in BIBLIOGRAPHY_SUFFIXES


def read_bibliography_file(path: Path) -> BibliographyRead:
    """Read a .bib or .ris file: its entries and the problems found in it."""
    reader: BibliographyReader = _load(BIBLIOGRAPHIES[path.suffix.lower()])
    data = read_file_bytes(path)
    if not data:
        raise ImportFailedError(_("{name}: the file is empty.").format(name=path.name))
    return reader(path, data)


def read_source_file(path: Path, options: ReadOptions | None = None) -> SourceDraft:
    """Read one file into a draft, or raise ``ImportFailedError`` naming the file and why."""
    reader_name = SOURCE_READERS.get(path.suffix.lower())
    if reader_name is None:
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
    reader: Reader = _load(reader_name)
    return reader(path, data, options or ReadOptions())
