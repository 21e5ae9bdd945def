"""CAT tools of the review screen beyond typing a segment: add or edit a glossary term from
the selections (Alt+G), find and replace in the document with a preview (Alt+H), split and
merge segments (Alt+S, Alt+M). The rules live in the core (`glossary.edit`, `replace`,
`resegment`); this turns selections into prefilled dialogs
and the answers into writes on the App's writer thread (which also runs the replace's
planning read, so it sees the draft just saved)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from workbench.glossary.match import TermHit
from workbench.replace import Found, Plan
from workbench.resegment import Resegmented, merge, split_before
from workbench.review import ReviewRow, SegmentContext
from workbench.text.normalize import match_key
from workbench.text.scripts import lang_name
from workbench.tui.bidi import labelled
from workbench.tui.jobs import MODELS_GROUP
from workbench.tui.messages import JobFinished
from workbench.tui.screens.modals import PickModal, TextModal
from workbench.tui.screens.replace_modals import (
    APPLY,
    ReplaceModal,
    ReplacePreviewModal,
    ReplaceRequest,
)
from workbench.tui.screens.review_actions import ReviewActions
from workbench.tui.screens.term_modal import TermModal
from workbench.tui.widgets.panels import SourcePanel

NEW_TERM = "+ New term"


class ReviewTools(ReviewActions):
    """Glossary terms from the editor, find and replace, split and merge (see the module
    doc)."""

    def palette_commands(self) -> list[tuple[str, Callable[[], object], str]]:
        """Commands without a key of their own (the palette lists them with the keys')."""
        return [("Undo last replace", self.undo_replace,
                 "Take the last find & replace in this language back, as one step")]

    def on_job_finished(self, message: JobFinished) -> None:
        """A model was installed: the MT panel stops saying none is (contexts read again)."""
        if message.group == MODELS_GROUP:
            self.prefetched.clear()
            self.context = None
            self.reload_context()

    def source_selection(self) -> str:
        """Text selected with the mouse in the source panel ("" when none)."""
        panel = self.query_one(SourcePanel)
        selection = self.selections.get(panel)
        got = panel.get_selection(selection) if selection is not None else None
        return " ".join(got[0].split()) if got else ""

    def action_glossary_term(self) -> None:
        self.when_context(self.glossary_term)

    def glossary_term(self, ctx: SegmentContext) -> None:
        """A source selection is the term; otherwise a term of the segment the glossary has
        no rendering for, or a choice among the segment's terms (to edit one) and a new one."""
        if self.current_row() is None:
            return
        english = self.source_selection()
        hits = [h for h in ctx.terms if not h.do_not_translate]
        if english:
            key = match_key(english)
            self.open_term(english, next((h for h in hits if match_key(h.matched) == key
                                          or match_key(h.source_term) == key), None))
            return
        missing = [h for h in hits if not h.rendering]
        if missing or not hits:
            self.open_term(missing[0].matched if missing else "", missing[0] if missing else None)
            return
        mode = self.workbench.rtl_mode
        choices: list[tuple[str | Text, TermHit | None]] = [
            (Text(labelled(f"{h.matched} → ", h.rendering or "", self.lang, mode)), h)
            for h in hits]
        choices.append((NEW_TERM, None))
        self.app.push_screen(PickModal("Edit a glossary term, or add one", choices),
                             self.picked_term)

    def picked_term(self, hit: TermHit | None) -> None:
        self.open_term(hit.matched if hit else "", hit)

    def open_term(self, english: str, hit: TermHit | None) -> None:
        selected = " ".join(self.editor.selected_text.split())
        rendering = selected or (hit.rendering if hit else "") or ""
        current = ""
        if hit is not None:
            current = (f"In the glossary: {hit.source_term} → {hit.rendering} (saving "
                       "replaces it)" if hit.rendering else
                       f"In the glossary: {hit.source_term}, no {lang_name(self.lang)} "
                       "rendering yet")
        self.app.push_screen(TermModal(english, rendering, self.lang, current,
                                       self.workbench.rtl_mode),
                             self.store_term)

    def store_term(self, answer: tuple[str, str] | None) -> None:
        if answer is None:
            return
        from workbench.glossary.edit import TermSaved, save_term

        english, rendering = answer
        project, lang, session = self.project, self.lang, self.session

        def done(saved: TermSaved) -> None:
            self.notify(saved.message)
            if saved.changed and session is self.session:
                self.context = None
                self.reload_context()  # the glossary panel and this segment's QA
                self.check_document(session, [self.rows[i] for i in self.order])

        self.write(lambda: save_term(project.db, english, lang, rendering), done)

    # -- find and replace -----------------------------------------------------------------
    def action_find_replace(self) -> None:
        self.save_draft()  # the plan is read behind it, on the writer thread
        selected = " ".join(self.editor.selected_text.split()) or self.source_selection()
        self.app.push_screen(ReplaceModal(selected), self.preview_replace)

    def preview_replace(self, request: ReplaceRequest | None) -> None:
        if request is None:
            return
        from workbench.replace import find, plan

        project, lang, doc = self.project, self.lang, self.doc_id
        query, replacement = request.query, request.replacement
        if replacement is None:
            self.write(lambda: find(project, lang, query, doc_id=doc), self.show_found)
        else:
            self.write(lambda: plan(project, lang, query, replacement, doc_id=doc),
                       self.show_plan)

    def show_found(self, found: list[Found]) -> None:
        if not found:
            self.notify("No segment matches.")
            return
        first = self.rows.get(found[0].segment_id)
        lang = self.src if first is not None and first.source == found[0].text else self.lang
        self.app.push_screen(ReplacePreviewModal("Matches", lang, self.workbench.rtl_mode,
                                                 found=found), self.preview_closed)

    def show_plan(self, to_apply: Plan) -> None:
        if not to_apply.changes and not to_apply.locked and not to_apply.across_codes:
            self.notify("No translation matches.")
            return
        self.app.push_screen(ReplacePreviewModal("Replace: preview", self.lang,
                                                 self.workbench.rtl_mode, plan=to_apply),
                             lambda answer: self.replace_answered(to_apply, answer))

    def replace_answered(self, to_apply: Plan, answer: str | int | None) -> None:
        if answer == APPLY:
            from workbench.replace import apply

            project, session = self.project, self.session

            def run() -> tuple[Plan, list[ReviewRow]]:
                done = apply(project, to_apply)
                return done, session.rows_by_id([c.segment_id for c in done.changes])

            self.write(run, self.replaced)
        else:
            self.preview_closed(answer)

    def preview_closed(self, answer: str | int | None) -> None:
        if isinstance(answer, int):
            self.go_to_segment(answer)

    def replaced(self, result: tuple[Plan, list[ReviewRow]]) -> None:
        done, rows = result
        for row in rows:
            self.history_applied(row)
        self.notify(done.summary(done=True).capitalize() + " · Ctrl+P “Undo last replace” "
                    "takes it back", timeout=8)
        self.check_document(self.session, [self.rows[i] for i in self.order])
        self.reload_context()

    def undo_replace(self) -> None:
        from workbench.replace import undo_last

        project, session = self.project, self.session

        def run() -> tuple[list[ReviewRow], int]:
            restored, kept = undo_last(project, session.lang)
            return session.rows_by_id(restored), kept

        def done(result: tuple[list[ReviewRow], int]) -> None:
            rows, kept = result
            for row in rows:
                self.history_applied(row)
            self.notify(f"Undid the last replace in {len(rows)} segment(s)"
                        + (f"; {kept} edited or locked since, kept" if kept else "") + ".")
            self.check_document(self.session, [self.rows[i] for i in self.order])
            self.reload_context()

        self.write(run, done)

    # -- split and merge ------------------------------------------------------------------
    def action_split_segment(self) -> None:
        """Split before the words selected in the source, or before words typed in a dialog."""
        row = self.current_row()
        if row is None:
            return
        self.save_draft()  # stored before the split, which keeps it on the first part
        selected = self.source_selection()
        if selected:
            self.resegment(lambda: split_before(self.project, self.doc_id, row.number,
                                                selected), row.id)
            return
        self.app.push_screen(
            TextModal(f"Split segment {row.number}", "The second part starts with:"),
            lambda words: self.resegment(lambda: split_before(
                self.project, self.doc_id, row.number, words), row.id) if words else None)

    def action_merge_segment(self) -> None:
        """Merge the current segment with the next one of its paragraph."""
        row = self.current_row()
        if row is None:
            return
        self.save_draft()
        self.resegment(lambda: merge(self.project, self.doc_id, row.number), row.id)

    def resegment(self, call: Callable[[], Resegmented], keep: int) -> None:
        """Run a split or merge on the writer, then read the document's rows again (the
        segments after it moved)."""
        def done(result: Resegmented) -> None:
            self.notify(result.message[:1].upper() + result.message[1:])
            self.prefetched.clear()
            self.context, self.shown_id = None, None
            self.load_rows(keep)

        self.write(call, done)
