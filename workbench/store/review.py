"""Reads for the review core: pages of a document's rows with translation and MT suggestion
joined in one keyset query (one round trip per page instead of one query per segment)."""

from __future__ import annotations

import sqlite3

_ROWS = """
    SELECT s.id, s.position, s.passage_id, s.text, p.kind AS passage_kind,
           t.text AS t_text, t.status AS t_status, t.origin AS t_origin, t.flags AS t_flags,
           t.revision AS t_revision, t.note AS t_note, k.segment_id IS NOT NULL AS locked,
           g.text AS g_text, g.model AS g_model, g.is_test_model AS g_is_test,
           g.flags AS g_flags
    FROM segments s JOIN passages p ON p.id = s.passage_id
    LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = ?
    LEFT JOIN suggestions g ON g.segment_id = s.id AND g.lang = ? AND g.kind = 'mt'
    LEFT JOIN segment_locks k ON k.segment_id = s.id AND k.lang = ?
    WHERE s.document_id = ? AND {where}
    ORDER BY s.position"""


def review_rows(conn: sqlite3.Connection, doc_id: int, lang: str, *, after_position: int = -1,
                limit: int = 1000) -> list[sqlite3.Row]:
    """Up to `limit` segments of a document after `after_position`, in order, with their
    translation (t_*, its note t_note), MT suggestion (g_*) and lock (`locked`) in `lang`."""
    return conn.execute(_ROWS.format(where="s.position > ?") + " LIMIT ?",
                        (lang, lang, lang, doc_id, after_position, limit)).fetchall()


def review_rows_by_id(conn: sqlite3.Connection, doc_id: int, lang: str,
                      segment_ids: list[int]) -> list[sqlite3.Row]:
    """The same rows for the given segments of the document (after a change)."""
    if not segment_ids:
        return []
    marks = ",".join("?" * len(segment_ids))
    return conn.execute(_ROWS.format(where=f"s.id IN ({marks})"),
                        (lang, lang, lang, doc_id, *segment_ids)).fetchall()


def segment_count(conn: sqlite3.Connection, doc_id: int) -> int:
    """How many segments the document has."""
    return int(conn.execute("SELECT count(*) FROM segments WHERE document_id = ?",
                            (doc_id,)).fetchone()[0])


def segment_at(conn: sqlite3.Connection, doc_id: int, position: int) -> int | None:
    """The id of the segment at `position` (0-based) in the document, or None."""
    row = conn.execute("SELECT id FROM segments WHERE document_id = ? AND position = ?",
                       (doc_id, position)).fetchone()
    return int(row[0]) if row else None


def neighbour_sources(conn: sqlite3.Connection, doc_id: int,
                      position: int) -> tuple[str | None, str | None]:
    """Source text of the segments before and after `position` (TM context matches)."""
    rows = dict(conn.execute(
        "SELECT position, text FROM segments WHERE document_id = ? AND position IN (?, ?)",
        (doc_id, position - 1, position + 1)).fetchall())
    return rows.get(position - 1), rows.get(position + 1)
