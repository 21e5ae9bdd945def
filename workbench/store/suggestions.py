"""Machine-translation suggestions per segment and language (never the translator's text)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.store.db import now, transaction
from workbench.text.normalize import nfc


@dataclass(frozen=True)
class Suggestion:
    """One MT output for a segment, with the model that produced it and any guard flags."""

    segment_id: int
    lang: str
    text: str
    model: str
    is_test_model: bool
    flags: str


def save_suggestions(conn: sqlite3.Connection, items: Iterable[Suggestion]) -> int:
    """Insert or replace suggestions in one transaction; returns how many were written."""
    stamp = now()
    rows = [(s.segment_id, s.lang, "mt", nfc(s.text), s.model, int(s.is_test_model), s.flags,
             stamp) for s in items]
    with transaction(conn):
        conn.executemany(
            """INSERT INTO suggestions(segment_id, lang, kind, text, model, is_test_model, flags,
                                       created_at) VALUES (?,?,?,?,?,?,?,?)
               ON CONFLICT(segment_id, lang, kind) DO UPDATE SET text = excluded.text,
                 model = excluded.model, is_test_model = excluded.is_test_model,
                 flags = excluded.flags, created_at = excluded.created_at""", rows)
    return len(rows)


def get_suggestion(conn: sqlite3.Connection, segment_id: int, lang: str) -> Suggestion | None:
    """The MT suggestion for a segment, or None."""
    r = conn.execute("SELECT * FROM suggestions WHERE segment_id = ? AND lang = ? AND kind = 'mt'",
                     (segment_id, lang)).fetchone()
    if r is None:
        return None
    return Suggestion(r["segment_id"], r["lang"], r["text"], r["model"], bool(r["is_test_model"]),
                      r["flags"])
