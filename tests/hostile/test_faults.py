"""Imports, autocodes and exports killed (SIGKILL) at chosen points of their work: nothing
committed before is lost, ``kutip check`` is clean, the lock is free for the next writer, and an
export's file is whole or not there. tests/benchmarks/bench_faults.py runs many more, at random
points; test_upgrades.py kills upgrades."""

from __future__ import annotations

from pathlib import Path

import pytest

from fault_testing import child_env, copy_project, kill_and_look, trace_points


def chosen_points(trace: list[str], marker: str) -> list[int]:
    """Three points to kill at: a third of the way through, at the last step starting with
    ``marker`` (a commit, the rename that publishes an export), and just before the end."""
    marked = [i for i, what in enumerate(trace, 1) if what.startswith(marker)]
    assert marked, marker
    return sorted({max(1, len(trace) // 3), marked[-1], len(trace) - 1})


@pytest.fixture
def documents(tmp_path: Path) -> list[Path]:
    paths = []
    for n in range(3):
        path = tmp_path / f"wawancara-{n}.txt"
        path.write_text(f"Wawancara {n}: " + "Saya cek hoaks dulu sebelum membagikan. " * 300)
        paths.append(path)
    return paths


@pytest.mark.slow
@pytest.mark.parametrize("operation", ["import", "autocode", "export"])
def test_a_command_killed_at_any_point_loses_nothing_and_frees_the_lock(
    coded_project: Path, tmp_path: Path, cache_dir: Path, documents: list[Path], operation: str
) -> None:
    project = tmp_path / "work" / "coded.kutip"
    project.parent.mkdir()
    output = tmp_path / "laporan.docx"
    argv = {
        "import": ["import", str(project), *map(str, documents)],
        "autocode": ["autocode", str(project), "hoaks", "--code", "Konten"],
        "export": ["export", str(project), "--format", "docx", "--no-charts", "-o", str(output)],
    }[operation]
    env = child_env(cache_dir)
    copy_project(coded_project, project)
    # The search index is built first, so every run finds it and does the same steps.
    assert trace_points(["reindex", str(project)], env)
    trace = trace_points(argv, env)
    for point in chosen_points(trace, "os.replace" if operation == "export" else "COMMIT"):
        outcome = kill_and_look(coded_project, project, argv, point, env, output)
        assert outcome.killed, (operation, point, trace[point - 1])
        assert outcome.sound, (operation, point, trace[point - 1], outcome)
