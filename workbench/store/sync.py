"""`team push` / `team pull`: copy a project between a local SQLite file and a team project.

Both directions are one function over two store connections (either backend), because both
speak the same store surface. What travels: documents (every version, with passages, segments
and inline codes), translations, their history, MT suggestions, imported memory units, the
glossary, alignments and their links; project settings on pull. Rows are matched by what they
are, not by id (ids differ between the copies): a document by key, role, version and content
hash; a segment by its document and position; a memory unit by its languages and texts; a
glossary concept by the glossary's own merge rules; an alignment by its two documents.

Translations merge with the conflict rules of live editing. The local file remembers, per
translation, the local and the team revision of the last sync (`team_sync`), so a later push
or pull knows which side changed since:

* only one side changed → that side's version is written (a compare-and-set on the revision,
  so a change made on the server meanwhile is never overwritten blindly);
* both changed to the same text and status → nothing to do;
* both changed differently → a conflict, reported with both texts. Push keeps the team's
  version unless `take_mine`; pull keeps the local one (the offline work is never replaced).
  The other text is not lost: it stays on its side and in the history copied across.

History entries copied from the other side are kept for the record (undone = 2): this side's
undo walks only its own edits.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from workbench.store.db import dialect, now, transaction
from workbench.store.translations import Translation, get_translation, replicate_translation


@dataclass(frozen=True)
class SyncConflict:
    """A segment both sides changed since the last sync (ids on the receiving side)."""

    segment_id: int
    lang: str
    kept: str
    other: str


@dataclass
class SyncReport:
    counts: dict[str, int] = field(default_factory=dict)
    conflicts: list[SyncConflict] = field(default_factory=list)
    resolved: int = 0  # conflicts settled by take_mine

    @property
    def unresolved(self) -> bool:
        return bool(self.conflicts)

    def add(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


def copy(src: sqlite3.Connection, dst: sqlite3.Connection, *, direction: str,
         take_mine: bool = False) -> SyncReport:
    """Bring everything of `src` into `dst` (see module doc). `direction` is 'push' (src is
    the local file) or 'pull' (dst is)."""
    if direction not in ("push", "pull"):
        raise ValueError(direction)
    local = src if direction == "push" else dst
    if dialect(local) != "sqlite":
        from workbench.errors import ProjectError

        raise ProjectError("push and pull copy between a local project file and a team "
                           "project", hint="give a .wbproj file as the local side")
    report = SyncReport()
    docs = _documents(src, dst, report)
    segs = _segments(src, dst, docs)
    _codes(src, dst, segs, report)
    won = _translations(src, dst, segs, local, direction, take_mine, report)
    _history(src, dst, segs, won, report)
    _suggestions(src, dst, segs, report)
    _memory(src, dst, report)
    _glossary(src, dst, report)
    _alignments(src, dst, docs, segs, report)
    if direction == "pull":
        _settings(src, dst, report)
    return report


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """Column names of `table`, read from a query (works the same on both backends), so the
    copy follows schema additions made by other areas without being edited."""
    cur = conn.execute(f"SELECT * FROM {table} WHERE 1 = 0")
    return [d[0] for d in cur.description]


def _shared(src: sqlite3.Connection, dst: sqlite3.Connection, table: str,
            skip: tuple[str, ...] = ("id",)) -> list[str]:
    theirs = set(_columns(dst, table))
    return [c for c in _columns(src, table) if c in theirs and c not in skip]


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any],
            returning: bool = True) -> int:
    cols = list(row)
    sql = (f"INSERT INTO {table}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
           + (" RETURNING id" if returning else ""))
    cur = conn.execute(sql, [row[c] for c in cols])
    return int(cur.fetchone()[0]) if returning else 0


def _documents(src: sqlite3.Connection, dst: sqlite3.Connection,
               report: SyncReport) -> dict[int, int]:
    """Map of src → dst document ids, inserting documents dst lacks (with their passages and
    segments), oldest first so `previous_id` can be mapped."""
    have = {(r["doc_key"], r["role"], r["version"], r["content_hash"]): r["id"]
            for r in dst.execute("SELECT id, doc_key, role, version, content_hash "
                                 "FROM documents")}
    doc_cols = _shared(src, dst, "documents")
    pas_cols = _shared(src, dst, "passages", ("id", "document_id"))
    seg_cols = _shared(src, dst, "segments", ("id", "document_id", "passage_id"))
    mapping: dict[int, int] = {}
    for doc in src.execute("SELECT * FROM documents ORDER BY id").fetchall():
        key = (doc["doc_key"], doc["role"], doc["version"], doc["content_hash"])
        if key in have:
            mapping[doc["id"]] = have[key]
            continue
        with transaction(dst):
            row = {c: doc[c] for c in doc_cols}
            row["previous_id"] = mapping.get(doc["previous_id"]) if doc["previous_id"] else None
            new_id = _insert(dst, "documents", row)
            if doc["is_current"]:
                dst.execute("UPDATE documents SET is_current = 0 WHERE doc_key = ? AND role = ?"
                            " AND version < ? AND id <> ?",
                            (doc["doc_key"], doc["role"], doc["version"], new_id))
            passages: dict[int, int] = {}
            for p in src.execute("SELECT * FROM passages WHERE document_id = ? ORDER BY "
                                 "position", (doc["id"],)).fetchall():
                passages[p["id"]] = _insert(dst, "passages", {"document_id": new_id,
                                                              **{c: p[c] for c in pas_cols}})
            rows = [(new_id, passages[s["passage_id"]], *[s[c] for c in seg_cols])
                    for s in src.execute("SELECT * FROM segments WHERE document_id = ? "
                                         "ORDER BY position", (doc["id"],)).fetchall()]
            if rows:
                dst.executemany(
                    f"INSERT INTO segments(document_id, passage_id, {', '.join(seg_cols)}) "
                    f"VALUES ({', '.join('?' * (len(seg_cols) + 2))})", rows)
        mapping[doc["id"]] = new_id
        have[key] = new_id
        report.add("documents")
    return mapping


def _segments(src: sqlite3.Connection, dst: sqlite3.Connection,
              docs: dict[int, int]) -> dict[int, int]:
    """Map of src → dst segment ids (same document, same position)."""
    theirs = {(r[0], r[1]): r[2] for r in dst.execute(
        "SELECT document_id, position, id FROM segments")}
    return {r[2]: theirs[(docs[r[0]], r[1])] for r in src.execute(
        "SELECT document_id, position, id FROM segments") if (docs[r[0]], r[1]) in theirs}


def _codes(src: sqlite3.Connection, dst: sqlite3.Connection, segs: dict[int, int],
           report: SyncReport) -> None:
    have = {r[0] for r in dst.execute("SELECT DISTINCT segment_id FROM segment_codes")}
    cols = _shared(src, dst, "segment_codes", ("segment_id",))
    rows = [(segs[r["segment_id"]], *[r[c] for c in cols])
            for r in src.execute("SELECT * FROM segment_codes ORDER BY segment_id")
            if r["segment_id"] in segs and segs[r["segment_id"]] not in have]
    if rows:
        with transaction(dst):
            dst.executemany(f"INSERT INTO segment_codes(segment_id, {', '.join(cols)}) VALUES "
                            f"({', '.join('?' * (len(cols) + 1))})", rows)
    report.add("inline codes", len(rows))


def _bases(local: sqlite3.Connection) -> dict[tuple[int, str], tuple[int, int]]:
    """(local segment id, lang) → (local revision, team revision) at the last sync."""
    return {(r[0], r[1]): (r[2], r[3]) for r in local.execute(
        "SELECT segment_id, lang, local_revision, team_revision FROM team_sync")}


def _translations(src: sqlite3.Connection, dst: sqlite3.Connection, segs: dict[int, int],
                  local: sqlite3.Connection, direction: str, take_mine: bool,
                  report: SyncReport) -> set[tuple[int, str]]:
    """Merge the translations; returns the (dst segment, lang) whose text came from src."""
    bases = _bases(local)
    won: set[tuple[int, str]] = set()
    synced: list[tuple[int, str, int, int]] = []
    for row in src.execute("SELECT * FROM translations ORDER BY segment_id, lang").fetchall():
        if row["segment_id"] not in segs:
            continue
        seg, lang = segs[row["segment_id"]], row["lang"]
        theirs = get_translation(dst, seg, lang)
        local_seg = row["segment_id"] if direction == "push" else seg
        base = bases.get((local_seg, lang))
        mine_rev, their_rev = row["revision"], theirs.revision if theirs else 0
        if direction == "push":
            src_changed = base is None or mine_rev != base[0]
            dst_changed = theirs is not None and (base is None or their_rev != base[1])
        else:
            src_changed = base is None or mine_rev != base[1]
            dst_changed = theirs is not None and (base is None or their_rev != base[0])
        written: Translation | None = theirs
        if not src_changed:
            pass
        elif theirs is not None and (theirs.text, theirs.status) == (row["text"],
                                                                     row["status"]):
            pass
        elif dst_changed and not (take_mine and direction == "push"):
            kept, other = theirs.text if theirs else "", row["text"]
            report.conflicts.append(SyncConflict(seg, lang, kept, other))
            continue  # the base stays: the next sync still sees both sides changed
        else:
            if dst_changed:
                report.resolved += 1
            written = replicate_translation(dst, seg, lang, row["text"], their_rev,
                                            status=row["status"], origin=row["origin"],
                                            source_ref=row["source_ref"], flags=row["flags"])
            won.add((seg, lang))
            report.add("translations")
        if written is None:
            continue
        if direction == "push":
            synced.append((row["segment_id"], lang, mine_rev, written.revision))
        else:
            synced.append((seg, lang, written.revision, mine_rev))
    with transaction(local):
        local.executemany(
            "INSERT INTO team_sync(segment_id, lang, local_revision, team_revision) "
            "VALUES (?,?,?,?) ON CONFLICT(segment_id, lang) DO UPDATE SET "
            "local_revision = excluded.local_revision, team_revision = excluded.team_revision",
            synced)
    report.add("translations in step", len(synced))
    return won


def _history(src: sqlite3.Connection, dst: sqlite3.Connection, segs: dict[int, int],
             won: set[tuple[int, str]], report: SyncReport) -> None:
    """Copy the other side's history entries this side lacks. Where this sync wrote src's
    text, they keep their undo state (this side's undo then walks them back); elsewhere they
    are kept for the record only (undone = 2)."""
    def key(r: Any, seg: int) -> tuple[Any, ...]:
        return (seg, r["lang"], r["changed_at"], r["old_text"] or "", r["new_text"] or "",
                r["new_status"] or "")

    have = {key(r, r["segment_id"]) for r in dst.execute("SELECT * FROM translation_history")}
    rows = []
    for r in src.execute("SELECT * FROM translation_history ORDER BY id").fetchall():
        if r["segment_id"] not in segs or key(r, segs[r["segment_id"]]) in have:
            continue
        seg = segs[r["segment_id"]]
        rows.append((seg, r["lang"], r["old_text"], r["old_status"], r["old_origin"],
                     r["new_text"], r["new_status"], r["new_origin"], r["actor"],
                     r["changed_at"], r["undone"] if (seg, r["lang"]) in won else 2))
    if rows:
        with transaction(dst):
            dst.executemany(
                "INSERT INTO translation_history(segment_id, lang, old_text, old_status,"
                " old_origin, new_text, new_status, new_origin, actor, changed_at, undone)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    report.add("history entries", len(rows))


def _suggestions(src: sqlite3.Connection, dst: sqlite3.Connection, segs: dict[int, int],
                 report: SyncReport) -> None:
    from workbench.store.suggestions import Suggestion, save_suggestions

    have = {(r[0], r[1]) for r in dst.execute("SELECT segment_id, lang FROM suggestions "
                                              "WHERE kind = 'mt'")}
    items = [Suggestion(segs[r["segment_id"]], r["lang"], r["text"], r["model"],
                        bool(r["is_test_model"]), r["flags"])
             for r in src.execute("SELECT * FROM suggestions WHERE kind = 'mt'")
             if r["segment_id"] in segs and (segs[r["segment_id"]], r["lang"]) not in have]
    report.add("MT suggestions", save_suggestions(dst, items) if items else 0)


def _memory(src: sqlite3.Connection, dst: sqlite3.Connection, report: SyncReport) -> None:
    """Imported and aligned units (no segment); units of segments follow their translations."""
    from workbench.store.pg.tm import index_values

    have = {(r[0], r[1], r[2], r[3]) for r in dst.execute(
        "SELECT src_lang, tgt_lang, source, target FROM tm_units WHERE segment_id IS NULL")}
    cols = _shared(src, dst, "tm_units", ("id", "segment_id", "key_hash", "cand_terms",
                                           "df_words"))
    to_pg = dialect(dst) == "postgresql"  # indexed as written (SQLite indexes when searched)
    stamp = now()
    n = 0
    with transaction(dst):
        for r in src.execute("SELECT * FROM tm_units WHERE segment_id IS NULL ORDER BY id"
                             ).fetchall():
            if (r["src_lang"], r["tgt_lang"], r["source"], r["target"]) in have:
                continue
            row = {c: r[c] for c in cols}
            if to_pg:
                row.update(index_values(r["src_lang"], r["tgt_lang"], r["source"]))
            row.setdefault("updated_at", stamp)
            _insert(dst, "tm_units", row, returning=False)
            n += 1
    report.add("memory units", n)


def _glossary(src: sqlite3.Connection, dst: sqlite3.Connection, report: SyncReport) -> None:
    from workbench.glossary.store import load_concepts, save_concepts

    saved = save_concepts(dst, load_concepts(src), origin="team sync")
    report.add("glossary concepts", saved.added + saved.merged)


def _alignments(src: sqlite3.Connection, dst: sqlite3.Connection, docs: dict[int, int],
                segs: dict[int, int], report: SyncReport) -> None:
    import json

    have = {(r[0], r[1], r[2]) for r in dst.execute(
        "SELECT src_doc_id, tgt_doc_id, created_at FROM alignments")}
    a_cols = _shared(src, dst, "alignments", ("id", "src_doc_id", "tgt_doc_id"))
    l_cols = _shared(src, dst, "alignment_links", ("id", "alignment_id", "src_ids", "tgt_ids"))
    for a in src.execute("SELECT * FROM alignments ORDER BY id").fetchall():
        pair = (docs.get(a["src_doc_id"]), docs.get(a["tgt_doc_id"]), a["created_at"])
        if None in pair or pair in have:
            continue
        with transaction(dst):
            new_id = _insert(dst, "alignments", {"src_doc_id": pair[0], "tgt_doc_id": pair[1],
                                                 **{c: a[c] for c in a_cols}})
            for link in src.execute("SELECT * FROM alignment_links WHERE alignment_id = ? "
                                    "ORDER BY position", (a["id"],)).fetchall():
                ids = {side: json.dumps([segs[i] for i in json.loads(link[side]) if i in segs])
                       for side in ("src_ids", "tgt_ids")}
                _insert(dst, "alignment_links", {"alignment_id": new_id, **ids,
                                                 **{c: link[c] for c in l_cols}},
                        returning=False)
        report.add("alignments")


def _settings(src: sqlite3.Connection, dst: sqlite3.Connection, report: SyncReport) -> None:
    from workbench.store import settings

    for key, value in settings.all_settings(src).items():
        if key != "initialised":
            settings.put(dst, key, value)
            report.add("settings")
