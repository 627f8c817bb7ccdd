"""Commands that code and search: code, code-add, case, memo, search, reindex, autocode."""

from __future__ import annotations

import argparse
import sys

from kutip.cli.output import (
    TerminalProgress,
    around_first_mark,
    coder,
    find_source,
    one_line,
    print_json,
    print_table,
    say_if_cut,
)
from kutip.errors import ValidationError
from kutip.i18n import _, ngettext
from kutip.model import AttributeScope, AttributeType
from kutip.project import Project


def cmd_search(args: argparse.Namespace) -> int:
    from kutip.search import SearchIndex

    with Project.open(args.file, read_only=True) as project:
        in_code = project.codes.find(args.code).id if args.code else None
        with SearchIndex(project, watch=False) as index:
            index.open(TerminalProgress())
            results = index.search(
                args.query, exact=args.exact, limit=args.limit, in_code=in_code,
                uncoded=args.uncoded,
            )  # fmt: skip
    if args.json:
        print_json(results.to_dict())
        return 0
    for hit in results.hits:
        print(f"{hit.source_title}  {hit.location}  ({hit.score:.2f})")
        print(f"    {around_first_mark(hit.snippet.marked(), 160)}")
    print(
        ngettext("{n} passage matches.", "{n} passages match.", results.total).format(
            n=results.total
        )
    )
    say_if_cut(len(results.hits), results.total)
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    from kutip.search import SearchIndex

    with (
        Project.open(args.file, read_only=True) as project,
        SearchIndex(project, watch=False) as index,
    ):
        index.rebuild(TerminalProgress())
        print(_("The search index of {name} is rebuilt.").format(name=args.file.name))
    return 0


def cmd_autocode(args: argparse.Namespace) -> int:
    from kutip.search import SearchIndex, apply_autocode, plan_autocode

    with Project.open(args.file, read_only=args.dry_run, coder=coder(args)) as project:
        code = project.codes.find(args.code)
        with SearchIndex(project, watch=False) as index:
            index.open(TerminalProgress())
            results = index.search(args.query, exact=args.exact, limit=args.limit)
        plan = plan_autocode(project, results.hits, code.id, args.scope)
        print(plan.summary())
        if len(results.hits) < results.total:  # the hits past --limit are not coded
            message = _(
                "Only the first {shown} of {total} hits are taken — use --limit to take more."
            )
            print(message.format(shown=len(results.hits), total=results.total), file=sys.stderr)
        if args.dry_run and plan.ranges:  # what would be coded, to check before coding it
            titles = {s.id: s.title for s in project.sources.all()}
            texts = {i: project.sources.text(i) for i in {r.source_id for r in plan.ranges}}
            print_table(
                [
                    (
                        titles[r.source_id],
                        f"{r.start}–{r.end}",
                        one_line(texts[r.source_id][r.start : r.end]),
                    )
                    for r in plan.ranges
                ],
                [_("source"), _("range"), _("text")],
            )
        if not args.dry_run and plan.ranges:
            edit = apply_autocode(project, plan)
            print(
                ngettext("Coded {n} passage.", "Coded {n} passages.", len(edit.value)).format(
                    n=len(edit.value)
                )
            )
    return 0


def cmd_code(args: argparse.Namespace) -> int:
    with Project.open(args.file, coder=coder(args)) as project:
        code = project.codes.find(args.code)
        source_id = find_source(project, args.source)
        coded = project.codings.code(source_id, args.start, args.end, code.id, memo=args.memo).value
        segment = project.codings.get(coded.segment_id)
        text = project.codings.text(segment)
    if args.json:
        print_json(
            {
                "id": segment.id, "guid": segment.guid, "code": code.name, "text": text,
                "start": segment.start, "end": segment.end, "joined": coded.joined,
            }
        )  # fmt: skip
    elif coded.joined:
        print(
            ngettext(
                "Coded '{code}': joined with {n} coding of yours into coding {id}: {text}",
                "Coded '{code}': joined with {n} codings of yours into coding {id}: {text}",
                coded.joined,
            ).format(code=code.name, n=coded.joined, id=segment.id, text=one_line(text))
        )
    else:
        print(
            _("Coded '{code}' (coding {id}): {text}").format(
                code=code.name, id=segment.id, text=one_line(text)
            )
        )
    return 0


def cmd_code_add(args: argparse.Namespace) -> int:
    with Project.open(args.file, coder=coder(args)) as project:
        parent = project.codes.find(args.parent) if args.parent else None
        code_id = project.codes.add(
            args.name,
            parent_id=None if parent is None else parent.id,
            color=args.color,
            definition=args.description,
        ).value
        code = project.codes.get(code_id)
    if args.json:
        print_json(
            {
                "id": code.id, "guid": code.guid, "name": code.name, "color": code.color,
                "parent": None if parent is None else parent.name, "description": code.definition,
            }
        )  # fmt: skip
    else:
        print(_("Added the code '{name}' (code {id}).").format(name=code.name, id=code.id))
    return 0


def cmd_case(args: argparse.Namespace) -> int:
    settings: list[tuple[str, str]] = []
    for setting in args.set:
        name, sep, value = setting.partition("=")
        if not sep or not name.strip():
            raise ValidationError(
                _("{setting} is not ATTRIBUTE=VALUE, e.g. usia=19.").format(setting=setting)
            )
        settings.append((name.strip(), value.strip()))
    with Project.open(args.file, coder=coder(args)) as project:
        existing = project.cases.find(args.name)
        sources = [find_source(project, s) for s in args.source]

        def steps() -> int:
            case_id = existing.id if existing else project.cases.add(args.name).value
            linked = {link.source_id for link in project.cases.links(case_id)}
            for source_id in sources:
                if source_id not in linked:
                    project.cases.link_source(case_id, source_id)
                    linked.add(source_id)
            for name, value in settings:
                attribute = project.cases.find_attribute(name, AttributeScope.CASE)
                attribute_id = (
                    project.cases.add_attribute(name, AttributeType.TEXT).value
                    if attribute is None
                    else attribute.id
                )
                project.cases.set_attribute_value(attribute_id, case_id, value)
            return case_id

        label = _("Case '{name}'").format(name=args.name.strip())
        case_id = project.compose(label, steps).value
        case = project.cases.get(case_id)
        linked_ids = sorted({link.source_id for link in project.cases.links(case_id)})
        values = project.cases.attribute_values(case_id, AttributeScope.CASE)
    if args.json:
        print_json(
            {
                "id": case.id, "guid": case.guid, "name": case.name, "new": existing is None,
                "sources": linked_ids, "attributes": values,
            }
        )  # fmt: skip
    else:
        message = (
            _("Made the case '{name}' (case {id}).")
            if existing is None
            else _("Updated the case '{name}' (case {id}).")
        )
        print(message.format(name=case.name, id=case.id))
    return 0


def cmd_memo(args: argparse.Namespace) -> int:
    with Project.open(args.file, coder=coder(args)) as project:
        memo = project.memos.get(project.memos.add(args.title, args.text).value)
    if args.json:
        print_json({"id": memo.id, "guid": memo.guid, "title": memo.title, "text": memo.text})
    else:
        print(_("Added the memo '{title}' (memo {id}).").format(title=memo.title, id=memo.id))
    return 0
