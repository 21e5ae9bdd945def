"""CLI: find and replace in translations (`workbench replace`), with a preview (--dry-run)
and an undo of the last replace as one step (--undo)."""

from __future__ import annotations

import argparse

from workbench.cli.common import open_from_args, record_id

SHOW_CHANGES = 200  # preview lines printed (the count says how many there are)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """replace."""
    p = sub.add_parser("replace", help="replace text in the translations of a language, "
                                       "folded matching (ی/ي, ک/ك, ZWNJ, digits, case); "
                                       "locked segments are never changed")
    p.add_argument("find", nargs="?", metavar="FIND", help="the text to find")
    p.add_argument("replacement", nargs="?", metavar="REPLACE", help="what replaces it")
    p.add_argument("--to", metavar="LANG", required=True, help="target language, e.g. fa")
    p.add_argument("--doc", type=record_id, metavar="ID",
                   help="only this document (default: every document)")
    p.add_argument("--dry-run", action="store_true",
                   help="list the changes (before → after) and change nothing")
    p.add_argument("--whole-word", action="store_true", help="match whole words only")
    p.add_argument("--case-sensitive", action="store_true",
                   help="case must match (letters and digits are still folded)")
    p.add_argument("--undo", action="store_true",
                   help="undo the last replace in LANG (segments edited since are kept)")
    p.set_defaults(func=cmd_replace)


def cmd_replace(args: argparse.Namespace) -> int:
    from workbench.errors import InputError
    from workbench.replace import Query, apply, describe, plan, undo_last
    from workbench.text.display import for_display

    project = open_from_args(args)
    if args.undo:
        restored, kept = undo_last(project, args.to)
        print(f"undid the last replace in {len(restored)} segment(s) [{args.to}]"
              + (f"; {kept} edited or locked since, kept as they are" if kept else ""))
        return 0
    if args.find is None or args.replacement is None:
        raise InputError("replace needs FIND and REPLACE", hint='e.g. workbench replace '
                         '"Tirana" "Tiranë" --to sq --dry-run (or --undo)')
    query = Query(args.find, whole_word=args.whole_word, case_sensitive=args.case_sensitive)
    found = plan(project, args.to, query, args.replacement, doc_id=args.doc)
    if not args.dry_run:
        found = apply(project, found)
    for change in found.changes[:SHOW_CHANGES]:
        print(f"  {for_display(describe(change))}")
    if len(found.changes) > SHOW_CHANGES:
        print(f"  … and {len(found.changes) - SHOW_CHANGES} more")
    print(for_display(found.summary(done=not args.dry_run)))
    return 0
