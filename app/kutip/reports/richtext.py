"""Formatted text as runs: what a citation or a reference looks like, for any renderer.

A reference list needs italics (journal titles, volumes, book titles) and some styles small
capitals; DOCX wants runs, HTML tags, Markdown asterisks, CSV plain text. citeproc-py's HTML
formatter marks them with a handful of tags; ``from_html`` turns that into ``Span`` runs once,
and each renderer writes runs its own way.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from html.parser import HTMLParser


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    italic: bool = False
    bold: bool = False
    small_caps: bool = False
    superscript: bool = False
    subscript: bool = False
    underline: bool = False


RichText = tuple[Span, ...]


def plain(text: RichText) -> str:
    return "".join(span.text for span in text)


def rich(*parts: str | Span) -> RichText:
    """Runs from plain strings and spans, neighbours with the same format merged."""
    spans = [part if isinstance(part, Span) else Span(part) for part in parts]
    return merge(spans)


def merge(spans: list[Span]) -> RichText:
    out: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if out and replace(out[-1], text="") == replace(span, text=""):
            out[-1] = replace(out[-1], text=out[-1].text + span.text)
        else:
            out.append(span)
    return tuple(out)


_FLAGS = {
    "i": "italic",
    "em": "italic",
    "b": "bold",
    "strong": "bold",
    "sup": "superscript",
    "sub": "subscript",
    "u": "underline",
}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.spans: list[Span] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        style = dict(attrs).get("style") or ""
        if tag == "span" and "small-caps" in style:
            self.stack.append("small_caps")
        else:
            self.stack.append(_FLAGS.get(tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        flags = {name: True for name in self.stack if name}
        self.spans.append(Span(data, **flags))


def from_html(markup: str) -> RichText:
    """Runs from citeproc-py's HTML output (``<i>``, ``<b>``, small-caps spans, entities)."""
    if "<" not in markup and "&" not in markup:
        return (Span(markup),) if markup else ()
    parser = _Parser()
    parser.feed(markup)
    parser.close()
    return merge(parser.spans)


def to_html(text: RichText) -> str:
    out: list[str] = []
    for span in text:
        piece = html.escape(span.text, quote=False)
        if span.small_caps:
            piece = f'<span style="font-variant:small-caps">{piece}</span>'
        for flag, tag in (
            ("italic", "i"),
            ("bold", "b"),
            ("superscript", "sup"),
            ("subscript", "sub"),
            ("underline", "u"),
        ):
            if getattr(span, flag):
                piece = f"<{tag}>{piece}</{tag}>"
        out.append(piece)
    return "".join(out)
