"""The SQLite project file: schema and migrations, opening and locking, recorded writes."""

from kutip.store.changes import ConflictError, Recorder, RowChange
from kutip.store.database import Store

__all__ = ["ConflictError", "Recorder", "RowChange", "Store"]
