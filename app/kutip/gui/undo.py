"""The old import path of ``kutip.gui.core.undo``.

Kept only while importing.py and retrieval_dock.py still import this path;
they move into the role folders after the export and import work is merged, and this goes.
"""

from kutip.gui.core.undo import push_edit, push_edits

__all__ = ["push_edit", "push_edits"]
