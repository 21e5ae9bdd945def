"""CLI for team projects on PostgreSQL: set-up, members, push/pull, and editing one segment.

    workbench team init postgresql://owner@host/team
    workbench team grant postgresql://owner@host/team alice translator --langs sq
    workbench team push local.wbproj postgresql://alice@host/team
    workbench team pull postgresql://alice@host/team offline.wbproj
    workbench --project postgresql://rita@host/team edit 12 --to sq --status approved
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench.cli.common import open_from_args, print_table, split_langs


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """team init|grant|revoke|members|push|pull, edit."""
    t = sub.add_parser("team", help="team projects on PostgreSQL (set-up, members, push/pull)")
    tsub = t.add_subparsers(dest="team_command", metavar="ACTION", required=True)

    p = tsub.add_parser("init", help="set up a PostgreSQL database as a team project (schema, "
                                     "roles, row-level security); run as its owner")
    p.add_argument("location", metavar="URI", help="postgresql://OWNER@HOST/DB or service=NAME")
    p.set_defaults(func=cmd_init)

    p = tsub.add_parser("grant", help="make a database user a translator, reviewer or admin")
    p.add_argument("location", metavar="URI")
    p.add_argument("user", metavar="USER", help="login role (created without a password if "
                                                "missing: set one with psql \\password)")
    p.add_argument("level", choices=("translator", "reviewer", "admin"))
    p.add_argument("--langs", default="", metavar="LANGS",
                   help="target languages the user may write, e.g. sq,fa (admin: all)")
    p.set_defaults(func=cmd_grant)

    p = tsub.add_parser("revoke", help="take a user out of the team")
    p.add_argument("location", metavar="URI")
    p.add_argument("user", metavar="USER")
    p.set_defaults(func=cmd_revoke)

    p = tsub.add_parser("members", help="list the team's members, levels and languages")
    p.add_argument("location", metavar="URI")
    p.set_defaults(func=cmd_members)

    p = tsub.add_parser("push", help="upload a local project into a team project (merging "
                                     "with what is there; conflicts are listed, never lost)")
    p.add_argument("local", type=Path, metavar="LOCAL.wbproj")
    p.add_argument("location", metavar="URI")
    p.add_argument("--conflicts", choices=("keep-theirs", "take-mine"), default="keep-theirs",
                   help="a segment both sides changed since the last pull: keep the team's "
                        "version (default; yours is kept in its history) or take yours")
    p.set_defaults(func=cmd_push)

    p = tsub.add_parser("pull", help="make (or refresh) a local copy of a team project for "
                                     "offline work")
    p.add_argument("location", metavar="URI")
    p.add_argument("local", type=Path, metavar="LOCAL.wbproj")
    p.set_defaults(func=cmd_pull)

    p = sub.add_parser("edit", help="set one segment's translation or status (as the CLI "
                                    "user, with the team's conflict rules)")
    p.add_argument("segment", type=int, metavar="SEGMENT", help="segment id (see `segments`)")
    p.add_argument("--to", required=True, metavar="LANG", help="target language")
    p.add_argument("--text", help="the new translation (default: keep the text)")
    p.add_argument("--status", choices=("draft", "translated", "reviewed", "approved"),
                   help="the new status (default: translated when --text is given)")
    p.add_argument("--revision", type=int, metavar="N",
                   help="the revision you read: refuse with a conflict if it changed since")
    p.set_defaults(func=cmd_edit)


def _owner_connection(location: str):  # type: ignore[no-untyped-def]
    """A plain autocommit connection for administration (roles are not store data)."""
    from workbench.errors import ProjectError
    from workbench.store.pg import is_location

    if not is_location(location):
        raise ProjectError("not a PostgreSQL location", path=location,
                           hint="use postgresql://USER@HOST/DB or service=NAME")
    from workbench.store.pg.connection import PgProjectPool

    pool = PgProjectPool(location, lock_wait=10.0, max_size=1)
    return pool, pool.raw()


def cmd_init(args: argparse.Namespace) -> int:
    from workbench.project import open_project
    from workbench.store.pg import team

    project = open_project(args.location, with_seeds=False)  # schema + starter glossary
    project.close()
    pool, conn = _owner_connection(args.location)
    try:
        roles = team.init(conn)
    finally:
        conn.close()
        pool.close()
    print(f"team project ready: {pool.where}")
    for level, role in roles.items():
        print(f"  {level:<10} group role {role}")
    print("next: workbench team grant URI USER translator --langs sq")
    return 0


def cmd_grant(args: argparse.Namespace) -> int:
    from workbench.errors import WorkbenchError
    from workbench.store.pg import team

    langs = tuple(split_langs(args.langs)) or (("*",) if args.level == "admin" else ())
    if not langs:
        raise WorkbenchError(f"a {args.level} needs --langs (the target languages they may "
                             "write)", hint="e.g. --langs sq,fa")
    pool, conn = _owner_connection(args.location)
    try:
        member = team.grant(conn, args.user, args.level, langs)
    except LookupError:
        raise WorkbenchError("this database is not set up as a team project",
                             hint=f"run `workbench team init {args.location}` first") from None
    finally:
        conn.close()
        pool.close()
    print(f"{member.role_name}: {member.level} for {', '.join(member.langs)}")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    from workbench.store.pg import team

    pool, conn = _owner_connection(args.location)
    try:
        removed = team.revoke(conn, args.user)
    finally:
        conn.close()
        pool.close()
    print(f"{args.user}: {'removed from the team' if removed else 'was not a member'}")
    return 0


def cmd_members(args: argparse.Namespace) -> int:
    from workbench.store.pg import team

    pool, conn = _owner_connection(args.location)
    try:
        rows = [(m.role_name, m.level, ",".join(m.langs)) for m in team.members(conn)]
    finally:
        conn.close()
        pool.close()
    print_table(("user", "level", "languages"), rows)
    return 0


def cmd_push(args: argparse.Namespace) -> int:
    from workbench.errors import ProjectError
    from workbench.project import open_project
    from workbench.store import sync

    if not args.local.expanduser().exists():
        raise ProjectError("project file does not exist", path=args.local)
    with open_project(args.local, create=False) as local, \
            open_project(args.location, with_seeds=False) as team_project:
        report = sync.copy(local.db, team_project.db, direction="push",
                           take_mine=args.conflicts == "take-mine")
    _print_report(report, "pushed to", team_project.location)
    return 1 if report.unresolved else 0


def cmd_pull(args: argparse.Namespace) -> int:
    from workbench.project import open_project
    from workbench.store import sync

    with open_project(args.location, with_seeds=False) as team_project, \
            open_project(args.local, with_seeds=False) as local:
        report = sync.copy(team_project.db, local.db, direction="pull", take_mine=False)
    _print_report(report, "pulled into", str(local.path))
    return 1 if report.unresolved else 0


def _print_report(report, verb: str, where: str) -> None:  # type: ignore[no-untyped-def]
    from workbench.text.display import for_display

    print(f"{verb} {where}:")
    for name, n in report.counts.items():
        print(f"  {name:<22} {n}")
    for c in report.conflicts:
        print(f"  conflict segment {c.segment_id} [{c.lang}]: kept "
              f"{for_display(c.kept)!r}, other {for_display(c.other)!r}", file=sys.stderr)


def cmd_edit(args: argparse.Namespace) -> int:
    from workbench.errors import WorkbenchError
    from workbench.store.translations import get_translation, save_translation
    from workbench.text.display import for_display

    project = open_from_args(args)
    current = get_translation(project.db, args.segment, args.to)
    if args.text is None and current is None:
        raise WorkbenchError(f"segment {args.segment} has no {args.to} translation yet",
                             hint="give --text")
    text = args.text if args.text is not None else current.text  # type: ignore[union-attr]
    status = args.status or ("translated" if args.text is not None else current.status)  # type: ignore[union-attr]
    kept = {"origin": current.origin, "source_ref": current.source_ref,
            "flags": current.flags} if current and args.text is None else {}
    expected = (args.revision if args.revision is not None
                else current.revision if current else 0)
    saved = save_translation(project.db, args.segment, args.to, text, expected, status=status,
                             **kept)  # type: ignore[arg-type]
    print(f"segment {saved.segment_id} [{saved.lang}] {saved.status} (revision "
          f"{saved.revision}): {for_display(saved.text)}")
    return 0
