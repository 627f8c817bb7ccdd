"""Plain-text sources (.txt, .md): decoded to the canonical text every position refers to."""

from __future__ import annotations

import unicodedata

from kutip.errors import ImportFailedError
from kutip.i18n import _

TEXT_SUFFIXES = {".txt": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown"}


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
