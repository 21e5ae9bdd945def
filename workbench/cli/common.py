"""Helpers shared by the command modules: opening the project, progress, table output."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.progress import ProgressFn

if TYPE_CHECKING:
    from workbench.project import Project


def open_from_args(args: argparse.Namespace, *, create: bool = False) -> Project:
    """The project named by --project (or the default project, created with seeds).

    Only commands that put content into a project (`create=True`: import, align, import-tm,
    glossary import/add, the workbench itself) may create a missing --project file: a
    mistyped path given to `documents` or `export` must not silently start an empty project.
    """
    from workbench.errors import ProjectError
    from workbench.project import open_project  # deferred: keeps `--help` free of SQLite

    if (isinstance(args.project, Path) and not create
            and not args.project.expanduser().exists()):
        raise ProjectError("project file does not exist", path=args.project,
                           hint="check the path, or start a project by importing pages: "
                                f"workbench --project {args.project} import PAGE")
    project = open_project(args.project)
    if isinstance(args.project, Path) and project.is_new:
        from workbench.text.display import for_display

        print(f"workbench: created new project {for_display(str(project.path))}",
              file=sys.stderr)
    return project


MAX_ID = 2**63 - 1  # the largest integer SQLite stores


def record_id(value: str) -> int:
    """argparse type of a document or segment id: a whole number from 1 to 2^63 - 1.

    Plain `int` accepts 99999999999999999999999, which SQLite cannot bind (OverflowError).
    """
    return _bounded(value, 1, MAX_ID, "an id")


def score(value: str) -> int:
    """argparse type of a match score in percent (0-100)."""
    return _bounded(value, 0, 100, "a score")


def limit(value: str) -> int:
    """argparse type of a result count (1 to 100,000)."""
    return _bounded(value, 1, 100_000, "a limit")


def _bounded(value: str, low: int, high: int, what: str) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value[:40]!r} is not a whole number") from None
    if not low <= number <= high:
        raise argparse.ArgumentTypeError(f"{value[:40]} is out of range for {what} "
                                         f"({low} to {high})")
    return number


@contextmanager
def output_location(value: str) -> Iterator[Path]:
    """The -o PATH of an export. A trailing slash names a directory to create (Path() drops
    it, so it is created here); when the export then fails (refused, nothing to export),
    a directory made for it and still empty is removed again: a refusal leaves nothing."""
    out = Path(value)
    made: list[Path] = []  # the directories created here, deepest first
    if value.endswith(("/", os.sep)):  # Path() drops the slash that says "a directory"
        missing = out
        while not missing.exists() and missing != missing.parent:
            made.append(missing)
            missing = missing.parent
        out.mkdir(parents=True, exist_ok=True)
    try:
        yield out
    except BaseException:
        for directory in made:
            if not directory.is_dir() or any(directory.iterdir()):
                break
            directory.rmdir()
        raise


def split_langs(value: str) -> list[str]:
    """'sq,fa ar' → ['sq', 'fa', 'ar']."""
    return [v for v in value.replace(",", " ").split() if v]


@contextmanager
def cli_progress(label: str) -> Iterator[ProgressFn]:
    """A progress display on stderr: a Rich bar on a terminal, nothing when piped."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeRemainingColumn(), transient=True,
                  console=_stderr_console()) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _stderr_console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=True)


def cell_width(text: str) -> int:
    """Terminal cells `text` takes: wide (CJK) characters count 2, combining marks and
    format characters (ZWNJ, harakat) 0 — so Farsi and Arabic columns line up."""
    import unicodedata

    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Plain aligned columns on stdout (greppable, no markup interpretation), padded by cell
    width, user text sanitised for the terminal."""
    from workbench.text.display import for_display

    cells = [[for_display(str(h)) for h in headers]] + [
        ["" if c is None else for_display(str(c)) for c in r] for r in rows]
    widths = [max(cell_width(r[i]) for r in cells) for i in range(len(headers))]
    for r in cells:
        print("  ".join(c + " " * (w - cell_width(c))
                        for c, w in zip(r, widths, strict=True)).rstrip())
