"""The PostgreSQL backend: a team project is one PostgreSQL database.

`workbench --project postgresql://…` (a libpq URI) or `--project service=NAME` (a libpq service
from pg_service.conf) opens it. Passwords come only from where libpq keeps them — the password
file (PGPASSFILE or ~/.pgpass) or the service file — never from the command line or the
workbench config: a location that carries a password is refused before anything connects.

This module imports nothing heavy (no psycopg) so the SQLite path never pays for it:
`connection` (the adapter that gives PostgreSQL the store's small connection surface),
`migrate` (this backend's schema files), `team` (roles, grants and row-level security) are
imported only when a PostgreSQL location is opened.
"""

from __future__ import annotations

PREFIXES = ("postgresql://", "postgres://", "service=")


def is_location(value: object) -> bool:
    """True when `value` names a PostgreSQL project rather than a project file."""
    return isinstance(value, str) and value.strip().startswith(PREFIXES)
