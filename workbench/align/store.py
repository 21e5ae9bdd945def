"""Stored alignments: saving an aligner run, reading links with their text, review edits.

The store is the source of truth for the review screen: every edit (merge, split, move a
sentence, confirm) is one transaction, after which two things are brought in step:
* translations — a link with exactly one source segment gives that segment its edition text
  as a draft, origin "aligned" (never overwriting a translation someone else made);
  confirming the link makes it "translated", which store.translations syncs into the TM;
* translation memory — links with several source segments go to the TM through
  `tm.units.add_units` (origin "aligned"): drafts while unreviewed, "translated" once
  confirmed. Drafts are re-derived from the links after each edit, so a merged or split link
  leaves no stale pair behind. Nothing is ever stored as approved: approval is a person's act.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.align.aligner import Link
from workbench.errors import WorkbenchError
from workbench.store.db import now, transaction
from workbench.store.translations import get_translation, set_translation
from workbench.tm.units import TMPair, add_units


@dataclass(frozen=True)
class StoredLink:
    """A link as the review screen shows it."""

    id: int
    position: int
    src_ids: list[int]
    tgt_ids: list[int]
    confidence: float
    status: str
    src_text: str
    tgt_text: str

    @property
    def kind(self) -> str:
        """'1-1', '2-1', '0-1', ..."""
        return f"{len(self.src_ids)}-{len(self.tgt_ids)}"


def origin_ref(alignment_id: int) -> str:
    """How TM units and translations point back at an alignment."""
    return f"alignment:{alignment_id}"


def save_alignment(conn: sqlite3.Connection, *, src_doc_id: int, tgt_doc_id: int,
                   src_lang: str, tgt_lang: str, links: Sequence[Link],
                   src_segment_ids: Sequence[int], tgt_segment_ids: Sequence[int],
                   warnings: Sequence[str] = (), to_memory: bool = True) -> int:
    """Store an aligner result (indices mapped to segment ids) in one transaction.

    `to_memory=False` (the page does not look like a translation) keeps the links for review
    but puts nothing in the TM or the translations until a person confirms a link.
    """
    stamp = now()
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO alignments(src_doc_id, tgt_doc_id, src_lang, tgt_lang, warnings,"
            " to_memory, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
            (src_doc_id, tgt_doc_id, src_lang, tgt_lang, "\n".join(warnings), int(to_memory),
             stamp, stamp))
        alignment_id = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT INTO alignment_links(alignment_id, position, src_ids, tgt_ids, confidence)"
            " VALUES (?,?,?,?,?)",
            [(alignment_id, pos, json.dumps([src_segment_ids[i] for i in link.src]),
              json.dumps([tgt_segment_ids[j] for j in link.tgt]), link.confidence)
             for pos, link in enumerate(links)])
        _sync(conn, alignment_id)
    return alignment_id


def get_alignment(conn: sqlite3.Connection, alignment_id: int) -> sqlite3.Row:
    """The alignment row (raises WorkbenchError for an unknown id)."""
    row = conn.execute("SELECT * FROM alignments WHERE id = ?", (alignment_id,)).fetchone()
    if row is None:
        raise WorkbenchError(f"no alignment {alignment_id} in this project",
                             hint="`workbench align EN_PAGE TRANSLATED_PAGE` creates one")
    return row


def list_alignments(conn: sqlite3.Connection, *, doc_id: int | None = None
                    ) -> list[sqlite3.Row]:
    """Alignments, newest first, with both documents' titles and link counts (for a picker).

    `doc_id` limits the list to alignments that involve that document on either side.
    """
    where, params = "", []
    if doc_id is not None:
        where, params = "WHERE a.src_doc_id = ? OR a.tgt_doc_id = ?", [doc_id, doc_id]
    return conn.execute(
        f"""SELECT a.*, s.title AS src_title, t.title AS tgt_title,
               (SELECT count(*) FROM alignment_links l WHERE l.alignment_id = a.id) AS links,
               (SELECT count(*) FROM alignment_links l WHERE l.alignment_id = a.id
                 AND l.status = 'confirmed') AS confirmed
            FROM alignments a JOIN documents s ON s.id = a.src_doc_id
            JOIN documents t ON t.id = a.tgt_doc_id {where} ORDER BY a.id DESC""",
        params).fetchall()


def list_links(conn: sqlite3.Connection, alignment_id: int) -> list[StoredLink]:
    """Links of an alignment in order, with the joined text of each side."""
    rows = conn.execute("SELECT * FROM alignment_links WHERE alignment_id = ? ORDER BY position",
                        (alignment_id,)).fetchall()
    ids = {i for r in rows for col in ("src_ids", "tgt_ids") for i in json.loads(r[col])}
    text = _segment_texts(conn, ids)
    out = []
    for r in rows:
        src, tgt = json.loads(r["src_ids"]), json.loads(r["tgt_ids"])
        out.append(StoredLink(r["id"], r["position"], src, tgt, r["confidence"], r["status"],
                              " ".join(text[i] for i in src), " ".join(text[i] for i in tgt)))
    return out


def _segment_texts(conn: sqlite3.Connection, ids: set[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    id_list = sorted(ids)
    for start in range(0, len(id_list), 500):
        chunk = id_list[start:start + 500]
        for row in conn.execute(f"SELECT id, text FROM segments WHERE id IN "
                                f"({','.join('?' * len(chunk))})", chunk):
            out[row["id"]] = row["text"]
    return out


# -- review edits -------------------------------------------------------------------------

def merge_with_next(conn: sqlite3.Connection, link_id: int) -> None:
    """Join a link with the one after it (e.g. two 1-0/0-1 links into one 1-1)."""
    with transaction(conn):
        links, k = _neighbourhood(conn, link_id)
        if k + 1 >= len(links):
            raise WorkbenchError("the last link has nothing after it to merge with")
        a, b = links[k], links[k + 1]
        _write(conn, a, a.src_ids + b.src_ids, a.tgt_ids + b.tgt_ids,
               min(a.confidence, b.confidence))
        conn.execute("DELETE FROM alignment_links WHERE id = ?", (b.id,))
        _renumber_and_sync(conn, a)


def split_link(conn: sqlite3.Connection, link_id: int) -> None:
    """Cut the last sentence(s) off a link into a new link after it.

    2-2 → 1-1 + 1-1; 1-2 → 1-1 + 0-1; 2-1 → 1-1 + 1-0; 1-1 → 1-0 + 0-1 (the two sentences
    are not a pair after all).
    """
    with transaction(conn):
        links, k = _neighbourhood(conn, link_id)
        link = links[k]
        src, tgt = link.src_ids, link.tgt_ids
        if len(src) + len(tgt) < 2:
            raise WorkbenchError("this link holds a single sentence; there is nothing to split")
        if len(src) > 1 or len(tgt) > 1:
            cut_src = src[-1:] if len(src) > 1 else []
            cut_tgt = tgt[-1:] if len(tgt) > 1 else []
        else:
            cut_src, cut_tgt = [], tgt
        keep_src, keep_tgt = src[:len(src) - len(cut_src)], tgt[:len(tgt) - len(cut_tgt)]
        _write(conn, link, keep_src, keep_tgt, link.confidence)
        conn.execute("UPDATE alignment_links SET position = position + 1 "
                     "WHERE alignment_id = ? AND position > ?", (_alignment_of(conn, link.id),
                                                                  link.position))
        conn.execute("INSERT INTO alignment_links(alignment_id, position, src_ids, tgt_ids,"
                     " confidence) VALUES (?,?,?,?,?)",
                     (_alignment_of(conn, link.id), link.position + 1, json.dumps(cut_src),
                      json.dumps(cut_tgt), link.confidence))
        _renumber_and_sync(conn, link)


def move_sentence(conn: sqlite3.Connection, link_id: int, side: str, direction: str) -> None:
    """Move a sentence across a link boundary: 'up' gives this link's first `side` sentence to
    the previous link, 'down' gives its last one to the next link. A link left empty goes."""
    if side not in ("src", "tgt") or direction not in ("up", "down"):
        raise ValueError("side is 'src' or 'tgt', direction 'up' or 'down'")
    with transaction(conn):
        links, k = _neighbourhood(conn, link_id)
        link = links[k]
        ids = link.src_ids if side == "src" else link.tgt_ids
        other_k = k - 1 if direction == "up" else k + 1
        if not ids:
            raise WorkbenchError(f"this link has no {'source' if side == 'src' else 'target'} "
                                 "sentence to move")
        if not 0 <= other_k < len(links):
            raise WorkbenchError(f"there is no link {'before' if direction == 'up' else 'after'}"
                                 " this one")
        other = links[other_k]
        other_ids = other.src_ids if side == "src" else other.tgt_ids
        if direction == "up":
            rest, other_new = ids[1:], other_ids + [ids[0]]
        else:
            rest, other_new = ids[:-1], [ids[-1]] + other_ids
        for target, new_ids in ((link, rest), (other, other_new)):
            if side == "src":
                _write(conn, target, new_ids, target.tgt_ids, target.confidence)
            else:
                _write(conn, target, target.src_ids, new_ids, target.confidence)
        conn.execute("DELETE FROM alignment_links WHERE id = ? AND src_ids = '[]' "
                     "AND tgt_ids = '[]'", (link.id,))
        _renumber_and_sync(conn, other)


def confirm_link(conn: sqlite3.Connection, link_id: int) -> None:
    """A person says the link is right: status confirmed, and the pair becomes a translated
    TM unit (through the segment's translation when the link has one source segment)."""
    with transaction(conn):
        conn.execute("UPDATE alignment_links SET status = 'confirmed', confidence = 1.0 "
                     "WHERE id = ?", (link_id,))
        _sync(conn, _alignment_of(conn, link_id))


def _neighbourhood(conn: sqlite3.Connection, link_id: int) -> tuple[list[StoredLink], int]:
    alignment_id = _alignment_of(conn, link_id)
    links = list_links(conn, alignment_id)
    for k, link in enumerate(links):
        if link.id == link_id:
            return links, k
    raise WorkbenchError(f"no link {link_id}")  # unreachable: _alignment_of found it


def _alignment_of(conn: sqlite3.Connection, link_id: int) -> int:
    row = conn.execute("SELECT alignment_id FROM alignment_links WHERE id = ?",
                       (link_id,)).fetchone()
    if row is None:
        raise WorkbenchError(f"no alignment link {link_id} (it may have been merged away)")
    return int(row[0])


def _write(conn: sqlite3.Connection, link: StoredLink, src: list[int], tgt: list[int],
           confidence: float) -> None:
    """Store a link's new sides; an edited link is a draft again until confirmed."""
    conn.execute("UPDATE alignment_links SET src_ids = ?, tgt_ids = ?, confidence = ?, "
                 "status = 'draft' WHERE id = ?",
                 (json.dumps(src), json.dumps(tgt), confidence, link.id))


def _renumber_and_sync(conn: sqlite3.Connection, link: StoredLink) -> None:
    alignment_id = conn.execute("SELECT alignment_id FROM alignment_links WHERE id = ?",
                                (link.id,)).fetchone()
    if alignment_id is None:
        return
    aid = int(alignment_id[0])
    ids = [r[0] for r in conn.execute("SELECT id FROM alignment_links WHERE alignment_id = ? "
                                      "ORDER BY position, id", (aid,))]
    conn.executemany("UPDATE alignment_links SET position = ? WHERE id = ?",
                     [(pos, i) for pos, i in enumerate(ids)])
    _sync(conn, aid)


def _sync(conn: sqlite3.Connection, alignment_id: int) -> None:
    """Bring translations and TM units in step with the alignment's links."""
    aln = get_alignment(conn, alignment_id)
    ref = origin_ref(alignment_id)
    lang = aln["tgt_lang"]
    conn.execute("UPDATE alignments SET updated_at = ? WHERE id = ?", (now(), alignment_id))
    conn.execute("DELETE FROM tm_units WHERE origin = 'aligned' AND origin_ref = ? "
                 "AND segment_id IS NULL AND status = 'draft'", (ref,))
    pairs: list[TMPair] = []
    for link in list_links(conn, alignment_id):
        if not link.src_ids or not link.tgt_ids:
            continue
        confirmed = link.status == "confirmed"
        if not confirmed and not aln["to_memory"]:
            continue
        if len(link.src_ids) == 1:
            _sync_translation(conn, link.src_ids[0], lang, link.tgt_text, confirmed, ref)
            continue
        pairs.append(TMPair(link.src_text, link.tgt_text, aln["src_lang"], lang,
                            origin="aligned", status="translated" if confirmed else "draft"))
    if pairs:
        add_units(conn, pairs, origin_ref=ref)


def _sync_translation(conn: sqlite3.Connection, segment_id: int, lang: str, text: str,
                      confirmed: bool, ref: str) -> None:
    """Give a source segment the edition's text, unless a person's translation is there.

    Replaceable: no translation, a "new" one, an unreviewed aligned draft (a re-alignment
    supersedes an older one) or anything this alignment wrote itself. A confirmed pair whose
    text did not change keeps its status when a neighbouring link is edited.
    """
    current = get_translation(conn, segment_id, lang)
    status = "translated" if confirmed else "draft"
    if current is not None:
        ours = current.origin == "aligned" and current.source_ref == ref
        replaceable = ours or current.status == "new" or (
            current.origin == "aligned" and current.status == "draft")
        if not replaceable:
            return
        if current.text == text and (current.status == status or (ours and not confirmed)):
            return
    set_translation(conn, segment_id, lang, text, status=status, origin="aligned",
                    source_ref=ref, actor="user" if confirmed else "aligner")
