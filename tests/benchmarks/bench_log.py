"""What every benchmark shares: the machine it ran on, and the log it appends its table to."""

from __future__ import annotations

import os
import platform
from pathlib import Path

LOG = Path(__file__).resolve().parents[2] / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\nMeasured numbers, newest last. Each section says what was run, when, and on "
    "which machine; scripts live in tests/benchmarks/ and append here.\n"
)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine() -> str:
    """Platform, Python, processor and cores: the line each section's "Machine:" gives."""
    return (
        f"{platform.platform()}, Python {platform.python_version()}, "
        f"{cpu_model()}, {os.cpu_count()} cores"
    )


def append_section(section: str, log: Path = LOG) -> None:
    """Add ``section`` to the benchmark log, creating the log with its header if needed."""
    log.parent.mkdir(parents=True, exist_ok=True)
    if not log.exists():
        log.write_text(HEADER, encoding="utf-8")
    with log.open("a", encoding="utf-8") as out:
        out.write("\n" + section)
