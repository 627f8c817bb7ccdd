"""Which files an import takes, how each is read, and which reader turns it into a source draft.

Readers are imported when first used: PyMuPDF and the document libraries are heavy, and the
window must open without them.

Every input file is read through ``read_file_bytes``: only a regular file is opened (a FIFO
would block the import forever, ``/dev/zero`` would fill the memory), never more than the size
the opened file reports, and a file that changes while it is read is refused. Files a
bibliography links are read through ``read_linked_file``, which also checks that their content
is a kind Kutip imports, and the importer first checks that they lie where a shared
bibliography may reach (``link_within_reach``).
"""

from __future__ import annotations

import importlib
import io
import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kutip.errors import FailureReason, ImportFailedError
from kutip.i18n import N_, _
from kutip.ingest.drafts import ReadOptions, SourceDraft

if TYPE_CHECKING:
    from kutip.ingest.bib.bibtex import BibliographyRead

#: Above this a file is refused before it is read: Kutip keeps every original in the project.
MAX_FILE_BYTES = 512 * 1024 * 1024

Reader = Callable[[Path, bytes, ReadOptions], SourceDraft]


def _load(reader: str) -> Callable[..., Any]:
    """The function named ``module:function``, importing the module now."""
    module, function = reader.split(":")
    return getattr(importlib.import_module(module), function)


BibliographyReader = Callable[[Path, bytes], "BibliographyRead"]

#: Readers of source files by suffix, as ``module:function``. Bibliographies are not
#: sources: see BIBLIOGRAPHIES.
SOURCE_READERS: dict[str, str] = {
    ".txt": "kutip.ingest.text:read_text_file",
    ".md": "kutip.ingest.text:read_text_file",
    ".markdown": "kutip.ingest.text:read_text_file",
    ".pdf": "kutip.ingest.pdf.reader:read_pdf",
    ".docx": "kutip.ingest.documents:read_docx_file",
    ".odt": "kutip.ingest.documents:read_odt_file",
    ".rtf": "kutip.ingest.documents:read_rtf_file",
    ".vtt": "kutip.ingest.subtitles:read_subtitle_file",
    ".srt": "kutip.ingest.subtitles:read_subtitle_file",
}
#: What the content of a file with each suffix in SOURCE_READERS is (see ``sniff_content``).
CONTENT_KINDS: dict[str, str] = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "odt",
    ".rtf": "rtf",
    ".vtt": "text",
    ".srt": "text",
}
#: Reference lists by suffix: their entries become references, their linked PDFs sources.
BIBLIOGRAPHIES: dict[str, str] = {
    ".bib": "kutip.ingest.bib.bibtex:read_bibtex",
    ".ris": "kutip.ingest.bib.ris:read_ris",
}
BIBLIOGRAPHY_SUFFIXES: frozenset[str] = frozenset(BIBLIOGRAPHIES)


def importable_suffixes() -> list[str]:
    return sorted({*SOURCE_READERS, *BIBLIOGRAPHY_SUFFIXES})


# --------------------------------------------------------------------------------------------
# Which files: the files named, and those inside the folders named


@dataclass
class CollectedFiles:
    """What ``collect_files`` found: the files to import, and what it passed over and why."""

    files: list[Path] = field(default_factory=list)
    #: Files inside the folders that are not imported: (file, a message naming it and why).
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    #: Folders that could not be listed: (folder, a message naming it and why).
    unreadable: list[tuple[Path, str]] = field(default_factory=list)


def collect_files(paths: Iterable[Path]) -> CollectedFiles:
    """The files named, and the importable files inside the folders named, in a stable order.

    A named file is always taken (so an unsupported one is reported, not silently skipped).
    Inside folders, what is not imported is listed as skipped with the reason (see
    ``_passed_over``), and folders that cannot be listed as unreadable; hidden files and
    folders are passed over without a word.
    """
    collected = CollectedFiles()
    for path in paths:
        if path.is_dir():
            _walk(path, path, path.resolve(), collected)
        else:
            collected.files.append(path)
    return collected


def _walk(folder: Path, top: Path, real_top: Path, collected: CollectedFiles) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        collected.unreadable.append(
            (
                folder,
                _("{name}: the folder cannot be read ({reason}).").format(
                    name=_shown(folder, top), reason=error.strerror or error
                ),
            )
        )
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_folder = False
        if is_folder:
            _walk(path, top, real_top, collected)
            continue
        reason = _passed_over(path, _shown(path, top), real_top)
        if reason is None:
            collected.files.append(path)
        else:
            collected.skipped.append((path, reason))


def _passed_over(path: Path, name: str, real_top: Path) -> str | None:
    """Why a file found inside an imported folder is not imported, or None to import it.

    Passed over: kinds Kutip does not import, anything but a regular file (a pipe, a device),
    and symbolic links leading out of the folder or to a folder: a folder, perhaps unpacked
    from someone else's archive, must not lead the import to the user's other files (or round
    in a loop). A file that cannot be read is taken, so that its read reports why.
    """
    try:
        mode: int | None = path.stat().st_mode  # what a symbolic link leads to
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        return _("{name}: a link to a folder, not followed.").format(name=name)
    if path.suffix.lower() not in set(importable_suffixes()):
        return _("{name}: Kutip does not import this kind of file.").format(name=name)
    if mode is None:
        return None
    if not stat.S_ISREG(mode):
        return str(_not_regular(name, mode))
    if path.is_symlink() and not _inside(path, [real_top]):
        return _(
            "{name}: a link to a file outside the folder, not followed; import that file "
            "itself to take it."
        ).format(name=name)
    return None


def _shown(path: Path, top: Path) -> str:
    """A file inside an imported folder as the user sees it: ``folder/sub/name.txt``."""
    try:
        return (Path(top.name) / path.relative_to(top)).as_posix()
    except ValueError:
        return path.name


# --------------------------------------------------------------------------------------------
# Reading a file's bytes safely

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the check must not block the open
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)  # Windows
)

_FILE_TYPES = (
    (stat.S_ISDIR, N_("a folder")),
    (stat.S_ISFIFO, N_("a pipe")),
    (stat.S_ISCHR, N_("a device")),
    (stat.S_ISBLK, N_("a device")),
    (stat.S_ISSOCK, N_("a socket")),
)


def _not_regular(name: str, mode: int) -> ImportFailedError:
    kind = next((what for test, what in _FILE_TYPES if test(mode)), N_("not a file"))
    return ImportFailedError(
        _("{name}: refused, it is {kind}, not a regular file.").format(name=name, kind=_(kind)),
        FailureReason.REFUSED,
    )


def _check(name: str, status: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise _not_regular(name, status.st_mode)
    if status.st_size > limit:
        raise ImportFailedError(
            _("{name}: the file is too large ({size} MB).").format(
                name=name, size=status.st_size // (1024 * 1024)
            ),
            FailureReason.REFUSED,
        )


def read_file_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, or ``ImportFailedError`` naming it and why it cannot be read.

    The file (a symbolic link is followed) must be a regular file no larger than ``limit``,
    checked before it is opened and again on the opened descriptor (it may have been swapped
    in between). Opening never blocks (``O_NONBLOCK``), and no more than the size the opened
    file reports is read, plus one byte to notice a file that is still being written: a file
    whose size changes while it is read is refused rather than imported half-written.
    """
    name = path.name
    try:
        _check(name, path.stat(), limit)
        with open(path, "rb", opener=lambda file, _flags: os.open(file, _OPEN_FLAGS)) as file:
            opened = os.fstat(file.fileno())
            _check(name, opened, limit)
            data = file.read(opened.st_size + 1)
    except OSError as error:
        raise ImportFailedError(
            _("{name}: cannot be read ({reason}).").format(
                name=name, reason=error.strerror or error
            ),
            FailureReason.UNREADABLE,
        ) from None
    if len(data) != opened.st_size:
        raise ImportFailedError(
            _(
                "{name}: the file changed while it was read; import it again once it is complete."
            ).format(name=name),
            FailureReason.UNREADABLE,
        )
    return data


def require_regular_file(path: Path) -> None:
    """Raise ``ImportFailedError`` naming ``path`` unless it is a regular file (a symbolic
    link is followed): for readers that open a file themselves."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise ImportFailedError(
            _("{name}: cannot be read ({reason}).").format(
                name=path.name, reason=error.strerror or error
            ),
            FailureReason.UNREADABLE,
        ) from None
    if not stat.S_ISREG(mode):
        raise _not_regular(path.name, mode)


# --------------------------------------------------------------------------------------------
# What a file is, by its content


def sniff_content(name: str, data: bytes) -> str | None:
    """The kind of document ``data`` is by its content, whatever its name says: ``"pdf"``,
    ``"docx"``, ``"odt"``, ``"rtf"``, ``"text"``, or None for anything else."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_document_kind(data)
    from kutip.ingest.text import decode_bytes  # the text reader's own test of what is text

    try:
        decode_bytes(name, data)
    except ImportFailedError:
        return None
    return "text"


#: An OpenDocument text names itself in a first, uncompressed member "mimetype".
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
#: A Word document's main part, as its content types list it.
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
#: The most of a member read to recognise a zip: these members are a few hundred bytes.
_SNIFF_MEMBER_BYTES = 64 * 1024


def _zip_document_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if _member_start(archive, "mimetype").strip() == _ODT_MIMETYPE:
                return "odt"
            if _DOCX_MAIN in _member_start(archive, "[Content_Types].xml"):
                return "docx"
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,  # an unknown compression method
        RuntimeError,  # an encrypted member
    ):
        return None
    return None


def _member_start(archive: zipfile.ZipFile, member: str) -> bytes:
    try:
        with archive.open(member) as file:
            return file.read(_SNIFF_MEMBER_BYTES)
    except KeyError:
        return b""


# --------------------------------------------------------------------------------------------
# Where a bibliography's linked files may be


def link_within_reach(file: Path, bibliography: Path) -> bool:
    """Whether a file a bibliography links lies where a shared bibliography may reach.

    That is inside the bibliography's folder (or below it), or inside a Zotero ``storage``
    folder beside it, judged after resolving symbolic links (a link inside the folder that
    points outside is outside). A bibliography from someone else must not pull the user's
    other files into a project that may be shared; anything else needs the user's consent.
    """
    roots = [bibliography.parent]
    storage = bibliography.parent / "storage"
    # Zotero's storage folder, perhaps moved elsewhere and linked back: only a folder that is
    # itself called "storage", so that such a link cannot stand for the home folder.
    if storage.is_dir() and storage.resolve().name == "storage":
        roots.append(storage)
    return _inside(file, roots)


def _inside(file: Path, folders: Sequence[Path]) -> bool:
    """Whether ``file`` is in one of ``folders`` or below, symbolic links resolved in both."""
    try:
        target = file.resolve(strict=True)
        return any(target.is_relative_to(folder.resolve(strict=True)) for folder in folders)
    except (OSError, RuntimeError):  # missing, or a loop of symbolic links
        return False


# --------------------------------------------------------------------------------------------
# Reading files into drafts


def is_bibliography(path: Path) -> bool:
    return path.suffix.lower() in BIBLIOGRAPHY_SUFFIXES


def _read_some(path: Path) -> bytes:
    data = read_file_bytes(path)
    if not data:
        raise ImportFailedError(
            _("{name}: the file is empty.").format(name=path.name), FailureReason.EMPTY
        )
    return data


def read_bibliography_file(path: Path) -> BibliographyRead:
    """Read a .bib or .ris file: its entries and the problems found in it."""
    reader: BibliographyReader = _load(BIBLIOGRAPHIES[path.suffix.lower()])
    return reader(path, _read_some(path))


def _source_reader(path: Path) -> Reader:
    reader_name = SOURCE_READERS.get(path.suffix.lower())
    if reader_name is None:
        raise ImportFailedError(
            _("{name}: Kutip cannot import {suffix} files (it can import: {known}).").format(
                name=path.name,
                suffix=path.suffix or _("extension-less"),
                known=", ".join(importable_suffixes()),
            ),
            FailureReason.UNSUPPORTED,
        )
    reader: Reader = _load(reader_name)
    return reader


def read_source_file(path: Path, options: ReadOptions | None = None) -> SourceDraft:
    """Read one file into a draft, or raise ``ImportFailedError`` naming the file and why."""
    reader = _source_reader(path)
    return reader(path, _read_some(path), options or ReadOptions())


def read_stored_file(name: str, data: bytes, options: ReadOptions | None = None) -> SourceDraft:
    """Read a file a project keeps (by the name it was imported under) into a draft again."""
    path = Path(name)
    return _source_reader(path)(path, data, options or ReadOptions())


def read_linked_file(path: Path, options: ReadOptions | None = None) -> SourceDraft:
    """Read a file a bibliography links, only if its content is what its name says and a kind
    Kutip imports (a name without a known suffix must hold a PDF, which is all a reference
    manager links without one). Anything else is refused with ``ImportFailedError``."""
    reader = _source_reader(path) if path.suffix.lower() in SOURCE_READERS else None
    data = _read_some(path)
    expected = CONTENT_KINDS.get(path.suffix.lower(), "pdf")
    if sniff_content(path.name, data) != expected:
        raise ImportFailedError(
            _(
                "{name}: refused, a bibliography links it as {kind} but its content is not "
                "one; only PDFs and documents Kutip imports are taken from a bibliography."
            ).format(name=path.name, kind=path.suffix.lower() or ".pdf"),
            FailureReason.REFUSED_LINK,
        )
    reader = reader or _load(SOURCE_READERS[".pdf"])
    return reader(path, data, options or ReadOptions())
