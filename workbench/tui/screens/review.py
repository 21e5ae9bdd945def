"""The review screen: the translator's editor, one document in one target language.

Layout: the segment grid (left) with MT, TM, glossary and QA panels (right); below them the
current segment's source, the editor (logical order) and, for Farsi/Arabic, a read-only
preview in display order. The screen is the only place that talks to the core: widgets get
view data and report intent.

Origin on confirm (decided here, documented in the help screen): text inserted from the MT
suggestion or a TM match and confirmed unchanged keeps origin "mt"/"tm" with the model or
TM unit as source_ref; an unchanged stored translation keeps its origin; anything the
translator typed or changed is "human". Confirming never lowers a status (confirming an
approved, unchanged segment leaves it approved). Leaving a segment with unconfirmed typing
saves it as a draft, so nothing typed is lost.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Footer, Header, Tab, Tabs, TextArea

from workbench.errors import ModelMissingError, WorkbenchError
from workbench.glossary.match import find_terms
from workbench.project import Project
from workbench.qa.checks import run_checks
from workbench.store import translations as tr
from workbench.store.documents import get_document, list_segments
from workbench.store.suggestions import Suggestion, get_suggestion
from workbench.text.scripts import is_rtl, lang_name
from workbench.tm.lookup import lookup
from workbench.tui.filters import SegmentFilter
from workbench.tui.messages import SuggestionsArrived
from workbench.tui.screens.base import WorkbenchScreen
from workbench.tui.screens.modals import (
    ConfirmModal,
    FilterModal,
    NumberModal,
    PickModal,
)
from workbench.tui.widgets.editor import TranslationEditor
from workbench.tui.widgets.job_bar import JobBar
from workbench.tui.widgets.panels import (
    GlossaryPanel,
    MTPanel,
    PreviewPanel,
    QAPanel,
    SourcePanel,
    TMPanel,
)
from workbench.tui.widgets.segment_grid import GridRow, SegmentGrid

PAGE = 1000           # rows read per keyset query; the first page paints before the rest load
PROBLEM_SEVERITIES = ("error", "warning")
QA_DELAY = 0.25       # seconds without typing before QA re-checks the editor
AUTOSAVE_DELAY = 1.0  # seconds without typing before the editor is stored as a draft


@dataclass(frozen=True)
class Inserted:
    """Text the translator took from MT or TM, to credit its origin if confirmed unchanged."""

    text: str
    origin: str
    source_ref: str | None


def grid_row(r: sqlite3.Row, suggestion: Suggestion | None) -> GridRow:
    """A `list_segments` row (with its translation columns) as the grid shows it."""
    flags = r["t_flags"] or (suggestion.flags if suggestion and r["t_text"] is None else "")
    return GridRow(
        id=r["id"], position=r["position"], passage=r["passage_id"], kind=r["passage_kind"],
        source=r["text"], target=r["t_text"], status=r["t_status"] or "new",
        revision=r["t_revision"] or 0, flags=flags or "",
        suggestion=suggestion.text if suggestion else None,
        suggestion_is_test=bool(suggestion and suggestion.is_test_model))


class ReviewScreen(WorkbenchScreen):
    """Review and translate one document; every action is also in the command palette."""

    BINDINGS = [
        Binding("ctrl+enter,ctrl+j", "confirm_segment", "Confirm", priority=True,
                id="review.confirm", tooltip="Confirm (translated) and go to the next "
                                             "unconfirmed segment"),
        Binding("alt+down", "move(1)", "Next", priority=True, show=False, id="review.next"),
        Binding("alt+up", "move(-1)", "Previous", priority=True, show=False,
                id="review.previous"),
        Binding("ctrl+u", "next_untranslated", "Next untranslated", priority=True, show=False,
                id="review.next_untranslated"),
        Binding("ctrl+t", "accept_mt", "Accept MT", priority=True, id="review.accept_mt",
                tooltip="Put the MT suggestion into the editor"),
        *[Binding(f"ctrl+{n},alt+{n}", f"insert_tm({n})", f"TM match {n}", priority=True,
                  show=False, id=f"review.tm{n}") for n in (1, 2, 3)],
        # Keys every terminal can send (Ctrl+digit cannot be sent by most).
        Binding("f5", "insert_best_tm", "Best TM match", priority=True, show=False,
                id="review.tm_best",
                tooltip="Put the best TM match into the editor"),
        Binding("ctrl+b", "pick_tm", "TM matches", priority=True, show=False, id="review.tm_pick",
                tooltip="Choose one of the TM matches (with its score) for the editor"),
        Binding("ctrl+g", "insert_term", "Glossary", priority=True, id="review.glossary",
                tooltip="Insert the approved rendering of a glossary term at the cursor"),
        Binding("ctrl+o", "copy_source", "Copy source", priority=True, show=False,
                id="review.copy_source"),
        Binding("ctrl+r", "revert", "Revert", priority=True, show=False, id="review.revert",
                tooltip="Discard unconfirmed typing (back to the stored translation)"),
        Binding("ctrl+z", "undo", "Undo", priority=True, show=False, id="review.undo",
                tooltip="Undo typing, or the last stored change of this segment"),
        Binding("ctrl+y", "redo", "Redo", priority=True, show=False, id="review.redo"),
        Binding("alt+r,f7", "set_status('reviewed')", "Reviewed", priority=True, show=False,
                id="review.reviewed"),
        Binding("alt+a,f8", "set_status('approved')", "Approved", priority=True, show=False,
                id="review.approved"),
        Binding("ctrl+n", "next_problem", "Next QA problem", priority=True, show=False,
                id="review.next_problem"),
        Binding("ctrl+f", "filter", "Filter", priority=True, id="review.filter"),
        Binding("ctrl+l", "goto", "Go to #", priority=True, show=False, id="review.goto"),
        Binding("ctrl+k", "concordance", "Concordance", priority=True, show=False,
                id="review.concordance",
                tooltip="Search the translation memory (selected text, or type a phrase)"),
        Binding("f2", "next_language", "Language", priority=True, id="review.language",
                tooltip="Next target language (or click a tab)"),
        Binding("f9", "translate", "MT doc", priority=True, id="review.translate",
                tooltip="Machine-translate this document in the background (F9 again cancels)"),
        Binding("escape", "back", "Documents", id="review.back"),
    ]

    # Below 36 rows the panels size to their content and the side column scrolls.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]

    def __init__(self, project: Project, doc_id: int, lang: str) -> None:
        super().__init__(project)
        self.doc_id = doc_id
        self.lang = lang
        self.filter = SegmentFilter()
        self.rows: dict[int, GridRow] = {}   # every loaded row of the document, by segment id
        self.order: list[int] = []           # segment ids in document order
        self.shown_id: int | None = None     # segment whose translation is in the editor
        self.stored_text = ""                # its stored translation (to tell typing apart)
        self.inserted: Inserted | None = None
        self.tm_matches: list = []
        self.hits: list = []
        self.missing_model: str | None = None
        self.qa_timer: Timer | None = None
        self.autosave_timer: Timer | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        return self.project.db

    @property
    def src(self) -> str:
        """The project's source language (segments are in it)."""
        return self.project.settings.source_lang

    @property
    def rtl_mode(self) -> str:
        return self.app.rtl_mode  # type: ignore[attr-defined]

    # -- layout ---------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield Tabs(*[Tab(f"{lang_name(lang)} ({lang})", id=f"lang-{lang}")
                     for lang in self.project.settings.targets], active=f"lang-{self.lang}")
        with Horizontal(id="review-body"):
            yield SegmentGrid(src_lang=self.src, lang=self.lang, rtl_mode=self.rtl_mode,
                              id="grid")
            with Vertical(id="side"):
                yield MTPanel(id="mt")
                yield TMPanel(id="tm")
                yield GlossaryPanel(id="glossary")
                yield QAPanel(id="qa")
        with Vertical(id="current"):
            yield SourcePanel(id="source")
            yield TranslationEditor(id="editor")
            yield PreviewPanel(id="preview")
        yield JobBar()
        yield Footer()

    def on_mount(self) -> None:
        doc = get_document(self.conn, self.doc_id)
        self.title = doc["title"] if doc else f"Document {self.doc_id}"
        for panel in self.query("TextPanel"):
            panel.rtl_mode = self.rtl_mode  # type: ignore[attr-defined]
        self._configure_editor()
        self.load_rows()
        self.query_one(TextArea).focus()

    def _configure_editor(self) -> None:
        editor = self.query_one(TextArea)
        editor.border_title = f"Translation ({lang_name(self.lang)}, logical order)"
        self.query_one("#current").set_class(is_rtl(self.lang), "-rtl")

    @property
    def grid(self) -> SegmentGrid:
        return self.query_one(SegmentGrid)

    @property
    def editor(self) -> TextArea:
        return self.query_one(TextArea)

    # -- loading rows ---------------------------------------------------------------------------
    @work(exclusive=True, group="rows")
    async def load_rows(self, keep: int | None = None) -> None:
        """Read the document page by page (keyset queries), yielding to the UI between pages:
        the first page paints at once, a 10k-segment document finishes loading in the
        background."""
        self.rows.clear()
        self.order.clear()
        after, first = -1, True
        while True:
            page = list_segments(self.conn, self.doc_id, lang=self.lang, after_position=after,
                                 limit=PAGE)
            new = [grid_row(r, get_suggestion(self.conn, r["id"], self.lang)) for r in page]
            for row in new:
                self.rows[row.id] = row
                self.order.append(row.id)
            visible = [row for row in new if self.filter.matches(row)]
            if first:
                self.grid.set_rows(visible, keep_segment=keep)
                first = False
            else:
                self.grid.append_rows(visible)
            if len(page) < PAGE:
                break
            after = page[-1]["position"]
            await asyncio.sleep(0)
        current = self.grid.current
        if keep is not None and (current is None or current.id != keep):
            self.grid.select_segment(keep)  # it was on a later page
        self._update_subtitle()

    def apply_filter(self) -> None:
        keep = self.shown_id
        self.grid.set_rows([self.rows[i] for i in self.order
                            if self.filter.matches(self.rows[i])], keep_segment=keep)
        self._update_subtitle()

    def _update_subtitle(self) -> None:
        counts = tr.progress(self.conn, self.lang, doc_id=self.doc_id)
        done = sum(counts[s] for s in tr.CONFIRMED)
        parts = [f"{lang_name(self.lang)}: {done}/{sum(counts.values())} confirmed"]
        if self.filter.active:
            parts.append(f"{self.filter.describe()} ({len(self.grid.rows)} shown)")
        self.sub_title = " · ".join(parts)

    def refresh_row(self, segment_id: int) -> GridRow | None:
        """Re-read one segment after a store change and redraw only its line."""
        page = list_segments(self.conn, self.doc_id, lang=self.lang,
                             after_position=self.rows[segment_id].position - 1, limit=1)
        if not page:
            return None
        row = grid_row(page[0], get_suggestion(self.conn, segment_id, self.lang))
        self.rows[segment_id] = row
        self.grid.update_row(row)
        return row

    # -- the current segment --------------------------------------------------------------------
    def on_segment_grid_cursor_moved(self) -> None:
        """The grid's cursor moved (arrow keys, click) or its current row changed. The message
        may be stale by now (the screen moves the cursor itself), so the grid's current row,
        not the message's, decides what the editor shows."""
        self.show_current()

    def show_current(self) -> None:
        """Put the grid's current segment into the editor and panels, at once. Moves made by
        the screen call this synchronously: a keystroke that follows them must find the new
        segment already loaded, never the previous one."""
        row = self.grid.current
        if row is None or row.id != self.shown_id:
            self.save_draft()
        if row is None:
            self.shown_id = None
            return
        if row.id != self.shown_id:
            self.shown_id = row.id
            self.stored_text = row.target or ""
            self.inserted = None
            self.editor.load_text(self.stored_text)
        self.show_panels(row)

    def in_key_order(self, action: Callable[[], None]) -> None:
        """Run `action` from the editor's message queue. Priority bindings run in the App's
        queue, ahead of keystrokes still waiting in the editor's queue: confirming from there
        would read the editor before the last letters arrive, and letters typed after the key
        would land in the old segment. Queued behind the earlier keys (and ahead of later
        ones), the action sees exactly what was typed before it."""
        self.editor.call_later(action)

    def on_segment_grid_selected(self) -> None:
        self.editor.focus()

    def show_panels(self, row: GridRow) -> None:
        """Fill the source, MT, TM, glossary and QA panels for `row`."""
        conn, lang = self.conn, self.lang
        self.hits = find_terms(conn, row.source, self.src, lang)
        kind = "heading" if row.kind in ("title", "heading") else row.kind
        self.query_one(SourcePanel).show(
            row.source, [h.matched for h in self.hits],
            f"Source ({lang_name(self.src)}) · segment {row.position + 1} · {kind} · "
            f"{row.status}")
        mt = self.query_one(MTPanel)
        mt.show_missing(self.missing_model, self.install_command())
        mt.show(get_suggestion(conn, row.id, lang), lang)
        prev_text, next_text = self.neighbour(row, -1), self.neighbour(row, 1)
        self.tm_matches = lookup(conn, row.source, self.src, lang,
                                 min_score=self.project.settings.tm_min_score, limit=5,
                                 prev_text=prev_text, next_text=next_text,
                                 exclude_segment_id=row.id)
        self.query_one(TMPanel).show(self.tm_matches, lang)
        self.query_one(GlossaryPanel).show(self.hits, lang)
        self.show_checks()

    def neighbour(self, row: GridRow, step: int) -> str | None:
        """Source of the segment before/after `row` in the document (TM context matches);
        positions are 0..n-1 in document order, so `order` is indexed by position."""
        position = row.position + step
        return self.rows[self.order[position]].source if 0 <= position < len(self.order) else None

    def show_checks(self) -> None:
        """QA of the editor's text against the source, and the display-order preview."""
        if self.qa_timer is not None:
            self.qa_timer.stop()
            self.qa_timer = None
        row = self.current_row()
        text = self.editor.text
        findings = run_checks(row.source, text, self.src, self.lang, conn=self.conn) \
            if row is not None and text.strip() else []
        self.query_one(QAPanel).show(findings)
        self.query_one(PreviewPanel).show(text, self.lang)

    @on(TextArea.Changed, "#editor")
    def editor_changed(self) -> None:
        """Typing: the preview follows each key; QA waits for a pause in typing, so findings
        do not flicker (and the screen is not laid out again) on every letter."""
        self.query_one(PreviewPanel).show(self.editor.text, self.lang)
        if self.qa_timer is not None:
            self.qa_timer.stop()
        self.qa_timer = self.set_timer(QA_DELAY, self.show_checks)
        if self.autosave_timer is not None:
            self.autosave_timer.stop()
        self.autosave_timer = self.set_timer(AUTOSAVE_DELAY, self.save_draft)

    def current_row(self) -> GridRow | None:
        return self.rows.get(self.shown_id) if self.shown_id is not None else None

    def editor_dirty(self) -> bool:
        return self.shown_id is not None and self.editor.text != self.stored_text

    def _origin_for(self, text: str) -> tuple[str, str | None]:
        if self.inserted and self.inserted.text == text:
            return self.inserted.origin, self.inserted.source_ref
        stored = tr.get_translation(self.conn, self.shown_id, self.lang) \
            if self.shown_id is not None else None
        if stored and stored.text == text:
            return stored.origin, stored.source_ref
        return "human", None

    def save_draft(self) -> None:
        """Store unconfirmed typing as a draft: before the editor shows another segment, and
        after a pause in typing (so a crash or kill loses at most the last second). Unchanged
        text is not stored again, so the history gets one entry per pause, not per key."""
        if self.autosave_timer is not None:
            self.autosave_timer.stop()
            self.autosave_timer = None
        if not self.editor_dirty() or not self.editor.text.strip():
            return
        origin, ref = self._origin_for(self.editor.text)
        segment_id = self.shown_id
        assert segment_id is not None
        tr.set_translation(self.conn, segment_id, self.lang, self.editor.text, status="draft",
                           origin=origin, source_ref=ref)
        self.stored_text = self.editor.text
        self.refresh_row(segment_id)

    def _reload_editor(self, row: GridRow | None) -> None:
        self.stored_text = row.target or "" if row else ""
        self.inserted = None
        self.editor.load_text(self.stored_text)

    def _put(self, text: str, inserted: Inserted | None = None, *, at_cursor: bool = False) -> None:
        if at_cursor:
            self.editor.insert(text)
        else:
            self.editor.load_text(text)
            self.editor.move_cursor(self.editor.document.end)
            self.inserted = inserted
        self.editor.focus()

    # -- actions: confirm, move -----------------------------------------------------------------
    def action_confirm_segment(self) -> None:
        self.in_key_order(self.confirm_segment)

    def confirm_segment(self) -> None:
        """Store the editor's text as translated and go to the next unconfirmed segment."""
        row = self.current_row()
        if row is None:
            return
        text = self.editor.text
        if not text.strip():
            self.notify("Nothing to confirm: the translation is empty.", severity="warning")
            return
        origin, ref = self._origin_for(text)
        stored = tr.get_translation(self.conn, row.id, self.lang)
        status = "translated"
        if stored and stored.text == text and stored.status in tr.CONFIRMED:
            status = stored.status
        tr.set_translation(self.conn, row.id, self.lang, text, status=status, origin=origin,
                           source_ref=ref)
        self.stored_text = text
        errors = [f for f in run_checks(row.source, text, self.src, self.lang, conn=self.conn)
                  if f.severity == "error"]
        if errors:
            self.notify(f"Segment {row.position + 1} confirmed with {len(errors)} QA error(s); "
                        "ctrl+n finds segments with problems.", severity="warning")
        self.refresh_row(row.id)
        self.propagate(row.id)
        self._update_subtitle()
        self.go_next(lambda r: r.status not in tr.CONFIRMED, "unconfirmed")

    def propagate(self, segment_id: int) -> None:
        """Fill repetitions of this segment per the `propagate` setting (apply/offer/off)."""
        from workbench.tm.propagate import apply_to, candidates, propagate

        mode, conn, lang = self.project.settings.propagate, self.conn, self.lang
        if mode == "apply":
            self.show_filled(propagate(conn, segment_id, lang))
        elif mode == "offer":
            targets = candidates(conn, segment_id, lang)
            if targets:
                self.app.push_screen(
                    ConfirmModal("Repetitions", f"Use this translation for {len(targets)} "
                                                "identical untranslated segment(s)?"),
                    lambda yes: self.show_filled(apply_to(conn, segment_id, lang, targets))
                    if yes else None)

    def show_filled(self, filled: list[int]) -> None:
        for other in filled:
            if other in self.rows:
                self.refresh_row(other)
        if filled:
            self.notify(f"Filled {len(filled)} repetition(s) of this segment.")

    def go_next(self, want: Callable[[GridRow], bool], label: str) -> None:
        """Move to the next shown row after the cursor satisfying `want`, wrapping around."""
        rows, start = self.grid.rows, self.grid.cursor
        for step in range(1, len(rows) + 1):
            index = (start + step) % len(rows)
            if want(rows[index]):
                self.move_to(index)
                return
        self.notify(f"No {label} segments left in this view.")

    def move_to(self, index: int) -> None:
        """Move the grid's cursor and load that segment into the editor before returning."""
        self.grid.move_to(index)
        self.show_current()

    def action_move(self, delta: int) -> None:
        self.in_key_order(lambda: self.move_to(self.grid.cursor + delta))

    def action_next_untranslated(self) -> None:
        self.in_key_order(lambda: self.go_next(lambda r: r.target is None or r.status == "new",
                                               "untranslated"))

    def action_goto(self) -> None:
        def go(number: int | None) -> None:
            if number is None:
                return
            if not 1 <= number <= len(self.order):
                self.notify(f"There is no segment {number}: this document has "
                            f"{len(self.order)}.", severity="warning")
                return
            segment_id = self.order[number - 1]  # positions are 0..n-1 in document order
            if self.grid.row_of(segment_id) is not None:
                self.move_to_segment(segment_id)
                return
            self.app.push_screen(
                ConfirmModal("Go to segment",
                             f"Segment {number} is hidden ({self.filter.describe()}). "
                             "Clear the filter and go there?"),
                lambda yes: self.clear_filter_and_go(segment_id) if yes else None)

        self.app.push_screen(NumberModal("Go to segment", "Segment number:"), go)

    def clear_filter_and_go(self, segment_id: int) -> None:
        self.save_draft()
        self.filter = SegmentFilter()
        self.apply_filter()
        self.move_to_segment(segment_id)

    def move_to_segment(self, segment_id: int) -> None:
        self.grid.select_segment(segment_id)
        self.show_current()

    def action_next_problem(self) -> None:
        def has_problem(row: GridRow) -> bool:
            if not row.target:
                return False
            return any(f.severity in PROBLEM_SEVERITIES for f in
                       run_checks(row.source, row.target, self.src, self.lang,
                                  conn=self.conn))

        self.save_draft()
        self.go_next(has_problem, "segments with QA problems")

    # -- actions: insert ------------------------------------------------------------------------
    def action_accept_mt(self) -> None:
        self.in_key_order(self.accept_mt)

    def accept_mt(self) -> None:
        row = self.current_row()
        suggestion = get_suggestion(self.conn, row.id, self.lang) if row else None
        if suggestion is None:
            self.notify(self.no_suggestion_hint(), markup=False)
            return
        if suggestion.is_test_model:
            self.notify("This suggestion comes from a TEST MODEL: it is not a translation.",
                        severity="warning")
        self._put(suggestion.text, Inserted(suggestion.text, "mt", suggestion.model))

    def action_insert_tm(self, number: int) -> None:
        self.in_key_order(lambda: self.insert_tm(number))

    def insert_tm(self, number: int) -> None:
        if number > len(self.tm_matches):
            self.notify(f"No TM match {number} for this segment.")
            return
        match = self.tm_matches[number - 1]
        self._put(match.target, Inserted(match.target, "tm", f"tm:{match.unit_id}"))

    def action_insert_best_tm(self) -> None:
        self.action_insert_tm(1)

    def action_pick_tm(self) -> None:
        if not self.tm_matches:
            self.notify("No TM match for this segment.")
            return
        choices = [(f"{m.score}%  {m.target}", str(n))
                   for n, m in enumerate(self.tm_matches, 1)]
        self.app.push_screen(PickModal("Insert a TM match", choices),
                             lambda value: self.insert_tm(int(value)) if value else None)

    def action_insert_term(self) -> None:
        hits = [h for h in self.hits if h.rendering]
        if not hits:
            self.notify("No glossary term with a rendering in this segment.")
            return
        if len(hits) == 1:
            self._put(hits[0].rendering, at_cursor=True)
            return
        self.app.push_screen(
            PickModal("Insert glossary rendering",
                      [(f"{h.matched} → {h.rendering}", h.rendering) for h in hits]),
            lambda value: self._put(value, at_cursor=True) if value else None)

    def action_copy_source(self) -> None:
        self.in_key_order(lambda: self._put(row.source) if (row := self.current_row()) else None)

    def action_revert(self) -> None:
        self.in_key_order(lambda: self._reload_editor(self.current_row()))

    # -- actions: history and status ------------------------------------------------------------
    def action_undo(self) -> None:
        self.in_key_order(lambda: self._history(tr.undo, self.editor.undo))

    def action_redo(self) -> None:
        self.in_key_order(lambda: self._history(tr.redo, self.editor.redo))

    def _history(self, store_call: Callable[[sqlite3.Connection, int, str], object],
                 editor_call: Callable[[], object]) -> None:
        """Typing not yet stored is undone in the editor; otherwise the store's history."""
        if self.editor_dirty():
            editor_call()
            return
        row = self.current_row()
        if row is None:
            return
        try:
            store_call(self.conn, row.id, self.lang)
        except WorkbenchError as exc:
            self.notify(exc.message, severity="warning", markup=False)
            return
        self._reload_editor(self.refresh_row(row.id))
        self._update_subtitle()

    def action_set_status(self, status: str) -> None:
        row = self.current_row()
        if row is None:
            return
        self.save_draft()
        if tr.get_translation(self.conn, row.id, self.lang) is None:
            self.notify("Translate the segment before setting its status.", severity="warning")
            return
        tr.set_status(self.conn, row.id, self.lang, status)
        self.refresh_row(row.id)
        self._update_subtitle()
        self.notify(f"Segment {row.position + 1} marked {status}.")

    # -- actions: view --------------------------------------------------------------------------
    def action_filter(self) -> None:
        def apply(new: SegmentFilter | None) -> None:
            if new is not None:
                self.save_draft()
                self.filter = new
                self.apply_filter()

        self.app.push_screen(FilterModal(self.filter), apply)

    def action_concordance(self) -> None:
        from workbench.tui.screens.concordance import ConcordanceScreen

        self.app.push_screen(ConcordanceScreen(self.project, self.lang,
                                               self.editor.selected_text.strip()))

    def action_next_language(self) -> None:
        targets = self.project.settings.targets
        self.switch_language(targets[(targets.index(self.lang) + 1) % len(targets)])

    @on(Tabs.TabActivated)
    def tab_activated(self, event: Tabs.TabActivated) -> None:
        lang = (event.tab.id or "").removeprefix("lang-")
        if lang and lang != self.lang:
            self.switch_language(lang)

    def switch_language(self, lang: str) -> None:
        """Show the same document in another target language (unsaved typing kept as draft)."""
        self.save_draft()
        self.lang = lang
        self.app.remember_language(lang)  # type: ignore[attr-defined]
        self.query_one(Tabs).active = f"lang-{lang}"
        self.missing_model = None
        self.shown_id, keep = None, self.shown_id
        self.grid.set_view(lang=lang, rtl_mode=self.rtl_mode)
        self._configure_editor()
        self.load_rows(keep)

    def rtl_mode_changed(self) -> None:
        """The user picked another RTL display mode on the calibration screen."""
        for panel in self.query("TextPanel"):
            panel.rtl_mode = self.rtl_mode  # type: ignore[attr-defined]
            panel.changed()  # type: ignore[attr-defined]
        self.grid.set_view(lang=self.lang, rtl_mode=self.rtl_mode)

    def action_back(self) -> None:
        self.save_draft()
        self.app.pop_screen()

    # -- background translation -----------------------------------------------------------------
    def action_translate(self) -> None:
        self.workbench.toggle_translation(self.lang, self.doc_id)

    def on_suggestions_arrived(self, message: SuggestionsArrived) -> None:
        """A batch was stored: fill those rows in (the editor is left alone)."""
        for s in message.suggestions:
            row = self.rows.get(s.segment_id)
            if s.lang != self.lang or row is None:
                continue
            self.refresh_row(s.segment_id)
            if s.segment_id == self.shown_id:
                self.query_one(MTPanel).show(s, self.lang)

    def no_suggestion_hint(self) -> str:
        """Why Ctrl+T has nothing to accept, and what would give it something."""
        from workbench.mt.packages import find_package

        if find_package(self.project.settings.models_dir, self.src, self.lang) is None:
            return (f"No MT suggestion: the translation model {self.src}_{self.lang} is not "
                    f"installed. Install it with: {self.install_command()}")
        return "No MT suggestion for this segment (F9 translates the document)."

    def install_command(self) -> str:
        """The command that installs the MT package for this language pair."""
        from workbench.mt.packages import install_hint

        return install_hint(self.src, self.lang)

    def show_model_missing(self, error: ModelMissingError) -> None:
        self.missing_model = error.render()
        self.query_one(MTPanel).show_missing(self.missing_model, self.install_command())
        self.notify("No MT model for this language: see the MT panel. Manual translation "
                    "works as usual.", severity="warning")
