"""SQLite connections, transactions and schema migrations.

Why these settings:
* WAL journal + synchronous=NORMAL: readers never block the writer, and a committed
  transaction survives kill -9 of the process (WAL is fsync'ed at checkpoints; the OS keeps
  the written pages). Every user edit is its own short transaction.
* busy_timeout: the CLI and the TUI may write the same project at once; SQLite serialises the
  writers and a waiting writer retries instead of failing with "database is locked".
* isolation_level=None: we issue BEGIN IMMEDIATE ourselves (`transaction`) so a write
  transaction takes the write lock up front and never fails half-way on lock upgrade.

Migrations are SQL files in `store/migrations/`, applied in name order, recorded by name in
`schema_migrations`. Each feature area owns its own files (`0001_core.sql`,
`0100_glossary.sql`, ...). A project that has a migration this code does not know was written
by a newer workbench and is refused rather than silently misread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from workbench.errors import ProjectError

APPLICATION_ID = 0x57424E43  # "WBNC": marks a SQLite file as a workbench project


def now() -> str:
    """UTC timestamp in ISO 8601 with seconds, the one format stored everywhere."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def known_migrations() -> list[tuple[str, str]]:
    """(name, sql) of every migration shipped with this version, in the order to apply."""
    folder = resources.files("workbench.store") / "migrations"
    items = [(p.name.removesuffix(".sql"), p.read_text(encoding="utf-8"))
             for p in folder.iterdir() if p.name.endswith(".sql")]
    return sorted(items)


def _check_header(path: Path) -> None:
    """Refuse files that are not SQLite at all before SQLite touches them."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except IsADirectoryError:
        raise ProjectError("is a directory, not a project file", path=path,
                           hint="give the path of a .wbproj file") from None
    except OSError as exc:
        raise ProjectError(f"cannot read project file ({exc.strerror})", path=path) from None
    if head and head != b"SQLite format 3\x00":
        raise ProjectError("not a workbench project (not an SQLite database)", path=path,
                           hint="pass a .wbproj file, or a new path to create a project")


def connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open (and if needed create and migrate) the project database at `path`."""
    path = Path(path)
    exists = path.exists()
    if exists:
        _check_header(path)
    elif not create:
        raise ProjectError("project file does not exist", path=path,
                           hint="create it with `workbench --project FILE import PAGE`")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":  # e.g. a read-only medium
            raise ProjectError(f"cannot enable WAL journal (got {mode})", path=path)
        conn.execute("PRAGMA synchronous = NORMAL")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables):
            raise ProjectError("SQLite file is not a workbench project", path=path,
                               hint="use another file name for the project")
        migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise ProjectError(f"project file is corrupt or unreadable ({exc})", path=path,
                           hint="restore it from a backup or start a new project") from None
    except BaseException:
        conn.close()
        raise
    return conn


def migrate(conn: sqlite3.Connection, path: Path | str = "") -> list[str]:
    """Apply the migrations this project lacks; return their names."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                 "name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    applied = {r[0] for r in conn.execute("SELECT name FROM schema_migrations")}
    known = known_migrations()
    unknown = applied - {name for name, _ in known}
    if unknown:
        raise ProjectError(
            f"project was written by a newer workbench (schema {', '.join(sorted(unknown))})",
            path=path, hint="upgrade workbench (pip install -U -e .) to open it")
    done: list[str] = []
    for name, sql in known:
        if name in applied:
            continue
        with transaction(conn):
            # executescript would COMMIT our transaction; run statement by statement instead.
            for statement in _split_sql(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)",
                         (name, now()))
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        done.append(name)
    return done


def _split_sql(script: str) -> Iterator[str]:
    """Split a migration file into statements (complete_statement handles triggers)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        if not buf and line.strip().startswith("--"):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf
            buf = ""
    if buf.strip():
        yield buf


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception; nests as a savepoint."""
    if conn.in_transaction:
        name = f"sp{id(conn)}_{datetime.now().timestamp():.6f}".replace(".", "_")
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
