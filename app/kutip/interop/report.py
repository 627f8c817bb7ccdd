"""What an import did: how much it created and merged, what it left out and why, and its edit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kutip.i18n import N_, _
from kutip.interop.positions import Counting
from kutip.project import Edit

#: Keys of ``InteropReport.created`` and ``InteropReport.merged``.
SOURCES = "sources"
CODES = "codes"
CODINGS = "codings"
CASES = "cases"
CASE_LINKS = "case links"
ATTRIBUTES = "attributes"
VALUES = "values"
MEMOS = "memos"
CODERS = "coders"
REFERENCES = "references"

_LABELS = {
    SOURCES: N_("sources"),
    CODES: N_("codes"),
    CODINGS: N_("codings"),
    CASES: N_("cases"),
    CASE_LINKS: N_("sources in cases"),
    ATTRIBUTES: N_("attributes"),
    VALUES: N_("attribute values"),
    MEMOS: N_("memos"),
    CODERS: N_("coders"),
    REFERENCES: N_("references"),
}


@dataclass
class InteropReport:
    """The outcome of importing one exchange file.

    ``created`` counts new records by kind (the keys above); ``merged`` counts records of the
    file found already in the project (same GUID, or same name where names identify). Every
    warning names the file and the element it is about. ``edit`` is the whole import as one
    undo step (None when nothing was written).
    """

    file: str
    created: Counter[str] = field(default_factory=Counter)
    merged: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    #: How the file counted text positions (None: it has no text selections).
    counting: Counting | None = None
    edit: Edit[Any] | None = None

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def summary(self) -> list[str]:
        """Lines for the user: what was created and merged, then the warnings."""
        lines = []
        created = ", ".join(f"{n} {_(_LABELS[k])}" for k, n in self.created.items() if n)
        merged = ", ".join(f"{n} {_(_LABELS[k])}" for k, n in self.merged.items() if n)
        lines.append(
            _("{file}: imported {what}.").format(file=self.file, what=created or _("nothing new"))
        )
        if merged:
            lines.append(_("Already in the project, merged: {what}.").format(what=merged))
        if self.counting is not None and self.counting is not Counting.CODE_POINTS:
            lines.append(
                _("Text positions were counted in {counting}; converted.").format(
                    counting=self.counting.describe()
                )
            )
        return lines + self.warnings
