"""Translations of segments: edits with full history, undo/redo, and the TM they feed.

Every call that changes a translation is one short transaction that also appends to
`translation_history`, so a kill -9 right after a call returns loses nothing and every change
can be undone. A translation at status translated or above is also written to `tm_units`
(the project's translation memory), so the next identical or similar segment can reuse it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from workbench.errors import WorkbenchError
from workbench.store.db import now, transaction
from workbench.text.normalize import nfc

STATUSES = ("new", "draft", "translated", "reviewed", "approved")
ORIGINS = ("mt", "tm", "human", "aligned")
CONFIRMED = ("translated", "reviewed", "approved")


def status_rank(status: str) -> int:
    """Position of a status in the workflow (new=0 … approved=4)."""
    return STATUSES.index(status)


def statuses_at_least(status: str) -> tuple[str, ...]:
    """All statuses at or above `status`, e.g. for an export filter."""
    return STATUSES[status_rank(status):]


@dataclass(frozen=True)
class Translation:
    """A translation as the editor sees it."""

    segment_id: int
    lang: str
    text: str
    status: str
    origin: str
    source_ref: str | None
    flags: str
    revision: int
    updated_at: str


def get_translation(conn: sqlite3.Connection, segment_id: int, lang: str) -> Translation | None:
    """The current translation of a segment into `lang`, or None."""
    row = conn.execute("SELECT * FROM translations WHERE segment_id = ? AND lang = ?",
                       (segment_id, lang)).fetchone()
    return _to_translation(row) if row else None


def _to_translation(row: sqlite3.Row) -> Translation:
    return Translation(row["segment_id"], row["lang"], row["text"], row["status"], row["origin"],
                       row["source_ref"], row["flags"], row["revision"], row["updated_at"])


def set_translation(conn: sqlite3.Connection, segment_id: int, lang: str, text: str, *,
                    status: str = "translated", origin: str = "human",
                    source_ref: str | None = None, flags: str = "",
                    actor: str = "user") -> Translation:
    """Create or replace a translation (one transaction, history kept, TM updated)."""
    if status not in STATUSES:
        raise WorkbenchError(f"unknown status {status!r}", hint=f"use one of {', '.join(STATUSES)}")
    if origin not in ORIGINS:
        raise WorkbenchError(f"unknown origin {origin!r}", hint=f"use one of {', '.join(ORIGINS)}")
    text = nfc(text)
    with transaction(conn):
        old = conn.execute("SELECT * FROM translations WHERE segment_id = ? AND lang = ?",
                           (segment_id, lang)).fetchone()
        if old and (old["text"], old["status"], old["origin"], old["flags"]) == (
                text, status, origin, flags):
            return _to_translation(old)
        stamp = now()
        conn.execute(
            """INSERT INTO translations(segment_id, lang, text, status, origin, source_ref, flags,
                                        revision, created_at, updated_at)
               VALUES (?,?,?,?,?,?,?,1,?,?)
               ON CONFLICT(segment_id, lang) DO UPDATE SET text = excluded.text,
                 status = excluded.status, origin = excluded.origin,
                 source_ref = excluded.source_ref, flags = excluded.flags,
                 revision = translations.revision + 1, updated_at = excluded.updated_at""",
            (segment_id, lang, text, status, origin, source_ref, flags, stamp, stamp))
        # A new edit ends the redo chain: undone entries stay for the record but not redo-able.
        conn.execute("UPDATE translation_history SET undone = 2 WHERE segment_id = ? AND lang = ?"
                     " AND undone = 1", (segment_id, lang))
        conn.execute(
            "INSERT INTO translation_history(segment_id, lang, old_text, old_status, old_origin,"
            " new_text, new_status, new_origin, actor, changed_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (segment_id, lang, old["text"] if old else None, old["status"] if old else None,
             old["origin"] if old else None, text, status, origin, actor, stamp))
        _sync_tm(conn, segment_id, lang)
        row = conn.execute("SELECT * FROM translations WHERE segment_id = ? AND lang = ?",
                           (segment_id, lang)).fetchone()
    return _to_translation(row)


def set_status(conn: sqlite3.Connection, segment_id: int, lang: str, status: str, *,
               actor: str = "user") -> Translation:
    """Change only the status of an existing translation (kept in history like any edit)."""
    current = get_translation(conn, segment_id, lang)
    if current is None:
        raise WorkbenchError(f"segment {segment_id} has no {lang} translation to set status on")
    return set_translation(conn, segment_id, lang, current.text, status=status,
                           origin=current.origin, source_ref=current.source_ref,
                           flags=current.flags, actor=actor)


def _apply_state(conn: sqlite3.Connection, segment_id: int, lang: str, text: str | None,
                 status: str | None, origin: str | None) -> None:
    """Put a translation into a recorded state (None text = no translation at all)."""
    if text is None:
        conn.execute("DELETE FROM translations WHERE segment_id = ? AND lang = ?",
                     (segment_id, lang))
    else:
        conn.execute(
            "UPDATE translations SET text = ?, status = ?, origin = ?, revision = revision + 1,"
            " updated_at = ? WHERE segment_id = ? AND lang = ?",
            (text, status, origin, now(), segment_id, lang))
    _sync_tm(conn, segment_id, lang)


def undo(conn: sqlite3.Connection, segment_id: int, lang: str) -> Translation | None:
    """Revert the latest change still in effect; returns the translation now in place.

    Raises WorkbenchError when there is nothing to undo.
    """
    with transaction(conn):
        entry = conn.execute(
            "SELECT * FROM translation_history WHERE segment_id = ? AND lang = ? AND undone = 0"
            " ORDER BY id DESC LIMIT 1", (segment_id, lang)).fetchone()
        if entry is None:
            raise WorkbenchError("nothing to undo for this segment")
        _apply_state(conn, segment_id, lang, entry["old_text"], entry["old_status"],
                     entry["old_origin"])
        conn.execute("UPDATE translation_history SET undone = 1 WHERE id = ?", (entry["id"],))
    return get_translation(conn, segment_id, lang)


def redo(conn: sqlite3.Connection, segment_id: int, lang: str) -> Translation | None:
    """Re-apply the change most recently undone."""
    with transaction(conn):
        entry = conn.execute(
            "SELECT * FROM translation_history WHERE segment_id = ? AND lang = ? AND undone = 1"
            " ORDER BY id ASC LIMIT 1", (segment_id, lang)).fetchone()
        if entry is None:
            raise WorkbenchError("nothing to redo for this segment")
        if entry["old_text"] is None:
            conn.execute(
                "INSERT INTO translations(segment_id, lang, text, status, origin, revision,"
                " created_at, updated_at) VALUES (?,?,?,?,?,1,?,?)",
                (segment_id, lang, entry["new_text"], entry["new_status"], entry["new_origin"],
                 now(), now()))
            _sync_tm(conn, segment_id, lang)
        else:
            _apply_state(conn, segment_id, lang, entry["new_text"], entry["new_status"],
                         entry["new_origin"])
        conn.execute("UPDATE translation_history SET undone = 0 WHERE id = ?", (entry["id"],))
    return get_translation(conn, segment_id, lang)


def history(conn: sqlite3.Connection, segment_id: int, lang: str) -> list[sqlite3.Row]:
    """Every recorded change of a segment's translation, oldest first."""
    return conn.execute("SELECT * FROM translation_history WHERE segment_id = ? AND lang = ?"
                        " ORDER BY id", (segment_id, lang)).fetchall()


def progress(conn: sqlite3.Connection, lang: str, *, doc_id: int | None = None) -> dict[str, int]:
    """Segments per status for one target language ('new' counts untranslated ones too)."""
    params: list[object]
    where, params = "d.is_current = 1 AND d.role = 'source'", [lang]
    if doc_id is not None:
        where, params = "d.id = ?", [lang, doc_id]
    rows = conn.execute(
        f"""SELECT coalesce(t.status, 'new') AS status, count(*) AS n, sum(s.words) AS words
            FROM segments s JOIN documents d ON d.id = s.document_id
            LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = ?
            WHERE {where} GROUP BY 1""", params).fetchall()
    counts = dict.fromkeys(STATUSES, 0)
    for r in rows:
        counts[r["status"]] = r["n"]
    return counts


def _belongs_in_tm(status: str, origin: str) -> bool:
    """Which translations the project TM holds.

    Confirmed work only. Aligned pairs join once a person confirmed or accepted their link
    (align.store): an unreviewed link may pair the wrong sentences. A translation inserted
    from the TM itself (origin tm) is left out: its unit is already there and would be doubled.
    """
    if origin == "tm":
        return False
    return status in CONFIRMED


def _sync_tm(conn: sqlite3.Connection, segment_id: int, lang: str) -> None:
    """Keep the project TM in step with the translations that belong in it."""
    row = conn.execute(
        """SELECT s.text, s.norm, coalesce(s.lang, 'en') AS src_lang, s.document_id, s.position,
                  t.text AS target, t.status, t.origin,
                  (SELECT norm FROM segments p WHERE p.document_id = s.document_id
                     AND p.position = s.position - 1) AS prev_norm,
                  (SELECT norm FROM segments n WHERE n.document_id = s.document_id
                     AND n.position = s.position + 1) AS next_norm
           FROM segments s LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = ?
           WHERE s.id = ?""", (lang, segment_id)).fetchone()
    if row is None or not (row["target"] or "").strip() or not _belongs_in_tm(row["status"],
                                                                             row["origin"]):
        conn.execute("DELETE FROM tm_units WHERE segment_id = ? AND tgt_lang = ?",
                     (segment_id, lang))
        return
    stamp = now()
    conn.execute(
        """INSERT INTO tm_units(src_lang, tgt_lang, source, target, source_norm, origin, status,
                                origin_ref, segment_id, prev_norm, next_norm, created_at,
                                updated_at)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
           ON CONFLICT(segment_id, tgt_lang) WHERE segment_id IS NOT NULL DO UPDATE SET
             target = excluded.target, origin = excluded.origin, status = excluded.status,
             updated_at = excluded.updated_at""",
        (row["src_lang"], lang, row["text"], row["target"], row["norm"], row["origin"],
         row["status"], f"document:{row['document_id']}", segment_id, row["prev_norm"],
         row["next_norm"], stamp, stamp))
