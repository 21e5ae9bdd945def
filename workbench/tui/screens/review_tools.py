"""CAT tools of the review screen beyond typing a segment: add or edit a glossary term from
the selections (Alt+G). The rules live in the core (`glossary.edit`); this turns the
selections into a prefilled dialog and the dialog's answer into one write."""

from __future__ import annotations

from rich.text import Text

from workbench.glossary.match import TermHit
from workbench.review import SegmentContext
from workbench.text.normalize import match_key
from workbench.text.scripts import lang_name
from workbench.tui.bidi import labelled
from workbench.tui.screens.modals import PickModal
from workbench.tui.screens.review_actions import ReviewActions
from workbench.tui.screens.term_modal import TermModal
from workbench.tui.widgets.panels import SourcePanel

NEW_TERM = "+ New term"


class ReviewTools(ReviewActions):
    """Glossary terms from the editor (see the module doc)."""

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
