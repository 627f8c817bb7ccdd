"""The one rule for a source's role: literature, case material or other."""

from __future__ import annotations

import pytest

from kutip.model import Source, SourceKind, SourceRole, source_role


def source(kind: SourceKind) -> Source:
    return Source(
        id=1,
        guid="g",
        kind=kind,
        title="t",
        file_sha256=None,
        language=None,
        bib_key=None,
        memo="",
        imported_at="",
        imported_by=None,
        text_length=0,
    )


PDF, TEXT = SourceKind.PDF, SourceKind.TEXT
LITERATURE, CASE, OTHER = SourceRole.LITERATURE, SourceRole.CASE, SourceRole.OTHER


@pytest.mark.parametrize(
    ("kind", "referenced", "in_case", "has_turns", "role"),
    [
        # A reference decides, whatever else holds.
        (PDF, True, False, False, LITERATURE),
        (TEXT, True, False, False, LITERATURE),
        (TEXT, True, True, True, LITERATURE),
        (PDF, True, True, False, LITERATURE),
        # Then a case or speaker turns: case material, a PDF too.
        (TEXT, False, False, True, CASE),
        (TEXT, False, True, False, CASE),
        (PDF, False, True, False, CASE),
        (PDF, False, False, True, CASE),
        # Then a PDF is literature not yet linked to its reference.
        (PDF, False, False, False, LITERATURE),
        # Anything else is other.
        (TEXT, False, False, False, OTHER),
    ],
)
def test_the_first_rule_that_applies_decides(
    kind: SourceKind, referenced: bool, in_case: bool, has_turns: bool, role: SourceRole
) -> None:
    found = source_role(source(kind), referenced=referenced, in_case=in_case, has_turns=has_turns)
    assert found is role


def test_turns_are_read_only_when_the_rule_needs_them() -> None:
    asked: list[bool] = []

    def has_turns() -> bool:
        asked.append(True)
        return True

    assert source_role(source(TEXT), referenced=True, in_case=False, has_turns=has_turns) is (
        LITERATURE
    )
    assert source_role(source(TEXT), referenced=False, in_case=True, has_turns=has_turns) is CASE
    assert asked == []
    assert source_role(source(TEXT), referenced=False, in_case=False, has_turns=has_turns) is (CASE)
    assert asked == [True]
