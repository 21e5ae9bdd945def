"""Splitting one segment in two and merging two neighbours of a passage (the rows only; the
rules, which texts and which translations, are `workbench.resegment`'s).

Every untouched segment keeps its id; a split keeps the segment's id for its first part and
inserts the second part after it; a merge keeps the first segment's id and removes the second.
Positions after the change move by one, through negative values so that the
UNIQUE(document_id, position) constraint never sees two rows at one place (both backends check
it row by row). The translation memory is never rewritten: the TM units of the changed
segments are detached (`segment_id` NULL), so a confirmed pair stays a valid pair of the old
sentences instead of being re-keyed to a source it was not made for. MT suggestions of a
changed source are dropped (they translated the old text).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from workbench.store.db import transaction
from workbench.store.documents import checksum
from workbench.text.normalize import match_key
from workbench.text.scripts import word_count


def segment(conn: sqlite3.Connection, segment_id: int) -> sqlite3.Row | None:
    return conn.execute("SELECT id, document_id, passage_id, position, text, lang FROM segments"
                        " WHERE id = ?", (segment_id,)).fetchone()


def next_in_passage(conn: sqlite3.Connection, segment_id: int) -> sqlite3.Row | None:
    """The segment right after `segment_id` when it is in the same passage."""
    return conn.execute(
        "SELECT n.id, n.document_id, n.passage_id, n.position, n.text, n.lang FROM segments s "
        "JOIN segments n ON n.document_id = s.document_id AND n.position = s.position + 1 "
        "AND n.passage_id = s.passage_id WHERE s.id = ?", (segment_id,)).fetchone()


def locked_langs(conn: sqlite3.Connection, segment_ids: Iterable[int]) -> list[str]:
    ids = list(segment_ids)
    return sorted({str(r[0]) for r in conn.execute(
        f"SELECT lang FROM segment_locks WHERE segment_id IN ({','.join('?' * len(ids))})",
        ids)})


def alignments_with(conn: sqlite3.Connection, doc_id: int,
                    segment_ids: Iterable[int]) -> list[int]:
    """Alignments of the document with a link holding one of `segment_ids` (either side)."""
    wanted = set(segment_ids)
    found: set[int] = set()
    for alignment_id, src, tgt in conn.execute(
            "SELECT l.alignment_id, l.src_ids, l.tgt_ids FROM alignment_links l JOIN alignments a"
            " ON a.id = l.alignment_id WHERE a.src_doc_id = ? OR a.tgt_doc_id = ?",
            (doc_id, doc_id)):
        if wanted & (set(json.loads(src)) | set(json.loads(tgt))):
            found.add(int(alignment_id))
    return sorted(found)


def translations_of(conn: sqlite3.Connection, segment_id: int) -> dict[str, sqlite3.Row]:
    return {r["lang"]: r for r in conn.execute(
        "SELECT lang, text, status, origin FROM translations WHERE segment_id = ?",
        (segment_id,))}


def _set_text(conn: sqlite3.Connection, segment_id: int, text: str) -> None:
    conn.execute("UPDATE segments SET text = ?, norm = ?, checksum = ?, words = ? WHERE id = ?",
                 (text, match_key(text), checksum(text), word_count(text), segment_id))


def _shift(conn: sqlite3.Connection, doc_id: int, after: int, delta: int) -> None:
    """Move the segments after position `after` by `delta` places."""
    conn.execute("UPDATE segments SET position = -(position + ?) - 1 WHERE document_id = ? "
                 "AND position > ?", (delta, doc_id, after))
    conn.execute("UPDATE segments SET position = -position - 1 WHERE document_id = ? "
                 "AND position < 0", (doc_id,))


def _detach(conn: sqlite3.Connection, segment_ids: Iterable[int]) -> None:
    for segment_id in segment_ids:
        conn.execute("UPDATE tm_units SET segment_id = NULL WHERE segment_id = ?", (segment_id,))
        conn.execute("DELETE FROM suggestions WHERE segment_id = ?", (segment_id,))


def split(conn: sqlite3.Connection, segment_id: int, first: str, second: str,
          second_codes: Iterable[int]) -> int:
    """Keep `first` in the segment, insert `second` after it (taking the code rows of
    `second_codes`); returns the new segment's id. Call inside the caller's transaction."""
    row = segment(conn, segment_id)
    assert row is not None
    _detach(conn, [segment_id])
    _shift(conn, row["document_id"], row["position"], 1)
    _set_text(conn, segment_id, first)
    new_id = int(conn.execute(
        "INSERT INTO segments(document_id, passage_id, position, text, norm, checksum, lang,"
        " words) VALUES (?,?,?,?,?,?,?,?) RETURNING id",
        (row["document_id"], row["passage_id"], row["position"] + 1, second, match_key(second),
         checksum(second), row["lang"], word_count(second))).fetchone()[0])
    ids = list(second_codes)
    if ids:
        conn.execute(f"UPDATE segment_codes SET segment_id = ? WHERE segment_id = ? AND "
                     f"code_id IN ({','.join('?' * len(ids))})", (new_id, segment_id, *ids))
    return new_id


def merge(conn: sqlite3.Connection, first_id: int, second_id: int, text: str,
          code_offset: int) -> None:
    """Make `text` the first segment's and remove the second, whose code rows (ids moved up
    by `code_offset`) and edit history join the first's. The second's history is kept for
    the record (undone = 2, as a superseded redo): undo walks only the merged segment's own
    edits. Call inside the caller's transaction."""
    second = segment(conn, second_id)
    assert second is not None
    with transaction(conn):
        _detach(conn, [first_id, second_id])
        conn.execute("UPDATE segment_codes SET segment_id = ?, code_id = code_id + ? "
                     "WHERE segment_id = ?", (first_id, code_offset, second_id))
        conn.execute("UPDATE translation_history SET segment_id = ?, undone = 2 "
                     "WHERE segment_id = ?", (first_id, second_id))
        conn.execute("DELETE FROM segments WHERE id = ?", (second_id,))
        _shift(conn, second["document_id"], second["position"], -1)
        _set_text(conn, first_id, text)
