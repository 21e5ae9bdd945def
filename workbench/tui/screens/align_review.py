"""Alignment review: check an aligned edition link by link and fix what the aligner got wrong.

Keys (each edit is stored at once, in one transaction, through align.store):
  m  merge the link with the next one      s  split the link (last sentence off)
  u  move the first translated sentence up to the previous link
  d  move the last translated sentence down to the next link
  U / D  the same for source sentences
  c or Enter  the link is right (confirmed → the pair reaches the TM as aligned)
  e  correct the link's translation text   o  reopen a reviewed link (leaves the TM)
  t  accept every link of this alignment above a confidence threshold
  n  next low-confidence link   ] / [  next / previous alignment of the list   Esc  back
Nothing here ever approves a translation: approval stays a reviewer's act in the editor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from workbench.align import store as align_store
from workbench.align.confidence import LOW_CONFIDENCE
from workbench.errors import WorkbenchError
from workbench.project import Project
from workbench.text.display import for_display
from workbench.text.scripts import lang_name
from workbench.tui.screens.align_modals import LinkTextModal, ThresholdModal
from workbench.tui.widgets.align_table import AlignTable


class AlignReviewScreen(Screen):
    """Aligned pairs of one alignment, side by side, with review edits."""

    BINDINGS = [
        Binding("m", "merge", "Merge next", id="align.merge", tooltip="Join with the next link"),
        Binding("s", "split", "Split", id="align.split", tooltip="Cut the last sentence off"),
        Binding("u", "move('tgt', 'up')", "Tgt ↑", id="align.tgt_up",
                tooltip="Give the first translated sentence to the previous link"),
        Binding("d", "move('tgt', 'down')", "Tgt ↓", id="align.tgt_down",
                tooltip="Give the last translated sentence to the next link"),
        Binding("U", "move('src', 'up')", "Src ↑", id="align.src_up", show=False),
        Binding("D", "move('src', 'down')", "Src ↓", id="align.src_down", show=False),
        Binding("c,enter", "confirm", "Correct", id="align.confirm",
                tooltip="Mark the link correct (adds it to the TM as an aligned pair)"),
        Binding("e", "edit_text", "Edit text", id="align.edit_text",
                tooltip="Correct the translation of this link"),
        Binding("o", "reopen", "Reopen", id="align.reopen", show=False,
                tooltip="Take a confirmation or acceptance back"),
        Binding("t", "accept_above", "Accept ≥", id="align.accept",
                tooltip="Accept every link of this alignment above a confidence"),
        Binding("n", "next_low", "Next low", id="align.next_low",
                tooltip="Jump to the next low-confidence link"),
        Binding("right_square_bracket", "other(1)", "Next alignment", id="align.next",
                show=False),
        Binding("left_square_bracket", "other(-1)", "Previous alignment", id="align.previous",
                show=False),
        Binding("escape", "back", "Back", id="align.back"),
    ]

    def __init__(self, project: Project, alignment_id: int, *,
                 sequence: Sequence[int] = ()) -> None:
        super().__init__()
        self.project = project
        self.alignment_id = alignment_id
        self.alignment = align_store.get_alignment(project.db, alignment_id)
        self.sequence = list(sequence)  # the list this was opened from, for ] and [
        self.links: list[align_store.StoredLink] = []

    @property
    def rtl_mode(self) -> str:
        """Who reorders right-to-left text: the app's current choice, else the setting."""
        return getattr(self.app, "rtl_mode", self.project.settings.rtl_render)

    def compose(self) -> ComposeResult:
        aln = self.alignment
        yield Static(id="align-title")
        yield AlignTable(src_lang=aln["src_lang"], tgt_lang=aln["tgt_lang"],
                         rtl_mode=self.rtl_mode, id="align-table")
        yield Static(id="align-status")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(AlignTable).focus()

    def on_resize(self) -> None:
        if self.links:
            self.reload()

    # -- data --------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the links from the store and redraw (the store is the source of truth)."""
        self.links = align_store.list_links(self.project.db, self.alignment_id)
        aln = self.alignment
        low = sum(1 for link in self.links
                  if link.confidence < LOW_CONFIDENCE and not link.reviewed)
        done = sum(1 for link in self.links if link.reviewed)
        where = ""
        if self.alignment_id in self.sequence:
            where = f" · {self.sequence.index(self.alignment_id) + 1} of {len(self.sequence)}"
        self.query_one("#align-title", Static).update(Text(
            f"Alignment {self.alignment_id}{where}: {lang_name(aln['src_lang'])} → "
            f"{lang_name(aln['tgt_lang'])} · {len(self.links)} links · {done} reviewed · "
            f"{low} low-confidence"))
        warnings = aln["warnings"]
        self.query_one("#align-status", Static).update(
            Text(for_display(warnings.replace("\n", " · ")), style="bold yellow") if warnings
            else Text(""))
        self.query_one(AlignTable).show(self.links, total_width=self.size.width or 120)

    def _current(self) -> align_store.StoredLink | None:
        table = self.query_one(AlignTable)
        if not self.links:
            return None
        return self.links[min(table.cursor_row, len(self.links) - 1)]

    def _edit(self, edit: Callable[..., None], *args: object) -> bool:
        """Apply one store edit to the current link, then redraw from the store."""
        link = self._current()
        if link is None:
            return False
        try:
            edit(self.project.db, link.id, *args)
        except WorkbenchError as exc:
            self.notify(exc.render(), severity="warning", markup=False)
            return False
        self.reload()
        return True

    # -- actions -----------------------------------------------------------------------------
    def action_merge(self) -> None:
        """Join the current link with the next one."""
        self._edit(align_store.merge_with_next)

    def action_split(self) -> None:
        """Cut the current link's last sentence(s) into a new link."""
        self._edit(align_store.split_link)

    def action_move(self, side: str, direction: str) -> None:
        """Move a source or target sentence across a link boundary."""
        self._edit(align_store.move_sentence, side, direction)

    def action_confirm(self) -> None:
        """Mark the current link correct and go to the next one."""
        if self._edit(align_store.confirm_link):
            table = self.query_one(AlignTable)
            if table.cursor_row + 1 < len(self.links):
                table.move_cursor(row=table.cursor_row + 1)

    def action_reopen(self) -> None:
        """Take back the review of the current link."""
        self._edit(align_store.reopen_link)

    def action_edit_text(self) -> None:
        """Correct the translation side of the current link in a dialog."""
        link = self._current()
        if link is None:
            return
        if not link.tgt_ids:
            self.notify("This link has no translated sentence to correct.", severity="warning")
            return

        def done(text: str | None) -> None:
            if text is not None:
                self._edit(align_store.edit_translation, text)

        self.app.push_screen(LinkTextModal(
            link.src_text, link.tgt_text, link.edition_text, self.alignment["tgt_lang"],
            rtl_mode=self.rtl_mode), done)

    def action_accept_above(self) -> None:
        """Accept every unreviewed link of this alignment at or above a threshold."""
        def chosen(threshold: float | None) -> None:
            if threshold is None:
                return
            accepted = align_store.accept_above(self.project.db, [self.alignment_id],
                                                threshold)
            self.notify(f"Accepted {accepted} link(s) with confidence ≥ {threshold:.2f}.",
                        markup=False)
            self.reload()

        self.app.push_screen(ThresholdModal("Accept links above a threshold",
                                            "this alignment"), chosen)

    def action_next_low(self) -> None:
        """Move the cursor to the next unreviewed low-confidence link."""
        table = self.query_one(AlignTable)
        for row in range(table.cursor_row + 1, len(self.links)):
            link = self.links[row]
            if link.confidence < LOW_CONFIDENCE and not link.reviewed:
                table.move_cursor(row=row)
                return
        self.notify("no more low-confidence links below")

    def action_other(self, step: int) -> None:
        """Open the next (or previous) alignment of the list this screen came from."""
        if self.alignment_id not in self.sequence:
            self.notify("Open alignments from the alignments list to walk through them.")
            return
        k = self.sequence.index(self.alignment_id) + step
        if not 0 <= k < len(self.sequence):
            self.notify("This is the " + ("last" if step > 0 else "first") +
                        " alignment of the list.")
            return
        self.app.switch_screen(AlignReviewScreen(self.project, self.sequence[k],
                                                 sequence=self.sequence))

    def action_back(self) -> None:
        """Return to the previous screen (everything is already stored)."""
        self.app.pop_screen()
