"""Per-project settings (key → text), and on a team project the per-user preferences.

On SQLite the project belongs to one translator, so every setting lives in `settings`. On a
PostgreSQL team project, personal preferences (the TUI's target language, the RTL display
mode, where one left off in the review) go to `user_settings`, one row per database user, so
one translator switching to Farsi does not switch everyone; project-wide settings stay in
`settings`, which only the admin may change.
"""

from __future__ import annotations

import sqlite3

from workbench.store.db import dialect, transaction

# keys (or key prefixes) that are one user's preference: the TUI's language and RTL mode,
# and where each translator left off in the review ("review.position.…", "review.last_edited")
PERSONAL = ("tui.", "rtl_render", "review.")


def _personal(conn: sqlite3.Connection, key: str) -> bool:
    return dialect(conn) == "postgresql" and key.startswith(PERSONAL)


def get(conn: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    """The value of `key`, or `default`."""
    if _personal(conn, key):
        row = conn.execute("SELECT value FROM user_settings WHERE role_name = current_user "
                           "AND key = ?", (key,)).fetchone()
    else:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def put(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Store `key` (committed at once)."""
    with transaction(conn):
        if _personal(conn, key):
            conn.execute("INSERT INTO user_settings(role_name, key, value) VALUES "
                         "(current_user, ?, ?) ON CONFLICT(role_name, key) DO UPDATE SET "
                         "value = excluded.value", (key, value))
        else:
            conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) "
                         "DO UPDATE SET value = excluded.value", (key, value))


def all_settings(conn: sqlite3.Connection) -> dict[str, str]:
    """Every project-wide setting (what `team push`/`pull` copy)."""
    return {r[0]: r[1] for r in conn.execute("SELECT key, value FROM settings ORDER BY key")}
