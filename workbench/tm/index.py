"""The TM's search indexes: FTS5 over folded text, plus per-word frequencies.

* `tm_fts` (rowid = unit id): folded source and target, for concordance (phrase search).
* `tm_cand`: each unit's distinct source words and word pairs, prefixed with its language pair,
  row ids only — the candidate index of fuzzy lookup (posting lists of a query's rarest word
  pairs). Prefixing keeps one pair's lists free of the other pairs' units, which an AND on a
  pair column would have to skip at query time (measured 5x slower).
* `tm_token_df`: how many units of a pair contain each word, to pick the rarest words.

The text is `match_key`-folded, which needs Python, so SQL triggers only queue changed unit ids
(`tm_index_queue`) and `refresh` indexes them. Every reader calls `refresh` first, which makes the
index exact at query time whoever wrote the units (add_units, the translation sync, a delete).
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from itertools import islice

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


_NOT_WORD = re.compile(r"\W")  # everything but letters, digits and '_' (str.isalnum + '_')
SHORT = 3  # queries of up to SHORT words are looked up by single words, longer ones by pairs


def cand_term(pair: str, gram: tuple[str, ...]) -> str:
    """The `tm_cand` term of a word or word pair in a language pair, as one FTS token
    ("en_fa_1_council", "en_fa_2_the_council"): the table's tokenizer keeps letters, digits
    and '_' together and splits on everything else."""
    return _NOT_WORD.sub("_", f"{pair} {len(gram)} {' '.join(gram)}")


def query_grams(tokens: list[str]) -> list[tuple[str, ...]]:
    """What a query is looked up by: its word pairs, or for a short query its words.

    Pairs are far more selective than words (the list for "of" is long, most pairs' lists are
    short), so a long query reads short lists; a short query has too few pairs to rely on.
    """
    if len(tokens) <= SHORT:
        return [(t,) for t in tokens]
    return list(zip(tokens, tokens[1:], strict=False))


def _cand_text(pair: str, tokens: list[str]) -> str:
    """Every unit is indexed by its words and its word pairs (the `cand_term`s, built from
    words sanitised once: 40+ terms per unit make this the hot loop of indexing)."""
    p = _NOT_WORD.sub("_", pair)
    safe = [_NOT_WORD.sub("_", t) for t in tokens]
    terms = {f"{p}_1_{t}" for t in safe}
    terms.update(f"{p}_2_{a}_{b}" for a, b in zip(safe, safe[1:], strict=False))
    return " ".join(sorted(terms))


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


def rebuild(conn: sqlite3.Connection, *, progress: ProgressFn | None = None) -> int:
    """Drop every index entry and index all units again (after a change of index format, or
    to compact the index after a bulk import); returns how many units were indexed."""
    with transaction(conn):
        conn.execute("DELETE FROM tm_fts")
        conn.execute("INSERT INTO tm_cand(tm_cand) VALUES ('delete-all')")
        conn.execute("DELETE FROM tm_token_df")
        conn.execute("INSERT OR IGNORE INTO tm_index_queue(unit_id) SELECT id FROM tm_units")
        return refresh(conn, progress=progress)


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
        tokens = key_tokens(r[2])
        delta.update({(r[1], tok): -1 for tok in set(tokens)})
        # A contentless table forgets a row only when told exactly what it indexed.
        stale.append((r[0], _cand_text(r[1], tokens)))
    conn.executemany("INSERT INTO tm_cand(tm_cand, rowid, tokens) VALUES ('delete', ?, ?)",
                     stale)
    conn.execute(f"DELETE FROM tm_fts WHERE rowid IN ({marks})", ids)
    rows, cand = [], []
    for r in conn.execute("SELECT id, src_lang, tgt_lang, source_norm, target FROM tm_units"
                          f" WHERE id IN ({marks})", ids):
        pair = pair_key(r[1], r[2])
        tokens = key_tokens(r[3])
        rows.append((r[0], pair, r[3], match_key(r[4])))
        cand.append((r[0], _cand_text(pair, tokens)))
        delta.update({(pair, tok): 1 for tok in set(tokens)})
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


def overlap_candidates(conn: sqlite3.Connection, pair: str, terms: list[tuple[str, ...]],
                       limit: int, max_postings: int) -> list[tuple[int, str]]:
    """(unit id, source key) of the `limit` units of `pair` containing most of `terms` (words
    or word pairs, see `query_grams`; read in the order given until `max_postings` ids were read;
    among equals, units found in the first lists win).

    Each posting list comes back as one group_concat string (SQLite walks a 10,000-entry list
    in about a millisecond; fetching it row by row takes several), counting is one C-level
    Counter update per list, and the cut-off is found on the histogram of counts instead of
    by sorting every id — a GROUP BY inside SQLite measured several times slower.
    """
    hits: Counter[str] = Counter()
    read = 0
    for gram in terms:
        if read >= max_postings:
            break
        row = conn.execute("SELECT group_concat(rowid) FROM tm_cand WHERE tm_cand MATCH ?",
                           (fts_phrase(cand_term(pair, gram)),)).fetchone()
        if row[0]:
            posting = row[0].split(",")
            read += len(posting)
            hits.update(posting)
    if len(hits) > limit:
        histogram = Counter(hits.values())
        kept, cut = 0, max(histogram)
        while cut > 1 and kept + histogram[cut] < limit:
            kept += histogram[cut]
            cut -= 1
        above = [int(uid) for uid, n in hits.items() if n > cut]
        at_cut = (int(uid) for uid, n in hits.items() if n == cut)  # first lists' units first
        ids = above + list(islice(at_cut, limit - len(above)))
    else:
        ids = [int(uid) for uid in hits]
    rows: list[tuple[int, str]] = []
    for i in range(0, len(ids), 900):
        chunk = ids[i:i + 900]
        rows += conn.execute(f"SELECT id, source_norm FROM tm_units WHERE id IN"
                             f" ({','.join('?' * len(chunk))})", chunk).fetchall()
    return rows
