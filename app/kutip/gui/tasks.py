"""The old import path of ``kutip.gui.core.tasks``.

Kept only while export_dialog.py, importing.py and retrieval_dock.py still import this path;
they move into the role folders after the export and import work is merged, and this goes.
"""

from kutip.gui.core.tasks import Task, TaskRunner, show_progress

__all__ = ["Task", "TaskRunner", "show_progress"]
