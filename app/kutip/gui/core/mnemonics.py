"""Text of the user's (a code's, case's, coder's or reference's name) shown on a button, an
action or a tab, where Qt reads "&" as a shortcut mark: "Regulasi & Kebijakan" would show as
"Regulasi _Kebijakan" and take Alt+K. Doubling the ampersand shows it as typed."""

from __future__ import annotations


def literal(text: str) -> str:
    """``text`` to show as typed on a widget that reads "&" as a shortcut mark."""
    return text.replace("&", "&&")
