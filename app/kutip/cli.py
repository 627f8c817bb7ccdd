"""The ``kutip`` command: the GUI when given no command, and the core, headless, when given one.

Exit status: 0 on success, 1 on a problem with the input (a one-line message, no traceback),
2 on a usage error (argparse's own).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kutip import __version__
from kutip.errors import KnownError, ValidationError, disk_full_error, is_disk_full
from kutip.i18n import _, ngettext
from kutip.ingest.bibtex import parse_people
from kutip.ingest.codebook import DEFAULT_CODEBOOK, shipped_codebooks
from kutip.ingest.protection import entry_protection, split_braces
from kutip.model import AttributeScope, AttributeType, BibEntry
from kutip.project import Project, typed_id
from kutip.project.reference_fields import FIELDS, field_value
from kutip.reports import DEFAULT_LANGUAGE, DEFAULT_STYLE, LANGUAGES, MATRIX_MODES, STYLES
from kutip.services import exporting
from kutip.store.database import remove_project_files, set_program
from kutip.store.values import bindable

if TYPE_CHECKING:
    from kutip.reports import CoderRun, ExportResult

COMMANDS = (
    "new", "demo", "import", "sources", "references", "reference", "show", "source", "codes",
    "segments", "code", "check", "search", "reindex", "autocode", "export",
    "code-add", "case", "memo", "undo", "merge", "agreement",
)  # fmt: skip


class TerminalProgress:
    """Import progress on one rewritten line of stderr, only when it is a terminal."""

    cancelled = False

    def __init__(self) -> None:
        self._live = sys.stderr.isatty()

    def report(self, done: int, total: int, message: str = "") -> None:
        if not self._live or total == 0:
            return
        end = "\n" if done >= total else ""
        print(f"\r\033[K[{done}/{total}] {message}"[:200], end=end, file=sys.stderr, flush=True)


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _print_table(rows: Sequence[Sequence[object]], headers: Sequence[str]) -> None:
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def _one_line(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _around_first_mark(text: str, width: int) -> str:
    """One line of at most ``width`` characters that shows the first «marked» match."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    start = max(0, min(flat.find("«") - width // 3, len(flat) - width))
    clipped = flat[start : start + width]
    return ("…" if start else "") + clipped + ("…" if start + width < len(flat) else "")


# -- commands ------------------------------------------------------------------------------


def _coder(args: argparse.Namespace) -> str | None:
    """Who codes, for a command that writes: ``--coder``, else ``$KUTIP_CODER``, else None (the
    project's coder chosen last, else the system's user)."""
    return getattr(args, "coder", None) or os.environ.get("KUTIP_CODER") or None


def cmd_new(args: argparse.Namespace) -> int:
    with Project.create(
        args.file, codebook=args.codebook, name=args.name, coder=_coder(args)
    ) as project:
        count = len(project.codes.all())
    print(
        ngettext("Created {path} with {n} code.", "Created {path} with {n} codes.", count).format(
            path=args.file, n=count
        )
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from kutip.demo import build_demo, default_demo_dir

    path = build_demo(args.dir or default_demo_dir(), TerminalProgress())
    print(_("Demo project: {path}").format(path=path))
    if args.no_gui:
        return 0
    return _run_gui(path)


def cmd_import(args: argparse.Namespace) -> int:
    from kutip.services.importing import ImportOptions, import_paths, is_exchange_file

    present = [p for p in args.paths if p.exists()]
    exchange = [p for p in present if is_exchange_file(p)]
    # A project from another tool becomes a new Kutip project (removed again if refused).
    create = not args.file.exists() and bool(exchange) and len(exchange) == len(present)
    if create:
        Project.create(args.file, codebook="empty", coder=_coder(args)).close()
    options = ImportOptions(
        case=args.case,
        password=args.password,
        with_annotations=args.with_annotations,
        allow_external=args.allow_external,
    )
    with Project.open(args.file, coder=_coder(args)) as project:
        report = import_paths(project, args.paths, TerminalProgress(), options)
    if create and not report.exchanged:
        remove_project_files(args.file)  # every file was refused: no empty project stays
    elif create:
        print(_("Created {path}.").format(path=args.file))
    for _path, lines in report.exchanged:
        for line in lines:
            print(line)
    for path, added, updated in report.references:
        print(
            _("references {name}: {added} new, {updated} updated").format(
                name=path.name, added=added, updated=updated
            )
        )
    for path, edit in report.imported:
        print(_("imported   {name} (source {id})").format(name=path.name, id=edit.value))
    for path, citekey in report.linked:
        print(_("linked     {name} to reference {citekey}").format(name=path.name, citekey=citekey))
    for path, candidates in report.unsure:
        choices = ", ".join(f"{key} ({score:.0%})" for key, score in candidates)
        print(_("unsure     {name} may be: {choices}").format(name=path.name, choices=choices))
    for path, citekey in report.from_pdf:
        print(
            _("cited      {name} as {citekey}, made from the PDF itself: check it").format(
                name=path.name, citekey=citekey
            )
        )
    for old, new in report.replaced:
        print(_("replaced   reference {old} by {new}").format(old=old, new=new))
    for path, title in report.duplicates:
        print(_("duplicate  {name} (same file as {title})").format(name=path.name, title=title))
    # Problems and failures are diagnostics: stderr, so a pipe of the output stays clean.
    for problem in report.problems:
        print(_("problem    {problem}").format(problem=problem), file=sys.stderr)
    for _path, reason in report.skipped:
        print(_("skipped    {reason}").format(reason=reason))
    for link in report.outside:
        print(_("refused    {reason}").format(reason=link.describe()), file=sys.stderr)
    if report.outside:
        print(
            _(
                "The files refused above are outside the folders of the bibliographies that "
                "link them; import again with --allow-external to read them."
            ),
            file=sys.stderr,
        )
    for failure in report.failed:
        print(_("failed     {reason}").format(reason=failure.message), file=sys.stderr)
    if exchange and len(exchange) == len(present) and not report.failed:
        return 0  # only exchange files: their own summaries said it all
    print(
        _(
            "{imported} imported, {duplicates} skipped as duplicates, {failed} failed, "
            "{problems} problems."
        ).format(
            imported=len(report.imported),
            duplicates=len(report.duplicates),
            failed=len(report.failed),
            problems=len(report.problems),
        )
    )
    skipped, refused = len(report.skipped), len(report.outside)
    if skipped:
        print(
            ngettext(
                "{n} file in the folders skipped.", "{n} files in the folders skipped.", skipped
            ).format(n=skipped)
        )
    if refused:
        print(
            ngettext("{n} linked file refused.", "{n} linked files refused.", refused).format(
                n=refused
            )
        )
    if report.cancelled:
        print(_("Cancelled: the files imported so far are kept."))
    return 1 if report.any_failed or report.cancelled else 0


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
        _print_json(rows)
    else:
        _print_table(
            [(r["id"], r["kind"], r["title"], r["codings"], ", ".join(r["cases"])) for r in rows],
            [_("id"), _("kind"), _("title"), _("codings"), _("cases")],
        )
    return 0


def _find_source(project: Project, reference: str) -> int:
    """A source by id or by title: the exact title, else the title ignoring case."""
    source_id = typed_id(reference)
    if source_id is not None:
        return project.sources.get(source_id).id
    sources = project.sources.all()
    matches = [s.id for s in sources if s.title == reference] or [
        s.id for s in sources if s.title.casefold() == reference.casefold()
    ]
    if not matches and reference.strip().isascii() and reference.strip().isdigit():
        bindable([int(reference.strip()[:200])])  # an id too large for a project: say so
    if len(matches) != 1:
        raise KnownError(
            _("There is no source called {name}.").format(name=reference)
            if not matches
            else _("Several sources are called {name}; give one of their ids: {ids}.").format(
                name=reference, ids=", ".join(str(i) for i in matches)
            )
        )
    return matches[0]


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
        details = _source_details(project, _find_source(project, args.source))
    if args.json:
        _print_json(details)
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
        args.file, read_only=all(c is None for c in changes), coder=_coder(args)
    ) as project:
        source_id = _find_source(project, args.source)
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

            reread = reread_source(project, source_id, password=args.password)
        details = _source_details(project, source_id)
    del details["text"]
    if reread is not None:
        # What could not be placed is a diagnostic (stderr); the summary is the result.
        lines = reread.describe()
        print(lines[0], file=sys.stderr if args.json else sys.stdout)
        for line in lines[1:]:
            print(line, file=sys.stderr)
    if args.json:
        _print_json(details)
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


def cmd_search(args: argparse.Namespace) -> int:
    from kutip.search import SearchIndex

    with Project.open(args.file, read_only=True) as project:
        in_code = project.codes.find(args.code).id if args.code else None
        with SearchIndex(project, watch=False) as index:
            index.open(TerminalProgress())
            results = index.search(
                args.query, exact=args.exact, limit=args.limit, in_code=in_code,
                uncoded=args.uncoded,
            )  # fmt: skip
    if args.json:
        _print_json(results.to_dict())
        return 0
    for hit in results.hits:
        print(f"{hit.source_title}  {hit.location}  ({hit.score:.2f})")
        print(f"    {_around_first_mark(hit.snippet.marked(), 160)}")
    print(
        ngettext("{n} passage matches.", "{n} passages match.", results.total).format(
            n=results.total
        )
    )
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    from kutip.search import SearchIndex

    with (
        Project.open(args.file, read_only=True) as project,
        SearchIndex(project, watch=False) as index,
    ):
        index.rebuild(TerminalProgress())
        print(_("The search index of {name} is rebuilt.").format(name=args.file.name))
    return 0


def cmd_autocode(args: argparse.Namespace) -> int:
    from kutip.search import SearchIndex, apply_autocode, plan_autocode

    with Project.open(args.file, read_only=args.dry_run, coder=_coder(args)) as project:
        code = project.codes.find(args.code)
        with SearchIndex(project, watch=False) as index:
            index.open(TerminalProgress())
            results = index.search(args.query, exact=args.exact, limit=args.limit)
        plan = plan_autocode(project, results.hits, code.id, args.scope)
        print(plan.summary())
        if args.dry_run and plan.ranges:  # what would be coded, to check before coding it
            titles = {s.id: s.title for s in project.sources.all()}
            texts = {i: project.sources.text(i) for i in {r.source_id for r in plan.ranges}}
            _print_table(
                [
                    (
                        titles[r.source_id],
                        f"{r.start}–{r.end}",
                        _one_line(texts[r.source_id][r.start : r.end]),
                    )
                    for r in plan.ranges
                ],
                [_("source"), _("range"), _("text")],
            )
        if not args.dry_run and plan.ranges:
            edit = apply_autocode(project, plan)
            print(
                ngettext("Coded {n} passage.", "Coded {n} passages.", len(edit.value)).format(
                    n=len(edit.value)
                )
            )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with Project.open(args.file, read_only=True) as project, _stopped_cleanly_by_sigterm():
        result = _export(project, args)
    for warning in result.warnings:
        print(_("warning    {warning}").format(warning=warning), file=sys.stderr)
    for path in result.paths:
        print(_("Exported {path}.").format(path=path))
    return 0


@contextlib.contextmanager
def _stopped_cleanly_by_sigterm() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt meanwhile, so a killed export removes its files."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _coder_run(project: Project, given: Sequence[str]) -> CoderRun:
    """``--coded-by A B RUN`` as a report's ``CoderRun``."""
    from kutip.reports import CoderRun, Run, resolve_coders

    runs = [run.value for run in Run]
    if given[2] not in runs:
        raise KnownError(
            _("{run} is not a run of codings; choose one of: {runs}.").format(
                run=given[2], runs=", ".join(runs)
            )
        )
    first, second = resolve_coders(project, given[:2])
    return CoderRun(first, second, Run(given[2]))


def _export(project: Project, args: argparse.Namespace) -> ExportResult:
    from kutip.reports import (
        ExportOptions,
        Selection,
        resolve_cases,
        resolve_coders,
        resolve_codes,
    )

    chosen = exporting.format_of(args.format)
    selection = Selection()
    if exporting.Option.SELECTION in chosen.options:  # the others hold the whole project
        selection = Selection(
            codes=resolve_codes(project, args.codes) if args.codes else None,
            cases=resolve_cases(project, args.cases) if args.cases else None,
            coders=resolve_coders(project, args.coders) if args.coders else None,
            coder_run=_coder_run(project, args.coded_by) if args.coded_by else None,
        )
    agreement = resolve_coders(project, args.agreement) if args.agreement else None
    options = ExportOptions(
        selection=selection,
        style=args.style,
        language=args.lang,
        matrix=args.matrix,
        charts=not args.no_charts,
        agreement=(agreement[0], agreement[1]) if agreement else None,
    )
    return exporting.export(project, chosen, args.output, options, TerminalProgress())


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
        _print_json(rows)
    else:
        _print_table(
            [
                (
                    r["citekey"],
                    r["year"],
                    _one_line("; ".join(r["authors"]), 30),
                    _one_line(split_braces(r["title"])[0], 50),
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
        _print_json(details)
        return 0
    for name in FIELDS:
        value = "; ".join(details[name]) if name in {"authors", "editors"} else details[name]
        if value:
            print(f"{name}: {value}")
    for source in details["sources"]:
        print(_("source {id}: {title}").format(id=source["id"], title=source["title"]))
    return 0


def _field_assignment(text: str) -> tuple[str, str]:
    """``FIELD=VALUE`` of ``kutip reference --set``."""
    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise argparse.ArgumentTypeError(
            _("{text} is not FIELD=VALUE (e.g. year=2021).").format(text=text)
        )
    return name.strip().lower(), value


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
                    "segments": count,
                    "sources": sources,
                }
            )
    if args.json:
        _print_json(rows)
    else:
        _print_table(
            [(r["id"], r["color"], r["path"], r["segments"], r["sources"]) for r in rows],
            [_("id"), _("colour"), _("code"), _("codings"), _("sources")],
        )
    return 0


def cmd_segments(args: argparse.Namespace) -> int:
    with Project.open(args.file, read_only=True) as project:
        code_id = project.codes.find(args.code).id if args.code else None
        coders = {c.id: c.name for c in project.coders.all()}
        rows: list[dict[str, Any]] = []
        source_id = _find_source(project, args.source) if args.source else None
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
        _print_json(rows)
    else:
        _print_table(
            [
                (r["id"], r["code"], r["source"], f"{r['start']}–{r['end']}", _one_line(r["text"]))
                for r in rows
            ],
            [_("id"), _("code"), _("source"), _("range"), _("text")],
        )
    return 0


def cmd_code(args: argparse.Namespace) -> int:
    with Project.open(args.file, coder=_coder(args)) as project:
        code = project.codes.find(args.code)
        source_id = _find_source(project, args.source)
        coded = project.codings.code(source_id, args.start, args.end, code.id, memo=args.memo).value
        segment = project.codings.get(coded.segment_id)
        text = project.codings.text(segment)
    if args.json:
        _print_json(
            {
                "id": segment.id, "guid": segment.guid, "code": code.name, "text": text,
                "start": segment.start, "end": segment.end, "joined": coded.joined,
            }
        )  # fmt: skip
    elif coded.joined:
        print(
            ngettext(
                "Coded '{code}': joined with {n} coding of yours into coding {id}: {text}",
                "Coded '{code}': joined with {n} codings of yours into coding {id}: {text}",
                coded.joined,
            ).format(code=code.name, n=coded.joined, id=segment.id, text=_one_line(text))
        )
    else:
        print(
            _("Coded '{code}' (coding {id}): {text}").format(
                code=code.name, id=segment.id, text=_one_line(text)
            )
        )
    return 0


# -- codes, cases, memos and undo: what the window does, for scripts ------------------------


def cmd_code_add(args: argparse.Namespace) -> int:
    with Project.open(args.file, coder=_coder(args)) as project:
        parent = project.codes.find(args.parent) if args.parent else None
        code_id = project.codes.add(
            args.name,
            parent_id=None if parent is None else parent.id,
            color=args.color,
            definition=args.description,
        ).value
        code = project.codes.get(code_id)
    if args.json:
        _print_json(
            {
                "id": code.id, "guid": code.guid, "name": code.name, "color": code.color,
                "parent": None if parent is None else parent.name, "description": code.definition,
            }
        )  # fmt: skip
    else:
        print(_("Added the code '{name}' (code {id}).").format(name=code.name, id=code.id))
    return 0


def cmd_case(args: argparse.Namespace) -> int:
    settings: list[tuple[str, str]] = []
    for setting in args.set:
        name, sep, value = setting.partition("=")
        if not sep or not name.strip():
            raise ValidationError(
                _("{setting} is not ATTRIBUTE=VALUE, e.g. usia=19.").format(setting=setting)
            )
        settings.append((name.strip(), value.strip()))
    with Project.open(args.file, coder=_coder(args)) as project:
        existing = project.cases.find(args.name)
        sources = [_find_source(project, s) for s in args.source]

        def steps() -> int:
            case_id = existing.id if existing else project.cases.add(args.name).value
            linked = {link.source_id for link in project.cases.links(case_id)}
            for source_id in sources:
                if source_id not in linked:
                    project.cases.link_source(case_id, source_id)
                    linked.add(source_id)
            for name, value in settings:
                attribute = project.cases.find_attribute(name, AttributeScope.CASE)
                attribute_id = (
                    project.cases.add_attribute(name, AttributeType.TEXT).value
                    if attribute is None
                    else attribute.id
                )
                project.cases.set_attribute_value(attribute_id, case_id, value)
            return case_id

        label = _("Case '{name}'").format(name=args.name.strip())
        case_id = project.compose(label, steps).value
        case = project.cases.get(case_id)
        linked_ids = sorted({link.source_id for link in project.cases.links(case_id)})
        values = project.cases.attribute_values(case_id, AttributeScope.CASE)
    if args.json:
        _print_json(
            {
                "id": case.id, "guid": case.guid, "name": case.name, "new": existing is None,
                "sources": linked_ids, "attributes": values,
            }
        )  # fmt: skip
    else:
        message = (
            _("Made the case '{name}' (case {id}).")
            if existing is None
            else _("Updated the case '{name}' (case {id}).")
        )
        print(message.format(name=case.name, id=case.id))
    return 0


def cmd_memo(args: argparse.Namespace) -> int:
    with Project.open(args.file, coder=_coder(args)) as project:
        memo = project.memos.get(project.memos.add(args.title, args.text).value)
    if args.json:
        _print_json({"id": memo.id, "guid": memo.guid, "title": memo.title, "text": memo.text})
    else:
        print(_("Added the memo '{title}' (memo {id}).").format(title=memo.title, id=memo.id))
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    with Project.open(args.file) as project:
        edit = project.undo_last()
    if args.json:
        _print_json({"undone": edit.label, "rows": len(edit.changes)})
    else:
        print(_("Undone: {label}").format(label=edit.label))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from kutip.store.integrity import check_file

    problems = check_file(args.file)
    if args.json:
        _print_json({"ok": not problems, "problems": problems})
    elif problems:
        for problem in problems:
            print(problem)
    else:
        print(_("{name}: no problems found.").format(name=Path(args.file).name))
    return 1 if problems else 0


def cmd_merge(args: argparse.Namespace) -> int:
    from kutip.services.merge import merge_project

    with Project.open(args.file, coder=_coder(args)) as project:
        report = merge_project(
            project, args.other, TerminalProgress(), allow_external=args.allow_external
        )
    if args.json:
        _print_json(
            {
                "file": args.other.name,
                "added": dict(report.created),
                "matched": dict(report.merged),
                "warnings": report.warnings,
                "changed": report.edit is not None,
            }
        )
    else:
        for line in report.summary():
            print(line)
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    from kutip.reports.agreement import measure_text, percent_text
    from kutip.services.agreement import agreement

    with Project.open(args.file) as project:
        result = agreement(
            project,
            *args.coders,
            codes=args.codes,
            sources=args.sources,
            threshold=args.overlap / 100,
        )
        titles = {s.id: s.title for s in project.sources.all()}
    if args.json:
        _print_json(result.as_json(titles))
        return 0
    print(
        ngettext(
            "{a} and {b}: {units} characters in {n} source both coded.",
            "{a} and {b}: {units} characters in {n} sources both coded.",
            len(result.source_ids),
        ).format(
            a=result.coder_a.name, b=result.coder_b.name, units=result.units,
            n=len(result.source_ids),
        )
    )  # fmt: skip
    rows = [
        (
            row.code, percent_text(row.chars.agreement()), measure_text(row.chars.kappa()),
            measure_text(row.chars.alpha()), row.chars.a_chars, row.chars.b_chars,
            row.chars.both, percent_text(row.segments.agreement()),
        )
        for row in (*result.codes, result.overall)
    ]  # fmt: skip
    _print_table(
        rows,
        [
            _("code"), _("agreement"), _("kappa"), _("alpha"), result.coder_a.name,
            result.coder_b.name, _("both"), _("segments"),
        ],
    )  # fmt: skip
    print(
        ngettext("{n} passage differs.", "{n} passages differ.", len(result.disagreements)).format(
            n=len(result.disagreements)
        )
    )
    return 0


# -- parsing -------------------------------------------------------------------------------


def _page_number_or_auto(value: str) -> int | str:
    """``auto`` (back to the detected labels) or a page number."""
    if value == "auto":
        return value
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("a page number or auto")) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kutip",
        description=_(
            "Qualitative coding and literature review. Without a command, opens the window "
            "(on FILE.kutip if given)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"Kutip {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(
        name: str,
        help_text: str,
        run: Callable[[argparse.Namespace], int],
        file_arg: bool = True,
        writes: bool = False,
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(run=run)
        if file_arg:
            sub.add_argument("file", type=Path, metavar="FILE.kutip")
        if writes:  # who made what is recorded with it
            sub.add_argument(
                "--coder",
                metavar="NAME",
                help=_(
                    "who codes (default: $KUTIP_CODER, else the name used last in the "
                    "project, else the system's user)"
                ),
            )
        return sub

    new = command("new", _("create a project"), cmd_new, writes=True)
    new.add_argument(
        "--codebook",
        default=DEFAULT_CODEBOOK,
        help=_("a shipped codebook ({choices}) or a codebook .toml file").format(
            choices=", ".join(shipped_codebooks())
        ),
    )
    new.add_argument("--name", help=_("the project's name (default: the file name)"))

    demo = command("demo", _("build the demo project and open it"), cmd_demo, file_arg=False)
    demo.add_argument("dir", nargs="?", type=Path, help=_("where to put it"))
    demo.add_argument("--no-gui", action="store_true", help=_("only build it"))

    importing = command("import", _("import files and folders as sources"), cmd_import, writes=True)
    importing.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    importing.add_argument("--case", help=_("put the imported sources in this case (made if new)"))
    importing.add_argument("--password", help=_("the password of encrypted PDFs"))
    importing.add_argument(
        "--with-annotations",
        action="store_true",
        help=_("import PDF highlights as codings, a code per colour"),
    )

    importing.add_argument(
        "--allow-external",
        action="store_true",
        help=_(
            "let a QDPX project read sources it names outside the archive, and a .bib or "
            ".ris file the files it links outside its folder"
        ),
    )

    search = command("search", _("search all sources"), cmd_search)
    search.add_argument("query", help=_('e.g. partisipasi AND (hoax OR "ujaran kebencian")'))
    search.add_argument("--limit", type=int, default=50, help=_("at most this many hits"))
    search.add_argument("--exact", action="store_true", help=_("match words as written only"))
    search.add_argument("--code", help=_("only inside codings of this code"))
    search.add_argument("--uncoded", action="store_true", help=_("only where nothing is coded"))
    search.add_argument("--json", action="store_true", help=_("print JSON"))

    command("reindex", _("rebuild the search index"), cmd_reindex)

    autocode = command("autocode", _("code every search hit"), cmd_autocode, writes=True)
    autocode.add_argument("query")
    autocode.add_argument("--code", required=True, help=_("code name, path or GUID"))
    autocode.add_argument(
        "--scope", choices=["hit", "sentence", "paragraph", "turn"], default="hit",
        help=_("what to code around each hit"),
    )  # fmt: skip
    autocode.add_argument("--dry-run", action="store_true", help=_("only say what would be coded"))
    autocode.add_argument("--exact", action="store_true", help=_("match words as written only"))
    autocode.add_argument("--limit", type=int, default=10_000, help=_("at most this many hits"))

    export = command("export", _("export the project or a coded summary"), cmd_export)
    export.add_argument("--format", required=True, choices=exporting.NAMES)
    export.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        help=_(
            "the file to write, ending in the format's suffix (.docx, .md, …); for pdf, "
            "a name ending in .pdf is one file (one PDF selected), any other name a folder"
        ),
    )
    export.add_argument("--codes", nargs="+", metavar="CODE", help=_("only these codes"))
    export.add_argument("--cases", nargs="+", metavar="CASE", help=_("only these cases"))
    export.add_argument("--coders", nargs="+", metavar="CODER", help=_("only these coders"))
    export.add_argument(
        "--style", choices=list(STYLES), default=DEFAULT_STYLE, help=_("citation style")
    )
    export.add_argument(
        "--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help=_("language of the report")
    )
    export.add_argument(
        "--matrix", choices=MATRIX_MODES, default=MATRIX_MODES[0],
        help=_("code × case matrix: counts or presence"),
    )  # fmt: skip
    export.add_argument("--no-charts", action="store_true", help=_("leave the charts out"))
    export.add_argument(
        "--coded-by", nargs=3, metavar=("A", "B", "RUN"), type=str,
        help=_("only codings of coders A and B: a-only, b-only or both (coded by each)"),
    )  # fmt: skip
    export.add_argument(
        "--agreement", nargs=2, metavar=("A", "B"),
        help=_("add the agreement of two coders per code (DOCX, XLSX)"),
    )  # fmt: skip

    show = command("show", _("print one source whole: text, pages, turns, reference"), cmd_show)
    show.add_argument("source", help=_("source id or title"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))

    source = command(
        "source",
        _("change a source's title, language or page numbers, or re-read it"),
        cmd_source,
        writes=True,
    )
    source.add_argument("source", help=_("source id or title"))
    source.add_argument("--title", help=_("a new title"))
    source.add_argument("--language", help=_("id, en, … or auto"))
    source.add_argument(
        "--first-page",
        type=_page_number_or_auto,
        help=_("the printed number of the first page, or auto for the detected"),
    )
    source.add_argument(
        "--page-offset", type=int, help=_("printed page number minus physical page number")
    )
    source.add_argument(
        "--reread",
        action="store_true",
        help=_("extract the text again from the stored file and move the codings to it"),
    )
    source.add_argument("--password", help=_("the PDF's password, for --reread"))
    linking = source.add_mutually_exclusive_group()
    linking.add_argument(
        "--reference", metavar="CITEKEY", help=_("the reference the source is (its citekey)")
    )
    linking.add_argument(
        "--no-reference", action="store_true", help=_("the source is no reference any more")
    )
    source.add_argument("--json", action="store_true", help=_("print JSON"))

    reference = command(
        "reference", _("show or change a reference, or merge duplicates into it"), cmd_reference
    )
    reference.formatter_class = argparse.RawDescriptionHelpFormatter
    reference.epilog = _("fields:") + "".join(
        f"\n  {name:<10} {_(meaning)}" for name, meaning in FIELDS.items()
    )
    reference.add_argument("citekey", help=_("the reference's citekey"))
    reference.add_argument(
        "--set",
        nargs="+",
        type=_field_assignment,
        metavar="FIELD=VALUE",
        help=_("change fields ({fields}, or any BibTeX field); an empty VALUE removes one").format(
            fields=", ".join(FIELDS)
        ),
    )
    reference.add_argument(
        "--merge", nargs="+", metavar="CITEKEY", help=_("merge these duplicates into it")
    )
    reference.add_argument("--json", action="store_true", help=_("print JSON"))

    for name, help_text, run in (
        ("sources", _("list the sources"), cmd_sources),
        ("references", _("list the bibliography with linked sources"), cmd_references),
        ("codes", _("list the codebook"), cmd_codes),
        ("segments", _("list codings with their text"), cmd_segments),
    ):
        listing = command(name, help_text, run)
        listing.add_argument("--json", action="store_true", help=_("print JSON"))
        if name == "segments":
            listing.add_argument("--code", help=_("only codings of this code"))
            listing.add_argument("--source", help=_("only codings in this source (id or title)"))

    code = command("code", _("code a range of a source's text"), cmd_code, writes=True)
    code.add_argument("--source", required=True, help=_("source id or title"))
    code.add_argument("--start", type=int, required=True, help=_("first character (from 0)"))
    code.add_argument("--end", type=int, required=True, help=_("character after the last"))
    code.add_argument("--code", required=True, help=_("code name, path or GUID"))
    code.add_argument("--memo", default="", help=_("a memo on the coding"))
    code.add_argument("--json", action="store_true", help=_("print JSON"))

    code_add = command("code-add", _("add a code to the codebook"), cmd_code_add, writes=True)
    code_add.add_argument("name", metavar="NAME")
    code_add.add_argument("--parent", help=_("the parent code's name, path or GUID"))
    code_add.add_argument("--color", help=_("its colour, as #RRGGBB"))
    code_add.add_argument("--description", default="", help=_("what the code means"))
    code_add.add_argument("--json", action="store_true", help=_("print JSON"))

    case = command(
        "case", _("make a case or add sources and attributes to it"), cmd_case, writes=True
    )
    case.add_argument("name", metavar="NAME")
    case.add_argument(
        "--source", nargs="+", default=[], metavar="S", help=_("sources (id or title) it holds")
    )
    case.add_argument(
        "--set", nargs="+", default=[], metavar="ATTR=VALUE", help=_("attribute values")
    )
    case.add_argument("--json", action="store_true", help=_("print JSON"))

    memo = command("memo", _("add a memo to the journal"), cmd_memo, writes=True)
    memo.add_argument("title", metavar="TITLE")
    memo.add_argument("--text", required=True, help=_("the memo's text"))
    memo.add_argument("--json", action="store_true", help=_("print JSON"))

    undo = command("undo", _("undo the project's last step, as the window would"), cmd_undo)
    undo.add_argument("--json", action="store_true", help=_("print JSON"))

    merging = command(
        "merge",
        _("merge another coder's project (.kutip) or a REFI-QDA project (.qdpx) into FILE"),
        cmd_merge,
        writes=True,
    )
    merging.add_argument("other", type=Path, metavar="FROM")
    merging.add_argument(
        "--allow-external",
        action="store_true",
        help=_("let a QDPX project read sources it names outside the archive"),
    )
    merging.add_argument("--json", action="store_true", help=_("print JSON"))

    agreeing = command(
        "agreement",
        _("inter-coder agreement per code: percentage, Cohen's kappa, Krippendorff's alpha"),
        cmd_agreement,
    )
    agreeing.add_argument(
        "--coders", nargs=2, required=True, metavar=("A", "B"), help=_("the two coders")
    )
    agreeing.add_argument("--codes", nargs="+", metavar="CODE", help=_("only these codes"))
    agreeing.add_argument("--sources", nargs="+", metavar="SOURCE", help=_("only these sources"))
    agreeing.add_argument(
        "--overlap", type=float, default=50, metavar="PERCENT",
        help=_("how much two codings must overlap to match, for the segment level (default 50)"),
    )  # fmt: skip
    agreeing.add_argument("--json", action="store_true", help=_("print JSON"))

    check = command("check", _("check the project file's integrity"), cmd_check)
    check.add_argument("--json", action="store_true", help=_("print JSON"))
    return parser


OpenWindow = Callable[[Path | None], int]


def _no_window(path: Path | None) -> int:
    raise KnownError(_("This is the command line only; start `kutip` to open the window."))


_open_window: OpenWindow = _no_window


def _run_gui(path: Path | None) -> int:
    return _open_window(path)


def main(argv: Sequence[str] | None = None, open_window: OpenWindow | None = None) -> int:
    """Run the command in ``argv``; ``open_window`` shows the GUI (the launcher passes it)."""
    global _open_window
    _open_window = open_window or _no_window
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        opens_file = bool(arguments) and (
            arguments[0].endswith(".kutip") or Path(arguments[0]).is_file()
        )
        if not arguments or (opens_file and arguments[0] not in COMMANDS):
            if len(arguments) > 1:
                build_parser().error(_("give one project file to open, or a command"))
            return _run_gui(Path(arguments[0]) if arguments else None)
        args = build_parser().parse_args(arguments)
        if args.command is None:
            build_parser().print_help()
            return 2
        set_program(f"kutip {args.command}")  # named to a second writer refused meanwhile
        return int(args.run(args))
    except KnownError as error:
        print(f"kutip: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`kutip codes P --json | head`): stop quietly, as `cat` does.
        _discard_stdout()
        return 1
    except OSError as error:
        if not is_disk_full(error):
            raise
        # A full disk met outside the project (an export, the search index's cache): its own
        # error names the file when the system did.
        print(
            f"kutip: {disk_full_error(error.filename or _written_by(arguments))}", file=sys.stderr
        )
        return 1
    except KeyboardInterrupt:
        print(_("kutip: interrupted"), file=sys.stderr)
        return 130


def _written_by(arguments: Sequence[str]) -> str:
    """The file a command writes, as its arguments name it (an export's -o, else the project)."""
    for flag in ("-o", "--output"):
        if flag in arguments[:-1]:
            return arguments[arguments.index(flag) + 1]
    return arguments[1] if len(arguments) > 1 else "?"


def _discard_stdout() -> None:
    """Point stdout at the null device, so flushing it at exit cannot fail once more."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test's capture): nothing will be flushed to a pipe


if __name__ == "__main__":
    sys.exit(main())
