"""The documents a bibliography's ``file`` field links, found on this machine."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import unquote, urlparse

from kutip.ingest.files import SOURCE_READERS

_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")
_FILE_ESCAPE = re.compile(r"\\([\\:;])")


_UNESCAPED_PIECE = {
    ":": re.compile(r"(?:\\[\\:;]|\\|[^\\:])*"),
    ";": re.compile(r"(?:\\[\\:;]|\\|[^\\;])*"),
}


def _split_unescaped(text: str, separator: str) -> list[str]:
    """Split at ``separator`` unless escaped with a backslash (JabRef's ``\\:`` and ``\\;``)."""
    if "\\" not in text:
        return text.split(separator)
    piece = _UNESCAPED_PIECE[separator]
    pieces: list[str] = []
    position = 0
    while True:
        match = piece.match(text, position)
        assert match is not None  # the pattern matches the empty string
        pieces.append(match.group())
        position = match.end() + 1
        if position > len(text):
            return pieces


def _file_item(item: str) -> tuple[str, str]:
    """(path, type) of one ``description:path:type`` item, or a plain path."""
    tokens = _split_unescaped(item.strip(), ":")
    merged: list[str] = []
    for token in tokens:  # an unescaped drive colon: "C" + "\Users\..." is "C:\Users\..."
        if merged and len(merged[-1]) == 1 and merged[-1].isalpha() and token[:1] in ("\\", "/"):
            merged[-1] += ":" + token
        else:
            merged.append(token)
    if len(merged) >= 3:
        path, kind = ":".join(merged[1:-1]), merged[-1]
    elif len(merged) == 2:
        if "." not in merged[1] or merged[1].lower().endswith("/pdf"):
            path, kind = merged
        else:
            path, kind = merged[1], ""
    else:
        path, kind = merged[0], ""
    return _FILE_ESCAPE.sub(r"\1", path).strip(), kind.strip().lower()


def links_document(raw: str, kind: str = "") -> bool:
    """Whether a linked file may be a source: a PDF by its type (``application/pdf``, JabRef's
    ``PDF``), or a name with the suffix of a kind Kutip imports. An HTML snapshot is not.

    Only the name is judged here; the importer checks where the file is and what it holds."""
    suffix = PurePosixPath(raw.replace("\\", "/")).suffix.lower()
    return "pdf" in kind or suffix in SOURCE_READERS


def file_paths(value: str, folder: Path) -> list[Path]:
    """The PDFs and other documents a ``file`` field links, found on disk where possible.

    Shapes: ``{:a.pdf:application/pdf}``, Zotero's ``{Full Text:files/12/a.pdf:application/pdf;
    Snapshot:files/12/b.html:text/html}``, JabRef's ``{:C\\:\\\\Users\\\\a.pdf:PDF}``, Mendeley's
    ``{:C\\:/Users/a.pdf:pdf}`` (after ``decode_verbatim``), a plain path or several joined by
    ``;``. Relative paths are taken against ``folder`` (the bibliography's). A path from another
    machine (a Windows path here, a missing absolute path) is looked for near the bibliography
    by its last parts, so a library copied together with its files is still found; otherwise
    the path is returned as written and the importer reports it missing.
    """
    found: list[Path] = []
    for item in _split_unescaped(value, ";"):
        if not item.strip():
            continue
        raw, kind = _file_item(item)
        if not raw or raw.lower().startswith(("http://", "https://")):
            continue
        if not links_document(raw, kind):
            continue
        path = locate_file(raw, folder)
        if path not in found:
            found.append(path)
    return found


def locate_file(raw: str, folder: Path) -> Path:
    """Where the file a bibliography names is on this machine (see ``file_paths``)."""
    if raw.lower().startswith("file://"):
        raw = unquote(urlparse(raw).path)
        if re.match(r"^/[A-Za-z]:", raw):
            raw = raw[1:]
    windows = bool(_WINDOWS_ABSOLUTE.match(raw)) and os.name != "nt"
    if windows:
        parts = PureWindowsPath(raw).parts[1:]
        primary = Path(raw)
        candidates: list[Path] = []
    else:
        native = Path(raw.replace("\\", "/")) if os.name != "nt" else Path(raw)
        native = native.expanduser()
        parts = native.parts[1:] if native.is_absolute() else native.parts
        if native.is_absolute():
            primary, candidates = native, [native]
        else:
            primary = Path(os.path.normpath(folder / native))
            # Mendeley on Linux drops the leading slash: "home/me/a.pdf".
            candidates = [primary, Path("/", native)]
    for keep in (3, 2, 1):
        if len(parts) >= keep:
            candidates.append(folder.joinpath(*parts[-keep:]))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return primary
