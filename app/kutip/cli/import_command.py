"""`kutip import`: files, folders, bibliographies and REFI-QDA projects, with a summary; and
`kutip ocr`: a PDF source's scanned pages read by OCR again."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from kutip.cli.output import TerminalProgress, coder, find_source
from kutip.i18n import _, ngettext
from kutip.project import Project
from kutip.store.database import remove_project_files

if TYPE_CHECKING:
    from kutip.services.importing import ImportReport


def cmd_import(args: argparse.Namespace) -> int:
    from kutip.ingest.pdf.tessdata import parse_language
    from kutip.services.importing import ImportOptions, import_paths, is_exchange_file
    from kutip.services.ocr import OcrSettings

    present = [p for p in args.paths if p.exists()]
    exchange = [p for p in present if is_exchange_file(p)]
    # A project from another tool becomes a new Kutip project (removed again if refused).
    create = not args.file.exists() and bool(exchange) and len(exchange) == len(present)
    if create:
        Project.create(args.file, codebook="empty", coder=coder(args)).close()
    ocr = None if args.no_ocr else OcrSettings(language=parse_language(args.ocr_lang))
    options = ImportOptions(
        case=args.case,
        password=args.password,
        with_annotations=args.with_annotations,
        allow_external=args.allow_external,
        ocr=ocr,
    )
    with Project.open(args.file, coder=coder(args)) as project:
        report = import_paths(project, args.paths, TerminalProgress(), options)
    if create and not report.exchanged:
        remove_project_files(args.file)  # every file was refused: no empty project stays
    elif create:
        print(_("Created {path}.").format(path=args.file))
    _print_files(report)
    if exchange and len(exchange) == len(present) and not report.failed:
        return 0  # only exchange files: their own summaries said it all
    _print_totals(report)
    return 1 if report.any_failed or report.cancelled else 0


def _print_files(report: ImportReport) -> None:
    """One line per file: what became of it; problems and failures on stderr."""
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


def _print_totals(report: ImportReport) -> None:
    """How many files were imported, skipped, refused and failed, and whether it was cancelled."""
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


def cmd_ocr(args: argparse.Namespace) -> int:
    from kutip.ingest.pdf.tessdata import language_label, parse_language
    from kutip.services.ocr import OcrSettings, read_again

    settings = OcrSettings(language=parse_language(args.ocr_lang))
    with Project.open(args.file, coder=coder(args)) as project:
        source_id = find_source(project, args.source)
        report = read_again(
            project, source_id, settings, TerminalProgress(), every_page=args.every_page
        )
        pages = len(project.sources.ocr_layers(source_id))
    print(
        ngettext(
            "{title}: {n} page read by OCR ({languages}).",
            "{title}: {n} pages read by OCR ({languages}).",
            pages,
        ).format(title=report.title, n=pages, languages=language_label(settings.language))
    )
    lines = report.describe()
    print(lines[0])
    for line in lines[1:]:  # codings that could not be placed, pages OCR could not read
        print(line, file=sys.stderr)
    return 1 if report.problems else 0
