"""Translation of every user-visible string, core and GUI alike.

Catalogues are gettext ``.po`` files in ``resources/locale/<lang>/LC_MESSAGES/kutip.po``. They
are read directly (a small subset of the PO format: the one our catalogues use), so the
shipped catalogue is the one translators edit and there is no compiled ``.mo`` to fall out of
step. ``_()`` looks the message up at call time, so strings held in module constants are marked
with ``N_()`` and passed through ``_()`` where they are shown.
"""

from __future__ import annotations

import ast
import gettext
import locale
import os
from collections.abc import Callable
from pathlib import Path

from kutip.resources import resource_path

DOMAIN = "kutip"
SOURCE_LANGUAGE = "en"
#: Languages that ship with Kutip, as (code, name in that language).
LANGUAGES: tuple[tuple[str, str], ...] = (("en", "English"), ("id", "Bahasa Indonesia"))

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


class PoTranslations(gettext.NullTranslations):
    """gettext translations read from a ``.po`` file (msgid, msgid_plural, msgstr[n])."""

    def __init__(self, po_file: Path) -> None:
        super().__init__()
        self._catalog: dict[str, str] = {}
        self._plurals: dict[str, list[str]] = {}
        self._plural_index: Callable[[int], int] = lambda n: int(n != 1)
        self._read(po_file)

    def _read(self, po_file: Path) -> None:
        for entry in parse_po(po_file.read_text(encoding="utf-8")):
            msgid = entry.get("msgid", "")
            if "fuzzy" in entry.get("flags", ""):
                continue
            if msgid == "":
                self._read_header(entry.get("msgstr", ""))
            elif "msgid_plural" in entry:
                forms = [entry[k] for k in sorted(k for k in entry if k.startswith("msgstr["))]
                if all(forms):
                    self._plurals[msgid] = forms
            elif entry.get("msgstr"):
                self._catalog[msgid] = entry["msgstr"]

    def _read_header(self, header: str) -> None:
        for line in header.splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() == "plural-forms":
                expression = value.split("plural=", 1)[1].rstrip("; ")
                self._plural_index = gettext.c2py(expression)

    def gettext(self, message: str) -> str:
        return self._catalog.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        forms = self._plurals.get(msgid1)
        if forms is None:
            return msgid1 if n == 1 else msgid2
        return forms[min(self._plural_index(n), len(forms) - 1)]


def parse_po(text: str) -> list[dict[str, str]]:
    """Split a PO file into entries: keyword → unescaped string, plus ``flags`` from ``#,``."""
    entries: list[dict[str, str]] = []
    entry: dict[str, str] = {}
    keyword = ""

    def finish() -> None:
        nonlocal entry
        if any(k.startswith("msg") for k in entry):
            entries.append(entry)
        entry = {}

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#,"):
            if any(k.startswith("msg") for k in entry):
                finish()
            entry["flags"] = entry.get("flags", "") + line[2:]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[keyword] += ast.literal_eval(line)
        else:
            keyword, _, rest = line.partition(" ")
            if keyword == "msgid" and "msgid" in entry:
                finish()
            entry[keyword] = ast.literal_eval(rest.strip())
    finish()
    return entries


def system_language() -> str:
    """The UI language the system asks for, if Kutip ships it, else English."""
    candidates = [os.environ.get(name, "") for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")]
    candidates += [os.environ.get("LANG", ""), locale.getlocale()[0] or ""]
    shipped = {code for code, _ in LANGUAGES}
    for candidate in candidates:
        for part in candidate.split(":"):
            code = part.split("_")[0].split(".")[0].lower()
            if code in shipped:
                return code
    return SOURCE_LANGUAGE


def catalogue_path(language: str) -> Path:
    return resource_path("locale", language, "LC_MESSAGES", f"{DOMAIN}.po")


def set_language(language: str | None) -> str:
    """Switch every later ``_()`` to ``language`` (None: the system's). Returns the code used."""
    global _translations, _language
    chosen = language or system_language()
    path = catalogue_path(chosen)
    if chosen == SOURCE_LANGUAGE or not path.is_file():
        _translations, _language = gettext.NullTranslations(), SOURCE_LANGUAGE
    else:
        _translations, _language = PoTranslations(path), chosen
    return _language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction without translating it yet."""
    return message


set_language(os.environ.get("KUTIP_LANG") or None)
