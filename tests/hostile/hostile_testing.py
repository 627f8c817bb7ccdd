"""What the hostile tests share: sample texts, and what a command said."""

from __future__ import annotations

from dataclasses import dataclass

INTERVIEW = (
    "Saya membaca berita dari grup WhatsApp keluarga. Kadang beritanya hoaks, jadi saya cek "
    "dulu ke situs resmi sebelum membagikannya.\n\n"
) * 20
ARTICLE = ("Partisipasi warga dalam diskusi daring meningkat selama kampanye politik. ") * 40


@dataclass(frozen=True)
class Answer:
    """What a ``kutip`` command said and returned."""

    status: int
    out: str
    err: str

    def sentence(self) -> str:
        """The one line the command wrote on stderr (asserting it is one, and no traceback)."""
        lines = [line for line in self.err.splitlines() if line.strip()]
        assert len(lines) == 1, self.err
        assert "Traceback" not in self.err
        return lines[0]
