"""Plain-text sources (.txt, .md): decoded to the canonical text every position refers to."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from kutip.errors import ImportFailedError
from kutip.i18n import _
from kutip.ingest.drafts import ReadOptions, SourceDraft
from kutip.model import SourceKind

MARKDOWN_SUFFIXES = {".md", ".markdown"}


def canonical_text(text: str) -> str:
    """NFC with ``\\n`` line ends: the form every stored offset counts in."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def decode_text_file(name: str, data: bytes) -> str:
    """The canonical text of a UTF-8 text file (a BOM is dropped)."""
    if b"\x00" in data[:4096]:
        raise ImportFailedError(
            _("{name}: this is not a text file (it contains binary data).").format(name=name)
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailedError(
            _("{name}: not valid UTF-8 text (byte {position}); save it as UTF-8.").format(
                name=name, position=error.start
            )
        ) from None
    return canonical_text(text)


def read_text_file(path: Path, data: bytes, options: ReadOptions) -> SourceDraft:
    markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
    return SourceDraft(
        title=path.stem,
        text=decode_text_file(path.name, data),
        kind=SourceKind.TEXT,
        file_name=path.name,
        mime="text/markdown" if markdown else "text/plain",
        data=data,
    )
