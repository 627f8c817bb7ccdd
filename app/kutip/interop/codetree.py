"""Code trees in REFI-QDA: read from ``<Codes>``, merged into a project, written back.

Kutip describes a code in four fields (definition, when to use, when not to use, example), each
in Indonesian and in English (``definition_en`` …); REFI-QDA has one ``<Description>``. Export
writes the definition followed by a paragraph per other field, each opened by its label ("When
to use: …"), the English fields last ("Definition (English): …"); import splits a description
at those labels (in English or in any language Kutip ships, whichever wrote it), so a round
trip keeps the fields and their languages apart, and a description from another tool becomes
the definition.

Merging (a QDC into a project, or a QDPX into a non-empty project): an incoming code is the
existing code with its GUID, else the existing code of the same name under the same parent,
else a new code. A merged code keeps what the project says; where the file says otherwise
(another name, colour or description) the difference is reported, and empty fields are filled.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, SubElement

from kutip.errors import FailureReason, ImportFailedError
from kutip.i18n import LANGUAGES, N_, PoTranslations, _, catalogue_path
from kutip.interop.report import CODES, InteropReport
from kutip.interop.xmlsafe import xml_text
from kutip.model import Code
from kutip.project import PALETTE, Project, normalise_guid

#: Kutip's code fields after the definition, with their labels in a description.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("when_to_use", N_("When to use")),
    ("when_not_to_use", N_("When not to use")),
    ("example", N_("Example")),
    ("definition_en", N_("Definition (English)")),
    ("when_to_use_en", N_("When to use (English)")),
    ("when_not_to_use_en", N_("When not to use (English)")),
    ("example_en", N_("Example (English)")),
)
_FIELDS = ("definition", *(name for name, _label in SECTIONS))
#: Deeper code trees are refused (no real codebook comes near; recursion would).
MAX_DEPTH = 64
_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_COLOR6 = re.compile(r"#[0-9a-f]{6}")
_COLOR3 = re.compile(r"#[0-9a-f]{3}")


def parse_guid(value: str | None) -> str | None:
    """A GUID as Kutip stores it (lower-case, bare), or None when ``value`` is not one."""
    if value is None:
        return None
    guid = normalise_guid(value)
    return guid if _GUID.fullmatch(guid) else None


def parse_color(value: str | None) -> str | None:
    """``#rrggbb`` from ``#RRGGBB`` or ``#rgb``; None for anything else."""
    text = (value or "").strip().lower()
    if _COLOR6.fullmatch(text):
        return text
    if _COLOR3.fullmatch(text):
        return "#" + "".join(c * 2 for c in text[1:])
    return None


# --- descriptions -----------------------------------------------------------------------------


def code_description(code: Code) -> str:
    """A code's fields as one description (see the module docstring)."""
    parts = [code.definition] if code.definition else []
    for name, label in SECTIONS:
        value = getattr(code, name)
        if value:
            parts.append(f"{_(label)}: {value}")
    return "\n\n".join(parts)


def split_description(text: str) -> dict[str, str]:
    """A description's fields: the labelled paragraphs, and the rest as the definition."""
    fields = dict.fromkeys(_FIELDS, "")
    pieces = _label_pattern().split(text.strip())
    fields["definition"] = pieces[0].strip()
    labels = _label_fields()
    for label, value in zip(pieces[1::2], pieces[2::2], strict=True):
        name = labels[label.casefold()]
        fields[name] = "\n\n".join(p for p in (fields[name], value.strip()) if p)
    return fields


@functools.cache
def _label_fields() -> dict[str, str]:
    """Every label, in every shipped language, to the field it opens."""
    labels: dict[str, str] = {}
    for code, _language in LANGUAGES:
        path = catalogue_path(code)
        translate = PoTranslations(path).gettext if path.is_file() else (lambda m: m)
        for name, label in SECTIONS:
            labels.setdefault(label.casefold(), name)
            labels.setdefault(translate(label).casefold(), name)
    return labels


@functools.cache
def _label_pattern() -> re.Pattern[str]:
    labels = sorted(_label_fields(), key=len, reverse=True)  # "when not to use" first
    alternatives = "|".join(re.escape(label) for label in labels)
    return re.compile(rf"(?:^|\n[ \t]*\n)[ \t]*({alternatives})[ \t]*:[ \t]*", re.IGNORECASE)


# --- reading ----------------------------------------------------------------------------------


@dataclass
class CodeNode:
    """A ``<Code>`` as the file gives it."""

    guid: str | None
    name: str
    color: str | None
    description: str
    note_refs: tuple[str, ...] = ()
    children: list[CodeNode] = field(default_factory=list)


def read_codes(codes: Element | None, file: str, depth: int = 0) -> list[CodeNode]:
    """The code tree under a ``<Codes>`` (or ``<Code>``) element."""
    if codes is None:
        return []
    if depth > MAX_DEPTH:
        raise ImportFailedError(
            _("{file}: refused, the codes are nested more than {depth} deep.").format(
                file=file, depth=MAX_DEPTH
            ),
            FailureReason.REFUSED,
        )
    nodes = []
    for element in codes.findall("Code"):
        description = element.find("Description")
        nodes.append(
            CodeNode(
                guid=parse_guid(element.get("guid")),
                name=" ".join((element.get("name") or "").split()),
                color=parse_color(element.get("color")),
                description=(description.text or "") if description is not None else "",
                note_refs=note_refs(element),
                children=read_codes(element, file, depth + 1),
            )
        )
    return nodes


def note_refs(element: Element) -> tuple[str, ...]:
    """The GUIDs of the notes an element refers to."""
    found = (parse_guid(ref.get("targetGUID")) for ref in element.findall("NoteRef"))
    return tuple(guid for guid in found if guid)


def count_codes(nodes: list[CodeNode]) -> int:
    return sum(1 + count_codes(node.children) for node in nodes)


# --- merging into a project -------------------------------------------------------------------


class CodeMerger:
    """Puts incoming code trees into a project (see the module docstring); ``ids`` maps each
    incoming GUID to the code that now stands for it."""

    def __init__(self, project: Project, report: InteropReport) -> None:
        self.project = project
        self.report = report
        self.ids: dict[str, int] = {}
        self._matched: set[int] = set()
        codes = project.codes.all()
        self._colors = [code.color for code in codes]
        self._by_guid = {code.guid: code for code in codes}
        self._existing_children: dict[int | None, dict[str, Code]] = {}
        self._names: dict[int | None, set[str]] = {}
        for code in codes:
            self._existing_children.setdefault(code.parent_id, {})[code.name.casefold()] = code
            self._names.setdefault(code.parent_id, set()).add(code.name.casefold())

    def merge(
        self, nodes: list[CodeNode], memos: Mapping[str, str], parent_id: int | None = None
    ) -> None:
        """Merge ``nodes`` under ``parent_id``; ``memos`` holds the texts of the file's notes."""
        for node in nodes:
            memo = "\n\n".join(memos[g] for g in node.note_refs if memos.get(g))
            guid = node.guid
            if guid is not None and guid in self.ids:
                message = _(
                    "{file}: two codes have the GUID {guid}; the second, {name}, is kept as "
                    "another code."
                )
                self.report.warn(message.format(file=self.report.file, guid=guid, name=node.name))
                guid = None
            # The GUID decides; a GUID the project has is the same code. Only codes that were
            # in the project before this import are matched, by GUID or by name.
            existing = self._by_guid.get(guid) if guid else None
            if existing is None and node.name:
                existing = self._existing_children.get(parent_id, {}).get(node.name.casefold())
                if existing is not None and existing.id in self._matched:
                    existing = None  # already stands for another code of this file
            if existing is not None:
                code_id = existing.id
                self._matched.add(code_id)
                self.report.merged[CODES] += 1
                self._reconcile(existing, node, memo)
            else:
                code_id = self._create(node, guid, memo, parent_id)
            if guid is not None:
                self.ids[guid] = code_id
            self.merge(node.children, memos, code_id)

    def _create(self, node: CodeNode, guid: str | None, memo: str, parent_id: int | None) -> int:
        """A new code; ``guid`` is the file's when no code of the project has it."""
        name = self._free_name(node.name or _("Unnamed code"), parent_id)
        if name != (node.name or _("Unnamed code")):
            message = _(
                "{file}: there is already a code called {name} here; the code {guid} is "
                "imported as {new}."
            )
            self.report.warn(
                message.format(
                    file=self.report.file, name=node.name, guid=node.guid or "-", new=name
                )
            )
        fields = split_description(node.description)
        color = node.color or self._next_color()
        code_id = self.project.codes.add(
            name, parent_id=parent_id, color=color, guid=guid, **fields
        ).value
        self._colors.append(color)
        if memo:
            self.project.codes.describe(code_id, memo=memo)
        self._names.setdefault(parent_id, set()).add(name.casefold())
        self.report.created[CODES] += 1
        return code_id

    def _next_color(self) -> str:
        """The colour ``project.codes.add`` would choose (the first unused of the palette),
        without reading every code again for each new one."""
        used = set(self._colors)
        return next((c for c in PALETTE if c not in used), PALETTE[len(used) % len(PALETTE)])

    def _free_name(self, name: str, parent_id: int | None) -> str:
        taken = self._names.get(parent_id, set())
        candidate, number = name, 1
        while candidate.casefold() in taken:
            number += 1
            candidate = f"{name} ({number})"
        return candidate

    def _reconcile(self, existing: Code, node: CodeNode, memo: str) -> None:
        """Keep the project's code; fill its empty fields; report where the file differs."""
        differences: list[str] = []
        if node.name and node.name != existing.name:
            differences.append(_("name {name}").format(name=node.name))
        if node.color and node.color != existing.color:
            differences.append(_("colour {color}").format(color=node.color))
        incoming = split_description(node.description)
        fill: dict[str, str] = {}
        for name in _FIELDS:
            ours, theirs = getattr(existing, name), incoming[name]
            if theirs and not ours:
                fill[name] = theirs
            elif theirs and theirs != ours:
                differences.append(_("another description"))
                break
        if memo and not existing.memo:
            fill["memo"] = memo
        elif memo and memo != existing.memo:
            differences.append(_("another memo"))
        if fill:
            self.project.codes.describe(existing.id, **fill)
        if differences:
            message = _(
                "{file}: the code {name} is already in the project; the file gives it "
                "{differences}; the project's is kept."
            )
            self.report.warn(
                message.format(
                    file=self.report.file,
                    name=self.project.codes.path(existing.id),
                    differences=", ".join(differences),
                )
            )


# --- writing ----------------------------------------------------------------------------------


def write_codes(parent: Element, codes: list[Code], note_guids: Mapping[str, str]) -> None:
    """``<Codes>`` under ``parent`` with every code in tree order; ``note_guids`` maps a code's
    GUID to the note holding its memo (project files only: a codebook has no notes)."""
    container = SubElement(parent, "Codes")
    elements: dict[int | None, Element] = {None: container}
    for code in codes:  # parents come before their children
        element = SubElement(
            elements[code.parent_id],
            "Code",
            guid=code.guid,
            name=xml_text(code.name),
            isCodable="true",
            color=code.color,
        )
        description = code_description(code)
        if description:
            SubElement(element, "Description").text = xml_text(description)
        if code.guid in note_guids:
            SubElement(element, "NoteRef", targetGUID=note_guids[code.guid])
        elements[code.id] = element
