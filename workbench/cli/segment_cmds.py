"""CLI: split a segment in two, merge a segment with the next one of its paragraph."""

from __future__ import annotations

import argparse

from workbench.cli.common import open_from_args


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """split, merge."""
    p = sub.add_parser("split", help="split a segment in two (ids of the other segments stay; "
                                     "its translations stay on the first part as drafts)")
    p.add_argument("doc", type=int, metavar="DOC", help="document id (see `documents`)")
    p.add_argument("number", type=int, metavar="NUM", help="segment number (1 = first)")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--before", metavar="TEXT",
                       help="the words the second part starts with (folded matching)")
    where.add_argument("--at", type=int, metavar="N",
                       help="the character of the source the second part starts at")
    p.set_defaults(func=cmd_split)

    p = sub.add_parser("merge", help="merge a segment with the next one of its paragraph "
                                     "(translations joined, history kept)")
    p.add_argument("doc", type=int, metavar="DOC", help="document id (see `documents`)")
    p.add_argument("number", type=int, metavar="NUM", help="segment number (1 = first)")
    p.set_defaults(func=cmd_merge)


def cmd_split(args: argparse.Namespace) -> int:
    from workbench.resegment import split, split_before

    project = open_from_args(args)
    done = (split_before(project, args.doc, args.number, args.before) if args.before is not None
            else split(project, args.doc, args.number, args.at))
    print(done.message)
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from workbench.resegment import merge

    print(merge(open_from_args(args), args.doc, args.number).message)
    return 0
