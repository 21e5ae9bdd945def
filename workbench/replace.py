"""Find and replace across a document (or the whole project) in one target language.

Matching is the project's folded matching (`text.normalize.match_key`: NFC, case, ي/ی, ك/ک,
ة/ه, alef forms, harakat, ZWNJ, Persian/Arabic-Indic digits, typographic quotes), so a
translator searching `میخواهم` finds `می‌خواهم` and `۲۰۱۹` finds `2019`; a match is replaced
in the *original* text, whose other characters stay exactly as written. Options: search the
source or the target, whole words only (ZWNJ joins a Persian word, it does not end one), and
case-sensitive (the folding of letters and digits still applies, only case counts).

Replacing is planned first (`plan`): the list of changes, before → after per segment, is what
the CLI's `--dry-run` prints and the TUI's preview shows. `apply` writes the plan in one
transaction, each change a normal edit with history (origin human; reviewed or approved text
goes back to translated, nobody has reviewed the new text), so every segment's own undo works
and `undo_last` takes the whole replace back as one step. Never touched: locked segments, a
segment changed since the plan was made, and a match that would cut an inline code pair (the
match spans a code): they are reported, not changed.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench.errors import ConflictError, InputError, WorkbenchError
from workbench.store import translations as tr
from workbench.store.db import transaction
from workbench.store.documents import list_documents
from workbench.text.codes import has_codes
from workbench.text.normalize import FOLD_TABLE, match_key, match_key_with_map, nfc

if TYPE_CHECKING:
    from workbench.project import Project
    from workbench.review import ReviewRow

SIDES = ("target", "source")
LAST_SETTING = "replace.last.{lang}"  # JSON [[segment id, revision], ...] of the last replace
_WORD_JOINERS = "\u200c\u200d"         # ZWNJ/ZWJ are inside words, never a word boundary


@dataclass(frozen=True)
class Query:
    """What to look for. `side`: "target" (replaceable) or "source" (find only)."""

    find: str
    side: str = "target"
    whole_word: bool = False
    case_sensitive: bool = False

    def __post_init__(self) -> None:
        if not match_key(self.find):
            raise InputError("nothing to find", hint="type a word or phrase")
        if self.side not in SIDES:
            raise InputError(f"unknown side {self.side!r}", hint="source or target")


@dataclass(frozen=True)
class Found:
    """A segment holding matches: its text on the searched side and the spans found."""

    doc_id: int
    segment_id: int
    number: int
    text: str
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Change:
    """One segment's translation as it is and as the replace makes it."""

    doc_id: int
    segment_id: int
    number: int
    revision: int
    before: str
    after: str
    count: int       # matches replaced in it
    status: str      # the status it will have


@dataclass
class Plan:
    """What a replace will do, and what it leaves alone (segment numbers per document)."""

    lang: str
    changes: list[Change] = field(default_factory=list)
    locked: list[tuple[int, int]] = field(default_factory=list)
    across_codes: list[tuple[int, int]] = field(default_factory=list)
    stale: list[tuple[int, int]] = field(default_factory=list)  # changed since the plan

    @property
    def matches(self) -> int:
        return sum(c.count for c in self.changes)

    def summary(self, *, done: bool = False) -> str:
        verb = "replaced" if done else "would replace"
        parts = [f"{verb} {self.matches} match(es) in {len(self.changes)} segment(s) "
                 f"[{self.lang}]"]
        for what, items in (("locked", self.locked), ("a match spans an inline code",
                                                      self.across_codes),
                            ("changed since the preview", self.stale)):
            if items:
                parts.append(f"left alone ({what}): segment(s) "
                             f"{', '.join(str(n) for _, n in items[:20])}"
                             + (" …" if len(items) > 20 else ""))
        return "; ".join(parts)


def _case_key(text: str) -> str:
    """The folded form without case folding (case-sensitive matching)."""
    return " ".join(nfc(text).translate(FOLD_TABLE).split())


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or ch in _WORD_JOINERS or unicodedata.category(ch) == "Mn"


def spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Non-overlapping spans of `text` (indexes into `text` itself) that match `query`."""
    needle = match_key(query.find)
    key, index = match_key_with_map(text)
    out: list[tuple[int, int]] = []
    at = key.find(needle)
    while at >= 0:
        start, end = index[at], index[at + len(needle) - 1] + 1
        while end < len(text) and unicodedata.category(text[end]) == "Mn":
            end += 1  # a mark after the last letter (tanween, shadda) belongs to it
        if _accepts(text, start, end, query):
            out.append((start, end))
            at = key.find(needle, at + len(needle))
        else:
            at = key.find(needle, at + 1)
    return out


def _accepts(text: str, start: int, end: int, query: Query) -> bool:
    if query.whole_word and ((start > 0 and _is_word_char(text[start - 1]))
                             or (end < len(text) and _is_word_char(text[end]))):
        return False
    return not query.case_sensitive or _case_key(text[start:end]) == _case_key(query.find)


def replaced(text: str, found: Iterable[tuple[int, int]], replacement: str) -> str:
    """`text` with every span replaced (spans in order, non-overlapping)."""
    out, last = [], 0
    for start, end in found:
        out += [text[last:start], replacement]
        last = end
    out.append(text[last:])
    return "".join(out)


def _documents(project: Project, doc_id: int | None) -> list[int]:
    if doc_id is not None:
        return [doc_id]
    return [int(d["id"]) for d in list_documents(project.db, role="source")]


def _rows(project: Project, doc_ids: list[int], lang: str) -> Iterator[tuple[int, ReviewRow]]:
    from workbench.review import ReviewSession

    for doc in doc_ids:
        session = ReviewSession.open(project, doc, lang)
        for page in session.pages():
            for row in page:
                yield doc, row


def find(project: Project, lang: str, query: Query, *,
         doc_id: int | None = None) -> list[Found]:
    """Segments whose source or `lang` translation matches, in document order."""
    out = []
    for doc, row in _rows(project, _documents(project, doc_id), lang):
        text = row.source if query.side == "source" else row.target
        hits = spans(text, query) if text else []
        if hits:
            out.append(Found(doc, row.id, row.number, text or "", tuple(hits)))
    return out


def plan(project: Project, lang: str, query: Query, replacement: str, *,
         doc_id: int | None = None) -> Plan:
    """The changes replacing `query` by `replacement` in translations would make."""
    if query.side != "target":
        raise InputError("only translations are replaced (the source is never edited)",
                         hint="search the target side")
    result = Plan(lang)
    for doc, row in _rows(project, _documents(project, doc_id), lang):
        hits = spans(row.target, query) if row.target else []
        if not hits or row.target is None:
            continue
        if row.locked:
            result.locked.append((doc, row.number))
            continue
        kept = [(s, e) for s, e in hits if not has_codes(row.target[s:e])]
        if len(kept) < len(hits):
            result.across_codes.append((doc, row.number))
        after = replaced(row.target, kept, replacement)
        if kept and after != row.target:
            status = "translated" if row.status in tr.CONFIRMED else row.status
            result.changes.append(Change(doc, row.id, row.number, row.revision, row.target,
                                         after, len(kept), status))
    return result


def apply(project: Project, to_apply: Plan) -> Plan:
    """Write the plan's changes in one transaction (see the module doc); returns what was
    done. A segment locked or edited since the plan was made is left alone and reported."""
    from workbench.store.locks import locked_among

    conn, lang = project.db, to_apply.lang
    done = Plan(lang, locked=list(to_apply.locked), across_codes=list(to_apply.across_codes))
    with transaction(conn):
        locked = locked_among(conn, [c.segment_id for c in to_apply.changes], lang)
        for change in to_apply.changes:
            if change.segment_id in locked:
                done.locked.append((change.doc_id, change.number))
                continue
            try:
                stored = tr.save_translation(conn, change.segment_id, lang, change.after,
                                             change.revision, status=change.status,
                                             origin="human")
            except ConflictError:
                done.stale.append((change.doc_id, change.number))
                continue
            done.changes.append(Change(change.doc_id, change.segment_id, change.number,
                                       stored.revision, change.before, change.after,
                                       change.count, change.status))
        project.set_setting(LAST_SETTING.format(lang=lang), json.dumps(
            [[c.segment_id, c.revision] for c in done.changes]))
    return done


def undo_last(project: Project, lang: str) -> tuple[list[int], int]:
    """Undo the last replace in `lang` as one step: (segment ids restored, how many were
    edited or locked since and kept as they are now)."""
    from workbench.store.locks import locked_among

    conn = project.db
    key = LAST_SETTING.format(lang=lang)
    entries = json.loads(project.get_setting(key) or "[]")
    if not entries:
        raise WorkbenchError(f"no replace to undo in {lang}")
    restored, kept = [], 0
    with transaction(conn):
        locked = locked_among(conn, [segment_id for segment_id, _ in entries], lang)
        for segment_id, revision in entries:
            current = tr.get_translation(conn, segment_id, lang)
            if current is None or current.revision != revision or segment_id in locked:
                kept += 1
                continue
            tr.undo(conn, segment_id, lang)
            restored.append(segment_id)
        project.set_setting(key, "[]")
    return restored, kept


def excerpt(before: str, after: str, around: int = 30) -> tuple[str, str]:
    """The part of a change worth reading in a one-line preview: whole words from about
    `around` characters before the first difference to about `around` after the last, with
    "…" where text is left out (the CLI prints the whole texts)."""
    prefix = 0
    while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < min(len(before), len(after)) - prefix
           and before[-1 - suffix] == after[-1 - suffix]):
        suffix += 1
    start = max(0, prefix - around)
    if start:
        space = before.find(" ", start, prefix)
        start = space + 1 if space >= 0 else start
    tail = max(0, suffix - around)  # characters of the common end left out

    def cut(text: str) -> str:
        end = len(text) - tail
        if tail:
            space = text.rfind(" ", len(text) - suffix, end)
            end = space if space >= 0 else end
        return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")

    return cut(before), cut(after)


def describe(change: Change) -> str:
    """One line of the preview: where, and the text before → after."""
    return f"doc {change.doc_id} #{change.number}: “{change.before}” → “{change.after}”"

