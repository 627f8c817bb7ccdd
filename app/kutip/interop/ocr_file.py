"""What OCR read on a scanned PDF's pages, carried in a QDPX archive beside the PDF.

REFI-QDA gives a ``PDFSource`` a ``Representation``: a plain text in which its codings count.
For a scan, Kutip's text of the PDF is what OCR read, so the representation carries it and any
receiving tool can code it. Re-reading the PDF would not give that text back (a scan has none),
and OCR run again would read it differently, moving the codings; so Kutip also writes the OCR
layers themselves (``kutip.ingest.pdf.ocr``: every character with its box) as
``sources/<PDF file name>.ocr.json``. The standard names no such file and other tools leave it
unread; Kutip, importing the archive, reads the PDF's scanned pages from it and so gets the
very text the codings count in, with the boxes its PDF view highlights them by.

The file is JSON: ``{"format": 1, "language": "ind+eng", "pages": {"0": "<layer>", …}}``,
each layer as stored in the project (zlib'd JSON), in base64.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Mapping

#: What the file's name adds to the PDF's file name.
SUFFIX = ".ocr.json"
FORMAT = 1
#: A page's layer inflates to at most this (a full page of small type is ~200 KB): a layer
#: that would grow past it is refused before it is inflated in full.
MAX_LAYER_BYTES = 16 * 1024 * 1024


def ocr_file_name(pdf_name: str) -> str:
    """The name of the file that carries the OCR layers of the PDF named ``pdf_name``."""
    return f"{pdf_name}{SUFFIX}"


def ocr_file_bytes(language: str, layers: Mapping[int, bytes]) -> bytes:
    """The file for a PDF whose pages ``layers`` (by page index) OCR read in ``language``."""
    pages = {
        str(index): base64.b64encode(layer).decode("ascii")
        for index, layer in sorted(layers.items())  # the same file from every export
    }
    document = {"format": FORMAT, "language": language, "pages": pages}
    return json.dumps(document, separators=(",", ":")).encode("utf-8")


def read_ocr_file(data: bytes) -> tuple[str, dict[int, bytes]]:
    """The languages and the layers by page index a carried file holds.

    Raises ``ValueError`` for anything that is not such a file (the layers themselves are
    checked by whoever decodes them).
    """
    try:
        document = json.loads(data.decode("utf-8"))
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError("not a Kutip OCR file of this format")
        language, pages = document["language"], document["pages"]
        if not isinstance(language, str) or not isinstance(pages, dict):
            raise ValueError("a Kutip OCR file without its language or pages")
        layers: dict[int, bytes] = {}
        for key, value in pages.items():
            index = int(key)
            if index < 0 or not isinstance(value, str):
                raise ValueError(f"page {key!r} of a Kutip OCR file")
            layers[index] = _bounded(base64.b64decode(value, validate=True))
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, binascii.Error, zlib.error) as e:
        raise ValueError(f"not a Kutip OCR file: {e}") from None
    return language, layers


def _bounded(layer: bytes) -> bytes:
    """``layer``, once it is known to inflate to no more than ``MAX_LAYER_BYTES``."""
    inflater = zlib.decompressobj()
    inflater.decompress(layer, MAX_LAYER_BYTES)
    if inflater.unconsumed_tail:
        raise ValueError("a page of a Kutip OCR file is too large")
    return layer
