"""Tesseract's language data: which languages OCR reads, where their data is, what to install.

Apart from ``kutip.ingest.pdf.ocr`` so that the command line can name the default languages and
check a language list without loading PyMuPDF. The data (``ind.traineddata``,
``eng.traineddata``) is looked for in ``TESSDATA_PREFIX``, else in the packaged app's own copy
(Windows, macOS), else where the system's Tesseract keeps it.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from kutip.errors import KnownError, ValidationError
from kutip.i18n import N_, _

#: Languages read unless the user chooses others (Tesseract's codes, joined by "+").
DEFAULT_LANGUAGE = "ind+eng"
_LANGUAGE_CODE = re.compile(r"[a-z]{3}(?:_[a-z]+)*")

#: Names of the languages Kutip offers, by Tesseract code (others are shown by their code).
LANGUAGE_NAMES = {"ind": N_("Indonesian"), "eng": N_("English")}


class OcrUnavailableError(KnownError):
    """OCR cannot run: Tesseract's data for a language is missing, or MuPDF has no OCR."""


def parse_language(text: str) -> str:
    """A Tesseract language list as the user typed it ("ind+eng", "IND + eng"), normalised.

    Raises ``ValidationError`` for anything that is not codes joined by "+".
    """
    codes = [code.strip().lower() for code in text.split("+")]
    if not codes or not all(_LANGUAGE_CODE.fullmatch(code) for code in codes):
        raise ValidationError(
            _(
                "{text!r} is not a list of OCR languages; write Tesseract's codes joined by +, "
                "e.g. ind+eng."
            ).format(text=text)
        )
    return "+".join(dict.fromkeys(codes))


def language_label(language: str) -> str:
    """ "Indonesian + English" for "ind+eng" (translated), codes Kutip has no name for as is."""
    return " + ".join(
        _(LANGUAGE_NAMES[code]) if code in LANGUAGE_NAMES else code for code in language.split("+")
    )


def _bundled_tessdata() -> list[Path]:
    """Where the packaged app keeps its own language data (Windows, macOS)."""
    if getattr(sys, "frozen", False):
        return [Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "tessdata"]
    return []


def _system_tessdata() -> list[Path]:
    """Where Tesseract installs its language data on the systems Kutip runs on."""
    if sys.platform == "win32":
        return [
            Path(os.environ[variable]) / "Tesseract-OCR" / "tessdata"
            for variable in ("ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA")
            if os.environ.get(variable)
        ]
    # Newest Tesseract first: /usr/share/tesseract-ocr/5 before 4.00 (Debian, Ubuntu).
    found = sorted(Path("/usr/share/tesseract-ocr").glob("*/tessdata"), reverse=True)
    return [
        *found,
        Path("/usr/share/tessdata"),  # Fedora, Arch
        Path("/usr/local/share/tessdata"),  # built from source, Homebrew on Intel Macs
        Path("/opt/homebrew/share/tessdata"),  # Homebrew on Apple silicon
        Path("/opt/local/share/tessdata"),  # MacPorts
    ]


def tessdata_candidates(explicit: Path | None = None) -> list[Path]:
    """Folders that may hold Tesseract's language data, in the order they are tried."""
    candidates = [explicit] if explicit else []
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        candidates.append(Path(prefix))
    candidates += _bundled_tessdata() + _system_tessdata()
    return [path for path in dict.fromkeys(candidates) if path.is_dir()]


def missing_languages(language: str, tessdata: Path | None) -> list[str]:
    """The codes of ``language`` whose ``.traineddata`` is not in ``tessdata``."""
    return [
        code
        for code in language.split("+")
        if tessdata is None or not (tessdata / f"{code}.traineddata").is_file()
    ]


def find_tessdata(language: str, explicit: Path | None = None) -> Path:
    """The folder of Tesseract's data holding every language of ``language``.

    Raises ``OcrUnavailableError`` saying what to install when there is none.
    """
    candidates = tessdata_candidates(explicit)
    for folder in candidates:
        if not missing_languages(language, folder):
            return folder
    missing = missing_languages(language, candidates[0] if candidates else None)
    raise OcrUnavailableError(missing_data_message(missing))


def missing_data_message(codes: list[str]) -> str:
    """What to install for these languages, in the words of the user's system."""
    names = ", ".join(
        f"{language_label(code)} ({code})" if code in LANGUAGE_NAMES else code for code in codes
    )
    if sys.platform.startswith("linux"):
        packages = " ".join(
            ["tesseract-ocr", *(f"tesseract-ocr-{code.replace('_', '-')}" for code in codes)]
        )
        return _(
            "Tesseract's data for {languages} is not installed, so scanned pages cannot be "
            "read; on Debian or Ubuntu install it with: sudo apt-get install {packages}"
        ).format(languages=names, packages=packages)
    return _(
        "Tesseract's data for {languages} is not installed, so scanned pages cannot be read; "
        "put {files} into a folder and name it in the TESSDATA_PREFIX environment variable "
        "(Kutip's installer brings Indonesian and English)."
    ).format(languages=names, files=", ".join(f"{code}.traineddata" for code in codes))
