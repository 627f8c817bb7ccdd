"""An independent computation of inter-coder agreement, one character at a time, for the tests
of ``kutip.reports.agreement`` and of merging; and the ``krippendorff`` package where installed
(a test dependency: ``pip install .[test]``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pytest

from kutip.model import Coder
from kutip.project import Project

try:  # a test dependency (pip install .[test]); the core-only environment goes without
    import krippendorff
    import numpy
except ImportError:  # pragma: no cover
    krippendorff = None
needs_package = pytest.mark.skipif(
    krippendorff is None, reason="the krippendorff package is not installed (pip install .[test])"
)


def vectors(project: Project, coder: Coder, code_id: int, source_ids: Sequence[int]) -> list[int]:
    """1 for each character of the sources that ``coder`` coded with ``code_id``, else 0."""
    values: list[int] = []
    for source_id in source_ids:
        marks = [0] * project.sources.get(source_id).text_length
        for s in project.codings.all(source_id=source_id, code_id=code_id):
            if s.coder_id == coder.id:
                for i in range(s.start, s.end):
                    marks[i] = 1
        values += marks
    return values


def kappa_by_hand(a: list[int], b: list[int]) -> float | None:
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return None if expected == 1 else (observed - expected) / (1 - expected)


def alpha_by_hand(a: list[int], b: list[int]) -> float | None:
    """Krippendorff's alpha from its coincidence matrix (each unit gives both ordered pairs)."""
    pairs: Counter[tuple[int, int]] = Counter()
    for x, y in zip(a, b, strict=True):
        pairs[(x, y)] += 1
        pairs[(y, x)] += 1
    n = 2 * len(a)
    totals = {v: pairs[(v, 0)] + pairs[(v, 1)] for v in (0, 1)}
    expected = totals[0] * totals[1] * 2 / (n * (n - 1))
    if expected == 0:
        return None
    observed = (pairs[(0, 1)] + pairs[(1, 0)]) / n
    return 1 - observed / expected


def alpha_of_package(a: list[int], b: list[int]) -> float | None:
    try:
        value = krippendorff.alpha(
            reliability_data=numpy.array([a, b], dtype=float), level_of_measurement="nominal"
        )
    except ValueError:  # "There has to be more than one value in the domain."
        return None
    return float(value)


def same(ours: float | None, theirs: float | None) -> bool:
    if ours is None or theirs is None:
        return ours is theirs
    return round(ours, 3) == round(theirs, 3)
