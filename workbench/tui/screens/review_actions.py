"""What the review screen's keys do: confirm and move, insert MT/TM/glossary text, undo and
redo, statuses, filter and go-to. Rules come from the `ReviewSession`; this layer turns keys
into session calls and editor changes.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from workbench.review import (
    Edit,
    Inserted,
    ReviewRow,
    ReviewSession,
    SegmentContext,
)
from workbench.text.codes import has_codes
from workbench.text.scripts import lang_name
from workbench.tui.bidi import labelled
from workbench.tui.filters import SegmentFilter
from workbench.tui.screens.modals import (
    ConfirmModal,
    FilterModal,
    NumberModal,
    PickModal,
    TextModal,
)
from workbench.tui.screens.review_state import ReviewState
from workbench.tui.widgets.panels import SidePanels


class ReviewActions(ReviewState):
    """The actions behind REVIEW_BINDINGS (every one is also in the command palette)."""

    def action_confirm_segment(self) -> None:
        self.in_key_order(self.confirm_segment)

    def confirm_segment(self) -> None:
        """Confirm the editor's text and go to the next unconfirmed segment."""
        row = self.current_row()
        if row is None:
            return
        text = self.editor.text
        if self.refused_locked():
            return
        if not text.strip():
            self.notify("Nothing to confirm: the translation is empty.", severity="warning")
            return
        self.loaded_text = text
        self.submit(Edit(row.id, text, "confirm", self.inserted, row.number,
                         self.loaded_revision))
        self.go_next(lambda r: not r.confirmed, "unconfirmed segments")

    def go_next(self, want: Callable[[ReviewRow], bool], label: str) -> None:
        """Move to the next shown row after the cursor satisfying `want`, wrapping around."""
        index = ReviewSession.next_matching(self.grid.rows, self.grid.cursor, want)
        if index is None:
            self.notify(f"No {label} left in this view.")
        else:
            self.move_to(index)

    def move_to(self, index: int) -> None:
        self.grid.move_to(index)
        self.show_current()

    def action_move(self, delta: int) -> None:
        self.in_key_order(lambda: self.move_to(self.grid.cursor + delta))

    def action_next_untranslated(self) -> None:
        self.in_key_order(lambda: self.go_next(lambda r: r.untranslated, "untranslated segments"))

    def action_next_problem(self) -> None:
        self.save_draft()
        self.go_next(ReviewSession.is_problem, "segments with QA problems")

    def action_goto(self) -> None:
        self.app.push_screen(NumberModal("Go to segment", "Segment number:"), self.goto)

    def goto(self, number: int | None) -> None:
        if number is None:
            return
        if not 1 <= number <= len(self.order):
            self.notify(f"There is no segment {number}: this document has {len(self.order)}.",
                        severity="warning")
            return
        self.go_to_segment(self.order[number - 1])  # positions are 0..n-1 in document order

    def go_to_segment(self, segment_id: int) -> None:
        """Show the segment (asking to clear the filter if it hides it)."""
        if segment_id not in self.rows:
            self.notify("That segment is not in this document any more.", severity="warning")
            return
        if self.grid.select_segment(segment_id):
            self.show_current()
            return
        number = self.rows[segment_id].number
        self.app.push_screen(
            ConfirmModal("Go to segment", f"Segment {number} is hidden "
                                          f"({self.filter.describe()}). Clear the filter and "
                                          "go there?"),
            lambda yes: self.set_filter(SegmentFilter(), segment_id) if yes else None)

    def set_filter(self, new: SegmentFilter | None, segment_id: int | None = None) -> None:
        if new is None:
            return
        self.save_draft()
        self.filter = new
        self.apply_filter()
        if segment_id is not None and self.grid.select_segment(segment_id):
            self.show_current()

    def action_filter(self) -> None:
        self.app.push_screen(FilterModal(self.filter), self.set_filter)

    def _put(self, text: str, inserted: Inserted | None = None, *, at_cursor: bool = False) -> None:
        if self.refused_locked():
            return
        if at_cursor:
            self.editor.insert(text)
        else:
            self.editor.put(text)
            self.inserted = inserted
        self.editor.focus()

    def action_accept_mt(self) -> None:
        self.in_key_order(lambda: self.when_context(self.accept_mt))

    def accept_mt(self, ctx: SegmentContext) -> None:
        if ctx.suggestion is None:
            hint = (f"No MT suggestion: the translation model {self.src}_{self.lang} is not "
                    f"installed. Install it with: {ctx.model_missing}" if ctx.model_missing
                    else "No MT suggestion for this segment (F9 translates the document).")
            self.notify(hint)
            return
        if ctx.suggestion.is_test_model:
            self.notify("This suggestion comes from a TEST MODEL: it is not a translation.",
                        severity="warning")
        self._put(*ReviewSession.from_mt(ctx.suggestion))

    def action_insert_tm(self, number: int) -> None:
        self.in_key_order(lambda: self.when_context(lambda ctx: self.insert_tm(ctx, number)))

    def action_insert_best_tm(self) -> None:
        self.action_insert_tm(1)

    def insert_tm(self, ctx: SegmentContext, number: int) -> None:
        row = self.current_row()
        if row is None or number > len(ctx.tm_matches):
            self.notify(f"No TM match {number} for this segment.")
            return
        text, inserted, repairs = self.session.from_tm(row, ctx.tm_matches[number - 1])
        self._put(text, inserted)
        if repairs:
            self.notify("Numbers updated for this source: " + ", ".join(repairs))

    def action_pick_tm(self) -> None:
        self.when_context(self.pick_tm)

    def pick_tm(self, ctx: SegmentContext) -> None:
        if not ctx.tm_matches:
            self.notify("No TM match for this segment.")
            return
        mode = self.workbench.rtl_mode
        choices = [(Text(labelled(f"{m.score}%  ", m.target, self.lang, mode)), str(n))
                   for n, m in enumerate(ctx.tm_matches, 1)]
        self.app.push_screen(PickModal("Insert a TM match", choices),
                             lambda v: self.insert_tm(ctx, int(v)) if v else None)

    def action_insert_term(self) -> None:
        self.when_context(self.insert_term)

    def insert_term(self, ctx: SegmentContext) -> None:
        mode = self.workbench.rtl_mode
        choices = [(Text(labelled(f"{h.matched} → ", form, self.lang, mode) +
                         ("" if form == h.rendering else "  (form)")), form)
                   for h in ctx.terms for form in filter(None, [h.rendering, *h.variants])]
        if not choices:
            self.notify("No glossary term with a rendering in this segment.")
        elif len(choices) == 1:
            self._put(choices[0][1], at_cursor=True)
        else:
            self.app.push_screen(PickModal("Insert glossary rendering", choices),
                                 lambda v: self._put(v, at_cursor=True) if v else None)

    def action_copy_source(self) -> None:
        self.in_key_order(lambda: self._put(row.source) if (row := self.current_row()) else None)

    def action_insert_code(self) -> None:
        self.in_key_order(self.insert_code)

    def insert_code(self) -> None:
        """The insert-tag key: the next code of the source the translation lacks."""
        row = self.current_row()
        if row is None:
            return
        if not has_codes(row.source):
            self.notify("This segment has no inline codes.")
        elif self.editor.insert_next_code(row.source) is None:
            self.notify("Every code of the source is in the translation.")
        self.editor.focus()

    def action_revert(self) -> None:
        self.in_key_order(self.revert)

    def revert(self) -> None:
        row = self.current_row()
        if self.refused_locked():
            return
        self.inserted = None
        self.editor.put(row.target or "" if row else "")

    def action_undo(self) -> None:
        self.in_key_order(lambda: self.history(redo=False))

    def action_redo(self) -> None:
        self.in_key_order(lambda: self.history(redo=True))

    def history(self, *, redo: bool) -> None:
        """Typing is undone in the editor (cursor where the change was), even after it was
        saved as a draft; with no typing left, the store's history of the segment."""
        editor = self.editor
        if editor.has_redo if redo else editor.has_history:
            editor.redo() if redo else editor.undo()
            return
        row, session = self.current_row(), self.session
        if row is not None:
            call, base = session.redo if redo else session.undo, self.loaded_revision
            self.write(lambda: call(row.id, base), self.history_applied)

    def history_applied(self, row: ReviewRow | None) -> None:
        if row is None:
            return
        row = self.session.overlay(row)
        self.put_row(row)
        if row.id == self.shown_id and not self.editor_dirty():
            self.loaded_text, self.loaded_revision = row.target or "", row.revision
            self.editor.load_text(self.loaded_text)
            self.editor.move_cursor(self.editor.document.end)

    def action_set_status(self, status: str) -> None:
        row = self.current_row()
        if row is None or self.refused_locked():
            return
        self.save_draft()
        session, base = self.session, self.loaded_revision

        def marked(new: ReviewRow | None) -> None:
            if new is not None:
                self.put_row(new)
                self.notify(f"Segment {new.number} marked {status}.")

        self.write(lambda: session.set_status(row.id, status, base), marked)

    def refused_locked(self) -> bool:
        """A locked segment is not changed from the editor: say so (True) instead."""
        row = self.current_row()
        if row is not None and row.locked:
            self.notify(f"Segment {row.number} is locked in {lang_name(self.lang)}: "
                        "alt+l unlocks it.", severity="warning")
            return True
        return False

    def action_toggle_lock(self) -> None:
        """Lock the current segment in this language (do-not-translate), or unlock it."""
        row = self.current_row()
        if row is None:
            return
        self.save_draft()  # typing so far is stored before the lock (one writer, in order)
        session, lock = self.session, not row.locked

        def done(rows: list[ReviewRow]) -> None:
            if session is not self.session:
                return
            for new in rows:
                self.put_row(session.overlay(new))
            if self.shown_id == row.id:
                self.editor.read_only = lock
                self.show_current()
            self.notify(f"Segment {row.number} {'locked' if lock else 'unlocked'} in "
                        f"{lang_name(session.lang)}.")

        self.write(lambda: session.set_locked([row.id], lock), done)

    def action_edit_note(self) -> None:
        """Write or change the note on the current segment's translation."""
        row = self.current_row()
        if row is None:
            return
        if row.target is None and not self.editor.text.strip():
            self.notify("A note belongs to a translation: type a draft first.",
                        severity="warning")
            return
        self.save_draft()
        self.app.push_screen(TextModal(f"Note on segment {row.number}",
                                       "Note for the translation (empty removes it):",
                                       row.note or ""),
                             lambda note: self.store_note(row.id, note))

    def store_note(self, segment_id: int, note: str | None) -> None:
        if note is None:
            return
        session = self.session

        def done(new: ReviewRow | None) -> None:
            if new is not None and session is self.session:
                self.put_row(session.overlay(new))
                self.show_current()
                self.notify(f"Note on segment {new.number} "
                            f"{'saved' if new.note else 'removed'}.")

        self.write(lambda: session.set_note(segment_id, note), done)

    def action_concordance(self) -> None:
        from workbench.tui.screens.concordance import ConcordanceScreen

        self.app.push_screen(ConcordanceScreen(self.project, self.lang,
                                               self.editor.selected_text.strip()))

    def action_next_panel(self) -> None:
        self.query_one(SidePanels).cycle()

    def action_translate(self) -> None:
        self.workbench.toggle_translation(self.lang, self.doc_id)

    def action_back(self) -> None:
        self.save_draft()
        self.remember_position()
        self.app.pop_screen()
