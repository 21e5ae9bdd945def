"""Review from the command line, with the rules of the TUI (workbench/review.py): confirm a
segment or set its text and status, for scripted fixes.

Segments are named as the workbench shows them: document id and the segment's number in that
document (`workbench segments DOC` lists both).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from workbench.cli.common import open_from_args

# store.translations.STATUSES after "new" (importing the store here would load sqlite3 for
# `workbench --help`); test_review checks the two stay the same.
SETTABLE = ("draft", "translated", "reviewed", "approved")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """confirm, set, lock, note."""
    p = sub.add_parser("confirm", help="confirm a segment's translation (as Ctrl+J in the "
                                       "workbench: status, origin, QA and repetitions)")
    _segment_args(p)
    what = p.add_mutually_exclusive_group()
    what.add_argument("text", nargs="?", metavar="TEXT",
                      help="the translation (default: the stored draft or translation); inline "
                           "codes as `segments` shows them, ⟨1⟩…⟨/1⟩ and ⟨2/⟩")
    what.add_argument("--mt", action="store_true",
                      help="confirm the MT suggestion (origin mt, if unchanged)")
    what.add_argument("--tm", action="store_true",
                      help="confirm the best TM match, numbers updated (origin tm)")
    _revision_args(p)
    p.set_defaults(func=cmd_confirm)

    p = sub.add_parser("set", help="store a segment's translation as a draft, or change its "
                                   "status")
    _segment_args(p)
    p.add_argument("--text", metavar="TEXT",
                   help="the new translation (inline codes as tokens, ⟨1⟩…⟨/1⟩ and ⟨2/⟩)")
    p.add_argument("--status", choices=SETTABLE, metavar="STATUS",
                   help=f"one of {', '.join(SETTABLE)} (default with --text: draft)")
    _revision_args(p)
    p.set_defaults(func=cmd_set)

    p = sub.add_parser("lock", help="lock segments in a language (do-not-translate: not "
                                    "editable, skipped by MT, pre-translation, propagation "
                                    "and replace; marked in XLIFF/TMX exports)")
    p.add_argument("doc", type=int, metavar="DOC", help="document id (see `documents`)")
    p.add_argument("numbers", metavar="NUM", help="segment numbers: 3 or 3,5,9-12")
    p.add_argument("--to", metavar="LANG", required=True, help="target language, e.g. fa")
    p.add_argument("--unlock", action="store_true", help="unlock them instead")
    p.set_defaults(func=cmd_lock)

    p = sub.add_parser("note", help="attach a note to a segment's translation (exported as "
                                    "an XLIFF/TMX <note>); without TEXT: show it")
    _segment_args(p)
    p.add_argument("text", nargs="?", metavar="TEXT", help='the note ("" removes it)')
    p.set_defaults(func=cmd_note)


def _segment_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("doc", type=int, metavar="DOC", help="document id (see `documents`)")
    p.add_argument("number", type=int, metavar="NUM",
                   help="the segment's number in the document (see `segments DOC`)")
    p.add_argument("--to", metavar="LANG", required=True, help="target language, e.g. fa")


def _revision_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--revision", type=int, metavar="REV",
                   help="the revision your text is based on (printed as `rev N` by confirm "
                        "and set); refused if someone saved the segment since (default: the "
                        "revision read when the command starts)")
    p.add_argument("--force", action="store_true",
                   help="save even if someone else changed the segment since (overwrites "
                        "their text; it stays in the history)")


def _base(args: argparse.Namespace, row) -> int | None:  # type: ignore[no-untyped-def]
    """The revision the command's write must find stored (None with --force)."""
    if args.force:
        return None
    return args.revision if args.revision is not None else int(row.revision)


@contextmanager
def _conflicts(number: int) -> Iterator[None]:
    """A conflict leaves as one line saying whose text is stored and how to overwrite it."""
    from workbench.errors import ConflictError, WorkbenchError
    from workbench.review import conflict_line

    try:
        yield
    except ConflictError as exc:
        raise WorkbenchError(conflict_line(exc, number),
                             hint="see it with `workbench segments`, or run again with "
                                  "--force to replace it") from None


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from workbench.errors import InputError
    from workbench.review import ReviewSession

    project = open_from_args(args)
    session = ReviewSession.open(project, args.doc, args.to)
    row = session.row_number(args.number)
    if row is None:
        raise InputError(f"document {args.doc} has no segment {args.number} "
                         f"(it has {session.count()})", hint=f"see `workbench segments {args.doc}`")
    return session, row


def _say(text: str) -> None:
    from workbench.text.display import for_display

    print(for_display(text))


def cmd_confirm(args: argparse.Namespace) -> int:
    from workbench.errors import WorkbenchError
    from workbench.review import Edit, Inserted
    from workbench.text.codes import from_tokens

    session, row = _open(args)
    inserted: Inserted | None = None
    if args.mt:
        suggestion = session.context(row).suggestion
        if suggestion is None:
            raise WorkbenchError(f"segment {row.number} has no MT suggestion in {args.to}",
                                 hint=f"run `workbench translate --doc {args.doc} "
                                      f"--to {args.to}`")
        if suggestion.is_test_model:
            raise WorkbenchError("the MT suggestion comes from a TEST MODEL: it is not a "
                                 "translation and is never confirmed")
        text, inserted = session.from_mt(suggestion)
    elif args.tm:
        matches = session.tm_matches(row)
        if not matches:
            raise WorkbenchError(f"no TM match for segment {row.number}")
        text, inserted, repairs = session.from_tm(row, matches[0])
        for repair in repairs:
            _say(f"number updated: {repair}")
    else:
        text = from_tokens(args.text) if args.text is not None else row.target or ""
    with _conflicts(row.number):
        saved = session.confirm(Edit(row.id, text, "confirm", inserted, row.number,
                                     _base(args, row)))
    stored = saved.row
    assert stored is not None
    _say(f"doc {args.doc} segment {row.number} [{args.to}]: {stored.status} "
         f"({stored.origin}) rev {stored.revision}: {stored.target}")
    for finding in saved.errors:
        _say(f"  QA error: {finding.code}: {finding.message}")
    if saved.filled:
        print(f"filled {len(saved.filled)} repetition(s): segment(s) "
              + ", ".join(str(r.number) for r in saved.filled))
    if saved.offer:
        print(f"{len(saved.offer)} identical segment(s) could take this translation "
              "(setting propagate = offer; the workbench asks)", file=sys.stderr)
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from workbench.errors import InputError
    from workbench.review import Edit
    from workbench.text.codes import from_tokens

    session, row = _open(args)
    if args.text is None and args.status is None:
        raise InputError("nothing to set", hint="give --text TEXT, --status STATUS or both")
    base = _base(args, row)
    with _conflicts(row.number):
        if args.text is not None:
            text = from_tokens(args.text)  # typed tokens back into the codes they show
            status = args.status or "draft"
            if status == "draft":
                row = session.save_draft(Edit(row.id, text, "draft", None, row.number,
                                              base)).row or row
            else:
                row = session.confirm(Edit(row.id, text, "confirm", None, row.number,
                                           base)).row or row
                if status != row.status:
                    row = session.set_status(row.id, status, base) or row
        else:
            row = session.set_status(row.id, args.status, base) or row
    _say(f"doc {args.doc} segment {row.number} [{args.to}]: {row.status} ({row.origin}) "
         f"rev {row.revision}: {row.target}")
    return 0


def parse_numbers(spec: str) -> list[int]:
    """Segment numbers from "3", "3,5" or "9-12" (InputError for anything else)."""
    from workbench.errors import InputError

    numbers: list[int] = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        first, dash, last = part.partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise InputError(f"not a segment number or range: {part!r}", hint="e.g. 3,5,9-12")
        numbers.extend(range(int(first), int(last if dash else first) + 1))
    if not numbers:
        raise InputError("no segment number given", hint="e.g. 3,5,9-12")
    return numbers


def cmd_lock(args: argparse.Namespace) -> int:
    from workbench.errors import InputError
    from workbench.review import ReviewSession

    session = ReviewSession.open(open_from_args(args), args.doc, args.to)
    rows = [session.row_number(n) for n in parse_numbers(args.numbers)]
    if None in rows:
        raise InputError(f"document {args.doc} has {session.count()} segments",
                         hint=f"see `workbench segments {args.doc}`")
    changed = session.set_locked([r.id for r in rows if r is not None], not args.unlock)
    verb = "unlocked" if args.unlock else "locked"
    print(f"{verb} {len(changed)} segment(s) in {args.to}"
          + (f": {', '.join(str(r.number) for r in changed)}" if changed else
             f" (all were {verb} already)"))
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    session, row = _open(args)
    if args.text is not None:
        row = session.set_note(row.id, args.text) or row
    _say(f"doc {args.doc} segment {row.number} [{args.to}] note: {row.note or '(none)'}")
    return 0
