"""The files of a search index folder as files: the newest table of contents, the checksums
of whoosh's files, and the small JSON files beside them.

Whoosh has no checksums of its own, so damage inside a segment would give wrong hits quietly (or
an error leaking the file it read); ``kutip-files.json`` records each whoosh file's size and
CRC-32 when it is written, and ``check_files`` compares them on opening. Segments never change
once written, so a commit hashes only the new files.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

#: Size and CRC-32 of each whoosh file, recorded when it was written.
CHECKSUMS_FILE = "kutip-files.json"
_CHECKSUMMED = ("*.toc", "*.seg")


def signature(path: Path) -> tuple[str, int, int] | None:
    """The latest table of contents of the index at ``path``: name, mtime and size."""
    try:
        tocs = [(int(p.stem.rpartition("_")[2]), p) for p in path.glob("_MAIN_*.toc")]
        if not tocs:
            return None
        toc = max(tocs)[1]
        status = toc.stat()
    except (OSError, ValueError):
        return None
    return toc.name, status.st_mtime_ns, status.st_size


def _checksum(file: Path) -> int:
    crc = 0
    with file.open("rb") as stream:
        while block := stream.read(1 << 20):
            crc = zlib.crc32(block, crc)
    return crc


def _whoosh_files(path: Path) -> list[Path]:
    return sorted(file for pattern in _CHECKSUMMED for file in path.glob(pattern))


def record_checksums(path: Path) -> None:
    """Note each whoosh file's size and checksum, computing only those of new files."""
    known = read_json(path / CHECKSUMS_FILE)
    known = known if isinstance(known, dict) else {}
    checksums: dict[str, list[int]] = {}
    for file in _whoosh_files(path):
        size = file.stat().st_size
        previous = known.get(file.name)
        if isinstance(previous, list) and previous[:1] == [size]:
            checksums[file.name] = previous
        else:
            checksums[file.name] = [size, _checksum(file)]
    write_json(path / CHECKSUMS_FILE, checksums)


def check_files(path: Path) -> None:
    """Raise unless every whoosh file is as it was written."""
    recorded = read_json(path / CHECKSUMS_FILE)
    if not isinstance(recorded, dict):
        raise ValueError("the index's checksums are missing")
    for file in _whoosh_files(path):
        if recorded.get(file.name) != [file.stat().st_size, _checksum(file)]:
            raise ValueError(f"{file.name} is not as it was written")


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, value: Any) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(value), encoding="utf-8")
    temporary.replace(path)
