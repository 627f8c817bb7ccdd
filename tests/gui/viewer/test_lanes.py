"""The stripes' lane rules, shared by the text's margin and the PDF pages' margins."""

from __future__ import annotations

from kutip.gui.viewer.highlights import Highlight
from kutip.gui.viewer.lanes import Bar, LaneRules, innermost, label_room, span


def coding(segment: int, start: int, end: int, code: int, coder: int, name: str) -> Highlight:
    return Highlight(
        segment, start, end, code, f"code {code}", "#123456", "", rank=code, coder_id=coder,
        coder_name=name,
    )  # fmt: skip


CODINGS = [
    coding(1, 0, 10, 2, 1, "Alice"),
    coding(2, 5, 40, 1, 2, "Bob"),
    coding(3, 50, 60, 2, 2, "Bob"),
]


def rows(highlight: Highlight) -> tuple[float, float]:
    return float(highlight.start), float(highlight.end)


def test_a_lane_per_code_in_codebook_order_or_per_code_and_coder() -> None:
    assert [lane.name for lane in LaneRules().lanes(CODINGS)] == ["code 1", "code 2"]
    side = LaneRules(side_by_side=True)
    assert [lane.name for lane in side.lanes(CODINGS)] == [
        "code 1 · Bob", "code 2 · Alice", "code 2 · Bob",
    ]  # fmt: skip
    only_alice = LaneRules(only_coder=1)
    assert [lane.name for lane in only_alice.lanes(CODINGS)] == ["code 2"]
    assert [
        b.highlight.segment_id for b in only_alice.bars(CODINGS, only_alice.lanes(CODINGS), rows)
    ] == [1]


def test_bars_are_longest_first_in_their_codes_lane_and_unplaced_ones_left_out() -> None:
    rules = LaneRules()
    lanes = rules.lanes(CODINGS)
    bars = rules.bars(CODINGS, lanes, rows)
    assert [(b.highlight.segment_id, b.lane) for b in bars] == [(2, 0), (1, 1), (3, 1)]
    assert rules.bars(CODINGS, lanes, lambda h: None if h.segment_id == 2 else rows(h)) == bars[1:]
    assert span([(5.0, 9.0), (1.0, 4.0)]) == (1.0, 9.0)
    assert span([]) is None


def test_a_name_runs_down_its_lane_until_the_next_bar_or_the_limit() -> None:
    first = Bar(CODINGS[0], 0, 0.0, 10.0)
    second = Bar(CODINGS[2], 0, 100.0, 110.0)
    other_lane = Bar(CODINGS[1], 1, 20.0, 30.0)
    bars = [first, second, other_lane]
    assert label_room(first, bars) == 100 - 4 - 2
    assert label_room(second, bars) == 400 - 2
    assert label_room(second, bars, limit=150.0) == 50 - 2
    assert innermost([Bar(CODINGS[0], 0, 0.0, 50.0), first]) == first
    assert innermost([]) is None
