"""``Project``: an open project file — a session (store, coder, recorded edits, undo,
listeners) with one manager per concern, reached as attributes, as Anki's collection has its
decks, notes and tags:

- ``project.sources``: sources, their files, pages and turns;
- ``project.codes``: the code tree;
- ``project.codings``: codings (a code on a range of a source's text);
- ``project.cases``: cases, which sources belong to them, attributes and their values;
- ``project.references``: bibliography entries, and which source is which reference;
- ``project.memos``: the journal;
- ``project.coders``: who coded (``project.coder`` is who codes now).

Reads come from ``kutip.store.queries``; every write goes through ``Session.record``, so
that it is one transaction and one undoable ``Edit``.
"""

from __future__ import annotations

from pathlib import Path

from kutip.ingest.codebook import DEFAULT_CODEBOOK, load_codebook
from kutip.project.base import new_guid, now
from kutip.project.cases import Cases
from kutip.project.coders import Coders
from kutip.project.codes import Codes
from kutip.project.codings import Codings
from kutip.project.memos import Memos
from kutip.project.references import References
from kutip.project.session import Session
from kutip.project.sources import Sources
from kutip.store import Store
from kutip.store.database import remove_project_files


class Project(Session):
    """An open project file and everything a user can do with it."""

    def __init__(self, store: Store, coder_name: str | None = None) -> None:
        super().__init__(store, coder_name)
        self.sources = Sources(self)
        self.codes = Codes(self)
        self.codings = Codings(self)
        self.cases = Cases(self)
        self.references = References(self)
        self.memos = Memos(self)
        self.coders = Coders(self)

    @classmethod
    def create(
        cls,
        path: Path | str,
        *,
        codebook: str | Path = DEFAULT_CODEBOOK,
        name: str | None = None,
        coder: str | None = None,
    ) -> Project:
        """A new project file with the given codebook (a shipped name, ``empty`` or a TOML)."""
        path = Path(path)
        book = load_codebook(codebook)
        store = Store(path, create=True)
        try:
            with store.transaction() as rec:
                for key, value in {
                    "guid": new_guid(),
                    "name": name or path.stem,
                    "created": now(),
                    "index_generation": "0",
                }.items():
                    rec.insert("project", {"key": key, "value": value})
            project = cls(store, coder)
            project.codes.add_codebook(book.codes, parent_id=None)
        except BaseException:
            store.close()
            remove_project_files(path)  # a project cut short (a full disk) does not stay
            raise
        return project

    @classmethod
    def open(
        cls, path: Path | str, *, coder: str | None = None, read_only: bool = False
    ) -> Project:
        """The project at ``path``, for changes (refused if another Kutip has it for changes,
        or if it cannot be written: ``ProjectReadOnlyError``), or ``read_only``, beside any
        other Kutip, every write refused."""
        return cls(Store(Path(path), create=False, read_only=read_only), coder)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
