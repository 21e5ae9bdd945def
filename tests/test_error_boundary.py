"""The error boundary: expected failures become one clear line, bugs are reported as bugs.

`boundary.user_error` maps each failure class bad input, the OS or SQLite can cause to the
WorkbenchError subclass a user acts on; `cli.main` prints it as one line and exits 1. An
unexpected exception is a bug: one line too (exit 70), with the traceback saved to a file.
"""

from __future__ import annotations

import errno
import json
import sqlite3
import tomllib
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from xml.etree.ElementTree import ParseError

import pytest

from workbench import boundary
from workbench.cli import main
from workbench.errors import (
    InputError,
    ProjectBusyError,
    ProjectError,
    ProjectWriteError,
    WorkbenchError,
)


def _named(exc: sqlite3.Error, name: str) -> sqlite3.Error:
    """An SQLite error as the library raises it, with its error name."""
    exc.sqlite_errorname = name  # type: ignore[attr-defined]
    return exc


def _raised(parse: Callable[[str], object], text: str) -> Exception:
    """The exception a parser raises for `text` (a real one, with its real attributes)."""
    try:
        parse(text)
    except Exception as exc:
        return exc
    raise AssertionError(f"{text!r} parsed")


@pytest.mark.parametrize("exc, kind, words", [
    (RecursionError("maximum recursion depth exceeded"), InputError, "nested too deeply"),
    (MemoryError(), InputError, "too large to read"),
    (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), InputError,
     "not valid text"),
    (OverflowError("Python int too large to convert to SQLite INTEGER"), WorkbenchError,
     "out of range"),
    (OSError(errno.ENOSPC, "No space left on device"), ProjectWriteError, "disk full"),
    (OSError(errno.ELOOP, "Too many levels of symbolic links"), InputError, "link loop"),
    (PermissionError(errno.EACCES, "Permission denied"), InputError, "permission denied"),
    (ParseError("mismatched tag"), InputError, "malformed XML"),
    (_raised(json.loads, "{"), InputError, "not valid JSON"),
    (_raised(tomllib.loads, "a = "), InputError, "invalid TOML"),
    (zipfile.BadZipFile("File is not a zip file"), InputError, "zip archive"),
    (zlib.error("Error -3 while decompressing data: invalid block type"), InputError,
     "zip archive"),
    (sqlite3.OperationalError("database is locked"), ProjectBusyError, "busy"),
    (sqlite3.OperationalError("database or disk is full"), ProjectWriteError, "disk is full"),
    (_named(sqlite3.DatabaseError("database disk image is malformed"), "SQLITE_CORRUPT"),
     ProjectError, "malformed"),
])
def test_expected_failures_become_the_error_a_user_acts_on(exc: BaseException, kind: type,
                                                           words: str) -> None:
    error = boundary.user_error(exc, "input.tmx")
    assert type(error) is kind
    assert words in error.render() and "\n" not in error.render()


def test_bugs_are_not_disguised_as_user_errors() -> None:
    misuse = _named(sqlite3.IntegrityError("UNIQUE constraint failed"), "SQLITE_CONSTRAINT")
    for bug in (TypeError("x"), KeyError("y"), AttributeError("z"), AssertionError(), misuse):
        assert boundary.user_error(bug) is None
        with pytest.raises(type(bug)), boundary.input_boundary("f.tmx"):
            raise bug


def test_input_boundary_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info, boundary.input_boundary(tmp_path / "deep.json"):
        raise RecursionError
    assert info.value.path is not None and info.value.path.endswith("deep.json")


def test_cli_prints_one_line_for_an_expected_failure(tmp_path: Path, monkeypatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    def full_disk(args: object) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("workbench.cli.core_cmds.cmd_stats", full_disk)
    code = main(["--project", str(tmp_path / "p.wbproj"), "stats"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("workbench: error: ")
    assert "the disk is full; nothing was written" in err


def test_cli_reports_a_bug_in_one_line_and_saves_the_traceback(
        tmp_path: Path, monkeypatch, capsys: pytest.CaptureFixture[str]) -> None:
    def buggy(args: object) -> int:
        raise TypeError("unsupported operand type(s) for +: 'int' and 'str'")

    monkeypatch.delenv("WORKBENCH_DEBUG", raising=False)
    monkeypatch.setattr("workbench.cli.core_cmds.cmd_stats", buggy)
    code = main(["--project", str(tmp_path / "p.wbproj"), "stats"])
    err = capsys.readouterr().err
    assert code == 70
    assert err.count("\n") == 1 and "internal error (a bug in workbench): TypeError" in err
    saved = Path(err.split("details in ")[1].split(",")[0])
    try:
        assert "Traceback" in saved.read_text(encoding="utf-8") and "buggy" in saved.read_text(
            encoding="utf-8")
    finally:
        saved.unlink()
