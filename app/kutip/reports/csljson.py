"""The project's references as CSL-JSON, the data citeproc-py formats citations from.

citeproc-py's own BibTeX reader fails on real files (DESIGN.md §7), and the project has read
them already: ``BibEntry.fields`` holds every field decoded to Unicode, ``BibEntry.authors``
the names in BibTeX form ("Family, Given"). This module maps those to CSL variables. Only
variables citeproc-py knows are written: it warns about any other, and a warning is an error
in the test suite.

What the data must look like for the styles to print what their manuals print, done here as
Pandoc's BibTeX reader does it (so that ``pandoc --citeproc`` on the exported ``.bib`` agrees):

* **Titles in sentence case.** CSL styles expect titles in sentence case and title-case them
  where the style wants it; a ``.bib`` has them in title case with braces around what must keep
  its capitals. English titles (title, subtitle, the book of a chapter, a series) are put in
  sentence case keeping the braced phrases (``textcase``) and the names Kutip knows
  (``proper_nouns``: countries, peoples, Indonesia's places, platforms …); a title already in
  sentence case keeps its capitals (they are names). Titles in other languages are printed as
  given (APA 7 asks sentence case of English-language works only). Protected phrases reach
  citeproc-py as ``<span class="nocase">``.
* **"Title: Subtitle"**, the subtitle's first word capitalised (English).
* **Genre of theses** in the words of each style and report language, where the entry has no
  ``type``: APA "Doctoral dissertation" ("Unpublished …" without a URL or DOI), Chicago "PhD
  diss.", Cite Them Right "PhD thesis", IEEE "Ph.D. dissertation".
* **Newspapers and magazines** (biblatex ``entrysubtype``) get their own CSL types, which the
  styles date to the day and print without volume.
* **DOIs as written** and **apostrophes as typeset** ("Mu’ti"), as Pandoc prints them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kutip.ingest.bib.fields import normalise_doi, parse_people, parse_person
from kutip.ingest.bib.protection import entry_protection
from kutip.ingest.language import detect_language
from kutip.model import BibEntry
from kutip.reports.proper_nouns import proper_nouns_in
from kutip.reports.textcase import (
    capitalise_first,
    looks_sentence_cased,
    protected_capitals,
    sentence_case,
)

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


def item_language(entry: BibEntry, source_language: str | None = None) -> str:
    """The language the reference is in, for its titles' case: the entry's ``langid``, else
    the linked source's, else what its title's function words say, else English."""
    return (
        language_code(entry)
        or source_language
        or detect_language(f"{entry.title} {entry.fields.get('subtitle', '')}", min_hits=1)
        or "en"
    )


@dataclass(frozen=True)
class Cased:
    """A title as styles get it, and the phrases in it whose capitals must stay."""

    text: str
    protected: tuple[str, ...] = ()

    def markup(self, opening: str = '<span class="nocase">', closing: str = "</span>") -> str:
        """The text with its protected phrases between ``opening`` and ``closing`` (by default
        ``<span class="nocase">``, for citeproc-py)."""
        return _marked(self.text, self.protected, opening, closing)


def cased(value: str, protected: Iterable[str], english: bool) -> Cased:
    """A title field as CSL data: in sentence case if English (see the module's notes)."""
    phrases = tuple(protected)
    if not english:
        return Cased(value, phrases)
    if looks_sentence_cased(value, phrases):
        return Cased(capitalise_first(value), (*phrases, *protected_capitals(value, phrases)))
    phrases += tuple(name for name in proper_nouns_in(value) if name not in phrases)
    return Cased(sentence_case(value, phrases), phrases)


def joined(title: Cased, subtitle: Cased | None) -> Cased:
    """ "Title: Subtitle" (no colon after a title ending in ? ! . or :), as Pandoc joins them."""
    if subtitle is None or not subtitle.text:
        return title
    separator = " " if title.text[-1:] in _ENDS_SENTENCE else ": "
    return Cased(title.text + separator + subtitle.text, title.protected + subtitle.protected)


#: The title fields, each put in sentence case on its own (Pandoc joins them as styles need).
CASED_FIELDS = ("title", "subtitle", "booktitle", "booksubtitle", "maintitle", "series")


def cased_fields(entry: BibEntry, english: bool) -> dict[str, Cased]:
    """The entry's title fields as CSL data, each on its own (an English subtitle starts
    with a capital: it follows a colon)."""
    protected = entry_protection(entry)
    found: dict[str, Cased] = {}
    for key in CASED_FIELDS:
        value = entry.title if key == "title" else entry.fields.get(key, "")
        if value.strip():
            field = cased(value, protected.get(key, ()), english)
            if key.endswith("subtitle") and english:
                field = Cased(capitalise_first(field.text), field.protected)
            found[key] = field
    return found


def title_fields(entry: BibEntry, english: bool) -> tuple[Cased, Cased | None, Cased | None]:
    """(title with subtitle, the book or proceedings of a chapter or paper, the series)."""
    fields = cased_fields(entry, english)
    title = joined(fields.get("title", Cased("")), fields.get("subtitle"))
    container = None
    if _kind(entry) in {"chapter", "paper-conference", "entry-encyclopedia"}:
        book = fields.get("booktitle") or fields.get("maintitle")
        if book is not None:
            container = joined(book, fields.get("booksubtitle"))
    return title, container, fields.get("series")


def _marked(text: str, phrases: Iterable[str], opening: str, closing: str) -> str:
    spans: list[tuple[int, int]] = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        for match in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text):
            if not any(s < match.end() and match.start() < e for s, e in spans):
                spans.append((match.start(), match.end()))
    out: list[str] = []
    last = 0
    for start, end in sorted(spans):
        out += [text[last:start], opening, text[start:end], closing]
        last = end
    out.append(text[last:])
    return "".join(out)


_ENDS_SENTENCE = frozenset("?!.:")
_APOSTROPHE = re.compile(r"(?<=\w)'|'(?=\w)")

#: Thesis descriptions by style and report language: (doctoral, master's, unpublished
#: doctoral, unpublished master's); the unpublished ones only where the style says so.
_THESES: Mapping[tuple[str, str], tuple[str, str, str, str]] = {
    ("apa", "en"): (
        "Doctoral dissertation",
        "Master’s thesis",
        "Unpublished doctoral dissertation",
        "Unpublished master’s thesis",
    ),
    ("apa", "id"): (
        "Disertasi doktoral",
        "Tesis magister",
        "Disertasi doktoral tidak diterbitkan",
        "Tesis magister tidak diterbitkan",
    ),
    ("chicago", "en"): ("PhD diss.", "Master’s thesis", "PhD diss.", "Master’s thesis"),
    ("harvard", "en"): ("PhD thesis", "Master’s thesis", "PhD thesis", "Master’s thesis"),
    ("ieee", "en"): ("Ph.D. dissertation", "M.S. thesis", "Ph.D. dissertation", "M.S. thesis"),
}
_THESES_ID = ("Disertasi doktoral", "Tesis magister", "Disertasi doktoral", "Tesis magister")


def thesis_genre(entry: BibEntry, style: str, report_language: str) -> str | None:
    """How ``style`` describes the thesis ``entry`` (None: not a thesis, or it says itself)."""
    kind = entry.entry_type.lower()
    if kind not in {"phdthesis", "mastersthesis", "thesis"} or entry.fields.get("type"):
        return None
    words = _THESES.get((style, report_language)) or (
        _THESES_ID if report_language == "id" else _THESES[style, "en"]
    )
    published = bool(entry.fields.get("url") or entry.doi)
    return words[(0 if kind != "mastersthesis" else 1) + (0 if published else 2)]


def _kind(entry: BibEntry) -> str:
    kind = TYPES.get(entry.entry_type.lower(), "document")
    subtype = entry.fields.get("entrysubtype", "").strip().lower()
    if kind == "article-journal" and subtype in {"newspaper", "magazine"}:
        return f"article-{subtype}"
    return kind


def printed_doi(entry: BibEntry) -> str:
    """The DOI as written in the entry (a project from before Kutip kept its case has it
    lower-case in ``doi`` and as written in the ``doi`` field)."""
    written = normalise_doi(entry.fields.get("doi", ""), keep_case=True)
    if written and written.lower() == entry.doi.lower():
        return written
    return entry.doi


def typeset(text: str) -> str:
    """Straight apostrophes as typeset ones: "Mu'ti" → "Mu’ti" (as Pandoc prints them)."""
    return _APOSTROPHE.sub("’", text) if "'" in text else text


def csl_item(
    entry: BibEntry,
    item_id: str,
    language: str | None = None,
    style: str = "apa",
    report_language: str = "en",
) -> dict[str, Any]:
    """One reference as a CSL-JSON item with the id ``item_id``, for ``style`` in a report in
    ``report_language``.

    ``language`` (the linked source's detected language) is used when the entry names none:
    styles title-case only English titles, so an Indonesian title must say it is one.
    """
    fields = entry.fields
    kind = _kind(entry)
    item: dict[str, Any] = {"id": item_id, "type": kind}
    lang = item_language(entry, language)
    english = lang == "en"
    title, container, series = title_fields(entry, english)
    if title.text:
        item["title"] = typeset(title.markup())
    authors = csl_names(entry.authors)
    if authors:
        item["author"] = authors
    if fields.get("editor"):
        editors = _editors(fields["editor"])
        if editors:
            item["editor"] = editors
    for names in (item.get("author", []), item.get("editor", [])):
        for name in names:
            for part, value in name.items():
                name[part] = typeset(value)
    issued = _issued(entry)
    if issued is not None:
        item["issued"] = issued
    elif entry.year.strip():
        item["issued"] = {"literal": entry.year.strip()}  # "in press", "forthcoming"
    if container is not None:
        item["container-title"] = typeset(container.markup())
    else:
        periodical = fields.get("journal") or fields.get("journaltitle")
        if periodical:
            item["container-title"] = typeset(periodical)
    if series is not None:
        item["collection-title"] = typeset(series.markup())
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
        item["publisher"] = typeset(publisher)
    place = fields.get("address") or fields.get("location")
    if place:
        item["publisher-place"] = place
    doi = printed_doi(entry)
    if doi:
        item["DOI"] = doi
    for key, variable in _PLAIN_FIELDS.items():
        if fields.get(key) and variable not in item:
            item[variable] = fields[key]
    genre = fields.get("type") or thesis_genre(entry, style, report_language)
    if genre and kind in {"thesis", "report", "manuscript", "document", "webpage"}:
        item["genre"] = genre
    if fields.get("urldate"):
        accessed = _accessed(fields["urldate"])
        if accessed is not None:
            item["accessed"] = accessed
    item["language"] = lang
    return item
