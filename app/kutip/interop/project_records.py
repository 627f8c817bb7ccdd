"""A Kutip project read into the records of an exchange file, so that merging one project into
another is importing it (``qde_apply.QdeApplier``): one way to match and merge codes, sources,
codings, cases, attributes and memos, whichever file they come from.

Nothing is written as XML or read back: the records are made from the project's rows, with
what REFI-QDA has no place for carried alongside (a source's stored file, pages, turns,
language, flags and reference; an attribute's scope). Positions are the project's own (code
points of its canonical text), so they are taken as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from kutip.ingest.drafts import DocumentMetadata, PageDraft, SourceDraft, TurnDraft
from kutip.interop.codetree import CodeNode, code_description
from kutip.interop.positions import Counting, CountingDecision, ExchangeText
from kutip.interop.qde_apply import PreparedSource
from kutip.interop.qde_export import derived_guid
from kutip.interop.qde_read import (
    CaseEntry,
    CodingEntry,
    Made,
    NoteEntry,
    QdeProject,
    SelectionEntry,
    SourceEntry,
    TextRef,
    ValueEntry,
    VariableEntry,
)
from kutip.model import AttributeScope, Code, Coder, Source, SourceKind
from kutip.project import Project
from kutip.store import queries

#: Positions of a Kutip project are code points of its canonical text: nothing to detect.
AS_STORED = CountingDecision(Counting.CODE_POINTS, names_are_text=False)

_VALUE_ELEMENTS = {
    "text": "TextValue",
    "integer": "IntegerValue",
    "float": "FloatValue",
    "boolean": "BooleanValue",
    "date": "DateValue",
}


@dataclass
class ProjectRecords:
    """What ``QdeApplier`` needs, read from a project."""

    document: QdeProject
    prepared: list[PreparedSource]
    notes: list[tuple[NoteEntry, str]]
    #: Each source's first page number the user set, by the source's GUID.
    first_pages: dict[str, int]


def read_records(project: Project) -> ProjectRecords:
    """The records of every code, source (with its codings), case, attribute and memo."""
    coders = {coder.id: coder for coder in project.coders.all()}
    codes = project.codes.all()
    code_guids = {code.id: code.guid for code in codes}
    notes: list[tuple[NoteEntry, str]] = []
    code_memos = {c.guid: derived_guid(c.guid, "memo") for c in codes if c.memo.strip()}
    for code in codes:
        if code.guid in code_memos:
            notes.append((NoteEntry(code_memos[code.guid], "", TextRef(content=""), ""), code.memo))
    document = QdeProject(
        name=project.name,
        origin="Kutip",
        base_path="",
        users={coder.guid: coder.name for coder in coders.values()},
        codes=_code_tree(codes, code_memos),
    )
    attributes = project.cases.attributes()
    document.variables = [
        VariableEntry(a.guid, a.name, a.type.value, a.description, a.scope) for a in attributes
    ]
    by_name = {(a.scope, a.name): a for a in attributes}

    def values(owner_id: int, scope: AttributeScope) -> list[ValueEntry]:
        found = project.cases.attribute_values(owner_id, scope)
        return [
            ValueEntry(
                by_name[(scope, name)].guid, _VALUE_ELEMENTS[by_name[(scope, name)].type], value
            )
            for name, value in found.items()
        ]

    sources = project.sources.all()
    guids = {source.id: source.guid for source in sources}
    document.cases, parts = _case_entries(project, guids, values)
    codings = _coding_entries(project, coders, code_guids)
    prepared = []
    first_pages = {}
    for source in sources:
        entry = _source_entry(source, coders)
        entry.selections = codings.get(source.id, [])
        entry.selections += [
            SelectionEntry(guid, "", start, end, "", (), ())
            for start, end, guid in parts.get(source.id, [])
        ]
        entry.values = values(source.id, AttributeScope.SOURCE)
        draft = _draft(project, source)
        prepared.append(PreparedSource(entry, draft, ExchangeText(draft.text)))
        if source.first_page is not None:
            first_pages[source.guid] = source.first_page
    for memo in project.memos.all():
        coder = coders.get(memo.coder_id or -1)
        made = Made(coder.guid if coder else None, memo.created, memo.modified)
        notes.append(
            (NoteEntry(memo.guid, memo.title, TextRef(content=memo.text), "", made), memo.text)
        )
    document.notes = [note for note, _text in notes]
    document.sources = [p.entry for p in prepared]
    return ProjectRecords(document, prepared, notes, first_pages)


def _case_entries(
    project: Project,
    guids: Mapping[int, str],
    values: Callable[[int, AttributeScope], list[ValueEntry]],
) -> tuple[list[CaseEntry], dict[int, list[tuple[int, int, str]]]]:
    """Every case, and by source the parts of sources that belong to a case: (start, end, GUID),
    each a selection without codings, named by a derived GUID."""
    cases: list[CaseEntry] = []
    parts: dict[int, list[tuple[int, int, str]]] = {}
    for case in project.cases.all():
        links = project.cases.links(case.id)
        part_refs = []
        for link in links:
            if link.start is not None and link.end is not None:
                guid = derived_guid(guids[link.source_id], f"part/{link.start}/{link.end}")
                parts.setdefault(link.source_id, []).append((link.start, link.end, guid))
                part_refs.append(guid)
        cases.append(
            CaseEntry(
                guid=case.guid,
                name=case.name,
                description=case.description,
                values=tuple(values(case.id, AttributeScope.CASE)),
                source_refs=tuple(guids[k.source_id] for k in links if k.start is None),
                selection_refs=tuple(part_refs),
            )
        )
    return cases, parts


def _coding_entries(
    project: Project, coders: Mapping[int, Coder], code_guids: Mapping[int, str]
) -> dict[int, list[SelectionEntry]]:
    """Every coding as a selection with one coding, by source."""
    codings: dict[int, list[SelectionEntry]] = {}
    for segment in project.codings.all():
        coder = coders.get(segment.coder_id or -1)
        made = Made(coder.guid if coder else None, segment.created)
        coding = CodingEntry(
            derived_guid(segment.guid, "coding"), code_guids[segment.code_id], (), made
        )
        codings.setdefault(segment.source_id, []).append(
            SelectionEntry(
                segment.guid, "", segment.start, segment.end, segment.memo, (coding,), (), made
            )
        )
    return codings


def _code_tree(codes: list[Code], memos: dict[str, str]) -> list[CodeNode]:
    """The codes as the trees an exchange file holds (``codes`` is in tree order)."""
    nodes: dict[int, CodeNode] = {}
    roots: list[CodeNode] = []
    for code in codes:
        node = CodeNode(
            guid=code.guid,
            name=code.name,
            color=code.color,
            description=code_description(code),
            note_refs=(memos[code.guid],) if code.guid in memos else (),
        )
        nodes[code.id] = node
        (nodes[code.parent_id].children if code.parent_id in nodes else roots).append(node)
    return roots


def _source_entry(source: Source, coders: dict[int, Coder]) -> SourceEntry:
    coder = coders.get(source.imported_by or -1)
    return SourceEntry(
        element="PDFSource" if source.kind is SourceKind.PDF else "TextSource",
        guid=source.guid,
        name=source.title,
        description=source.memo,
        made=Made(coder.guid if coder else None, source.imported_at),
    )


def _draft(project: Project, source: Source) -> SourceDraft:
    """The source as an import would have read it: its stored file, text, pages and turns."""
    store = project.store
    data = project.sources.file(source.id) or b""
    stored = queries.stored_file(store, source.file_sha256) if source.file_sha256 else None
    metadata = queries.source_metadata(store, source.id)
    return SourceDraft(
        title=source.title,
        text=project.sources.text(source.id),
        kind=source.kind,
        file_name=stored.name if stored else source.title,
        mime=stored.mime if stored else "text/plain",
        data=data,
        language=source.language,
        pages=tuple(
            PageDraft(p.index, p.label, p.start, p.end, p.furniture)
            for p in queries.pages(store, source.id)
        ),
        turns=tuple(
            TurnDraft(t.start, t.end, t.speaker, t.time_start, t.time_end)
            for t in project.sources.turns(source.id)
        ),
        metadata=DocumentMetadata(
            title=str(metadata.get("title", "")),
            authors=tuple(str(a) for a in metadata.get("authors", ())),
            year=str(metadata.get("year", "")),
            doi=str(metadata.get("doi", "")),
        ),
        flags=source.flags,
        bib_key=source.bib_key,
        # A scanned page's text is what OCR read on it: the view needs it to show the text.
        ocr_language=project.sources.ocr_language(source.id),
        ocr_layers=tuple(sorted(project.sources.ocr_layers(source.id).items())),
    )
