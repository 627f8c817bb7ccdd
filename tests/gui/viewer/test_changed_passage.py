"""Which passage an undone or redone step shows: per source, the first coding it added, removed
or moved (a moved coding's old and new range together)."""

from __future__ import annotations

from pathlib import Path

from kutip.gui.viewer.highlights import changed_passage
from kutip.project import Project
from kutip.services.importing import import_paths


def test_the_changed_passage_of_codings_added_moved_and_removed(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Satu dua tiga empat lima enam tujuh.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Delapan sembilan sepuluh.\n", encoding="utf-8")
    with Project.create(tmp_path / "p.kutip") as project:
        import_paths(project, [tmp_path / "a.txt", tmp_path / "b.txt"])
        a, b = (s.id for s in sorted(project.sources.all(), key=lambda s: s.title))
        code = project.codes.add("Angka").value
        added = project.codings.apply(a, 10, 14, code)
        assert changed_passage([added]) == {a: (10, 14)}
        segment = project.codings.all(source_id=a)[0]
        moved = project.codings.set_range(segment.id, 5, 20)
        assert changed_passage([moved]) == {a: (5, 20)}
        second = project.codings.apply(a, 25, 29, code)
        other = project.codings.apply(b, 0, 7, code)
        # The first passage per source; a code's rename changes no passage.
        renamed = project.codes.rename(code, "Bilangan")
        assert changed_passage([second, other, moved, renamed]) == {a: (5, 20), b: (0, 7)}
        removed = project.codings.remove(segment.id)
        assert changed_passage([removed]) == {a: (5, 20)}
        assert changed_passage([renamed]) == {}
