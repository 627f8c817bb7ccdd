"""Checks an exchange file against the REFI-QDA schemas, where they are on this computer.

Exports must pass (the tests check every one against the official schemas); imports only warn,
because several tools write files the schema refuses and their content is still worth having.
Kutip does not ship the schemas: they are looked for in the folder named by
``$KUTIP_REFI_SCHEMAS``, else in ``<user data>/kutip/refi-qda``; without them imports go
unchecked, as they do without lxml. lxml (installed with python-docx) does the checking; it
is imported on first use, and the XML is parsed without DTDs, entities or network access.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import platformdirs

from kutip.i18n import _
from kutip.interop.report import InteropReport

PROJECT_SCHEMA = "Project-mrt2019.xsd"
CODEBOOK_SCHEMA = "Codebook.xsd"
#: Larger files are not checked on import: the check would cost more than it tells.
MAX_CHECKED_BYTES = 32 * 1024 * 1024


def schema_dir() -> Path:
    """Where the REFI-QDA schemas are looked for."""
    configured = os.environ.get("KUTIP_REFI_SCHEMAS")
    if configured:
        return Path(configured)
    return platformdirs.user_data_path("kutip", appauthor=False) / "refi-qda"


class SchemaUnavailableError(LookupError):
    """The schema file is not on this computer: the check cannot be made."""


@functools.cache
def _schema(folder: Path, name: str) -> Any:
    from lxml import etree

    path = folder / name
    if not path.is_file():
        raise SchemaUnavailableError(str(path))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(path), parser))


def schema_problems(data: bytes, schema: str = PROJECT_SCHEMA) -> list[tuple[int, str]]:
    """Where ``data`` breaks the schema: (line, message) pairs, none when it is valid.

    Raises ``SchemaUnavailableError`` when the schema is not on this computer.
    """
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        document = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        return [(error.lineno or 0, str(error))]
    checker = _schema(schema_dir(), schema)
    if checker.validate(document):
        return []
    return [(e.line, e.message) for e in checker.error_log]


def warn_schema(report: InteropReport, data: bytes, schema: str = PROJECT_SCHEMA) -> None:
    """One warning for a file that breaks its schema (validation never blocks an import)."""
    if len(data) > MAX_CHECKED_BYTES:
        return
    try:
        problems = schema_problems(data, schema)
    except (ImportError, SchemaUnavailableError):  # without lxml or schemas: unchecked
        return
    if problems:
        line, message = problems[0]
        report.warn(
            _(
                "{file}: the file does not follow the REFI-QDA schema (line {line}: {message}); "
                "it was imported as far as possible."
            ).format(file=report.file, line=line, message=message)
        )
