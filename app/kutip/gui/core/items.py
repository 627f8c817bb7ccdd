"""What the Qt item models and the views share: the id role, index types, a code being dragged.

Every row of a model over the project carries its record's id under ``ID_ROLE``, so views and
actions speak to the project in ids. A code dragged out of the codebook onto a passage travels
as ``CODE_MIME`` data holding the code's id.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt

ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: What a code dragged out of the codebook carries: its id, as ASCII digits.
CODE_MIME = "application/x-kutip-code-id"

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


def code_mime(code_id: int) -> QMimeData:
    mime = QMimeData()
    mime.setData(CODE_MIME, QByteArray(str(code_id).encode("ascii")))
    return mime


def code_from_mime(mime: QMimeData | None) -> int | None:
    """The id of the code a drag carries, or None if it carries no code."""
    if mime is None or not mime.hasFormat(CODE_MIME):
        return None
    raw = bytes(mime.data(CODE_MIME).data()).decode("ascii", "replace")
    return int(raw) if raw.isdigit() else None
