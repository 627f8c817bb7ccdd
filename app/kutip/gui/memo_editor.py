"""The old import path of ``kutip.gui.coding.memo_editor``.

Kept only while retrieval_dock.py still imports this path; it moves into the role folders after
the export work is merged, and this goes.
"""

from kutip.gui.coding.memo_editor import MemoEditor

__all__ = ["MemoEditor"]
