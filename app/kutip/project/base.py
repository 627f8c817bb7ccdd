"""What the session and every manager share: the ``Edit`` an operation returns, and the checks
of names, colours, ids, GUIDs and ranges that refuse bad input before anything is written."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar

from kutip.errors import ValidationError
from kutip.i18n import _
from kutip.model import AttributeType
from kutip.store import RowChange
from kutip.store.values import fits_sqlite_integer

T = TypeVar("T")

#: Colours for new codes, in order; readable as translucent highlights on white.
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5",
)  # fmt: skip

#: Colours of coders, in the order they join a project: apart from each other side by side.
CODER_COLORS = (
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
)  # fmt: skip


@dataclass(frozen=True)
class Edit(Generic[T]):
    """What one operation did: its result, its name for the undo menu, and the rows it changed."""

    label: str
    value: T
    changes: tuple[RowChange, ...]
    #: Its entry in the project's undo history (``kutip.store.edit_log``), if it changed rows.
    log_id: int | None = None

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(change.table for change in self.changes)


Listener = Callable[[Edit[Any]], None]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_guid() -> str:
    return str(uuid.uuid4())


def required_name(value: str, what: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise ValidationError(_("The {what} needs a name.").format(what=what))
    return name


def color(value: str) -> str:
    text = value.strip().lower()
    if len(text) != 7 or text[0] != "#" or any(c not in "0123456789abcdef" for c in text[1:]):
        raise ValidationError(
            _("{value} is not a colour; write it as #rrggbb, e.g. #1f77b4.").format(value=value)
        )
    return text


def typed_id(reference: str) -> int | None:
    """The id in what a user typed ("12"), or None when it is not one: not plain digits
    (``²`` is a digit to Python, but no number), or more than a project can hold."""
    reference = reference.strip()
    if not (reference.isascii() and reference.isdigit() and len(reference) <= 19):
        return None
    number = int(reference)
    return number if fits_sqlite_integer(number) else None


def normalise_guid(value: str) -> str:
    """GUIDs arrive in any case, with or without braces; they are stored lower-case, bare."""
    return value.strip().strip("{}").lower()


GUID_SHAPE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def check_inside(start: int, end: int, length: int, *, allow_empty: bool = False) -> None:
    if not (0 <= start <= end <= length) or (start == end and not allow_empty):
        raise ValidationError(
            _("The range {start}–{end} is not inside the text (0–{length}).").format(
                start=start, end=end, length=length
            )
        )


def parse_attribute_value(kind: AttributeType, value: object) -> str:
    """The stored text form of an attribute value, or ``ValidationError`` if it is not one."""
    text = str(value).strip()
    try:
        if kind is AttributeType.INTEGER:
            if isinstance(value, bool):
                raise ValueError
            return str(int(text))
        if kind is AttributeType.FLOAT:
            return repr(float(text))
        if kind is AttributeType.BOOLEAN:
            if isinstance(value, bool):
                return "true" if value else "false"
            lowered = text.lower()
            if lowered in {"true", "yes", "ya", "1"}:
                return "true"
            if lowered in {"false", "no", "tidak", "0"}:
                return "false"
            raise ValueError
        if kind is AttributeType.DATE:
            return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValidationError(
            _("{value!r} is not a valid {kind} value.").format(value=value, kind=kind.value)
        ) from None
    return str(value)
