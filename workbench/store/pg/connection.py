"""PostgreSQL connections that look like the store's SQLite connections.

The store's SQL is written once, against a small surface: `conn.execute(sql, params)` with `?`
placeholders, rows read by name and by index (`row["text"]`, `row[0]`, `dict(row)`),
`store.db.transaction(conn)` (nesting as savepoints) and `conn.in_transaction`. `PgConnection`
gives a psycopg 3 pool that same surface, so documents, translations, suggestions, settings and
glossary run unchanged on both backends; what differs (full-text search, fuzzy candidates,
triggers, roles) lives in per-backend modules.

* **Pooling**: one `psycopg_pool.ConnectionPool` per project. A statement outside a transaction
  borrows a connection for that statement only; a transaction keeps its connection until the
  outermost block ends. So the TUI's many worker threads share a few server connections, and a
  connection broken by a server restart is replaced on the next statement.
* **Bounded waits**: `lock_timeout` is the `lock_wait` setting, and the pool waits as long for a
  free connection: a writer blocked by another one reports `ProjectBusyError` after that bound,
  as on SQLite. Serialization failures and deadlocks are reported the same way (nothing was
  written; try again).
* **Errors**: what the server or the network causes becomes one `WorkbenchError` (busy, refused
  by the role's privileges → `AccessDeniedError`, disk full / read-only → `ProjectWriteError`,
  server unreachable → `ProjectError`); constraint violations and SQL mistakes are bugs and keep
  their traceback, as with SQLite.
* **Values** come back as SQLite gives them: `numeric` results of sum() as int (or float), so
  callers need not know the backend.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import errors as pgerrors
from psycopg.adapt import Loader
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.pq import TransactionStatus
from psycopg_pool import ConnectionPool, PoolTimeout

from workbench.errors import (
    AccessDeniedError,
    ProjectBusyError,
    ProjectError,
    ProjectWriteError,
    WorkbenchError,
)

APPLICATION_NAME = "workbench"


class Row:
    """A result row readable like `sqlite3.Row`: by column name, by index, as a mapping."""

    __slots__ = ("_values", "_index")

    def __init__(self, values: Sequence[Any], index: dict[str, int]) -> None:
        self._values = tuple(values)
        self._index = index

    def __getitem__(self, key: int | str | slice) -> Any:
        if isinstance(key, str):
            try:
                return self._values[self._index[key]]
            except KeyError:
                lowered = key.lower()  # sqlite3.Row matches names case-insensitively
                for name, i in self._index.items():
                    if name.lower() == lowered:
                        return self._values[i]
                raise IndexError(f"no column named {key!r}") from None
        return self._values[key]

    def keys(self) -> list[str]:
        return list(self._index)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Row):
            return self._values == other._values and self.keys() == other.keys()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._index, self._values, strict=True))!r})"


def _row_factory(cursor: psycopg.Cursor[Any]) -> Any:
    desc = cursor.description
    index = {col.name: i for i, col in enumerate(desc or ())}

    def make(values: Sequence[Any]) -> Row:
        return Row(values, index)

    return make


class _NumericLoader(Loader):
    """numeric → int when whole, else float (what SQLite returns for sum() and friends)."""

    def load(self, data: Any) -> int | float:
        value = Decimal(bytes(data).decode("ascii"))
        return int(value) if value == value.to_integral_value() else float(value)


@lru_cache(maxsize=2048)
def to_pg(sql: str) -> str:
    """`?` placeholders → `%s`, and literal `%` → `%%`, outside quotes and comments."""
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"":
            j = i + 1
            while j < n:
                if sql[j] == c:
                    if j + 1 < n and sql[j + 1] == c:  # doubled quote inside the literal
                        j += 2
                        continue
                    break
                j += 1
            out.append(sql[i:j + 1].replace("%", "%%"))
            i = j + 1
            continue
        if c == "-" and sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            out.append(sql[i:j].replace("%", "%%"))
            i = j
            continue
        out.append("%s" if c == "?" else "%%" if c == "%" else c)
        i += 1
    return "".join(out)


def redact(location: str) -> str:
    """The location for messages: never a password (there should be none, see `check`)."""
    try:
        params = conninfo_to_dict(location)
    except psycopg.ProgrammingError:
        return "the PostgreSQL project"
    params.pop("password", None)
    if "service" in params and len(params) == 1:
        return f"service={params['service']}"
    host, user = str(params.get("host") or ""), str(params.get("user") or "")
    return (f"postgresql://{user + '@' if user else ''}"
            f"{host if not host.startswith('/') else ''}/{params.get('dbname') or ''}")


def check(location: str) -> dict[str, Any]:
    """Parse a location, refusing one that carries a password (it would end up in shell
    history, process lists and config files: libpq's password file is the place for it)."""
    try:
        params = conninfo_to_dict(location.strip())
    except psycopg.ProgrammingError as exc:
        raise ProjectError(f"not a valid PostgreSQL location ({exc})",
                           hint="use postgresql://USER@HOST/DB or service=NAME") from None
    if "password" in params:
        raise ProjectError("a password was given in the project location; it is refused so it "
                           "never lands in shell history or config",
                           path=redact(location),
                           hint="put it in ~/.pgpass (or PGPASSFILE, or the service file) and "
                                "give the location without it")
    return params


def explain(exc: BaseException, where: str) -> WorkbenchError | None:
    """One clear `WorkbenchError` for a failure the server or network caused, else None."""
    if isinstance(exc, PoolTimeout):
        return ProjectBusyError("the project is busy: no database connection became free in "
                                "time", path=where, hint="nothing was written; try again")
    if isinstance(exc, pgerrors.LockNotAvailable | pgerrors.QueryCanceled):
        return ProjectBusyError("the project is busy: another translator's change kept the "
                                "segment locked", path=where,
                                hint="nothing was written; try again in a moment")
    if isinstance(exc, pgerrors.SerializationFailure | pgerrors.DeadlockDetected):
        return ProjectBusyError("the project is busy: a simultaneous change got in the way",
                                path=where, hint="nothing was written; try again")
    if isinstance(exc, pgerrors.InsufficientPrivilege):
        detail = (getattr(exc, "diag", None) and exc.diag.message_primary) or str(exc)
        return AccessDeniedError(f"your team role does not allow this ({detail})", path=where,
                                 hint="nothing was written; ask the project's admin "
                                      "(workbench team grant) if you need it")
    if isinstance(exc, pgerrors.DiskFull | pgerrors.OutOfMemory):
        return ProjectWriteError("the database server is out of space; nothing was written",
                                 path=where, hint="ask the server's administrator")
    if isinstance(exc, pgerrors.ReadOnlySqlTransaction):
        return ProjectWriteError("the database server is read-only (a standby?); nothing was "
                                 "written", path=where, hint="connect to the primary server")
    if isinstance(exc, pgerrors.UndefinedTable):
        return ProjectError("this database is not a workbench team project (or not set up "
                            "yet)", path=where, hint="set it up with `workbench team init "
                                                     "LOCATION`")
    if isinstance(exc, psycopg.OperationalError):
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return ProjectError(f"cannot reach the PostgreSQL server ({text})", path=where,
                            hint="check the server and the location; nothing from the failed "
                                 "step was saved")
    return None


class PgProjectPool:
    """The pool of one team project, and where its connections come from."""

    def __init__(self, location: str, *, lock_wait: float, max_size: int = 8) -> None:
        params = check(location)
        params.setdefault("application_name", APPLICATION_NAME)
        self.conninfo = make_conninfo(**params)
        self.where = redact(location)
        self.lock_wait = lock_wait
        self._configure_first(psycopg.connect(self.conninfo, autocommit=True))
        self.pool = ConnectionPool(self.conninfo, min_size=1, max_size=max_size,
                                   kwargs={"autocommit": True}, configure=self._configure,
                                   timeout=max(lock_wait, 0.1), open=False,
                                   name=f"workbench:{self.where}")
        self.pool.open(wait=True, timeout=30)

    def _configure_first(self, conn: psycopg.Connection[Any]) -> None:
        """The first connection is made directly, so a refusal (no such database, bad
        credentials) surfaces with the server's reason instead of a pool timeout."""
        conn.close()

    def _configure(self, conn: psycopg.Connection[Any]) -> None:
        conn.adapters.register_loader("numeric", _NumericLoader)
        conn.row_factory = _row_factory
        ms = max(int(self.lock_wait * 1000), 1)
        conn.execute(f"SET lock_timeout = {ms}")
        # A client that hangs inside a transaction must not hold the team's rows for ever.
        conn.execute("SET idle_in_transaction_session_timeout = 60000")

    def raw(self) -> psycopg.Connection[Any]:
        """A dedicated connection outside the pool (the change feed's LISTEN)."""
        conn = psycopg.connect(self.conninfo, autocommit=True)
        self._configure(conn)
        return conn

    def close(self) -> None:
        self.pool.close()


class PgConnection:
    """One thread's view of the project: the store's connection surface over the pool."""

    dialect = "postgresql"
    read_only_reason: str | None = None

    def __init__(self, pool: PgProjectPool) -> None:
        self._pool = pool
        self._pinned: psycopg.Connection[Any] | None = None
        self._depth = 0
        self.path = pool.where     # what error messages name, like ProjectConnection.path
        self.identity = f"postgresql:{pool.conninfo}"
        self._lock = threading.RLock()

    @property
    def in_transaction(self) -> bool:
        return self._pinned is not None and (
            self._pinned.info.transaction_status != TransactionStatus.IDLE)

    @contextmanager
    def _borrow(self) -> Iterator[psycopg.Connection[Any]]:
        if self._pinned is not None:
            yield self._pinned
            return
        try:
            conn = self._pool.pool.getconn()
        except PoolTimeout as exc:
            raise self._explain(exc) from None
        try:
            yield conn
        finally:
            self._pool.pool.putconn(conn)

    def _explain(self, exc: BaseException) -> BaseException:
        return explain(exc, self.path) or exc

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> psycopg.Cursor[Any]:
        """Run one statement (`?` placeholders); the cursor holds every row already."""
        with self._lock, self._borrow() as conn:
            try:
                if params is None or (not params and "?" not in sql):
                    return conn.execute(sql)  # type: ignore[call-overload, no-any-return]
                return conn.execute(to_pg(sql), tuple(params))  # type: ignore[call-overload, no-any-return]
            except psycopg.Error as exc:
                err = explain(exc, self.path)
                if err is None:
                    raise
                raise err from None

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> psycopg.Cursor[Any]:
        with self._lock, self._borrow() as conn:
            cur = conn.cursor()
            try:
                cur.executemany(to_pg(sql), [tuple(r) for r in rows])  # type: ignore[call-overload]
            except psycopg.Error as exc:
                err = explain(exc, self.path)
                if err is None:
                    raise
                raise err from None
            return cur

    @contextmanager
    def transaction(self) -> Iterator[PgConnection]:
        """BEGIN … COMMIT on one pooled connection; nested blocks are savepoints."""
        with self._lock:
            outer = self._pinned is None
            if outer:
                try:
                    self._pinned = self._pool.pool.getconn()
                except PoolTimeout as exc:
                    raise self._explain(exc) from None
            conn = self._pinned
            assert conn is not None
            try:
                with conn.transaction():
                    yield self
            except psycopg.Error as exc:
                err = explain(exc, self.path)
                if err is None:
                    raise
                raise err from None
            finally:
                if outer:
                    self._pinned = None
                    self._pool.pool.putconn(conn)

    def commit(self) -> None:
        """Nothing to do: every statement outside `transaction` commits by itself."""

    def close(self) -> None:
        """Give back a connection a failed transaction left pinned (normally none)."""
        with self._lock:
            if self._pinned is not None:
                self._pool.pool.putconn(self._pinned)
                self._pinned = None
