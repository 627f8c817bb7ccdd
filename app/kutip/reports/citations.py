"""Citations and reference lists formatted by citeproc-py with the shipped CSL styles.

Why it is built the way it is:

* **CSL-JSON in, never BibTeX**: see ``csljson``.
* **Speed.** citeproc-py takes ~6 ms to render one citation (it walks the style's XML each
  time), and a report may hold thousands of quotes on hundreds of pages. Citations are cached
  per (reference, locator), and pages are not rendered one by one at all: each reference is
  rendered once with a sentinel page ("7771") and once with a sentinel range ("1119-2229"),
  and the sentinel replaced by the real label(s). That is exact because citeproc-py prints a
  locator as given (it applies no page-range-format to locators), and it also makes roman
  ranges ("iv–v") plural, which citeproc-py would not see. Should a sentinel not come out
  once and intact, the citation is rendered for real.
* **Disambiguation.** citeproc-py does not add year suffixes, but renders ``year-suffix``
  when the data has it. Styles that ask for suffixes (APA, Chicago, Harvard) get them here:
  references whose citations would read the same ("Jansen, 2017") get "a", "b", … in the
  order of the sorted reference list, as APA 7 §8.19 says.
* **Reference list apart from citations.** citeproc-py lets the last cited locator leak into
  a bibliography entry that prints a page variable (Chicago printed "67 (3): 412." instead of
  the article's pages), so the reference list is rendered by a second, locator-free
  bibliography object.
* **Punctuation inside quotation marks.** The en-US and id-ID locales set
  ``punctuation-in-quote``; citeproc-py ignores it, so `”.` becomes `.”` afterwards (not in
  en-GB, whose quotes keep the punctuation outside: ‘Title’,).
* **Locale.** A report's language picks the CSL locale (``csl_locale``), except that the
  Harvard style (Cite Them Right, a British guide) is written in British English: its own
  en-GB terms ("2nd edn.", "(eds)"), single quotation marks, "1 March 2024".
* **citeproc-py's departures from CSL** are corrected by ``citeproc_fixes`` (labels' case,
  title case, names as given, substitutes, groups), and ``AMENDMENTS`` adds to a shipped style
  what its manual asks and the style leaves out; the ``.csl`` written beside a Markdown report
  is the amended one (``style_xml``), so Pandoc formats as Kutip does.
* **Robustness.** A reference citeproc-py cannot format (odd data, a bug) is cited in a plain
  author–year form and the user is warned; it never stops the export.
"""

from __future__ import annotations

import functools
import html
import logging
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kutip.i18n import _
from kutip.model import BibEntry
from kutip.reports import citeproc_fixes
from kutip.reports.csljson import csl_item, csl_names
from kutip.reports.labels import Labels
from kutip.reports.richtext import RichText, from_html, merge, plain, rich
from kutip.reports.styles import DEFAULT_STYLE, STYLES
from kutip.resources import resource_path

if TYPE_CHECKING:
    from citeproc import CitationStylesBibliography, CitationStylesStyle

log = logging.getLogger(__name__)

#: What Kutip adds to a shipped style, by style: (XPath of the elements, attribute, value).
#: IEEE: the IEEE Reference Guide sets the titles of books, and of the books and proceedings
#: that chapters and papers appear in, in title case ("Robot Vision", "in Plastics"); ieee.csl
#: prints them as stored (in sentence case).
AMENDMENTS: Mapping[str, tuple[tuple[str, str, str], ...]] = {
    "ieee": (
        (
            "//cs:macro[@name='title']//cs:text[@variable='title'][@font-style='italic']",
            "text-case",
            "title",
        ),
        ("//cs:macro[@name='event']//cs:text[@variable='container-title']", "text-case", "title"),
        (
            "//cs:bibliography//cs:else-if[@type='chapter']//cs:text[@variable='container-title']",
            "text-case",
            "title",
        ),
    ),
}
_CSL_NAMESPACE = {"cs": "http://purl.org/net/xbiblio/csl"}

_SINGLE = "7771"
_RANGE = ("1119", "2229")
_RANGE_RENDERED = re.compile(r"1119\D{1,8}2229")
_QUOTE_PUNCTUATION = re.compile(r"([”’])([.,])")
_NUMBER_PREFIX = re.compile(r"^(\[\d+\])(?=\S)")


def style_path(style: str) -> Path:
    """The shipped CSL file of a style name (``apa``, ``chicago``, ``harvard``, ``ieee``)."""
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r}")
    return resource_path("csl", STYLES[style])


def csl_locale(style: str, language: str) -> str:
    """The CSL locale a report in ``language`` is formatted in with ``style``."""
    if style == "harvard" and language == "en":
        return "en-GB"
    return Labels(language).csl_locale


@functools.lru_cache(maxsize=8)
def style_xml(style: str) -> bytes:
    """The style as Kutip formats with it: the shipped file with ``AMENDMENTS`` applied."""
    data = style_path(style).read_bytes()
    changes = AMENDMENTS.get(style, ())
    if not changes:
        return data
    from lxml import etree

    tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    for path, attribute, value in changes:
        for element in tree.xpath(path, namespaces=_CSL_NAMESPACE):
            element.set(attribute, value)
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="utf-8"))


def split_range(locator: str) -> tuple[str, str] | None:
    """``"412–413"`` → ("412", "413"); None for a single page."""
    for dash in ("–", "-"):
        if dash in locator:
            first, _sep, last = locator.partition(dash)
            if first.strip() and last.strip():
                return first.strip(), last.strip()
    return None


def _punctuation_in_quote(markup: str, wanted: bool) -> str:
    return _QUOTE_PUNCTUATION.sub(r"\2\1", markup) if wanted else markup


def author_year(entry: BibEntry, labels: Labels) -> str:
    """A short "Jansen (2017)" / "Mù & Lestari (2021)" / "García et al. (2020)" label.

    For table headings and chart axes, where a full citation would not fit; not a citation.
    """
    names = [n.get("family") or n.get("literal", "") for n in csl_names(entry.authors)]
    names = [n for n in names if n]
    if not names:
        who = entry.title[:40] or entry.citekey
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} {labels['and']} {names[1]}"
    else:
        who = f"{names[0]} {labels['et_al']}"
    return f"{who} ({entry.year or labels['no_date']})"


@dataclass
class _Engine:
    """citeproc-py objects for one report: one for citations, one for the reference list."""

    citations: CitationStylesBibliography
    references: CitationStylesBibliography
    ids: dict[str, str]  # citekey → CSL item id
    punctuation_in_quote: bool  # the locale's: move "," and "." inside closing quotes


class CitationFormatter:
    """Formats the citations and the reference list of one report in one style and language.

    Call ``prepare`` with every citekey the report cites, in the order it cites them (numeric
    styles number references by first citation), then ``cite`` as often as needed.
    """

    def __init__(
        self,
        entries: Mapping[str, BibEntry],
        style: str = DEFAULT_STYLE,
        labels: Labels | None = None,
        item_languages: Mapping[str, str] | None = None,
    ) -> None:
        self.entries = dict(entries)
        self.style = style
        self.labels = labels or Labels("en")
        self.item_languages = dict(item_languages or {})
        self.warnings: list[str] = []
        self._engine: _Engine | None = None
        self._cache: dict[tuple[str, str], RichText] = {}
        self._raw: dict[tuple[str, str], str | None] = {}
        self._failed: set[str] = set()

    # -- setting up ------------------------------------------------------------------------

    def prepare(self, citekeys: Iterable[str]) -> None:
        """Load the style and the cited references (each once, in first-citation order)."""
        order = [key for key in dict.fromkeys(citekeys) if key in self.entries]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            self._engine = self._build(order)
        for warning in caught:
            log.info("citeproc-py: %s", warning.message)

    def _build(self, order: list[str]) -> _Engine:
        from citeproc import CitationStylesBibliography
        from citeproc.formatter import html as html_formatter
        from citeproc.source.json import CiteProcJSON

        style = _load_style(self.style, csl_locale(self.style, self.labels.language))
        ids = {key: f"ref{n}" for n, key in enumerate(order)}
        items = {
            key: csl_item(
                self.entries[key],
                ids[key],
                self.item_languages.get(key),
                self.style,
                self.labels.language,
            )
            for key in order
        }
        if _asks_for_year_suffix(style):
            self._add_year_suffixes(style, order, items)
        source = CiteProcJSON(list(items.values()))

        def bibliography() -> CitationStylesBibliography:
            bib = CitationStylesBibliography(style, source, html_formatter)
            for key in order:
                bib.register(_citation(ids[key]))
            bib.sort()
            return bib

        in_quote = str(style.root.get_locale_option("punctuation-in-quote")).lower() == "true"
        return _Engine(bibliography(), bibliography(), ids, in_quote)

    def _add_year_suffixes(
        self, style: CitationStylesStyle, order: list[str], items: dict[str, dict[str, Any]]
    ) -> None:
        """Give references whose citations read alike year suffixes, in reference-list order."""
        from citeproc import CitationStylesBibliography
        from citeproc.formatter import plain as plain_formatter
        from citeproc.source.json import CiteProcJSON

        groups: dict[tuple[str, str], list[str]] = {}
        for key in order:
            item = items[key]
            first = (item.get("author") or item.get("editor") or [{}])[0]
            who = (first.get("family") or first.get("literal") or item.get("title", "")).lower()
            groups.setdefault((who, str(item.get("issued", ""))), []).append(key)
        candidates = [key for group in groups.values() if len(group) > 1 for key in group]
        if not candidates:
            return
        bib = CitationStylesBibliography(
            style, CiteProcJSON([items[k] for k in candidates]), plain_formatter
        )
        citations = {key: _citation(items[key]["id"]) for key in candidates}
        for citation in citations.values():
            bib.register(citation)
        bib.sort()
        alike: dict[str, list[str]] = {}
        by_id = {items[key]["id"]: key for key in candidates}
        for item_id in bib.keys:
            key = by_id[item_id]
            try:
                text = str(bib.cite(citations[key], _ignore))
            except Exception:  # a reference citeproc cannot format is reported when cited
                continue
            alike.setdefault(text, []).append(key)
        for keys in alike.values():
            if len(keys) > 1:
                for n, key in enumerate(keys):
                    items[key]["year-suffix"] = _suffix(n)

    # -- citations -------------------------------------------------------------------------

    def cite(self, citekey: str, locator: str = "") -> RichText:
        """The in-text citation of a reference at a page ("412", "412–413", "iv") or none."""
        cached = self._cache.get((citekey, locator))
        if cached is None:
            cached = self._cite(citekey, locator)
            self._cache[citekey, locator] = cached
        return cached

    def _cite(self, citekey: str, locator: str) -> RichText:
        if self._engine is None:
            self.prepare([citekey])
        assert self._engine is not None
        if citekey not in self._engine.ids:
            raise KeyError(citekey)
        markup = self._markup(citekey, locator)
        if markup is None:
            return self._fallback(citekey, locator)
        return from_html(markup)

    def _markup(self, citekey: str, locator: str) -> str | None:
        if not locator:
            return self._render(citekey, "")
        pages = split_range(locator)
        if pages is None:
            template = self._render(citekey, _SINGLE)
            if template is not None and template.count(_SINGLE) == 1:
                return template.replace(_SINGLE, html.escape(locator, quote=False))
            return self._render(citekey, locator)
        first, last = pages
        template = self._render(citekey, "-".join(_RANGE))
        found = _RANGE_RENDERED.findall(template or "")
        if template is not None and len(found) == 1:
            return template.replace(found[0], html.escape(f"{first}–{last}", quote=False))
        return self._render(citekey, locator)

    def _render(self, citekey: str, locator: str) -> str | None:
        """citeproc-py's HTML for one citation (cached), or None if it cannot make one."""
        if (citekey, locator) in self._raw:
            return self._raw[citekey, locator]
        assert self._engine is not None
        markup: str | None
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                citation = _citation(self._engine.ids[citekey], locator)
                self._engine.citations.register(citation)
                markup = _punctuation_in_quote(
                    str(self._engine.citations.cite(citation, _ignore)),
                    self._engine.punctuation_in_quote,
                )
            for warning in caught:
                log.info("citeproc-py on %s: %s", citekey, warning.message)
        except Exception:
            log.exception("citeproc-py could not cite %s", citekey)
            markup = None
        self._raw[citekey, locator] = markup
        return markup

    def _fallback(self, citekey: str, locator: str) -> RichText:
        entry = self.entries[citekey]
        text = author_year(entry, self.labels).replace(" (", ", ").rstrip(")")
        page = self.labels.page_locator(locator.replace("-", "–"))
        result = rich(f"({text}{', ' + page if page else ''})")
        if citekey not in self._failed:
            self._failed.add(citekey)
            self.warnings.append(
                _(
                    "The reference {citekey} could not be formatted in the {style} style; "
                    "it is cited as {citation}."
                ).format(citekey=citekey, style=self.style, citation=plain(result))
            )
        return result

    # -- the reference list ----------------------------------------------------------------

    def references(self) -> list[tuple[str, RichText]]:
        """(citekey, formatted entry) of every prepared reference, in the style's order."""
        if self._engine is None:
            return []
        engine = self._engine
        by_id = {item_id: key for key, item_id in engine.ids.items()}
        try:
            with warnings.catch_warnings(record=True):
                warnings.simplefilter("always")
                rendered = [str(entry) for entry in engine.references.bibliography()]
            keys = [by_id[item_id] for item_id in engine.references.keys]
        except Exception:
            log.exception("citeproc-py could not make the reference list")
            self.warnings.append(
                _("The reference list could not be formatted in the {style} style.").format(
                    style=self.style
                )
            )
            return [(key, rich(_plain_reference(self.entries[key]))) for key in engine.ids]
        return [
            (
                key,
                _tidy_reference(
                    from_html(_punctuation_in_quote(markup, engine.punctuation_in_quote))
                ),
            )
            for key, markup in zip(keys, rendered, strict=True)
        ]


def _tidy_reference(text: RichText) -> RichText:
    """ "[1]M. F. Jansen" (citeproc-py's left-margin number) → "[1] M. F. Jansen"."""
    if text and _NUMBER_PREFIX.match(text[0].text):
        first = text[0]
        return merge([replace(first, text=_NUMBER_PREFIX.sub(r"\1 ", first.text)), *text[1:]])
    return text


def _plain_reference(entry: BibEntry) -> str:
    authors = "; ".join(entry.authors)
    return f"{authors} ({entry.year}). {entry.title}."


def _suffix(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _ignore(_item: object) -> None:
    """citeproc-py's callback for an unknown reference: cannot happen, ids are ours."""


def _citation(item_id: str, locator: str = "") -> Any:
    from citeproc import Citation, CitationItem
    from citeproc.source import Locator

    if locator:
        return Citation([CitationItem(item_id, locator=Locator("page", locator))])
    return Citation([CitationItem(item_id)])


def _asks_for_year_suffix(style: CitationStylesStyle) -> bool:
    citation = style.root.citation
    return str(citation.get("disambiguate-add-year-suffix", "false")).lower() == "true"


def _load_style(style: str, locale: str) -> CitationStylesStyle:
    """A parsed CSL style; parsed anew per report (citeproc-py's objects are not shared)."""
    import io

    from citeproc import CitationStylesStyle

    citeproc_fixes.apply()
    parsed = CitationStylesStyle(io.BytesIO(style_xml(style)), locale=locale, validate=False)
    citeproc_fixes.complete_style(parsed)
    return parsed
