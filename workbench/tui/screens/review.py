"""The review screen: a view over a `ReviewSession` (workbench/review.py), which owns the rules
(origin and status on confirm, drafts, propagation, next problem) and every store access.

Layout: the segment grid with the MT, TM, glossary and QA panels beside it; below, the current
segment's source, the editor (logical order) and, for Farsi/Arabic, a preview in display order.
Small terminals get the compact layout: one panel at a time under a tab strip (F6).

The event loop never runs SQL: pages of rows, a segment's context, QA of the editor and of the
whole document are read in thread workers; writes go to the App's writer thread. The view
changes at once (a confirmed row shows as confirmed, the cursor moves on); an edit the store
refuses is kept in the session, marked `*` in the grid, explained, and retried.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Tab, Tabs, TextArea
from textual.worker import get_current_worker

from workbench.errors import ModelMissingError
from workbench.review import (
    ReviewRow,
    ReviewSession,
    SegmentContext,
)
from workbench.text.scripts import is_rtl, lang_name
from workbench.tui.review_keys import REVIEW_BINDINGS
from workbench.tui.screens.review_tools import ReviewTools
from workbench.tui.widgets.editor import TranslationEditor
from workbench.tui.widgets.job_bar import JobBar
from workbench.tui.widgets.panels import PreviewPanel, SidePanels, SourcePanel, TextPanel
from workbench.tui.widgets.segment_grid import SegmentGrid

QA_DELAY = 0.25       # seconds without typing before QA re-checks the editor
AUTOSAVE_DELAY = 1.0  # seconds without typing before the editor is stored as a draft
READ_AHEAD = 2        # segments after the current one whose context is read ahead
COMPACT = (110, 32)   # below this width or height: one side panel at a time
# The side panels keep the last segment's context this long while the new one is read: most
# arrive sooner and are drawn once (not "loading" first), and while Page Down is held the
# panels do not flicker between the two on every row; after it, they say they are loading.
LOADING_DELAY = 0.05




class ReviewScreen(ReviewTools):
    """Review and translate one document; every action is also in the command palette."""

    BINDINGS = REVIEW_BINDINGS  # type: ignore[assignment]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Tabs(*[Tab(f"{lang_name(lang)} ({lang})", id=f"lang-{lang}")
                     for lang in self.project.settings.targets], active=f"lang-{self.lang}",
                   id="languages")
        with Horizontal(id="review-body"):
            yield SegmentGrid(src_lang=self.src, lang=self.lang,
                              rtl_mode=self.workbench.rtl_mode, id="grid")
            yield SidePanels(id="side")
        with Vertical(id="current"):
            yield SourcePanel(id="source")
            yield TranslationEditor(id="editor")
            yield PreviewPanel(id="preview")
        yield JobBar()
        yield Footer()

    def on_mount(self) -> None:
        self.rtl_mode_changed()
        self._configure_editor()
        self.load_rows(self.start)
        self.editor.focus()

    @property
    def side(self) -> SidePanels:
        """The MT, TM, glossary and QA sections."""
        return self.query_one(SidePanels)

    def on_resize(self) -> None:
        """Small terminals get the compact layout (see workbench.tcss): one side panel at a
        time, borders reduced to a title line, a compact footer."""
        width, height = self.size
        compact = width < COMPACT[0] or height < COMPACT[1]
        if compact == self.has_class("-compact") and self.query_one(SidePanels).single == \
                compact:
            return  # a resize within the same layout (changing the footer recomposes it)
        self.set_class(compact, "-compact")
        self.query_one(SidePanels).single = compact
        footer = self.query_one(Footer)
        footer.compact = compact
        footer.show_command_palette = not compact  # Ctrl+P still opens it

    def _configure_editor(self) -> None:
        self.editor.border_title = f"Translation ({lang_name(self.lang)}, logical order)"
        self.query_one("#current").set_class(is_rtl(self.lang), "-rtl")

    def on_segment_grid_cursor_moved(self) -> None:
        """The grid's current row decides what the editor shows (the message may be stale)."""
        self.show_current()

    def show_current(self) -> None:
        """Put the grid's current segment into the editor and source panel at once (no store
        access: a key typed next must find the new segment loaded); its context follows."""
        row = self.grid.current
        if row is None or row.id != self.shown_id:
            self.save_draft()
            self.left_segment()
        if row is None:
            self.shown_id = None
            return
        if row.id != self.shown_id:
            self.shown_id, self.context, self.inserted = row.id, None, None
            self.waiting.clear()
            self.loaded_text, self.loaded_revision = row.target or "", self.base_of(row)
            self.editor.read_only = row.locked
            self.editor.load_text(self.loaded_text)
            self.editor.move_cursor(self.editor.document.end)
            ready = self.prefetched.pop((row.id, row.target), None)
            if ready is not None:  # read ahead while the previous segment was shown
                self.context_arrived(self.session, ready)
            elif "loading" not in self.timers:
                self.later("loading", LOADING_DELAY, self.show_loading)
            self.load_context(self.session, row, self.loaded_text, ready is None)
            self.later("position", 2.0, self.remember_position)
        ctx = self.context
        self.query_one(SourcePanel).show(row.source, [h.matched for h in ctx.terms]
                                         if ctx else [], self.source_title(row),
                                         ctx.codes if ctx else None, row.note)
        self.query_one(PreviewPanel).show(self.editor.text, self.lang)

    def show_loading(self) -> None:
        """The context is not there yet: the side panels stop showing the last segment's."""
        self.timers.pop("loading", None)
        if self.context is None:
            self.query_one(SidePanels).show_loading(self.lang)

    def source_title(self, row: ReviewRow) -> str:
        kind = "heading" if row.kind in ("title", "heading") else row.kind
        state = "NOT SAVED" if row.unsaved else row.status
        locked = " · LOCKED (alt+l unlocks)" if row.locked else ""
        return (f"Source ({lang_name(self.src)}) · segment {row.number}/{len(self.order)} · "
                f"{kind} · {state}{locked}")

    def reload_context(self) -> None:
        """The store changed (a confirm fed the TM, MT arrived): read the context again."""
        self.prefetched.clear()
        row = self.current_row()
        if row is not None:
            self.load_context(self.session, row, self.editor.text)

    @work(group="context", thread=True, exclusive=True, exit_on_error=False)
    def load_context(self, session: ReviewSession, row: ReviewRow, text: str,
                     current: bool = True) -> None:
        """Read the segment's context (unless it was read ahead), then read ahead the next
        segments' so that Alt+↓ and Ctrl+J show a complete segment in one frame."""
        worker = get_current_worker()
        if current:
            ctx = session.context(row, text)
            if worker.is_cancelled:  # a newer read of the context replaced this one
                return
            self.app.call_from_thread(self.attached, self.context_arrived, session, ctx)
        for ahead in self.app.call_from_thread(self.rows_ahead, row.id):
            if worker.is_cancelled:
                return
            ctx = session.context(ahead)
            self.app.call_from_thread(self.attached, self.prefetch_arrived, session, ahead, ctx)

    def rows_ahead(self, segment_id: int) -> list[ReviewRow]:
        """The next shown rows (and the one before) whose context is not read yet; after a
        jump of more than one row (Page Down), first the row one more such jump away."""
        index = self.grid._index.get(segment_id) if self.showing() else None
        if index is None:
            return []
        rows = self.grid.rows[index + 1:index + 1 + READ_AHEAD] + self.grid.rows[
            max(0, index - 1):index]
        jump = index + self.grid.step
        if abs(self.grid.step) > 1 and 0 <= jump < len(self.grid.rows):
            rows.insert(0, self.grid.rows[jump])
        return [r for r in rows if (r.id, r.target) not in self.prefetched]

    def prefetch_arrived(self, session: ReviewSession, row: ReviewRow,
                         ctx: SegmentContext) -> None:
        if session is self.session:
            self.prefetched[(row.id, row.target)] = ctx
            while len(self.prefetched) > 4 * READ_AHEAD:
                self.prefetched.pop(next(iter(self.prefetched)))

    def context_arrived(self, session: ReviewSession, ctx: SegmentContext) -> None:
        if session is not self.session or ctx.segment_id != self.shown_id:
            return
        self.context = ctx
        if "loading" in self.timers:
            self.timers.pop("loading").stop()
        self.query_one(SidePanels).show_context(ctx, self.lang)
        if ctx.unavailable:
            self.notify(ctx.unavailable, severity="warning")
        row = self.current_row()
        if row is not None:
            self.query_one(SourcePanel).show(row.source, [h.matched for h in ctx.terms],
                                             self.source_title(row), ctx.codes, row.note)
        waiting, self.waiting = self.waiting, []
        for action in waiting:
            action(ctx)


    def on_segment_grid_selected(self) -> None:
        self.editor.focus()

    @on(TextArea.Changed, "#editor")
    def editor_changed(self) -> None:
        """Typing: the preview follows each key; QA waits for a pause, the draft a longer one."""
        self.query_one(PreviewPanel).show(self.editor.text, self.lang)
        self.later("qa", QA_DELAY, self.check_editor)
        self.later("autosave", AUTOSAVE_DELAY, self.save_draft)


    def check_editor(self) -> None:
        row = self.current_row()
        if row is not None:
            self.run_check(self.session, row, self.editor.text)

    @work(group="check", thread=True, exclusive=True, exit_on_error=False)
    def run_check(self, session: ReviewSession, row: ReviewRow, text: str) -> None:
        findings = session.check(row.source, text)
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(self.attached, self.findings_arrived, row.id, text, findings)

    def findings_arrived(self, segment_id: int, text: str, findings: list[Any]) -> None:
        if segment_id == self.shown_id and text == self.editor.text:
            self.query_one(SidePanels).show_findings(findings, self.lang)

    def action_next_language(self) -> None:
        targets = self.project.settings.targets
        self.switch_language(targets[(targets.index(self.lang) + 1) % len(targets)])

    @on(Tabs.TabActivated, "#languages")
    def tab_activated(self, event: Tabs.TabActivated) -> None:
        lang = (event.tab.id or "").removeprefix("lang-")
        if lang and lang != self.lang:
            self.switch_language(lang)

    def switch_language(self, lang: str, segment_id: int | None = None) -> None:
        """The same document in another target language, at the same segment (or at
        `segment_id`)."""
        self.save_draft()
        self.workbench.remember_language(lang)
        self.prefetched.clear()
        self.session = self.sessions.setdefault(lang, ReviewSession(self.project, self.doc_id,
                                                                    lang))
        self.query_one("#languages", Tabs).active = f"lang-{lang}"
        self.shown_id, keep = None, segment_id or self.shown_id
        self.grid.set_view(lang=lang, rtl_mode=self.workbench.rtl_mode)
        self._configure_editor()
        self.load_rows(keep)

    def rtl_mode_changed(self) -> None:
        """The user picked another RTL display mode on the calibration screen."""
        mode = self.workbench.rtl_mode
        for panel in self.query(TextPanel):
            panel.rtl_mode = mode
            panel.changed()
        self.query_one(SidePanels).rtl_mode = mode
        self.grid.set_view(lang=self.lang, rtl_mode=self.workbench.rtl_mode)

    def show_model_missing(self, error: ModelMissingError) -> None:
        """F9 without a model: the MT panel already names the package; say so once."""
        self.query_one(SidePanels).select("mt")
        self.notify("No MT model for this language: see the MT panel. Manual translation "
                    "works as usual.", severity="warning")
