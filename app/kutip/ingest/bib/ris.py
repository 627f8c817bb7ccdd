"""Reading RIS exports (Zotero, Mendeley, EndNote, databases) into the same drafts as BibTeX.

RIS has no citation keys, so each record gets one made the way Better BibTeX makes them
(``silitonga2024``, then ``silitonga2024a`` …), which is what a Pandoc citation in a Kutip
export will use. Fields are stored under BibTeX names (``journal``, ``pages``, ``doi`` …) so
the citation code reads one vocabulary whichever file a reference came from.

Records are split here (for line numbers and each record's original text) and parsed one by
one with rispy, so a damaged record costs only itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kutip.errors import FailureReason, ImportFailedError
from kutip.i18n import _
from kutip.ingest.bib.bibtex import BibEntryDraft, BibliographyRead, decode_bibliography
from kutip.ingest.bib.fields import (
    CitekeyPool,
    Person,
    citekey_base,
    normalise_doi,
    people_text,
    year_of,
)
from kutip.ingest.bib.linked_files import links_document, locate_file

#: RIS reference types and the BibTeX entry type each becomes (anything else: misc).
ENTRY_TYPES = {
    "JOUR": "article",
    "EJOUR": "article",
    "JFULL": "article",
    "MGZN": "article",
    "NEWS": "article",
    "INPR": "article",
    "ABST": "article",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    "CHAP": "incollection",
    "ECHAP": "incollection",
    "CONF": "proceedings",
    "CPAPER": "inproceedings",
    "THES": "phdthesis",
    "RPRT": "techreport",
    "GOVDOC": "techreport",
    "UNPB": "unpublished",
    "MANSCPT": "unpublished",
    "ELEC": "online",
    "BLOG": "online",
    "WEB": "online",
    "DATA": "dataset",
    "COMP": "software",
}
#: Where a record's secondary title (T2) goes: a chapter's book, an article's journal.
_BOOKTITLE_TYPES = frozenset({"incollection", "inproceedings"})

#: RIS tags kept under a BibTeX name; the rest keep rispy's name (``accession_number`` …).
_FIELD_NAMES = {
    "abstract": "abstract",
    "notes_abstract": "abstract",
    "volume": "volume",
    "number": "number",
    "publisher": "publisher",
    "place_published": "address",
    "edition": "edition",
    "language": "language",
    "short_title": "shorttitle",
    "access_date": "urldate",
    "type_of_work": "type",
    "date": "date",
    "alternate_title1": "shortjournal",
    "alternate_title2": "shortjournal",
    "tertiary_title": "series",
    "file_attachments1": "file",
    "note": "m1",  # rispy's name for M1, a miscellaneous number; N1 notes become "note"
}

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])\s{1,2}-(?: (.*)|\s*)$")
_START = re.compile(r"^TY\s{1,2}-")
_END = re.compile(r"^ER\s{1,2}-")
_EDITOR_TAGS = {"ED": "editors"}


def _parser() -> Any:
    import rispy

    mapping = {**rispy.TAG_KEY_MAPPING, **_EDITOR_TAGS}
    list_tags = [*rispy.LIST_TYPE_TAGS, "ED", "L1", "L2", "L4"]
    return rispy.RisParser(mapping=mapping, list_tags=list_tags, delimiter_tags_mapping={})


def read_ris(path: Path, data: bytes) -> BibliographyRead:
    """Read a ``.ris`` file's bytes into reference drafts and the problems found.

    Raises ``ImportFailedError`` when the file holds no RIS record at all."""
    text, problems = decode_bibliography(path.name, data)
    records = _split_records(path.name, text.split("\n"), problems)
    if not records:
        raise ImportFailedError(
            _("{name}: this is not a RIS file (no record starting with “TY  -” found).").format(
                name=path.name
            ),
            FailureReason.DAMAGED,
        )
    parser = _parser()
    tags = frozenset(parser.mapping)
    taken = CitekeyPool()
    entries: list[BibEntryDraft] = []
    for line, lines in records:
        canonical = [_canonical_tag_line(raw, tags) for raw in lines]
        parsed = parser.parse_lines(iter(_joined_continuations(parser, canonical)))
        if not parsed:
            problems.append(
                _("{name} line {line}: the record could not be read.").format(
                    name=path.name, line=line
                )
            )
            continue
        entries.append(_draft(parsed[0], "\n".join(lines), line, path.parent, taken))
    return BibliographyRead(entries=entries, problems=problems)


def _canonical_tag_line(line: str, tags: frozenset[str]) -> str:
    """``TY - JOUR`` as rispy wants it: ``TY  - JOUR`` (only for real tags, so an abstract's
    continuation line "US - China relations" stays text)."""
    match = _TAG_LINE.match(line)
    if match is None or match.group(1) not in tags:
        return line
    return f"{match.group(1)}  - {(match.group(2) or '').strip()}"


def _joined_continuations(parser: Any, lines: list[str]) -> list[str]:
    """The lines with the continuation lines of each one-value field joined onto its first
    tag line (with a space), which is what rispy makes of them.

    rispy joins them one at a time, copying the growing value each time: a 9 MB abstract of
    short lines took eight minutes. Joined here once, it is read at the speed of the file.
    Continuations of list fields (``AU``, ``KW``, unknown tags) are left to rispy, which makes
    each an item; those of a repeated one-value tag go to its first value, as in rispy.
    """
    out: list[str | tuple[str, list[str]]] = []  # a tuple: a tag and its parts, joined last
    values: dict[str, list[str]] = {}  # by field name: the parts of its first value
    current: list[str] | None = None  # where continuation lines go now
    for line in lines:
        tag, content = parser.parse_line(line)
        if tag is None and current is not None:
            current.append(content)
            continue
        out.append(line)
        if tag is None or tag in parser.ignore:
            continue  # rispy carries on with the field before an ignored tag
        name = parser.mapping.get(tag)
        if name is None or tag in parser.list_tags or tag in (parser.START_TAG, parser.END_TAG):
            current = None
        elif name in values:
            current = values[name]  # the line itself is ignored: the first value is kept
        else:
            current = values[name] = [content]
            out[-1] = (tag, current)
    return [item if isinstance(item, str) else f"{item[0]}  - {' '.join(item[1])}" for item in out]


def _split_records(name: str, lines: list[str], problems: list[str]) -> list[tuple[int, list[str]]]:
    """(1-based start line, lines from ``TY`` to ``ER``) of each record."""
    records: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    start = 0
    for number, raw in enumerate(lines, 1):
        line = raw.lstrip("\ufeff").rstrip()
        if _START.match(line):
            if current is not None:
                problems.append(
                    _(
                        "{name} line {line}: the record has no end line “ER  -”; it was read "
                        "up to the next record."
                    ).format(name=name, line=start)
                )
                records.append((start, [*current, "ER  - "]))
            current, start = [line], number
        elif current is not None:
            current.append(line)
            if _END.match(line):
                records.append((start, current))
                current = None
    if current is not None:
        problems.append(
            _(
                "{name} line {line}: the record has no end line “ER  -”; it was read up to the "
                "end of the file."
            ).format(name=name, line=start)
        )
        records.append((start, [*current, "ER  - "]))
    return records


def _text(value: object, joiner: str = "; ") -> str:
    if isinstance(value, list):
        return joiner.join(str(v).strip() for v in value if str(v).strip())
    return str(value or "").strip()


def parse_ris_name(name: str) -> Person:
    """``Family, Given[, Suffix]``; a name without a comma is kept whole as a family name
    (how Zotero writes an institution)."""
    parts = [part.strip() for part in name.split(",")]
    if len(parts) == 1:
        return Person(parts[0])
    return Person(parts[0], parts[1], ", ".join(parts[2:]))


def _people(record: dict[str, Any], *keys: str) -> tuple[Person, ...]:
    people: list[Person] = []
    for key in keys:
        value = record.get(key) or []
        for name in value if isinstance(value, list) else [value]:
            if str(name).strip():
                people.append(parse_ris_name(str(name)))
    return tuple(people)


def _pages(record: dict[str, Any]) -> str:
    start, end = _text(record.get("start_page")), _text(record.get("end_page"))
    if start and end and end != start:
        return f"{start}–{end}"
    return start or end


def _month(date: str) -> str:
    """The month of a RIS date ``2024/06/15/``, ``2024/06//``, ``2024-06``; else ""."""
    parts = re.split(r"[/-]", date)
    if len(parts) > 1 and parts[1].strip().isdigit() and 1 <= int(parts[1]) <= 12:
        return str(int(parts[1]))
    return ""


def _fields(record: dict[str, Any], entry_type: str) -> dict[str, str]:
    """The record's fields under BibTeX names where there is one."""
    fields: dict[str, str] = {}
    for key, value in record.items():
        if key in {"type_of_reference", "unknown_tag", "end_of_reference"}:
            continue
        text = _text(value, "\n\n" if key == "notes" else "; ")
        if text:
            fields.setdefault(_FIELD_NAMES.get(key, key), text)
    for tag, values in (record.get("unknown_tag") or {}).items():
        if tag is not None:  # rispy files lines before any field's tag under None
            fields.setdefault(f"ris-{tag.lower()}", _text(values))
    title = _text(record.get("title") or record.get("primary_title"))
    secondary = _text(record.get("secondary_title"))
    journal = _text(record.get("journal_name") or record.get("alternate_title3"))
    put = {
        "title": title,
        "author": people_text(_people(record, "authors", "first_authors")),
        "editor": people_text(_people(record, "editors", "secondary_authors")),
        "year": year_of(
            _text(record.get("year") or record.get("publication_year")), _text(record.get("date"))
        ),
        "month": _month(_text(record.get("date") or record.get("publication_year"))),
        "pages": _pages(record),
        "doi": _text(record.get("doi")),
        "url": _text(record.get("urls")),
        "keywords": _text(record.get("keywords"), ", "),
        "note": _text(record.get("notes"), "\n\n"),
    }
    if entry_type in _BOOKTITLE_TYPES:
        put["booktitle"] = secondary
    else:
        put["journal"] = journal or secondary
    if record.get("issn"):
        put["isbn" if entry_type in {"book", "incollection"} else "issn"] = _text(record["issn"])
    for key in ("primary_title", "secondary_title", "journal_name", "alternate_title3",
                "authors", "first_authors", "editors", "secondary_authors", "publication_year",
                "start_page", "end_page", "urls", "notes", "issn"):  # fmt: skip
        fields.pop(key, None)
    fields.update({key: value for key, value in put.items() if value})
    return fields


def _files(record: dict[str, Any], folder: Path) -> tuple[Path, ...]:
    """The PDFs (and other documents Kutip imports) of the record's L1 lines
    (``files/12/a.pdf``, ``file:///C:/…``, EndNote's ``internal-pdf://0123/a.pdf``), found
    near the file where possible."""
    found: list[Path] = []
    for value in record.get("file_attachments1") or []:
        for raw in str(value).split(";"):
            raw = raw.strip()
            if raw.lower().startswith("internal-pdf://"):
                raw = raw[len("internal-pdf://") :]
            if not links_document(raw) or raw.lower().startswith(("http:", "https:")):
                continue
            path = locate_file(raw, folder)
            if path not in found:
                found.append(path)
    return tuple(found)


def _draft(
    record: dict[str, Any], original: str, line: int, folder: Path, taken: CitekeyPool
) -> BibEntryDraft:
    ris_type = _text(record.get("type_of_reference")).upper()
    entry_type = ENTRY_TYPES.get(ris_type, "misc")
    fields = _fields(record, entry_type)
    fields["ris-type"] = ris_type
    authors = _people(record, "authors", "first_authors")
    editors = _people(record, "editors", "secondary_authors")
    year = fields.get("year", "")
    title = fields.get("title", "")
    key = taken.unique(citekey_base(authors or editors, year, title))
    return BibEntryDraft(
        citekey=key,
        entry_type=entry_type,
        title=title,
        authors=authors,
        editors=editors,
        year=year,
        doi=normalise_doi(fields.get("doi", ""), keep_case=True),
        fields=fields,
        original=original,
        files=_files(record, folder),
        line=line,
    )
