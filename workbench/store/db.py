"""SQLite connections, transactions and schema migrations — and the rules that keep a project
file from being corrupted.

**Only SQLite ever opens the project file.** On POSIX, closing *any* descriptor of a file drops
*all* of the process's advisory locks on it (SQLite's "How To Corrupt An SQLite Database File",
§2.2). The TUI holds several connections at once (one per thread); if anything in the process
opened and closed the project file itself (to sniff its header, copy it, measure it by reading),
a CLI process started meanwhile would believe it was the last user, checkpoint, and delete the
WAL under the TUI's feet. So the file is inspected with `os.stat` (which opens nothing) and then
only through SQLite, which tracks its own descriptors per inode and never closes one that holds
a lock. Validation happens through read-only queries *before* any pragma that writes (such as
`journal_mode = WAL`), so a file that is refused is left byte-for-byte as it was.

Other settings, and why:
* WAL journal + synchronous=NORMAL: readers never block the writer, and a committed
  transaction survives kill -9 of the process. Every user edit is its own short transaction.
* busy_timeout (the `lock_wait` setting, seconds): the CLI and the TUI may write the same
  project at once; SQLite serialises the writers and a waiting writer retries for that long, then
  fails with `ProjectBusyError` ("busy") instead of a traceback or an endless wait.
* isolation_level=None: we issue BEGIN IMMEDIATE ourselves (`transaction`) so a write
  transaction takes the write lock up front and never fails half-way on lock upgrade.
* Every SQLite failure is turned into one `WorkbenchError` by `explain` (busy, disk full,
  read-only, damaged, unreadable), so no caller needs to know SQLite's error codes.

Migrations are SQL files in `store/migrations/`, applied in name order, recorded by name in
`schema_migrations`. Each feature area owns its own files (`0001_core.sql`,
`0100_glossary.sql`, ...); the ones a project lacks are applied together, in one transaction.
A project that has a migration this code does not know was written by a newer workbench and
is refused rather than silently misread.
"""

from __future__ import annotations

import errno
import itertools
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from workbench.errors import (
    ProjectBusyError,
    ProjectError,
    ProjectWriteError,
    WorkbenchError,
)

APPLICATION_ID = 0x57424E43  # "WBNC": marks a SQLite file as a workbench project
DEFAULT_LOCK_WAIT = 10.0     # seconds a writer waits for another writer before "busy"
_SAVEPOINTS = itertools.count(1)


def now() -> str:
    """UTC timestamp in ISO 8601 with seconds, the one format stored everywhere."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ProjectConnection(sqlite3.Connection):
    """A connection that knows its project file, so errors can name it."""

    path: Path = Path()
    read_only_reason: str | None = None  # set when the project was opened read-only
    dialect = "sqlite"


def dialect(conn: object) -> str:
    """'sqlite' or 'postgresql': which backend a store connection talks to. Store modules
    branch on it only where the SQL must differ (see workbench.store.pg)."""
    return str(getattr(conn, "dialect", "sqlite"))


def identity(conn: sqlite3.Connection) -> str:
    """What database `conn` is connected to (the file, or the server and database), so caches
    keyed by it are never shared between two projects."""
    known = getattr(conn, "identity", None)
    if known:
        return str(known)
    for row in conn.execute("PRAGMA database_list"):
        if row[1] == "main" and row[2]:
            return str(row[2])
    return f"memory:{id(conn)}"


def known_migrations() -> list[tuple[str, str]]:
    """(name, sql) of every migration shipped with this version, in the order to apply."""
    folder = resources.files("workbench.store") / "migrations"
    items = [(p.name.removesuffix(".sql"), p.read_text(encoding="utf-8"))
             for p in folder.iterdir() if p.name.endswith(".sql")]
    return sorted(items)


def file_state(path: Path) -> os.stat_result | None:
    """`stat` of the project path (None when it does not exist), or a clear refusal of
    anything that is not a regular file. `stat` opens nothing, so it cannot drop locks; a FIFO
    given as a project would otherwise block the first `open()` forever."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ProjectError("the project path is a symbolic link loop", path=path,
                               hint="point --project at a real file") from None
        if exc.errno == errno.ENOTDIR:
            raise ProjectError("a folder in the project path is a file", path=path) from None
        raise ProjectError(f"cannot look at the project file ({exc.strerror})",
                           path=path) from None
    if stat.S_ISDIR(st.st_mode):
        raise ProjectError("is a directory, not a project file", path=path,
                           hint="give the path of a .wbproj file")
    if not stat.S_ISREG(st.st_mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else
                "a socket" if stat.S_ISSOCK(st.st_mode) else "a device")
        raise ProjectError(f"is {kind}, not a project file", path=path,
                           hint="give the path of a .wbproj file")
    return st


def connect(path: Path, *, create: bool = True, lock_wait: float = DEFAULT_LOCK_WAIT,
            check_integrity: bool = False) -> ProjectConnection:
    """Open (and if needed create and migrate) the project database at `path`.

    `check_integrity` runs SQLite's quick_check first (once per process is enough: `Project`
    asks for it on its first connection). A project that fails it is opened read-only
    (`query_only`), so its content can still be read and exported but nothing writes into
    damaged pages; the reason is kept in `read_only_reason`.
    """
    path = Path(path)
    st = file_state(path)
    if st is None:
        if not create:
            raise ProjectError("project file does not exist", path=path,
                               hint="create it with `workbench --project FILE import PAGE`")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProjectWriteError(f"cannot create the project's folder ({exc.strerror})",
                                    path=path.parent) from None
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                               timeout=lock_wait, factory=ProjectConnection)
    except sqlite3.Error as exc:
        raise explain(exc, path, opening=True) from None
    assert isinstance(conn, ProjectConnection)
    conn.path = path
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {int(lock_wait * 1000)}")
        _refuse_foreign(conn, path)             # read-only queries: nothing written yet
        if check_integrity and st is not None and st.st_size:
            conn.read_only_reason = _quick_check(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":  # e.g. a read-only medium
            raise ProjectWriteError(f"cannot enable the WAL journal (got {mode})", path=path,
                                    hint="is the file or its folder read-only?")
        conn.execute("PRAGMA synchronous = NORMAL")
        if conn.read_only_reason:
            conn.execute("PRAGMA query_only = ON")
        else:
            migrate(conn, path)
    except sqlite3.Error as exc:
        conn.close()
        if is_environmental(exc) or isinstance(exc, sqlite3.DatabaseError):
            raise explain(exc, path, opening=True) from None
        raise
    except BaseException:
        conn.close()
        raise
    return conn


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse files that are not SQLite, or SQLite files of another application, using only
    reads (SQLite parses the header): a refused file must not have been converted to WAL."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
            raise ProjectError("not a workbench project (not an SQLite database, or its "
                               "header is damaged)", path=path,
                               hint="pass a .wbproj file, or a new path to create a project"
                               ) from None
        raise
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables):
        raise ProjectError("SQLite file is not a workbench project", path=path,
                           hint="use another file name for the project")


def _quick_check(conn: sqlite3.Connection) -> str | None:
    """None when SQLite's quick_check passes, else its first problem on one line."""
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check(20)")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if rows == ["ok"]:
        return None
    problems = [line.strip() for row in rows for line in str(row).splitlines()
                if line.strip() and not line.startswith("***")]
    more = f"; {len(problems) - 1} more problem(s)" if len(problems) > 1 else ""
    return f"{problems[0] if problems else 'quick_check failed'}{more}"


_ENVIRONMENTAL = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_FULL", "SQLITE_READONLY",
                  "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH", "SQLITE_IOERR",
                  "SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_NOMEM", "SQLITE_PROTOCOL")


def is_environmental(exc: sqlite3.Error) -> bool:
    """True for failures the user's machine causes (locks, disk, permissions, damage), which
    become one clear error; constraint violations and misuse are bugs and keep their
    traceback."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(_ENVIRONMENTAL) or (
        not name and isinstance(exc, sqlite3.OperationalError))


def explain(exc: sqlite3.Error, path: Path | str, *, opening: bool = False) -> WorkbenchError:
    """One clear `WorkbenchError` for an SQLite failure on the project at `path`."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return ProjectBusyError("the project is busy: another program kept it locked", path=path,
                                hint="nothing was written; try again when the other "
                                     "import or export has finished")
    if name == "SQLITE_FULL" or "disk is full" in text:
        return ProjectWriteError("the disk is full; nothing was written", path=path,
                                 hint="free some space and try again")
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        damaged = getattr(exc, "_workbench_damaged", None)
        if damaged:
            return ProjectError(f"the project file is damaged ({damaged}); it was opened "
                                "read-only and nothing was written", path=path,
                                hint="export your work, then restore the file from a backup "
                                     "or run `sqlite3 FILE .recover`")
        return ProjectWriteError("the project file or its folder is read-only; nothing was "
                                 "written", path=path,
                                 hint="make both writable (the folder holds the -wal and "
                                      "-shm journal files), or work on a copy")
    if name.startswith("SQLITE_CANTOPEN") or "unable to open database" in text:
        folder = Path(path).parent
        if folder.is_dir() and not os.access(folder, os.W_OK):
            return ProjectWriteError("cannot create the journal files: the project's folder "
                                     "is read-only", path=path,
                                     hint="make the folder writable, or work on a copy")
        return ProjectWriteError("cannot open the project file", path=path,
                                 hint="check that the file and its folder exist and are "
                                      "writable")
    if name.startswith("SQLITE_PERM") or name.startswith("SQLITE_AUTH"):
        return ProjectWriteError(f"the system refused access to the project file ({text})",
                                 path=path, hint="is it marked immutable (lsattr)?")
    if name.startswith("SQLITE_IOERR") and _nearly_full(Path(path).parent):
        return ProjectWriteError("the disk is full; nothing was written", path=path,
                                 hint="free some space and try again")
    if name.startswith("SQLITE_IOERR"):
        return ProjectWriteError(f"input/output error on the project file ({text})", path=path,
                                 hint="check the disk; nothing was written")
    if name == "SQLITE_NOMEM":
        return ProjectWriteError("SQLite ran out of memory", path=path,
                                 hint="close other programs, or work on a smaller batch")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return ProjectError(f"the project file is damaged ({text})", path=path,
                            hint="restore it from a backup, or run `sqlite3 FILE .recover`")
    if opening:
        return ProjectError(f"cannot open the project ({text})", path=path)
    return ProjectError(f"database error ({text})", path=path)


def _nearly_full(folder: Path) -> bool:
    """Whether the file system holding `folder` has (almost) no space left: SQLite reports a
    full disk as an I/O error when it is its shared-memory or journal file that cannot grow."""
    import shutil

    try:
        return shutil.disk_usage(folder).free < 1 << 20
    except OSError:
        return False


def explain_for(conn: sqlite3.Connection, exc: sqlite3.Error) -> WorkbenchError:
    """`explain` for an error raised on `conn` (names its file, knows if it is damaged)."""
    reason = getattr(conn, "read_only_reason", None)
    if reason:
        exc._workbench_damaged = reason  # type: ignore[attr-defined]
    return explain(exc, getattr(conn, "path", ""))


def migrate(conn: sqlite3.Connection, path: Path | str = "") -> list[str]:
    """Apply the migrations this project lacks, all in one transaction; return their names.

    One transaction: a project is never left half-way between two schemas, and a new project
    takes its whole schema in one script (about 90 statements) rather than one transaction and
    one Python call per statement.
    """
    conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                 "name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    applied = {r[0] for r in conn.execute("SELECT name FROM schema_migrations")}
    known = known_migrations()
    unknown = applied - {name for name, _ in known}
    if unknown:
        raise ProjectError(
            f"project was written by a newer workbench (schema {', '.join(sorted(unknown))})",
            path=path, hint="upgrade workbench (pip install -U workbench) to open it")
    pending = [(name, sql) for name, sql in known if name not in applied]
    if not pending:
        return []
    # executescript COMMITs an open transaction before it runs, so the script opens the
    # transaction itself; `_commit_or_rollback` commits it with the migrations recorded, or
    # rolls all of it back.
    with _commit_or_rollback(conn):
        conn.executescript("BEGIN IMMEDIATE;\n" + "".join(f"{sql}\n;\n" for _, sql in pending))
        stamp = now()
        conn.executemany("INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)",
                         [(name, stamp) for name, _ in pending])
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    return [name for name, _ in pending]


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception; nests as a savepoint.

    SQLite failures leave as one `WorkbenchError` (`explain`): busy after the bounded wait,
    disk full, read-only. SQLite itself rolls back the whole transaction on some errors (a
    full disk among them), so the rollback here only runs while a transaction is still open —
    otherwise the original error would be hidden behind "no such savepoint" or "cannot
    rollback - no transaction is active".

    On PostgreSQL the connection's own `transaction()` does the same (BEGIN, or a savepoint
    when nested) and translates the server's errors alike.
    """
    if dialect(conn) != "sqlite":
        with conn.transaction():  # type: ignore[attr-defined]
            yield conn
        return
    if conn.in_transaction:
        name = f"sp{next(_SAVEPOINTS)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                _quietly(conn, f"ROLLBACK TO {name}")
                _quietly(conn, f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        if is_environmental(exc):
            raise explain_for(conn, exc) from None
        raise
    with _commit_or_rollback(conn):
        yield conn


@contextmanager
def _commit_or_rollback(conn: sqlite3.Connection) -> Iterator[None]:
    """COMMIT the open transaction after the block, or roll it back when the block fails."""
    try:
        yield
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            _quietly(conn, "ROLLBACK")
        if is_environmental(exc):
            raise explain_for(conn, exc) from None
        raise
    except BaseException:
        if conn.in_transaction:
            _quietly(conn, "ROLLBACK")
        raise


def _quietly(conn: sqlite3.Connection, statement: str) -> None:
    """Run a rollback step; a failure here must not hide the error that caused it."""
    try:
        conn.execute(statement)
    except sqlite3.Error:
        pass
