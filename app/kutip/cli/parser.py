"""The command line's grammar: every command, its arguments and the function that runs it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from kutip import __version__
from kutip.cli.coding_commands import (
    cmd_autocode,
    cmd_case,
    cmd_code,
    cmd_code_add,
    cmd_memo,
    cmd_reindex,
    cmd_search,
)
from kutip.cli.export_command import cmd_export
from kutip.cli.import_command import cmd_import, cmd_ocr
from kutip.cli.listing_commands import (
    cmd_codes,
    cmd_reference,
    cmd_references,
    cmd_segments,
    cmd_show,
    cmd_source,
    cmd_sources,
)
from kutip.cli.project_commands import (
    cmd_agreement,
    cmd_check,
    cmd_demo,
    cmd_merge,
    cmd_new,
    cmd_undo,
)
from kutip.i18n import _
from kutip.ingest.codebook import DEFAULT_CODEBOOK, shipped_codebooks
from kutip.ingest.pdf.tessdata import DEFAULT_LANGUAGE as DEFAULT_OCR_LANGUAGE
from kutip.project.reference_fields import FIELDS
from kutip.reports import DEFAULT_LANGUAGE, DEFAULT_STYLE, LANGUAGES, MATRIX_MODES, STYLES
from kutip.services import exporting


def _field_assignment(text: str) -> tuple[str, str]:
    """``FIELD=VALUE`` of ``kutip reference --set``."""
    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise argparse.ArgumentTypeError(
            _("{text} is not FIELD=VALUE (e.g. year=2021).").format(text=text)
        )
    return name.strip().lower(), value


def _page_number_or_auto(value: str) -> int | str:
    """``auto`` (back to the detected labels) or a page number."""
    if value == "auto":
        return value
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("a page number or auto")) from None


def _ocr_language_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ocr-lang",
        default=DEFAULT_OCR_LANGUAGE,
        metavar="LANGS",
        help=_(
            "the languages of scanned pages, Tesseract's codes joined by + (default: {default})"
        ).format(default=DEFAULT_OCR_LANGUAGE),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kutip",
        description=_(
            "Qualitative coding and literature review. Without a command, opens the window "
            "(on FILE.kutip if given)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"Kutip {__version__}")
    command = _CommandAdder(parser.add_subparsers(dest="command", metavar="COMMAND"))
    # in the order `kutip --help` lists them
    _add_project_commands(command)
    _add_import_commands(command)
    _add_search_commands(command)
    _add_export_command(command)
    _add_listing_commands(command)
    _add_coding_commands(command)
    _add_team_commands(command)
    return parser


class _CommandAdder:
    """Adds one command: its help, the function that runs it, its FILE.kutip and --coder."""

    def __init__(self, commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        self._commands = commands

    def __call__(
        self,
        name: str,
        help_text: str,
        run: Callable[[argparse.Namespace], int],
        file_arg: bool = True,
        writes: bool = False,
    ) -> argparse.ArgumentParser:
        sub = self._commands.add_parser(name, help=help_text, description=help_text)
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


def _add_project_commands(command: _CommandAdder) -> None:
    """Making a project: new, demo (``project_commands``)."""
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
    demo.add_argument(
        "--force", action="store_true", help=_("replace a demo that has your own changes")
    )


def _add_import_commands(command: _CommandAdder) -> None:
    """Bringing material in: import, ocr (``import_command``)."""
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
        "--no-ocr",
        action="store_true",
        help=_("leave scanned PDF pages without text instead of reading them by OCR"),
    )
    _ocr_language_argument(importing)
    importing.add_argument(
        "--allow-external",
        action="store_true",
        help=_(
            "let a QDPX project read sources it names outside the archive, and a .bib or "
            ".ris file the files it links outside its folder"
        ),
    )

    ocr = command(
        "ocr",
        _("read a PDF source's scanned pages again by OCR, e.g. in other languages"),
        cmd_ocr,
        writes=True,
    )
    ocr.add_argument("source", help=_("source id or title"))
    _ocr_language_argument(ocr)
    ocr.add_argument(
        "--every-page",
        action="store_true",
        help=_("read every page by OCR, also those with a text layer (a garbled one)"),
    )


def _add_search_commands(command: _CommandAdder) -> None:
    """Searching and coding what is found: search, reindex, autocode (``coding_commands``)."""
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


def _add_export_command(command: _CommandAdder) -> None:
    """export (``export_command``)."""
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


def _add_listing_commands(command: _CommandAdder) -> None:
    """Showing and changing sources and references, the lists (``listing_commands``)."""
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


def _add_coding_commands(command: _CommandAdder) -> None:
    """Coding by hand: code, code-add, case, memo (``coding_commands``)."""
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


def _add_team_commands(command: _CommandAdder) -> None:
    """Undo, and working as a team: merge, agreement, check (``project_commands``)."""
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
