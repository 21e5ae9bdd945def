"""`import-xliff`: a hand-off file, translated in another tool, back into the project's segments.

`export --format xliff --all-segments` writes every segment of a document with its unit id
("s<segment id>"). The translator works in OmegaT, Trados or memoQ and returns the file;
`import_xliff` reads it (XLIFF 1.2 or 2.0, `xliff_read`) and applies it to those segments:

* **Identity first, all or nothing.** Every unit must be one of this project's segments, of
  the current version of its document, with the same source text (inline codes and spacing
  aside). A file for another project, another document or an older version of the page is
  refused with one line saying which, and nothing is written.
* **Targets, statuses and notes** come in with the file's status (`xliff_read`'s tables). A
  tool that does not set states (OmegaT keeps the state it was given, a text editor too): a
  target whose text changed while its state is still the one exported counts as translated.
  An untranslated segment (no target, an empty one, or the source copy the file was sent
  with) leaves the project's translation alone: nothing is ever deleted.
* **Reviewed work is protected**: a segment reviewed or approved in the project keeps its text
  (and is listed) unless `overwrite_approved`; a translation changed in the project after the
  export is a conflict, kept and listed, unless `overwrite_newer`.
* **Locks travel**: a segment the file marks locked (1.2 translate="no", our 2.0 metadata)
  is locked in the project; a segment locked in the project keeps its text and status
  whatever the file says ("kept-locked"). A file without the mark never unlocks anything
  (tools drop attributes; unlocking is the project's decision).
* **Everything is reported**, segment by segment (`HandoffReport.changes`), and the edit
  history records who did it (`actor`), so every change can be undone one by one.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from workbench.boundary import input_boundary, input_file
from workbench.errors import InputError
from workbench.formats.model import SUBSTATE_PREFIX, XLIFF_STATE, lang_code
from workbench.formats.xliff12 import DOCUMENT_PREFIX
from workbench.formats.xliff12 import STATE as STATE_12
from workbench.formats.xliff_read import XliffSegment, iter_segments
from workbench.limits import MAX_SEGMENT_CHARS
from workbench.store.db import transaction
from workbench.store.interop import current_version, handoff_segments, set_translation_note
from workbench.store.locks import set_locked
from workbench.store.translations import set_translation, status_rank
from workbench.text.codes import without_codes

PROTECTED = ("reviewed", "approved")
_UNIT_ID = re.compile(r"^s(\d{1,18})$")
_UNTRANSLATED_STATES = {"", "new", "needs-translation", "initial", "initial wb:new"}

# What happened to one segment, in the order the report lists them.
KINDS = ("added", "changed", "status", "note", "kept-approved", "kept-locked", "conflict",
         "untranslated", "unchanged")
_KEPT = ("kept-approved", "kept-locked", "conflict", "untranslated", "unchanged")


@dataclass(frozen=True)
class Change:
    """One segment of the file and what importing it did (`kind`, one of KINDS)."""

    kind: str
    segment_id: int
    document_id: int
    number: int  # the segment's number in its document, as the workbench shows it
    old_text: str | None
    new_text: str | None
    old_status: str | None
    new_status: str | None


@dataclass
class HandoffReport:
    """What `import_xliff` did, segment by segment."""

    path: str
    lang: str = ""
    documents: set[int] = field(default_factory=set)
    changes: list[Change] = field(default_factory=list)
    locked: list[int] = field(default_factory=list)  # segments the file's marks locked
    dry_run: bool = False

    def count(self, kind: str) -> int:
        """How many segments ended as `kind`."""
        return sum(1 for c in self.changes if c.kind == kind)


def import_xliff(conn: sqlite3.Connection, path: Path, *, actor: str | None = None,
                 overwrite_approved: bool = False, overwrite_newer: bool = False,
                 dry_run: bool = False,
                 max_chars: int = MAX_SEGMENT_CHARS) -> HandoffReport:
    """Apply a returned hand-off file to the project's segments (see the module doc)."""
    path = Path(path)
    input_file(path)
    with input_boundary(path):
        segments = _by_unit(list(iter_segments(path, max_chars=max_chars)), path)
    report = HandoffReport(str(path), dry_run=dry_run)
    lang = _language(segments, path)
    report.lang = lang
    rows = handoff_segments(conn, sorted(segments), lang)
    _check_identity(conn, segments, rows, path)
    plan = [_plan(seg, rows[sid], overwrite_approved, overwrite_newer)
            for sid, seg in segments.items()]
    report.documents = {rows[sid]["document_id"] for sid in segments}
    who = actor or f"xliff:{path.name}"
    with transaction(conn):
        for seg, change in plan:
            report.changes.append(change)
            if dry_run or change.kind in _KEPT:
                continue
            if change.kind != "note":
                row = rows[change.segment_id]
                origin = "human" if change.kind in ("added", "changed") else row["t_origin"]
                set_translation(conn, change.segment_id, lang, change.new_text or "",
                                status=change.new_status or "translated", origin=origin,
                                source_ref=f"xliff:{path.name}", actor=who)
            note = seg.note or None
            if note != (rows[change.segment_id]["t_note"] or None):
                set_translation_note(conn, change.segment_id, lang, note)
        report.locked = [sid for sid, seg in segments.items()
                         if seg.locked and not rows[sid]["locked"]]
        if report.locked and not dry_run:
            set_locked(conn, report.locked, lang, True)
    return report


def _by_unit(segments: list[XliffSegment], path: Path) -> dict[int, XliffSegment]:
    """segment id → the file's segment for it. XLIFF 2.0 names segments, 1.2 trans-units
    (a 1.2 unit a tool split with <seg-source> comes back joined)."""
    found: dict[int, XliffSegment] = {}
    if not segments:
        raise InputError("the file holds no segments", path=path)
    for seg in segments:
        key = seg.segment_id if seg.file.version.startswith("2") else seg.unit_id
        m = _UNIT_ID.match(key)
        if m is None:
            raise InputError(f"unit {key[:40]!r} is not a segment workbench exported (ids look "
                             "like s123)", path=path, line=seg.line or None,
                             hint="to use another tool's file as a translation memory, "
                                  "run `workbench import-tm` on it")
        sid = int(m.group(1))
        if sid in found:
            first = found[sid]
            joined = " ".join(t for t in (first.target, seg.target) if t)
            found[sid] = XliffSegment(first.file, first.unit_id, first.segment_id,
                                      f"{first.source} {seg.source}", joined or None,
                                      min(first.status, seg.status, key=status_rank),
                                      first.line, state=first.state, notes=first.notes,
                                      locked=first.locked or seg.locked)
        else:
            found[sid] = seg
    return found


def _language(segments: dict[int, XliffSegment], path: Path) -> str:
    langs = {lang_code(s.file.tgt_lang) for s in segments.values() if s.file.tgt_lang}
    if not langs:
        raise InputError("the file does not say its target language", path=path,
                         hint="a workbench hand-off names it in target-language / trgLang")
    if len(langs) > 1:
        raise InputError(f"the file mixes target languages ({', '.join(sorted(langs))})",
                         path=path, hint="import one language's file at a time")
    return langs.pop()


def _same_text(a: str, b: str) -> bool:
    """Sources compare without inline codes, Unicode form and spacing differences (tools
    rewrite whitespace and drop our code characters)."""
    def key(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", without_codes(text)).split())
    return key(a) == key(b)


def _check_identity(conn: sqlite3.Connection, segments: dict[int, XliffSegment],
                    rows: dict[int, sqlite3.Row], path: Path) -> None:
    """Refuse, naming why, a file that is not for this project's current documents."""
    for sid, seg in segments.items():
        row = rows.get(sid)
        if row is None or row["role"] != "source":
            raise InputError(f"segment s{sid} is not in this project", path=path,
                             line=seg.line or None,
                             hint="the file was exported from another project")
        claimed = _claimed_document(seg)
        if claimed is not None and claimed != row["document_id"]:
            raise InputError(f"the file is for document {claimed}, but its unit s{sid} is a "
                             f"segment of document {row['document_id']}", path=path,
                             hint="the file was exported from another project")
        if not row["is_current"]:
            now = current_version(conn, row["document_id"])
            newer = f"version {now['version']} (document {now['id']})" if now else "none"
            raise InputError(
                f"the file is for version {row['version']} of document {row['document_id']} "
                f"({row['title'][:60]}); the project's current version is {newer}", path=path,
                hint="export the current version and send it again, or reuse this file's "
                     "translations with `workbench import-tm` (matched by source text)")
        if not _same_text(seg.source, row["text"]):
            raise InputError(f"segment s{sid}: the file's source differs from the project's "
                             f"({seg.source[:40]!r} ≠ {row['text'][:40]!r})", path=path,
                             line=seg.line or None,
                             hint="the file is for another project, or its source was edited")


def _claimed_document(seg: XliffSegment) -> int | None:
    """The document a <file> says it holds: 2.0 id "d12", 1.2 product-name."""
    if seg.file.version.startswith("2"):
        m = re.fullmatch(r"d(\d{1,18})", seg.file.file_id or "")
    else:
        m = re.fullmatch(re.escape(DOCUMENT_PREFIX) + r"(\d{1,18})",
                         seg.file.attrib.get("product-name", ""))
    return int(m.group(1)) if m else None


def _exported_state(seg: XliffSegment, status: str | None) -> str:
    """The state our export wrote for a translation at `status` (None: untranslated)."""
    status = status or "new"
    if seg.file.version.startswith("2"):
        return f"{XLIFF_STATE[status]} {SUBSTATE_PREFIX}{status}"
    return f"{STATE_12[status]} approved" if status == "approved" else STATE_12[status]


def _plan(seg: XliffSegment, row: sqlite3.Row, overwrite_approved: bool,
          overwrite_newer: bool) -> tuple[XliffSegment, Change]:
    """What to do with one segment: (the file's segment, the change it makes)."""
    old_text, old_status = row["t_text"], row["t_status"]

    def change(kind: str, text: str | None = None, status: str | None = None) -> Change:
        return Change(kind, row["id"], row["document_id"], row["position"] + 1, old_text,
                      text if text is not None else old_text,
                      old_status, status if status is not None else old_status)

    target = seg.target or ""
    state_unchanged = seg.state == _exported_state(seg, old_status)
    untranslated = not target.strip() or (
        seg.state in _UNTRANSLATED_STATES and _same_text(target, seg.source)
        and not (old_text or "").strip())
    note_changed = (seg.note or None) != (row["t_note"] or None)
    if untranslated:
        return seg, change("note" if note_changed and old_text else "untranslated")
    text_changed = target != (old_text or "")
    if state_unchanged:
        status = "translated" if text_changed else old_status
    else:
        status = seg.status
    if not text_changed and status == old_status:
        return seg, change("note" if note_changed and old_text else "unchanged")
    if row["locked"]:
        return seg, change("kept-locked", target, status)
    if old_status in PROTECTED and not overwrite_approved and (
            text_changed or status_rank(status or "new") < status_rank(old_status)):
        return seg, change("kept-approved", target, status)
    exported = seg.file.exported
    if (text_changed and exported and row["t_updated"] and row["t_updated"] > exported
            and not overwrite_newer):
        return seg, change("conflict", target, status)
    kind = "added" if not (old_text or "").strip() else "changed" if text_changed else "status"
    return seg, change(kind, target, status)


def summary(report: HandoffReport) -> str:
    """One line: what the import did, by kind."""
    counts = ", ".join(f"{report.count(kind)} {kind}" for kind in KINDS if report.count(kind))
    verb = "would change" if report.dry_run else "changed"
    docs = ", ".join(str(d) for d in sorted(report.documents))
    locks = (f"; {'would lock' if report.dry_run else 'locked'} {len(report.locked)}"
             if report.locked else "")
    return (f"{report.path}: {report.lang}, document {docs}: {verb} "
            f"{sum(report.count(k) for k in ('added', 'changed', 'status', 'note'))} of "
            f"{len(report.changes)} segments ({counts}){locks}")
