"""The ``Project``: every operation a user can do on a project file.

A session (``session``: the store, recorded edits, undo, listeners, GUIDs, settings, the
current coder) with one manager per concern, reached as attributes — ``project.sources``,
``.codes``, ``.codings``, ``.cases``, ``.references``, ``.memos``, ``.coders`` (see ``facade``).
Reads come from ``kutip.store.queries``; each write is one transaction and one undoable
``Edit``. The import workflow lives in ``kutip.services.importing``.
"""

from __future__ import annotations

from kutip.project.base import (
    PALETTE,
    Edit,
    Listener,
    normalise_guid,
    parse_attribute_value,
    typed_id,
)
from kutip.project.facade import Project

__all__ = [
    "PALETTE",
    "Edit",
    "Listener",
    "Project",
    "normalise_guid",
    "parse_attribute_value",
    "typed_id",
]
