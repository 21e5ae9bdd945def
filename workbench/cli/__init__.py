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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

# Each module exposes register(subparsers). One module per feature area, in help order.
COMMAND_MODULES = (
    "workbench.cli.core_cmds",
    "workbench.cli.models_cmds",
    "workbench.cli.glossary_cmds",
    "workbench.cli.tm_cmds",
    "workbench.cli.formats_cmds",
    "workbench.cli.align_cmds",
    "workbench.cli.team_cmds",
    "workbench.cli.review_cmds",
    "workbench.cli.replace_cmds",
    "workbench.cli.segment_cmds",
)
# The module that registers each command: `workbench COMMAND …` builds that module's
# sub-parsers only (building all of them cost more than `stats` itself on a project). Checked
# against what the modules register by tests/test_architecture.py.
COMMANDS = {
    **dict.fromkeys(("import", "documents", "segments", "stats"), "workbench.cli.core_cmds"),
    **dict.fromkeys(("models", "translate"), "workbench.cli.models_cmds"),
    **dict.fromkeys(("glossary", "qa"), "workbench.cli.glossary_cmds"),
    **dict.fromkeys(("pretranslate", "concordance", "analyze", "tm-lookup"),
                    "workbench.cli.tm_cmds"),
    **dict.fromkeys(("export", "import-tm", "import-xliff"), "workbench.cli.formats_cmds"),
    **dict.fromkeys(("align", "alignments"), "workbench.cli.align_cmds"),
    **dict.fromkeys(("team", "edit"), "workbench.cli.team_cmds"),
    **dict.fromkeys(("confirm", "set", "lock", "note"), "workbench.cli.review_cmds"),
    "replace": "workbench.cli.replace_cmds",
    **dict.fromkeys(("split", "merge"), "workbench.cli.segment_cmds"),
}


def project_location(value: str) -> Path | str:
    """--project value: a PostgreSQL location stays a string, anything else is a path."""
    from workbench.store.pg import is_location

    return value.strip() if is_location(value) else Path(value)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser: every sub-command registered, or only the module of `command` when it is a
    known command (its sub-parsers are exactly those of the full parser)."""
    from workbench import __version__

    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Translation and alignment workbench (English → Albanian, Farsi, Arabic). "
                    "Run without a command to open the terminal UI.")
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    parser.add_argument("--project", "-p", metavar="FILE|URI", type=project_location,
                        help="project file (default: $WORKBENCH_PROJECT or the default project "
                             "in your data directory, created with the bundled seeds), or a "
                             "team project on PostgreSQL: postgresql://USER@HOST/DB or "
                             "service=NAME (passwords only in ~/.pgpass or the service file)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = [COMMANDS[command]] if command in COMMANDS else COMMAND_MODULES
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def command_in(argv: Sequence[str] | None) -> str | None:
    """The command word of `argv` (None when there is none, or the global options are not
    well-formed: the full parser then reports what is wrong). Read with the global options
    alone, so `--project stats documents` is the command `documents`."""
    words = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    words.add_argument("--project", "-p")
    words.add_argument("command", nargs="?")
    try:
        known, _ = words.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return known.command if isinstance(known.command, str) else None


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, run the command; every failure ends as one line on stderr.

    This is the last error boundary (importers have their own, naming the file): a
    `WorkbenchError`, or an expected failure class `workbench.boundary.user_error` knows
    (SQLite, OS, decoding, XML, JSON/TOML, recursion, sizes), prints its one line and exits 1.
    Anything else is a bug: one line too, with the traceback saved to a file it names, so the
    user can report it without the terminal filling with a stack.
    """
    parser = build_parser(command_in(argv))
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from workbench.cli.common import open_from_args
            from workbench.tui.app import run_app

            return run_app(open_from_args(args, create=True))
        with _display_boundary():
            return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("workbench: interrupted; everything committed so far is kept", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `workbench segments 1 | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        return _report(exc, args.project)


@contextmanager
def _display_boundary() -> Iterator[None]:
    """Everything a command prints goes through `text.display.for_display`.

    Segments, TM units, glossary terms, titles and file names come from web pages and other
    tools: a line holding `ESC ] 0 ; title BEL` or `ESC [ 2 J` would retitle or clear the
    user's terminal, a U+202E reverse the rest of the line. Sanitising at the one place
    output leaves (stdout of a command) means no command can forget it; stored text is never
    touched, and tabs and newlines keep separating columns and lines.
    """
    real = sys.stdout
    sys.stdout = _SanitisedOutput(real)
    try:
        yield
    finally:
        sys.stdout = real


class _SanitisedOutput:
    """A stdout wrapper passing every line piece between tabs through `for_display`."""

    def __init__(self, out: TextIO) -> None:
        from workbench.text.display import for_display

        self._out = out
        self._clean = for_display

    def write(self, text: str) -> int:
        shown = text
        if not text.isprintable():
            shown = "\n".join("\t".join(self._clean(cell) for cell in line.split("\t"))
                               for line in text.split("\n"))
        self._out.write(shown)
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding ...
        return getattr(self._out, name)


def _report(exc: Exception, project: Path | None) -> int:
    from workbench.boundary import user_error
    from workbench.text.display import for_display

    error = user_error(exc, project=project)
    if error is not None:
        print(f"workbench: error: {for_display(error.render())}", file=sys.stderr)
        return 1
    if os.environ.get("WORKBENCH_DEBUG"):
        raise exc
    saved = _save_traceback(exc)
    print(f"workbench: internal error (a bug in workbench): {type(exc).__name__}: "
          f"{for_display(str(exc))[:300]} — nothing more was written; "
          + (f"details in {saved}, please report them" if saved else "please report it"),
          file=sys.stderr)
    return 70


def _save_traceback(exc: BaseException) -> str | None:
    import tempfile
    import traceback

    try:
        fd, name = tempfile.mkstemp(prefix="workbench-crash-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("".join(traceback.format_exception(exc)))
    except OSError:
        return None
    return name
