"""Logging to a rotating file in the user's log directory, shared by the CLI and the GUI."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs


def log_file() -> Path:
    return platformdirs.user_log_path("kutip", appauthor=False) / "kutip.log"


def configure_logging(level: int = logging.INFO) -> Path | None:
    """Send Kutip's log records to ``log_file()``; returns it, or None if it cannot be written."""
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("kutip")
    root.setLevel(level)
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        root.addHandler(handler)
    else:
        handler.close()
    return path
