"""The translation memory's queries on PostgreSQL: store.tm's interface, the PostgreSQL way.

`workbench.store.tm` dispatches here on a team project; the TM features (`workbench.tm`) never
know which backend answers. What differs from SQLite (0750_tm_rare_words.sql):

* **Fuzzy candidates** come from the same terms as SQLite's `tm_post` (a source's word pairs,
  and its words when it is short; `store.tm.cand_text`), stored as 32-bit hashes in
  `tm_units.cand_terms` and, one row per (term, unit), in the B-tree table `tm_cand`
  (0720_tm_cand_postings.sql), which statement triggers keep equal to cand_terms; and the same
  rarest-terms-first choice (`store.tm.rarest_grams`) over `tm_token_df`, which statement
  triggers keep exact. So both backends return the same candidates and the scorer (Python,
  rapidfuzz) ranks them alike. A lookup's posting lists are one statement of index-only range
  scans that stop when enough ids were read (`_postings`); the GIN index over cand_terms it replaces fetched a tm_units row for
  every posting, and the trigram index before that read every unit sharing any three letters
  with the query.
* **Concordance** is full-text search over the folded text (`wb_fold`, which agrees with
  match_key): a tsvector per side, GIN-indexed, a phrase query whose last word is a prefix.
* **Indexing happens when a unit is written** (`index_values`, computed in Python because the
  folding and tokenising rules live there); there is no queue to drain, so `refresh` only
  catches units written without them (plain SQL, an older client).
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

from workbench.progress import ProgressFn, report
from workbench.store import tm as base
from workbench.store import tm_terms as terms
from workbench.store.db import transaction
from workbench.text.normalize import match_key

_MIN_INT = 1 << 31
_COLUMNS = {"source": "src_tsv @@ q", "target": "tgt_tsv @@ q",
            "both": "(src_tsv @@ q OR tgt_tsv @@ q)"}
_UNIT_COLUMNS = ("src_lang", "tgt_lang", "source", "target", "origin", "status", "origin_ref",
                 "created_at", "updated_at", "note", "src_tag", "tgt_tag", "created_by",
                 "changed_by", "key_hash", "cand_terms", "df_words")


def term_hash(term: str) -> int:
    """A candidate term as a signed 32-bit integer (CRC-32: fast, and a collision only costs
    a candidate the scorer rejects)."""
    h = zlib.crc32(term.encode("utf-8"))
    return h - (1 << 32) if h >= _MIN_INT else h


def index_values(src_lang: str, tgt_lang: str, source: str) -> dict[str, Any]:
    """The index columns of a unit: key_hash, cand_terms, df_words (see the module doc)."""
    key = match_key(source)
    tokens = terms.key_tokens(key)
    prefix = terms.term_prefix(terms.pair_key(src_lang, tgt_lang))
    text = base.cand_text(prefix, tokens)
    return {"key_hash": terms.key_hash(key),
            "cand_terms": sorted({term_hash(t) for t in text.split()}) if text else [],
            "df_words": sorted({term_hash(base.cand_term(prefix, (t,))) for t in tokens})}


# --- keeping the indexes in step ---------------------------------------------------------------

def pending(conn: sqlite3.Connection) -> int:
    """Units written without their index columns."""
    return int(conn.execute("SELECT count(*) FROM tm_units WHERE df_words IS NULL"
                            ).fetchone()[0])


def refresh(conn: sqlite3.Connection, *, progress: ProgressFn | None = None) -> int:
    """Index units written without their index columns (normally none: one index probe)."""
    if conn.execute("SELECT 1 FROM tm_units WHERE df_words IS NULL LIMIT 1").fetchone() is None:
        return 0
    return _index_where(conn, "df_words IS NULL", progress)


def rebuild(conn: sqlite3.Connection, *, progress: ProgressFn | None = None) -> int:
    """Recompute every unit's index columns (after a change to the folding or the terms)."""
    return _index_where(conn, "true", progress)


def _index_where(conn: sqlite3.Connection, where: str, progress: ProgressFn | None) -> int:
    total = int(conn.execute(f"SELECT count(*) FROM tm_units WHERE {where}").fetchone()[0])
    done, after = 0, 0
    while True:
        rows = conn.execute(f"SELECT id, src_lang, tgt_lang, source FROM tm_units WHERE {where}"
                            " AND id > ? ORDER BY id LIMIT ?", (after, base.BATCH)).fetchall()
        if not rows:
            return done
        with transaction(conn):
            conn.executemany(
                "UPDATE tm_units SET key_hash = ?, cand_terms = ?, df_words = ? WHERE id = ?",
                [(*index_values(r[1], r[2], r[3]).values(), r[0]) for r in rows])
        after = rows[-1][0]
        done += len(rows)
        report(progress, done, total)


# --- adding pairs ------------------------------------------------------------------------------

def add_units(conn: sqlite3.Connection, rows: Iterable[base.UnitRow], *,
              batch_size: int = base.BATCH, progress: ProgressFn | None = None,
              stored: Callable[[list[base.UnitRow]], None] | None = None) -> int:
    """store.tm.add_units on PostgreSQL: same duplicate rules, one statement per batch.

    A pair met twice in a batch is merged first (`store.tm._later`), then the batch is one
    INSERT … ON CONFLICT on the pair's unique index, so two admins importing the same file at
    once still store each pair once.
    """
    it = iter(rows)
    done = 0
    while batch := list(islice(it, batch_size)):
        merged: dict[tuple[str, str, str, str], base.UnitRow] = {}
        for row in batch:
            ident = (row.src_lang, row.tgt_lang, row.source, row.target)
            merged[ident] = base.later(merged[ident], row) if ident in merged else row
        values = [[*r, *index_values(r.src_lang, r.tgt_lang, r.source).values()]
                  for r in merged.values()]
        columns = list(zip(*values, strict=True))
        casts = ["text[]"] * 14 + ["bigint[]", "text[]", "text[]"]
        arrays = [list(col) for col in columns[:15]] + [
            [_int_array(v) for v in col] for col in columns[15:]]
        select = ", ".join(f"?::{c}" for c in casts)
        outputs = ", ".join(_UNIT_COLUMNS[:15]) + ", c::integer[], w::integer[]"
        with transaction(conn):
            conn.execute(
                f"INSERT INTO tm_units({', '.join(_UNIT_COLUMNS)})"
                f" SELECT {outputs} FROM unnest({select})"
                f" AS v({', '.join(_UNIT_COLUMNS[:15])}, c, w)"
                " ON CONFLICT (src_lang, tgt_lang, md5(source), md5(target))"
                " WHERE segment_id IS NULL DO UPDATE SET origin = excluded.origin,"
                " status = excluded.status, origin_ref = excluded.origin_ref,"
                " note = coalesce(excluded.note, tm_units.note),"
                " src_tag = coalesce(excluded.src_tag, tm_units.src_tag),"
                " tgt_tag = coalesce(excluded.tgt_tag, tm_units.tgt_tag),"
                " created_by = coalesce(tm_units.created_by, excluded.created_by),"
                " changed_by = coalesce(excluded.changed_by, tm_units.changed_by),"
                " updated_at = greatest(tm_units.updated_at, excluded.updated_at)",
                arrays)
            if stored:
                stored(batch)
        done += len(batch)
        report(progress, done, 0)
    return done


def _int_array(values: Sequence[int]) -> str:
    """An integer list as an array literal (unnest cannot take a ragged array of arrays)."""
    return "{" + ",".join(map(str, values)) + "}"


# --- reading -----------------------------------------------------------------------------------

def exact_ids(conn: sqlite3.Connection, key: str) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM tm_units WHERE key_hash = ?",
                                       (terms.key_hash(key),))]


def units(conn: sqlite3.Connection, ids: Iterable[int], src_lang: str,
          tgt_lang: str) -> list[sqlite3.Row]:
    return conn.execute(  # type: ignore[no-any-return]
        "SELECT id, source, target, origin, updated_at, segment_id, prev_norm, next_norm"
        " FROM tm_units WHERE id = ANY(?) AND src_lang = ? AND tgt_lang = ?",
        (list(ids), src_lang, tgt_lang)).fetchall()


def candidates(conn: sqlite3.Connection, src_lang: str, tgt_lang: str, tokens: list[str],
               min_score: int, *, limit: int, max_postings: int) -> list[tuple[int, str]]:
    """store.tm.candidates on PostgreSQL (the same terms, the same bound)."""
    prefix = terms.term_prefix(terms.pair_key(src_lang, tgt_lang))
    words = {t: term_hash(base.cand_term(prefix, (t,))) for t in set(tokens)}
    df = {}
    if words:
        counts = dict(conn.execute("SELECT word, df FROM tm_token_df WHERE word = ANY(?)"
                                   " AND df > 0", (list(words.values()),)).fetchall())
        df = {t: counts[h] for t, h in words.items() if h in counts}
    grams = base.rarest_grams(tokens, df, min_score)
    if not grams:
        return []
    hashes = [term_hash(base.cand_term(prefix, g)) for g in grams]
    ids = base.most_shared(_postings(conn, hashes, max_postings), limit, max_postings)
    if not ids:
        return []
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT id, source FROM tm_units WHERE id = ANY(?)", (ids,))]


def _postings(conn: sqlite3.Connection, hashes: list[int], max_postings: int) -> list[list[int]]:
    """The posting lists (unit ids, ascending) of `hashes` in that order, as many as
    `most_shared` reads: the next list is read only while fewer than `max_postings` ids came
    before it, and none is longer than that. One statement: each list is an index-only range
    scan of tm_cand (0720_tm_cand_postings.sql), and the recursion stops where the budget is
    spent, so the long lists of common word pairs at the end are never read."""
    return [r[0] for r in conn.execute(
        "WITH RECURSIVE r(n, ids, total) AS (SELECT 0, NULL::bigint[], 0 UNION ALL"
        " SELECT r.n + 1, l.ids, r.total + cardinality(l.ids) FROM r, LATERAL (SELECT"
        " ARRAY(SELECT c.unit_id FROM tm_cand c WHERE c.term = (?::integer[])[r.n + 1]"
        " ORDER BY c.unit_id LIMIT ?) AS ids) l WHERE r.total < ? AND r.n < ?)"
        " SELECT ids FROM r WHERE n > 0 ORDER BY n",
        (hashes, max_postings, max_postings, len(hashes)))]


def concordance(conn: sqlite3.Connection, tokens: Sequence[str], *, side: str,
                tgt_lang: str | None, limit: int) -> list[sqlite3.Row]:
    """Units whose folded `side` holds `tokens` in a row, the last as a prefix; best ranked
    first, then newest. The words go through the server's text-search parser, as the stored
    text did, so both split words alike."""
    *head, last = tokens
    query = "to_tsquery('simple', quote_literal(wb_fold(?)) || ':*')"
    params: list[object] = [last]
    if head:
        query = f"tsquery_phrase(phraseto_tsquery('simple', wb_fold(?)), {query})"
        params.insert(0, " ".join(head))
    rank = {"source": "ts_rank(src_tsv, q)", "target": "ts_rank(tgt_tsv, q)",
            "both": "greatest(ts_rank(src_tsv, q), ts_rank(tgt_tsv, q))"}[side]
    return conn.execute(  # type: ignore[no-any-return]
        f"SELECT u.* FROM tm_units u, {query} AS q WHERE {_COLUMNS[side]}"
        f" AND (?::text IS NULL OR u.tgt_lang = ?) ORDER BY {rank} DESC, u.updated_at DESC,"
        " u.id DESC LIMIT ?", (*params, tgt_lang, tgt_lang, limit)).fetchall()


def targets_by_key(conn: sqlite3.Connection, src_lang: str, tgt_lang: str,
                   keys: Iterable[str]) -> dict[str, list[str]]:
    wanted = {terms.key_hash(k): k for k in keys}
    found: dict[str, list[str]] = {}
    for source, target, h in conn.execute(
            "SELECT source, target, key_hash FROM tm_units WHERE src_lang = ? AND tgt_lang = ?"
            " AND key_hash = ANY(?)", (src_lang, tgt_lang, list(wanted))):
        key = wanted[h]
        if match_key(source) == key:
            found.setdefault(key, []).append(target)
    return found
