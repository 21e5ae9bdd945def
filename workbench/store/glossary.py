"""The glossary's tables and every query on them (both backends).

`workbench.glossary.store` owns the rules (merging duplicates, keeping the stored approved
rendering); this module only reads and writes rows. Terms arrive already cleaned and keyed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from workbench.store.db import transaction

ConceptRow = tuple[str, str, str, str]     # id, domain, note, do_not_translate
TermRow = tuple[str, str, str, str]        # concept_id, lang, kind, term


def revision(conn: sqlite3.Connection) -> int:
    """The glossary revision: changes whenever any concept or term changes."""
    return int(conn.execute("SELECT revision FROM glossary_state WHERE id = 1").fetchone()[0])


def count_concepts(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM glossary_concepts").fetchone()[0])


def concept_rows(conn: sqlite3.Connection,
                 ids: Sequence[str] | None = None) -> tuple[list[ConceptRow], list[TermRow]]:
    """Concepts (all, or those in `ids`) in id order, and their terms in display order."""
    if ids is not None and not ids:
        return [], []
    where = f"WHERE id IN ({','.join('?' * len(ids))})" if ids is not None else ""
    params = list(ids or ())
    concepts = [(r[0], r[1], r[2], r[3]) for r in conn.execute(
        f"SELECT id, domain, note, do_not_translate FROM glossary_concepts {where} ORDER BY id",
        params)]
    terms = [(r[0], r[1], r[2], r[3]) for r in conn.execute(
        "SELECT concept_id, lang, kind, term FROM glossary_terms "
        f"{where.replace('id IN', 'concept_id IN')} "
        "ORDER BY concept_id, lang, kind, position, id", params)]
    return concepts, terms


def delete_concept(conn: sqlite3.Connection, concept_id: str) -> bool:
    """Remove a concept and its terms; False when there is no such concept."""
    with transaction(conn):
        return conn.execute("DELETE FROM glossary_concepts WHERE id = ?",
                            (concept_id,)).rowcount > 0


def concept_with_term(conn: sqlite3.Connection, concept_id: str, lang: str,
                      keys: Sequence[str]) -> str | None:
    """`concept_id` when that concept has a term in `lang` with one of the match `keys`."""
    row = conn.execute("SELECT concept_id FROM glossary_terms WHERE concept_id = ? AND lang = ? "
                       f"AND norm IN ({','.join('?' * len(keys))})",
                       (concept_id, lang, *keys)).fetchone()
    return str(row[0]) if row else None


def concept_by_allowed_term(conn: sqlite3.Connection, lang: str, key: str) -> str | None:
    """A concept with a preferred or variant term of match key `key` in `lang`."""
    row = conn.execute("SELECT concept_id FROM glossary_terms WHERE lang = ? AND norm = ? "
                       "AND kind IN ('preferred', 'variant') ORDER BY concept_id LIMIT 1",
                       (lang, key)).fetchone()
    return str(row[0]) if row else None


def concept_exists(conn: sqlite3.Connection, concept_id: str) -> bool:
    return conn.execute("SELECT 1 FROM glossary_concepts WHERE id = ?",
                        (concept_id,)).fetchone() is not None


def insert_concept(conn: sqlite3.Connection, row: ConceptRow, origin: str, stamp: str) -> None:
    conn.execute("INSERT INTO glossary_concepts(id, domain, note, do_not_translate, origin, "
                 "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (*row, origin, stamp, stamp))


def update_concept(conn: sqlite3.Connection, row: ConceptRow, stamp: str) -> None:
    """Replace a concept's fields and drop its terms (the caller inserts the merged ones)."""
    concept_id, domain, note, dnt = row
    conn.execute("DELETE FROM glossary_terms WHERE concept_id = ?", (concept_id,))
    conn.execute("UPDATE glossary_concepts SET domain = ?, note = ?, do_not_translate = ?,"
                 " updated_at = ? WHERE id = ?", (domain, note, dnt, stamp, concept_id))


def insert_terms(conn: sqlite3.Connection,
                 rows: Iterable[tuple[str, str, str, str, str, int]]) -> None:
    """(concept_id, lang, kind, term, norm, position) rows."""
    rows = list(rows)
    if rows:
        conn.executemany("INSERT INTO glossary_terms(concept_id, lang, kind, term, norm, "
                         "position) VALUES (?, ?, ?, ?, ?, ?)", rows)
