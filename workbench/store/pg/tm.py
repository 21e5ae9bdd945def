"""Translation-memory queries of the PostgreSQL backend (pg_trgm and full-text search).

The SQLite backend answers the same questions with FTS5 (store/tm.py once the TM storage
rework lands, tm/index.py before). Both return candidates only; scoring stays in Python
(rapidfuzz over match keys), so a match scores the same whichever backend found it.
"""

from __future__ import annotations

import sqlite3

from workbench.store.db import transaction
from workbench.text.normalize import match_key

CANDIDATES = 50  # the most similar units by trigrams, handed to the scorer


def fuzzy_candidates(conn: sqlite3.Connection, src_lang: str, tgt_lang: str, text: str, *,
                     min_similarity: float = 0.3, limit: int = CANDIDATES) -> list[sqlite3.Row]:
    """Units of the pair whose folded source shares enough trigrams with `text`'s, most
    similar first. `%` uses the trigram GIN index (its threshold is set for this statement
    only); the ORDER BY ranks the few rows it finds."""
    key = match_key(text)
    with transaction(conn):  # set_config(..., true) lasts until the end of this transaction
        conn.execute("SELECT set_config('pg_trgm.similarity_threshold', ?, true)",
                     (str(min_similarity),))
        return conn.execute(
            "SELECT id, source, target, source_norm, origin, status, segment_id, prev_norm, "
            "next_norm, similarity(source_norm, ?) AS sim FROM tm_units "
            "WHERE source_norm % ? AND src_lang = ? AND tgt_lang = ? "
            "ORDER BY sim DESC, id LIMIT ?", (key, key, src_lang, tgt_lang, limit)).fetchall()


def exact(conn: sqlite3.Connection, src_lang: str, tgt_lang: str,
          text: str) -> list[sqlite3.Row]:
    """Units whose folded source equals `text`'s (the hash index on source_norm)."""
    return conn.execute("SELECT * FROM tm_units WHERE source_norm = ? AND src_lang = ? "
                        "AND tgt_lang = ? ORDER BY id", (match_key(text), src_lang,
                                                         tgt_lang)).fetchall()


def concordance(conn: sqlite3.Connection, query: str, *, side: str = "source",
                src_lang: str | None = None, tgt_lang: str | None = None,
                limit: int = 50) -> list[sqlite3.Row]:
    """Units containing every word of `query` on the source or the target side, folded like
    the index (wb_fold: ي/ی, ك/ک, ZWNJ, digits … do not matter); a word ending in `*` matches
    as a prefix. The query is parsed by the same text-search parser as the stored text, so
    punctuation and apostrophes split words the same way on both."""
    column = {"source": "src_tsv", "target": "tgt_tsv"}[side]
    parts, params = [], []
    for word in query.split():
        if word.endswith("*") and word.rstrip("*"):
            parts.append("to_tsquery('simple', quote_literal(wb_fold(?)) || ':*')")
            params.append(word.rstrip("*"))
        elif word.strip("*"):
            parts.append("plainto_tsquery('simple', wb_fold(?))")
            params.append(word.strip("*"))
    if not parts:
        return []
    where = [f"{column} @@ ({' && '.join(parts)})"]
    if src_lang:
        where.append("src_lang = ?")
        params.append(src_lang)
    if tgt_lang:
        where.append("tgt_lang = ?")
        params.append(tgt_lang)
    return conn.execute(f"SELECT * FROM tm_units WHERE {' AND '.join(where)} "
                        "ORDER BY updated_at DESC, id LIMIT ?", [*params, limit]).fetchall()
