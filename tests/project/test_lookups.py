"""Lookups by id or key are one query each, and a missing row is refused as it always was.

Counted with SQLite's trace callback: every statement the connection runs while the lookup
does, so a lookup that scans a whole table (as ``case()`` once scanned ``cases()``) fails."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from kutip.errors import NotFoundError
from kutip.project import Project


@contextmanager
def statements(project: Project) -> Iterator[list[str]]:
    """The SQL statements run on the project's connection inside the block."""
    seen: list[str] = []
    project.store.conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        project.store.conn.set_trace_callback(None)


#: A lookup of a row that exists (given the seeded ids), the same of one that does not, and
#: the message the missing one raises.
Lookup = tuple[Callable[[Project, dict[str, int]], Any], Callable[[Project], Any], str]
LOOKUPS: dict[str, Lookup] = {
    "sources.get": (lambda p, i: p.sources.get(i["source"]), lambda p: p.sources.get(9999),
                    "There is no source 9999."),
    "sources.text": (lambda p, i: p.sources.text(i["source"]), lambda p: p.sources.text(9999),
                     "There is no source 9999."),
    "codes.get": (lambda p, i: p.codes.get(i["access"]), lambda p: p.codes.get(9999),
                  "There is no code 9999."),
    "codings.get": (lambda p, i: p.codings.get(i["segment"]), lambda p: p.codings.get(9999),
                    "There is no coding 9999."),
    "cases.get": (lambda p, i: p.cases.get(i["case"]), lambda p: p.cases.get(9999),
                  "There is no case 9999."),
    "cases.attribute": (lambda p, i: p.cases.attribute(i["attribute"]),
                        lambda p: p.cases.attribute(9999), "There is no attribute 9999."),
    "memos.get": (lambda p, i: p.memos.get(i["memo"]), lambda p: p.memos.get(9999),
                  "There is no memo 9999."),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(LOOKUPS))
def test_a_lookup_by_id_is_one_query(seeded: Project, ids: dict[str, int], name: str) -> None:
    found, missing, message = LOOKUPS[name]
    with statements(seeded) as seen:
        found(seeded, ids)
    assert len(seen) == 1 and seen[0].startswith("SELECT") and "WHERE" in seen[0], seen
    with statements(seeded) as seen, pytest.raises(NotFoundError, match=message):
        missing(seeded)
    assert len(seen) == 1, seen


def test_adding_a_code_reads_the_code_table_whole_at_most_once(seeded: Project) -> None:
    parent = seeded.codes.find("Teknologi").id
    with statements(seeded) as seen:
        seeded.codes.add("Baru", parent_id=parent)
    whole = [s for s in seen if "FROM codes" in s and "WHERE" not in s]
    assert len(whole) <= 1, whole  # the colours in use, to pick the next one


def test_finding_a_code_by_its_path_reads_the_codes_once(seeded: Project) -> None:
    with statements(seeded) as seen:
        found = seeded.codes.find("aksesibilitas/sinyal")
    assert found.name == "Sinyal"
    assert len([s for s in seen if "FROM codes" in s]) == 1, seen


def test_linking_a_source_to_a_case_checks_the_one_link_it_would_double(
    seeded: Project, ids: dict[str, int]
) -> None:
    with statements(seeded) as seen:
        seeded.cases.link_source(ids["case"], ids["second"])
    # (The recorder reads the inserted row back, by its id, to undo it: that is not a check.)
    reads = [s for s in seen if "FROM case_sources" in s]
    assert len(reads) == 1 and "source_id" in reads[0], reads
