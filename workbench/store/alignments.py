"""SQL of stored alignments: alignments, their links, and the TM facts alignment needs.

Data access only: the rules (what a review edit does, what reaches the TM) live in
`workbench.align.store`. Every function runs inside the caller's transaction when there is
one (`store.db.transaction` nests), so one review edit stays one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workbench.store.db import now
from workbench.store.tm import targets_by_key
from workbench.store.tm_terms import key_hash
from workbench.text.normalize import match_key

_CHUNK = 500  # SQLite host parameters per IN (...) query
REVIEWED = ("confirmed", "accepted")


@dataclass(frozen=True)
class LinkRow:
    """A link as stored: segment ids of both sides, in order."""

    src_ids: list[int]
    tgt_ids: list[int]
    confidence: float
    status: str = "draft"
    tgt_text: str | None = None
    edited: bool = False


def _chunks(values: Sequence[object]) -> Iterable[Sequence[object]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


# -- alignments ---------------------------------------------------------------------------

def insert_alignment(conn: sqlite3.Connection, *, src_doc_id: int, tgt_doc_id: int,
                     src_lang: str, tgt_lang: str, warnings: str, to_memory: bool,
                     batch: str | None) -> int:
    """A new alignment row; returns its id."""
    stamp = now()
    cur = conn.execute(
        "INSERT INTO alignments(src_doc_id, tgt_doc_id, src_lang, tgt_lang, warnings, to_memory,"
        " batch, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
        (src_doc_id, tgt_doc_id, src_lang, tgt_lang, warnings, int(to_memory), batch, stamp,
         stamp))
    return int(cur.fetchone()[0])  # RETURNING: PostgreSQL cursors have no lastrowid


def update_alignment(conn: sqlite3.Connection, alignment_id: int, *, warnings: str,
                     to_memory: bool, batch: str | None) -> None:
    """Re-run results for an existing alignment row."""
    conn.execute("UPDATE alignments SET warnings = ?, to_memory = ?, batch = coalesce(?, batch),"
                 " updated_at = ? WHERE id = ?",
                 (warnings, int(to_memory), batch, now(), alignment_id))


def touch_alignment(conn: sqlite3.Connection, alignment_id: int) -> None:
    """Mark an alignment as changed now."""
    conn.execute("UPDATE alignments SET updated_at = ? WHERE id = ?", (now(), alignment_id))


def get_alignment(conn: sqlite3.Connection, alignment_id: int) -> sqlite3.Row | None:
    """One alignment row."""
    return conn.execute("SELECT * FROM alignments WHERE id = ?", (alignment_id,)).fetchone()


def find_alignment(conn: sqlite3.Connection, src_doc_id: int, tgt_doc_id: int, src_lang: str,
                   tgt_lang: str) -> sqlite3.Row | None:
    """The latest alignment of exactly these two documents in these languages."""
    return conn.execute(
        "SELECT * FROM alignments WHERE src_doc_id = ? AND tgt_doc_id = ? AND src_lang = ? "
        "AND tgt_lang = ? ORDER BY id DESC LIMIT 1",
        (src_doc_id, tgt_doc_id, src_lang, tgt_lang)).fetchone()


def earlier_versions(conn: sqlite3.Connection, src_doc_id: int, tgt_doc_id: int,
                     src_lang: str, tgt_lang: str) -> list[sqlite3.Row]:
    """Current alignments of other versions of the same two pages (same document keys)."""
    return conn.execute(
        """SELECT a.* FROM alignments a
             JOIN documents s ON s.id = a.src_doc_id JOIN documents t ON t.id = a.tgt_doc_id
           WHERE s.doc_key = (SELECT doc_key FROM documents WHERE id = ?)
             AND t.doc_key = (SELECT doc_key FROM documents WHERE id = ?)
             AND NOT (a.src_doc_id = ? AND a.tgt_doc_id = ?)
             AND a.src_lang = ? AND a.tgt_lang = ? AND a.superseded_by IS NULL
           ORDER BY a.id""",
        (src_doc_id, tgt_doc_id, src_doc_id, tgt_doc_id, src_lang, tgt_lang)).fetchall()


def supersede(conn: sqlite3.Connection, old_ids: Sequence[int], new_id: int) -> None:
    """Mark alignments as replaced by a newer one."""
    conn.executemany("UPDATE alignments SET superseded_by = ? WHERE id = ?",
                     [(new_id, old) for old in old_ids])


def list_alignments(conn: sqlite3.Connection, *, doc_id: int | None = None,
                    batch: str | None = None, low: float = 0.5,
                    include_superseded: bool = False) -> list[sqlite3.Row]:
    """Alignments, newest first, with both documents' titles and per-alignment link figures:
    links, reviewed (confirmed or accepted), low (unreviewed below `low`), mean confidence.
    Alignments replaced by an alignment of newer page versions are left out unless asked."""
    where: list[str] = [] if include_superseded else ["a.superseded_by IS NULL"]
    params: list[object] = []
    if doc_id is not None:
        where.append("(a.src_doc_id = ? OR a.tgt_doc_id = ?)")
        params += [doc_id, doc_id]
    if batch is not None:
        where.append("a.batch = ?")
        params.append(batch)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return conn.execute(
        f"""SELECT a.*, s.title AS src_title, t.title AS tgt_title,
               s.source_path AS src_path, t.source_path AS tgt_path,
               count(l.id) AS links,
               count(*) FILTER (WHERE l.status IN ('confirmed', 'accepted')) AS reviewed,
               count(*) FILTER (WHERE l.status = 'draft' AND l.confidence < ?) AS low,
               coalesce(avg(l.confidence), 0.0) AS mean_confidence
            FROM alignments a JOIN documents s ON s.id = a.src_doc_id
            JOIN documents t ON t.id = a.tgt_doc_id
            LEFT JOIN alignment_links l ON l.alignment_id = a.id
            {clause} GROUP BY a.id, s.id, t.id ORDER BY a.id DESC""", [low, *params]).fetchall()


def delete_alignment(conn: sqlite3.Connection, alignment_id: int) -> None:
    """An alignment and its links (the TM units and translations it wrote stay)."""
    conn.execute("DELETE FROM alignments WHERE id = ?", (alignment_id,))


# -- links --------------------------------------------------------------------------------

def link_rows(conn: sqlite3.Connection, alignment_id: int) -> list[sqlite3.Row]:
    """An alignment's links in order."""
    return conn.execute("SELECT * FROM alignment_links WHERE alignment_id = ? "
                        "ORDER BY position, id", (alignment_id,)).fetchall()


def replace_links(conn: sqlite3.Connection, alignment_id: int, links: Sequence[LinkRow]) -> None:
    """Make `links` (in order) the alignment's links."""
    conn.execute("DELETE FROM alignment_links WHERE alignment_id = ?", (alignment_id,))
    conn.executemany(
        "INSERT INTO alignment_links(alignment_id, position, src_ids, tgt_ids, confidence,"
        " status, tgt_text, edited) VALUES (?,?,?,?,?,?,?,?)",
        [(alignment_id, pos, json.dumps(link.src_ids), json.dumps(link.tgt_ids),
          link.confidence, link.status, link.tgt_text, int(link.edited))
         for pos, link in enumerate(links)])


def alignment_of(conn: sqlite3.Connection, link_id: int) -> int | None:
    """The alignment a link belongs to (None: no such link)."""
    row = conn.execute("SELECT alignment_id FROM alignment_links WHERE id = ?",
                       (link_id,)).fetchone()
    return None if row is None else int(row[0])


def update_link(conn: sqlite3.Connection, link_id: int, *, src_ids: list[int],
                tgt_ids: list[int], confidence: float) -> None:
    """A person changed a link's sides: it is a draft again, marked edited; a corrected
    translation text no longer fits the new sides and is dropped."""
    conn.execute("UPDATE alignment_links SET src_ids = ?, tgt_ids = ?, confidence = ?, "
                 "status = 'draft', tgt_text = NULL, edited = 1 WHERE id = ?",
                 (json.dumps(src_ids), json.dumps(tgt_ids), confidence, link_id))


def insert_link_after(conn: sqlite3.Connection, alignment_id: int, position: int, *,
                      src_ids: list[int], tgt_ids: list[int], confidence: float) -> None:
    """A new (edited, draft) link right after `position`."""
    conn.execute("UPDATE alignment_links SET position = position + 1 "
                 "WHERE alignment_id = ? AND position > ?", (alignment_id, position))
    conn.execute("INSERT INTO alignment_links(alignment_id, position, src_ids, tgt_ids,"
                 " confidence, edited) VALUES (?,?,?,?,?,1)",
                 (alignment_id, position + 1, json.dumps(src_ids), json.dumps(tgt_ids),
                  confidence))


def delete_link(conn: sqlite3.Connection, link_id: int) -> None:
    """Remove one link."""
    conn.execute("DELETE FROM alignment_links WHERE id = ?", (link_id,))


def delete_empty_links(conn: sqlite3.Connection, alignment_id: int) -> None:
    """Links left with no sentence on either side."""
    conn.execute("DELETE FROM alignment_links WHERE alignment_id = ? AND src_ids = '[]' "
                 "AND tgt_ids = '[]'", (alignment_id,))


def renumber(conn: sqlite3.Connection, alignment_id: int) -> None:
    """Positions 0, 1, 2, … in the current order."""
    ids = [r[0] for r in conn.execute("SELECT id FROM alignment_links WHERE alignment_id = ? "
                                      "ORDER BY position, id", (alignment_id,))]
    conn.executemany("UPDATE alignment_links SET position = ? WHERE id = ?",
                     [(pos, i) for pos, i in enumerate(ids)])


def set_status(conn: sqlite3.Connection, link_ids: Sequence[int], status: str) -> None:
    """Review status of some links (their confidence stays the aligner's)."""
    conn.executemany("UPDATE alignment_links SET status = ? WHERE id = ?",
                     [(status, i) for i in link_ids])


def set_tgt_text(conn: sqlite3.Connection, link_id: int, text: str | None) -> None:
    """A reviewer's corrected translation for a link (None: back to the edition's text)."""
    conn.execute("UPDATE alignment_links SET tgt_text = ?, edited = 1 WHERE id = ?",
                 (text, link_id))


def unreviewed_above(conn: sqlite3.Connection, alignment_ids: Sequence[int], threshold: float
                     ) -> list[int]:
    """Draft links with both sides whose confidence is at least `threshold`."""
    out: list[int] = []
    for chunk in _chunks(list(alignment_ids)):
        out += [r[0] for r in conn.execute(
            f"SELECT id FROM alignment_links WHERE alignment_id IN ({','.join('?' * len(chunk))})"
            " AND status = 'draft' AND confidence >= ? AND src_ids != '[]' AND tgt_ids != '[]'",
            [*chunk, threshold])]
    return out


def segment_texts(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, str]:
    """Text of segments by id."""
    out: dict[int, str] = {}
    for chunk in _chunks(sorted(set(ids))):
        for row in conn.execute(f"SELECT id, text FROM segments WHERE id IN "
                                f"({','.join('?' * len(chunk))})", list(chunk)):
            out[row[0]] = row[1]
    return out


# -- the TM as alignment sees it -----------------------------------------------------------

def delete_alignment_units(conn: sqlite3.Connection, origin_ref: str) -> None:
    """The segment-less TM units an alignment wrote that no person reviewed (re-derived
    from the links after every edit)."""
    conn.execute("DELETE FROM tm_units WHERE origin = 'aligned' AND origin_ref = ? "
                 "AND segment_id IS NULL AND status = 'draft'", (origin_ref,))


def set_unit_confidence(conn: sqlite3.Connection, *, segment_id: int | None, tgt_lang: str,
                        source: str, target: str, confidence: float) -> None:
    """Keep the aligner's confidence on the TM unit a reviewed link became."""
    if segment_id is not None:
        conn.execute("UPDATE tm_units SET confidence = ? WHERE segment_id = ? AND tgt_lang = ? "
                     "AND origin = 'aligned'", (confidence, segment_id, tgt_lang))
    else:  # a unit add_units just stored: found through its key hash, not a scan
        conn.execute("UPDATE tm_units SET confidence = ? WHERE key_hash = ? AND "
                     "segment_id IS NULL AND tgt_lang = ? AND source = ? AND target = ? "
                     "AND origin = 'aligned'",
                     (confidence, key_hash(match_key(source)), tgt_lang, source, target))


def tm_targets(conn: sqlite3.Connection, source_norms: Sequence[str], src_lang: str,
               tgt_lang: str) -> list[tuple[str, str]]:
    """(source match key, target) of the TM units whose folded source is one of
    `source_norms` (looked up through the TM's key index, store.tm)."""
    found = targets_by_key(conn, src_lang, tgt_lang, source_norms)
    return [(key, target) for key, targets in found.items() for target in targets]


def tm_sample(conn: sqlite3.Connection, src_lang: str, tgt_lang: str, limit: int
              ) -> list[tuple[str, str]]:
    """Up to `limit` (source, target) pairs of the TM, reviewed work first: a lexicon source."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT source, target FROM tm_units WHERE src_lang = ? AND tgt_lang = ? "
        "ORDER BY status = 'draft', id DESC LIMIT ?", (src_lang, tgt_lang, limit))]
