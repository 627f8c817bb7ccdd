"""Keeps the translation catalogues in step with the code.

``python tests/i18n_catalogue.py`` adds every message marked in app/kutip (``_()``,
``ngettext()``, ``N_()``) that a catalogue lacks, as an empty entry for translators, and marks
entries no longer used as obsolete; tests/test_i18n.py fails while any message is untranslated.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "app" / "kutip"
LOCALES = ROOT / "resources" / "locale"
sys.path.insert(0, str(ROOT / "app"))

from kutip.i18n import parse_po  # noqa: E402

Message = tuple[str, str | None]  # (msgid, msgid_plural)


def extract_messages(folder: Path = SOURCES) -> dict[Message, list[str]]:
    """Every marked message in the code, with where it is used."""
    found: dict[Message, list[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            args = node.args
            literal = [isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args]
            where = f"{path.relative_to(ROOT).as_posix()}:{node.lineno}"
            if node.func.id in {"_", "N_", "tr"} and args and literal[0]:
                found.setdefault((args[0].value, None), []).append(where)  # type: ignore[attr-defined]
            elif node.func.id == "ngettext" and len(args) >= 2 and all(literal[:2]):
                key = (args[0].value, args[1].value)  # type: ignore[attr-defined]
                found.setdefault(key, []).append(where)
    return found


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    lines = escaped.split("\n")
    if len(lines) == 1:
        return f'"{escaped}"'
    parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join(f'"{part}"' for part in parts)


def write_catalogue(language: str, messages: dict[Message, list[str]]) -> Path:
    path = LOCALES / language / "LC_MESSAGES" / "kutip.po"
    entries = parse_po(path.read_text(encoding="utf-8")) if path.exists() else []
    header = next((e for e in entries if e.get("msgid") == ""), None)
    known = {(e["msgid"], e.get("msgid_plural")): e for e in entries if e.get("msgid")}
    out = [
        "# Kutip translations: " + language,
        'msgid ""',
        "msgstr "
        + _quote(
            header["msgstr"]
            if header
            else "Content-Type: text/plain; charset=UTF-8\nLanguage: "
            + language
            + "\nPlural-Forms: nplurals=1; plural=0;\n"
        ),
        "",
    ]
    for key, places in sorted(messages.items(), key=lambda item: item[1][0]):
        entry = known.get(key, {})
        out += [f"#: {place}" for place in places]
        if "fuzzy" in entry.get("flags", ""):
            out.append("#, fuzzy")
        out.append(f"msgid {_quote(key[0])}")
        if key[1] is None:
            out.append(f"msgstr {_quote(entry.get('msgstr', ''))}")
        else:
            out.append(f"msgid_plural {_quote(key[1])}")
            out.append(f"msgstr[0] {_quote(entry.get('msgstr[0]', ''))}")
        out.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out), encoding="utf-8")
    return path


if __name__ == "__main__":
    for language_dir in sorted(LOCALES.iterdir()):
        print(write_catalogue(language_dir.name, extract_messages()))
