"""Adding pairs to the translation memory from outside the project (TMX import, alignment).

Confirmed project translations reach `tm_units` through `store.translations` (rows with a
segment); everything else comes through `add_units`: rows without a segment, one per language
pair, source and target, so importing the same TMX twice updates rather than doubles.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.errors import WorkbenchError
from workbench.store.db import now, transaction
from workbench.store.translations import ORIGINS, STATUSES
from workbench.text.normalize import match_key


@dataclass(frozen=True)
class TMPair:
    """A source/target pair to remember, with where it came from and when."""

    source: str
    target: str
    src_lang: str
    tgt_lang: str
    origin: str = "human"
    status: str = "translated"
    created_at: str | None = None
    updated_at: str | None = None
    note: str | None = None
    src_tag: str | None = None     # the file's full language tags when regional ('fa-IR')
    tgt_tag: str | None = None
    created_by: str | None = None  # who wrote and last changed it (TMX creationid/changeid)
    changed_by: str | None = None


def add_units(conn: sqlite3.Connection, pairs: Iterable[TMPair], *, origin_ref: str) -> int:
    """Store pairs in one transaction; returns how many were inserted or updated.

    Pairs with an empty side are skipped (a TM unit without a target cannot help anyone). A pair
    already stored (same languages, source and target) is updated: origin, status, note, who
    changed it and the later of the two modification dates; its creation date is kept.
    Text is stored as received (only surrounding whitespace is trimmed): a supplier's bytes
    stay theirs, and matching folds Unicode forms itself (`source_norm`, `match_key`).
    """
    stamp = now()
    rows = []
    for p in pairs:
        if p.origin not in ORIGINS:
            raise WorkbenchError(f"unknown TM origin {p.origin!r}",
                                 hint=f"use one of {', '.join(ORIGINS)}")
        if p.status not in STATUSES:
            raise WorkbenchError(f"unknown TM status {p.status!r}",
                                 hint=f"use one of {', '.join(STATUSES)}")
        source, target = p.source.strip(), p.target.strip()
        if not source or not target:
            continue
        created = p.created_at or p.updated_at or stamp
        rows.append((p.src_lang, p.tgt_lang, source, target, match_key(source), p.origin,
                     p.status, origin_ref, created, p.updated_at or created, p.note, p.src_tag,
                     p.tgt_tag, p.created_by, p.changed_by))
    from workbench.tm.index import refresh

    with transaction(conn):
        conn.executemany(
            """INSERT INTO tm_units(src_lang, tgt_lang, source, target, source_norm, origin,
                                    status, origin_ref, created_at, updated_at, note, src_tag,
                                    tgt_tag, created_by, changed_by)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
               ON CONFLICT(src_lang, tgt_lang, source, target) WHERE segment_id IS NULL
               DO UPDATE SET origin = excluded.origin, status = excluded.status,
                 origin_ref = excluded.origin_ref, note = coalesce(excluded.note, note),
                 src_tag = coalesce(excluded.src_tag, src_tag),
                 tgt_tag = coalesce(excluded.tgt_tag, tgt_tag),
                 created_by = coalesce(created_by, excluded.created_by),
                 changed_by = coalesce(excluded.changed_by, changed_by),
                 updated_at = max(updated_at, excluded.updated_at)""", rows)
        refresh(conn)
    return len(rows)
