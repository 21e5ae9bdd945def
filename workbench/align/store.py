"""Stored alignments: saving an aligner run, reading links with their text, review edits.

The store is the source of truth for the review screens: every edit (merge, split, move a
sentence, confirm, accept above a threshold, correct the translation's text) is one
transaction, after which translations and the TM are brought in step with the links:

* translations — a link with exactly one source segment gives that segment the edition's text
  (or the reviewer's corrected text) as a draft, origin "aligned", never overwriting a
  translation a person made; a reviewed link makes it "translated";
* translation memory — only reviewed links reach it: confirmed one by one, or accepted in
  bulk above a confidence threshold. One-source links arrive through their segment's
  translation (store.translations syncs translated work), links with several source segments
  through `tm.units.add_units`; both as origin "aligned" with the aligner's confidence, which
  a review never overwrites. Drafts are re-derived after each edit, so a merged or split link
  leaves no stale pair behind. Nothing is ever stored as approved: approval is a person's act.

Running the aligner again on the same two documents replaces their alignment instead of adding
a second one; reviewed or edited links the new run reproduces keep their review, and a run
that would discard review work is refused unless the caller asks for it (`replace=True`).
SQL lives in `workbench.store.alignments`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from workbench.align.aligner import Link
from workbench.errors import WorkbenchError
from workbench.store import alignments as db
from workbench.store.db import transaction
from workbench.store.translations import get_translation, set_translation
from workbench.tm.units import TMPair, add_units

REVIEWED = db.REVIEWED


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
    tgt_text: str  # what the TM gets: the reviewer's corrected text, else the edition's
    edition_text: str  # the edition's sentences as published
    edited: bool = False

    @property
    def kind(self) -> str:
        """'1-1', '2-1', '0-1', ..."""
        return f"{len(self.src_ids)}-{len(self.tgt_ids)}"

    @property
    def reviewed(self) -> bool:
        """Confirmed by a person, or accepted with every link above a threshold."""
        return self.status in REVIEWED

    @property
    def retyped(self) -> bool:
        """The reviewer corrected the translation's text."""
        return self.tgt_text != self.edition_text


@dataclass(frozen=True)
class SaveOutcome:
    """What storing an aligner run did: 'created', 'replaced' (same pages aligned again),
    'superseded' (new versions of pages aligned before) or 'unchanged'."""

    alignment_id: int
    action: str
    carried: int = 0  # reviewed or edited links kept from the previous run
    superseded: list[int] = field(default_factory=list)  # alignments of earlier versions


class ReviewWouldBeLost(WorkbenchError):
    """A re-run would discard links a person confirmed or edited."""


def origin_ref(alignment_id: int) -> str:
    """How TM units and translations point back at an alignment."""
    return f"alignment:{alignment_id}"


def save_alignment(conn: sqlite3.Connection, *, src_doc_id: int, tgt_doc_id: int,
                   src_lang: str, tgt_lang: str, links: Sequence[Link],
                   src_segment_ids: Sequence[int], tgt_segment_ids: Sequence[int],
                   warnings: Sequence[str] = (), to_memory: bool = True,
                   batch: str | None = None, replace: bool = False) -> SaveOutcome:
    """Store an aligner result (indices mapped to segment ids) in one transaction.

    `to_memory=False` (the page does not look like a translation) keeps the links for review
    but gives no segment a draft until a person reviews a link. An alignment of the same two
    documents is replaced (see the module docstring); ReviewWouldBeLost when that would drop
    reviewed or edited links and `replace` is not set.
    """
    rows = [db.LinkRow([src_segment_ids[i] for i in link.src],
                       [tgt_segment_ids[j] for j in link.tgt], link.confidence)
            for link in links]
    text = "\n".join(warnings)
    with transaction(conn):
        old = db.find_alignment(conn, src_doc_id, tgt_doc_id, src_lang, tgt_lang)
        if old is None:
            earlier = db.earlier_versions(conn, src_doc_id, tgt_doc_id, src_lang, tgt_lang)
            carried = _carry_by_text(conn, rows, [int(e["id"]) for e in earlier])
            alignment_id = db.insert_alignment(
                conn, src_doc_id=src_doc_id, tgt_doc_id=tgt_doc_id, src_lang=src_lang,
                tgt_lang=tgt_lang, warnings=text, to_memory=to_memory, batch=batch)
            db.replace_links(conn, alignment_id, rows)
            db.supersede(conn, [int(e["id"]) for e in earlier], alignment_id)
            _sync(conn, alignment_id)
            if earlier:
                return SaveOutcome(alignment_id, "superseded", carried,
                                   [int(e["id"]) for e in earlier])
            return SaveOutcome(alignment_id, "created")
        alignment_id = int(old["id"])
        previous = list_links(conn, alignment_id)
        if [(p.src_ids, p.tgt_ids) for p in previous] == [(r.src_ids, r.tgt_ids) for r in rows] \
                and bool(old["to_memory"]) == to_memory:
            return SaveOutcome(alignment_id, "unchanged")
        worked = {(tuple(p.src_ids), tuple(p.tgt_ids)): p for p in previous
                  if p.reviewed or p.edited}
        fresh = {(tuple(r.src_ids), tuple(r.tgt_ids)) for r in rows}
        lost = [k for k in worked if k not in fresh]
        if lost and not replace:
            raise ReviewWouldBeLost(
                f"alignment {alignment_id} of these pages has {len(lost)} reviewed or edited "
                "link(s) this run would change; it was kept as it is",
                hint="review it in the workbench, or align again with --replace (pairs "
                     "already reviewed stay in the translation memory)")
        carried = 0
        for k, row in enumerate(rows):
            kept = worked.get((tuple(row.src_ids), tuple(row.tgt_ids)))
            if kept is not None:
                rows[k] = db.LinkRow(row.src_ids, row.tgt_ids, row.confidence, kept.status,
                                     kept.tgt_text if kept.retyped else None, kept.edited)
                carried += 1
        db.update_alignment(conn, alignment_id, warnings=text, to_memory=to_memory, batch=batch)
        db.replace_links(conn, alignment_id, rows)
        _sync(conn, alignment_id, withdraw={i for p in previous for i in p.src_ids})
    return SaveOutcome(alignment_id, "replaced", carried)


def _carry_by_text(conn: sqlite3.Connection, rows: list[db.LinkRow], earlier: Sequence[int]
                   ) -> int:
    """Give new links the review of links of earlier page versions with the same text on
    both sides (a page re-published with one paragraph changed keeps the rest's review)."""
    if not earlier:
        return 0
    reviewed = {(link.src_text, link.edition_text): link for aid in earlier
                for link in list_links(conn, aid) if link.reviewed or link.retyped}
    text = db.segment_texts(conn, {i for r in rows for i in r.src_ids + r.tgt_ids})
    carried = 0
    for k, row in enumerate(rows):
        key = (" ".join(text[i] for i in row.src_ids), " ".join(text[j] for j in row.tgt_ids))
        old = reviewed.get(key)
        if old is not None and row.src_ids and row.tgt_ids:
            rows[k] = db.LinkRow(row.src_ids, row.tgt_ids, row.confidence, old.status,
                                 old.tgt_text if old.retyped else None, old.edited)
            carried += 1
    return carried


def get_alignment(conn: sqlite3.Connection, alignment_id: int) -> sqlite3.Row:
    """The alignment row (raises WorkbenchError for an unknown id)."""
    row = db.get_alignment(conn, alignment_id)
    if row is None:
        raise WorkbenchError(f"no alignment {alignment_id} in this project",
                             hint="`workbench align EN_PAGE TRANSLATED_PAGE` creates one")
    return row


def list_alignments(conn: sqlite3.Connection, *, doc_id: int | None = None,
                    batch: str | None = None, include_superseded: bool = False
                    ) -> list[sqlite3.Row]:
    """Alignments, newest first, with titles and link figures (see store.alignments)."""
    from workbench.align.confidence import LOW_CONFIDENCE

    return db.list_alignments(conn, doc_id=doc_id, batch=batch, low=LOW_CONFIDENCE,
                              include_superseded=include_superseded)


def list_links(conn: sqlite3.Connection, alignment_id: int) -> list[StoredLink]:
    """Links of an alignment in order, with the joined text of each side."""
    rows = db.link_rows(conn, alignment_id)
    parsed = [(r, _ids(r["src_ids"]), _ids(r["tgt_ids"])) for r in rows]
    text = db.segment_texts(conn, {i for _, s, t in parsed for i in s + t})
    out = []
    for r, src, tgt in parsed:
        edition = " ".join(text[i] for i in tgt)
        out.append(StoredLink(r["id"], r["position"], src, tgt, r["confidence"], r["status"],
                              " ".join(text[i] for i in src),
                              edition if r["tgt_text"] is None else r["tgt_text"], edition,
                              bool(r["edited"])))
    return out


def _ids(value: str) -> list[int]:
    import json

    return [int(i) for i in json.loads(value)]


# -- review edits -------------------------------------------------------------------------

def merge_with_next(conn: sqlite3.Connection, link_id: int) -> None:
    """Join a link with the one after it (e.g. two 1-0/0-1 links into one 1-1)."""
    with transaction(conn):
        links, k = _neighbourhood(conn, link_id)
        if k + 1 >= len(links):
            raise WorkbenchError("the last link has nothing after it to merge with")
        a, b = links[k], links[k + 1]
        db.update_link(conn, a.id, src_ids=a.src_ids + b.src_ids, tgt_ids=a.tgt_ids + b.tgt_ids,
                       confidence=min(a.confidence, b.confidence))
        db.delete_link(conn, b.id)
        _after_edit(conn, link_id, links)


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
        db.update_link(conn, link.id, src_ids=src[:len(src) - len(cut_src)],
                       tgt_ids=tgt[:len(tgt) - len(cut_tgt)], confidence=link.confidence)
        db.insert_link_after(conn, _alignment_id(conn, link.id), link.position,
                             src_ids=cut_src, tgt_ids=cut_tgt, confidence=link.confidence)
        _after_edit(conn, link_id, links)


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
            src_ids, tgt_ids = (new_ids, target.tgt_ids) if side == "src" else \
                (target.src_ids, new_ids)
            db.update_link(conn, target.id, src_ids=src_ids, tgt_ids=tgt_ids,
                           confidence=target.confidence)
        db.delete_empty_links(conn, _alignment_id(conn, other.id))
        _after_edit(conn, other.id, links)


def confirm_link(conn: sqlite3.Connection, link_id: int) -> None:
    """A person says the link is right: it becomes a translated TM unit (through the
    segment's translation when the link has one source segment). Its confidence stays."""
    with transaction(conn):
        db.set_status(conn, [link_id], "confirmed")
        _sync(conn, _alignment_id(conn, link_id))


def reopen_link(conn: sqlite3.Connection, link_id: int) -> None:
    """Take a review back: the link is a draft again and its pair leaves the TM."""
    with transaction(conn):
        links, _ = _neighbourhood(conn, link_id)
        db.set_status(conn, [link_id], "draft")
        _after_edit(conn, link_id, links)


def accept_above(conn: sqlite3.Connection, alignment_ids: Sequence[int], threshold: float
                 ) -> int:
    """Accept every unreviewed link with both sides and confidence ≥ threshold in these
    alignments (a person's explicit bulk decision); returns how many were accepted."""
    if not 0.0 <= threshold <= 1.0:
        raise WorkbenchError(f"threshold {threshold} is not between 0 and 1",
                             hint="e.g. 0.8 accepts the links the aligner is sure of")
    with transaction(conn):
        ids = db.unreviewed_above(conn, alignment_ids, threshold)
        db.set_status(conn, ids, "accepted")
        for alignment_id in alignment_ids:
            _sync(conn, alignment_id)
    return len(ids)


def edit_translation(conn: sqlite3.Connection, link_id: int, text: str) -> None:
    """Correct the translation side of a link (the edition stays as published; the TM and
    the segment's translation get the corrected text). Empty text restores the edition's."""
    with transaction(conn):
        links, k = _neighbourhood(conn, link_id)
        link = links[k]
        if not link.tgt_ids:
            raise WorkbenchError("this link has no translated sentence to correct",
                                 hint="merge it with its neighbour first")
        text = " ".join(text.split())
        db.set_tgt_text(conn, link_id, None if not text or text == link.edition_text else text)
        _sync(conn, _alignment_id(conn, link_id))


def _neighbourhood(conn: sqlite3.Connection, link_id: int) -> tuple[list[StoredLink], int]:
    links = list_links(conn, _alignment_id(conn, link_id))
    for k, link in enumerate(links):
        if link.id == link_id:
            return links, k
    raise WorkbenchError(f"no link {link_id}")  # unreachable: _alignment_id found it


def _alignment_id(conn: sqlite3.Connection, link_id: int) -> int:
    aid = db.alignment_of(conn, link_id)
    if aid is None:
        raise WorkbenchError(f"no alignment link {link_id} (it may have been merged away)")
    return aid


def _after_edit(conn: sqlite3.Connection, link_id: int, before: list[StoredLink]) -> None:
    """Renumber and sync after an edit; segments the edit took out of one-source links lose
    the draft this alignment gave them."""
    aid = db.alignment_of(conn, link_id)
    if aid is None:
        aid = db.alignment_of(conn, before[0].id) if before else None
    if aid is None:
        return
    db.renumber(conn, aid)
    _sync(conn, aid, withdraw={i for link in before for i in link.src_ids})


def _sync(conn: sqlite3.Connection, alignment_id: int, *, withdraw: set[int] | None = None
          ) -> None:
    """Bring translations and TM units in step with the alignment's links.

    `withdraw`: source segments that had a link before an edit; those no longer in a
    one-source link lose the unreviewed draft this alignment gave them.
    """
    aln = get_alignment(conn, alignment_id)
    ref = origin_ref(alignment_id)
    lang = aln["tgt_lang"]
    db.touch_alignment(conn, alignment_id)
    db.delete_alignment_units(conn, ref)
    pairs: list[TMPair] = []
    confidences: list[tuple[int | None, str, str, float]] = []
    single: set[int] = set()
    for link in list_links(conn, alignment_id):
        if not link.src_ids or not link.tgt_ids:
            continue
        if not link.reviewed and not aln["to_memory"]:
            continue
        if len(link.src_ids) == 1:
            single.add(link.src_ids[0])
            _sync_translation(conn, link.src_ids[0], lang, link.tgt_text, link.reviewed, ref)
            if link.reviewed:
                confidences.append((link.src_ids[0], link.src_text, link.tgt_text,
                                    link.confidence))
            continue
        if link.reviewed:
            pairs.append(TMPair(link.src_text, link.tgt_text, aln["src_lang"], lang,
                                origin="aligned", status="translated"))
            confidences.append((None, link.src_text, link.tgt_text, link.confidence))
    if pairs:
        add_units(conn, pairs, origin_ref=ref)
    for segment_id, source, target, confidence in confidences:
        db.set_unit_confidence(conn, segment_id=segment_id, tgt_lang=lang, source=source,
                               target=target, confidence=confidence)
    for segment_id in (withdraw or set()) - single:
        current = get_translation(conn, segment_id, lang)
        if current is not None and current.origin == "aligned" and current.source_ref == ref \
                and current.status == "draft" and current.text:
            set_translation(conn, segment_id, lang, "", status="new", origin="aligned",
                            source_ref=ref, actor="aligner")


def _sync_translation(conn: sqlite3.Connection, segment_id: int, lang: str, text: str,
                      reviewed: bool, ref: str) -> None:
    """Give a source segment the edition's text, unless a person's translation is there.

    Replaceable: no translation, a "new" one, an unreviewed aligned draft (a re-alignment
    supersedes an older one) or what this alignment made "translated" itself; a translation
    a person reviewed or approved, or wrote, is never touched.
    """
    current = get_translation(conn, segment_id, lang)
    status = "translated" if reviewed else "draft"
    if current is not None:
        ours = current.origin == "aligned" and current.source_ref == ref
        replaceable = current.status == "new" or (current.origin == "aligned" and (
            current.status == "draft" or (ours and current.status == "translated")))
        if not replaceable or (current.text, current.status) == (text, status):
            return
    set_translation(conn, segment_id, lang, text, status=status, origin="aligned",
                    source_ref=ref, actor="user" if reviewed else "aligner")
