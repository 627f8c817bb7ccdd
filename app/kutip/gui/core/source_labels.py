"""Short labels the GUI shows for project records; Qt-free, so they are tested without a display.

A linked source is shown by its short citation, "Jansen (2017)", "Pratama & Lestari (2024)",
"Mù et al. (2021)": the family names of its reference's authors, as the store keeps them
("Family, Given" — or one word, or a corporate name without a comma), and its year. Unlike the
author–year label of the reports (which is in the report's language), these follow the UI
language, since they name things in the window.
"""

from __future__ import annotations

from kutip.errors import NotFoundError
from kutip.i18n import _
from kutip.ingest.bib.fields import parse_person
from kutip.model import BibEntry, Source
from kutip.project import Project

#: Characters of a title used when a reference has no authors.
_TITLE_CHARS = 40


def family_names(authors: tuple[str, ...] | list[str]) -> tuple[list[str], bool]:
    """The family names of stored author names, and whether the list was cut ("and others")."""
    names: list[str] = []
    cut = False
    for stored in authors:
        text = stored.strip()
        if not text:
            continue
        if "," not in text:
            # "others", a one-word name, or a corporate author kept whole by the reader.
            if text.casefold() == "others":
                cut = True
            else:
                names.append(text)
            continue
        person = parse_person(text)
        if person.is_others:
            cut = True
        elif person.family:
            names.append(person.family)
    return names, cut


def short_title(title: str) -> str:
    title = " ".join(title.split())
    if len(title) <= _TITLE_CHARS:
        return title
    return title[: _TITLE_CHARS - 1].rstrip() + "…"


def short_citation(entry: BibEntry) -> str:
    """ "Jansen (2017)", "Pratama & Lestari (2024)", "García et al. (2020)", "Yin (n.d.)"."""
    names, cut = family_names(entry.authors)
    if not names:
        who = short_title(entry.title) or entry.citekey
    elif len(names) == 1 and not cut:
        who = names[0]
    elif len(names) == 2 and not cut:
        who = _("{first} & {second}").format(first=names[0], second=names[1])
    else:
        who = _("{first} et al.").format(first=names[0])
    year = entry.year.strip() or _("n.d.")
    return _("{authors} ({year})").format(authors=who, year=year)


def source_label(project: Project, source: Source) -> str:
    """A source as the window names it (the sources tree, a document's tab): its reference's
    short citation when it is linked to one, else its title."""
    if source.bib_key is not None:
        try:
            return short_citation(project.references.get(source.bib_key))
        except NotFoundError:  # a dangling key: the source goes by its title
            pass
    return source.title
