"""Corrections to citeproc-py where it departs from the CSL 1.0.2 specification.

citeproc-py (pinned ``<0.12`` in pyproject.toml) renders the shipped styles almost as the CSL
processors of Zotero and Pandoc do; these are the places where it does not, each found by
comparing its output for the same references with ``pandoc --citeproc`` and with the style
manuals (tests/reports/test_citation_styles.py holds the evidence):

1. ``text-case="title"`` on a ``cs:label`` is ignored (the label has no item language to test),
   so APA printed "(ed.)" for "(Ed.)". Labels are terms of the report's locale: they are
   title-cased. Title case of variables keeps the rule that only English items get it.
2. Title case splits words at spaces only and loses protected (``nocase``) text's spacing:
   "Hoaxes on TikTok : How First-time …". Replaced by ``textcase.title_case``.
3. ``initialize="false"`` on a ``cs:name`` is ignored, so Chicago printed "Hartono, S. D." for
   "Hartono, Sari Dewi" (names as given, CMOS 18 14.72).
4. A ``cs:names`` without a ``cs:name`` inside a ``cs:substitute``'s ``cs:choose`` does not
   inherit the ``cs:name`` of the ``cs:names`` it substitutes for, and citeproc-py *inserts*
   a default ``cs:name`` into the style while rendering — every later reference then has it.
   Styles are completed once when loaded (``complete_style``); inside a substitute the names
   element it stands for is used.
5. A name variable used as a substitute is printed again later (only ``cs:text`` variables are
   suppressed): "Sinaga, R., & Tapsell, R. (Eds.). (2021). Elections … (R. Sinaga & R. Tapsell,
   Eds.)". ``cs:names`` now skips suppressed variables, and a substituting ``cs:names`` suppresses
   its own.
6. Whether a ``cs:group`` is left out is decided from which of its children *could* print a
   variable, not which did: a ``cs:choose`` whose taken branch prints only a term counts as a
   variable, so "(Publication)" followed APA thesis titles. Groups now count the variables
   called and printed while rendering.

The corrections replace methods of citeproc-py's element classes, once (``apply``).
"""

from __future__ import annotations

import threading
from typing import Any

from kutip.reports.textcase import title_case

_applied = False
_lock = threading.Lock()
#: Per thread, the open groups' [variables called, variables printed].
_groups = threading.local()
_CSL = {"cs": "http://purl.org/net/xbiblio/csl"}


def apply() -> None:
    """Install the corrections (idempotent)."""
    global _applied
    with _lock:
        if _applied:
            return
        from citeproc import model

        _fix_text_case(model)
        _fix_initialize(model)
        _fix_names(model)
        _fix_groups(model)
        _applied = True


def complete_style(style: Any) -> None:
    """Give every ``cs:names`` outside a ``cs:substitute`` its ``cs:name`` (see 4)."""
    from citeproc import model

    root = style.root
    for names in root.xpath("//cs:names", namespaces=_CSL):
        if names.find("cs:name", _CSL) is None and not names.xpath(
            "ancestor::cs:substitute", namespaces=_CSL
        ):
            names.insert(0, model.Name())


# -- 1 and 2: text case ----------------------------------------------------------------------


def _title_cased(text: Any) -> Any:
    from citeproc.string import MixedString, NoCase, String

    parts = list(text) if isinstance(text, MixedString) else [text]
    whole = "".join(str(part) for part in parts)
    protected = [str(part) for part in parts if isinstance(part, NoCase)]
    return String(title_case(whole, protected))


def _fix_text_case(model: Any) -> None:
    original = model.TextCased.case

    def case(self: Any, text: Any, language: str | None = None) -> Any:
        if self.get("text-case") == "title":
            if isinstance(self, model.Label) or (language or "en") == "en":
                return _title_cased(text)
            return text
        return original(self, text, language)

    model.TextCased.case = case


# -- 3: initialize="false" ---------------------------------------------------------------------


def _fix_initialize(model: Any) -> None:
    original = model.Name.get_option

    def get_option(self: Any, name: str, context: Any = None, sort_options: Any = None) -> Any:
        if (
            name == "initialize-with"
            and self.get("initialize", "true") == "false"
            and not (sort_options and name in sort_options)
        ):
            return None
        return original(self, name, context, sort_options)

    model.Name.get_option = get_option


# -- 4 and 5: names and substitutes -------------------------------------------------------------


def _fix_names(model: Any) -> None:
    original = model.Names.process

    def process(
        self: Any, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any
    ) -> Any:
        substitute = self.xpath_search("./ancestor::cs:substitute[1]")
        if names_context is None and self.name is None and substitute:
            names_context = substitute[0].getparent()
        layout = (context if context is not None else self).get_layout()
        suppressed = layout.repressed.get(self.tag, [])
        variables = self.get("variable").split()
        kept = [variable for variable in variables if variable not in suppressed]
        if not kept:
            raise model.VariableError
        if kept != variables:
            # citeproc-py reads the variables from the element: name only the kept ones while
            # it renders (a style object serves one report, on one thread)
            self.set("variable", " ".join(kept))
        try:
            text = original(self, item, names_context=names_context, context=context, **kwargs)
        finally:
            self.set("variable", " ".join(variables))
        if text and substitute:
            layout.repressed.setdefault(self.tag, []).extend(kept)
        return text

    model.Names.process = process


# -- 6: groups ------------------------------------------------------------------------------------


def _open() -> list[list[int]]:
    stack: list[list[int]] | None = getattr(_groups, "stack", None)
    if stack is None:
        stack = _groups.stack = []
    return stack


def _count(called: int, printed: int) -> None:
    stack = _open()
    if stack:
        stack[-1][0] += called
        stack[-1][1] += printed


def _fix_groups(model: Any) -> None:
    original = model.Group.process

    def process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        stack = _open()
        stack.append([0, 0])
        try:
            try:
                text = original(self, item, context=context, **kwargs)
            except model.VariableError:
                text = None
        finally:
            called, printed = stack.pop()
        _count(called, printed)
        if text is None or (called and not printed):
            raise model.VariableError
        return text

    model.Group.process = process

    def counted(cls: Any, calls: Any) -> None:
        render = cls.render

        def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
            if not calls(self):
                return render(self, *args, **kwargs)
            try:
                text = render(self, *args, **kwargs)
            except model.VariableError:
                _count(1, 0)
                raise
            _count(1, 1 if text else 0)
            return text

        cls.render = counting

    counted(model.Text, lambda element: "variable" in element.attrib)
    counted(model.Number, lambda element: True)
    counted(model.Date, lambda element: True)
    counted(model.Names, lambda element: True)
