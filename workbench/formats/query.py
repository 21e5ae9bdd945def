"""The export query: pairs from the project's documents or from the TM, streamed from SQLite.

Rows come from one cursor ordered by document and position, and consecutive rows of the same
segment are folded into one `ExportUnit`, so memory stays flat however large the project.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from workbench.errors import WorkbenchError
from workbench.formats.model import WHAT, ExportFilter, ExportUnit, TargetText
from workbench.store.translations import ORIGINS, STATUSES, statuses_at_least


def _check(flt: ExportFilter) -> None:
    if not flt.targets:
        raise WorkbenchError("no target language given", hint="pass --to sq,fa,ar")
    if flt.min_status not in STATUSES:
        raise WorkbenchError(f"unknown status {flt.min_status!r}",
                             hint=f"use one of {', '.join(STATUSES)}")
    bad = [o for o in flt.origins if o not in ORIGINS]
    if bad:
        raise WorkbenchError(f"unknown origin {bad[0]!r}", hint=f"use one of {', '.join(ORIGINS)}")
    if flt.what not in WHAT:
        raise WorkbenchError(f"unknown export source {flt.what!r}", hint="use segments or tm")


def _in(column: str, values: tuple[str, ...], params: list[object]) -> str:
    params.extend(values)
    return f"{column} IN ({','.join('?' * len(values))})"


def _segments_sql(flt: ExportFilter, *, count: bool) -> tuple[str, list[object]]:
    params: list[object] = []
    where = ["d.role = 'source'", "trim(t.text) != ''",
             _in("t.lang", flt.targets, params),
             _in("t.status", statuses_at_least(flt.min_status), params)]
    if flt.origins:
        where.append(_in("t.origin", flt.origins, params))
    if flt.doc_id is not None:
        where.append("d.id = ?")
        params.append(flt.doc_id)
    else:
        where.append("d.is_current = 1")
    joins = ("FROM segments s JOIN documents d ON d.id = s.document_id "
             "JOIN translations t ON t.segment_id = s.id")
    if count:
        return f"SELECT count(DISTINCT s.id) {joins} WHERE {' AND '.join(where)}", params
    return (f"SELECT s.id, s.text, s.passage_id, d.id AS doc_id, d.title, "
            f"coalesce(d.source_path, d.source_url, d.doc_key) AS doc_path, t.lang, "
            f"t.text AS target, t.status, t.origin, t.created_at, t.updated_at {joins} "
            f"WHERE {' AND '.join(where)} ORDER BY d.id, s.position", params)


def _tm_sql(flt: ExportFilter, *, count: bool) -> tuple[str, list[object]]:
    params: list[object] = [flt.src_lang]
    where = ["u.src_lang = ?", _in("u.tgt_lang", flt.targets, params),
             _in("u.status", statuses_at_least(flt.min_status), params)]
    if flt.origins:
        where.append(_in("u.origin", flt.origins, params))
    if flt.doc_id is not None:
        where.append("u.segment_id IN (SELECT id FROM segments WHERE document_id = ?)")
        params.append(flt.doc_id)
    if count:
        return f"SELECT count(*) FROM tm_units u WHERE {' AND '.join(where)}", params
    return (f"SELECT u.* FROM tm_units u WHERE {' AND '.join(where)} ORDER BY u.id", params)


def count_units(conn: sqlite3.Connection, flt: ExportFilter) -> int:
    """How many units `iter_units` will yield (for progress)."""
    _check(flt)
    sql, params = (_tm_sql if flt.what == "tm" else _segments_sql)(flt, count=True)
    return int(conn.execute(sql, params).fetchone()[0])


def iter_units(conn: sqlite3.Connection, flt: ExportFilter) -> Iterator[ExportUnit]:
    """Every unit passing the filter, in document order (TM: in the order units were added)."""
    _check(flt)
    if flt.what == "tm":
        yield from _tm_units(conn, flt)
    else:
        yield from _segment_units(conn, flt)


def _segment_units(conn: sqlite3.Connection, flt: ExportFilter) -> Iterator[ExportUnit]:
    sql, params = _segments_sql(flt, count=False)
    order = {lang: i for i, lang in enumerate(flt.targets)}
    head: sqlite3.Row | None = None
    targets: list[TargetText] = []
    for row in conn.execute(sql, params):
        if head is not None and row["id"] != head["id"]:
            yield _segment_unit(head, targets, flt.src_lang, order)
            targets = []
        head = row
        targets.append(TargetText(row["lang"], row["target"], row["status"], row["origin"],
                                  row["created_at"], row["updated_at"]))
    if head is not None:
        yield _segment_unit(head, targets, flt.src_lang, order)


def _segment_unit(row: sqlite3.Row, targets: list[TargetText], src_lang: str,
                  order: dict[str, int]) -> ExportUnit:
    return ExportUnit(key=f"s{row['id']}", src_lang=src_lang, source=row["text"],
                      targets=tuple(sorted(targets, key=lambda t: order[t.lang])),
                      document_id=row["doc_id"], document=row["title"],
                      document_path=row["doc_path"], passage_id=row["passage_id"])


def _tm_units(conn: sqlite3.Connection, flt: ExportFilter) -> Iterator[ExportUnit]:
    sql, params = _tm_sql(flt, count=False)
    for row in conn.execute(sql, params):
        yield ExportUnit(key=f"tm{row['id']}", src_lang=row["src_lang"], source=row["source"],
                         targets=(TargetText(row["tgt_lang"], row["target"], row["status"],
                                             row["origin"], row["created_at"],
                                             row["updated_at"]),),
                         note=row["note"])
