"""Documents, passages and segments: saving imports (with versioning) and reading them back."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass

from workbench.ingest.model import ParsedDocument
from workbench.store.codes import code_rows, save_codes
from workbench.store.db import now, transaction
from workbench.text.codes import CodeTable, renumber
from workbench.text.normalize import match_key, nfc
from workbench.text.scripts import word_count


@dataclass(frozen=True)
class SaveResult:
    """What `save_document` did: `action` is 'created', 'unchanged' or 'new-version'."""

    document_id: int
    action: str
    version: int
    segments: int
    carried_translations: int = 0


def checksum(text: str) -> str:
    """Stable id of a segment's text, used to carry translations across page versions."""
    return hashlib.sha1(nfc(text).encode("utf-8")).hexdigest()


def content_hash(doc: ParsedDocument) -> str:
    """Hash of what a translator sees (passage kinds and text) and of the markup the edition
    is rebuilt with (a changed link is a new version), not of the raw bytes."""
    h = hashlib.sha256()
    for p in doc.passages:
        h.update(f"{p.kind}\x1f{nfc(p.text)}\x1e".encode())
        if p.codes or p.skeleton:
            h.update(_skeleton_json(p.skeleton).encode())
            h.update(json.dumps([(c.id, c.kind, c.name, c.open, c.close, c.text)
                                 for c in p.codes.values()], ensure_ascii=False).encode())
    return h.hexdigest()


def _skeleton_json(skeleton: dict[str, object]) -> str:
    return json.dumps(skeleton, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def save_document(conn: sqlite3.Connection, doc: ParsedDocument, *, role: str = "source",
                  doc_key: str | None = None) -> SaveResult:
    """Store a parsed page in one transaction.

    Identical content already stored (same hash and role) → nothing written. Same identity
    (source path/URL/title) with different content → a new version; translations of segments
    whose text is unchanged are copied onto the new version's segments.
    """
    key = doc_key or doc.source_url or doc.source_path or doc.title
    digest = content_hash(doc)
    with transaction(conn):
        same = conn.execute(
            "SELECT id, version FROM documents WHERE content_hash = ? AND role = ? "
            "ORDER BY is_current DESC, version DESC LIMIT 1", (digest, role)).fetchone()
        if same:
            n = conn.execute("SELECT count(*) FROM segments WHERE document_id = ?",
                             (same["id"],)).fetchone()[0]
            return SaveResult(same["id"], "unchanged", same["version"], n)
        prev = conn.execute(
            "SELECT id, version FROM documents WHERE doc_key = ? AND role = ? AND is_current = 1 "
            "ORDER BY version DESC LIMIT 1", (key, role)).fetchone()
        version = prev["version"] + 1 if prev else 1
        if prev:
            conn.execute("UPDATE documents SET is_current = 0 WHERE id = ?", (prev["id"],))
        doc_id = int(conn.execute(
            "INSERT INTO documents(title, source_path, source_url, doc_key, lang, format, role,"
            " content_hash, version, previous_id, is_current, imported_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,1,?) RETURNING id",
            (nfc(doc.title), doc.source_path, doc.source_url, key, doc.lang, doc.format, role,
             digest, version, prev["id"] if prev else None, now())).fetchone()[0])
        seg_pos = 0
        coded: dict[int, CodeTable] = {}  # segment position → its codes
        for p_pos, passage in enumerate(doc.passages):
            # The passage row holds what a reader sees; its segments hold the codes.
            passage_id = conn.execute(
                "INSERT INTO passages(document_id, position, kind, level, lang, lang_confidence,"
                " text, skeleton) VALUES (?,?,?,?,?,?,?,?) RETURNING id",
                (doc_id, p_pos, passage.kind, passage.level, passage.lang,
                 passage.lang_confidence, nfc(passage.plain),
                 _skeleton_json(passage.skeleton))).fetchone()[0]
            sentences = passage.sentences or [passage.text]
            rows = []
            for sentence in sentences:
                text, table = renumber(nfc(sentence).strip(), passage.codes)
                if not text:
                    continue
                rows.append((doc_id, passage_id, seg_pos, text, match_key(text),
                             checksum(text), passage.lang, word_count(text)))
                if table:
                    coded[seg_pos] = table
                seg_pos += 1
            conn.executemany(
                "INSERT INTO segments(document_id, passage_id, position, text, norm, checksum,"
                " lang, words) VALUES (?,?,?,?,?,?,?,?)", rows)
        if coded:
            ids = {r["position"]: r["id"] for r in conn.execute(
                "SELECT position, id FROM segments WHERE document_id = ?", (doc_id,))}
            save_codes(conn, (row for pos, table in coded.items()
                              for row in code_rows(ids[pos], table)))
        carried = _carry_translations(conn, prev["id"], doc_id) if prev else 0
    return SaveResult(doc_id, "new-version" if prev else "created", version, seg_pos, carried)


def _carry_translations(conn: sqlite3.Connection, old_doc: int, new_doc: int) -> int:
    """Copy translations of unchanged sentences (same checksum) from the previous version."""
    cur = conn.execute(
        """
        INSERT INTO translations(segment_id, lang, text, status, origin, source_ref, flags,
                                 revision, created_at, updated_at)
        SELECT new.id, t.lang, t.text, t.status, t.origin, t.source_ref, t.flags, 1,
               t.created_at, t.updated_at
        FROM segments AS new
        JOIN segments AS old ON old.checksum = new.checksum AND old.document_id = ?
        JOIN translations AS t ON t.segment_id = old.id
        WHERE new.document_id = ?
          AND old.id = (SELECT min(o2.id) FROM segments o2
                        WHERE o2.document_id = ? AND o2.checksum = new.checksum)
        ON CONFLICT(segment_id, lang) DO NOTHING
        """, (old_doc, new_doc, old_doc))
    return cur.rowcount


def list_documents(conn: sqlite3.Connection, *, include_old: bool = False,
                   role: str | None = None) -> list[sqlite3.Row]:
    """Documents with passage/segment/word counts, newest version of each page by default."""
    where = [] if include_old else ["d.is_current = 1"]
    params: list[object] = []
    if role:
        where.append("d.role = ?")
        params.append(role)
    sql = f"""
        SELECT d.*,
               (SELECT count(*) FROM passages p WHERE p.document_id = d.id) AS passages,
               (SELECT count(*) FROM segments s WHERE s.document_id = d.id) AS segments,
               (SELECT coalesce(sum(words), 0) FROM segments s WHERE s.document_id = d.id) AS words
        FROM documents d {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY d.id"""
    return conn.execute(sql, params).fetchall()


def get_document(conn: sqlite3.Connection, doc_id: int) -> sqlite3.Row | None:
    """One document row, or None."""
    return conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()


def list_passages(conn: sqlite3.Connection, doc_id: int) -> list[sqlite3.Row]:
    """Passages of a document in page order."""
    return conn.execute("SELECT * FROM passages WHERE document_id = ? ORDER BY position",
                        (doc_id,)).fetchall()


def list_segments(conn: sqlite3.Connection, doc_id: int, *, lang: str | None = None,
                  after_position: int = -1, limit: int | None = None) -> list[sqlite3.Row]:
    """Segments of a document in order, with their passage kind and, if `lang` is given,
    the translation in that language (t_text, t_status, t_origin, t_flags, t_revision).

    Keyset pagination (`after_position`, `limit`) keeps large documents cheap to page.
    """
    sql = """
        SELECT s.*, p.kind AS passage_kind, p.level AS passage_level, p.position AS passage_pos,
               t.text AS t_text, t.status AS t_status, t.origin AS t_origin,
               t.flags AS t_flags, t.revision AS t_revision
        FROM segments s JOIN passages p ON p.id = s.passage_id
        LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = ?
        WHERE s.document_id = ? AND s.position > ?
        ORDER BY s.position"""
    params: list[object] = [lang or "", doc_id, after_position]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return conn.execute(sql, params).fetchall()


def get_segment(conn: sqlite3.Connection, segment_id: int) -> sqlite3.Row | None:
    """One segment row, or None."""
    return conn.execute("SELECT * FROM segments WHERE id = ?", (segment_id,)).fetchone()


def source_segments(conn: sqlite3.Connection, *, doc_id: int | None = None,
                    current_only: bool = True) -> list[sqlite3.Row]:
    """Segments of source documents (not translated editions), in document order."""
    where = ["d.role = 'source'"]
    params: list[object] = []
    if current_only:
        where.append("d.is_current = 1")
    if doc_id is not None:
        where.append("d.id = ?")
        params.append(doc_id)
    return conn.execute(
        f"SELECT s.* FROM segments s JOIN documents d ON d.id = s.document_id "
        f"WHERE {' AND '.join(where)} ORDER BY s.document_id, s.position", params).fetchall()


def language_counts(conn: sqlite3.Connection) -> Counter[str]:
    """Words per detected language over current documents."""
    rows = conn.execute(
        "SELECT coalesce(s.lang, 'und') AS lang, sum(s.words) AS words FROM segments s "
        "JOIN documents d ON d.id = s.document_id WHERE d.is_current = 1 GROUP BY 1")
    return Counter({r["lang"]: r["words"] for r in rows})


def delete_document(conn: sqlite3.Connection, doc_id: int) -> None:
    """Remove a document and everything that hangs off it."""
    with transaction(conn):
        conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
