"""Schema migrations of the PostgreSQL backend (its own files: `store/pg/migrations/`).

The two backends keep separate migration histories because what they need differs (FTS5
tables and row triggers on SQLite; tsvector, pg_trgm and plpgsql here) while the tables the
shared store SQL reads and writes stay identical. Files apply in name order, each in one
transaction under an advisory lock, so two clients opening a new project at once cannot both
apply one. Only a role allowed to change the schema (the owner who ran `team init`) applies
them: a translator opening a project that lacks one is told to ask the admin.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import psycopg

from workbench.errors import ProjectError
from workbench.store.db import now

_LOCK_KEY = 0x57424E43  # "WBNC", as the SQLite application id


def known_migrations() -> list[tuple[str, str]]:
    """(name, sql) of every PostgreSQL migration shipped with this version, in order."""
    folder = resources.files("workbench.store.pg") / "migrations"
    return sorted((p.name.removesuffix(".sql"), p.read_text(encoding="utf-8"))
                  for p in folder.iterdir() if p.name.endswith(".sql"))


def applied(conn: psycopg.Connection[Any]) -> set[str] | None:
    """Names already applied; None when the database holds no workbench schema at all."""
    exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return None
    return {r[0] for r in conn.execute("SELECT name FROM schema_migrations")}


def pending(conn: psycopg.Connection[Any], where: str) -> list[str]:
    """Migrations this database lacks; refuses a schema written by a newer workbench."""
    done = applied(conn) or set()
    known = known_migrations()
    unknown = done - {name for name, _ in known}
    if unknown:
        raise ProjectError(f"team project was set up by a newer workbench (schema "
                           f"{', '.join(sorted(unknown))})", path=where,
                           hint="upgrade workbench to open it")
    return [name for name, _ in known if name not in done]


def migrate(conn: psycopg.Connection[Any], where: str) -> list[str]:
    """Apply the missing migrations (autocommit connection); return their names."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                     "name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done: list[str] = []
    for name, sql in known_migrations():
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            if name in (applied(conn) or set()):
                continue
            conn.execute(sql)  # type: ignore[arg-type]  # a whole file, no parameters
            conn.execute("INSERT INTO schema_migrations(name, applied_at) VALUES (%s, %s)",
                         (name, now()))
        done.append(name)
    return done
