"""Where the files shipped in ``resources/`` are, in a checkout, a wheel or a frozen bundle."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """The path of a shipped resource, e.g. ``resource_path("codebooks", "x.toml")``."""
    return Path(str(files("kutip._resources").joinpath(*parts)))
