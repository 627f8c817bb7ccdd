"""A reference's fields as the reference editor and ``kutip reference --set`` name them.

A reference is stored as BibTeX knows it (``BibEntry``: type, title, authors, year, DOI, and
every field by its BibTeX name). Users edit it by what the fields mean, whatever the type:
*container* is the journal of an article but the book of a chapter, *publisher* the school of a
thesis. ``FIELDS`` names them; ``field_value`` reads one and ``changed_entry`` writes a set of
changes, checked, into a new ``BibEntry``. Any other BibTeX field may be set by its own name
(``note``, ``edition``). Titles are typed with braces around the words whose capitals stay
(``Hoaxes on {TikTok}``), as in a ``.bib`` file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from kutip.errors import ValidationError
from kutip.i18n import N_, _
from kutip.ingest.bib.bibtex import Person, normalise_doi, parse_people, year_of
from kutip.ingest.bib.protection import TITLE_FIELDS, entry_protection, split_braces, with_braces
from kutip.model import BibEntry

#: The fields by meaning, with what each is (for ``--help`` and the editor's labels).
FIELDS: dict[str, str] = {
    "type": N_("the kind of work, as BibTeX names it: article, book, incollection, …"),
    "authors": N_("authors, as in BibTeX: Family, Given and Family, Given"),
    "editors": N_("editors, as in BibTeX: Family, Given and Family, Given"),
    "title": N_("the title; {braces} keep the capitals of the words inside"),
    "subtitle": N_("the subtitle"),
    "container": N_("the journal, or the book or proceedings the work is part of"),
    "volume": N_("the volume"),
    "issue": N_("the issue (number)"),
    "pages": N_("the pages, e.g. 112–130"),
    "year": N_("the year of publication"),
    "doi": N_("the DOI, e.g. 10.1093/jcmc/zmac012"),
    "url": N_("the web address"),
    "publisher": N_("the publisher; the university of a thesis, the institution of a report"),
    "language": N_("the language of the work: en, id, …"),
}

#: Entry types whose container is a book or proceedings (``booktitle``); any other type's
#: container is a periodical or website (``journal``).
_IN_BOOK = frozenset(
    {"incollection", "inbook", "inproceedings", "conference", "inreference", "bookinbook"}
)
_THESES = frozenset({"phdthesis", "mastersthesis", "thesis"})
_REPORTS = frozenset({"techreport", "report"})
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_-]*")
_TYPE = re.compile(r"[a-z]+")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*|[A-Za-z ]{2,30}")
_YEAR_PREFIX = re.compile(r"^\s*\d{4}")
_MAX_VALUE = 10_000


def bibtex_field(entry: BibEntry, name: str) -> str:
    """The BibTeX field a field by meaning is stored in, for this entry's type."""
    kind = entry.entry_type.lower()
    fields = entry.fields
    if name == "container":
        if kind in _IN_BOOK:
            return "booktitle"
        return "journaltitle" if "journaltitle" in fields else "journal"
    if name == "issue":
        return "issue" if "issue" in fields and "number" not in fields else "number"
    if name == "publisher":
        for key in ("publisher", "school", "institution", "organization"):
            if fields.get(key):
                return key
        return "school" if kind in _THESES else "institution" if kind in _REPORTS else "publisher"
    if name == "language":
        return "language" if "language" in fields and "langid" not in fields else "langid"
    if name in {"authors", "editors"}:
        return name[:-1]
    return name


def field_value(entry: BibEntry, name: str) -> str:
    """A field's value as it is typed: titles with their protected words in braces, names
    in BibTeX form."""
    if name == "type":
        return entry.entry_type
    if name == "authors":
        return " and ".join(entry.authors)
    if name == "editors":
        return " and ".join(str(p) for p in parse_people(entry.fields.get("editor", "")))
    if name == "year":
        return entry.year
    if name == "doi":
        return entry.doi
    key = bibtex_field(entry, name)
    value = entry.title if key == "title" else entry.fields.get(key, "")
    if key in TITLE_FIELDS:
        return with_braces(value, entry_protection(entry).get(key, ()))
    return value


def changed_entry(entry: BibEntry, changes: Mapping[str, str | Sequence[Person]]) -> BibEntry:
    """``entry`` with ``changes`` made (field name → value; "" removes a field); raises
    ``ValidationError`` naming the first value that cannot be stored."""
    fields = dict(entry.fields)
    protected = entry_protection(entry)
    values: dict[str, object] = {}
    for name, value in changes.items():
        if name in {"authors", "editors"}:
            people = _people(value)
            text = " and ".join(str(person) for person in people)
            _store(fields, bibtex_field(entry, name), text)
            if name == "authors":
                values["authors"] = tuple(str(person) for person in people)
            continue
        if not isinstance(value, str):
            raise ValidationError(_("The field {name} takes text.").format(name=name))
        text = " ".join(value.split()) if name != "pages" else value.strip()
        if len(text) > _MAX_VALUE:
            raise ValidationError(
                _("The value of {name} is too long ({n} characters).").format(
                    name=name, n=len(text)
                )
            )
        if name == "type":
            if not _TYPE.fullmatch(text.lower()):
                raise ValidationError(
                    _("{value} is not a kind of reference (article, book, …).").format(value=value)
                )
            values["entry_type"] = text.lower()
            continue
        if name == "year":
            values["year"] = year_of(text)
            _store(fields, "year", text)
            if fields.get("date") and _YEAR_PREFIX.match(fields["date"]) and text.isdigit():
                fields["date"] = _YEAR_PREFIX.sub(text, fields["date"], count=1)
            elif not text:
                fields.pop("date", None)
            continue
        if name == "doi":
            doi = normalise_doi(text, keep_case=True)
            if text and not doi:
                raise ValidationError(
                    _("{value} is not a DOI (it starts with 10. and has a slash).").format(
                        value=value
                    )
                )
            values["doi"] = doi
            _store(fields, "doi", doi)
            continue
        if name == "language" and text and not _LANGUAGE.fullmatch(text):
            raise ValidationError(
                _("{value} is not a language (write en, id or a language's name).").format(
                    value=value
                )
            )
        if name not in FIELDS and not _FIELD_NAME.fullmatch(name):
            raise ValidationError(
                _("{name} is not a field: use one of {fields}, or a BibTeX field's name.").format(
                    name=name, fields=", ".join(FIELDS)
                )
            )
        key = bibtex_field(entry, name)
        if key in TITLE_FIELDS:
            text, phrases = split_braces(text)
            if phrases:
                protected[key] = phrases
            else:
                protected.pop(key, None)
        if key == "title":
            values["title"] = text
        _store(fields, key, text)
    return replace(entry, fields=fields, protected=protected, **values)  # type: ignore[arg-type]


def _store(fields: dict[str, str], key: str, value: str) -> None:
    if value:
        fields[key] = value
    else:
        fields.pop(key, None)


def _people(value: str | Sequence[Person]) -> tuple[Person, ...]:
    if isinstance(value, str):
        return tuple(p for p in parse_people(value) if not p.is_others)
    return tuple(person for person in value if person.family.strip())


def merged_entry(keep: BibEntry, other: BibEntry) -> BibEntry:
    """``keep`` with what only ``other`` has: its fields where ``keep`` has none, and its
    authors, title, year and DOI where ``keep``'s are empty."""
    fields = dict(keep.fields)
    protected = entry_protection(keep)
    others = entry_protection(other)
    for key, value in other.fields.items():
        if value.strip() and not fields.get(key, "").strip():
            fields[key] = value
            if key in others:
                protected[key] = others[key]
    return replace(
        keep,
        entry_type=keep.entry_type or other.entry_type,
        title=keep.title or other.title,
        authors=keep.authors or other.authors,
        year=keep.year or other.year,
        doi=keep.doi or other.doi,
        fields=fields,
        protected=protected,
    )
