"""Spacing accents composed with the letter they are drawn over, decided on the characters'
boxes alone (kutip.ingest.pdf.linetext.clean_line), with boxes made up here to the point."""

from __future__ import annotations

from kutip.ingest.pdf.linetext import clean_line, may_compose
from kutip.model import FIRST_TEXT_RULES

Box = tuple[float, float, float, float]


def row(*spans: tuple[float, float]) -> list[Box]:
    """Boxes on one line, 10 points high, from (x0, x1) pairs."""
    return [(x0, 0.0, x1, 10.0) for x0, x1 in spans]


def test_an_accent_over_a_letter_becomes_one_letter_with_both_boxes() -> None:
    text, boxes = clean_line("B\u00a8o", row((0, 6), (6.5, 11.5), (6, 12)))
    assert text == "Bö"
    assert boxes == row((0, 6), (6, 12))


def test_two_accents_over_one_letter_and_one_under_another() -> None:
    # ˆ and ´ over e (Vietnamese ế), then c with a cedilla under it drawn after it.
    text, boxes = clean_line(
        "\u02c6\u00b4ec\u00b8", [(1, -3, 5, 7), (1, -3, 5, 7), (0, 0, 6, 10), (6, 0, 11, 10),
                                 (7, 2, 10, 13)]
    )  # fmt: skip
    assert text == "\u1ebf\u00e7"
    assert boxes == [(0, -3, 6, 10), (6, 0, 11, 13)]


def test_an_accent_goes_to_the_letter_it_overlaps_most() -> None:
    # The acute overlaps the t a little and the e almost wholly.
    text, _boxes = clean_line("t\u00b4e", row((0, 4), (3.5, 9), (4, 10)))
    assert text == "té"


def test_an_accent_barely_over_a_letter_or_a_line_away_stays() -> None:
    assert clean_line("n\u00b4t", row((0, 6), (6, 10), (10, 14)))[0] == "n\u00b4t"  # beside
    # A kerned acute overlapping a letter by less than half the narrower box.
    assert clean_line("n\u00b4", row((0, 6), (5, 9)))[0] == "n\u00b4"
    # Over the letter's x but a whole line above it.
    assert clean_line("\u00b4o", [(0, -30, 6, -20), (0, 0, 6, 10)])[0] == "\u00b4o"


def test_a_dotless_i_under_an_accent_is_an_i() -> None:
    assert clean_line("\u0131\u00b4", row((0, 3), (-1, 4)))[0] == "í"
    assert clean_line("\u0237\u02c7", row((0, 3), (-1, 4)))[0] == "ǰ"
    assert clean_line("\u0131", row((0, 3)))[0] == "\u0131"  # a Turkish ı stays


def test_rules_1_and_text_without_boxes_compose_nothing() -> None:
    assert clean_line("\u00a8o", row((0, 6), (0, 6)), FIRST_TEXT_RULES)[0] == "\u00a8o"
    assert clean_line("\u00a8o", None)[0] == "\u00a8o"


def test_only_an_accent_next_to_a_letter_may_compose() -> None:
    assert may_compose("Br\u00a8oker") and may_compose("x^2") and may_compose("o~~~~")
    assert not may_compose("~/data ^ 2 ` ' \u00b4\u00b4") and not may_compose("Bröker")
