"""The rows exports read: a project's segments with their translations, or its TM units.

Both queries stream from one cursor in document (or TM) order so an export of a million pairs
keeps memory flat; `formats.query` folds consecutive rows of one segment into an ExportUnit.

Who edited a translation comes from `translation_history`: the first change's actor created
it, the last one changed it (TMX creationid/changeid, XLIFF phases and metadata).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class SegmentQuery:
    """Which segments and translations an export wants.

    `all_segments`: every segment of the documents in every target language, with or without
    a translation (the bilingual hand-off); otherwise only translations with text whose status
    is in `statuses` and origin in `origins` (empty: any).
    """

    targets: tuple[str, ...]
    statuses: tuple[str, ...]
    origins: tuple[str, ...] = ()
    doc_id: int | None = None
    all_segments: bool = False


def _in(column: str, values: tuple[str, ...], params: list[object]) -> str:
    params.extend(values)
    return f"{column} IN ({','.join('?' * len(values))})"


def _segment_sql(q: SegmentQuery, *, count: bool) -> tuple[str, list[object]]:
    params: list[object] = []
    langs = " UNION ALL ".join("SELECT CAST(? AS TEXT) AS lang" for _ in q.targets)
    params.extend(q.targets)
    where = ["d.role = 'source'"]
    if q.doc_id is not None:
        where.append("d.id = ?")
        params.append(q.doc_id)
    else:
        where.append("d.is_current = 1")
    if not q.all_segments:
        where += ["t.id IS NOT NULL", "trim(t.text) != ''", _in("t.status", q.statuses, params)]
        if q.origins:
            where.append(_in("t.origin", q.origins, params))
    joins = (f"FROM segments s JOIN documents d ON d.id = s.document_id CROSS JOIN ({langs}) l "
             "LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = l.lang")
    if count:
        return f"SELECT count(DISTINCT s.id) {joins} WHERE {' AND '.join(where)}", params
    actor = ("(SELECT h.actor FROM translation_history h WHERE h.segment_id = s.id AND "
             "h.lang = l.lang ORDER BY h.id {} LIMIT 1)")
    return (f"""SELECT s.id, s.text, s.position, s.passage_id, d.id AS doc_id, d.title,
                       d.version AS doc_version, d.content_hash, d.source_path, d.source_url,
                       d.doc_key, l.lang, t.id AS translation_id, t.text AS target, t.status,
                       t.origin, t.created_at, t.updated_at, t.note,
                       EXISTS (SELECT 1 FROM segment_locks k WHERE k.segment_id = s.id
                               AND k.lang = l.lang) AS locked,
                       {actor.format('ASC')} AS created_by, {actor.format('DESC')} AS changed_by
                {joins} WHERE {' AND '.join(where)} ORDER BY d.id, s.position""", params)


def count_segments(conn: sqlite3.Connection, q: SegmentQuery) -> int:
    """How many segments `segment_rows` will yield rows for."""
    sql, params = _segment_sql(q, count=True)
    return int(conn.execute(sql, params).fetchone()[0])


def segment_rows(conn: sqlite3.Connection, q: SegmentQuery) -> Iterator[sqlite3.Row]:
    """One row per (segment, target language) the query selects, in document order; a
    segment without a translation (all_segments) has NULL translation columns."""
    sql, params = _segment_sql(q, count=False)
    yield from conn.execute(sql, params)


@dataclass(frozen=True)
class TMQuery:
    """Which TM units an export wants (see SegmentQuery)."""

    src_lang: str
    targets: tuple[str, ...]
    statuses: tuple[str, ...]
    origins: tuple[str, ...] = ()
    doc_id: int | None = None


def _tm_sql(q: TMQuery, *, count: bool) -> tuple[str, list[object]]:
    params: list[object] = [q.src_lang]
    where = ["u.src_lang = ?", _in("u.tgt_lang", q.targets, params),
             _in("u.status", q.statuses, params)]
    if q.origins:
        where.append(_in("u.origin", q.origins, params))
    if q.doc_id is not None:
        where.append("u.segment_id IN (SELECT id FROM segments WHERE document_id = ?)")
        params.append(q.doc_id)
    if count:
        return f"SELECT count(*) FROM tm_units u WHERE {' AND '.join(where)}", params
    return f"SELECT u.* FROM tm_units u WHERE {' AND '.join(where)} ORDER BY u.id", params


def count_tm_units(conn: sqlite3.Connection, q: TMQuery) -> int:
    """How many units `tm_rows` will yield."""
    sql, params = _tm_sql(q, count=True)
    return int(conn.execute(sql, params).fetchone()[0])


def tm_rows(conn: sqlite3.Connection, q: TMQuery) -> Iterator[sqlite3.Row]:
    """The TM units the query selects, in the order they were added."""
    sql, params = _tm_sql(q, count=False)
    yield from conn.execute(sql, params)
