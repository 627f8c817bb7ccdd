"""The second half of a REFI-QDA import: writing what was read into the project.

``QdeApplier.run`` is the body of the import's one transaction (``Project.compose``). Its steps
go in dependency order: codes, attributes, sources, codings, source values, cases, the journal.
Records the project already has are merged (see ``qde_import``); every merge and everything
left out is counted or reported in the ``InteropReport``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from kutip.errors import KnownError
from kutip.i18n import _
from kutip.ingest.drafts import SourceDraft
from kutip.interop.codetree import CodeMerger, CodeNode
from kutip.interop.positions import (
    CountingDecision,
    ExchangeText,
    Placed,
    TextAligner,
    canonical_span,
    name_matches,
)
from kutip.interop.qde_read import (
    CaseEntry,
    CodingEntry,
    Made,
    NoteEntry,
    QdeProject,
    SelectionEntry,
    SourceEntry,
    ValueEntry,
)
from kutip.interop.report import (
    ATTRIBUTES,
    CASE_LINKS,
    CASES,
    CODERS,
    CODINGS,
    MEMOS,
    SOURCES,
    VALUES,
    InteropReport,
)
from kutip.model import Attribute, AttributeScope, AttributeType, Source
from kutip.progress import Cancelled, Progress
from kutip.project import Project, parse_attribute_value

_VARIABLE_TYPES = {
    "text": AttributeType.TEXT,
    "boolean": AttributeType.BOOLEAN,
    "integer": AttributeType.INTEGER,
    "float": AttributeType.FLOAT,
    "date": AttributeType.DATE,
    "datetime": AttributeType.TEXT,  # Kutip has no date-and-time attributes
}
#: How much of a selection's name a mismatch warning quotes.
_QUOTE = 60


@dataclass(frozen=True)
class PreparedSource:
    """A source ready to add: its draft, the text the file's positions count in, and (for a
    PDF whose text Kutip extracted itself) how that text maps onto Kutip's."""

    entry: SourceEntry
    draft: SourceDraft
    exchange: ExchangeText | None
    aligner: TextAligner | None = None

    def placed(self) -> Iterator[Placed]:
        if self.exchange is None:
            return
        for selection in self.entry.selections:
            if selection.start is not None and selection.end is not None:
                yield Placed(self.exchange, selection.start, selection.end, selection.name)


def source_label(entry: SourceEntry) -> str:
    return _("source {name}").format(name=entry.name or entry.guid or "?")


class QdeApplier:
    """Applies a read REFI-QDA project to the Kutip project: the steps of the import's one
    transaction, in dependency order. (Not the window's ``gui.importing.Importer``.)"""

    def __init__(
        self,
        project: Project,
        report: InteropReport,
        document: QdeProject,
        prepared: list[PreparedSource],
        notes: list[tuple[NoteEntry, str]],
        decision: CountingDecision,
        progress: Progress,
    ) -> None:
        self.project = project
        self.report = report
        self.file = report.file
        self.document = document
        self.prepared = prepared
        self.notes = notes
        self.decision = decision
        self.progress = progress
        self.memos = {note.guid: text for note, text in notes if note.guid and text}
        self.used_notes: set[str] = set()
        self.source_ids: dict[str, int] = {}
        #: Selection GUID → (source id, start, end) in Kutip's text, for cases' SelectionRefs.
        self.spans: dict[str, tuple[int, int, int]] = {}
        self.attributes: dict[tuple[str, AttributeScope], int] = {}
        #: Each prepared source with its id in the project and whether the import added it.
        self.placed_sources: list[tuple[PreparedSource, int, bool]] = []
        self.case_ids: set[int] = set()
        #: The project's coder for each user GUID of the file met so far.
        self.coder_ids: dict[str, int] = {}
        #: Sources found in the project with another text: how the file's text maps onto it.
        self.realigned: dict[int, TextAligner] = {}
        self._text_index: dict[str, int] | None = None

    def run(self) -> None:
        self._check_cancel()
        codes = CodeMerger(self.project, self.report)
        codes.merge(self.document.codes, self.memos)
        self.used_notes.update(_code_notes(self.document.codes))
        self._check_cancel()
        self._variables()
        self._sources()
        self._check_cancel()
        self._codings(codes.ids)
        self._source_values()
        self._cases()
        self._journal()

    def _check_cancel(self) -> None:
        if self.progress.cancelled:
            raise Cancelled

    def _memo_of(self, refs: tuple[str, ...], *parts: str) -> str:
        """One memo from a record's own text (its Description) and the notes it refers to."""
        self.used_notes.update(refs)
        texts = [p for p in parts if p.strip()]
        texts += [self.memos[g] for g in refs if self.memos.get(g, "").strip()]
        return "\n\n".join(texts)

    # -- attributes ----------------------------------------------------------------------------

    def _variables(self) -> None:
        scopes: dict[str, set[AttributeScope]] = {}
        for case in self.document.cases:
            for value in case.values:
                scopes.setdefault(value.variable, set()).add(AttributeScope.CASE)
        for source in self.document.sources:
            for value in source.values:
                scopes.setdefault(value.variable, set()).add(AttributeScope.SOURCE)
        existing = self.project.cases.attributes()
        taken = {a.guid for a in existing}
        for variable in self.document.variables:
            kind = _VARIABLE_TYPES.get(variable.type.casefold(), AttributeType.TEXT)
            name = variable.name or _("Unnamed attribute")
            guid = variable.guid
            used = scopes.get(guid or "") or {variable.scope or AttributeScope.CASE}
            for scope in sorted(used):
                match = _existing_attribute(existing, scope, guid, name)
                if match is not None:
                    self.report.merged[ATTRIBUTES] += 1
                    if match.type is not kind:
                        self.report.warn(
                            _(
                                "{file}: the attribute {name} is {theirs} in the file and "
                                "{ours} in the project; values are read as {ours}."
                            ).format(file=self.file, name=name, theirs=kind, ours=match.type)
                        )
                    attribute_id = match.id
                else:
                    usable = guid if guid and guid not in taken else None
                    attribute_id = self.project.cases.add_attribute(
                        name, kind, scope, variable.description, guid=usable
                    ).value
                    taken.add(usable or "")
                    self.report.created[ATTRIBUTES] += 1
                if guid:
                    self.attributes[(guid, scope)] = attribute_id

    def _set_value(
        self, value: ValueEntry, scope: AttributeScope, owner_id: int, owner: str, new: bool
    ) -> None:
        attribute_id = self.attributes.get((value.variable, scope))
        if attribute_id is None:
            message = _(
                "{file}: a value of {owner} refers to a variable the file does not declare."
            )
            self.report.warn(message.format(file=self.file, owner=owner))
            return
        attribute = self.project.cases.attribute(attribute_id)
        if not new:
            current = self.project.cases.attribute_values(owner_id, scope).get(attribute.name)
            if current is not None:
                self.report.merged[VALUES] += 1
                if _same_value(attribute.type, current, value.text):
                    return
                self.report.warn(
                    _(
                        "{file}: {owner} has {name} = {ours} in the project and {theirs} in the "
                        "file; the project's is kept."
                    ).format(
                        file=self.file,
                        owner=owner,
                        name=attribute.name,
                        ours=current,
                        theirs=value.text,
                    )
                )
                return
        try:
            self.project.cases.set_attribute_value(attribute_id, owner_id, value.text)
        except KnownError as error:
            self.report.warn(
                _("{file}: the value of {name} for {owner} was left out: {reason}").format(
                    file=self.file, name=attribute.name, owner=owner, reason=error
                )
            )
            return
        if value.text:
            self.report.created[VALUES] += 1

    # -- sources -------------------------------------------------------------------------------

    def _sources(self) -> None:
        """Add every source, or find it in the project (see the module docstring)."""
        sources = self.project.sources.all()
        by_guid = {s.guid: s for s in sources}
        before = {s.id for s in sources}
        for prepared in self.prepared:
            entry, draft = prepared.entry, prepared.draft
            memo = self._memo_of(entry.note_refs, entry.description)
            source_id = self._existing_source(prepared, by_guid, before)
            new = source_id is None
            if source_id is None:
                usable = entry.guid if entry.guid and entry.guid not in by_guid else None
                made = entry.made
                source_id = self.project.sources.add(
                    draft, guid=usable, imported_by=self._coder(made.by), imported_at=made.at
                ).value
                by_guid[usable or f"#{source_id}"] = self.project.sources.get(source_id)
                self.report.created[SOURCES] += 1
                if memo:
                    self.project.sources.set_memo(source_id, memo)
            else:
                self.report.merged[SOURCES] += 1
                if memo and not self.project.sources.get(source_id).memo:
                    self.project.sources.set_memo(source_id, memo)
            if entry.guid:
                self.source_ids.setdefault(entry.guid, source_id)
            self.placed_sources.append((prepared, source_id, new))

    def _existing_source(
        self, prepared: PreparedSource, by_guid: dict[str, Source], before: set[int]
    ) -> int | None:
        """The project's source this one is: the one with its GUID, else with its file, else
        with its text, if its text is the same. A source with the GUID or the file but another
        text (read again, by another version) is the same source too: its codings are moved
        onto the project's text by aligning the two (``TextAligner``), and it is reported."""
        draft, guid = prepared.draft, prepared.entry.guid
        same_guid = by_guid.get(guid) if guid else None
        if same_guid is not None and same_guid.id not in before:
            same_guid = None  # added by this very import: another source of the file
        same_file = self.project.sources.with_file(draft.sha256)
        if same_file is not None and same_file.id not in before:
            same_file = None
        for candidate in (same_guid, same_file):
            if candidate is not None and self.project.sources.text(candidate.id) == draft.text:
                return candidate.id
        same_text = self._texts(before).get(_text_key(draft.text))
        if same_text is not None:
            return same_text
        other = same_guid or same_file
        if other is None:
            return None
        aligner = TextAligner(draft.text, self.project.sources.text(other.id))
        if not _alike(aligner):
            if same_guid is not None:
                self.report.warn(
                    _(
                        "{file}: the project has another source with the GUID of {owner}; it "
                        "was imported as a new source."
                    ).format(file=self.file, owner=source_label(prepared.entry))
                )
            return None
        self.realigned[other.id] = aligner
        self.report.warn(
            _(
                "{file}: {owner} is in the project with another text (read again?); its codings "
                "were moved onto the project's text where that text is found in it."
            ).format(file=self.file, owner=source_label(prepared.entry))
        )
        return other.id

    def _texts(self, before: set[int]) -> dict[str, int]:
        """The sources the project had before the import, by their text (read once, when a
        source is not found by its GUID or its file)."""
        if self._text_index is None:
            self._text_index = {}
            for source_id in sorted(before):
                key = _text_key(self.project.sources.text(source_id))
                self._text_index.setdefault(key, source_id)
        return self._text_index

    def _source_values(self) -> None:
        for prepared, source_id, new in self.placed_sources:
            for value in prepared.entry.values:
                self._set_value(
                    value, AttributeScope.SOURCE, source_id, source_label(prepared.entry), new
                )

    # -- codings -------------------------------------------------------------------------------

    def _codings(self, code_ids: dict[str, int]) -> None:
        existing = self.project.codings.all()
        self.segments_by_guid = {s.guid: s for s in existing}
        self.coded = {(s.source_id, s.start, s.end, s.code_id, s.coder_id) for s in existing}
        for prepared, source_id, _new in self.placed_sources:
            self._check_cancel()
            realigned = self.realigned.get(source_id)
            length = len(realigned.ours if realigned else prepared.draft.text)
            for coding in prepared.entry.codings:  # codings of the whole source
                if length:
                    self._code(source_id, (0, length), coding, code_ids, "", None, coding.made)
            if prepared.exchange is None:
                continue
            for selection in prepared.entry.selections:
                span = self._span(prepared, selection, realigned)
                if span is None:
                    continue
                if selection.guid:
                    self.spans.setdefault(selection.guid, (source_id, *span))
                memo = self._memo_of(selection.note_refs, selection.description)
                single = selection.guid if len(selection.codings) == 1 else None
                for coding in selection.codings:
                    coding_memo = self._memo_of(coding.note_refs, memo)
                    made = coding.made.or_else(selection.made)
                    self._code(source_id, span, coding, code_ids, coding_memo, single, made)

    def _span(
        self,
        prepared: PreparedSource,
        selection: SelectionEntry,
        realigned: TextAligner | None = None,
    ) -> tuple[int, int] | None:
        """Where a selection lands in Kutip's text (the project's text of the source, when it
        differs from the file's: ``realigned``), or None (reported) when it cannot."""
        assert prepared.exchange is not None
        owner, guid = source_label(prepared.entry), selection.guid or "-"
        if selection.start is None or selection.end is None:
            self._left_out(owner, guid, _("it has no valid start or end position"))
            return None
        placed = Placed(prepared.exchange, selection.start, selection.end, selection.name)
        span = canonical_span(placed, self.decision.counting)
        if span is None:
            self._left_out(
                owner,
                guid,
                _("{start}–{end} is outside the text").format(
                    start=selection.start, end=selection.end
                ),
            )
            return None
        covered = prepared.exchange.canonical[span[0] : span[1]]
        if (
            self.decision.names_are_text
            and selection.name
            and not name_matches(selection.name, covered)
        ):
            self.report.warn(
                _(
                    "{file}: the selection {guid} in {owner} covers «{covered}» but is named "
                    "«{name}»; imported at the positions the file gives."
                ).format(
                    file=self.file,
                    guid=guid,
                    owner=owner,
                    covered=_quote(covered),
                    name=_quote(selection.name),
                )
            )
        if prepared.aligner is not None:
            mapped = prepared.aligner.map(*span)
            if mapped is None:
                self._left_out(owner, guid, _("its text is not in Kutip's text of the PDF"))
                return None
            span = mapped
        if realigned is not None and span[0] < span[1]:
            mapped = realigned.map(*span)
            if mapped is None:
                self._left_out(owner, guid, _("its text is not in the project's text of it"))
                return None
            span = mapped
        if span[0] >= span[1]:
            if selection.codings:
                self._left_out(owner, guid, _("it selects no text"))
            return None
        return span

    def _left_out(self, owner: str, guid: str, reason: str) -> None:
        self.report.warn(
            _("{file}: the selection {guid} in {owner} was left out: {reason}.").format(
                file=self.file, guid=guid, owner=owner, reason=reason
            )
        )

    def _code(
        self,
        source_id: int,
        span: tuple[int, int],
        coding: CodingEntry,
        code_ids: dict[str, int],
        memo: str,
        selection_guid: str | None,
        made: Made,
    ) -> None:
        """Add a coding with its coder and date, unless the project has it: by its GUID, or the
        same passage coded alike by the same coder (another coder's is another coding)."""
        code_id = code_ids.get(coding.code or "")
        if code_id is None:
            self.report.warn(
                _("{file}: the coding {guid} refers to a code that is not in the file.").format(
                    file=self.file, guid=coding.guid or "-"
                )
            )
            return
        coder_id = self._coder(made.by)
        key = (
            source_id,
            *span,
            code_id,
            coder_id if coder_id is not None else self.project.coder.id,
        )
        guid = selection_guid or coding.guid
        same_guid = self.segments_by_guid.get(guid or "")
        if same_guid is not None:
            if (same_guid.source_id, same_guid.start, same_guid.end, same_guid.code_id) == key[:4]:
                self.report.merged[CODINGS] += 1
                if memo and not same_guid.memo:
                    self.project.codings.set_memo(same_guid.id, memo)
                return
            self.report.warn(
                _(
                    "{file}: the coding {guid} is in the project with another range or code; "
                    "it was imported as a new coding."
                ).format(file=self.file, guid=guid)
            )
            guid = None
        if key in self.coded:
            self.report.merged[CODINGS] += 1
            return
        segment_id = self.project.codings.apply(
            source_id,
            span[0],
            span[1],
            code_id,
            memo,
            guid=guid,
            coder_id=coder_id,
            created=made.at,
        ).value
        self.coded.add(key)
        created = self.project.codings.get(segment_id)
        self.segments_by_guid[created.guid] = created
        self.report.created[CODINGS] += 1

    # -- coders --------------------------------------------------------------------------------

    def _coder(self, user: str | None) -> int | None:
        """The project's coder for a user of the file (None: the file does not say who, and the
        importing coder is): the coder with the user's GUID, else with the user's name, else a
        new coder with both."""
        if user is None:
            return None
        if user in self.coder_ids:
            return self.coder_ids[user]
        name = self.document.users.get(user, "").strip()
        coder = self.project.coders.with_guid(user) or (
            self.project.coders.find(name) if name else None
        )
        if coder is not None:
            self.report.merged[CODERS] += 1
            coder_id = coder.id
        else:
            if not name:
                name = user
                self.report.warn(
                    _(
                        "{file}: the user {guid} is not among the file's users; the coder is "
                        "named by the GUID."
                    ).format(file=self.file, guid=user)
                )
            coder_id = self.project.coders.add(name, guid=user).value
            self.report.created[CODERS] += 1
        self.coder_ids[user] = coder_id
        return coder_id

    # -- cases ---------------------------------------------------------------------------------

    def _cases(self) -> None:
        cases = self.project.cases.all()
        by_guid = {c.guid: c for c in cases}
        by_name = {c.name.casefold(): c for c in cases}
        for number, entry in enumerate(self.document.cases, start=1):
            name = entry.name or _("Case {number}").format(number=number)
            match = by_guid.get(entry.guid or "") or by_name.get(name.casefold())
            if match is not None and match.id not in self.case_ids:
                case_id, new = match.id, False
                self.report.merged[CASES] += 1
                if entry.description and not match.description:
                    self.project.cases.set_description(case_id, entry.description)
                elif entry.description and entry.description != match.description:
                    self.report.warn(
                        _(
                            "{file}: the case {name} is already in the project with another "
                            "description; the project's is kept."
                        ).format(file=self.file, name=match.name)
                    )
            else:
                name = _free_case_name(name, by_name)
                usable = entry.guid if entry.guid and entry.guid not in by_guid else None
                case_id, new = (
                    self.project.cases.add(name, entry.description, guid=usable).value,
                    True,
                )
                case = self.project.cases.get(case_id)
                by_guid[case.guid] = by_name[case.name.casefold()] = case
                self.report.created[CASES] += 1
            self.case_ids.add(case_id)
            owner = _("case {name}").format(name=name)
            for value in entry.values:
                self._set_value(value, AttributeScope.CASE, case_id, owner, new)
            self._link(case_id, entry)

    def _link(self, case_id: int, entry: CaseEntry) -> None:
        links = {(k.source_id, k.start, k.end) for k in self.project.cases.links(case_id)}
        wanted: list[tuple[int, int | None, int | None]] = []
        for guid in entry.source_refs:
            if guid in self.source_ids:
                wanted.append((self.source_ids[guid], None, None))
        for guid in entry.selection_refs:
            if guid in self.spans:
                wanted.append(self.spans[guid])
        missing = len(entry.source_refs) + len(entry.selection_refs) - len(wanted)
        if missing:
            self.report.warn(
                _(
                    "{file}: {count} sources or selections of the case {name} are not among "
                    "the imported sources."
                ).format(file=self.file, count=missing, name=entry.name)
            )
        for source_id, start, end in wanted:
            if (source_id, start, end) in links:
                self.report.merged[CASE_LINKS] += 1
                continue
            self.project.cases.link_source(case_id, source_id, start, end)
            links.add((source_id, start, end))
            self.report.created[CASE_LINKS] += 1

    # -- the journal ---------------------------------------------------------------------------

    def _journal(self) -> None:
        """Notes that belong to nothing imported, and the project's description, as memos."""
        memos = self.project.memos.all()
        guids = {m.guid for m in memos}
        contents = {(m.title, m.text) for m in memos}
        entries: list[tuple[str | None, str, str, Made]] = [
            (note.guid, note.name or _first_line(text) or _("Note"), text, note.made)
            for note, text in self.notes
            if not (note.guid and note.guid in self.used_notes)
        ]
        if self.document.description.strip():
            description = self.document.description.strip()
            entries.append((None, _("Project description"), description, Made()))
        for guid, title, text, made in entries:
            if (guid and guid in guids) or (title, text) in contents:
                self.report.merged[MEMOS] += 1
                continue
            self.project.memos.add(
                title,
                text,
                guid=guid,
                coder_id=self._coder(made.by),
                created=made.at,
                modified=made.modified,
            )
            guids.add(guid or "")
            contents.add((title, text))
            self.report.created[MEMOS] += 1


def _code_notes(nodes: list[CodeNode]) -> Iterator[str]:
    for node in nodes:
        yield from node.note_refs
        yield from _code_notes(node.children)


def _existing_attribute(
    attributes: list[Attribute], scope: AttributeScope, guid: str | None, name: str
) -> Attribute | None:
    """The project's attribute of ``scope`` with the GUID, else with the name."""
    in_scope = [a for a in attributes if a.scope is scope]
    return next((a for a in in_scope if guid and a.guid == guid), None) or next(
        (a for a in in_scope if a.name.casefold() == name.casefold()), None
    )


def _free_case_name(name: str, taken: Mapping[str, object]) -> str:
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{name} ({number})"
    return candidate


def _same_value(kind: AttributeType, stored: str, incoming: str) -> bool:
    try:
        return parse_attribute_value(kind, incoming) == stored
    except KnownError:
        return False


#: Pieces of a source's text looked for in another text to tell whether the two are one source
#: read twice (most pieces found) or two sources (few found), and how long each piece is.
_PROBES = 24
_PROBE_LENGTH = 40


def _alike(aligner: TextAligner) -> bool:
    """Whether most pieces of their text are found in ours (one text read again, maybe with
    other white space, line breaks or a few words changed)."""
    length = len(aligner.theirs)
    if not length:
        return not aligner.ours
    step = max(1, length // _PROBES)
    starts = range(0, length, step)
    found = sum(aligner.map(at, min(length, at + _PROBE_LENGTH)) is not None for at in starts)
    return found * 2 > len(starts)


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0].strip()
    return line if len(line) <= _QUOTE else line[: _QUOTE - 1] + "…"


def _quote(text: str) -> str:
    squeezed = " ".join(text.split())
    return squeezed if len(squeezed) <= _QUOTE else squeezed[: _QUOTE - 1] + "…"
