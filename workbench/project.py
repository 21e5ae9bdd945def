"""A project: one SQLite file — or one PostgreSQL database for a team — plus the settings it is
used with.

`Project.db` gives each thread its own connection (SQLite connections must not be shared
between a Textual worker and the UI thread; on PostgreSQL each thread gets its own view of one
connection pool). The backend follows from the location: a path is an SQLite project file,
`postgresql://…` or `service=NAME` a team project (`workbench.store.pg`). Everything above the
store sees the same connection surface either way. New projects get the starter glossary; the
default project also gets the bundled seed pages, so `workbench` opens on real content.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from workbench.config import Settings, load_settings
from workbench.store import db as storedb
from workbench.store import pg as storepg
from workbench.store import settings as storesettings

if TYPE_CHECKING:
    from workbench.store.changes import ChangeFeed
    from workbench.store.pg.connection import PgProjectPool


class Project:
    """An open project file.

    The first connection runs SQLite's quick integrity check; a damaged project is opened
    read-only on every thread (`read_only_reason` says why), so nothing writes into bad pages
    while its content can still be read and exported.
    """

    def __init__(self, path: Path | str, settings: Settings | None = None, *,
                 create: bool = True):
        self.settings = settings or load_settings()
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self.read_only_reason: str | None = None
        self._pg: PgProjectPool | None = None
        if storepg.is_location(path):
            self._open_postgres(str(path))
            return
        self.path = Path(path).expanduser().absolute()
        state = storedb.file_state(self.path)  # stat only: never open the file outside SQLite
        self.is_new = state is None or state.st_size == 0
        if not create and state is None:
            storedb.connect(self.path, create=False)  # raises the clear "does not exist" error
        self.path = self.path.resolve()
        self.location = str(self.path)
        _ = self._connect(check_integrity=True)  # open (and migrate) now: errors surface here

    backend = "sqlite"

    def _open_postgres(self, location: str) -> None:
        """Connect the pool, and bring the schema up to date when this role may."""
        from workbench.store.pg.session import open_pool

        self._pg, self.is_new = open_pool(location, lock_wait=self.settings.lock_wait)
        self.backend = "postgresql"
        self.location = location.strip()  # never holds a password: those are refused
        self.path = Path(self.location.rsplit("/", 1)[-1] or "team")  # for titles only

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection to the project database."""
        conn = getattr(self._local, "conn", None)
        return conn if conn is not None else self._connect(check_integrity=False)

    def _connect(self, *, check_integrity: bool) -> sqlite3.Connection:
        if self._pg is not None:
            from workbench.store.pg.connection import PgConnection

            pgconn = PgConnection(self._pg)
            self._local.conn = pgconn
            # The store's functions are typed for sqlite3; PgConnection offers the same
            # surface (execute, executemany, in_transaction, transaction), checked by the
            # contract tests that run every store function on both backends.
            return cast(sqlite3.Connection, pgconn)
        conn = storedb.connect(self.path, lock_wait=self.settings.lock_wait,
                               check_integrity=check_integrity)
        if check_integrity:
            self.read_only_reason = conn.read_only_reason
        elif self.read_only_reason:
            conn.read_only_reason = self.read_only_reason
            conn.execute("PRAGMA query_only = ON")
        self._local.conn = conn
        with self._lock:
            self._connections.append(conn)
        return conn

    def new_connection(self) -> sqlite3.Connection:
        """A connection of its own (not this thread's), closed with the project: the change
        feed watches SQLite's data_version on one, which only other connections move."""
        conn = storedb.connect(self.path, lock_wait=self.settings.lock_wait)
        with self._lock:
            self._connections.append(conn)
        return conn

    def listen(self, channel: str) -> Any:
        """A dedicated PostgreSQL connection LISTENing on `channel` (team projects only)."""
        assert self._pg is not None, "LISTEN needs a PostgreSQL project"
        conn = self._pg.raw()
        conn.execute(f"LISTEN {channel}")
        return conn

    def changes(self) -> ChangeFeed:
        """Follow what other clients commit from now on (see store.changes)."""
        from workbench.store.changes import ChangeFeed

        return ChangeFeed(self)

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        """A per-project setting stored in the project (per user on a team project for
        personal preferences, see `store.settings`)."""
        return storesettings.get(self.db, key, default)

    def set_setting(self, key: str, value: str) -> None:
        """Store a per-project setting (committed at once)."""
        storesettings.put(self.db, key, value)

    def close(self) -> None:
        """Close every connection this project opened (all threads)."""
        with self._lock:
            for conn in self._connections:
                try:
                    conn.close()
                except sqlite3.ProgrammingError:
                    pass
            self._connections.clear()
            if self._pg is not None:
                self._pg.close()
        self._local = threading.local()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_project(path: Path | str | None = None, *, settings: Settings | None = None,
                 create: bool = True, with_seeds: bool | None = None) -> Project:
    """Open `path` (or the default project), creating and initialising it when new.

    A new project gets the starter glossary; a new *default* project (no path given) also gets
    the bundled seeds. `with_seeds` overrides that choice.
    """
    settings = settings or load_settings()
    is_default = path is None
    where = path if storepg.is_location(path) else Path(path) if path else None
    project = Project(where or settings.default_project, settings, create=create)
    if project.is_new and project.get_setting("initialised") is None:
        initialise(project, with_seeds=is_default if with_seeds is None else with_seeds)
    return project


def initialise(project: Project, *, with_seeds: bool) -> None:
    """First-use set-up: starter glossary, and the seed pages for the default project."""
    from workbench.glossary.starter import install_starter_glossary
    from workbench.ingest.importer import import_paths
    from workbench.resources import seed_files

    install_starter_glossary(project)
    if with_seeds:
        with seed_files() as seeds:
            import_paths(project, seeds)
    project.set_setting("initialised", storedb.now())
