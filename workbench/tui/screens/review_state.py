"""The state behind the review screen: the rows it shows and their sync with the store.

Rows are read page by page in a thread worker, QA'd over the whole document in another; every
change of a row (an edit shown at once, a write's result, a batch of MT suggestions) goes
through `put_row`, which redraws that row's line only. Edits are handed to the App's keeper
(tui/edits.py), which writes them on the writer thread and keeps what the store refuses.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from textual import work
from textual.timer import Timer
from textual.worker import get_current_worker

from workbench.errors import ConflictError, WorkbenchError
from workbench.project import Project
from workbench.review import (
    KEEPABLE,
    Edit,
    Inserted,
    ReviewRow,
    ReviewSession,
    Saved,
    SegmentContext,
    Unsaved,
)
from workbench.store.translations import CONFIRMED
from workbench.text.scripts import lang_name
from workbench.tui.filters import SegmentFilter
from workbench.tui.messages import ChangesArrived, SuggestionsArrived
from workbench.tui.screens.base import WorkbenchScreen
from workbench.tui.screens.conflict import Resolution
from workbench.tui.screens.modals import ConfirmModal
from workbench.tui.widgets.editor import TranslationEditor
from workbench.tui.widgets.segment_grid import SegmentGrid

QA_CHUNK = 200        # rows checked per step of the document QA worker




class ReviewState(WorkbenchScreen):
    """Rows, the current segment's id and context, edits in flight (see the module doc)."""

    def __init__(self, project: Project, doc_id: int, lang: str, *,
                 start: int | None = None) -> None:
        """`start`: the segment to open at (default: where the translator left)."""
        super().__init__(project)
        self.doc_id = doc_id
        self.start = start
        self.sessions = {lang: ReviewSession(project, doc_id, lang)}
        self.session = self.sessions[lang]
        self.filter = SegmentFilter()
        self.rows: dict[int, ReviewRow] = {}  # every loaded row, by segment id
        self.confirmed = 0                    # how many of them are confirmed (kept by `keep`)
        self.order: list[int] = []            # segment ids in document order
        self.shown_id: int | None = None      # segment in the editor
        self.loaded_text = ""                 # what the editor holds unless the user typed
        self.loaded_revision = 0              # the stored revision that text started from
        self.conflict_open: set[int] = set()  # segments whose conflict dialog is showing
        self.noticed: dict[int, int] = {}     # revision of others' change already announced
        self.stale: set[int] = set()          # rows others changed while being edited here
        self.inserted: Inserted | None = None
        self.context: SegmentContext | None = None
        # contexts read ahead, by (segment id, target text they were read for)
        self.prefetched: dict[tuple[int, str | None], SegmentContext] = {}
        self.waiting: list[Callable[[SegmentContext], None]] = []
        self.timers: dict[str, Timer] = {}

    @property
    def lang(self) -> str:
        return self.session.lang

    @property
    def src(self) -> str:
        return self.project.settings.source_lang

    @property
    def grid(self) -> SegmentGrid:
        return self.query_one(SegmentGrid)

    @property
    def editor(self) -> TranslationEditor:
        return self.query_one(TranslationEditor)

    @work(group="rows", thread=True, exclusive=True, exit_on_error=False)
    def load_rows(self, keep: int | None = None) -> None:
        """Page the document in (the first page paints at once), then QA it."""
        session, worker = self.session, get_current_worker()
        if keep is None:
            keep = session.last_position()
        title = session.title()
        self.app.call_from_thread(self.attached, setattr, self, "title", title)
        for n, page in enumerate(session.pages()):
            if worker.is_cancelled:
                return
            self.app.call_from_thread(self.attached, self.rows_arrived, session, page, n == 0, keep)
        if not worker.is_cancelled:
            self.app.call_from_thread(self.attached, self.rows_done, session, keep)

    def rows_arrived(self, session: ReviewSession, page: list[ReviewRow], first: bool,
                     keep: int | None) -> None:
        if session is not self.session:
            return
        if first:
            self.rows.clear()
            self.order.clear()
            self.confirmed = 0
        page = [session.overlay(row) for row in page]
        for row in page:
            self.keep(row)
            self.order.append(row.id)
        shown = [row for row in page if self.filter.matches(row)]
        if first:
            self.grid.set_rows(shown, keep_segment=keep)
        else:
            self.grid.append_rows(shown)
        self.update_subtitle()

    def rows_done(self, session: ReviewSession, keep: int | None) -> None:
        if session is not self.session:
            return
        current = self.grid.current
        if keep is not None and (current is None or current.id != keep):
            self.grid.select_segment(keep)  # it was on a later page
        # The rows of a long document stay as long as the screen: out of the cyclic garbage
        # collector's sight, its full collections stop rescanning them (on 10,000 segments
        # such a collection froze a keystroke for 50-250 ms). `on_unmount` gives them back.
        gc.freeze()
        self.check_document(session, [self.rows[i] for i in self.order])

    def on_unmount(self) -> None:
        gc.unfreeze()

    @work(group="qa", thread=True, exclusive=True, exit_on_error=False)
    def check_document(self, session: ReviewSession, rows: list[ReviewRow]) -> None:
        """QA of every translation, in chunks (marks in the grid, filter, Ctrl+N)."""
        worker = get_current_worker()
        for start in range(0, len(rows), QA_CHUNK):
            if worker.is_cancelled:
                return
            chunk = rows[start:start + QA_CHUNK]
            found = session.problems(chunk)
            self.app.call_from_thread(self.attached, self.qa_arrived, session,
                                      {row.id: (row.target, found.get(row.id, ""))
                                       for row in chunk})

    def qa_arrived(self, session: ReviewSession, marks: dict[int, tuple[str | None, str]]) -> None:
        for segment_id, (target, severity) in marks.items():
            row = self.rows.get(segment_id)
            if session is self.session and row and row.target == target and row.qa != severity:
                self.put_row(replace(row, qa=severity))

    def put_row(self, row: ReviewRow) -> None:
        """A row changed: keep it, redraw its line (only), update the progress. A row read
        back from the store has no QA mark: the one of its unchanged text stays."""
        old = self.rows.get(row.id)
        if old is not None and old.target == row.target and not row.qa:
            row = replace(row, qa=old.qa)
        self.keep(row)
        self.grid.update_row(row)
        self.update_subtitle()

    def keep(self, row: ReviewRow) -> None:
        """Hold `row` as its segment's row, keeping the count of confirmed ones (the subtitle's
        progress is updated on every row change: counting 10,000 rows each time cost a
        millisecond per row of every MT batch on the UI thread)."""
        old = self.rows.get(row.id)
        self.confirmed += (row.status in CONFIRMED) - (old is not None
                                                      and old.status in CONFIRMED)
        self.rows[row.id] = row

    def apply_filter(self) -> None:
        self.grid.set_rows([self.rows[i] for i in self.order
                            if self.filter.matches(self.rows[i])], keep_segment=self.shown_id)
        self.update_subtitle()

    def update_subtitle(self) -> None:
        parts = [f"{lang_name(self.lang)}: {self.confirmed}/{len(self.rows)} confirmed"]
        kept = [k for s in self.sessions.values() for k in s.unsaved.values()]
        conflicts = sum(k.conflict is not None for k in kept)
        if len(kept) > conflicts:
            parts.append(f"{len(kept) - conflicts} NOT SAVED (kept, retrying)")
        if conflicts:
            parts.append(f"{conflicts} CONFLICT (confirm again to choose)")
        if self.filter.active:
            parts.append(f"{self.filter.describe()} ({len(self.grid.rows)} shown)")
        self.sub_title = " · ".join(parts)

    def current_row(self) -> ReviewRow | None:
        return self.rows.get(self.shown_id) if self.shown_id is not None else None

    def editor_dirty(self) -> bool:
        return self.shown_id is not None and self.editor.text != self.loaded_text

    def showing(self) -> bool:
        """On the stack and running: results that arrive while it closes are not shown."""
        return self.is_attached and self.is_running

    def attached(self, callback: Callable[..., None], *args: Any) -> None:
        """Run a result callback only while the screen is open (a result may arrive after
        it closed; typed text is the App's to keep, see tui/edits.py)."""
        if self.showing():
            callback(*args)

    def submit(self, edit: Edit) -> None:
        """Show `edit` at once and hand it to the App's writer."""
        row = self.rows.get(edit.segment_id)
        if row is not None:
            self.put_row(self.session.with_edit(row, edit))
        self.workbench.edits.submit(self.session, edit, self)

    def edit_stored(self, session: ReviewSession, edit: Edit, saved: Saved,
                    current: bool) -> None:
        if session is not self.session or saved.row is None or not current:
            self.update_subtitle()  # a newer edit of the segment waits: it shows as it is
            return
        self.put_row(saved.row)
        if edit.kind == "confirm" and self.shown_id != edit.segment_id:
            self.reload_context()  # the TM now holds this translation: new matches
        if edit.kind == "confirm" and saved.errors:
            self.notify(f"Segment {edit.number} confirmed with {len(saved.errors)} QA "
                        "error(s): see the QA panel; ctrl+n goes to the next problem.",
                        severity="warning")
        self.show_filled(saved.filled)
        if saved.offer:
            self.app.push_screen(
                ConfirmModal("Repetitions", f"Use this translation for {len(saved.offer)} "
                                            "identical untranslated segment(s)?"),
                lambda yes: self.write(lambda: session.propagate_to(edit.segment_id,
                                                                    saved.offer),
                                       self.show_filled) if yes else None)

    def edit_kept(self, session: ReviewSession, edit: Edit, kept: Unsaved) -> None:
        row = self.rows.get(edit.segment_id)
        if session is self.session and row is not None:
            self.put_row(replace(session.with_edit(row, kept.edit), unsaved=True))

    def edit_conflicted(self, session: ReviewSession, edit: Edit,
                        conflict: ConflictError) -> None:
        """Someone else saved the segment first: show both texts and let the translator
        choose (one dialog per segment at a time; Esc leaves the text kept and marked)."""
        from workbench.tui.screens.conflict import ConflictModal

        if session is not self.session or edit.segment_id in self.conflict_open:
            return
        self.conflict_open.add(edit.segment_id)
        kept = session.unsaved.get(edit.segment_id)
        mine = kept.edit.text if kept is not None else edit.text
        self.app.push_screen(ConflictModal(edit.number, conflict, mine, self.workbench.rtl_mode),
                             lambda chosen: self.resolve(session, edit, conflict, chosen))

    def resolve(self, session: ReviewSession, edit: Edit, conflict: ConflictError,
                chosen: Resolution | None) -> None:
        """Carry out the translator's choice in a conflict (see tui/screens/conflict.py)."""
        segment_id = edit.segment_id
        self.conflict_open.discard(segment_id)
        kept = session.unsaved.get(segment_id)
        if chosen is None or kept is None:
            if kept is not None:
                self.notify(f"Segment {edit.number} is NOT saved (conflict): confirm it again "
                            "to choose.", severity="warning")
            return
        del session.unsaved[segment_id]
        shown = segment_id == self.shown_id and session is self.session
        if chosen.choice == "theirs":
            if shown:
                self.loaded_text, self.loaded_revision = (conflict.theirs or "",
                                                          conflict.theirs_revision)
                self.editor.load_text(self.loaded_text)
            self.refresh_rows(session, [segment_id])
            self.update_subtitle()
            return
        text = chosen.text or ""
        inserted = kept.edit.inserted if chosen.choice == "mine" else None
        if shown:
            self.loaded_text, self.loaded_revision = text, conflict.theirs_revision
            if self.editor.text != text:
                self.editor.load_text(text)
        self.submit(replace(kept.edit, text=text, inserted=inserted,
                            base=conflict.theirs_revision))

    def base_of(self, row: ReviewRow) -> int:
        """The revision an edit of `row` starts from: that of a kept edit (its conflict is
        not resolved by reloading), else the row's as loaded."""
        kept = self.session.unsaved.get(row.id)
        return kept.edit.base if kept is not None and kept.edit.base is not None \
            else row.revision

    def write(self, call: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """A write that is not typed text (undo, status, repetitions): on failure, say why."""
        def failed(exc: BaseException) -> None:
            if isinstance(exc, ConflictError):  # show what is stored now
                self.refresh_rows(self.session, [exc.segment_id])
            if isinstance(exc, (WorkbenchError, *KEEPABLE)):
                self.notify(exc.message if isinstance(exc, WorkbenchError) else str(exc),
                            severity="warning")
            else:
                self.workbench.report_error(exc)

        self.workbench.writer.submit(call, lambda value: self.attached(done, value), failed)

    def show_filled(self, filled: list[ReviewRow]) -> None:
        for row in filled:
            if row.id in self.rows:
                self.put_row(self.session.overlay(row))
        if filled:
            self.notify(f"Filled {len(filled)} repetition(s) of this segment.")

    def save_draft(self) -> None:
        """Unconfirmed typing becomes a draft: after a pause and before leaving the segment."""
        if "autosave" in self.timers:
            self.timers.pop("autosave").stop()
        if not self.editor_dirty() or not self.editor.text.strip() or self.shown_id is None:
            return
        self.loaded_text = self.editor.text
        self.editor.history.checkpoint()  # Ctrl+Z undoes the typing since this pause
        row = self.current_row()
        self.submit(Edit(self.shown_id, self.editor.text, "draft", self.inserted,
                         row.number if row else 0, self.loaded_revision))

    def remember_position(self) -> None:
        if self.shown_id is not None:
            session, segment_id = self.session, self.shown_id
            self.workbench.writer.submit(lambda: session.remember_position(segment_id),
                                         lambda _: None, lambda _: None)

    def on_suggestions_arrived(self, message: SuggestionsArrived) -> None:
        """A batch was stored: re-read those rows (in a worker) and fill them in."""
        ids = [s.segment_id for s in message.suggestions
               if s.lang == self.lang and s.segment_id in self.rows]
        if ids:
            self.refresh_rows(self.session, ids)

    @work(group="refresh", thread=True, exit_on_error=False)
    def refresh_rows(self, session: ReviewSession, ids: list[int]) -> None:
        rows = session.rows_by_id(ids)
        self.app.call_from_thread(self.attached, self.rows_refreshed, session, rows)

    def rows_refreshed(self, session: ReviewSession, rows: list[ReviewRow]) -> None:
        if session is not self.session:
            return
        for row in rows:
            self.put_row(session.overlay(row))
        current = self.current_row()
        if current is not None and current.id in {row.id for row in rows}:
            self.context = None
            self.reload_context()

    def on_changes_arrived(self, message: ChangesArrived) -> None:
        """Work committed elsewhere (another workbench, a CLI, a team member): re-read the
        rows of this document it touched; new confirmed work or glossary changes also
        refresh the current segment's TM and glossary panels. Held back while this App's
        own writes are in flight, so their echo is recognised as our own."""
        if self.workbench.writer.busy:
            self.set_timer(0.1, lambda: self.attached(self.on_changes_arrived, message))
            return
        session, ids, actors, panels = self.session, set(), {}, False
        for change in message.changes:
            if change.kind == "glossary":
                panels = True
            elif change.lang != self.lang or change.segment_id is None or (
                    change.revision is not None
                    and session.is_own(change.segment_id, change.revision)):
                continue
            else:
                panels = panels or change.status in CONFIRMED or change.status is None
                if change.segment_id in self.rows:
                    ids.add(change.segment_id)
                    actors[change.segment_id] = change.actor
        if ids:
            self.read_changed(session, sorted(ids), actors)
        if panels:
            self.later("live-context", 0.1, self.reload_context)

    @work(group="refresh", thread=True, exit_on_error=False)
    def read_changed(self, session: ReviewSession, ids: list[int],
                     actors: dict[int, str]) -> None:
        rows = session.rows_by_id(ids)
        self.app.call_from_thread(self.attached, self.others_changed, session, rows, actors)

    def others_changed(self, session: ReviewSession, rows: list[ReviewRow],
                       actors: dict[int, str]) -> None:
        """Show what others changed — except in the segment the translator is editing,
        which keeps their text (confirming it then shows both: see `edit_conflicted`)."""
        if session is not self.session:
            return
        for row in rows:
            old = self.rows.get(row.id)
            if old is None or old.revision == row.revision or session.is_own(row.id,
                                                                               row.revision):
                continue
            who = actors.get(row.id) or "another workbench"
            if self.editing(row.id):
                self.stale.add(row.id)  # re-read when the translator leaves it
                if self.noticed.get(row.id) != row.revision:
                    self.noticed[row.id] = row.revision
                    self.notify(f"Segment {row.number} was just changed by {who}. Your text "
                                "is kept; confirming it shows both versions.",
                                severity="warning", timeout=8)
                continue
            self.put_row(session.overlay(row))
            if row.id == self.shown_id:
                self.loaded_text, self.loaded_revision = row.target or "", row.revision
                self.editor.load_text(self.loaded_text)
                self.editor.move_cursor(self.editor.document.end)
                self.notify(f"Segment {row.number} was updated by {who}.")
                self.show_current()

    def left_segment(self) -> None:
        """The translator leaves the segment in the editor: if others changed it meanwhile
        (and nothing of the translator's is kept for it), show the stored version now."""
        if self.shown_id in self.stale and self.shown_id not in self.session.unsaved:
            self.stale.discard(self.shown_id)
            self.refresh_rows(self.session, [self.shown_id])

    def editing(self, segment_id: int) -> bool:
        """The translator is working on this segment: it is in the editor and they typed
        (unsaved, or drafts stored since it was loaded), or an edit of it is kept."""
        if segment_id in self.session.unsaved:
            return True
        if segment_id != self.shown_id:
            return False
        chained = self.session.written.get(segment_id)
        return self.editor_dirty() or (chained is not None
                                       and chained[0] == self.loaded_revision)

    def later(self, name: str, delay: float, callback: Callable[[], object]) -> None:
        """(Re)start the timer `name`: a burst of calls runs `callback` once, after it."""
        if name in self.timers:
            self.timers.pop(name).stop()
        self.timers[name] = self.set_timer(delay, callback)

    def in_key_order(self, action: Callable[[], None]) -> None:
        """Run `action` from the editor's message queue, behind the keys typed before it
        (priority bindings run in the App's queue, ahead of them): confirming sees exactly
        what was typed, and letters typed after it land in the next segment."""
        self.editor.call_later(action)

    def when_context(self, action: Callable[[SegmentContext], None]) -> None:
        """Run `action` with the current segment's context (at once, or when it arrives)."""
        if self.context is not None:
            action(self.context)
        elif self.shown_id is not None:
            self.waiting.append(action)

    def show_current(self) -> None:
        """Show the grid's current segment (the screen's layout does it)."""
        raise NotImplementedError

    def reload_context(self) -> None:
        """Read the current segment's context again (it changed in the store)."""
        raise NotImplementedError
