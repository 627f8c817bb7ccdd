"""Inter-coder agreement, as the CLI and the window ask for it.

``agreement(project, "Alice", "Bob", codes=[…], sources=[…])`` resolves names (codes by name,
path or GUID, with their subcodes; sources by id or title; coders by name) and computes the
agreement (``kutip.reports.agreement``). ``accept_version`` settles one disagreement: the codings
of one coder in the passage become the other coder's, as one undoable edit.
"""

from __future__ import annotations

from collections.abc import Sequence

from kutip.errors import NotFoundError, ValidationError
from kutip.i18n import _
from kutip.model import Coder
from kutip.project import Edit, Project, typed_id
from kutip.reports.agreement import DEFAULT_THRESHOLD, Agreement, Disagreement, compute_agreement
from kutip.reports.selection import resolve_codes

__all__ = [
    "DEFAULT_THRESHOLD",
    "Agreement",
    "Disagreement",
    "accept_version",
    "agreement",
    "resolve_sources",
]


def resolve_sources(project: Project, references: Sequence[str]) -> tuple[int, ...]:
    """Source ids for ids or titles (ignoring case); ``NotFoundError`` naming an unknown one."""
    sources = project.sources.all()
    found: list[int] = []
    for reference in references:
        source_id = typed_id(reference)
        matches = (
            [s.id for s in sources if s.id == source_id]
            if source_id is not None
            else [s.id for s in sources if s.title.casefold() == reference.strip().casefold()]
        )
        if not matches:
            raise NotFoundError(_("There is no source called {name}.").format(name=reference))
        if len(matches) > 1:
            raise ValidationError(
                _("Several sources are called {name}; give its id.").format(name=reference)
            )
        found.append(matches[0])
    return tuple(dict.fromkeys(found))


def agreement(
    project: Project,
    coder_a: str,
    coder_b: str,
    *,
    codes: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> Agreement:
    """The agreement of two coders, named as the user names them."""
    first, second = project.coders.named(coder_a), project.coders.named(coder_b)
    return compute_agreement(
        project,
        first,
        second,
        code_ids=resolve_codes(project, codes) if codes else None,
        source_ids=resolve_sources(project, sources) if sources else None,
        threshold=threshold,
    )


def accept_version(
    project: Project, result: Agreement, disagreement: Disagreement, winner: Coder
) -> Edit[int]:
    """Settle a disagreement of ``result`` with ``winner``'s version (one of its two coders):
    the other coder's codings in the passage that the winner does not have go, and the winner's
    that the other lacks are added as the other's (made now, without the winner's memos). One
    undo step; returns how many codings changed."""
    if winner.id == result.coder_a.id:
        loser, keep, drop = result.coder_b, disagreement.a, disagreement.b
    elif winner.id == result.coder_b.id:
        loser, keep, drop = result.coder_a, disagreement.b, disagreement.a
    else:
        raise ValidationError(
            _("{name} is not one of the two coders compared.").format(name=winner.name)
        )
    wanted = {(s.start, s.end) for s in keep}
    had = {(s.start, s.end) for s in drop}
    code = project.codes.get(disagreement.code_id)

    def steps() -> int:
        changed = 0
        for segment in drop:
            if (segment.start, segment.end) not in wanted:
                project.codings.remove(segment.id)
                changed += 1
        for start, end in sorted(wanted - had):
            project.codings.apply(
                disagreement.source_id, start, end, disagreement.code_id, coder_id=loser.id
            )
            changed += 1
        return changed

    return project.compose(
        _("Accept {winner}'s coding of '{code}' for {loser}").format(
            winner=winner.name, code=code.name, loser=loser.name
        ),
        steps,
    )
