"""Command-line entry point: `workbench [--project FILE] COMMAND ...`.

Thin by design: each command module registers its sub-commands and, when run, imports the
core it needs and prints results. Nothing heavy is imported before a command runs, so
`workbench --help` stays fast. With no command, the Textual workbench opens.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

# Each module exposes register(subparsers). One module per feature area.
COMMAND_MODULES = (
    "workbench.cli.core_cmds",
    "workbench.cli.models_cmds",
    "workbench.cli.glossary_cmds",
    "workbench.cli.tm_cmds",
    "workbench.cli.formats_cmds",
    "workbench.cli.align_cmds",
)


def build_parser() -> argparse.ArgumentParser:
    """The full parser (every sub-command registered)."""
    from workbench import __version__

    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Translation and alignment workbench (English → Albanian, Farsi, Arabic). "
                    "Run without a command to open the terminal UI.")
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    parser.add_argument("--project", "-p", metavar="FILE", type=Path,
                        help="project file (default: $WORKBENCH_PROJECT or the default project "
                             "in your data directory, created with the bundled seeds)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, run the command, turn user-fixable errors into one line + exit 1."""
    from workbench.errors import WorkbenchError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from workbench.cli.common import open_from_args
            from workbench.tui.app import run_app

            return run_app(open_from_args(args, create=True))
        return int(args.func(args) or 0)
    except WorkbenchError as exc:
        print(f"workbench: error: {exc.render()}", file=sys.stderr)
        return 1
    except Exception as exc:  # an SQLite failure that did not pass through a transaction
        sqlite3 = sys.modules.get("sqlite3")
        if sqlite3 is None or not isinstance(exc, sqlite3.Error):
            raise
        from workbench.store.db import explain, is_environmental

        if not is_environmental(exc):
            raise
        where = args.project or "the project"
        print(f"workbench: error: {explain(exc, where).render()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("workbench: interrupted; everything committed so far is kept", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `workbench segments 1 | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
