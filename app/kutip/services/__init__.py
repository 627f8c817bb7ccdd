"""The workflows the command line and the window share.

Each module here is one workflow, assembled once over the core (``kutip.project``, ``ingest``,
``search``, ``reports``, ``interop``) so that ``kutip.cli`` and ``kutip.gui`` stay thin: they parse
arguments or show widgets, then call a service and present its result. Nothing here imports Qt.
"""
