"""Which project segments the TM may fill: untranslated ones (pre-translation) and the
repetitions of a confirmed segment (propagation). The rules of what counts as someone's work
live here, next to the SQL that applies them, so that both checks read them the same way.
A segment locked in the language (store.locks) is never filled."""

from __future__ import annotations

import sqlite3

from workbench.store.locks import NOT_LOCKED

# No translation, or one without content: nobody's work is in it.
UNTRANSLATED = "(t.id IS NULL OR t.status = 'new' OR t.text = '')"


def untranslated_segments(conn: sqlite3.Connection, lang: str, *,
                          doc_id: int | None = None) -> list[sqlite3.Row]:
    """Current source segments without work in `lang` (and not already in `lang`), in project
    order, with their neighbours' text for context matches."""
    where = ["d.role = 'source'", "d.is_current = 1", UNTRANSLATED, "coalesce(s.lang, '') != ?",
             NOT_LOCKED]
    params: list[object] = [lang, lang, lang]
    if doc_id is not None:
        where.append("d.id = ?")
        params.append(doc_id)
    return conn.execute(
        f"""SELECT s.id, s.text, coalesce(s.lang, 'en') AS src_lang,
                   (SELECT p.text FROM segments p WHERE p.document_id = s.document_id
                      AND p.position = s.position - 1) AS prev_text,
                   (SELECT n.text FROM segments n WHERE n.document_id = s.document_id
                      AND n.position = s.position + 1) AS next_text
            FROM segments s JOIN documents d ON d.id = s.document_id
            LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = ?
            WHERE {' AND '.join(where)} ORDER BY s.document_id, s.position""",
        params).fetchall()


def is_untranslated(conn: sqlite3.Connection, segment_id: int, lang: str) -> bool:
    """Whether the segment still has no work in `lang` (call inside the writing transaction)."""
    busy = conn.execute(
        f"SELECT 1 FROM segments s LEFT JOIN translations t ON t.segment_id = s.id"
        f" AND t.lang = ? WHERE s.id = ? AND (NOT {UNTRANSLATED} OR NOT {NOT_LOCKED})",
        (lang, segment_id, lang)).fetchone()
    return busy is None


def repetitions(conn: sqlite3.Connection, segment_id: int, lang: str) -> list[int]:
    """Other current source segments with the same source (match key) that hold no real work
    in `lang`: untranslated, or a machine draft (origin mt/tm at status draft)."""
    return [r[0] for r in conn.execute(
        f"""SELECT s.id FROM segments s
           JOIN segments me ON me.id = ? AND me.norm = s.norm
           JOIN documents d ON d.id = s.document_id AND d.role = 'source' AND d.is_current = 1
           LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = ?
           WHERE s.id != me.id
             AND (t.id IS NULL OR t.status = 'new' OR t.text = ''
                  OR (t.status = 'draft' AND t.origin IN ('mt', 'tm')))
             AND {NOT_LOCKED}
           ORDER BY s.document_id, s.position""", (segment_id, lang, lang))]
