"""The report as Pandoc Markdown: citations as ``[@jansen2017, p. 412]``, with what Pandoc
(or Quarto) needs beside it to format them.

Written next to ``report.md``:

* ``report.bib`` — the cited references, written from the project's entries (not copied from
  the imported file: an entry may have come from RIS, or lean on ``@string`` macros and
  ``crossref`` parents that are not in the project), so that ``pandoc --citeproc`` prints the
  same reference list as Kutip's DOCX and HTML reports. The titles are written as Kutip gives
  them to the style (``csljson``): English titles in sentence case, braces only around what
  the user protected (the entry's braces, or the names of a title written in sentence case) —
  Pandoc turns English titles into sentence case itself and, in a document in another
  language, not at all, so they must arrive in it. Every entry names its language (``langid``;
  ``id`` for Indonesian, which Pandoc 2.17 does not know as "indonesian"), a thesis its
  description (``type``, in the words of the style), and publishers are braced whole (biblatex
  reads "A and B" as two).
* ``report.csl`` — the chosen style as Kutip formats with it (``citations.style_xml``), so Pandoc
  formats as Kutip does (Pandoc's default is Chicago author-date).
* ``report_files/*.png`` — the charts.

Quotes from transcripts and sources without a reference have no citekey: their citation is
written out as text. Locators are written with the page terms of the report's language ("p.",
"pp."; "hlm."), the only ones Pandoc recognises in a document in that language.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from pathlib import Path

from kutip.model import BibEntry
from kutip.progress import Cancelled, NoProgress, Progress
from kutip.reports.citations import DEFAULT_STYLE, csl_locale, split_range, style_xml
from kutip.reports.csljson import cased_fields, item_language, printed_doi, thesis_genre
from kutip.reports.labels import Labels
from kutip.reports.model import CodeSection, Quote, Report
from kutip.reports.render.charts import Chart
from kutip.reports.richtext import RichText
from kutip.reports.styles import STYLE_TITLES
from kutip.reports.tables import CountTable

_ESCAPE = re.compile(r"([\\`*_{}\[\]<>#|@$~^])")
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+:=])", re.MULTILINE)
_PLAIN_KEY = re.compile(r"[\w](?:[\w]|[:.#$%&\-+?<>~/](?=[\w]))*")
_VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "urlraw"})
#: Fields that are local to the user's machine, or large, and no use to Pandoc; and those
#: written from what Kutip makes of them.
_SKIPPED_FIELDS = frozenset({"file", "pdf", "localfile", "abstract", "annote", "keywords"})
_REWRITTEN_FIELDS = frozenset({"author", "langid", "language", "doi", "shorttitle"})
#: Fields biblatex reads as lists of names joined by "and" ("Centre for A and B": two).
_LIST_FIELDS = frozenset({"publisher", "institution", "school", "organization", "location"})
_LANGID = {"id": "id", "en": "english"}
#: Stand for a protected phrase's braces until the value is escaped.
_OPEN, _CLOSE = "\ue000", "\ue001"


def escape(text: str) -> str:
    """Text that Pandoc Markdown prints as it is (no emphasis, no citations, no lists)."""
    escaped = _ESCAPE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped)


def rich_markdown(text: RichText) -> str:
    out: list[str] = []
    for span in text:
        piece = _ESCAPE.sub(r"\\\1", span.text)
        if span.small_caps:
            piece = f"[{piece}]{{.smallcaps}}"
        if span.superscript:
            piece = f"^{piece}^"
        if span.subscript:
            piece = f"~{piece}~"
        if span.italic and piece.strip():
            piece = f"*{piece}*"
        if span.bold and piece.strip():
            piece = f"**{piece}**"
        out.append(piece)
    return "".join(out)


def pandoc_key(citekey: str) -> str:
    return f"@{citekey}" if _PLAIN_KEY.fullmatch(citekey) else f"@{{{citekey}}}"


def pandoc_locator(locator: str, labels: Labels) -> str:
    """ "p. 412", "pp. 412–413" ("hlm. 412" in Indonesian): Pandoc only recognises the page
    terms of the document's language."""
    pages = split_range(locator)
    return labels.page_locator(f"{pages[0]}–{pages[1]}" if pages else locator)


def ocr_note(quote: Quote, report: Report) -> str:
    """ " *\\[text read by OCR — check against the page\\]*" after the citation of a quote
    from a page read by OCR; "" for any other."""
    note = report.ocr_note(quote)
    return f" *\\[{escape(note)}\\]*" if note else ""


def citation(quote: Quote, labels: Labels) -> str:
    """``[@jansen2017, p. 412]`` for literature; the formatted citation for anything else."""
    if quote.citekey is None:
        return rich_markdown(quote.citation)
    where = pandoc_locator(quote.locator, labels)
    return f"[{pandoc_key(quote.citekey)}{', ' + where if where else ''}]"


def pipe_table(rows: Sequence[Sequence[str]], numeric_from: int = 1) -> str:
    """A Pandoc/GFM pipe table; cells are escaped by the caller."""
    header, *body = rows
    align = ["---"] + ["---:" if k >= numeric_from else "---" for k in range(1, len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines)


def _count_table(table: CountTable, report: Report) -> list[str]:
    labels = report.labels
    grid = table.grid(labels["code"], labels["total"], labels["yes"])
    rows = [[escape(cell) for cell in row] for row in grid]
    out = [f"## {escape(labels[table.title])}", "", pipe_table(rows), ""]
    if table.note:
        out += [f"*{escape(labels[table.note])}*", ""]
    return out


def _section(section: CodeSection, report: Report) -> list[str]:
    labels = report.labels
    level = "#" * min(2 + section.depth, 6)
    out = [f"{level} {escape(section.code.name)}", ""]
    definition = section.code.text_in("definition", labels.language)
    if definition:
        out += [f"**{escape(labels['definition'])}:** {escape(definition)}", ""]
    out += [f"*{escape(report.counts_line(section))}*", ""]
    if not section.quotes:
        out += [f"*{escape(labels['no_quotes'])}*", ""]
    for quote in section.quotes:
        cited = f"{citation(quote, report.labels)}{ocr_note(quote, report)}"
        out += [f"> {escape(quote.text)} {cited}", ""]
        note: list[str] = []
        if quote.coder:
            note.append(f"{escape(labels['coder'])}: {escape(quote.coder)}")
        if quote.memo.strip():
            note.append(f"{escape(labels['memo'])}: {escape(' '.join(quote.memo.split()))}")
        if note:
            out += [f"*{' · '.join(note)}*", ""]
    return out


def _grid(report: Report) -> list[str]:
    labels = report.labels
    rows: list[list[str]] = [
        [escape(labels["code"]), escape(labels["literature"]), escape(labels["informants"])]
    ]
    for row in report.tables.grid:
        pairs = itertools.zip_longest(row.literature, row.informants)
        for k, (literature, informant) in enumerate(pairs):
            rows.append(
                [
                    escape(row.code.name) if k == 0 else "",
                    _inline(literature, report),
                    _inline(informant, report),
                ]
            )
    return [
        f"# {escape(labels['grid'])}",
        "",
        escape(labels["grid_note"]),
        "",
        pipe_table(rows, numeric_from=99),
        "",
    ]


def _inline(quote: Quote | None, report: Report) -> str:
    if quote is None:
        return ""
    return f"“{escape(quote.text)}” {citation(quote, report.labels)}{ocr_note(quote, report)}"


def _front_matter(report: Report, bib: str | None, csl: str | None) -> list[str]:
    def yaml(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    labels = report.labels
    out = [
        "---",
        f"title: {yaml(report.project_name)}",
        f"subtitle: {yaml(labels['report_title'])}",
        f"lang: {csl_locale(report.style, labels.language)}",
    ]
    if bib is not None:
        out += [f"bibliography: {yaml(bib)}", "link-citations: true"]
    if csl is not None:
        out.append(f"csl: {yaml(csl)}")
    out += ["---", ""]
    return out


def bibtex_value(key: str, value: str) -> str:
    """A decoded value as BibTeX text: LaTeX's special characters escaped (braces too: the
    braces a field needs are added by the caller)."""
    if key in _VERBATIM_FIELDS:
        return value.replace("{", "").replace("}", "")
    text = (
        value.replace("\\", "\x00")
        .replace("{", "\\{")
        .replace("}", "\\}")
        .replace("\x00", "\\textbackslash{}")
    )
    for char in "&%$#_":
        text = text.replace(char, "\\" + char)
    text = text.replace("~", "\\textasciitilde{}").replace("^", "\\textasciicircum{}")
    return text.replace(_OPEN, "{").replace(_CLOSE, "}")


def _bib_name(name: str) -> str:
    """A stored name for an ``author`` field: a corporate name (no comma) kept whole."""
    escaped = bibtex_value("author", name)
    return escaped if "," in name or " " not in name else "{" + escaped + "}"


def bibtex_entry(
    entry: BibEntry,
    language: str | None = None,
    style: str = DEFAULT_STYLE,
    report_language: str = "en",
) -> str:
    """One reference as BibTeX for Pandoc, from the project's (decoded) fields: as Kutip
    formats it with ``style`` in a report in ``report_language`` (see the module's notes).
    ``language``: the linked source's, where the entry names none."""
    lang = item_language(entry, language)
    cased = cased_fields(entry, lang == "en")
    fields: dict[str, str] = {}
    if entry.authors:
        fields["author"] = " and ".join(_bib_name(name) for name in entry.authors)
    for key, value in entry.fields.items():
        if key in _SKIPPED_FIELDS or key in _REWRITTEN_FIELDS or not value.strip():
            continue
        if key in cased:
            title = cased[key]
            fields[key] = bibtex_value(key, title.markup(_OPEN, _CLOSE))
        elif key in _LIST_FIELDS and " and " in value:
            fields[key] = "{" + bibtex_value(key, value) + "}"
        else:
            fields[key] = bibtex_value(key, value)
    if "title" in cased and "title" not in fields:
        fields["title"] = bibtex_value("title", cased["title"].markup(_OPEN, _CLOSE))
    if entry.year and "year" not in fields and "date" not in fields:
        fields["year"] = bibtex_value("year", entry.year)
    doi = printed_doi(entry)
    if doi:
        fields["doi"] = doi
    genre = thesis_genre(entry, style, report_language)
    if genre:
        fields["type"] = bibtex_value("type", genre)
    fields["langid"] = _LANGID.get(lang, lang)
    lines = [f"@{entry.entry_type or 'misc'}{{{entry.citekey},"]
    lines += [f"  {key} = {{{value}}}," for key, value in fields.items()]
    lines.append("}")
    return "\n".join(lines)


def render_markdown(
    report: Report,
    path: Path,
    charts: Sequence[Chart] = (),
    progress: Progress | None = None,
) -> list[Path]:
    """Write the Markdown report and what it needs beside it; returns every file written."""
    progress = progress or NoProgress()
    labels = report.labels
    written = [path]
    bib_path = path.with_suffix(".bib") if report.cited else None
    csl_path = path.with_suffix(".csl") if report.cited else None
    out = _front_matter(
        report,
        bib_path.name if bib_path else None,
        csl_path.name if csl_path else None,
    )
    out += [f"{escape(labels['style'])}: {escape(STYLE_TITLES[report.style])}", ""]
    if report.ocr_summary():
        out += [f"*{escape(report.ocr_summary())}*", ""]
    out += [f"# {escape(labels['codes'])}", ""]
    for done, section in enumerate(report.sections):
        if progress.cancelled:
            raise Cancelled
        progress.report(done, len(report.sections), section.code.name)
        out += _section(section, report)
    out += [f"# {escape(labels['tables'])}", ""]
    for table in report.tables.count_tables():
        out += _count_table(table, report)
    if charts:
        folder = path.with_name(f"{path.stem}_files")
        folder.mkdir(exist_ok=True)
        out += [f"# {escape(labels['charts'])}", ""]
        for chart in charts:
            image = folder / f"{chart.name}.png"
            image.write_bytes(chart.png)
            written.append(image)
            out += [f"![{escape(labels[chart.caption])}]({folder.name}/{image.name})", ""]
    out += _grid(report)
    if report.cited:
        out += [f"# {escape(labels['references'])}", "", "::: {#refs}", ":::", ""]
    path.write_text("\n".join(out), encoding="utf-8")
    if bib_path is not None and csl_path is not None:
        bib = "\n\n".join(
            bibtex_entry(entry, report.languages.get(entry.citekey), report.style, labels.language)
            for entry in report.cited
        )
        bib_path.write_text(bib + "\n", encoding="utf-8")
        csl_path.write_bytes(style_xml(report.style))
        written += [bib_path, csl_path]
    return written
