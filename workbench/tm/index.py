"""The TM's search indexes: FTS5 over folded text, plus per-word frequencies.

* `tm_fts` (rowid = unit id): folded source and target, for concordance (phrase search).
* `tm_cand`: each unit's distinct source words prefixed with its language pair, row ids only —
  the candidate index of fuzzy lookup (posting lists of a query's rarest words). Prefixing
  keeps one pair's lists free of the other pairs' units, which an AND on a pair column would
  have to skip at query time (measured 5x slower).
* `tm_token_df`: how many units of a pair contain each word, to pick the rarest words.

The text is `match_key`-folded, which needs Python, so SQL triggers only queue changed unit ids
(`tm_index_queue`) and `refresh` indexes them. Every reader calls `refresh` first, which makes the
index exact at query time whoever wrote the units (add_units, the translation sync, a delete).
"""

from __future__ import annotations

import sqlite3
from collections import Counter

from workbench.progress import ProgressFn, report
from workbench.store.db import transaction
from workbench.text.normalize import match_key
from workbench.text.scripts import words

BATCH = 5000


def pair_key(src_lang: str, tgt_lang: str) -> str:
    """The `pair` column value (and tm_token_df key) of a language pair, e.g. "en fa"."""
    return f"{src_lang.lower()} {tgt_lang.lower()}"


def key_tokens(key: str) -> list[str]:
    """Word tokens of a match key: the unit of TM similarity and of the frequency table."""
    return words(key)


def cand_token(pair: str, token: str) -> str:
    """The `tm_cand` term of a word in a pair: one FTS token ("en_fa_don_t"), since the
    table's tokenizer keeps letters, digits and '_' together and splits on everything else."""
    return "".join(c if c.isalnum() else "_" for c in f"{pair} {token}")


def _cand_text(pair: str, tokens: set[str]) -> str:
    return " ".join(cand_token(pair, t) for t in sorted(tokens))


def pending(conn: sqlite3.Connection) -> int:
    """How many units wait to be (re)indexed."""
    return int(conn.execute("SELECT count(*) FROM tm_index_queue").fetchone()[0])


def refresh(conn: sqlite3.Connection, *, progress: ProgressFn | None = None) -> int:
    """Index every queued unit (inserted, changed or deleted); returns how many were processed.

    Cheap when nothing is queued (one indexed query), so callers run it before every search.
    """
    _memory_map(conn)
    total = pending(conn)
    if not total:
        return 0
    done = 0
    with transaction(conn):
        while True:
            ids = [r[0] for r in conn.execute(
                "SELECT unit_id FROM tm_index_queue ORDER BY unit_id LIMIT ?", (BATCH,))]
            if not ids:
                break
            _reindex(conn, ids)
            done += len(ids)
            report(progress, done, total)
    return done


def _memory_map(conn: sqlite3.Connection) -> None:
    """Let SQLite read the file through mmap (clamped to its compile-time maximum, ~2 GB).

    A fuzzy lookup touches a few hundred scattered pages of a large memory; through read()
    each costs a system call and a copy. Measured at 1M units: lookups ~30% faster.
    """
    if not conn.execute("PRAGMA mmap_size").fetchone()[0]:
        conn.execute(f"PRAGMA mmap_size = {1 << 34}")


def _reindex(conn: sqlite3.Connection, ids: list[int]) -> None:
    """Replace the index rows of `ids` by their current state and adjust word frequencies."""
    marks = ",".join("?" * len(ids))
    delta: Counter[tuple[str, str]] = Counter()
    stale = []
    for r in conn.execute(f"SELECT rowid, pair, src_key FROM tm_fts WHERE rowid IN ({marks})",
                          ids):
        tokens = set(key_tokens(r[2]))
        delta.update({(r[1], tok): -1 for tok in tokens})
        # A contentless table forgets a row only when told exactly what it indexed.
        stale.append((r[0], _cand_text(r[1], tokens)))
    conn.executemany("INSERT INTO tm_cand(tm_cand, rowid, tokens) VALUES ('delete', ?, ?)",
                     stale)
    conn.execute(f"DELETE FROM tm_fts WHERE rowid IN ({marks})", ids)
    rows, cand = [], []
    for r in conn.execute("SELECT id, src_lang, tgt_lang, source_norm, target FROM tm_units"
                          f" WHERE id IN ({marks})", ids):
        pair = pair_key(r[1], r[2])
        tokens = set(key_tokens(r[3]))
        rows.append((r[0], pair, r[3], match_key(r[4])))
        cand.append((r[0], _cand_text(pair, tokens)))
        delta.update({(pair, tok): 1 for tok in tokens})
    conn.executemany("INSERT INTO tm_fts(rowid, pair, src_key, tgt_key) VALUES (?,?,?,?)", rows)
    conn.executemany("INSERT INTO tm_cand(rowid, tokens) VALUES (?,?)", cand)
    changes = [(pair, tok, n) for (pair, tok), n in delta.items() if n]
    conn.executemany(
        "INSERT INTO tm_token_df(pair, token, df) VALUES (?,?,?) ON CONFLICT(pair, token)"
        " DO UPDATE SET df = df + excluded.df", changes)
    if any(n < 0 for *_, n in changes):
        conn.execute("DELETE FROM tm_token_df WHERE df <= 0")
    conn.execute(f"DELETE FROM tm_index_queue WHERE unit_id IN ({marks})", ids)


def document_frequencies(conn: sqlite3.Connection, pair: str,
                         tokens: list[str]) -> dict[str, int]:
    """How many units of `pair` contain each token (absent tokens are left out)."""
    if not tokens:
        return {}
    marks = ",".join("?" * len(tokens))
    return {r[0]: r[1] for r in conn.execute(
        f"SELECT token, df FROM tm_token_df WHERE pair = ? AND token IN ({marks})",
        [pair, *tokens])}


def fts_phrase(text: str) -> str:
    """`text` as one FTS5 phrase (double quotes doubled), so user text is never query syntax."""
    return '"' + text.replace('"', '""') + '"'


def overlap_candidates(conn: sqlite3.Connection, pair: str, tokens: list[str],
                       limit: int) -> list[tuple[int, str]]:
    """(unit id, source key) of the `limit` units of `pair` containing most of `tokens`
    (ties: newest unit first).

    Reading, counting and ranking the posting lists all happen inside SQLite: fetching tens of
    thousands of ids into Python to count them there is several times slower.
    """
    if not tokens:
        return []
    union = " UNION ALL ".join(["SELECT rowid AS id FROM tm_cand WHERE tm_cand MATCH ?"]
                               * len(tokens))
    return conn.execute(
        f"""SELECT u.id, u.source_norm FROM (
              SELECT id, count(*) AS n FROM ({union}) GROUP BY id ORDER BY n DESC, id DESC
              LIMIT ?) AS top JOIN tm_units u ON u.id = top.id""",
        [*(fts_phrase(cand_token(pair, t)) for t in tokens), limit]).fetchall()
