"""Make docs/screenshot-retrieval.png and docs/screenshot-export.png from the demo project.

    .venv/bin/python tests/gui/screenshots_retrieval_export.py docs/

Under Xvfb with the real platform plugin (screenshot_tools.py starts it), with the settings
in a scratch folder; the demo is built there too. The retrieval
dock sits in a bare main window (the window wires it in on its own).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
from screenshot_tools import real_display, scratch_settings, settle

from kutip.demo import build_demo
from kutip.gui.core.edit_bus import EditBus
from kutip.gui.core.tasks import TaskRunner
from kutip.gui.dialogs.export_dialog import ExportDialog
from kutip.gui.docks.retrieval_dock import RetrievalDock
from kutip.project import Project
from kutip.reports.retrieval import CombineMode


def main(out: Path) -> None:
    scratch = scratch_settings()
    app = QApplication.instance() or QApplication(sys.argv)
    project = Project.open(build_demo(scratch / "demo"))
    window = QMainWindow()
    window.setWindowTitle("Kutip")
    runner = TaskRunner(window)
    central = QLabel("")
    window.setCentralWidget(central)
    edits = EditBus(window)
    dock = RetrievalDock(window, runner, QUndoStack(window), edits)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.resize(1280, 440)
    window.show()
    edits.set_project(project)
    dock.set_project(project)
    names = ("Kredibilitas", "Teknologi", "Interaksi Sosial", "Aksesibilitas")
    dock.set_mode(CombineMode.ANY)
    dock.set_codes([project.codes.find(name).id for name in names])
    settle(app)
    window.resizeDocks([dock], [400], Qt.Orientation.Vertical)
    settle(app)
    dock.view.setCurrentIndex(dock.model.index(1, 0))
    settle(app, 0.3)
    dock.grab().save(str(out / "screenshot-retrieval.png"))

    dialog = ExportDialog(window, project, runner)
    dialog.set_format("docx")
    # A user's folder, not the scratch one (nothing is written).
    dialog.set_output_path(Path("/home/rina/Documents/kutip-demo.docx"))
    dialog.set_checked_codes([project.codes.find(n).id for n in ("Kredibilitas", "Teknologi")])
    dialog.show()
    dialog.update_preview()
    settle(app, 1.5)
    dialog.grab().save(str(out / "screenshot-export.png"))
    dialog.close()
    dock.set_project(None)
    edits.set_project(None)
    runner.shutdown()
    project.close()


if __name__ == "__main__":
    real_display()  # before the QApplication: the real window, under Xvfb
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))
