"""Commands on the project as a whole: new, demo, check, undo, merge, agreement."""

from __future__ import annotations

import argparse
from pathlib import Path

from kutip.cli.output import TerminalProgress, coder, print_json, print_table
from kutip.cli.window import run_gui
from kutip.errors import KnownError
from kutip.i18n import _, ngettext
from kutip.project import Project


def cmd_new(args: argparse.Namespace) -> int:
    with Project.create(
        args.file, codebook=args.codebook, name=args.name, coder=coder(args)
    ) as project:
        count = len(project.codes.all())
    print(
        ngettext("Created {path} with {n} code.", "Created {path} with {n} codes.", count).format(
            path=args.file, n=count
        )
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from kutip.demo import DEMO_FILE_NAME, build_demo, default_demo_dir, demo_has_own_changes

    directory = args.dir or default_demo_dir()
    if not args.force and demo_has_own_changes(directory):
        raise KnownError(
            _(
                "The demo project {path} has your own changes; use --force to replace it "
                "with a fresh demo."
            ).format(path=directory / DEMO_FILE_NAME)
        )
    path = build_demo(directory, TerminalProgress())
    print(_("Demo project: {path}").format(path=path))
    if args.no_gui:
        return 0
    return run_gui(path)


def cmd_undo(args: argparse.Namespace) -> int:
    with Project.open(args.file) as project:
        edit = project.undo_last()
    if args.json:
        print_json({"undone": edit.label, "rows": len(edit.changes)})
    else:
        print(_("Undone: {label}").format(label=edit.label))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from kutip.store.integrity import check_file

    problems = check_file(args.file)
    if args.json:
        print_json({"ok": not problems, "problems": problems})
    elif problems:
        for problem in problems:
            print(problem)
    else:
        print(_("{name}: no problems found.").format(name=Path(args.file).name))
    return 1 if problems else 0


def cmd_merge(args: argparse.Namespace) -> int:
    from kutip.services.merge import merge_project

    with Project.open(args.file, coder=coder(args)) as project:
        report = merge_project(
            project, args.other, TerminalProgress(), allow_external=args.allow_external
        )
    if args.json:
        print_json(
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
        print_json(result.as_json(titles))
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
    print_table(
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
