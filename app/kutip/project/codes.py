"""``project.codes``: the code tree — names unique among siblings, colours, descriptions, and
positions kept dense (0, 1, 2 …) among each parent's children."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kutip.errors import NotFoundError, ValidationError
from kutip.i18n import _
from kutip.ingest.codebook import CodebookEntry
from kutip.model import Code
from kutip.project.base import PALETTE, Edit, normalise_guid, required_name, typed_id
from kutip.project.base import color as _color
from kutip.store import Recorder, queries

if TYPE_CHECKING:
    from kutip.project.facade import Project


class Codes:
    """The codes of a project and what can be done to each."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self._store = project.store

    def all(self) -> list[Code]:
        """All codes, in tree order: each parent before its children, siblings by position."""
        by_parent = _by_parent(queries.codes(self._store))
        ordered: list[Code] = []

        def walk(parent: int | None) -> None:
            for code in by_parent.get(parent, []):
                ordered.append(code)
                walk(code.id)

        walk(None)
        return ordered

    def get(self, code_id: int) -> Code:
        code = queries.code(self._store, code_id)
        if code is None:
            raise NotFoundError(_("There is no code {id}.").format(id=code_id))
        return code

    def path(self, code_id: int) -> str:
        """``Parent/Child`` names of a code, for display and for naming it on the command line."""
        names: list[str] = []
        current: int | None = code_id
        while current is not None:
            code = self.get(current)
            names.append(code.name)
            current = code.parent_id
        return "/".join(reversed(names))

    def find(self, reference: str) -> Code:
        """A code by id, GUID, name or ``Parent/Child`` path (names ignore case)."""
        reference = reference.strip()
        codes = self.all()
        code_id = typed_id(reference)
        if code_id is not None:
            matches = [c for c in codes if c.id == code_id]
        else:
            wanted = normalise_guid(reference)
            matches = [c for c in codes if c.guid == wanted]
            if not matches:
                folded = reference.casefold()
                matches = [c for c in codes if c.name.casefold() == folded]
                if not matches:
                    paths = _paths(codes)
                    matches = [c for c in codes if paths[c.id].casefold() == folded]
        if not matches:
            raise NotFoundError(_("There is no code called {name}.").format(name=reference))
        if len(matches) > 1:
            paths = _paths(codes)
            raise ValidationError(
                _("Several codes are called {name}: {paths}. Name one by its path.").format(
                    name=reference, paths=", ".join(paths[c.id] for c in matches)
                )
            )
        return matches[0]

    def children(self, parent_id: int | None, excluding: int | None = None) -> list[Code]:
        """The codes directly under ``parent_id`` (None: the top level), by position."""
        return [c for c in queries.child_codes(self._store, parent_id) if c.id != excluding]

    def descendants(self, code_id: int) -> list[int]:
        """The ids of a code's subcodes at every depth, each listed before its own subcodes."""
        by_parent = _by_parent(queries.codes(self._store))

        def below(parent: int) -> list[int]:
            children = [c.id for c in by_parent.get(parent, [])]
            return children + [d for child in children for d in below(child)]

        return below(code_id)

    def _check_unique_name(
        self, name: str, parent_id: int | None, excluding: int | None = None
    ) -> list[Code]:
        """The siblings a code named ``name`` would have; ``ValidationError`` if one has it."""
        siblings = self.children(parent_id, excluding)
        if any(c.name.casefold() == name.casefold() for c in siblings):
            raise ValidationError(
                _("There is already a code called {name} here.").format(name=name)
            )
        return siblings

    def _next_color(self) -> str:
        used = queries.code_colors(self._store)
        return next((c for c in PALETTE if c not in used), PALETTE[len(used) % len(PALETTE)])

    def add(
        self,
        name: str,
        *,
        parent_id: int | None = None,
        color: str | None = None,
        definition: str = "",
        when_to_use: str = "",
        when_not_to_use: str = "",
        example: str = "",
        guid: str | None = None,
        definition_en: str = "",
        when_to_use_en: str = "",
        when_not_to_use_en: str = "",
        example_en: str = "",
    ) -> Edit[int]:
        """A new code at the end of its parent's children (``…_en``: the texts in English)."""
        code_name = required_name(name, _("code"))
        if parent_id is not None:
            self.get(parent_id)
        siblings = self._check_unique_name(code_name, parent_id)
        values = {
            "guid": self._project.guid_for("codes", guid),
            "parent_id": parent_id,
            "name": code_name,
            "color": _color(color) if color else self._next_color(),
            "position": len(siblings),
            "definition": definition.strip(),
            "when_to_use": when_to_use.strip(),
            "when_not_to_use": when_not_to_use.strip(),
            "example": example.strip(),
            "definition_en": definition_en.strip(),
            "when_to_use_en": when_to_use_en.strip(),
            "when_not_to_use_en": when_not_to_use_en.strip(),
            "example_en": example_en.strip(),
        }
        return self._project.record(
            _("New code '{name}'").format(name=code_name), lambda rec: rec.insert("codes", values)
        )

    def add_codebook(self, entries: Sequence[CodebookEntry], parent_id: int | None) -> None:
        """Add a codebook's codes (and their subcodes) under ``parent_id``."""
        for entry in entries:
            code_id = self.add(
                entry.name,
                parent_id=parent_id,
                color=entry.color,
                definition=entry.definition,
                when_to_use=entry.when_to_use,
                when_not_to_use=entry.when_not_to_use,
                example=entry.example,
                definition_en=entry.definition_en,
                when_to_use_en=entry.when_to_use_en,
                when_not_to_use_en=entry.when_not_to_use_en,
                example_en=entry.example_en,
            ).value
            self.add_codebook(entry.children, code_id)

    def rename(self, code_id: int, name: str) -> Edit[None]:
        code = self.get(code_id)
        new_name = required_name(name, _("code"))
        self._check_unique_name(new_name, code.parent_id, excluding=code_id)
        return self._project.record(
            _("Rename code '{old}' to '{new}'").format(old=code.name, new=new_name),
            lambda rec: rec.update("codes", code_id, {"name": new_name}),
        )

    def recolor(self, code_id: int, color: str) -> Edit[None]:
        code = self.get(code_id)
        value = _color(color)
        return self._project.record(
            _("Change colour of '{name}'").format(name=code.name),
            lambda rec: rec.update("codes", code_id, {"color": value}),
        )

    def describe(
        self,
        code_id: int,
        *,
        definition: str | None = None,
        when_to_use: str | None = None,
        when_not_to_use: str | None = None,
        example: str | None = None,
        memo: str | None = None,
        definition_en: str | None = None,
        when_to_use_en: str | None = None,
        when_not_to_use_en: str | None = None,
        example_en: str | None = None,
    ) -> Edit[None]:
        """Change any of a code's descriptive fields (``…_en``: in English); those given as
        None stay as they are."""
        code = self.get(code_id)
        given = {
            "definition": definition,
            "when_to_use": when_to_use,
            "when_not_to_use": when_not_to_use,
            "example": example,
            "memo": memo,
            "definition_en": definition_en,
            "when_to_use_en": when_to_use_en,
            "when_not_to_use_en": when_not_to_use_en,
            "example_en": example_en,
        }
        values = {key: value.strip() for key, value in given.items() if value is not None}
        return self._project.record(
            _("Describe code '{name}'").format(name=code.name),
            lambda rec: rec.update("codes", code_id, values) if values else None,
        )

    def move(self, code_id: int, parent_id: int | None, position: int | None = None) -> Edit[None]:
        """Put a code under ``parent_id`` (None: top level) at ``position`` among its siblings."""
        code = self.get(code_id)
        if parent_id is not None:
            self.get(parent_id)
            if parent_id == code_id or parent_id in self.descendants(code_id):
                raise ValidationError(
                    _("A code cannot be moved under itself or one of its subcodes.")
                )
        siblings = self._check_unique_name(code.name, parent_id, excluding=code_id)
        index = len(siblings) if position is None else max(0, min(position, len(siblings)))
        siblings.insert(index, code)

        def work(rec: Recorder) -> None:
            rec.update("codes", code_id, {"parent_id": parent_id})
            _renumber(rec, siblings)
            if code.parent_id != parent_id:
                _renumber(rec, self.children(code.parent_id, excluding=code_id))

        return self._project.record(_("Move code '{name}'").format(name=code.name), work)

    def merge(self, merged_id: int, into_id: int) -> Edit[None]:
        """Recode every coding of ``merged_id`` as ``into_id``, move its subcodes, delete it."""
        merged, into = self.get(merged_id), self.get(into_id)
        if merged_id == into_id or into_id in self.descendants(merged_id):
            raise ValidationError(_("A code cannot be merged into itself or one of its subcodes."))

        def work(rec: Recorder) -> None:
            # A coding the target code already has from the same coder goes; another coder's
            # coding of the same passage stays (each coder's codings are their own).
            existing = {
                (s.source_id, s.start, s.end, s.coder_id)
                for s in queries.segments(self._store, code_id=into_id)
            }
            for segment in queries.segments(self._store, code_id=merged_id):
                if (segment.source_id, segment.start, segment.end, segment.coder_id) in existing:
                    rec.delete("segments", segment.id)
                else:
                    rec.update("segments", segment.id, {"code_id": into_id})
            children = self.children(into_id)
            taken = {c.name.casefold() for c in children}
            for child in self.children(merged_id):
                if child.name.casefold() in taken:
                    raise ValidationError(
                        _("Both codes have a subcode called {name}; merge those first.").format(
                            name=child.name
                        )
                    )
                rec.update("codes", child.id, {"parent_id": into_id})
                children.append(child)
            _renumber(rec, children)
            rec.delete("codes", merged_id)
            _renumber(rec, self.children(merged.parent_id, excluding=merged_id))

        return self._project.record(
            _("Merge '{merged}' into '{into}'").format(merged=merged.name, into=into.name), work
        )

    def delete(self, code_id: int) -> Edit[int]:
        """Delete a code, its subcodes and all their codings; returns how many codings went."""
        code = self.get(code_id)
        doomed = [code_id, *self.descendants(code_id)]

        def work(rec: Recorder) -> int:
            removed = 0
            for doomed_id in reversed(doomed):  # subcodes before their parents
                removed += rec.delete_where("segments", "code_id = ?", (doomed_id,))
                rec.delete("codes", doomed_id)
            _renumber(rec, self.children(code.parent_id, excluding=code_id))
            return removed

        return self._project.record(_("Delete code '{name}'").format(name=code.name), work)

    def counts(self) -> dict[int, tuple[int, int]]:
        """Every code's (codings, sources), without its subcodes."""
        counts = {code_id: (0, 0) for code_id in queries.code_ids(self._store)}
        counts.update(queries.coding_counts(self._store))
        return counts

    def usage(self, code_id: int) -> tuple[int, int]:
        """How many codings and how many sources a code has (without its subcodes)."""
        return queries.coding_count(self._store, code_id)


def _by_parent(codes: Sequence[Code]) -> dict[int | None, list[Code]]:
    by_parent: dict[int | None, list[Code]] = {}
    for code in codes:
        by_parent.setdefault(code.parent_id, []).append(code)
    return by_parent


def _paths(codes: Sequence[Code]) -> dict[int, str]:
    """``Parent/Child`` of every code, from the codes read once (see ``Codes.path``)."""
    by_id = {code.id: code for code in codes}
    paths: dict[int, str] = {}

    def path(code: Code) -> str:
        if code.id not in paths:
            parent = by_id.get(code.parent_id) if code.parent_id is not None else None
            paths[code.id] = code.name if parent is None else f"{path(parent)}/{code.name}"
        return paths[code.id]

    for code in codes:
        path(code)
    return paths


def _renumber(rec: Recorder, codes: Sequence[Code]) -> None:
    for position, code in enumerate(codes):
        rec.update("codes", code.id, {"position": position})
