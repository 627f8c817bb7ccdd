"""A ``project.qde`` read into plain records, leniently, before anything touches the project.

Real tools leave out optional attributes, write GUIDs in either case with or without braces,
and put elements in orders the schema does not allow (QualCoder writes a PDF's
``Representation`` before its ``PDFSelection``s): elements are looked up by name wherever they
are, and anything missing gets a sensible default. What Kutip has no place for (pictures, audio,
video, area selections, sets, links, graphs) is counted so that the report can say it was left
out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.etree.ElementTree import Element

from kutip.interop.codetree import CodeNode, note_refs, parse_guid, read_codes
from kutip.model import AttributeScope


@dataclass(frozen=True)
class TextRef:
    """Where a text is: a path (``internal://…`` and the like) or the text itself."""

    path: str | None = None
    content: str | None = None


@dataclass(frozen=True)
class ValueEntry:
    """A ``<VariableValue>``: the variable's GUID, the value element's name and its text."""

    variable: str
    kind: str
    text: str


@dataclass(frozen=True)
class VariableEntry:
    guid: str | None
    name: str
    type: str
    description: str
    #: Whose variable it is, where the file says (a Kutip project does; REFI-QDA does not).
    scope: AttributeScope | None = None


@dataclass(frozen=True)
class Made:
    """Who made an element (``creatingUser``, a user's GUID) and when (``creationDateTime``
    as Kutip stores times), as far as the file says."""

    by: str | None = None
    at: str | None = None
    modified: str | None = None

    def or_else(self, other: Made) -> Made:
        """These facts, each missing one taken from ``other`` (a coding's from its selection)."""
        return Made(self.by or other.by, self.at or other.at, self.modified or other.modified)


@dataclass(frozen=True)
class CodingEntry:
    guid: str | None
    code: str | None
    note_refs: tuple[str, ...]
    made: Made = Made()


@dataclass(frozen=True)
class SelectionEntry:
    """A ``<PlainTextSelection>``: positions as written (None when missing or not numbers)."""

    guid: str | None
    name: str
    start: int | None
    end: int | None
    description: str
    codings: tuple[CodingEntry, ...]
    note_refs: tuple[str, ...]
    made: Made = Made()


@dataclass
class SourceEntry:
    """A ``<TextSource>`` or ``<PDFSource>`` (other kinds only have ``element`` and ``name``)."""

    element: str
    guid: str | None
    name: str
    description: str = ""
    #: The plain text: a TextSource's own, or a PDFSource's Representation.
    plain: TextRef | None = None
    rich_path: str | None = None
    pdf_path: str | None = None
    selections: list[SelectionEntry] = field(default_factory=list)
    #: Codings of the whole source.
    codings: list[CodingEntry] = field(default_factory=list)
    #: Area selections (``PDFSelection``) with codings: Kutip codes text only.
    area_codings: int = 0
    note_refs: tuple[str, ...] = ()
    values: list[ValueEntry] = field(default_factory=list)
    made: Made = Made()


@dataclass(frozen=True)
class CaseEntry:
    guid: str | None
    name: str
    description: str
    values: tuple[ValueEntry, ...]
    source_refs: tuple[str, ...]
    selection_refs: tuple[str, ...]


@dataclass(frozen=True)
class NoteEntry:
    guid: str | None
    name: str
    text: TextRef
    description: str
    made: Made = Made()


@dataclass
class QdeProject:
    name: str
    origin: str
    base_path: str
    users: dict[str, str] = field(default_factory=dict)
    codes: list[CodeNode] = field(default_factory=list)
    variables: list[VariableEntry] = field(default_factory=list)
    cases: list[CaseEntry] = field(default_factory=list)
    sources: list[SourceEntry] = field(default_factory=list)
    notes: list[NoteEntry] = field(default_factory=list)
    description: str = ""
    note_refs: tuple[str, ...] = ()
    #: Elements Kutip has no place for, by element name, with how many there were.
    left_out: Counter[str] = field(default_factory=Counter)


_OTHER_SOURCES = ("PictureSource", "AudioSource", "VideoSource")
_VALUE_KINDS = (
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
)


def read_project(root: Element, file: str) -> QdeProject:
    """The records of a ``<Project>`` element (namespaces already removed)."""
    project = QdeProject(
        name=root.get("name") or "",
        origin=root.get("origin") or "",
        base_path=root.get("basePath") or "",
        description=_text(root.find("Description")),
        note_refs=note_refs(root),
    )
    for user in _all(root, "Users", "User"):
        guid = parse_guid(user.get("guid"))
        if guid:
            project.users[guid] = user.get("name") or user.get("id") or ""
    codebook = root.find("CodeBook")
    project.codes = read_codes(codebook.find("Codes") if codebook is not None else None, file)
    project.variables = [
        VariableEntry(
            guid=parse_guid(v.get("guid")),
            name=" ".join((v.get("name") or "").split()),
            type=(v.get("typeOfVariable") or "Text").strip(),
            description=_text(v.find("Description")),
        )
        for v in _all(root, "Variables", "Variable")
    ]
    project.cases = [_case(case) for case in _all(root, "Cases", "Case")]
    sources = root.find("Sources")
    for element in sources if sources is not None else ():
        tag = str(element.tag)
        if tag in ("TextSource", "PDFSource"):
            project.sources.append(_source(element))
        elif tag in _OTHER_SOURCES:
            project.left_out[tag] += 1
    project.notes = [
        NoteEntry(
            guid=parse_guid(note.get("guid")),
            name=" ".join((note.get("name") or "").split()),
            text=_text_ref(note),
            description=_text(note.find("Description")),
            made=made(note),
        )
        for note in _all(root, "Notes", "Note")
    ]
    for tag in ("Links", "Sets", "Graphs"):
        container = root.find(tag)
        if container is not None and len(container):
            project.left_out[tag] += len(container)
    return project


def made(element: Element) -> Made:
    """Who made ``element`` and when, from its ``creatingUser``, ``creationDateTime`` and
    ``modifiedDateTime`` (what is missing or malformed is None)."""
    return Made(
        parse_guid(element.get("creatingUser")),
        stored_time(element.get("creationDateTime")),
        stored_time(element.get("modifiedDateTime")),
    )


def stored_time(value: str | None) -> str | None:
    """An ``xsd:dateTime`` as Kutip stores times (ISO 8601 in UTC, to the second), or None.

    A time without a zone is taken as UTC: the standard leaves it open, and the tools seen
    write UTC ("…Z")."""
    try:
        moment = datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _all(root: Element, container: str, tag: str) -> list[Element]:
    found = root.find(container)
    return found.findall(tag) if found is not None else []


def _text(element: Element | None) -> str:
    return (element.text or "") if element is not None else ""


def _text_ref(element: Element) -> TextRef:
    content = element.find("PlainTextContent")
    path = (element.get("plainTextPath") or "").strip()
    if content is not None and (content.text or not path):
        return TextRef(content=content.text or "")
    return TextRef(path=path or None)


def _position(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


def _codings(element: Element) -> tuple[CodingEntry, ...]:
    found = []
    for coding in element.findall("Coding"):
        ref = coding.find("CodeRef")
        code = parse_guid(ref.get("targetGUID")) if ref is not None else None
        found.append(
            CodingEntry(parse_guid(coding.get("guid")), code, note_refs(coding), made(coding))
        )
    return tuple(found)


def _selection(element: Element) -> SelectionEntry:
    return SelectionEntry(
        guid=parse_guid(element.get("guid")),
        name=element.get("name") or "",
        start=_position(element.get("startPosition")),
        end=_position(element.get("endPosition")),
        description=_text(element.find("Description")),
        codings=_codings(element),
        note_refs=note_refs(element),
        made=made(element),
    )


def _values(element: Element) -> list[ValueEntry]:
    values = []
    for value in element.findall("VariableValue"):
        ref = value.find("VariableRef")
        variable = parse_guid(ref.get("targetGUID")) if ref is not None else None
        found = next((v for v in value if str(v.tag) in _VALUE_KINDS), None)
        if variable and found is not None:
            values.append(ValueEntry(variable, str(found.tag), (found.text or "").strip()))
    return values


def _source(element: Element) -> SourceEntry:
    tag = str(element.tag)
    source = SourceEntry(
        element=tag,
        guid=parse_guid(element.get("guid")),
        name=" ".join((element.get("name") or "").split()),
        description=_text(element.find("Description")),
        codings=list(_codings(element)),
        note_refs=note_refs(element),
        values=_values(element),
        made=made(element),
    )
    if tag == "TextSource":
        source.plain = _text_ref(element)
        source.rich_path = (element.get("richTextPath") or "").strip() or None
        text_holder: Element | None = element
    else:
        source.pdf_path = (element.get("path") or element.get("currentPath") or "").strip() or None
        text_holder = element.find("Representation")
        if text_holder is not None:
            source.plain = _text_ref(text_holder)
        source.area_codings = sum(
            1 for area in element.findall("PDFSelection") if area.find("Coding") is not None
        )
    if text_holder is not None:
        source.selections = [_selection(s) for s in text_holder.findall("PlainTextSelection")]
    return source


def _case(element: Element) -> CaseEntry:
    def refs(tag: str) -> tuple[str, ...]:
        found = (parse_guid(ref.get("targetGUID")) for ref in element.findall(tag))
        return tuple(guid for guid in found if guid)

    return CaseEntry(
        guid=parse_guid(element.get("guid")),
        name=" ".join((element.get("name") or "").split()),
        description=_text(element.find("Description")),
        values=tuple(_values(element)),
        source_refs=refs("SourceRef"),
        selection_refs=refs("SelectionRef"),
    )
