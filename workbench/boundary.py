"""The error boundary: every failure bad input can cause becomes one clear `WorkbenchError`.

Parsers and the standard library fail in their own ways on hostile or broken files: expat
raises `ParseError`, `json` a `ValueError` for a 100,000-digit number, `tomllib` and `json`
a `RecursionError` for arrays nested a thousand deep, `zipfile` `BadZipFile`, `zlib` its own
`error`, SQLite `OperationalError` for a full disk, the OS `OSError` with an errno. None of
these is a bug in workbench, and a user must never see a traceback for them.

`user_error(exc, path)` maps those *expected* classes to the `WorkbenchError` subclass a user
can act on (`InputError` for a file, `ProjectBusyError`/`ProjectWriteError`/`ProjectError` for
the project), with a hint. It is applied where input enters: `input_boundary` around every
importer, and `cli.main` as the last net. Anything it does not recognise (a `TypeError`, a
`KeyError`) is a bug: it returns None and the caller reports it as one.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.errors import InputError, ProjectWriteError, WorkbenchError

_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
_READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)


def user_error(exc: BaseException, path: str | Path | None = None, *,
               project: str | Path | None = None) -> WorkbenchError | None:
    """The `WorkbenchError` a user should see for `exc`, or None when `exc` is a bug.

    `path` names the input being read when the failure is about its content, `project` the
    project file an SQLite failure is about.
    """
    if isinstance(exc, WorkbenchError):
        return exc
    if isinstance(exc, RecursionError):
        return InputError("structure nested too deeply to read (thousands of levels)",
                          path=path, hint="the file is malformed or made to crash readers")
    if isinstance(exc, MemoryError):
        return InputError("too large to read in the memory available", path=path,
                          hint="split the file, or check that it is what it claims to be")
    if isinstance(exc, UnicodeError):
        return InputError(f"not valid text ({exc})", path=path,
                          hint="save the file as UTF-8")
    if isinstance(exc, OverflowError):
        return WorkbenchError(f"a number is out of range ({exc})", path=path,
                              hint="ids and counts must be below 2^63")
    if isinstance(exc, OSError):
        return _os_error(exc, path)
    return _library_error(exc, path, project)


def _os_error(exc: OSError, path: str | Path | None) -> WorkbenchError:
    where = exc.filename if exc.filename is not None else path
    reason = exc.strerror or str(exc)
    if exc.errno in _DISK_FULL:
        return ProjectWriteError(f"disk full ({reason})", path=where,
                                 hint="free some space and run the command again; "
                                      "nothing half-written was kept")
    if exc.errno == errno.ELOOP:
        return InputError("too many levels of symbolic links (a link loop)", path=where,
                          hint="point the link at a real file")
    if exc.errno in _READ_ONLY:
        return InputError(f"permission denied ({reason})", path=where,
                          hint="check the file's and folder's permissions")
    return InputError(f"cannot read or write ({reason})", path=where)


def _library_error(exc: BaseException, path: str | Path | None,
                   project: str | Path | None) -> WorkbenchError | None:
    """Parser and database errors, matched without importing what is not loaded already
    (an exception of a module nobody imported cannot occur; `--help` stays light)."""
    import json
    import tomllib
    from xml.etree.ElementTree import ParseError

    if isinstance(exc, ParseError):
        return InputError(f"malformed XML ({exc})", path=path, hint="fix or re-export the file")
    if isinstance(exc, json.JSONDecodeError):
        return InputError(f"not valid JSON ({exc.msg})", path=path, line=exc.lineno)
    if isinstance(exc, tomllib.TOMLDecodeError):
        return InputError(f"invalid TOML ({exc})", path=path)
    zipfile = sys.modules.get("zipfile")
    zlib = sys.modules.get("zlib")
    if (zipfile and isinstance(exc, zipfile.BadZipFile)) or (zlib and isinstance(exc, zlib.error)):
        return InputError(f"not a readable zip archive ({exc})", path=path,
                          hint="download or copy the file again")
    sqlite3 = sys.modules.get("sqlite3")
    if sqlite3 and isinstance(exc, sqlite3.Error):
        # The store's own reading of SQLite failures (busy, full, read-only, damaged); a
        # constraint violation or a misuse is a bug.
        from workbench.store.db import explain, is_environmental

        return explain(exc, project or "the project") if is_environmental(exc) else None
    return None


@contextmanager
def input_boundary(path: str | Path | None) -> Iterator[None]:
    """Run an importer: expected failures leave it as `WorkbenchError`s naming `path`;
    bugs keep their traceback."""
    try:
        yield
    except WorkbenchError:
        raise
    except Exception as exc:
        error = user_error(exc, path)
        if error is None:
            raise
        raise error from exc


def input_file(path: Path, *, hint: str | None = None) -> os.stat_result:
    """The stat of a file a user gave to read, or one `InputError` that says what it really
    is. A pipe, socket or device is refused by its type, before anything opens it: reading a
    FIFO would wait for a writer forever, and its size of 0 is no reason to call it empty."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError("no such file or folder", path=path,
                         hint=hint or "check the path") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a folder, not a file", path=path, hint=hint)
    if not stat.S_ISREG(st.st_mode):
        raise InputError("is a pipe, socket or device, not a file", path=path,
                         hint=hint or "save what it carries to a file and give that")
    return st
