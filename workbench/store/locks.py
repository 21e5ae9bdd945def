"""Locked segments (per target language): set, clear, read, and the SQL condition every
query that fills or edits translations uses to leave them alone (MT, pre-translation,
propagation, find & replace). See migrations/0510_segment_locks.sql."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from workbench.store.db import now, transaction

# A WHERE condition for queries over `segments s`: true when `s` is not locked in the language
# bound to its one parameter.
NOT_LOCKED = "NOT EXISTS (SELECT 1 FROM segment_locks k WHERE k.segment_id = s.id AND k.lang = ?)"


def set_locked(conn: sqlite3.Connection, segment_ids: Iterable[int], lang: str,
               locked: bool) -> list[int]:
    """Lock (or unlock) segments in `lang`; returns the ids whose state changed."""
    ids = sorted(set(segment_ids))
    before = locked_among(conn, ids, lang)
    changed = [i for i in ids if (i in before) != locked]
    if not changed:
        return []
    with transaction(conn):
        if locked:
            stamp = now()
            conn.executemany("INSERT INTO segment_locks(segment_id, lang, created_at) "
                             "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                             [(i, lang, stamp) for i in changed])
        else:
            conn.executemany("DELETE FROM segment_locks WHERE segment_id = ? AND lang = ?",
                             [(i, lang) for i in changed])
    return changed


def locked_among(conn: sqlite3.Connection, segment_ids: Iterable[int], lang: str) -> set[int]:
    """Which of `segment_ids` are locked in `lang`."""
    ids = list(segment_ids)
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found.update(int(r[0]) for r in conn.execute(
            f"SELECT segment_id FROM segment_locks WHERE lang = ? AND segment_id IN "
            f"({','.join('?' * len(chunk))})", [lang, *chunk]))
    return found


def is_locked(conn: sqlite3.Connection, segment_id: int, lang: str) -> bool:
    return bool(locked_among(conn, [segment_id], lang))
