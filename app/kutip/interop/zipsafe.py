"""A QDPX archive (or a bare .qde) read as untrusted input.

A QDPX is a zip from someone else's machine. Nothing is ever extracted: the members Kutip reads
are read into memory, one at a time, through these checks:

- the archive's size and its member count are capped before the member list is parsed (the
  count is read from the end-of-archive record), and again after;
- member names must have the expected shapes: ``project.qde`` (``Project.qde``, or the single
  ``*.qde``) at the top and plain file names in ``sources/`` (``Sources/``). A name that could
  escape a folder (``..``, an absolute path, a drive letter, a backslash, a control character)
  refuses the whole archive; any other unexpected member is ignored and reported;
- the declared sizes and compression ratios are capped before reading, and the bytes actually
  inflated are counted while reading, so a member whose header lies cannot grow past the caps;
- encrypted members and members named twice refuse the archive.

Source files are looked up by the file name an ``internal://`` path gives, ignoring case (tools
disagree on the case of GUIDs in file names).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from types import TracebackType

from kutip.errors import FailureReason, ImportFailedError
from kutip.i18n import _
from kutip.ingest.files import MAX_FILE_BYTES, read_file_bytes, require_regular_file

#: Caps on an archive, checked before and while reading it.
MAX_ARCHIVE_BYTES = 4 * 1024 * 1024 * 1024
MAX_MEMBERS = 20_000
MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
MAX_MEMBER_BYTES = MAX_FILE_BYTES
MAX_QDE_BYTES = 256 * 1024 * 1024
MAX_RATIO = 100
#: Members smaller than this are not held to the ratio (a few kilobytes of repetitive XML can
#: compress 200-fold and harm no one); the total cap bounds them all the same.
RATIO_MIN_SIZE = 1024 * 1024
_CHUNK = 1024 * 1024
_SOURCES_FOLDER = "sources"
_END_RECORD = b"PK\x05\x06"
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _megabytes(size: int) -> int:
    return -(-size // (1024 * 1024))


def refused(name: str, problem: str) -> ImportFailedError:
    return ImportFailedError(
        _("{name}: refused, this is not a safe REFI-QDA archive ({problem}).").format(
            name=name, problem=problem
        ),
        FailureReason.REFUSED,
    )


def is_plain_file_name(name: str) -> bool:
    """True for a name that stays in its folder: no separators, no ``..``, no drive, no
    control characters."""
    return (
        bool(name)
        and name not in {".", ".."}
        and "/" not in name
        and "\\" not in name
        and not _DRIVE.match(name)
        and not _CONTROL.search(name)
    )


def _escapes(member: str) -> bool:
    """True for a member name that would leave the folder it is extracted to."""
    return (
        member.startswith("/")
        or "\\" in member
        or bool(_DRIVE.match(member))
        or bool(_CONTROL.search(member))
        or any(part == ".." for part in member.split("/"))
    )


class QdpxArchive:
    """The project file and the source files of a QDPX, read with caps (see the module doc)."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        #: Members that are neither the project file nor a source file: never read.
        self.ignored: list[str] = []
        self._read_total = 0
        self._check_end_record(path)
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
            raise ImportFailedError(
                _("{name}: the file is damaged or is not a QDPX (zip) archive.").format(
                    name=self.name
                ),
                FailureReason.DAMAGED,
            ) from None
        try:
            self._qde, self._sources = self._index(self._zip.infolist())
        except BaseException:
            self._zip.close()
            raise

    def __enter__(self) -> QdpxArchive:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    @property
    def qde_name(self) -> str:
        return self._qde.filename

    def read_qde(self) -> bytes:
        return self._read(self._qde, MAX_QDE_BYTES)

    def source_names(self) -> list[str]:
        return sorted(info.filename.split("/", 1)[1] for info in self._sources.values())

    def read_source(self, file_name: str) -> bytes | None:
        """The bytes of ``sources/file_name`` (any case), or None when there is no such file."""
        info = self._sources.get(file_name.casefold())
        return None if info is None else self._read(info, MAX_MEMBER_BYTES)

    def _check_end_record(self, path: Path) -> None:
        """Refuse oversized archives and archives announcing too many members, before the
        member list is parsed (parsing millions of entries would itself exhaust memory)."""
        try:
            size = path.stat().st_size
            if size > MAX_ARCHIVE_BYTES:
                raise refused(self.name, _("{size} MB").format(size=_megabytes(size)))
            with path.open("rb") as file:
                file.seek(max(0, size - 65_557))  # the end record and the longest comment
                tail = file.read()
        except OSError as error:
            raise ImportFailedError(
                _("{name}: cannot be read ({reason}).").format(
                    name=self.name, reason=error.strerror or error
                ),
                FailureReason.UNREADABLE,
            ) from None
        at = tail.rfind(_END_RECORD)
        if at != -1 and len(tail) >= at + 12:
            count = int.from_bytes(tail[at + 10 : at + 12], "little")
            if count != 0xFFFF and count > MAX_MEMBERS:  # 0xFFFF: ZIP64, counted after opening
                raise refused(self.name, _("{count} parts inside").format(count=count))

    def _index(
        self, members: list[zipfile.ZipInfo]
    ) -> tuple[zipfile.ZipInfo, dict[str, zipfile.ZipInfo]]:
        if len(members) > MAX_MEMBERS:
            raise refused(self.name, _("{count} parts inside").format(count=len(members)))
        total = sum(member.file_size for member in members)
        if total > MAX_TOTAL_BYTES:
            raise refused(self.name, _("{size} MB when unpacked").format(size=_megabytes(total)))
        qdes: dict[str, zipfile.ZipInfo] = {}
        sources: dict[str, zipfile.ZipInfo] = {}
        for member in members:
            name = member.filename
            if _escapes(name):
                raise refused(
                    self.name,
                    _("a part is named to land outside the archive: {member}").format(member=name),
                )
            if member.flag_bits & 0x1:
                raise refused(self.name, _("{member} is encrypted").format(member=name))
            self._check_ratio(member)
            parts = name.split("/")
            if len(parts) == 1 and name.casefold().endswith(".qde"):
                self._add_unique(qdes, name, member)
            elif len(parts) == 2 and parts[0].casefold() == _SOURCES_FOLDER:
                if parts[1] == "":
                    continue  # the folder's own entry
                if is_plain_file_name(parts[1]) and not parts[1].startswith("."):
                    self._add_unique(sources, parts[1], member)
                elif not parts[1].startswith("."):  # hidden files (NVivo's .root): no matter
                    self.ignored.append(name)
            elif not member.is_dir():
                self.ignored.append(name)
        return self._choose_qde(qdes), sources

    def _add_unique(
        self, found: dict[str, zipfile.ZipInfo], key: str, member: zipfile.ZipInfo
    ) -> None:
        if key.casefold() in found:
            raise refused(self.name, _("it holds {member} twice").format(member=member.filename))
        found[key.casefold()] = member

    def _choose_qde(self, qdes: dict[str, zipfile.ZipInfo]) -> zipfile.ZipInfo:
        if "project.qde" in qdes:
            return qdes["project.qde"]
        if len(qdes) == 1:
            return next(iter(qdes.values()))
        if not qdes:
            raise ImportFailedError(
                _("{name}: there is no project.qde in this archive; is it a QDPX file?").format(
                    name=self.name
                ),
                FailureReason.DAMAGED,
            )
        raise ImportFailedError(
            _(
                "{name}: the archive holds several project files ({files}) and none is project.qde."
            ).format(name=self.name, files=", ".join(sorted(qdes))),
            FailureReason.DAMAGED,
        )

    def _check_ratio(self, member: zipfile.ZipInfo) -> None:
        if member.file_size > MAX_MEMBER_BYTES:
            raise refused(
                self.name,
                _("{member} is {size} MB").format(
                    member=member.filename, size=_megabytes(member.file_size)
                ),
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= RATIO_MIN_SIZE and ratio > MAX_RATIO:
            raise refused(
                self.name,
                _("{member} is compressed {ratio}-fold").format(
                    member=member.filename, ratio=int(ratio)
                ),
            )

    def _read(self, member: zipfile.ZipInfo, cap: int) -> bytes:
        """A member's bytes, counted while they are inflated: never more than its header
        declared, than ``cap``, than the ratio allows or than the archive's total."""
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    too_big = size > min(member.file_size, cap)
                    too_dense = size >= RATIO_MIN_SIZE and size > MAX_RATIO * max(
                        member.compress_size, 1
                    )
                    if too_big or too_dense or self._read_total + size > MAX_TOTAL_BYTES:
                        raise refused(
                            self.name,
                            _("{member} inflates beyond what it declares").format(
                                member=member.filename
                            ),
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
            raise ImportFailedError(
                _("{name}: the archive is damaged ({member} cannot be read).").format(
                    name=self.name, member=member.filename
                ),
                FailureReason.DAMAGED,
            ) from None
        self._read_total += size
        return b"".join(chunks)


class QdeFile:
    """A bare ``.qde`` file; its ``internal://`` files are looked for in a ``sources`` folder
    beside it (an unpacked QDPX), confined to that folder."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        self.qde_name = path.name
        self.ignored: list[str] = []
        self._path = path
        folder = next(
            (p for p in _children(path.parent) if p.name.casefold() == _SOURCES_FOLDER), None
        )
        self._sources: dict[str, Path] = {}
        if folder is not None and folder.is_dir() and not folder.is_symlink():
            for file in _children(folder):
                if file.is_file() and not file.is_symlink() and is_plain_file_name(file.name):
                    self._sources.setdefault(file.name.casefold(), file)

    def __enter__(self) -> QdeFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass

    def close(self) -> None:
        pass

    def read_qde(self) -> bytes:
        return read_capped_file(self._path, MAX_QDE_BYTES)

    def source_names(self) -> list[str]:
        return sorted(path.name for path in self._sources.values())

    def read_source(self, file_name: str) -> bytes | None:
        path = self._sources.get(file_name.casefold())
        return None if path is None else read_capped_file(path, MAX_MEMBER_BYTES)


def _children(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def read_capped_file(path: Path, cap: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > cap:
            raise ImportFailedError(
                _("{name}: the file is too large ({size} MB).").format(
                    name=path.name, size=_megabytes(size)
                ),
                FailureReason.REFUSED,
            )
        return read_file_bytes(path, cap)  # a regular file only: a pipe would block
    except OSError as error:
        raise ImportFailedError(
            _("{name}: cannot be read ({reason}).").format(
                name=path.name, reason=error.strerror or error
            ),
            FailureReason.UNREADABLE,
        ) from None


def open_package(path: Path) -> QdpxArchive | QdeFile:
    """A QDPX archive, or a bare .qde (recognised by not being a zip)."""
    require_regular_file(path)  # opening a pipe would block, a device never end
    try:
        with path.open("rb") as file:
            magic = file.read(4)
    except OSError as error:
        raise ImportFailedError(
            _("{name}: cannot be read ({reason}).").format(
                name=path.name, reason=error.strerror or error
            ),
            FailureReason.UNREADABLE,
        ) from None
    if magic.startswith(b"PK"):
        return QdpxArchive(path)
    return QdeFile(path)
