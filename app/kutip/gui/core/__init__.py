"""The window's backbone: starting the app, the task runner, undo, error dialogs, settings,
the edit bus and what the item models share. It imports nothing else of ``kutip.gui``, but for
``app.run`` showing the main window."""
