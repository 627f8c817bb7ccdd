"""The old import path of ``kutip.gui.core.error_dialogs``.

Kept only while export_dialog.py, importing.py and retrieval_dock.py still import this path;
they move into the role folders after the export and import work is merged, and this goes.
"""

from kutip.gui.core.error_dialogs import guarded, report

__all__ = ["guarded", "report"]
