"""Inline codes of segments: the markup behind each code character (see `text.codes`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping

from workbench.text.codes import CodeTable, InlineCode

_COLUMNS = "segment_id, code_id, kind, name, open, close, text"


def code_rows(segment_id: int, table: Mapping[int, InlineCode]
              ) -> list[tuple[int, int, str, str, str, str, str]]:
    """The rows that store `table` for one segment."""
    return [(segment_id, c.id, c.kind, c.name, c.open, c.close, c.text) for c in table.values()]


def save_codes(conn: sqlite3.Connection,
               rows: Iterable[tuple[int, int, str, str, str, str, str]]) -> None:
    """Insert code rows (inside the caller's transaction)."""
    conn.executemany(f"INSERT INTO segment_codes({_COLUMNS}) VALUES (?,?,?,?,?,?,?)", rows)


def segment_codes(conn: sqlite3.Connection, segment_id: int) -> CodeTable:
    """The codes of one segment, by id (empty for a segment without markup)."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM segment_codes WHERE segment_id = ?",
                        (segment_id,)).fetchall()
    return {r["code_id"]: _code(r) for r in rows}


def document_codes(conn: sqlite3.Connection, doc_id: int) -> dict[int, CodeTable]:
    """The codes of every segment of a document that has some, by segment id."""
    rows = conn.execute(
        f"SELECT {', '.join('c.' + c.strip() for c in _COLUMNS.split(','))} "
        "FROM segment_codes c JOIN segments s ON s.id = c.segment_id WHERE s.document_id = ?",
        (doc_id,)).fetchall()
    out: dict[int, CodeTable] = {}
    for r in rows:
        out.setdefault(r["segment_id"], {})[r["code_id"]] = _code(r)
    return out


def _code(r: sqlite3.Row) -> InlineCode:
    return InlineCode(r["code_id"], r["kind"], r["name"], r["open"], r["close"], r["text"])
