"""The project's references as CSL-JSON, the data citeproc-py formats citations from.

citeproc-py's own BibTeX reader fails on real files (DESIGN.md §7), and the project has read
them already: ``BibEntry.fields`` holds every field decoded to Unicode, ``BibEntry.authors``
the names in BibTeX form ("Family, Given"). This module maps those to CSL variables. Only
variables citeproc-py knows are written: it warns about any other, and a warning is an error
in the test suite.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from kutip.ingest.bibfields import parse_people, parse_person
from kutip.model import BibEntry

#: BibTeX / BibLaTeX entry types → CSL item types.
TYPES: dict[str, str] = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "booklet": "pamphlet",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "manual": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inreference": "entry-encyclopedia",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "unpublished": "manuscript",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "webpage": "webpage",
    "periodical": "periodical",
    "dataset": "dataset",
    "software": "software",
    "patent": "patent",
    "misc": "document",
}

#: BibTeX fields copied as they are, to the CSL variable named.
_PLAIN_FIELDS: dict[str, str] = {
    "volume": "volume",
    "edition": "edition",
    "isbn": "ISBN",
    "issn": "ISSN",
    "url": "URL",
    "note": "note",
    "version": "version",
    "chapter": "chapter-number",
    "pagetotal": "number-of-pages",
    "volumes": "number-of-volumes",
    "eventtitle": "event",
    "venue": "event-place",
}

#: What ``langid``/``language`` fields say → ISO 639-1, for titles' casing.
_LANGUAGES: dict[str, str] = {
    "indonesian": "id",
    "bahasa": "id",
    "bahasa indonesia": "id",
    "id": "id",
    "ind": "id",
    "malay": "ms",
    "english": "en",
    "american": "en",
    "british": "en",
    "en": "en",
    "eng": "en",
    "dutch": "nl",
    "german": "de",
    "french": "fr",
    "spanish": "es",
}

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def csl_names(names: Iterable[str]) -> list[dict[str, str]]:
    """Stored "Family, Given" names as CSL names.

    A stored name without a comma is a corporate or one-word name (the BibTeX reader kept
    ``{World Health Organization}`` whole): it becomes a ``literal`` so that no style turns it
    into "Organization, W. H.". ``and others`` is left out; styles shorten long lists anyway.
    """
    out: list[dict[str, str]] = []
    for name in names:
        text = name.strip()
        if not text or text.lower() == "others":
            continue
        if "," not in text:
            out.append({"literal": text} if " " in text else {"family": text})
            continue
        person = parse_person(text)
        item = {"family": person.family}
        if person.given:
            item["given"] = person.given
        if person.suffix:
            item["suffix"] = person.suffix
        out.append(item)
    return out


def _editors(value: str) -> list[dict[str, str]]:
    """The ``editor`` field (decoded text, names joined by "and")."""
    return csl_names(str(person) for person in parse_people(value) if not person.is_others)


def _issued(entry: BibEntry) -> dict[str, Any] | None:
    fields = entry.fields
    date = _ISO_DATE.match(fields.get("date", ""))
    if date and not fields.get("year", "").strip():
        parts = [int(p) for p in date.groups() if p]
        return {"date-parts": [parts]}
    year = _YEAR.search(entry.year or fields.get("year", ""))
    if year is None:
        return None
    parts = [int(year.group(1))]
    month = fields.get("month", "").strip()
    if month.isdigit() and 1 <= int(month) <= 12:
        parts.append(int(month))
        day = fields.get("day", "").strip()
        if day.isdigit() and 1 <= int(day) <= 31:
            parts.append(int(day))
    return {"date-parts": [parts]}


def _accessed(value: str) -> dict[str, Any] | None:
    date = _ISO_DATE.match(value)
    if date is None:
        return None
    return {"date-parts": [[int(p) for p in date.groups() if p]]}


def language_code(entry: BibEntry) -> str | None:
    """The entry's language as ISO 639-1, from ``langid`` or ``language``; None if unknown."""
    for key in ("langid", "language"):
        value = entry.fields.get(key, "").strip().lower()
        if value:
            return _LANGUAGES.get(value, _LANGUAGES.get(value.split("-")[0]))
    return None


def csl_item(entry: BibEntry, item_id: str, language: str | None = None) -> dict[str, Any]:
    """One reference as a CSL-JSON item with the id ``item_id``.

    ``language`` (the linked source's detected language) is used when the entry names none:
    styles title-case only English titles, so an Indonesian title must say it is one.
    """
    fields = entry.fields
    kind = TYPES.get(entry.entry_type.lower(), "document")
    item: dict[str, Any] = {"id": item_id, "type": kind}
    if entry.title:
        item["title"] = entry.title
    authors = csl_names(entry.authors)
    if authors:
        item["author"] = authors
    if fields.get("editor"):
        editors = _editors(fields["editor"])
        if editors:
            item["editor"] = editors
    issued = _issued(entry)
    if issued is not None:
        item["issued"] = issued
    elif entry.year.strip():
        item["issued"] = {"literal": entry.year.strip()}  # "in press", "forthcoming"
    container = (
        fields.get("journal")
        or fields.get("journaltitle")
        or fields.get("booktitle")
        or (fields.get("maintitle") if kind == "chapter" else "")
    )
    if container:
        item["container-title"] = container
    if fields.get("series"):
        item["collection-title"] = fields["series"]
    number = fields.get("number") or fields.get("issue")
    if number:
        item["issue" if kind in {"article-journal", "periodical"} else "number"] = number
    if fields.get("pages"):
        item["page"] = re.sub(r"\s*(?:--|–|—)\s*", "-", fields["pages"].strip())
    publisher = (
        fields.get("publisher")
        or fields.get("school")
        or fields.get("institution")
        or fields.get("organization")
    )
    if publisher:
        item["publisher"] = publisher
    place = fields.get("address") or fields.get("location")
    if place:
        item["publisher-place"] = place
    if entry.doi:
        item["DOI"] = entry.doi
    for key, variable in _PLAIN_FIELDS.items():
        if fields.get(key) and variable not in item:
            item[variable] = fields[key]
    genre = fields.get("type") or {
        "phdthesis": "PhD thesis",
        "mastersthesis": "Master’s thesis",
    }.get(entry.entry_type.lower())
    if genre and kind in {"thesis", "report", "manuscript", "document", "webpage"}:
        item["genre"] = genre
    if fields.get("urldate"):
        accessed = _accessed(fields["urldate"])
        if accessed is not None:
            item["accessed"] = accessed
    item_language = language_code(entry) or language
    if item_language:
        item["language"] = item_language
    return item
