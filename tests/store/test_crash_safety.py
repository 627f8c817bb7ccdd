"""A process killed in the middle of a batch of codings leaves a sound project."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from kutip.cli import main
from kutip.project import Project
from kutip_testing import text_draft


def test_kill_9_during_1000_codings_keeps_every_committed_coding(
    tmp_path: Path, capsys: object
) -> None:
    path = tmp_path / "batch.kutip"
    with Project.create(path) as project:
        source = project.sources.add(text_draft("kata " * 2000)).value
    script = textwrap.dedent(
        f"""
        from kutip.project import Project
        project = Project.open({str(path)!r})
        code = project.codes.find("Konten").id
        for i in range(1000):
            edit = project.codings.apply({source}, i, i + 5, code, memo=str(i))
            print(edit.value, i, flush=True)  # printed only after the commit
        """
    )
    worker = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert worker.stdout is not None
    confirmed: dict[int, int] = {}
    for line in worker.stdout:
        segment_id, index = map(int, line.split())
        confirmed[segment_id] = index
        if len(confirmed) == 300:
            os.kill(worker.pid, signal.SIGKILL)
            break
    worker.wait()
    worker.stdout.close()
    assert worker.returncode == -signal.SIGKILL

    assert main(["check", str(path)]) == 0
    with Project.open(path) as project:
        stored = {s.id: s for s in project.codings.all()}
        assert 300 <= len(stored) < 1000
        for segment_id, index in confirmed.items():
            assert (stored[segment_id].start, stored[segment_id].memo) == (index, str(index))
