"""Every user-visible string is translated into Bahasa Indonesia, and the UI language switches."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

import pytest

from i18n_catalogue import extract_messages
from kutip import i18n
from kutip.i18n import _, catalogue_path, ngettext, parse_po, set_language, system_language


@pytest.fixture
def indonesian() -> Iterator[None]:
    set_language("id")
    yield
    set_language("en")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_indonesian_catalogue_translates_every_message() -> None:
    entries = parse_po(catalogue_path("id").read_text(encoding="utf-8"))
    translated = {
        (e["msgid"], e.get("msgid_plural")): e.get("msgstr") or e.get("msgstr[0]", "")
        for e in entries
        if e.get("msgid") and "fuzzy" not in e.get("flags", "")
    }
    missing = [m for m in extract_messages() if not translated.get(m)]
    assert not missing, (
        f"{len(missing)} messages lack an Indonesian translation; run "
        f"`python tests/i18n_catalogue.py` and translate them: {missing[:10]}"
    )


def test_translations_keep_the_placeholders_of_their_messages() -> None:
    for entry in parse_po(catalogue_path("id").read_text(encoding="utf-8")):
        translation = entry.get("msgstr") or entry.get("msgstr[0]", "")
        if entry.get("msgid") and translation:
            assert _placeholders(translation) == _placeholders(entry["msgid"]), entry["msgid"]


def test_switching_to_indonesian_translates_core_messages(indonesian: None) -> None:
    assert i18n.current_language() == "id"
    assert _("print JSON") != "print JSON"
    message = ngettext("Created {path} with {n} code.", "Created {path} with {n} codes.", 10)
    assert "{n}" in message and message != "Created {path} with {n} codes."


def test_english_is_the_fallback_for_unknown_languages() -> None:
    assert set_language("xx") == "en"
    assert _("print JSON") == "print JSON"


@pytest.mark.parametrize(
    ("env", "expected"),
    [({"LANGUAGE": "id_ID:en"}, "id"), ({"LANG": "id_ID.UTF-8"}, "id"), ({"LANG": "de_DE"}, "en")],
)
def test_the_system_language_is_followed(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(i18n.locale, "getlocale", lambda: (None, None))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert system_language() == expected


def test_po_parsing_handles_continuations_escapes_and_plurals() -> None:
    entries = parse_po(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        '#, fuzzy\nmsgid "skip"\nmsgstr "lewati"\n\n'
        'msgid "a \\"quoted\\"\\n"\n"line"\nmsgstr "b"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "banyak"\n'
    )
    assert entries[1]["flags"].strip() == "fuzzy"
    assert entries[2]["msgid"] == 'a "quoted"\nline'
    assert entries[3]["msgstr[0]"] == "banyak"
    assert re.search("nplurals=1", entries[0]["msgstr"])
