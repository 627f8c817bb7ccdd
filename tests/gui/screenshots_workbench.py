"""Make docs/screenshot-window.png: the window with the sources, cases and journal docks.

    .venv/bin/python tests/gui/screenshots_workbench.py docs/

Under Xvfb with the real platform plugin (screenshot_tools.py starts it), with the settings
in a scratch folder; the demo is built there too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from screenshot_tools import real_display, scratch_settings, settle

from kutip.demo import build_demo
from kutip.gui.core.app import application
from kutip.gui.main_window import MainWindow
from kutip.gui.viewer.text_view import SourceView


def main(out: Path) -> None:
    scratch = scratch_settings()
    app = application()
    window = MainWindow()
    window.resize(1440, 900)
    window.show()
    assert window.open_project(build_demo(scratch / "demo"))
    project = window.project
    assert project is not None
    sources = {s.title: s.id for s in project.sources.all()}

    # A passage of a transcript in a case of its own, so the tree shows a part.
    window.show_source(sources["informan-02"], pin=True)
    view = window.documents.current_view()
    assert isinstance(view, SourceView)
    sentence = "Saya tinggal di sebuah desa di Tapanuli, lumayan jauh dari kota kabupaten."
    start = view.text.index(sentence)
    window.cases_dock.add_part("Desa terpencil", view.source_id, start, start + len(sentence))
    window.journal_dock.new_memo("Akses internet di desa")
    window.journal_dock.text_edit.setPlainText(
        "Informan 2 dan 4 sama-sama mengikuti kampanye dari luar Jawa, tetapi lewat platform "
        "yang berbeda. Bandingkan dengan literatur tentang kesenjangan digital (Pratama & "
        "Lestari, 2024)."
    )
    window.journal_dock.flush()
    window.journal_dock.title_edit.deselect()

    window.show_source(sources["informan-01"], pin=True)
    text = window.documents.current_view()
    assert isinstance(text, SourceView)
    text.verticalScrollBar().setValue(0)
    window.cases_dock.raise_()
    window.cases_dock.select_case(project.cases.all()[1].id, 1)
    settle(app)
    window.grab().save(str(out / "screenshot-window.png"))
    window.close()


if __name__ == "__main__":
    real_display()  # before the QApplication: the real window, under Xvfb
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
