"""The braces of BibTeX titles: which words keep their capitals."""

from __future__ import annotations

from kutip.ingest.bib.protection import (
    braced_phrases,
    protected_fields,
    protected_in_original,
    split_braces,
    with_braces,
)


def test_braced_words_are_protected_but_accents_and_commands_are_not() -> None:
    latex = r"Hoaxes on {TikTok} in {Southeast Asia}: M{\"u}ller and {\'\i}ndices {\emph{x}}"
    assert braced_phrases(latex) == ("TikTok", "Southeast Asia")
    assert braced_phrases(r"{{Nested {Groups}}} and {T{\"u}rkiye}") == (
        "Nested Groups",
        "Türkiye",
    )


def test_only_title_fields_are_read() -> None:
    fields = {"title": "On {TikTok}", "journal": "{Media} Asia", "booktitle": "{IEEE} Proc."}
    assert protected_fields(fields) == {"title": ("TikTok",), "booktitle": ("IEEE",)}


def test_an_old_projects_entry_is_read_from_its_original_text() -> None:
    original = "@article{k,\n  title = {Kampanye di {Jawa Barat}},\n  year = 2021,\n}"
    assert protected_in_original(original) == {"title": ("Jawa Barat",)}
    assert protected_in_original("TY  - JOUR\nTI  - Not BibTeX\nER  -") == {}


def test_braces_typed_by_the_user_round_trip() -> None:
    assert split_braces("Hoaxes on {TikTok} in  {Southeast Asia}") == (
        "Hoaxes on TikTok in Southeast Asia",
        ("TikTok", "Southeast Asia"),
    )
    assert split_braces("No braces") == ("No braces", ())
    title, phrases = "TikTok and the TikTokers in Asia", ("TikTok", "Asia")
    assert with_braces(title, phrases) == "{TikTok} and the TikTokers in {Asia}"
    assert split_braces(with_braces(title, phrases)) == (title, phrases)
