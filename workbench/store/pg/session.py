"""Opening a team project: connect the pool, check or bring the schema up to date."""

from __future__ import annotations

import psycopg

from workbench.errors import ProjectError
from workbench.store.pg import migrate
from workbench.store.pg.connection import PgProjectPool, explain, redact


def open_pool(location: str, *, lock_wait: float) -> tuple[PgProjectPool, bool]:
    """The project's pool, and whether its schema was created just now (a new project).

    Pending migrations are applied when the connected role may change the schema; otherwise
    the user is told to ask the admin (a translator never half-upgrades a team project)."""
    where = redact(location)
    try:
        pool = PgProjectPool(location, lock_wait=lock_wait)
    except psycopg.Error as exc:
        raise (explain(exc, where) or ProjectError(f"cannot open the team project ({exc})",
                                                   path=where)) from None
    try:
        with pool.pool.connection() as conn:
            was_empty = migrate.applied(conn) is None
            missing = migrate.pending(conn, where)
            if missing:
                try:
                    migrate.migrate(conn, where)
                except psycopg.errors.InsufficientPrivilege:
                    raise ProjectError(
                        "this team project needs a schema upgrade ("
                        f"{', '.join(missing)}) that your role may not apply", path=where,
                        hint="ask the project's admin to run `workbench team init` with "
                             "this version") from None
    except psycopg.Error as exc:
        pool.close()
        raise (explain(exc, where) or ProjectError(f"cannot open the team project ({exc})",
                                                   path=where)) from None
    except BaseException:
        pool.close()
        raise
    return pool, was_empty
