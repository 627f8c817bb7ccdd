"""What a PDF says about itself: the facts a reference is made of when no bibliography has one.

Read in this order, the first that has a fact winning:

1. **XMP**, the metadata stream publishers fill in: ``dc:title``, ``dc:creator`` (a name per
   ``rdf:li``), PRISM's ``publicationName``, ``volume``, ``number``, ``startingPage``,
   ``endingPage``, ``pageRange``, ``coverDate``/``publicationDate`` and ``doi``, and the DOI that
   ``pdfx``, ``crossmark`` or ``dc:identifier`` carry; ``dc:publisher``. Parsed as the hostile
   input it may be: no DTDs, no entities.
2. **The document information dictionary** (``Title``, ``Author``), unless the title is a file
   name or a word processor's label ("Microsoft Word - draft3.docx").
3. **The first pages as printed.** A DOI in the text of the first two pages. A citation line
   naming the journal, volume, issue and pages ("Jurnal Sosiologi 12 (2018): 45-60",
   "Journal of X, Vol. 5, No. 2, pp. 45–67", "Journal of X, 12(3), 45–67"), on the first page.
   The title: the first run of lines in the first page's largest type, when it is larger than
   the body text (and reads as words, not a font without its letters). The authors: the names
   in the lines under the title ("Dewi Wijaya¹, Rizky Kusuma² and Budi Santoso"), affiliations,
   e-mail addresses and footnote marks left out, until the abstract or the body text.

``reference_from`` makes a reference of these facts, marked *from the PDF* for the user to check
(and for a bibliography's entry of the same work to replace, see ``services.importing``).

The year: a publication date in the XMP, else a year on the citation line or the DOI's line,
else the year the file was made, else a year near the top of the first page. A journal's
printed page range may come from the page labels (the folios) when no line says it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from kutip.ingest.bib.bibtex import BibEntryDraft
from kutip.ingest.bib.fields import CitekeyPool, citekey_base, normalise_doi, parse_person
from kutip.ingest.bib.matching import usable_title
from kutip.ingest.drafts import DocumentMetadata
from kutip.ingest.pdf.pagetext import PageText
from kutip.model import BibEntry

#: The year of publication is looked for in the top quarter of the first page.
_TOP_OF_FIRST_PAGE = 0.25
#: Authors are looked for in the lines under the title, down to this share of the page ...
_AUTHORS_ABOVE = 0.5
#: ... and in at most this many lines.
_AUTHOR_LINES = 16
#: The title is in type at least this much larger than the body text.
_TITLE_SCALE = 1.15

_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]+")
_CLOSING = {")": "(", "]": "[", "}": "{"}
_JUNK_TITLE = re.compile(
    r"^(untitled|microsoft word\b.*|.*\.(docx?|pdf|tex|dvi|indd|rtf|odt))$", re.I
)
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
#: XMP properties (by local name, whatever their namespace) and what they say.
_XMP = {
    "title": "title", "creator": "authors", "publicationName": "container",
    "volume": "volume", "number": "issue", "startingPage": "first", "endingPage": "last",
    "pageRange": "pages", "doi": "doi", "DOI": "doi", "identifier": "identifier",
    "coverDate": "date", "publicationDate": "date", "publisher": "publisher",
}  # fmt: skip

_RANGE = r"(\d{1,5})\s*[-–—]\s*(\d{1,5})"
_VOLUME = re.compile(r"\b(?:vol(?:ume)?|jilid)\.?\s*(\d{1,4})", re.I)
_ISSUE = re.compile(r"\b(?:no|nomor|number|issue|iss)\.?\s*(\d{1,4})", re.I)
_PAGES = re.compile(r"\b(?:pp?|pages?|hal(?:aman)?|hlm)\.?\s*" + _RANGE, re.I)
#: "12(3), 45–67", "12 (3): 45-67"
_COMPACT = re.compile(r"(?<![\d.])(\d{1,4})\s*\((\d{1,4})\)\s*[,:]\s*" + _RANGE)
#: "Journal of Rural Studies 41 (2015) 245–260", "Jurnal Sosiologi 12 (2018): 45-60"
_VOLUME_YEAR = re.compile(r"(?<![\d.])(\d{1,4})\s*\((19\d\d|20\d\d)\)\s*[,:]?\s*" + _RANGE)

_AFFILIATION = re.compile(
    r"univ|institu|depart|dept\b|facult|fakultas|school|college|cent(?:er|re)\b|laborator|"
    r"program|jurusan|sekolah|politeknik|akademi|\binc\b|\bltd\b|gmbh|street|road|jalan|jl\.|"
    r"e-?mail|correspond|abstra|keywords?|kata kunci|received|diterima|http|www\.|@",
    re.IGNORECASE,
)
_STOP = re.compile(r"^\s*(abstract|abstrak|summary|ringkasan|keywords?|kata kunci)\b", re.I)
_PARTICLES = frozenset("van von der den de del della di da du le la bin binti dos das".split())
_MARKS = re.compile(r"[\d*†‡§¶∗⋆#,]+(?=\s|$|,)|[\d*†‡§¶∗⋆#]+")
_SEPARATORS = re.compile(r"\s*(?:,|;|\band\b|&|\bdan\b)\s*", re.IGNORECASE)
_INITIALS = re.compile(r"(?:[A-Z]\.)+(?:-[A-Z]\.)?")
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:[-'’][^\W\d_]+)*\.?")


def document_metadata(
    info: Mapping[str, str],
    xmp: str,
    first_pages: Sequence[tuple[PageText, float]],
    first_label: str = "",
    last_label: str = "",
) -> DocumentMetadata:
    """The facts of a PDF from its information dictionary, its XMP and its first pages (each a
    text and the page's height); ``first_label``/``last_label``: its printed page labels."""
    xml = xmp_properties(xmp)
    first = first_pages[0] if first_pages else (PageText("", ()), 0.0)
    texts = [text.text for text, _ in first_pages]
    layout_title, layout_authors = title_and_authors(*first)
    info_title = (info.get("title") or "").strip()
    title = _one(xml, "title") or ("" if _JUNK_TITLE.match(info_title) else info_title)
    authors = tuple(a for value in xml.get("authors", []) for a in split_authors(value))
    authors = authors or split_authors(info.get("author") or "") or layout_authors
    doi = _doi([_one(xml, "doi"), *xml.get("identifier", [])]) or _doi(
        [v for v in info.values() if isinstance(v, str)]
    )
    doi = doi or _doi(texts)
    cited = citation(first[0].text)
    container = _one(xml, "container") or cited.get("container", "")
    pages = _one(xml, "pages") or "–".join(p for p in (_one(xml, "first"), _one(xml, "last")) if p)
    pages = pages or cited.get("pages", "")
    if not pages and container and first_label.isdigit() and last_label.isdigit():
        pages = first_label if first_label == last_label else f"{first_label}–{last_label}"
    year = (
        _year(_one(xml, "date"))
        or cited.get("year", "")
        or _year_near(first[0].text, doi)
        or _pdf_year(info.get("creationDate") or "")
        or _year_near_top(*first)
    )
    return DocumentMetadata(
        title=" ".join((title or layout_title).split()),
        authors=authors,
        year=year,
        doi=doi,
        container=" ".join(container.split()),
        volume=_one(xml, "volume") or cited.get("volume", ""),
        issue=_one(xml, "issue") or cited.get("issue", ""),
        pages=pages.replace("-", "–"),
        publisher=_one(xml, "publisher"),
    )


# -- XMP ---------------------------------------------------------------------------------------


def xmp_properties(xmp: str) -> dict[str, list[str]]:
    """The XMP properties named in ``_XMP``, each as the list of its values ("" never)."""
    if not xmp.strip():
        return {}
    try:
        root = fromstring(
            xmp.encode("utf-8", "replace"),
            forbid_dtd=True, forbid_entities=True, forbid_external=True,
        )  # fmt: skip
    except (DefusedXmlException, SyntaxError, ValueError):
        return {}
    found: dict[str, list[str]] = {}
    for description in root.iter(f"{_RDF}Description"):
        for name, value in description.attrib.items():
            key = _XMP.get(name.rsplit("}", 1)[-1])
            if key and value.strip():
                found.setdefault(key, []).append(value.strip())
        for child in description:
            key = _XMP.get(str(child.tag).rsplit("}", 1)[-1])
            if key is None:
                continue
            items = list(child.iter(f"{_RDF}li")) or [child]
            values = [" ".join((item.text or "").split()) for item in items]
            found.setdefault(key, []).extend(v for v in values if v and v.lower() != "untitled")
    return found


def _one(found: Mapping[str, list[str]], key: str) -> str:
    values = found.get(key)
    return values[0] if values else ""


# -- what the first page prints -------------------------------------------------------------


def citation(text: str) -> dict[str, str]:
    """Journal, volume, issue, pages and year from the first citation line of ``text``."""
    for line in text.split("\n"):
        for part in line.split("\n\n"):
            found = _citation_line(part)
            if found:
                return found
    return {}


def _citation_line(line: str) -> dict[str, str]:
    found: dict[str, str] = {}
    cut = len(line)
    if match := _VOLUME_YEAR.search(line):
        volume, year, first, last = match.groups()
        found |= {"volume": volume, "year": year, "pages": f"{first}–{last}"}
        cut = match.start()
    elif match := _COMPACT.search(line):
        volume, issue, first, last = match.groups()
        found |= {"volume": volume, "issue": issue, "pages": f"{first}–{last}"}
        cut = match.start()
    else:
        volume_match = _VOLUME.search(line)
        if not volume_match:
            return {}
        found["volume"] = volume_match.group(1)
        cut = volume_match.start()
        if issue := _ISSUE.search(line, volume_match.end()):
            found["issue"] = issue.group(1)
        if pages := _PAGES.search(line):
            found["pages"] = f"{pages.group(1)}–{pages.group(2)}"
    if "year" not in found and (year := _YEAR.search(line)):
        found["year"] = year.group(1)
    container = line[:cut].strip(" ,.:;-–—")
    container = _YEAR.sub("", container).strip(" ,.:;-–—()")
    if len(re.findall(r"[^\W\d_]{2,}", container)) >= 2 and len(container) <= 150:
        found["container"] = container
    return found


def title_and_authors(page: PageText, height: float) -> tuple[str, tuple[str, ...]]:
    """The first run of lines in the page's largest type, if larger than the body text and
    made of letters, and the author names in the lines under it."""
    text = page.text
    lines = [(text[ln.start : ln.end], ln) for ln in page.lines]
    wordy = [k for k, (t, _) in enumerate(lines) if sum(c.isalpha() for c in t) >= 3]
    if not wordy:
        return "", ()
    body: Counter[float] = Counter()
    for k in wordy:
        body[round(lines[k][1].size, 1)] += len(lines[k][0])
    largest = max(lines[k][1].size for k in wordy)
    if largest < _TITLE_SCALE * body.most_common(1)[0][0]:
        return "", ()
    run: list[int] = []
    for k in wordy:
        if lines[k][1].size >= largest - 0.5:
            if run and run[-1] != k - 1:
                break
            run.append(k)
    title = " ".join(" ".join(lines[k][0] for k in run).split())
    letters = sum(c.isalpha() for c in title)
    if letters < 0.6 * len(title.replace(" ", "")):
        return "", ()  # a font without its letters: "P❡♥❛❧✐③❡❞"
    authors: list[str] = []
    for line, box in lines[run[-1] + 1 : run[-1] + 1 + _AUTHOR_LINES]:
        if box.size >= largest - 0.5 or box.bbox[1] > _AUTHORS_ABOVE * height:
            break
        if _STOP.match(line) or (authors and len(line.split()) > 12):
            break
        authors.extend(names_in(line))
    return title[:300], tuple(dict.fromkeys(authors))


def names_in(line: str) -> list[str]:
    """The personal names on a line of authors ([] for an affiliation or an address)."""
    if _AFFILIATION.search(line):
        return []
    cleaned = _MARKS.sub(lambda m: "," if "," in m.group() else " ", line)
    names: list[str] = []
    for part in _SEPARATORS.split(cleaned):
        part = " ".join(part.split())
        if not part:
            continue
        letters = [c for c in part if c.isalpha()]
        shouting = bool(letters) and all(c.isupper() for c in letters)  # "DEWI WIJAYA"
        name = _name(part, shouting)
        if name is None and " " in part:
            return []  # a phrase, not a list of names
        if name:
            names.append(name)
    return names


def _name(words_text: str, shouting: bool) -> str | None:
    words = words_text.split()
    if not 2 <= len(words) <= 5:
        return None
    for word in words:
        if word.lower() in _PARTICLES or _INITIALS.fullmatch(word):
            continue
        if not _NAME_WORD.fullmatch(word) or not word[0].isupper():
            return None
        if len(word) > 1 and word.isupper() and not shouting:
            return None  # an acronym: ETH, MIT
    if shouting:
        words = [w.lower() if w.lower() in _PARTICLES else w.capitalize() for w in words]
    return " ".join(words)


def split_authors(author: str) -> tuple[str, ...]:
    """Authors from "A. One; B. Two", "A. One and B. Two" or "A. One, B. Two"; "One, A." is one."""
    author = author.strip()
    if not author:
        return ()
    if ";" in author:
        parts = author.split(";")
    else:
        parts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", author)
        if any(" " not in p.strip() for p in parts if p.strip()):
            parts = re.split(r"\s+and\s+|\s*&\s*", author)
    return tuple(p.strip() for p in parts if p.strip())


# -- years and DOIs ----------------------------------------------------------------------------


def _year(date: str) -> str:
    match = _YEAR.search(date or "")
    return match.group(1) if match else ""


def _pdf_year(date: str) -> str:
    """The year of a PDF date ("D:20190512…")."""
    match = re.match(r"(?:D:)?(\d{4})", date.strip())
    return match.group(1) if match and _YEAR.fullmatch(match.group(1)) else ""


def _year_near(text: str, doi: str) -> str:
    """A year on the line that prints the DOI."""
    if not doi:
        return ""
    at = text.find(doi)
    if at < 0:
        return ""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return _year(text[start : end if end >= 0 else len(text)].replace(doi, " "))


def _year_near_top(page: PageText, height: float) -> str:
    top = _TOP_OF_FIRST_PAGE * height
    for line in page.lines:
        if line.bbox[1] <= top:
            match = _YEAR.search(page.text[line.start : line.end])
            if match:
                return match.group(1)
    return ""


def _doi(texts: Sequence[str]) -> str:
    for text in texts:
        match = _DOI.search(text or "")
        if match:
            return _trim_doi(match.group(0))
    return ""


def _trim_doi(doi: str) -> str:
    """Drop sentence punctuation after a DOI, and closing brackets it did not open."""
    while doi:
        last = doi[-1]
        opening = _CLOSING.get(last)
        if last in ".,;:'’”" or (opening and doi.count(last) > doi.count(opening)):
            doi = doi[:-1]
        else:
            break
    return doi


# -- a reference -------------------------------------------------------------------------------


def reference_from(metadata: DocumentMetadata, taken: Iterable[str]) -> BibEntryDraft | None:
    """A reference made of what a PDF says about itself, marked ``from_pdf`` (to be checked);
    None when it says too little to cite it by (no usable title and no DOI)."""
    title = usable_title(metadata.title)
    doi = normalise_doi(metadata.doi)
    if not title and not doi:
        return None
    people = tuple(parse_person(name) for name in metadata.authors if name.strip())
    citekey = CitekeyPool(taken).unique(citekey_base(people, metadata.year, title))
    fields = {
        "title": title,
        "author": " and ".join(str(person) for person in people),
        "year": metadata.year,
        "doi": doi,
        "journal": metadata.container,
        "volume": metadata.volume,
        "number": metadata.issue,
        "pages": metadata.pages,
        "publisher": metadata.publisher,
    }
    return BibEntryDraft(
        citekey=citekey,
        entry_type="article" if metadata.container else "misc",
        title=title,
        authors=people,
        editors=(),
        year=metadata.year,
        doi=doi,
        fields={name: value for name, value in fields.items() if value},
        original="",
        from_pdf=True,
    )


def metadata_of(entry: BibEntry) -> DocumentMetadata:
    """A stored reference's facts in the form PDFs are matched by (``matching``)."""
    return DocumentMetadata(
        title=entry.title, authors=tuple(entry.authors), year=entry.year, doi=entry.doi
    )


def moved_reference(entry: BibEntry, citekey: str) -> BibEntryDraft:
    """A reference made from a PDF, under another citekey (its own is wanted by another work)."""
    return BibEntryDraft(
        citekey=citekey,
        entry_type=entry.entry_type,
        title=entry.title,
        authors=tuple(parse_person(name) for name in entry.authors),
        editors=(),
        year=entry.year,
        doi=entry.doi,
        fields=dict(entry.fields),
        original=entry.original,
        from_pdf=entry.from_pdf,
    )
