"""Commands that list and show: sources, references, codes, segments, one source."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kutip.cli.output import (
    TerminalProgress,
    coder,
    find_source,
    one_line,
    print_json,
    print_table,
)
from kutip.i18n import _, ngettext
from kutip.ingest.bib.bibtex import parse_people
from kutip.ingest.bib.protection import entry_protection, split_braces
from kutip.model import BibEntry
from kutip.project import Project
from kutip.project.reference_fields import FIELDS, field_value


def cmd_sources(args: argparse.Namespace) -> int:
    with Project.open(args.file, read_only=True) as project:
        cases = project.cases.names_by_source()
        rows: list[dict[str, Any]] = [
            {
                "id": s.id,
                "guid": s.guid,
                "kind": s.kind.value,
                "title": s.title,
                "language": s.language,
                "pages": len(project.sources.pages(s.id)),
                "reference": s.bib_key,
                "length": s.text_length,
                "cases": cases.get(s.id, []),
                "codings": len(project.codings.all(source_id=s.id)),
                "imported": s.imported_at,
            }
            for s in project.sources.all()
        ]
    if args.json:
        print_json(rows)
    else:
        print_table(
            [(r["id"], r["kind"], r["title"], r["codings"], ", ".join(r["cases"])) for r in rows],
            [_("id"), _("kind"), _("title"), _("codings"), _("cases")],
        )
    return 0


def _source_details(project: Project, source_id: int) -> dict[str, Any]:
    source = project.sources.get(source_id)
    cases = project.cases.names_by_source().get(source_id, [])
    return {
        "id": source.id,
        "guid": source.guid,
        "kind": source.kind.value,
        "title": source.title,
        "language": source.language,
        "reference": source.bib_key,
        "flags": list(source.flags),
        "ocr_language": project.sources.ocr_language(source_id),
        "first_page": source.first_page,
        "memo": source.memo,
        "cases": cases,
        "text": project.sources.text(source_id),
        "pages": [
            {"index": p.index, "label": p.label, "start": p.start, "end": p.end}
            for p in project.sources.pages(source_id)
        ],
        "turns": [
            {
                "speaker": t.speaker,
                "start": t.start,
                "end": t.end,
                "time_start": t.time_start,
                "time_end": t.time_end,
            }
            for t in project.sources.turns(source_id)
        ],
    }


def cmd_show(args: argparse.Namespace) -> int:
    with Project.open(args.file, read_only=True) as project:
        details = _source_details(project, find_source(project, args.source))
    if args.json:
        print_json(details)
        return 0
    print(f"{details['title']}  [{details['kind']}, {details['language'] or '?'}]")
    labels = {"reference": _("reference"), "cases": _("cases"), "flags": _("flags")}
    for key, label in labels.items():
        if details[key]:
            value = details[key]
            print(f"{label}: {', '.join(value) if isinstance(value, list) else value}")
    if details["pages"]:
        page_labels = [p["label"] for p in details["pages"]]
        print(_("pages: {labels}").format(labels=", ".join(page_labels)))
    print()
    print(details["text"])
    return 0


def cmd_source(args: argparse.Namespace) -> int:
    changes = (
        args.title, args.language, args.first_page, args.page_offset, args.reread or None,
        args.reference, args.no_reference or None,
    )  # fmt: skip
    with Project.open(
        args.file, read_only=all(c is None for c in changes), coder=coder(args)
    ) as project:
        source_id = find_source(project, args.source)
        if args.title:
            project.sources.rename(source_id, args.title)
        if args.language:
            project.sources.set_language(
                source_id, None if args.language == "auto" else args.language
            )
        if args.first_page is not None:
            auto = args.first_page == "auto"
            project.sources.set_first_page(source_id, None if auto else args.first_page)
        if args.page_offset is not None:
            project.sources.set_first_page(source_id, 1 + args.page_offset)
        if args.reference is not None or args.no_reference:
            project.references.link_source(source_id, None if args.no_reference else args.reference)
        reread = None
        if args.reread:
            from kutip.services.reread import reread_source

            # Pages read, on stderr when it is a terminal; Ctrl+C writes nothing (exit 130).
            reread = reread_source(
                project, source_id, password=args.password, progress=TerminalProgress()
            )
        details = _source_details(project, source_id)
    del details["text"]
    if reread is not None:
        # What could not be placed is a diagnostic (stderr); the summary is the result.
        lines = reread.describe()
        print(lines[0], file=sys.stderr if args.json else sys.stdout)
        for line in lines[1:]:
            print(line, file=sys.stderr)
    if args.json:
        print_json(details)
    else:
        language = details["language"] or "?"
        print(f"{details['id']}  {details['title']}  [{details['kind']}, {language}]")
        if details["reference"]:
            print(_("reference: {citekey}").format(citekey=details["reference"]))
        if details["pages"]:
            print(
                _("pages: {labels}").format(labels=", ".join(p["label"] for p in details["pages"]))
            )
    return 0


def _reference_details(
    project: Project, entry: BibEntry, usage: dict[str, tuple[list[int], int]]
) -> dict[str, Any]:
    """Every field of a reference (by meaning, and as BibTeX has them), and what uses it."""
    source_ids, codings = usage.get(entry.citekey, ([], 0))
    details: dict[str, Any] = {"citekey": entry.citekey}
    for name in FIELDS:
        details[name] = field_value(entry, name)
    details["authors"] = list(entry.authors)
    details["editors"] = [str(person) for person in parse_people(entry.fields.get("editor", ""))]
    details["protected"] = {key: list(p) for key, p in entry_protection(entry).items()}
    details["fields"] = dict(entry.fields)
    details["from_pdf"] = entry.from_pdf  # made from what a PDF says: to be checked
    details["sources"] = [
        {"id": source_id, "title": project.sources.get(source_id).title} for source_id in source_ids
    ]
    details["codings"] = codings
    return details


def cmd_references(args: argparse.Namespace) -> int:
    with Project.open(args.file, read_only=True) as project:
        usage = project.references.usage()
        rows = [_reference_details(project, e, usage) for e in project.references.all()]
    if args.json:
        print_json(rows)
    else:
        print_table(
            [
                (
                    r["citekey"],
                    r["year"],
                    one_line("; ".join(r["authors"]), 30),
                    one_line(split_braces(r["title"])[0], 50),
                    len(r["sources"]),
                    r["codings"],
                )
                for r in rows
            ],
            [_("key"), _("year"), _("authors"), _("title"), _("sources"), _("codings")],
        )
    return 0


def cmd_reference(args: argparse.Namespace) -> int:
    with Project.open(args.file) as project:
        project.references.get(args.citekey)
        if args.merge:
            moved = project.references.merge(args.citekey, args.merge).value
            print(
                ngettext(
                    "Merged into {citekey}; {n} source now cites it.",
                    "Merged into {citekey}; {n} sources now cite it.",
                    moved,
                ).format(citekey=args.citekey, n=moved),
                file=sys.stderr,
            )
        if args.set:
            project.references.update(args.citekey, dict(args.set))
        details = _reference_details(
            project, project.references.get(args.citekey), project.references.usage()
        )
    if args.json:
        print_json(details)
        return 0
    for name in FIELDS:
        value = "; ".join(details[name]) if name in {"authors", "editors"} else details[name]
        if value:
            print(f"{name}: {value}")
    for source in details["sources"]:
        print(_("source {id}: {title}").format(id=source["id"], title=source["title"]))
    return 0


def cmd_codes(args: argparse.Namespace) -> int:
    with Project.open(args.file, read_only=True) as project:
        rows = []
        counts = project.codes.counts()
        for code in project.codes.all():
            count, sources = counts[code.id]
            rows.append(
                {
                    "id": code.id,
                    "guid": code.guid,
                    "name": code.name,
                    "path": project.codes.path(code.id),
                    "parent_id": code.parent_id,
                    "color": code.color,
                    "definition": code.definition,
                    "when_to_use": code.when_to_use,
                    "when_not_to_use": code.when_not_to_use,
                    "example": code.example,
                    "definition_en": code.definition_en,
                    "when_to_use_en": code.when_to_use_en,
                    "when_not_to_use_en": code.when_not_to_use_en,
                    "example_en": code.example_en,
                    "segments": count,
                    "sources": sources,
                }
            )
    if args.json:
        print_json(rows)
    else:
        print_table(
            [(r["id"], r["color"], r["path"], r["segments"], r["sources"]) for r in rows],
            [_("id"), _("colour"), _("code"), _("codings"), _("sources")],
        )
    return 0


def cmd_segments(args: argparse.Namespace) -> int:
    with Project.open(args.file, read_only=True) as project:
        code_id = project.codes.find(args.code).id if args.code else None
        coders = {c.id: c.name for c in project.coders.all()}
        rows: list[dict[str, Any]] = []
        source_id = find_source(project, args.source) if args.source else None
        for segment in project.codings.all(source_id=source_id, code_id=code_id):
            rows.append(
                {
                    "id": segment.id,
                    "guid": segment.guid,
                    "source_id": segment.source_id,
                    "source": project.sources.get(segment.source_id).title,
                    "start": segment.start,
                    "end": segment.end,
                    "code_id": segment.code_id,
                    "code": project.codes.path(segment.code_id),
                    "text": project.codings.text(segment),
                    "memo": segment.memo,
                    "coder": coders.get(segment.coder_id or -1),
                    "created": segment.created,
                }
            )
    if args.json:
        print_json(rows)
    else:
        print_table(
            [
                (r["id"], r["code"], r["source"], f"{r['start']}–{r['end']}", one_line(r["text"]))
                for r in rows
            ],
            [_("id"), _("code"), _("source"), _("range"), _("text")],
        )
    return 0
