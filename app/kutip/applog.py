"""Logging to a rotating file in the user's log directory, shared by the CLI and the GUI."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs


def log_file() -> Path:
    return platformdirs.user_log_path("kutip", appauthor=False) / "kutip.log"


def configure_logging(level: int = logging.INFO) -> Path | None:
    """Send log records to ``log_file()``; returns it, or None if it cannot be written.

    Kutip's own records from ``level`` up, and the warnings of the libraries too (bibtexparser's
    "Parsing … aborted", …): on the root logger, so none falls through to Python's last-resort
    handler, which would print it on the user's terminal.
    """
    root = logging.getLogger()
    logging.getLogger("kutip").setLevel(level)
    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        return log_file()
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        if not root.handlers:
            root.addHandler(logging.NullHandler())  # no log file: quiet rather than noisy
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path
