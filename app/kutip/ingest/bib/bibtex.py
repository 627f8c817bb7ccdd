"""Reading a reference manager's BibTeX export into reference drafts.

Researchers import what Zotero, JabRef, Better BibTeX or Mendeley wrote, not textbook BibTeX:
accents as LaTeX macros (``M{\\"u}ller``, ``{\\c{c}}``, ``{\\'\\i}``), ``@string`` macros and
``#`` concatenations, ``crossref`` parents, month macros, ISO dates (``date = {2017-03}``),
Mendeley's escaped paths (``:C$\\backslash$:/Users/...pdf:pdf``) and ``file`` fields in several
shapes. A broken entry must not cost the user the other 4,999, so every problem is collected
with its line number and the good entries are returned anyway.

Why the decoding is done by ``kutip.ingest.bib.latex`` and not by bibtexparser's
``LatexDecodingMiddleware``: that middleware runs pylatexenc on every field, ~5 ms per entry
(25 s for a 5,000-entry file). bibtexparser is used only to split the file into blocks (fast,
and it keeps line numbers and the original text). Values are then decoded by a dict of the
common macros and one regex; only a value with something that table does not know (math, an
unknown macro) goes to pylatexenc.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kutip.errors import FailureReason, ImportFailedError
from kutip.i18n import N_, _
from kutip.ingest.bib.fields import (
    CitekeyPool,
    Person,
    citekey_base,
    normalise_doi,
    parse_people,
    year_of,
)
from kutip.ingest.bib.latex import VERBATIM_FIELDS, decode_verbatim, find_closing, latex_to_unicode
from kutip.ingest.bib.linked_files import file_paths
from kutip.ingest.bib.protection import protected_fields
from kutip.model import BibEntry

if TYPE_CHECKING:
    from bibtexparser.model import Block, Entry, ParsingFailedBlock

# --------------------------------------------------------------------------------------------
# The drafts


@dataclass(frozen=True)
class BibEntryDraft:
    """One reference as read from a bibliography file, not yet in the project."""

    citekey: str
    entry_type: str  # lower-case: "article", "incollection", ...
    title: str  # decoded to Unicode, braces removed
    authors: tuple[Person, ...]
    editors: tuple[Person, ...]
    year: str  # "2017"; the year field's text when it has no year ("in press"); else ""
    doi: str  # normalised: "10.1000/XYZ" as written (DOIs ignore case), no resolver; else ""
    fields: dict[str, str] = field(hash=False)  # every field, decoded, keys lower-case
    original: str  # the entry as it stands in the file (BibTeX, or the RIS record)
    files: tuple[Path, ...] = ()  # linked documents, resolved against the bibliography's folder
    line: int = 0  # where the entry starts in the file (1-based), for messages
    from_pdf: bool = False  # made from what a PDF says about itself (ingest.pdf.metadata)
    #: The braced phrases of the title fields (``{"title": ("TikTok",)}``): see
    #: ``kutip.ingest.bib.protection``.
    protected: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)

    def to_model(self) -> BibEntry:
        """The record the store keeps (names as ``Family, Given``)."""
        return BibEntry(
            citekey=self.citekey,
            entry_type=self.entry_type,
            title=self.title,
            authors=tuple(str(person) for person in self.authors),
            year=self.year,
            doi=self.doi,
            fields=dict(self.fields),
            original=self.original,
            from_pdf=self.from_pdf,
            protected=dict(self.protected),
        )


@dataclass(frozen=True)
class BibliographyRead:
    """What a bibliography file gave: the readable entries, and what the user should know."""

    entries: list[BibEntryDraft]
    problems: list[str]  # translated, each naming the file (and the line where known)


# --------------------------------------------------------------------------------------------
# Bytes to text (shared with the RIS reader)


def decode_bibliography(name: str, data: bytes) -> tuple[str, list[str]]:
    """The text of a bibliography file (``\\n`` line ends) and any problem with its encoding.

    UTF-8 (a BOM is dropped), UTF-16 with a BOM; anything else is read as Windows-1252 (which
    is Latin-1 with curly quotes and dashes where Latin-1 has control characters), and the user
    is told to check the accents. Binary data is refused.
    """
    problems: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data[:4096]:
        raise ImportFailedError(
            _("{name}: this is not a bibliography file (it contains binary data).").format(
                name=name
            ),
            FailureReason.DAMAGED,
        )
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
            problems.append(
                _(
                    "{name}: the file is not UTF-8; it was read as Latin-1 (Windows-1252). "
                    "Check that accented letters came through, or export it again as UTF-8."
                ).format(name=name)
            )
    return text.replace("\r\n", "\n").replace("\r", "\n"), problems


# --------------------------------------------------------------------------------------------
# Values: @string macros, concatenation, months

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: BibTeX's predefined macros: jan ... dec.
BUILTIN_MACROS = {name[:3].lower(): name for name in MONTHS}
_MONTH_NUMBERS = {name.lower(): str(i) for i, name in enumerate(MONTHS, 1)}
_MONTH_NUMBERS |= {name[:3].lower(): str(i) for i, name in enumerate(MONTHS, 1)}
_MONTH_NUMBERS["sept"] = "9"


def normalise_month(value: str) -> str:
    """``mar``, ``March``, ``Mar.``, ``03`` → ``"3"``; anything else unchanged."""
    key = value.strip().rstrip(".").lower()
    if key.isdigit() and 1 <= int(key) <= 12:
        return str(int(key))
    return _MONTH_NUMBERS.get(key, value)


#: The longest value (characters) a macro or a field may grow to through ``@string`` macros.
#: Real macros are journal and publisher names, and a field spelled out in full is never
#: shortened by this (it is only the growth that is capped). A value past it comes from a file
#: built to explode: a 40-character string doubled 40 times would be 44 TB.
MAX_EXPANDED_VALUE = 100_000
#: Characters that ``@string`` macros and ``crossref`` parents may add to one file's fields in
#: all. A 5,000-entry library naming a journal macro in every entry adds well under a million;
#: past this the file only multiplies text (10,000 entries naming one 80 KB macro would be
#: 800 MB), and what is left is not expanded.
MAX_EXPANSION_PER_FILE = 20_000_000


class ExpansionTooLarge(Exception):
    """A value would grow past ``MAX_EXPANDED_VALUE``, or the file past its budget."""

    def __init__(self, whole_file: bool) -> None:
        super().__init__("the file's expansion budget is spent" if whole_file else "too long")
        self.whole_file = whole_file


@dataclass
class ExpansionBudget:
    """What is left of a file's ``MAX_EXPANSION_PER_FILE``; ``reported`` once it ran out."""

    left: int = MAX_EXPANSION_PER_FILE
    reported: bool = False

    def spend(self, characters: int) -> None:
        if characters > self.left:
            self.left = 0
            raise ExpansionTooLarge(whole_file=True)
        self.left -= characters

    def note_spent(self, name: str, line: int, problems: list[tuple[int, str]]) -> None:
        """Report, once per file, that the budget ran out (every later value would say so)."""
        if self.reported:
            return
        self.reported = True
        message = _(
            "{name} line {line}: the file's @string macros and crossref parents add more than "
            "{limit} characters in all; from here on they were left out."
        )
        problems.append((line, message.format(name=name, line=line, limit=MAX_EXPANSION_PER_FILE)))


def evaluate_value(raw: str, macros: dict[str, str], budget: ExpansionBudget | None = None) -> str:
    """A field's value as BibTeX sees it, still LaTeX: ``{...}`` and ``"..."`` parts unwrapped,
    macros replaced, ``#`` concatenations joined. An unknown macro stands for its own name.

    Raises ``ExpansionTooLarge`` before building a value that macros would make longer than
    both ``raw`` and ``MAX_EXPANDED_VALUE``, or that would overspend ``budget``."""
    raw = raw.strip()
    if "#" not in raw and len(raw) >= 2 and raw[0] + raw[-1] in ("{}", '""'):
        return raw[1:-1]
    if raw.isdigit():
        return raw
    limit = max(len(raw), MAX_EXPANDED_VALUE)
    parts: list[str] = []
    length = added = 0
    i = 0
    while i < len(raw):
        char = raw[i]
        if char.isspace() or char == "#":
            i += 1
            continue
        if char in '{"':
            end = find_closing(raw, i, char)
            part = raw[i + 1 : end]
            i = end + 1
        else:
            end = i
            while end < len(raw) and not raw[end].isspace() and raw[end] != "#":
                end += 1
            part = raw[i:end]
            if part.lower() in macros:
                part = macros[part.lower()]
                added += len(part)
            i = end
        length += len(part)
        if length > limit:
            raise ExpansionTooLarge(whole_file=False)
        parts.append(part)
    if budget is not None:
        budget.spend(added)
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Reading a .bib file

#: Fields a child entry does not take from its ``crossref`` parent: they describe the parent
#: itself (a proceedings volume's DOI is not the paper's) or are bookkeeping.
NOT_INHERITED = frozenset(
    {
        "ids",
        "crossref",
        "xref",
        "xdata",
        "entryset",
        "label",
        "shorthand",
        "sortkey",
        "options",
        "file",
        "pdf",
        "doi",
        "url",
        "urldate",
        "eprint",
        "abstract",
        "keywords",
        "annote",
        "annotation",
        "note",
        "isbn",
    }
)
_COLLECTION_TYPES = frozenset(
    {
        "book",
        "proceedings",
        "collection",
        "mvbook",
        "mvproceedings",
        "mvcollection",
        "reference",
        "mvreference",
    }
)
_IGNORED_TYPES = frozenset({"control", "xdata", "set"})  # biblatex bookkeeping, not references

_REASONS = (
    ("Unexpected block start", '`"`', N_("missing closing quote?")),
    ("Unexpected block start", "", N_("missing closing brace?")),
    ("Unexpectedly reached end of file", "", N_("missing closing brace?")),
    ("Expected comma after entry key", "", N_("missing comma after the citation key?")),
    ("Expected a `=`", "", N_("a field without “=”?")),
    ("Expected either a `,`", "", N_("missing comma between fields?")),
    ("Expected equals sign", "", N_("a @string without “=”?")),
)
_ENTRY_HEAD = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s{}()]*)")


#: Problems with the line they were found on (0: the whole file), sorted before they are shown.
_Noted = list[tuple[int, str]]


@dataclass
class _RawEntry:
    """An entry between splitting and decoding: fields evaluated but still LaTeX."""

    key: str
    entry_type: str
    fields: dict[str, str]
    original: str
    line: int


def read_bibtex(path: Path, data: bytes) -> BibliographyRead:
    """Read a ``.bib`` file's bytes into reference drafts and the problems found.

    Broken entries, duplicate citation keys and missing crossref parents are reported (with
    the line) and skipped or read as far as possible; the good entries are always returned.
    Raises ``ImportFailedError`` only when the file is not BibTeX at all.
    """
    from bibtexparser import model as bib
    from bibtexparser import parse_string  # imported on first use: the window opens without it

    text, encoding_problems = decode_bibliography(path.name, data)
    problems: _Noted = [(0, problem) for problem in encoding_problems]
    library = parse_string(text, parse_stack=[])
    blocks = library.blocks
    if not any(not isinstance(b, bib.ImplicitComment) for b in blocks):
        raise ImportFailedError(
            _("{name}: this is not a BibTeX file (no entries such as @article{{…}} found).").format(
                name=path.name
            ),
            FailureReason.DAMAGED,
        )
    budget = ExpansionBudget()
    macros = _macros(path.name, blocks, budget, problems)
    raw_entries: list[_RawEntry] = []
    for found in blocks:
        # A repeated key: _keep_unique reports the entries.
        block = found.ignore_error_block if isinstance(found, bib.DuplicateBlockKeyBlock) else found
        if isinstance(block, bib.Entry):
            raw_entries.append(_raw_entry(path.name, block, macros, budget, problems))
        elif isinstance(block, bib.DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            if isinstance(entry, bib.Entry):
                raw_entries.append(_raw_entry(path.name, entry, macros, budget, problems))
        elif isinstance(block, bib.ParsingFailedBlock):
            problems.append(((block.start_line or 0) + 1, _failed_block_problem(path.name, block)))
    entries = _keep_unique(path.name, raw_entries, problems)
    _inherit(path.name, entries, budget, problems)
    drafts = [
        _draft(entry, path.parent) for entry in entries if entry.entry_type not in _IGNORED_TYPES
    ]
    _name_keyless(path.name, drafts, problems)
    if not drafts and not problems:
        problems.append((0, _("{name}: the file holds no references.").format(name=path.name)))
    return BibliographyRead(entries=drafts, problems=_in_file_order(problems))


def _in_file_order(problems: _Noted) -> list[str]:
    """The messages by line (file-wide ones first), in the order found within a line."""
    return [message for _line, message in sorted(problems, key=lambda problem: problem[0])]


def _macros(
    name: str, blocks: list[Block], budget: ExpansionBudget, problems: _Noted
) -> dict[str, str]:
    """The ``@string`` macros of the file (and jan … dec), whichever entry they follow.

    BibTeX wants a macro defined before it is used; JabRef sometimes writes them at the end,
    so all are collected first. A later definition of the same name wins. Each is expanded
    once, with the macros before it, so a macro naming itself (``@string{a = a # a}``) is
    doubled, never looped; one that would grow past the caps is reported and left empty."""
    from bibtexparser import model as bib

    macros = dict(BUILTIN_MACROS)
    for found in blocks:
        block = found.ignore_error_block if isinstance(found, bib.DuplicateBlockKeyBlock) else found
        if isinstance(block, bib.String):
            key = block.key.strip().lower()
            try:
                macros[key] = evaluate_value(block.value, macros, budget)
            except ExpansionTooLarge as error:
                macros[key] = ""
                line = (block.start_line or 0) + 1
                if error.whole_file:
                    budget.note_spent(name, line, problems)
                    continue
                message = _(
                    "{name} line {line}: the @string “{key}” would expand to more than "
                    "{limit} characters; it was left empty."
                )
                problems.append(
                    (
                        line,
                        message.format(
                            name=name, line=line, key=block.key.strip(), limit=MAX_EXPANDED_VALUE
                        ),
                    )
                )
    return macros


def _raw_entry(
    name: str, entry: Entry, macros: dict[str, str], budget: ExpansionBudget, problems: _Noted
) -> _RawEntry:
    line = (entry.start_line or 0) + 1
    fields: dict[str, str] = {}
    for item in entry.fields:
        key = item.key.strip().lower()
        if key in fields:
            message = _(
                "{name} line {line}: entry “{key}” has the field “{field}” twice; "
                "the first is kept."
            )
            problems.append((line, message.format(name=name, line=line, key=entry.key, field=key)))
            continue
        try:
            fields[key] = evaluate_value(item.value, macros, budget)
        except ExpansionTooLarge as error:
            if error.whole_file:
                budget.note_spent(name, line, problems)
                continue
            message = _(
                "{name} line {line}: in entry “{key}”, the field “{field}” would expand to "
                "more than {limit} characters; it was left out."
            )
            problems.append(
                (
                    line,
                    message.format(
                        name=name, line=line, key=entry.key, field=key, limit=MAX_EXPANDED_VALUE
                    ),
                )
            )
    return _RawEntry(
        entry.key.strip(), entry.entry_type.strip().lower(), fields, entry.raw or "", line
    )


def _failed_block_problem(name: str, block: ParsingFailedBlock) -> str:
    line = (block.start_line or 0) + 1
    detail = getattr(block.error, "abort_reason", str(block.error))
    reason = N_("syntax error")
    for start, contains, explanation in _REASONS:
        if detail.startswith(start) and contains in detail:
            reason = explanation
            break
    head = _ENTRY_HEAD.match(block.raw or "")
    if head and head.group(1).lower() == "string":
        return _("{name} line {line}: a @string could not be read ({reason}).").format(
            name=name, line=line, reason=_(reason)
        )
    if head and head.group(2):
        return _("{name} line {line}: entry “{key}” could not be read ({reason}).").format(
            name=name, line=line, key=head.group(2), reason=_(reason)
        )
    return _("{name} line {line}: entry could not be read ({reason}).").format(
        name=name, line=line, reason=_(reason)
    )


def _keep_unique(name: str, entries: list[_RawEntry], problems: _Noted) -> list[_RawEntry]:
    """The entries with the first of each citation key; later ones are reported."""
    first_line: dict[str, int] = {}
    kept: list[_RawEntry] = []
    for entry in entries:
        if entry.key and entry.key in first_line:
            message = _(
                "{name} line {line}: the citation key “{key}” is used twice (first on line "
                "{first}); this entry was skipped."
            )
            problems.append(
                (
                    entry.line,
                    message.format(
                        name=name, line=entry.line, key=entry.key, first=first_line[entry.key]
                    ),
                )
            )
            continue
        if entry.key:
            first_line[entry.key] = entry.line
        kept.append(entry)
    return kept


#: How many ``crossref``/``xdata`` parents up an entry's fields are looked for. BibTeX follows
#: one level and biber a few; a longer chain is a mistake in the file (or a trap for the
#: recursion that follows it), and its further parents are reported and not followed.
MAX_CROSSREF_DEPTH = 16


def _inherit(
    name: str, entries: list[_RawEntry], budget: ExpansionBudget, problems: _Noted
) -> None:
    """Fill each entry's missing fields from its ``crossref`` (and biblatex ``xdata``) parents.

    A parent book's or proceedings' ``title`` becomes the child's ``booktitle`` (biblatex's
    rule; classic BibTeX exports carry ``booktitle`` in the parent anyway). A link that leads
    back to the entry (a cycle) or past ``MAX_CROSSREF_DEPTH`` parents is reported and not
    followed; inherited text counts against the file's expansion budget."""
    by_key = {entry.key.lower(): entry for entry in entries if entry.key}
    done: set[int] = set()

    def resolve(entry: _RawEntry, chain: tuple[int, ...]) -> None:
        """``chain``: the entries whose parents are being resolved, this one last."""
        if id(entry) in done:
            return
        done.add(id(entry))
        for link in ("crossref", "xdata"):
            for parent_key in entry.fields.get(link, "").split(","):
                parent_key = parent_key.strip()
                if not parent_key:
                    continue
                parent = by_key.get(parent_key.lower())
                if parent is None:
                    message = _(
                        "{name} line {line}: entry “{key}” refers to “{parent}”, which is "
                        "not in the file."
                    )
                elif id(parent) in chain:
                    message = _(
                        "{name} line {line}: in entry “{key}”, the crossref to “{parent}” goes "
                        "round in a circle; that link was not followed."
                    )
                elif len(chain) > MAX_CROSSREF_DEPTH:
                    message = _(
                        "{name} line {line}: in entry “{key}”, the crossref to “{parent}” "
                        "comes after {limit} others in a row; that link was not followed."
                    )
                else:
                    resolve(parent, (*chain, id(parent)))
                    _copy_missing(name, parent, entry, budget, problems)
                    continue
                problems.append(
                    (
                        entry.line,
                        message.format(
                            name=name,
                            line=entry.line,
                            key=entry.key,
                            parent=parent_key,
                            limit=MAX_CROSSREF_DEPTH,
                        ),
                    )
                )

    for entry in entries:
        resolve(entry, (id(entry),))


def _copy_missing(
    name: str, parent: _RawEntry, child: _RawEntry, budget: ExpansionBudget, problems: _Noted
) -> None:
    for key, value in parent.fields.items():
        if key in NOT_INHERITED:
            continue
        if key == "title" and parent.entry_type in _COLLECTION_TYPES:
            key = "booktitle"
        if key in child.fields:
            continue
        try:
            budget.spend(len(value))
        except ExpansionTooLarge:
            budget.note_spent(name, child.line, problems)
            return
        child.fields[key] = value


def _decode_fields(fields: dict[str, str]) -> dict[str, str]:
    decoded: dict[str, str] = {}
    for key, value in fields.items():
        if key in VERBATIM_FIELDS:
            decoded[key] = decode_verbatim(value)
        else:
            decoded[key] = latex_to_unicode(value)
    if "month" in decoded:
        decoded["month"] = normalise_month(decoded["month"])
    return decoded


def _draft(entry: _RawEntry, folder: Path) -> BibEntryDraft:
    fields = _decode_fields(entry.fields)
    doi = normalise_doi(fields.get("doi", ""), keep_case=True)
    if not doi and re.search(r"doi\.org/", fields.get("url", ""), re.IGNORECASE):
        doi = normalise_doi(fields["url"], keep_case=True)
    files: list[Path] = []
    for key in ("file", "pdf"):
        if fields.get(key):
            files.extend(p for p in file_paths(fields[key], folder) if p not in files)
    return BibEntryDraft(
        citekey=entry.key,
        entry_type=entry.entry_type,
        title=fields.get("title", ""),
        authors=parse_people(entry.fields.get("author", "")),
        editors=parse_people(entry.fields.get("editor", "")),
        year=year_of(fields.get("year", ""), fields.get("date", "")),
        doi=doi,
        fields=fields,
        original=entry.original,
        files=tuple(files),
        line=entry.line,
        protected=protected_fields(entry.fields),
    )


def _name_keyless(name: str, drafts: list[BibEntryDraft], problems: _Noted) -> None:
    """Give an entry written without a citation key one made like Better BibTeX's."""
    taken = CitekeyPool(draft.citekey for draft in drafts if draft.citekey)
    for index, draft in enumerate(drafts):
        if not draft.citekey:
            base = citekey_base(draft.authors or draft.editors, draft.year, draft.title)
            drafts[index] = replace(draft, citekey=taken.unique(base))
            message = _(
                "{name} line {line}: the entry has no citation key; it was named “{key}”."
            ).format(name=name, line=draft.line, key=drafts[index].citekey)
            problems.append((draft.line, message))
