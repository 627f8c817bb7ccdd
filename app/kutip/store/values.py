"""Numbers on their way into SQLite: one it cannot hold is refused with a message.

An SQLite INTEGER is a signed 64-bit number. Python's sqlite3 raises ``OverflowError`` when
asked to bind a larger one, and such numbers come straight from users: an id typed on the
command line (``kutip show p.kutip 99999999999999999999``), a position in an imported file.
Every statement the store runs binds its values through here, so that whatever path a number
takes, the user gets one sentence instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kutip.errors import ValidationError
from kutip.i18n import _

SQLITE_INTEGER_MIN = -(2**63)
SQLITE_INTEGER_MAX = 2**63 - 1
#: Digits of a refused number shown in the message (it may have thousands).
_SHOWN_DIGITS = 30


def fits_sqlite_integer(value: int) -> bool:
    return SQLITE_INTEGER_MIN <= value <= SQLITE_INTEGER_MAX


def bindable(params: Iterable[Any]) -> list[Any]:
    """``params`` as a list, or ``ValidationError`` naming the first number out of range."""
    values = list(params)
    for value in values:
        if isinstance(value, int) and not fits_sqlite_integer(value):
            shown = str(value) if value.bit_length() < 128 else f"{str(value)[:_SHOWN_DIGITS]}…"
            raise ValidationError(
                _(
                    "The number {number} is out of range: a project holds whole numbers from "
                    "{lowest} to {highest}."
                ).format(number=shown, lowest=SQLITE_INTEGER_MIN, highest=SQLITE_INTEGER_MAX)
            )
    return values
