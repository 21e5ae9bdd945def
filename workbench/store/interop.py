"""SQL for exchanging files with other tools: import counts, hand-off files, edit history.

Kept here (not in workbench/formats) so every statement lives under workbench/store/.
"""

from __future__ import annotations

import sqlite3


def last_tm_unit_id(conn: sqlite3.Connection) -> int:
    """The highest TM unit id (0 for an empty TM): units added later have higher ids."""
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM tm_units").fetchone()[0])


def tm_units_after(conn: sqlite3.Connection, unit_id: int) -> int:
    """How many TM units have an id above `unit_id` (those added since it was read)."""
    return int(conn.execute("SELECT count(*) FROM tm_units WHERE id > ?",
                            (unit_id,)).fetchone()[0])
