"""A Kutip project as a REFI-QDA project exchange file (.qdpx): ``project.qde`` and ``sources/``.

The file is valid against the Project schema (tests check every export):

- users: the project's coders; the code tree with colours, descriptions (``codetree``) and
  memos (as notes);
- text sources as ``TextSource`` with ``internal://GUID.txt`` (plus the original .docx as
  ``richTextPath`` where there is one); PDF sources as ``PDFSource`` with the original PDF and a
  ``Representation``, Kutip's text of it, in which the codings are ``PlainTextSelection``s —
  for a scan, the text OCR read, and the OCR layers beside the PDF for Kutip (``ocr_file``);
- every coding as its own selection, with its coder and date, its code, and its memo as a note;
- cases with their variables' values and their sources (``SourceRef``) or parts of sources
  (``SelectionRef`` to a selection without codings); source attributes on the sources;
- the project journal as notes the project refers to.

Positions are code points of the text file, end exclusive, as the standard says; the file is
UTF-8 without a byte-order mark (QualCoder would count one as a character).
GUIDs are the project's own; the few elements that have no record of their own (a coding inside
its selection, a memo's note, a PDF's representation, a case's part of a source) get GUIDs
derived from their record's, so exporting twice gives the same GUIDs.
"""

from __future__ import annotations

import codecs
import io
import uuid
import zipfile
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from kutip import __version__
from kutip.errors import KnownError
from kutip.i18n import _
from kutip.interop.codetree import write_codes
from kutip.interop.ocr_file import ocr_file_bytes, ocr_file_name
from kutip.interop.xmlsafe import xml_text
from kutip.model import (
    Attribute,
    AttributeScope,
    AttributeType,
    Code,
    Memo,
    Segment,
    Source,
    SourceKind,
)
from kutip.progress import NoProgress, Progress
from kutip.project import Project
from kutip.store.output import atomic_output, check_output

PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
ORIGIN = f"Kutip {__version__}"
#: Namespace of the GUIDs derived from a record's GUID (see the module docstring).
_DERIVED = uuid.UUID("5b0f3d1e-7c4a-4e4b-9b8e-0d1c6a2f9e37")
#: A selection's ``name`` holds the text it codes, up to this many characters (then "…").
MAX_NAME = 1000
_TYPES = {
    AttributeType.TEXT: ("Text", "TextValue"),
    AttributeType.INTEGER: ("Integer", "IntegerValue"),
    AttributeType.FLOAT: ("Float", "FloatValue"),
    AttributeType.BOOLEAN: ("Boolean", "BooleanValue"),
    AttributeType.DATE: ("Date", "DateValue"),
}


def derived_guid(guid: str, role: str) -> str:
    """A stable GUID for the ``role`` element of the record with ``guid``."""
    return str(uuid.uuid5(_DERIVED, f"{guid}/{role}"))


def export_qdpx(project: Project, path: Path | str, progress: Progress | None = None) -> None:
    """Write ``project`` as a QDPX archive at ``path`` (replaced only once it is complete).

    ``path`` must be a safe target ending in .qdpx (``kutip.store.output.check_output``): it is
    checked before anything is read or written.
    """
    path = check_output(path, ".qdpx")
    progress = progress or NoProgress()
    files: dict[str, bytes] = {}
    root = ProjectXml(project, files).build(progress)
    write_archive(path, project_bytes(root), files)


def project_bytes(root: Element) -> bytes:
    indent(root, space="  ")
    return tostring(root, encoding="utf-8", xml_declaration=True)


def write_archive(path: Path, qde: bytes, files: dict[str, bytes]) -> None:
    """The archive, written beside ``path`` and moved onto it when complete."""
    try:
        with atomic_output(path) as staged, zipfile.ZipFile(staged, "w") as archive:
            archive.writestr("project.qde", qde, zipfile.ZIP_DEFLATED)
            for name, data in files.items():
                compression = zipfile.ZIP_STORED if name.endswith(".pdf") else zipfile.ZIP_DEFLATED
                archive.writestr(f"sources/{name}", data, compression)
    except OSError as error:
        raise cannot_write(path, error) from None


def cannot_write(path: Path, error: OSError) -> KnownError:
    return KnownError(
        _("Cannot write {name}: {reason}").format(name=path.name, reason=error.strerror or error)
    )


def xml_datetime(value: str | None) -> str | None:
    """An ISO timestamp as ``xsd:dateTime`` in UTC notation, or None when it is not one."""
    if not value or "T" not in value:
        return None
    return value[:-6] + "Z" if value.endswith("+00:00") else value


def _set(element: Element, **attributes: str | None) -> None:
    for key, value in attributes.items():
        if value:
            element.set(key, value)


class ProjectXml:
    """Builds ``project.qde`` from a project, collecting the source files in ``files``."""

    def __init__(self, project: Project, files: dict[str, bytes]) -> None:
        self.project = project
        self.files = files
        self.coders = {coder.id: coder.guid for coder in project.coders.all()}
        self.codes = project.codes.all()
        self.code_guids = {code.id: code.guid for code in self.codes}
        self.notes: list[Element] = []
        #: Parts of sources that belong to cases: (source id, start, end) → selection GUID.
        self.case_parts: dict[tuple[int, int, int], str] = {}

    def build(self, progress: Progress) -> Element:
        project = self.project
        first_coder = next(iter(self.coders.values()), None)
        root = Element("Project", xmlns=PROJECT_NAMESPACE)
        _set(
            root,
            name=xml_text(project.name) or "Kutip",
            origin=ORIGIN,
            creatingUserGUID=first_coder,
            creationDateTime=xml_datetime(project.setting("created")),
        )
        users = SubElement(root, "Users")
        for coder in project.coders.all():
            SubElement(users, "User", guid=coder.guid, name=xml_text(coder.name))
        if self.codes:
            code_notes = {c.guid: self._code_note(c) for c in self.codes if c.memo.strip()}
            write_codes(SubElement(root, "CodeBook"), self.codes, code_notes)
        attributes = project.cases.attributes()
        if attributes:
            variables = SubElement(root, "Variables")
            for attribute in attributes:
                variable = SubElement(
                    variables,
                    "Variable",
                    guid=attribute.guid,
                    name=xml_text(attribute.name),
                    typeOfVariable=_TYPES[attribute.type][0],
                )
                if attribute.description:
                    SubElement(variable, "Description").text = xml_text(attribute.description)
        self._cases(root, [a for a in attributes if a.scope is AttributeScope.CASE])
        sources = project.sources.all()
        if sources:
            container = SubElement(root, "Sources")
            source_attributes = [a for a in attributes if a.scope is AttributeScope.SOURCE]
            for index, source in enumerate(sources):
                progress.report(index, len(sources), source.title)
                self._source(container, source, source_attributes)
        journal = [self._journal_note(memo) for memo in project.memos.all()]
        if self.notes:
            SubElement(root, "Notes").extend(self.notes)
        for guid in journal:
            SubElement(root, "NoteRef", targetGUID=guid)
        progress.report(len(sources), len(sources), "")
        return root

    # -- notes ---------------------------------------------------------------------------------

    def _note(self, guid: str, name: str, text: str, **attributes: str | None) -> str:
        note = Element("Note", guid=guid, name=xml_text(name))
        _set(note, **attributes)
        SubElement(note, "PlainTextContent").text = xml_text(text)
        self.notes.append(note)
        return guid

    def _code_note(self, code: Code) -> str:
        return self._note(
            derived_guid(code.guid, "memo"),
            _("Memo on the code {name}").format(name=code.name),
            code.memo,
        )

    def _journal_note(self, memo: Memo) -> str:
        return self._note(
            memo.guid,
            memo.title,
            memo.text,
            creatingUser=self.coders.get(memo.coder_id or -1),
            creationDateTime=xml_datetime(memo.created),
            modifiedDateTime=xml_datetime(memo.modified),
        )

    # -- cases ---------------------------------------------------------------------------------

    def _cases(self, root: Element, attributes: list[Attribute]) -> None:
        cases = self.project.cases.all()
        if not cases:
            return
        source_guids = {s.id: s.guid for s in self.project.sources.all()}
        container = SubElement(root, "Cases")
        for case in cases:
            element = SubElement(container, "Case", guid=case.guid, name=xml_text(case.name))
            if case.description:
                SubElement(element, "Description").text = xml_text(case.description)
            values = self.project.cases.attribute_values(case.id, AttributeScope.CASE)
            self._values(element, attributes, values)
            links = self.project.cases.links(case.id)
            for link in links:
                if link.start is None:
                    SubElement(element, "SourceRef", targetGUID=source_guids[link.source_id])
            for link in links:
                if link.start is not None and link.end is not None:
                    key = (link.source_id, link.start, link.end)
                    guid = self.case_parts.setdefault(
                        key,
                        derived_guid(source_guids[link.source_id], f"part/{link.start}/{link.end}"),
                    )
                    SubElement(element, "SelectionRef", targetGUID=guid)

    def _values(
        self, element: Element, attributes: Iterable[Attribute], values: dict[str, str]
    ) -> None:
        for attribute in attributes:
            value = _value_text(attribute, values.get(attribute.name))
            if value is None:
                continue
            holder = SubElement(element, "VariableValue")
            SubElement(holder, "VariableRef", targetGUID=attribute.guid)
            SubElement(holder, _TYPES[attribute.type][1]).text = value

    # -- sources -------------------------------------------------------------------------------

    def _source(self, container: Element, source: Source, attributes: list[Attribute]) -> None:
        text = self.project.sources.text(source.id)
        original = self.project.sources.file(source.id)
        attributes_of = {
            "creatingUser": self.coders.get(source.imported_by or -1),
            "creationDateTime": xml_datetime(source.imported_at),
        }
        if source.kind is SourceKind.PDF and original:
            element = SubElement(container, "PDFSource", guid=source.guid)
            _set(element, name=xml_text(source.title), path=f"internal://{source.guid}.pdf")
            _set(element, **attributes_of)
            self.files[f"{source.guid}.pdf"] = original
            layers = self.project.sources.ocr_layers(source.id)
            if layers:
                language = self.project.sources.ocr_language(source.id)
                self.files[ocr_file_name(f"{source.guid}.pdf")] = ocr_file_bytes(language, layers)
            self._description(element, source.memo)
            representation_guid = derived_guid(source.guid, "representation")
            holder = SubElement(element, "Representation", guid=representation_guid)
            _set(
                holder,
                name=xml_text(source.title),
                plainTextPath=f"internal://{representation_guid}.txt",
            )
            self.files[f"{representation_guid}.txt"] = plain_text_file(text, None)
            self._selections(holder, source, text)
        else:
            element = SubElement(container, "TextSource", guid=source.guid)
            _set(element, name=xml_text(source.title))
            if original and _is_docx(original):
                element.set("richTextPath", f"internal://{source.guid}.docx")
                self.files[f"{source.guid}.docx"] = original
            element.set("plainTextPath", f"internal://{source.guid}.txt")
            _set(element, **attributes_of)
            self.files[f"{source.guid}.txt"] = plain_text_file(text, original)
            self._description(element, source.memo)
            self._selections(element, source, text)
        values = self.project.cases.attribute_values(source.id, AttributeScope.SOURCE)
        self._values(element, attributes, values)

    @staticmethod
    def _description(element: Element, text: str) -> None:
        if text.strip():
            SubElement(element, "Description").text = xml_text(text)

    def _selections(self, holder: Element, source: Source, text: str) -> None:
        for segment in self.project.codings.all(source_id=source.id):
            self._selection(holder, segment, text)
        for (source_id, start, end), guid in sorted(self.case_parts.items()):
            if source_id == source.id:
                SubElement(
                    holder,
                    "PlainTextSelection",
                    guid=guid,
                    name=_selection_name(text[start:end]),
                    startPosition=str(start),
                    endPosition=str(end),
                )

    def _selection(self, holder: Element, segment: Segment, text: str) -> None:
        coder = self.coders.get(segment.coder_id or -1)
        created = xml_datetime(segment.created)
        selection = SubElement(holder, "PlainTextSelection", guid=segment.guid)
        _set(
            selection,
            name=_selection_name(text[segment.start : segment.end]),
            startPosition=str(segment.start),
            endPosition=str(segment.end),
            creatingUser=coder,
            creationDateTime=created,
        )
        coding = SubElement(selection, "Coding", guid=derived_guid(segment.guid, "coding"))
        _set(coding, creatingUser=coder, creationDateTime=created)
        SubElement(coding, "CodeRef", targetGUID=self.code_guids[segment.code_id])
        if segment.memo.strip():
            code = next(c for c in self.codes if c.id == segment.code_id)
            note = self._note(
                derived_guid(segment.guid, "memo"),
                _("Memo on a coding of {code}").format(code=code.name),
                segment.memo,
                creatingUser=coder,
                creationDateTime=created,
            )
            SubElement(selection, "NoteRef", targetGUID=note)


def plain_text_file(text: str, original: bytes | None) -> bytes:
    """The plain-text file of a source: UTF-8 without a byte-order mark — its original bytes
    when they are exactly that (then the original survives a round trip), else the text.

    Never a BOM: QualCoder counts it as a character, shifting every coding by one (of the
    NVivo sample's 303 codings exported with a BOM, none landed on its text in QualCoder)."""
    if original is not None and not original.startswith(codecs.BOM_UTF8):
        try:
            if original.decode("utf-8") == text:
                return original
        except UnicodeDecodeError:
            pass
    return text.encode("utf-8")


def _is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _selection_name(text: str) -> str:
    name = xml_text(text)
    return name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…"


def _value_text(attribute: Attribute, value: str | None) -> str | None:
    """A stored value as its XML Schema type writes it; None for none (or an infinity, which
    xsd:decimal cannot write)."""
    if value is None:
        return None
    if attribute.type is AttributeType.FLOAT:  # xsd:decimal has no exponent
        try:
            number = Decimal(value)
        except InvalidOperation:
            return None
        return format(number, "f") if number.is_finite() else None
    return xml_text(value)
