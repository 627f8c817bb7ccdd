"""The old import path of ``ID_ROLE`` (now in ``kutip.gui.core.items``).

Kept only while retrieval_model.py still imports this path; it moves into the role folders after
the export work is merged, and this goes. The item models are in ``kutip.gui.docks``.
"""

from kutip.gui.core.items import ID_ROLE

__all__ = ["ID_ROLE"]
