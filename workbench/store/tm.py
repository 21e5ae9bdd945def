"""The translation memory's tables and every query on them.

The TM features (`workbench.tm`) call only this interface. The code here is the SQLite
backend's; each public function hands a PostgreSQL connection to store/pg/tm.py, which
implements the same interface on that server's means (a B-tree of the same candidate
terms, full-text search) and shares the term rules below (`cand_text`, `rarest_grams`,
`most_shared`), so both backends find the same candidates:

* `add_units(conn, rows, batch_size=...)` — store imported/aligned pairs (duplicates updated),
  indexed batch by batch;
* `refresh` / `rebuild` / `pending` — keep the indexes in step with `tm_units`, whoever wrote it
  (the translation sync in store.translations, deletes, updates);
* `exact_ids`, `candidates`, `units` — what fuzzy lookup reads; `concordance` — phrase search
  over both sides; `targets_by_key` — exact source → targets, for alignment evidence.

Storage (0300_tm.sql, 0350_tm_lean.sql, 0360_tm_postings.sql): each text is stored once, in
`tm_units`. The match key (`match_key`, the folded form every comparison uses) is recomputed
from `source` when needed; `key_hash`, a 64-bit hash of it, is the one B-tree index over the
text, used for exact matches and for finding a duplicate pair (then compared in full, so a
hash collision never merges two pairs). The indexes hold postings only:

* `tm_fts(src_key, tgt_key)`: contentless FTS5 over folded source and target, for
  concordance (phrases, prefixes);
* `tm_post`: the candidate index of fuzzy lookup — per term (a unit's source word pairs, and
  its words when it is short: `cand_text`'s terms, hashed per language pair) rows of packed
  unit ids ("Candidate postings" below). Written and read by this module instead of FTS5:
  an import writes one row per term and batch (no segment merges) and a lookup decodes a
  term's rows in one numpy call (at 1M units: reading and counting 6.5 → 2.4 ms CPU);
* `tm_token_df`: how many units of a pair contain each word, to read the rarest lists first.

A contentless index forgets a unit only when told exactly what it indexed, so triggers record
the indexed state of a unit when it first changes after indexing (`tm_index_queue`), and
`tm_index_state.indexed_upto` says how far indexing got: units above it are new. Folding needs
Python, so `refresh` does the indexing; every reader calls it first, which makes the indexes
exact at query time. A change to `match_key` or to the terms below needs a migration that
rebuilds the indexes (the old entries could not be taken out otherwise).
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from itertools import islice
from types import ModuleType
from typing import NamedTuple, TypeVar

import numpy as np

from workbench.progress import ProgressFn, report
from workbench.store.db import dialect, transaction
from workbench.store.tm_prepare import Prepared, ahead
from workbench.store.tm_terms import (
    MIN_SCORE_FLOOR,
    NOT_WORD,
    SHORT,
    WORD_TERMS_UP_TO,
    Indexed,
    Postings,
    add_unit,
    indexed,
    joined,
    key_hash,
    pair_key,
    pair_term,
    postings_of,
    run_starts,
    term_prefix,
    token_hash,
)
from workbench.text.normalize import match_key

BATCH = 20_000        # units indexed (or added) per transaction step
BULK_CACHE_KIB = 65536
_CHUNK = 900          # ids per IN (...) list, under SQLite's default variable limit
_UNSAFE = re.compile(r"[^\w ]")
_ASCII_UNSAFE = str.maketrans("'-", "__")
T = TypeVar("T")


def _pg() -> ModuleType:
    """The PostgreSQL implementation of this interface (store/pg/tm.py), imported only for a
    team project; each public function below hands a PostgreSQL connection to it."""
    from workbench.store.pg import tm as pg_tm

    return pg_tm


class UnitRow(NamedTuple):
    """A pair to store, already validated and trimmed (see tm.units.add_units)."""

    src_lang: str
    tgt_lang: str
    source: str
    target: str
    origin: str
    status: str
    origin_ref: str | None
    created_at: str
    updated_at: str
    note: str | None
    src_tag: str | None = None
    tgt_tag: str | None = None
    created_by: str | None = None
    changed_by: str | None = None


# --- keys and index terms ----------------------------------------------------------------------

def _safe(token: str) -> str:
    """A token as the candidate table's tokenizer keeps it whole (letters, digits and '_')."""
    return token if token.isalnum() else NOT_WORD.sub("_", token)


def query_grams(tokens: list[str]) -> list[tuple[str, ...]]:
    """What a query is looked up by: its word pairs, or for a short query its words.

    Pairs are far more selective than words (the list for "of" is long, most pairs' lists are
    short), so a long query reads short lists; a short query has too few pairs to rely on.
    """
    if len(tokens) <= SHORT:
        return [(t,) for t in tokens]
    return list(zip(tokens, tokens[1:], strict=False))


def cand_term(prefix: str, gram: tuple[str, ...]) -> str:
    """The candidate term of a word or word pair, "en_fa_1_council", "en_fa_2_the_council"
    (hashed into `tm_post`; on PostgreSQL into `tm_cand`)."""
    return f"{prefix}{len(gram)}_{'_'.join(_safe(t) for t in gram)}"


def cand_text(prefix: str, tokens: list[str]) -> str:
    """A unit's `cand_term`s: its word pairs, and its words if it is short enough to match a
    short query (WORD_TERMS_UP_TO; most sentences are longer, which halves the index). Built
    with as few string operations as possible, this being the hot loop of indexing; a term
    repeated in a unit is stored once, so duplicates need no set."""
    if not tokens:
        return ""
    joined = " ".join(tokens)  # tokens hold no spaces; ASCII ones no other marks than ' and -
    safe = (joined.translate(_ASCII_UNSAFE) if joined.isascii()
            else _UNSAFE.sub("_", joined)).split(" ")
    terms = []
    if len(safe) <= WORD_TERMS_UP_TO:
        one = f"{prefix}1_"
        terms.append(one + f" {one}".join(safe))
    if len(safe) > 1:
        two = f"{prefix}2_"
        terms.append(two + f" {two}".join(map("_".join, zip(safe, safe[1:], strict=False))))
    return " ".join(terms)


class _IndexWriter:
    """Collects index entries for a batch of units and writes them in a few statements."""

    def __init__(self, conn: sqlite3.Connection, *, appending: bool = False) -> None:
        self.conn = conn
        self.appending = appending  # every unit added lies above all that is indexed
        self.fts: list[tuple[int, str, str]] = []
        self.cand: dict[str, tuple[list[int], list[list[str]]]] = {}
        self.gone: list[tuple[int, str, str]] = []
        self.gone_cand: dict[str, tuple[list[int], list[list[str]]]] = {}
        self.prepared: list[Postings] = []

    def add(self, unit_id: int, entry: Indexed) -> None:
        self.fts.append((unit_id, entry.src_key, entry.tgt_key))
        add_unit(self.cand, entry.pair, unit_id, entry.tokens)

    def add_prepared(self, prepared: Prepared, id_of: np.ndarray) -> None:
        """Add the rows of a prepared batch that `id_of` gives an id (−1: not added)."""
        src, tgt = prepared.src_keys, prepared.tgt_keys
        self.fts += [(unit_id, src[i], tgt[i]) for i, unit_id in enumerate(id_of.tolist())
                     if unit_id >= 0]
        self.prepared.append(prepared.postings.restricted(id_of))

    def remove(self, unit_id: int, entry: Indexed) -> None:
        self.gone.append((unit_id, entry.src_key, entry.tgt_key))
        add_unit(self.gone_cand, entry.pair, unit_id, entry.tokens)

    def write(self) -> None:
        c = self.conn
        c.executemany("INSERT INTO tm_fts(tm_fts, rowid, src_key, tgt_key)"
                      " VALUES ('delete', ?, ?, ?)", self.gone)
        gone = postings_of(self.gone_cand)
        _remove_postings(c, gone)
        c.executemany("INSERT INTO tm_fts(rowid, src_key, tgt_key) VALUES (?, ?, ?)", self.fts)
        new = joined([postings_of(self.cand), *self.prepared])
        _add_postings(c, new, appending=self.appending)
        counts = new.frequencies()
        counts.subtract(gone.frequencies())
        changes = [(pair, tok, n) for (pair, tok), n in counts.items() if n]
        c.executemany("INSERT INTO tm_token_df(pair, token, df) VALUES (?, ?, ?)"
                      " ON CONFLICT(pair, token) DO UPDATE SET df = df + excluded.df", changes)
        if any(n < 0 for *_, n in changes):
            c.execute("DELETE FROM tm_token_df WHERE df <= 0")


# --- candidate postings -------------------------------------------------------------------------
# tm_post (0360_tm_postings.sql) holds, per candidate term, the ids of the units that have it:
# the terms `cand_text` describes (a unit's word pairs, and its words when it is short), each
# as a 64-bit hash (of the word, or a mix of its two words' hashes) within its language pair.
# A row holds the ids from `first` up to (not including) the next row's first, as uint16
# offsets from first: a bulk batch (BATCH ids) is one row per term, a small write merges into
# the row its ids belong to while that stays under ROW_IDS ids. So every id has one place (the
# row with the greatest first ≤ id), which is what makes removing it exact. A hash collision
# only adds candidates, which scoring then drops.

ROW_IDS = 4096      # a row a small write merges into is at most this long (a cheap rewrite)
SETTLE_ROWS = 300_000  # tm_post_new rows moved into tm_post at a time (~6 bulk batches)
_POST_TABLES = ("tm_post", "tm_post_new")
APPEND_FROM = 1000  # a write of this many new units or more gives each term a row of its own
_SPAN = 1 << 16     # ids of one row lie within first .. first + _SPAN − 1 (uint16 offsets)
_OFFSETS = np.dtype("<u2")


def _term_hashes(pair: str, grams: Sequence[tuple[str, ...]]) -> list[int]:
    """The tm_post term of each word or word pair (as `postings` computes them)."""
    prefix = term_prefix(pair)
    out = []
    for gram in grams:
        h = np.uint64(token_hash(prefix, gram[0]))
        if len(gram) == 2:
            h = pair_term(h, np.uint64(token_hash(prefix, gram[1])))
        out.append(int(h.astype(np.int64)))
    return out


def _groups(term: np.ndarray, unit: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """(term, its ids) of sorted postings."""
    if not len(term):
        return
    starts = run_starts(term)
    ends = np.append(starts[1:], len(term))
    for t, s, e in zip(term[starts].tolist(), starts.tolist(), ends.tolist(), strict=True):
        yield t, unit[s:e]


def _rows(term: int, ids: np.ndarray) -> Iterator[tuple[int, int, bytes]]:
    """tm_post rows (term, first, blob) of ascending ids: a new row where the span ends."""
    start = 0
    while start < len(ids):
        first = int(ids[start])
        end = start + int(np.searchsorted(ids[start:], first + _SPAN))
        yield term, first, (ids[start:end] - first).astype(_OFFSETS).tobytes()
        start = end


def _decode(rows: Sequence[tuple[int, bytes]]) -> np.ndarray:
    """The ids of tm_post rows (first, blob), in one numpy call over all of them."""
    firsts, blobs = zip(*rows, strict=True)
    held = np.frombuffer(b"".join(blobs), _OFFSETS).astype(np.int64)
    held += np.repeat(np.asarray(firsts, np.int64), [len(b) // _OFFSETS.itemsize for b in blobs])
    return held


def _add_postings(conn: sqlite3.Connection, postings: Postings, *, appending: bool) -> None:
    """Add postings. Appending (a batch above all that is indexed), each term's ids become a
    new row of tm_post_new; otherwise each id joins the row it belongs to."""
    term, unit = postings.terms, postings.ids
    if appending and len(term):
        # One pass over the whole batch: the rows' firsts and blobs by array slicing.
        if not np.any(unit - unit.min() >= _SPAN):  # a batch spans fewer ids than _SPAN
            starts = run_starts(term)
            firsts = np.repeat(unit[starts], np.diff(starts, append=len(unit)))
            data = (unit - firsts).astype(_OFFSETS).tobytes()
            bounds = np.append(starts, len(unit)) * _OFFSETS.itemsize
            conn.executemany(
                "INSERT INTO tm_post_new(term, first, ids) VALUES (?, ?, ?)",
                zip(term[starts].tolist(), unit[starts].tolist(),
                    map(data.__getitem__, map(slice, bounds[:-1].tolist(),
                                              bounds[1:].tolist())), strict=True))
            return
    for t, ids in _groups(term, unit):
        if appending:
            _insert_rows(conn, "tm_post_new", t, ids)
        else:
            _merge(conn, t, ids, remove=False)


def _insert_rows(conn: sqlite3.Connection, table: str, term: int, ids: np.ndarray) -> None:
    conn.executemany(f"INSERT INTO {table}(term, first, ids) VALUES (?, ?, ?)", _rows(term, ids))


def _remove_postings(conn: sqlite3.Connection, postings: Postings) -> None:
    for t, ids in _groups(postings.terms, postings.ids):
        _merge(conn, t, ids, remove=True)


def _merge(conn: sqlite3.Connection, term: int, ids: np.ndarray, *, remove: bool) -> None:
    """Add ids to a term's rows (or remove them), row by row: each id goes to the row with the
    greatest first ≤ id (in either table), or, below every row, to a new one."""
    rows: list[tuple[int, bytes, str]] = []
    for table in _POST_TABLES:
        for first, blob in conn.execute(
                f"SELECT first, ids FROM {table} WHERE term = ? AND first <= ?"
                f" ORDER BY first DESC LIMIT 1", (term, int(ids[0]))).fetchall() + \
                conn.execute(f"SELECT first, ids FROM {table} WHERE term = ? AND first > ?"
                             " AND first <= ?", (term, int(ids[0]), int(ids[-1]))).fetchall():
            rows.append((first, blob, table))
    rows.sort()
    # which row each id belongs to: -1 is below every row
    where = np.searchsorted(np.asarray([r[0] for r in rows], np.int64), ids, side="right") - 1
    for k in np.unique(where).tolist():
        mine = ids[where == k]
        if k < 0:
            if not remove:
                _insert_rows(conn, "tm_post_new", term, mine)
            continue
        first, blob, table = rows[k]
        held = _decode([(first, blob)])
        if remove:
            merged = np.setdiff1d(held, mine, assume_unique=True)
        elif len(held) + len(mine) > ROW_IDS or mine[-1] - first >= _SPAN:
            # a full row stays as it is; the new ids start a row of their own (ids above a
            # row's last one only: below it they must join this row to keep their place)
            top = held[-1]
            _insert_rows(conn, table, term, mine[mine > top])
            mine = mine[mine <= top]
            if not len(mine):
                continue
            merged = np.union1d(held, mine)
        else:
            merged = np.union1d(held, mine)
        conn.execute(f"DELETE FROM {table} WHERE term = ? AND first = ?", (term, first))
        _insert_rows(conn, table, term, merged)


def _settle(conn: sqlite3.Connection, *, at_least: int) -> None:
    """Move tm_post_new's rows into tm_post once it holds `at_least` of them, a term range of
    at most BATCH rows per `transaction` (a savepoint inside the caller's).

    Bulk batches append to the small tm_post_new: each batch's rows, spread over every term,
    would otherwise dirty nearly every page of the large tm_post, written again at each
    commit (measured at 300k units: 1.0 GB written for a 0.2 GB file). Moving SETTLE_ROWS
    at a time writes each page of tm_post once per move instead of once per batch. A term's
    rows are in one table or the other, never both halves of a move, so readers (which read
    both) see every posting at every moment.
    """
    if conn.execute("SELECT count(*) FROM (SELECT 1 FROM tm_post_new LIMIT ?)",
                    (at_least,)).fetchone()[0] < at_least:
        return
    low: int | None = None
    while True:
        with transaction(conn):
            row = conn.execute("SELECT term FROM tm_post_new WHERE ? IS NULL OR term >= ?"
                               " ORDER BY term LIMIT 1 OFFSET ?", (low, low, BATCH)).fetchone()
            high = row[0] if row else None  # the slice is [low, high)
            where = ("(? IS NULL OR term >= ?) AND (? IS NULL OR term < ?)")
            args = (low, low, high, high)
            conn.execute(f"INSERT INTO tm_post(term, first, ids) SELECT term, first, ids"
                         f" FROM tm_post_new WHERE {where}", args)
            conn.execute(f"DELETE FROM tm_post_new WHERE {where}", args)
        if high is None:
            return
        low = high


# --- keeping the indexes in step --------------------------------------------------------------

def pending(conn: sqlite3.Connection) -> int:
    """How many units wait to be (re)indexed."""
    if dialect(conn) == "postgresql":
        return int(_pg().pending(conn))
    row = conn.execute(
        "SELECT (SELECT count(*) FROM tm_index_queue),"
        " (SELECT count(*) FROM tm_units WHERE id > s.indexed_upto)"
        " FROM tm_index_state s").fetchone()
    return int(row[0] + row[1])


def _stale(conn: sqlite3.Connection) -> bool:
    """Whether anything waits to be indexed (two index probes: cheap enough for every read)."""
    row = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM tm_index_queue) OR"
        " coalesce((SELECT max(id) FROM tm_units), 0) > s.indexed_upto"
        " FROM tm_index_state s").fetchone()
    return bool(row[0])


def refresh(conn: sqlite3.Connection, *, progress: ProgressFn | None = None) -> int:
    """Index every new, changed or deleted unit; returns how many were processed.

    Cheap when nothing is waiting, so every reader calls it before a search.
    """
    if dialect(conn) == "postgresql":
        return int(_pg().refresh(conn, progress=progress))
    _memory_map(conn)
    if not _stale(conn):
        return 0
    with transaction(conn), _bulk_cache(conn):
        return _refresh(conn, progress)


def _refresh(conn: sqlite3.Connection, progress: ProgressFn | None) -> int:
    """`refresh` inside the caller's write transaction."""
    total = pending(conn)
    done = 0
    queued = conn.execute("SELECT unit_id, src_lang, tgt_lang, source, target"
                          " FROM tm_index_queue ORDER BY unit_id").fetchall()
    for start in range(0, len(queued), BATCH):
        chunk = queued[start:start + BATCH]
        writer = _IndexWriter(conn)
        for unit_id, src_lang, tgt_lang, source, target in chunk:
            if source is not None:
                writer.remove(unit_id, indexed(src_lang, tgt_lang, source, target))
        ids = [r[0] for r in chunk]
        _index_current(conn, writer, _select_units(conn, ids))
        done += len(chunk)
        report(progress, done, total)
    conn.execute("DELETE FROM tm_index_queue")
    upto = conn.execute("SELECT indexed_upto FROM tm_index_state").fetchone()[0]
    while True:
        rows = conn.execute("SELECT id, src_lang, tgt_lang, source, target, key_hash"
                            " FROM tm_units WHERE id > ? ORDER BY id LIMIT ?",
                            (upto, BATCH)).fetchall()
        if not rows:
            break
        _index_current(conn, _IndexWriter(conn, appending=len(rows) >= APPEND_FROM), rows)
        upto = rows[-1][0]
        conn.execute("UPDATE tm_index_state SET indexed_upto = ?", (upto,))
        _settle(conn, at_least=SETTLE_ROWS)
        done += len(rows)
        report(progress, done, total)
    return done


def _select_units(conn: sqlite3.Connection, ids: Sequence[int]) -> list[sqlite3.Row]:
    rows: list[sqlite3.Row] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        rows += conn.execute("SELECT id, src_lang, tgt_lang, source, target, key_hash"
                             f" FROM tm_units WHERE id IN ({','.join('?' * len(chunk))})",
                             chunk).fetchall()
    return rows


def _index_current(conn: sqlite3.Connection, writer: _IndexWriter,
                   rows: Iterable[sqlite3.Row]) -> None:
    """Index units in their current state and fill in their key hashes."""
    hashes = []
    for unit_id, src_lang, tgt_lang, source, target, old_hash in rows:
        entry = indexed(src_lang, tgt_lang, source, target)
        writer.add(unit_id, entry)
        h = key_hash(entry.src_key)
        if h != old_hash:
            hashes.append((h, unit_id))
    writer.write()
    conn.executemany("UPDATE tm_units SET key_hash = ? WHERE id = ?", hashes)


def rebuild(conn: sqlite3.Connection, *, progress: ProgressFn | None = None) -> int:
    """Drop every index entry and index all units again (e.g. to compact the indexes after
    many edits); returns how many units were indexed."""
    if dialect(conn) == "postgresql":
        return int(_pg().rebuild(conn, progress=progress))
    with transaction(conn):
        conn.execute("INSERT INTO tm_fts(tm_fts) VALUES ('delete-all')")
        conn.execute("DELETE FROM tm_post")
        conn.execute("DELETE FROM tm_post_new")
        conn.execute("DELETE FROM tm_token_df")
        conn.execute("DELETE FROM tm_index_queue")
        conn.execute("UPDATE tm_index_state SET indexed_upto = 0")
        return _refresh(conn, progress)


@contextmanager
def _bulk_cache(conn: sqlite3.Connection) -> Iterator[None]:
    """A 64 MB page cache while indexing (default 2 MB): the key index and the FTS segments
    being merged are written all over; with the small cache each page is read again and again."""
    before = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {before}")


def _memory_map(conn: sqlite3.Connection) -> None:
    """Let SQLite read the file through mmap (clamped to its compile-time maximum, ~2 GB).

    A fuzzy lookup touches a few hundred scattered pages of a large memory; through read()
    each costs a system call and a copy. Measured at 1M units: lookups ~30% faster.
    """
    if not conn.execute("PRAGMA mmap_size").fetchone()[0]:
        conn.execute(f"PRAGMA mmap_size = {1 << 34}")


# --- adding pairs ------------------------------------------------------------------------------

def add_units(conn: sqlite3.Connection, rows: Iterable[UnitRow], *, batch_size: int = BATCH,
              progress: ProgressFn | None = None,
              stored: Callable[[list[UnitRow]], None] | None = None) -> int:
    """Store pairs without a segment, `batch_size` at a time; returns how many were inserted
    or updated (a pair met twice counts twice).

    A pair already stored (same languages, source and target, no segment) is updated: origin,
    status, origin reference, the note unless the new one is empty, and the later of the two
    modification dates; its creation date is kept. Each batch is one `transaction`: a
    savepoint inside the caller's transaction (all or nothing), or its own commit when the
    caller holds none, so the write lock is held one batch at a time. Rows are read from the
    iterable one batch at a time (one batch ahead: store.tm_prepare), never all at once;
    `stored` is called with each batch inside its transaction (an import unstages it there).
    """
    if dialect(conn) == "postgresql":
        return int(_pg().add_units(conn, rows, batch_size=batch_size, progress=progress,
                                   stored=stored))
    _memory_map(conn)
    it = iter(rows)
    done = 0
    rows_in_batches = iter(lambda: list(islice(it, batch_size)), [])
    with _bulk_cache(conn), closing(ahead(rows_in_batches)) as batches:
        for batch, prepared in batches:
            with transaction(conn):
                if _stale(conn):
                    _refresh(conn, None)
                done += _add_batch(conn, batch, prepared)
                if stored:
                    stored(batch)
            _settle(conn, at_least=SETTLE_ROWS)
            report(progress, done, 0)
    return done


def _add_batch(conn: sqlite3.Connection, batch: list[UnitRow], prepared: Prepared) -> int:
    hashes = prepared.hashes
    stored = _stored_pairs(conn, set(hashes))
    # New units take ids above everything indexed, so they are indexed here and queue nothing.
    upto = conn.execute("SELECT max(indexed_upto, coalesce((SELECT max(id) FROM tm_units), 0))"
                        " FROM tm_index_state").fetchone()[0]
    new: dict[tuple[str, str, str, str], tuple[int, UnitRow, int]] = {}
    updates: dict[int, UnitRow] = {}
    id_of = np.full(len(batch), -1, np.int64)  # the id each row takes, if it is a new unit
    for position, (row, h) in enumerate(zip(batch, hashes, strict=True)):
        ident = (row.src_lang, row.tgt_lang, row.source, row.target)
        if ident in new:
            unit_id, first, _ = new[ident]
            new[ident] = (unit_id, later(first, row), h)
        elif ident in stored:
            unit_id = stored[ident]
            updates[unit_id] = later(updates[unit_id], row) if unit_id in updates else row
        else:
            upto += 1
            new[ident] = (upto, row, h)
            id_of[position] = upto
    conn.executemany(
        "INSERT INTO tm_units(id, src_lang, tgt_lang, source, target, origin, status,"
        " origin_ref, created_at, updated_at, note, src_tag, tgt_tag, created_by, changed_by,"
        " key_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(i, *r, h) for i, r, h in new.values()])
    conn.executemany(
        "UPDATE tm_units SET origin = ?, status = ?, origin_ref = ?, note = coalesce(?, note),"
        " src_tag = coalesce(?, src_tag), tgt_tag = coalesce(?, tgt_tag),"
        " created_by = coalesce(created_by, ?), changed_by = coalesce(?, changed_by),"
        " updated_at = max(updated_at, ?) WHERE id = ?",
        [(r.origin, r.status, r.origin_ref, r.note, r.src_tag, r.tgt_tag, r.created_by,
          r.changed_by, r.updated_at, i) for i, r in updates.items()])
    writer = _IndexWriter(conn, appending=len(batch) >= APPEND_FROM)
    writer.add_prepared(prepared, id_of)
    writer.write()
    conn.execute("UPDATE tm_index_state SET indexed_upto = ?", (upto,))
    return len(batch)


def later(first: UnitRow, then: UnitRow) -> UnitRow:
    """A pair met twice: the later copy's origin, status and reference, its note, tags and
    last editor unless it has none, the later modification date; the first copy's creation
    date and creator (unless it had none)."""
    def newer(a: str | None, b: str | None) -> str | None:
        return b if b is not None else a

    return first._replace(origin=then.origin, status=then.status, origin_ref=then.origin_ref,
                          note=newer(first.note, then.note),
                          src_tag=newer(first.src_tag, then.src_tag),
                          tgt_tag=newer(first.tgt_tag, then.tgt_tag),
                          created_by=newer(then.created_by, first.created_by),
                          changed_by=newer(first.changed_by, then.changed_by),
                          updated_at=max(first.updated_at, then.updated_at))


def _stored_pairs(conn: sqlite3.Connection,
                  hashes: set[int]) -> dict[tuple[str, str, str, str], int]:
    """Units without a segment whose source has one of `hashes`, by (langs, source, target)."""
    found: dict[tuple[str, str, str, str], int] = {}
    items = list(hashes)
    for start in range(0, len(items), _CHUNK):
        chunk = items[start:start + _CHUNK]
        for r in conn.execute(
                "SELECT id, src_lang, tgt_lang, source, target FROM tm_units"
                f" WHERE key_hash IN ({','.join('?' * len(chunk))}) AND segment_id IS NULL",
                chunk):
            found.setdefault((r[1], r[2], r[3], r[4]), r[0])
    return found


# --- reading ----------------------------------------------------------------------------------

def exact_ids(conn: sqlite3.Connection, key: str) -> list[int]:
    """Ids of units whose source may have match key `key` (any language pair; the hash can
    collide, so callers compare the key)."""
    if dialect(conn) == "postgresql":
        return list(_pg().exact_ids(conn, key))
    return [r[0] for r in conn.execute("SELECT id FROM tm_units WHERE key_hash = ?",
                                       (key_hash(key),))]


def units(conn: sqlite3.Connection, ids: Iterable[int], src_lang: str,
          tgt_lang: str) -> list[sqlite3.Row]:
    """The units among `ids` in one language pair, for scoring (looked up by id: the language
    columns are kept out of index choice, which would otherwise walk the whole pair)."""
    if dialect(conn) == "postgresql":
        return list(_pg().units(conn, ids, src_lang, tgt_lang))
    rows: list[sqlite3.Row] = []
    items = list(ids)
    for start in range(0, len(items), _CHUNK):
        chunk = items[start:start + _CHUNK]
        rows += conn.execute(
            "SELECT id, source, target, origin, updated_at, segment_id, prev_norm, next_norm"
            " FROM tm_units WHERE +src_lang = ? AND +tgt_lang = ?"
            f" AND id IN ({','.join('?' * len(chunk))})", [src_lang, tgt_lang, *chunk]).fetchall()
    return rows


def candidates(conn: sqlite3.Connection, src_lang: str, tgt_lang: str, tokens: list[str],
               min_score: int, *, limit: int, max_postings: int) -> list[tuple[int, str]]:
    """(id, source) of up to `limit` units of the pair that may score ≥ min_score against a
    query with word tokens `tokens`, most shared rare terms first.

    A unit scoring ≥ s is at most d = ⌊(1 − s)/s · n⌋ word edits away from the n-word query.
    An edit removes at most one of the query's words and at most two of its word pairs, so the
    unit contains at least one of the d + 1 rarest query words, and one of the 2d + 1 rarest
    query word pairs (`query_grams`: pairs for longer queries, words for short ones). Terms with
    a word the memory has never seen are missed by every unit and count as edits already.
    Rarity of a pair is estimated by its rarer word (a pair is never more frequent). Only units
    that could reach the score carry word terms (`cand_text`). Posting lists are read until
    `max_postings` ids were read.
    """
    if dialect(conn) == "postgresql":
        return _pg().candidates(conn, src_lang, tgt_lang, tokens, min_score, limit=limit,
                                max_postings=max_postings)
    pair = pair_key(src_lang, tgt_lang)
    df = _document_frequencies(conn, pair, list(set(tokens)))
    grams = rarest_grams(tokens, df, min_score)
    if not grams:
        return []
    ids = _overlap(conn, pair, grams, limit, max_postings)
    rows: list[tuple[int, str]] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        rows += conn.execute(f"SELECT id, source FROM tm_units WHERE id IN"
                             f" ({','.join('?' * len(chunk))})", chunk).fetchall()
    return rows


def rarest_grams(tokens: list[str], df: dict[str, int],
                 min_score: int) -> list[tuple[str, ...]]:
    """The query terms whose posting lists `candidates` reads, rarest first (`df`: how many
    units hold each known token); empty when no unit can reach `min_score`."""
    s = max(min_score, MIN_SCORE_FLOOR) / 100
    edits = int((1 - s) / s * len(tokens))
    terms = query_grams(tokens)
    if not terms:
        return []
    per_edit = 1 if len(terms[0]) == 1 else 2
    known = [g for g in dict.fromkeys(terms) if all(w in df for w in g)]
    unseen = sum(1 for g in terms if not all(w in df for w in g))
    need = per_edit * edits + 1 - unseen
    if need <= 0:
        return []  # too many words the memory has never seen: nothing can reach min_score
    known.sort(key=lambda g: min(df[w] for w in g))
    return known[:need]


def _document_frequencies(conn: sqlite3.Connection, pair: str,
                          tokens: list[str]) -> dict[str, int]:
    """How many units of `pair` contain each token (absent tokens are left out)."""
    if not tokens:
        return {}
    return {r[0]: r[1] for r in conn.execute(
        f"SELECT token, df FROM tm_token_df WHERE pair = ? AND token IN"
        f" ({','.join('?' * len(tokens))})", [pair, *tokens])}


def _overlap(conn: sqlite3.Connection, pair: str, terms: list[tuple[str, ...]], limit: int,
             max_postings: int) -> list[int]:
    """Ids of the `limit` units containing most of `terms` (among equals, units found in the
    first lists win): `most_shared`'s choice, in numpy.

    A term's posting list is its tm_post rows, read by one range scan and decoded in one
    call (a Counter over 20,000 ids as strings, FTS5's way, took three times as long); lists
    are read until `max_postings` ids were.
    """
    parts: list[np.ndarray] = []
    read = 0
    for term in _term_hashes(pair, terms):
        if read >= max_postings:
            break
        rows = conn.execute("SELECT first, ids FROM tm_post WHERE term = ? UNION ALL"
                            " SELECT first, ids FROM tm_post_new WHERE term = ?",
                            (term, term)).fetchall()
        if not rows:
            continue
        held = _decode(rows)
        parts.append(held)
        read += len(held)
    return _most_shared(parts, limit)


def _most_shared(lists: list[np.ndarray], limit: int) -> list[int]:
    """`most_shared` on ascending posting lists of distinct ids, in numpy: (id, list number)
    pairs sorted as one key give each id's count and first list, and the `limit` best by
    (count, first list, id) are one partition of a key made of those three."""
    n = len(lists)
    if not sum(map(len, lists)):
        return []
    joined = np.concatenate([held * n + k for k, held in enumerate(lists)])
    joined.sort()
    ids, first = np.divmod(joined, n)
    start = run_starts(ids)
    counts = np.diff(start, append=len(ids))
    ids, first = ids[start], first[start]
    if len(ids) <= limit:
        return ids.tolist()
    top = int(ids.max()) + 1
    if (n + 1) * n * top >= 1 << 62:  # no room for one key: sort by the three
        return ids[np.lexsort((ids, first, -counts))[:limit]].tolist()
    key = ((n - counts) * n + first) * top + ids  # more lists first, then earlier, then lower
    return (np.partition(key, limit - 1)[:limit] % top).tolist()


def most_shared(postings: Iterable[Sequence[T]], limit: int, max_postings: int) -> list[T]:
    """The `limit` ids found in most of the posting lists (among equals, those of the first
    lists), reading lists until `max_postings` ids were read."""
    hits: Counter[T] = Counter()
    read = 0
    lists = iter(postings)  # a lazy iterable: a list is read only if it is needed
    while read < max_postings and (posting := next(lists, None)) is not None:
        read += len(posting)
        hits.update(posting)
    if len(hits) <= limit:
        return list(hits)
    histogram = Counter(hits.values())
    kept, cut = 0, max(histogram)
    while cut > 1 and kept + histogram[cut] < limit:
        kept += histogram[cut]
        cut -= 1
    above = [uid for uid, n in hits.items() if n > cut]
    at_cut = (uid for uid, n in hits.items() if n == cut)  # first lists' units first
    return above + list(islice(at_cut, limit - len(above)))


def _phrase(text: str) -> str:
    """`text` as one FTS5 phrase (double quotes doubled), so user text is never query syntax."""
    return '"' + text.replace('"', '""') + '"'


_COLUMNS = {"source": "src_key", "target": "tgt_key", "both": "{src_key tgt_key}"}


def concordance(conn: sqlite3.Connection, tokens: Sequence[str], *, side: str,
                tgt_lang: str | None, limit: int) -> list[sqlite3.Row]:
    """Units whose folded `side` ("source", "target" or "both") holds the words `tokens` in a
    row, the last one as a prefix; best (bm25) first, then newest."""
    if dialect(conn) == "postgresql":
        return list(_pg().concordance(conn, tokens, side=side, tgt_lang=tgt_lang,
                                            limit=limit))
    refresh(conn)
    query = f"{_COLUMNS[side]} : {_phrase(' '.join(tokens))} *"
    return conn.execute(
        """SELECT u.* FROM tm_fts JOIN tm_units u ON u.id = tm_fts.rowid
           WHERE tm_fts MATCH ? AND (? IS NULL OR u.tgt_lang = ?)
           ORDER BY rank, u.updated_at DESC LIMIT ?""",
        (query, tgt_lang, tgt_lang, limit)).fetchall()


def targets_by_key(conn: sqlite3.Connection, src_lang: str, tgt_lang: str,
                   keys: Iterable[str]) -> dict[str, list[str]]:
    """Targets of the units of a pair whose source match key is one of `keys`, by key."""
    if dialect(conn) == "postgresql":
        return dict(_pg().targets_by_key(conn, src_lang, tgt_lang, keys))
    refresh(conn)
    wanted = {key_hash(k): k for k in keys}
    found: dict[str, list[str]] = {}
    items = list(wanted)
    for start in range(0, len(items), _CHUNK):
        chunk = items[start:start + _CHUNK]
        for source, target, h in conn.execute(
                "SELECT source, target, key_hash FROM tm_units WHERE +src_lang = ?"
                f" AND +tgt_lang = ? AND key_hash IN ({','.join('?' * len(chunk))})",
                [src_lang, tgt_lang, *chunk]):
            key = wanted[h]
            if match_key(source) == key:
                found.setdefault(key, []).append(target)
    return found

