"""The MT area's SQL: which segments need a suggestion, and the translation cache table.

`mt_cache` (migration 0050) holds raw model output per (model key, source text); `mt/cache.py`
keeps an in-memory LRU in front of it. Writes go through `transaction`, so a writer waits the
store's bounded time for the lock and then raises `ProjectBusyError` like every other writer,
never "database is locked".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

from workbench.store.db import dialect, now, transaction
from workbench.store.locks import NOT_LOCKED

_CHUNK = 400  # SQLite parameters per IN (...) lookup


def cached_outputs(conn: sqlite3.Connection, model_key: str,
                   texts: Sequence[str]) -> Iterator[tuple[str, str, bool]]:
    """(source, output, ended) for whichever of `texts` the cache holds for `model_key`."""
    for i in range(0, len(texts), _CHUNK):
        chunk = list(texts[i:i + _CHUNK])
        rows = conn.execute(
            f"SELECT source, output, ended FROM mt_cache WHERE model_key = ? "
            f"AND source IN ({','.join('?' * len(chunk))})", (model_key, *chunk))
        for row in rows:
            yield row[0], row[1], bool(row[2])


def store_outputs(conn: sqlite3.Connection, model_key: str,
                  items: Sequence[tuple[str, str, bool]]) -> None:
    """Remember (source, output, ended) triples in one transaction."""
    stamp = now()
    # The key is (model_key, source) on SQLite; PostgreSQL's unique index hashes the source
    # (a B-tree entry cannot hold a long text), so the conflict target is spelled per backend.
    key = "model_key, md5(source)" if dialect(conn) == "postgresql" else "model_key, source"
    with transaction(conn):
        conn.executemany(
            "INSERT INTO mt_cache(model_key, source, output, ended, created_at)"
            f" VALUES (?,?,?,?,?) ON CONFLICT({key}) DO UPDATE SET output = excluded.output,"
            " ended = excluded.ended, created_at = excluded.created_at",
            [(model_key, src, out, int(ended), stamp) for src, out, ended in items])


def pending_segments(conn: sqlite3.Connection, lang: str, model: str, *,
                     doc_id: int | None = None, segment_ids: Sequence[int] | None = None,
                     overwrite: bool = False) -> list[sqlite3.Row]:
    """Source segments that need an MT suggestion in `lang` from `model`.

    Skipped: segments already written in `lang`, segments locked in `lang`; for whole-project/document runs, segments the
    translator has already translated (status beyond 'new'); unless `overwrite`, segments that
    already have this model's suggestion. Explicit `segment_ids` are always offered MT.
    """
    where = ["d.role = 'source'", "d.is_current = 1", "coalesce(s.lang, '') != ?", NOT_LOCKED]
    params: list[object] = [lang, lang, lang, lang]
    if doc_id is not None:
        where.append("d.id = ?")
        params.append(doc_id)
    if segment_ids is not None:
        ids = list(segment_ids)
        where.append(f"s.id IN ({','.join('?' * len(ids))})" if ids else "1 = 0")
        params += ids
    else:
        where.append("(t.id IS NULL OR t.status = 'new' OR t.text = '')")
    if not overwrite:
        where.append("(g.id IS NULL OR g.model != ?)")
        params.append(model)
    return conn.execute(
        f"""SELECT s.id, s.text FROM segments s JOIN documents d ON d.id = s.document_id
            LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = ?
            LEFT JOIN suggestions g ON g.segment_id = s.id AND g.lang = ? AND g.kind = 'mt'
            WHERE {' AND '.join(where)} ORDER BY s.document_id, s.position""",
        params).fetchall()
