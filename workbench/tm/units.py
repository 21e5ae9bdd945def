"""Adding pairs to the translation memory from outside the project (TMX import, alignment).

Confirmed project translations reach `tm_units` through `store.translations` (rows with a
segment); everything else comes through `add_units`: rows without a segment, one per language
pair, source and target, so importing the same TMX twice updates rather than doubles.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from workbench.errors import WorkbenchError
from workbench.progress import ProgressFn
from workbench.store import tm as store_tm
from workbench.store import tm_import
from workbench.store.db import now
from workbench.store.translations import ORIGINS, STATUSES


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


def add_units(conn: sqlite3.Connection, pairs: Iterable[TMPair], *, origin_ref: str,
              batch_size: int = store_tm.BATCH, progress: ProgressFn | None = None) -> int:
    """Store pairs, `batch_size` at a time; returns how many were inserted or updated.

    Pairs with an empty side are skipped (a TM unit without a target cannot help anyone). A pair
    already stored (same languages, source and target) is updated: origin, status, note, who
    changed it and the later of the two modification dates; its creation date is kept.
    Text is stored as received (only surrounding whitespace is trimmed): a supplier's bytes
    stay theirs, and matching folds Unicode forms itself (`match_key`).

    `pairs` is consumed as a stream. Each batch is one transaction, or a savepoint when the
    caller holds a transaction: wrap the call in `store.db.transaction` for all or nothing (an
    invalid origin or status raises WorkbenchError at the pair that has it).
    """
    return store_tm.add_units(conn, _rows(pairs, origin_ref, now()), batch_size=batch_size,
                              progress=progress)


def import_units(conn: sqlite3.Connection, pairs: Iterable[TMPair], *, origin_ref: str,
                 progress: ProgressFn | None = None) -> int:
    """Store a whole file's pairs all or nothing without holding the write lock for long:
    staged first (a bad pair anywhere leaves the TM untouched), then stored a batch per
    transaction (`store.tm_import`). Returns how many were inserted or updated."""
    import_id = tm_import.stage(conn, _rows(pairs, origin_ref, now()), origin_ref)
    return tm_import.store(conn, import_id, progress=progress)


def _rows(pairs: Iterable[TMPair], origin_ref: str, stamp: str) -> Iterator[store_tm.UnitRow]:
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
        yield store_tm.UnitRow(p.src_lang, p.tgt_lang, source, target, p.origin, p.status,
                               origin_ref, created, p.updated_at or created, p.note, p.src_tag,
                               p.tgt_tag, p.created_by, p.changed_by)
