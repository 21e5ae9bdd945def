"""The review core: one document in one target language, as a translator works through it.

The TUI's review screen is a view over a `ReviewSession`, and the CLI (`workbench confirm`,
`workbench set`) and the tests call the same session, so the rules a translator relies on are
written once, here, without Textual:

* **Rows**: the document's segments paged with keyset queries, translation and MT suggestion
  joined in (`pages`, `rows_by_id`).
* **Context** of a segment: glossary terms, the MT suggestion, TM matches, QA findings sorted
  by severity, and whether the MT model is installed (`context`).
* **Origin and status on confirm**: text inserted from the MT suggestion or a TM match and
  confirmed unchanged keeps origin "mt"/"tm" with the model or TM unit as source_ref; an
  unchanged stored translation keeps its origin; anything the translator typed or changed is
  "human". Confirming never lowers a status (an approved, unchanged segment stays approved).
* **Drafts**: unconfirmed typing is stored as status draft (the screen does it after a pause
  and when leaving a segment); unchanged text is not stored again.
* **Edits that could not be stored** (another program holds the project's write lock, the
  disk is full, the file is read-only) are kept in memory (`unsaved`) with the reason, shown
  to the translator and retried; nothing typed is lost.
* **Propagation** of a confirmed translation to identical segments (setting `propagate`).
* **Next problem**: QA over the document (`problems`), run off the UI thread by the screen.
* **Where you left**: the last segment worked on, per document and language, and the last
  segment edited anywhere in the project (`last_edited`: "Back to last edited segment").
* **Locks**: a locked segment (per language) cannot be confirmed, drafted, undone or have its
  status changed until it is unlocked; MT, pre-translation and propagation skip it (the SQL
  condition lives in store.locks).
* **Conflicts**: every write carries the revision the translator started from (`Edit.base`,
  the row as loaded): a change someone else saved in between — another TUI, a CLI, a team
  member on PostgreSQL — raises `ConflictError` with both texts instead of being overwritten.
  The session's own earlier writes of the segment are not conflicts (`written` chains a draft
  stored a second ago to the confirm typed on top of it). Undo and redo take back only one's
  own edits, and only while nobody else changed the segment since.
* **Notes**: a translator's note on a segment's translation (`translations.note`, the column
  XLIFF/TMX exports write as <note> and import-xliff reads back). A note belongs to a
  translation, so an untranslated segment gets one once it holds a draft.

Every method that touches the store uses `project.db`, the calling thread's own connection,
so the screen may call reads from a worker thread and writes from its writer thread. The
in-memory `unsaved` map belongs to the caller's thread (the UI thread in the TUI).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from workbench.errors import (
    AccessDeniedError,
    ConflictError,
    LockedError,
    ProjectBusyError,
    ProjectError,
    WorkbenchError,
)
from workbench.store import review as store
from workbench.store import translations as tr
from workbench.store.documents import get_document
from workbench.store.suggestions import Suggestion
from workbench.text.codes import CodeTable, has_codes

if TYPE_CHECKING:
    from workbench.glossary.match import TermHit
    from workbench.project import Project
    from workbench.qa.checks import Finding
    from workbench.tm.lookup import TMMatch

PAGE = 1000                               # rows per keyset query
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
PROBLEM_SEVERITIES = ("error", "warning")  # what "next problem" stops at
POSITION_SETTING = "review.position.{doc}.{lang}"
LAST_EDITED_SETTING = "review.last_edited"  # "doc:lang:segment" of the last stored edit
TM_LIMIT = 5


@dataclass(frozen=True)
class ReviewRow:
    """One segment as the review shows it in the current target language."""

    id: int
    position: int          # 0-based place in the document; shown as position + 1
    passage: int
    kind: str              # passage kind: title, heading, paragraph, list_item ...
    source: str
    target: str | None = None
    status: str = "new"
    origin: str | None = None
    revision: int = 0
    flags: str = ""        # MT guard flags (of the translation, else of the suggestion)
    suggestion: str | None = None
    suggestion_is_test: bool = False
    qa: str = ""           # worst QA severity of the translation ("" = none or not checked)
    unsaved: bool = False  # an edit of this segment is kept in memory, not yet stored
    note: str | None = None  # the translator's note on the translation
    locked: bool = False   # locked in this language: not editable

    @property
    def number(self) -> int:
        """The segment's number in its document, as the translator sees it."""
        return self.position + 1

    @property
    def confirmed(self) -> bool:
        return self.status in tr.CONFIRMED

    @property
    def untranslated(self) -> bool:
        return self.target is None or self.status == "new"

    @property
    def cache_key(self) -> tuple[Any, ...]:
        """Everything that changes how the row looks (besides width and selection)."""
        return (self.id, self.revision, self.status, self.flags, self.target,
                self.suggestion, self.suggestion_is_test, self.qa, self.unsaved, self.note,
                self.locked, self.position, self.source)  # a split/merge moves and rewrites


@dataclass(frozen=True)
class Inserted:
    """Text the translator took from MT or TM, to credit its origin if confirmed unchanged."""

    text: str
    origin: str
    source_ref: str | None


@dataclass(frozen=True)
class Edit:
    """A change the translator made: confirm (`translated` or kept higher) or a draft."""

    segment_id: int
    text: str
    kind: str = "confirm"  # "confirm" | "draft"
    inserted: Inserted | None = None
    number: int = 0        # the segment's number in its document, for messages
    # The revision the translator started from (the row as loaded into the editor; 0: no
    # translation yet): if someone else saved in between, the write raises ConflictError
    # instead of overwriting. None: on top of whatever is stored (CLI --force).
    base: int | None = None


@dataclass
class Unsaved:
    """An edit that could not be stored yet, and why (shown to the translator)."""

    edit: Edit
    reason: str
    attempts: int = 1
    # someone else saved the segment first: the translator decides (never retried as is)
    conflict: ConflictError | None = None
    # retrying cannot help (refused by the team role): kept until the translator acts
    refused: bool = False

    @property
    def waits_for_translator(self) -> bool:
        """Not retried by itself: a conflict to resolve, or a write the role forbids."""
        return self.conflict is not None or self.refused


@dataclass
class SegmentContext:
    """Everything the panels show for one segment."""

    segment_id: int
    terms: list[TermHit] = field(default_factory=list)
    suggestion: Suggestion | None = None
    tm_matches: list[TMMatch] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    model_missing: str | None = None  # install command when no MT model is installed
    unavailable: str | None = None    # why part of the context could not be read
    codes: CodeTable = field(default_factory=dict)  # what each inline code of the source is


@dataclass
class Saved:
    """What a write did: the row as stored now, QA errors of a confirm, repetitions filled
    (or offered, with the `offer` propagate setting)."""

    row: ReviewRow | None           # its `qa` is the worst severity of the stored text
    errors: list[Finding] = field(default_factory=list)
    filled: list[ReviewRow] = field(default_factory=list)
    offer: list[int] = field(default_factory=list)
    changed: bool = True


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info (stable within a severity)."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))


def worst(findings: Sequence[Finding]) -> str:
    """The most serious severity among `findings`, or ""."""
    return sort_findings(findings)[0].severity if findings else ""


def status_on_confirm(stored: tr.Translation | None, text: str) -> str:
    """Confirming never lowers a status: unchanged text keeps reviewed/approved."""
    if stored and stored.text == text and stored.status in tr.CONFIRMED:
        return stored.status
    return "translated"


def describe_failure(exc: BaseException) -> str:
    """Why a write failed, in words a translator can act on."""
    if isinstance(exc, ProjectBusyError):
        return "the project is busy (another program is writing to it)"
    if isinstance(exc, WorkbenchError):
        return exc.render()
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return "the project is busy (another program is writing to it)"
    return f"{type(exc).__name__}: {exc}"


def when(stamp: str | None) -> str:
    """'2026-12-01 13:52 UTC' from a stored ISO time (as much of it as is there)."""
    if not stamp:
        return "a moment ago"
    day, _, clock = stamp.partition("T")
    return f"{day} {clock[:5]} UTC" if clock else day


def who_when(conflict: ConflictError) -> str:
    """'bob, 2026-12-01 13:52 UTC': who saved the text that won, and when."""
    return f"{conflict.theirs_actor or 'someone else'}, {when(conflict.theirs_at)}"


def conflict_line(conflict: ConflictError, number: int) -> str:
    """The conflict as one line for the CLI and notices: whose text is stored now."""
    theirs = " ".join((conflict.theirs or "").split())
    if len(theirs) > 60:
        theirs = theirs[:59] + "…"
    now = f"now {conflict.theirs_status}: {theirs}" if conflict.theirs is not None \
        else "now removed"
    return (f"segment {number} [{conflict.lang}] was changed by "
            f"{conflict.theirs_actor or 'someone else'} at {when(conflict.theirs_at)} since you "
            f"read it ({now}); nothing was saved")


# A write fails for reasons the translator cannot fix by retyping: the edit is kept and retried.
# (sqlite3.Error covers a store that does not yet turn "database is locked" into
# ProjectBusyError; OSError a full disk or read-only folder surfacing outside SQLite.)
KEEPABLE = (ProjectError, sqlite3.Error, OSError)


class ReviewSession:
    """One document in one target language (see the module docstring for the rules)."""

    def __init__(self, project: Project, doc_id: int, lang: str) -> None:
        """No store access here (the TUI creates sessions on its event loop)."""
        self.project = project
        self.doc_id = doc_id
        self.lang = lang
        self.unsaved: dict[int, Unsaved] = {}
        # segment → (base revision, revision this session's last write of it produced);
        # written on the writer thread, read by the change feed (own changes are not news)
        self.written: dict[int, tuple[int, int]] = {}

    @classmethod
    def open(cls, project: Project, doc_id: int, lang: str) -> ReviewSession:
        """A session on an existing document (WorkbenchError naming the id otherwise)."""
        session = cls(project, doc_id, lang)
        session.title()
        return session

    def title(self) -> str:
        doc = get_document(self.conn, self.doc_id)
        if doc is None:
            raise WorkbenchError(f"no document {self.doc_id} in {self.project.path}",
                                 hint="see `workbench documents`")
        return str(doc["title"])

    @property
    def conn(self) -> sqlite3.Connection:
        """The calling thread's connection."""
        return self.project.db

    @property
    def src(self) -> str:
        return self.project.settings.source_lang

    # -- rows -------------------------------------------------------------------------------
    def row_from(self, r: sqlite3.Row) -> ReviewRow:
        has_target = r["t_text"] is not None
        flags = r["t_flags"] or ("" if has_target else r["g_flags"] or "")
        return ReviewRow(
            id=r["id"], position=r["position"], passage=r["passage_id"],
            kind=r["passage_kind"], source=r["text"], target=r["t_text"],
            status=r["t_status"] or "new", origin=r["t_origin"], revision=r["t_revision"] or 0,
            flags=flags, suggestion=r["g_text"], suggestion_is_test=bool(r["g_is_test"]),
            note=r["t_note"], locked=bool(r["locked"]))

    def overlay(self, row: ReviewRow) -> ReviewRow:
        """`row` as read from the store, with the edit kept in memory for it (if any): what
        the translator typed is what the segment shows. Call it on the `unsaved` owner's
        thread."""
        kept = self.unsaved.get(row.id)
        return self.with_edit(row, kept.edit) if kept else row

    def with_edit(self, row: ReviewRow, edit: Edit) -> ReviewRow:
        """`row` as it will be once `edit` is stored (shown at once; marked unsaved while the
        edit waits in memory)."""
        if edit.kind == "confirm":
            status = row.status if row.target == edit.text and row.confirmed else "translated"
        else:
            status = row.status if row.target == edit.text else "draft"
        return replace(row, target=edit.text, status=status,
                       qa=row.qa if row.target == edit.text else "",
                       unsaved=edit.segment_id in self.unsaved)

    def pages(self, page: int = PAGE) -> Iterator[list[ReviewRow]]:
        """The document's rows in order, `page` at a time (keyset pagination)."""
        after = -1
        while True:
            rows = store.review_rows(self.conn, self.doc_id, self.lang, after_position=after,
                                     limit=page)
            if rows:
                yield [self.row_from(r) for r in rows]
            if len(rows) < page:
                return
            after = rows[-1]["position"]

    def rows_by_id(self, segment_ids: Sequence[int]) -> list[ReviewRow]:
        """Fresh rows for some segments (after a write or a batch of MT suggestions)."""
        return [self.row_from(r) for r in
                store.review_rows_by_id(self.conn, self.doc_id, self.lang, list(segment_ids))]

    def row(self, segment_id: int) -> ReviewRow | None:
        found = self.rows_by_id([segment_id])
        return found[0] if found else None

    def row_number(self, number: int) -> ReviewRow | None:
        """The row of segment `number` (1-based, as shown), or None."""
        segment_id = store.segment_at(self.conn, self.doc_id, number - 1)
        return self.row(segment_id) if segment_id is not None else None

    def count(self) -> int:
        return store.segment_count(self.conn, self.doc_id)

    def progress(self) -> dict[str, int]:
        """Segments per status in this document."""
        return tr.progress(self.conn, self.lang, doc_id=self.doc_id)

    # -- context ----------------------------------------------------------------------------
    def context(self, row: ReviewRow, text: str | None = None) -> SegmentContext:
        """Terms, MT suggestion, TM matches and QA of `text` (default: the row's target).

        The TM index is refreshed by a lookup, which writes: if the project is busy the
        matches are left out and `unavailable` says why, the rest is still returned."""
        from workbench.glossary.match import find_terms
        from workbench.store.suggestions import get_suggestion

        conn = self.conn
        ctx = SegmentContext(row.id)
        ctx.terms = find_terms(conn, row.source, self.src, self.lang)
        if has_codes(row.source):
            from workbench.store.codes import segment_codes

            ctx.codes = segment_codes(conn, row.id)
        ctx.suggestion = get_suggestion(conn, row.id, self.lang)
        if ctx.suggestion is None:
            ctx.model_missing = self.missing_model()
        try:
            ctx.tm_matches = self.tm_matches(row)
        except KEEPABLE as exc:
            ctx.unavailable = f"TM matches not loaded: {describe_failure(exc)}"
        target = row.target if text is None else text
        ctx.findings = self.check(row.source, target or "")
        return ctx

    def tm_matches(self, row: ReviewRow) -> list[TMMatch]:
        from workbench.tm.lookup import lookup

        before, after = store.neighbour_sources(self.conn, self.doc_id, row.position)
        return lookup(self.conn, row.source, self.src, self.lang,
                      min_score=self.project.settings.tm_min_score, limit=TM_LIMIT,
                      prev_text=before, next_text=after, exclude_segment_id=row.id)

    def check(self, source: str, text: str) -> list[Finding]:
        """QA of `text` as a translation of `source`, errors first."""
        from workbench.qa.checks import run_checks

        if not text.strip():
            return []
        return sort_findings(run_checks(source, text, self.src, self.lang, conn=self.conn))

    def missing_model(self) -> str | None:
        """The install command when no MT model for this language pair is installed."""
        from workbench.mt.packages import find_package, install_hint

        if find_package(self.project.settings.models_dir, self.src, self.lang) is None:
            return install_hint(self.src, self.lang)
        return None

    def problems(self, rows: Iterable[ReviewRow]) -> dict[int, str]:
        """Worst QA severity of each translated row (segments without findings left out):
        QA over the document, for the grid's marks, the filter and "next problem"."""
        out: dict[int, str] = {}
        for row in rows:
            if row.target and row.target.strip():
                severity = worst(self.check(row.source, row.target))
                if severity:
                    out[row.id] = severity
        return out

    @staticmethod
    def next_matching(rows: Sequence[ReviewRow], start: int, want: Any) -> int | None:
        """Index of the first row after `start` satisfying `want`, wrapping around."""
        for step in range(1, len(rows) + 1):
            index = (start + step) % len(rows)
            if want(rows[index]):
                return index
        return None

    @staticmethod
    def is_problem(row: ReviewRow) -> bool:
        """Whether "next problem" stops at `row` (its QA mark is an error or a warning)."""
        return row.qa in PROBLEM_SEVERITIES

    # -- inserting ---------------------------------------------------------------------------
    def from_tm(self, row: ReviewRow, match: TMMatch) -> tuple[str, Inserted, list[str]]:
        """The text a TM match puts into the editor, numbers repaired for this source
        (a match for "307 members" used for "278 members" gets 278 in the target's digits),
        what to credit on confirm, and the repairs made ("۳۰۷ → ۲۷۸")."""
        from workbench.tm.repair import repair_numbers

        text, repairs = repair_numbers(match.source, row.source, match.target)
        return text, Inserted(text, "tm", f"tm:{match.unit_id}"), repairs

    @staticmethod
    def from_mt(suggestion: Suggestion) -> tuple[str, Inserted]:
        return suggestion.text, Inserted(suggestion.text, "mt", suggestion.model)

    # -- writing -----------------------------------------------------------------------------
    def origin_for(self, segment_id: int, text: str,
                   inserted: Inserted | None) -> tuple[str, str | None]:
        """Origin and source_ref to store for `text` (see the module docstring)."""
        if inserted and inserted.text == text:
            return inserted.origin, inserted.source_ref
        stored = tr.get_translation(self.conn, segment_id, self.lang)
        if stored and stored.text == text:
            return stored.origin, stored.source_ref
        return "human", None

    def apply(self, edit: Edit) -> Saved:
        """Store `edit` (from any thread). Raises what the store raises (ProjectBusyError,
        ProjectWriteError): the caller keeps the edit (`keep`) and retries."""
        saved = self.confirm(edit) if edit.kind == "confirm" else self.save_draft(edit)
        if saved.changed:
            self.remember_edit(edit.segment_id)
        return saved

    def confirm(self, edit: Edit) -> Saved:
        """Store the text as confirmed, check it, fill repetitions per the setting."""
        from workbench.tm.propagate import candidates, propagate

        if not edit.text.strip():
            raise WorkbenchError("nothing to confirm: the translation is empty")
        self.refuse_locked(edit.segment_id)
        conn, lang = self.conn, self.lang
        stored = tr.get_translation(conn, edit.segment_id, lang)
        origin, ref = self.origin_for(edit.segment_id, edit.text, edit.inserted)
        self.wrote(edit, tr.save_translation(
            conn, edit.segment_id, lang, edit.text, self.expected(edit.segment_id, edit.base),
            status=status_on_confirm(stored, edit.text), origin=origin, source_ref=ref))
        saved = self.checked(edit)
        mode = self.project.settings.propagate
        if mode == "apply":
            saved.filled = self.rows_by_id(propagate(conn, edit.segment_id, lang))
        elif mode == "offer":
            saved.offer = candidates(conn, edit.segment_id, lang)
        return saved

    def save_draft(self, edit: Edit) -> Saved:
        """Store unconfirmed text as a draft (text already stored: nothing written)."""
        stored = tr.get_translation(self.conn, edit.segment_id, self.lang)
        if not edit.text.strip() or (stored is not None and stored.text == edit.text):
            return Saved(self.row(edit.segment_id), changed=False)
        self.refuse_locked(edit.segment_id)
        origin, ref = self.origin_for(edit.segment_id, edit.text, edit.inserted)
        self.wrote(edit, tr.save_translation(
            self.conn, edit.segment_id, self.lang, edit.text,
            self.expected(edit.segment_id, edit.base), status="draft", origin=origin,
            source_ref=ref))
        return self.checked(edit)

    def expected(self, segment_id: int, base: int | None) -> int | None:
        """The revision a write based on `base` must find stored: `base` itself, or what
        this session's own writes on top of `base` produced since (a draft stored while the
        translator went on typing)."""
        chained = self.written.get(segment_id)
        return chained[1] if base is not None and chained and chained[0] == base else base

    def wrote(self, edit: Edit | tuple[int, int | None], stored: tr.Translation | None) -> None:
        """Remember the revision a write based on `edit`'s base produced (see `expected`)."""
        segment_id, base = (edit.segment_id, edit.base) if isinstance(edit, Edit) else edit
        if base is not None:
            self.written[segment_id] = (base, stored.revision if stored else 0)

    def is_own(self, segment_id: int, revision: int) -> bool:
        """Whether `revision` of the segment is this session's own latest write."""
        chained = self.written.get(segment_id)
        return chained is not None and chained[1] == revision

    def checked(self, edit: Edit) -> Saved:
        """The stored row with its QA mark, and the QA errors of the stored text."""
        row = self.row(edit.segment_id)
        if row is None:
            return Saved(None)
        findings = self.check(row.source, row.target or "")
        return Saved(replace(row, qa=worst(findings)),
                     errors=[f for f in findings if f.severity == "error"])

    def propagate_to(self, segment_id: int, targets: Sequence[int]) -> list[ReviewRow]:
        """Fill the repetitions the translator agreed to (the `offer` setting)."""
        from workbench.tm.propagate import apply_to

        return self.rows_by_id(apply_to(self.conn, segment_id, self.lang, targets))

    def set_status(self, segment_id: int, status: str,
                   base: int | None = None) -> ReviewRow | None:
        """Mark a translated segment reviewed, approved (or back to translated). `base`: the
        revision the reviewer saw; a text changed since is not approved unseen
        (ConflictError)."""
        if tr.get_translation(self.conn, segment_id, self.lang) is None:
            raise WorkbenchError("translate the segment before setting its status")
        self.refuse_locked(segment_id)
        self.wrote((segment_id, base), tr.set_status(
            self.conn, segment_id, self.lang, status,
            expected_revision=self.expected(segment_id, base)))
        return self.row(segment_id)

    def undo(self, segment_id: int, base: int | None = None) -> ReviewRow | None:
        """Undo the segment's last stored change — one's own, and only if nobody changed the
        segment since revision `base` (WorkbenchError / ConflictError otherwise)."""
        return self._step(tr.undo, segment_id, base)

    def redo(self, segment_id: int, base: int | None = None) -> ReviewRow | None:
        return self._step(tr.redo, segment_id, base)

    def _step(self, step: Any, segment_id: int, base: int | None) -> ReviewRow | None:
        self.refuse_locked(segment_id)
        self.wrote((segment_id, base), step(self.conn, segment_id, self.lang,
                                            expected_revision=self.expected(segment_id, base),
                                            own_only=True))
        return self.row(segment_id)

    # -- locks and notes ----------------------------------------------------------------------
    def refuse_locked(self, segment_id: int) -> None:
        """A write to a locked segment is refused with how to unlock it (not kept: retrying
        cannot succeed)."""
        from workbench.store.locks import is_locked

        if is_locked(self.conn, segment_id, self.lang):
            raise LockedError(f"segment {self.number_of(segment_id)} is locked in {self.lang}",
                              hint="unlock it first (Alt+L in the review, or "
                                   "`workbench lock --unlock`)")

    def number_of(self, segment_id: int) -> int | str:
        row = self.row(segment_id)
        return row.number if row else segment_id

    def set_locked(self, segment_ids: Sequence[int], locked: bool) -> list[ReviewRow]:
        """Lock or unlock segments of this document; returns the rows that changed."""
        from workbench.store.locks import set_locked

        return self.rows_by_id(set_locked(self.conn, segment_ids, self.lang, locked))

    def set_note(self, segment_id: int, note: str) -> ReviewRow | None:
        """Attach the translator's note to the segment's translation ("" removes it)."""
        from workbench.store.interop import set_translation_note

        if tr.get_translation(self.conn, segment_id, self.lang) is None:
            raise WorkbenchError(f"segment {self.number_of(segment_id)} has no translation "
                                 "to attach a note to", hint="type a draft first")
        set_translation_note(self.conn, segment_id, self.lang, note.strip() or None)
        return self.row(segment_id)

    # -- edits kept in memory ------------------------------------------------------------------
    def keep(self, edit: Edit, exc: BaseException) -> Unsaved:
        """Remember an edit the store refused, with the reason; a later edit of the same
        segment replaces it (it holds everything the translator typed since)."""
        previous = self.unsaved.get(edit.segment_id)
        kept = Unsaved(edit, describe_failure(exc),
                       previous.attempts + 1 if previous else 1,
                       conflict=exc if isinstance(exc, ConflictError) else None,
                       refused=isinstance(exc, AccessDeniedError))
        if previous is not None and previous.edit.kind == "confirm" and edit.kind == "draft" \
                and previous.edit.text == edit.text:
            kept.edit = previous.edit  # a retried confirm is not demoted to a draft
        self.unsaved[edit.segment_id] = kept
        return kept

    def stored(self, edit: Edit) -> bool:
        """The store accepted `edit`: forget the kept copy unless a newer edit replaced it.
        True when nothing of this segment is waiting any more."""
        kept = self.unsaved.get(edit.segment_id)
        if kept is not None and kept.edit == edit:
            del self.unsaved[edit.segment_id]
        return edit.segment_id not in self.unsaved

    # -- where the translator left off -----------------------------------------------------------
    def last_position(self) -> int | None:
        """The segment the translator last worked on in this document and language."""
        value = self.project.get_setting(POSITION_SETTING.format(doc=self.doc_id,
                                                                 lang=self.lang))
        return int(value) if value and value.isdigit() else None

    def remember_position(self, segment_id: int) -> None:
        self.project.set_setting(POSITION_SETTING.format(doc=self.doc_id, lang=self.lang),
                                 str(segment_id))

    def remember_edit(self, segment_id: int) -> None:
        """The translator stored an edit here: "back to last edited" returns to it. A
        convenience: failing to note it must not make the stored edit look unsaved."""
        try:
            self.project.set_setting(LAST_EDITED_SETTING,
                                     f"{self.doc_id}:{self.lang}:{segment_id}")
        except KEEPABLE:
            pass


def last_edited(project: Project) -> tuple[int, str, int] | None:
    """(document id, language, segment id) of the last edit stored in the project."""
    value = project.get_setting(LAST_EDITED_SETTING) or ""
    doc, _, rest = value.partition(":")
    lang, _, segment = rest.partition(":")
    if doc.isdigit() and lang and segment.isdigit():
        return int(doc), lang, int(segment)
    return None
