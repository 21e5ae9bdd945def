"""Split a segment in two, or merge a segment with the next one of its passage, when the
sentence splitter cut a sentence wrongly ("Gen. Jones" cut after "Gen.") or left two in one.

The rules (the rows are `store.resegment`'s):
* Only within a passage: a merge never joins two paragraphs, whose skeletons rebuild the page.
* Inline codes stay whole: a split that would leave an opening code in one part and its
  closing code in the other is refused (say where to split instead); a merge renumbers the
  second segment's codes after the first's, in its source and in its translations.
* A segment locked in any language is neither split nor merged (unlock it first), nor one
  that an alignment links (its links are split and merged in the alignment review).
* Translations: a split keeps each translation on the first part, as a draft (nobody knows
  which words belong to which part; the translator moves them); a merge joins both parts'
  translations with a space, at the lower of their statuses (draft when only one part was
  translated), each a normal edit with history.
* The translation memory keeps the old pairs (units detached from the segments), so nothing
  in it is re-keyed to a source it was not made for; the new texts enter it when confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.errors import InputError, LockedError
from workbench.store import resegment as rows
from workbench.store import review as review_store
from workbench.store import translations as tr
from workbench.store.db import transaction
from workbench.text.codes import CLOSE, OPEN, code_char, ids_in, parse_char, token

if TYPE_CHECKING:
    from workbench.project import Project


@dataclass(frozen=True)
class Resegmented:
    """What a split or merge did: the segment kept, the one added or removed, a message."""

    kept: int
    other: int
    message: str


def _segment_id(project: Project, doc_id: int, number: int) -> int:
    found = review_store.segment_at(project.db, doc_id, number - 1)
    if found is None:
        raise InputError(f"document {doc_id} has no segment {number}",
                         hint=f"see `workbench segments {doc_id}`")
    return int(found)


def _refuse(project: Project, doc_id: int, segment_ids: list[int], number: int) -> None:
    """Locked segments are not changed; aligned ones neither (their links would point at a
    segment that no longer says what the reviewer linked)."""
    langs = rows.locked_langs(project.db, segment_ids)
    if langs:
        raise LockedError(f"segment {number} is locked in {', '.join(langs)}",
                          hint="unlock it first (Alt+L in the review, or `workbench lock "
                               "--unlock`)")
    aligned = rows.alignments_with(project.db, doc_id, segment_ids)
    if aligned:
        raise InputError(f"segment {number} is part of alignment "
                         f"{', '.join(map(str, aligned))}",
                         hint="split or merge its links in the alignment review instead")


def split_point(text: str, before: str) -> int:
    """Where the second part starts: at the first (folded) occurrence of `before` after the
    first character (InputError when there is none)."""
    from workbench.replace import Query, spans

    found = [start for start, _ in spans(text, Query(before)) if text[:start].strip()]
    if not found:
        raise InputError(f"{before!r} is not in the segment after its start",
                         hint="give the words the second part starts with")
    return found[0]


def split_before(project: Project, doc_id: int, number: int, before: str) -> Resegmented:
    """Split segment `number` before the first occurrence of the words `before`."""
    row = rows.segment(project.db, _segment_id(project, doc_id, number))
    assert row is not None
    return split(project, doc_id, number, split_point(row["text"], before))


def cut_pairs(first: str, second: str) -> list[int]:
    """Ids of code pairs with one half in each part."""
    opened = {cid for half, cid in filter(None, map(parse_char, first)) if half == OPEN}
    closed = {cid for half, cid in filter(None, map(parse_char, first)) if half == CLOSE}
    later = set(ids_in(second))
    return sorted(((opened - closed) | (closed - opened)) & later)


def split(project: Project, doc_id: int, number: int, at: int) -> Resegmented:
    """Split segment `number` so that the second part starts at character `at` of its
    source (whitespace around the cut is dropped)."""
    conn = project.db
    segment_id = _segment_id(project, doc_id, number)
    row = rows.segment(conn, segment_id)
    assert row is not None
    text = row["text"]
    first, second = text[:at].rstrip(), text[at:].lstrip()
    if not first or not second:
        raise InputError(f"nothing to split off: segment {number} would have an empty part",
                         hint="split between two words of the segment")
    cut = cut_pairs(first, second)
    if cut:
        pair = ", ".join(f"{token(code_char(OPEN, c))}…{token(code_char(CLOSE, c))}"
                         for c in cut)
        raise InputError(f"splitting segment {number} there would cut the inline code "
                         f"{pair} in two", hint="split outside the code (before it opens or "
                                                "after it closes)")
    _refuse(project, doc_id, [segment_id], number)
    with transaction(conn):
        kept = rows.translations_of(conn, segment_id)
        new_id = rows.split(conn, segment_id, first, second, ids_in(second))
        for lang, t in kept.items():
            if t["status"] != "draft":
                tr.set_translation(conn, segment_id, lang, t["text"], status="draft",
                                   origin=t["origin"])
    kept_note = (f"; its translation ({', '.join(sorted(kept))}) stays on the first part as a "
                 "draft") if kept else ""
    return Resegmented(segment_id, new_id, f"segment {number} split in two: {number} and "
                                           f"{number + 1}{kept_note}")


def _renumbered(text: str, offset: int) -> str:
    """`text` with every code id moved up by `offset` (the second part of a merge)."""
    out = []
    for ch in text:
        parsed = parse_char(ch)
        out.append(code_char(parsed[0], parsed[1] + offset) if parsed else ch)
    return "".join(out)


def _joined(a: str | None, b: str | None) -> str:
    return " ".join(part for part in (a, b) if part)


def merge(project: Project, doc_id: int, number: int) -> Resegmented:
    """Merge segment `number` with the next one (same passage)."""
    conn = project.db
    first_id = _segment_id(project, doc_id, number)
    first, second = rows.segment(conn, first_id), rows.next_in_passage(conn, first_id)
    assert first is not None
    if second is None:
        raise InputError(f"segment {number} is the last of its paragraph",
                         hint="segments merge only within a paragraph (the page is rebuilt "
                              "per paragraph)")
    _refuse(project, doc_id, [first_id, second["id"]], number)
    offset = max(ids_in(first["text"]), default=0)
    with transaction(conn):
        a, b = rows.translations_of(conn, first_id), rows.translations_of(conn, second["id"])
        rows.merge(conn, first_id, second["id"],
                   _joined(first["text"], _renumbered(second["text"], offset)), offset)
        for lang in sorted(set(a) | set(b)):
            ta, tb = a.get(lang), b.get(lang)
            text = _joined(ta["text"] if ta else None,
                           _renumbered(tb["text"], offset) if tb else None)
            if ta and tb:
                status = min(ta["status"], tb["status"], key=tr.status_rank)
                origin = ta["origin"] if ta["origin"] == tb["origin"] else "human"
            else:
                status, origin = "draft", (ta or tb)["origin"]  # type: ignore[index]
            tr.set_translation(conn, first_id, lang, text, status=status, origin=origin)
    return Resegmented(first_id, second["id"], f"segments {number} and {number + 1} merged "
                                               f"into {number}")
