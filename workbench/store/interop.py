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


def handoff_segments(conn: sqlite3.Connection, segment_ids: list[int],
                     lang: str) -> dict[int, sqlite3.Row]:
    """The segments a returned hand-off file names, with their document's version and
    whether it is current, their translation into `lang` (t_* columns, NULL if none) and
    whether they are locked in `lang`."""
    found: dict[int, sqlite3.Row] = {}
    for start in range(0, len(segment_ids), 500):
        chunk = segment_ids[start:start + 500]
        rows = conn.execute(
            f"""SELECT s.id, s.text, s.position, s.document_id, d.version, d.is_current,
                       d.title, d.doc_key, d.role, t.text AS t_text, t.status AS t_status,
                       t.origin AS t_origin, t.updated_at AS t_updated, t.note AS t_note,
                       k.segment_id IS NOT NULL AS locked
                FROM segments s JOIN documents d ON d.id = s.document_id
                LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = ?
                LEFT JOIN segment_locks k ON k.segment_id = s.id AND k.lang = ?
                WHERE s.id IN ({','.join('?' * len(chunk))})""", [lang, lang, *chunk])
        found.update((row["id"], row) for row in rows)
    return found


def current_version(conn: sqlite3.Connection, document_id: int) -> sqlite3.Row | None:
    """The current version (id, version) of the document `document_id` is a version of."""
    return conn.execute(
        """SELECT c.id, c.version FROM documents d JOIN documents c
           ON c.doc_key = d.doc_key AND c.role = d.role AND c.is_current = 1
           WHERE d.id = ? ORDER BY c.version DESC LIMIT 1""", (document_id,)).fetchone()


def set_translation_note(conn: sqlite3.Connection, segment_id: int, lang: str,
                         note: str | None) -> None:
    """Attach (or with None, remove) the translator's note of a translation."""
    conn.execute("UPDATE translations SET note = ? WHERE segment_id = ? AND lang = ?",
                 (note, segment_id, lang))
