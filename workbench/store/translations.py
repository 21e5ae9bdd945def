"""Translations of segments: edits with full history, undo/redo, and the TM they feed.

Every call that changes a translation is one short transaction that also appends to
`translation_history`, so a kill -9 right after a call returns loses nothing and every change
can be undone. A translation at status translated or above is also written to `tm_units`
(the project's translation memory), so the next identical or similar segment can reuse it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from workbench.errors import AccessDeniedError, ConflictError, ProjectBusyError, WorkbenchError
from workbench.store.db import dialect, now, transaction

STATUSES = ("new", "draft", "translated", "reviewed", "approved")
ORIGINS = ("mt", "tm", "human", "aligned")
CONFIRMED = ("translated", "reviewed", "approved")


def status_rank(status: str) -> int:
    """Position of a status in the workflow (new=0 … approved=4)."""
    return STATUSES.index(status)


def statuses_at_least(status: str) -> tuple[str, ...]:
    """All statuses at or above `status`, e.g. for an export filter."""
    return STATUSES[status_rank(status):]


@dataclass(frozen=True)
class Translation:
    """A translation as the editor sees it."""

    segment_id: int
    lang: str
    text: str
    status: str
    origin: str
    source_ref: str | None
    flags: str
    revision: int
    updated_at: str


def get_translation(conn: sqlite3.Connection, segment_id: int, lang: str) -> Translation | None:
    """The current translation of a segment into `lang`, or None."""
    row = conn.execute("SELECT * FROM translations WHERE segment_id = ? AND lang = ?",
                       (segment_id, lang)).fetchone()
    return _to_translation(row) if row else None


def _to_translation(row: sqlite3.Row) -> Translation:
    return Translation(row["segment_id"], row["lang"], row["text"], row["status"], row["origin"],
                       row["source_ref"], row["flags"], row["revision"], row["updated_at"])


def set_translation(conn: sqlite3.Connection, segment_id: int, lang: str, text: str, *,
                    status: str = "translated", origin: str = "human",
                    source_ref: str | None = None, flags: str = "",
                    actor: str = "user") -> Translation:
    """Create or replace a translation (one transaction, history kept, TM updated), on top of
    whatever is stored now (`save_translation` without an expected revision)."""
    return save_translation(conn, segment_id, lang, text, None, status=status, origin=origin,
                            source_ref=source_ref, flags=flags, actor=actor)


def save_translation(conn: sqlite3.Connection, segment_id: int, lang: str, text: str,
                     expected_revision: int | None, *, status: str = "translated",
                     origin: str = "human", source_ref: str | None = None, flags: str = "",
                     actor: str = "user") -> Translation:
    """Create or replace a translation (one transaction, history kept, TM updated).

    `expected_revision` is the revision the caller loaded and edited (0: there was no
    translation yet). If the stored translation has moved on since — another translator saved
    in between — nothing is written and `ConflictError` carries both texts; saving the very
    text that is stored is not a conflict. Without it, the stored revision read in the same
    transaction is the base: the write still cannot overwrite a change it has not seen, and the
    history records exactly what it replaced. Either way the write is a compare-and-set on the
    revision, so two clients of one PostgreSQL project can never both win.
    """
    try:
        return _save(conn, segment_id, lang, text, expected_revision, status, origin,
                     source_ref, flags, actor, record=True)
    except AccessDeniedError as exc:
        raise _refusal(conn, exc, segment_id, lang, status) from None


def _refusal(conn: sqlite3.Connection, exc: AccessDeniedError, segment_id: int, lang: str,
             status: str | None) -> AccessDeniedError:
    """A team role's refusal in words the user can act on (store.pg.team.refusal)."""
    from workbench.store.pg.team import refusal

    return refusal(conn, exc, segment_id=segment_id, lang=lang, status=status)


def replicate_translation(conn: sqlite3.Connection, segment_id: int, lang: str, text: str,
                          expected_revision: int, *, status: str, origin: str,
                          source_ref: str | None, flags: str) -> Translation:
    """`save_translation` for `team push`/`pull`: the same compare-and-set, but no history
    entry of its own — the entries that led to this text are copied from the other side."""
    return _save(conn, segment_id, lang, text, expected_revision, status, origin, source_ref,
                 flags, "", record=False)


def _save(conn: sqlite3.Connection, segment_id: int, lang: str, text: str,
          expected_revision: int | None, status: str, origin: str, source_ref: str | None,
          flags: str, actor: str, *, record: bool) -> Translation:
    if status not in STATUSES:
        raise WorkbenchError(f"unknown status {status!r}", hint=f"use one of {', '.join(STATUSES)}")
    if origin not in ORIGINS:
        raise WorkbenchError(f"unknown origin {origin!r}", hint=f"use one of {', '.join(ORIGINS)}")
    # Stored exactly as the translator or supplier wrote it (an XLIFF returned by another
    # tool keeps its bytes); matching, QA and search fold Unicode forms themselves.
    for _ in range(_RACE_RETRIES):
        with transaction(conn):
            old = conn.execute("SELECT * FROM translations WHERE segment_id = ? AND lang = ?",
                               (segment_id, lang)).fetchone()
            stored = old["revision"] if old else 0
            if expected_revision is not None and stored != expected_revision:
                if old and (old["text"], old["status"]) == (text, status):
                    return _to_translation(old)
                raise _conflict(conn, segment_id, lang, text, old)
            if old and (old["text"], old["status"], old["origin"], old["flags"]) == (
                    text, status, origin, flags):
                return _to_translation(old)
            stamp = now()
            if old:
                revision = stored + 1
                row = conn.execute(
                    "UPDATE translations SET text = ?, status = ?, origin = ?, source_ref = ?,"
                    " flags = ?, revision = ?, updated_at = ? WHERE segment_id = ? AND lang = ?"
                    " AND revision = ? RETURNING *",
                    (text, status, origin, source_ref, flags, revision, stamp, segment_id, lang,
                     stored)).fetchone()
            else:
                revision = _next_revision(conn, segment_id, lang)
                row = conn.execute(
                    "INSERT INTO translations(segment_id, lang, text, status, origin, source_ref,"
                    " flags, revision, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)"
                    " ON CONFLICT(segment_id, lang) DO NOTHING RETURNING *",
                    (segment_id, lang, text, status, origin, source_ref, flags, revision, stamp,
                     stamp)).fetchone()
            if row is None:
                continue  # another client wrote in between (PostgreSQL only): read again
            if not record:
                _sync_tm(conn, segment_id, lang, actor)
                return _to_translation(row)
            # A new edit ends the redo chain: undone entries stay for the record but not redo-able.
            conn.execute("UPDATE translation_history SET undone = 2 WHERE segment_id = ? "
                         "AND lang = ? AND undone = 1", (segment_id, lang))
            conn.execute(
                "INSERT INTO translation_history(segment_id, lang, old_text, old_status,"
                " old_origin, new_text, new_status, new_origin, actor, changed_at, revision)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (segment_id, lang, old["text"] if old else None, old["status"] if old else None,
                 old["origin"] if old else None, text, status, origin, actor, stamp, revision))
            _sync_tm(conn, segment_id, lang, actor)
            return _to_translation(row)
    raise ProjectBusyError("the segment kept changing while saving; nothing was written",
                           hint="try again")


_RACE_RETRIES = 5


def _next_revision(conn: sqlite3.Connection, segment_id: int, lang: str) -> int:
    """The revision a new row starts at: above any this translation ever had (it may have
    been removed by undo), so a client holding an old revision always sees a conflict."""
    row = conn.execute("SELECT max(revision) FROM translation_history WHERE segment_id = ? "
                       "AND lang = ?", (segment_id, lang)).fetchone()
    return int(row[0] or 0) + 1


def _conflict(conn: sqlite3.Connection, segment_id: int, lang: str, mine: str,
              old: sqlite3.Row | None) -> ConflictError:
    who = last_actor(conn, segment_id, lang)
    return ConflictError(
        f"segment {segment_id} [{lang}] was changed by {who or 'someone else'} since you "
        "loaded it; nothing was saved", segment_id=segment_id, lang=lang, mine=mine,
        theirs=old["text"] if old else None, theirs_status=old["status"] if old else None,
        theirs_revision=old["revision"] if old else 0, theirs_actor=who,
        theirs_at=old["updated_at"] if old else None,
        hint="take yours, take theirs, or merge the two, then save again")


def last_actor(conn: sqlite3.Connection, segment_id: int, lang: str) -> str | None:
    """Who made the latest recorded change of a translation, when the store knows (a team
    project records the database user; a local project only "user", which names nobody)."""
    last = conn.execute("SELECT actor FROM translation_history WHERE segment_id = ? AND lang = ?"
                        " ORDER BY id DESC LIMIT 1", (segment_id, lang)).fetchone()
    who = last["actor"] if last else None
    return who if who and who != "user" else None


def current_user(conn: sqlite3.Connection) -> str | None:
    """The database user this connection writes as (None on SQLite: one local user)."""
    if dialect(conn) != "postgresql":
        return None
    return str(conn.execute("SELECT session_user").fetchone()[0])


def _is_own(actor: str, me: str | None) -> bool:
    """Whether a history entry's actor is `me` (the PostgreSQL trigger writes the user,
    followed by the app's label for automatic changes: "alice (propagate)")."""
    return me is None or actor in (me, "user") or actor.startswith(f"{me} (")


def set_status(conn: sqlite3.Connection, segment_id: int, lang: str, status: str, *,
               actor: str = "user", expected_revision: int | None = None) -> Translation:
    """Change only the status of an existing translation (kept in history like any edit).

    With `expected_revision`, a reviewer approving text that changed since it was read gets
    a `ConflictError` instead of approving what they have not seen."""
    current = get_translation(conn, segment_id, lang)
    if current is None:
        raise WorkbenchError(f"segment {segment_id} has no {lang} translation to set status on")
    return save_translation(conn, segment_id, lang, current.text,
                            current.revision if expected_revision is None else expected_revision,
                            status=status, origin=current.origin,
                            source_ref=current.source_ref, flags=current.flags, actor=actor)


def _apply_state(conn: sqlite3.Connection, entry_id: int, segment_id: int, lang: str,
                 text: str | None, status: str | None, origin: str | None, undone: int) -> None:
    """Put a translation into a recorded state (None text = no translation at all), and mark
    history entry `entry_id` undone (1) or in effect (0) with the revision this produced."""
    if text is None:
        row = conn.execute("DELETE FROM translations WHERE segment_id = ? AND lang = ? "
                           "RETURNING revision", (segment_id, lang)).fetchone()
    else:
        stamp = now()
        row = conn.execute(
            "UPDATE translations SET text = ?, status = ?, origin = ?, revision = revision + 1,"
            " updated_at = ? WHERE segment_id = ? AND lang = ? RETURNING revision",
            (text, status, origin, stamp, segment_id, lang)).fetchone()
        if row is None:  # redo of a creation: the row was removed by the undo
            row = conn.execute(
                "INSERT INTO translations(segment_id, lang, text, status, origin, revision,"
                " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?) RETURNING revision",
                (segment_id, lang, text, status, origin,
                 _next_revision(conn, segment_id, lang), stamp, stamp)).fetchone()
    conn.execute("UPDATE translation_history SET undone = ?, revision = ? WHERE id = ?",
                 (undone, row["revision"] if row else None, entry_id))
    _sync_tm(conn, segment_id, lang)


def undo(conn: sqlite3.Connection, segment_id: int, lang: str, *,
         expected_revision: int | None = None,
         own_only: bool = False) -> Translation | None:
    """Revert the latest change still in effect; returns the translation now in place.

    `expected_revision`: the revision the translator sees; if the translation moved on since
    (someone else saved), nothing is undone and `ConflictError` says by whom. `own_only` (a
    team project's translators): the latest change must be this database user's — undo takes
    back one's own work, never a colleague's. Raises WorkbenchError when there is nothing to
    undo.
    """
    return _step(conn, segment_id, lang, redo=False, expected_revision=expected_revision,
                 own_only=own_only)


def redo(conn: sqlite3.Connection, segment_id: int, lang: str, *,
         expected_revision: int | None = None,
         own_only: bool = False) -> Translation | None:
    """Re-apply the change most recently undone (the same checks as `undo`)."""
    return _step(conn, segment_id, lang, redo=True, expected_revision=expected_revision,
                 own_only=own_only)


def _step(conn: sqlite3.Connection, segment_id: int, lang: str, *, redo: bool,
          expected_revision: int | None, own_only: bool) -> Translation | None:
    try:
        return _step_once(conn, segment_id, lang, redo=redo,
                          expected_revision=expected_revision, own_only=own_only)
    except AccessDeniedError as exc:
        raise _refusal(conn, exc, segment_id, lang, None) from None


def _step_once(conn: sqlite3.Connection, segment_id: int, lang: str, *, redo: bool,
               expected_revision: int | None, own_only: bool) -> Translation | None:
    verb = "redo" if redo else "undo"
    me = current_user(conn) if own_only else None
    with transaction(conn):
        current = conn.execute("SELECT * FROM translations WHERE segment_id = ? AND lang = ?",
                               (segment_id, lang)).fetchone()
        if expected_revision is not None and (current["revision"] if current else 0) \
                != expected_revision:
            who = last_actor(conn, segment_id, lang)
            raise ConflictError(
                f"segment {segment_id} [{lang}] was changed by {who or 'someone else'} since "
                f"you loaded it; nothing to {verb} of yours", segment_id=segment_id, lang=lang,
                mine="", theirs=current["text"] if current else None,
                theirs_status=current["status"] if current else None,
                theirs_revision=current["revision"] if current else 0, theirs_actor=who,
                theirs_at=current["updated_at"] if current else None,
                hint="the segment shows their text now")
        entry = conn.execute(
            "SELECT * FROM translation_history WHERE segment_id = ? AND lang = ? AND undone = ?"
            f" ORDER BY id {'ASC' if redo else 'DESC'} LIMIT 1",
            (segment_id, lang, 1 if redo else 0)).fetchone()
        if entry is None:
            raise WorkbenchError(f"nothing to {verb} for this segment")
        if not _is_own(entry["actor"], me):
            raise WorkbenchError(f"the last change of segment {segment_id} [{lang}] is "
                                 f"{entry['actor']}'s: {verb} takes back only your own edits",
                                 hint="edit the text instead, or ask them")
        if redo:
            _apply_state(conn, entry["id"], segment_id, lang, entry["new_text"],
                         entry["new_status"], entry["new_origin"], undone=0)
        else:
            _apply_state(conn, entry["id"], segment_id, lang, entry["old_text"],
                         entry["old_status"], entry["old_origin"], undone=1)
    return get_translation(conn, segment_id, lang)


def history(conn: sqlite3.Connection, segment_id: int, lang: str) -> list[sqlite3.Row]:
    """Every recorded change of a segment's translation, oldest first."""
    return conn.execute("SELECT * FROM translation_history WHERE segment_id = ? AND lang = ?"
                        " ORDER BY id", (segment_id, lang)).fetchall()


def progress(conn: sqlite3.Connection, lang: str, *, doc_id: int | None = None) -> dict[str, int]:
    """Segments per status for one target language ('new' counts untranslated ones too)."""
    params: list[object]
    where, params = "d.is_current = 1 AND d.role = 'source'", [lang]
    if doc_id is not None:
        where, params = "d.id = ?", [lang, doc_id]
    rows = conn.execute(
        f"""SELECT coalesce(t.status, 'new') AS status, count(*) AS n, sum(s.words) AS words
            FROM segments s JOIN documents d ON d.id = s.document_id
            LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = ?
            WHERE {where} GROUP BY 1""", params).fetchall()
    counts = dict.fromkeys(STATUSES, 0)
    for r in rows:
        counts[r["status"]] = r["n"]
    return counts


def _belongs_in_tm(status: str, origin: str) -> bool:
    """Which translations the project TM holds.

    Confirmed work only. Aligned pairs join once a person confirmed or accepted their link
    (align.store): an unreviewed link may pair the wrong sentences. A translation inserted
    from the TM itself (origin tm) is left out: its unit is already there and would be doubled.
    """
    if origin == "tm":
        return False
    return status in CONFIRMED


def _sync_tm(conn: sqlite3.Connection, segment_id: int, lang: str,
             actor: str | None = None) -> None:
    """Keep the project TM in step with the translations that belong in it (`actor`: who
    made the change, kept as the unit's changed_by for TMX export)."""
    row = conn.execute(
        """SELECT s.text, coalesce(s.lang, 'en') AS src_lang, s.document_id, s.position,
                  t.text AS target, t.status, t.origin,
                  (SELECT norm FROM segments p WHERE p.document_id = s.document_id
                     AND p.position = s.position - 1) AS prev_norm,
                  (SELECT norm FROM segments n WHERE n.document_id = s.document_id
                     AND n.position = s.position + 1) AS next_norm
           FROM segments s LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = ?
           WHERE s.id = ?""", (lang, segment_id)).fetchone()
    if row is None or not (row["target"] or "").strip() or not _belongs_in_tm(row["status"],
                                                                             row["origin"]):
        conn.execute("DELETE FROM tm_units WHERE segment_id = ? AND tgt_lang = ?",
                     (segment_id, lang))
        return
    stamp = now()
    values = {"src_lang": row["src_lang"], "tgt_lang": lang, "source": row["text"],
              "target": row["target"], "origin": row["origin"], "status": row["status"],
              "origin_ref": f"document:{row['document_id']}", "segment_id": segment_id,
              "prev_norm": row["prev_norm"], "next_norm": row["next_norm"],
              "created_at": stamp, "updated_at": stamp, "created_by": actor,
              "changed_by": actor}
    if dialect(conn) == "postgresql":  # indexed as written (SQLite indexes when searched)
        from workbench.store.pg.tm import index_values

        values.update(index_values(row["src_lang"], lang, row["text"]))
    conn.execute(
        f"""INSERT INTO tm_units({', '.join(values)}) VALUES ({','.join('?' * len(values))})
           ON CONFLICT(segment_id, tgt_lang) WHERE segment_id IS NOT NULL DO UPDATE SET
             target = excluded.target, origin = excluded.origin, status = excluded.status,
             updated_at = excluded.updated_at,
             changed_by = coalesce(excluded.changed_by, tm_units.changed_by)""",
        list(values.values()))
