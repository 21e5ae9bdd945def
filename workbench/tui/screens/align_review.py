"""Alignment review: check an aligned edition link by link and fix what the aligner got wrong.

Keys (each edit is stored at once, in one transaction, through align.store):
  m  merge the link with the next one      s  split the link (last sentence off)
  u  move the first translated sentence up to the previous link
  d  move the last translated sentence down to the next link
  U / D  the same for source sentences
  c or Enter  mark the link correct (confirmed → the pair becomes a translated TM unit)
  n  jump to the next low-confidence link   Esc  back
Nothing here ever approves a translation: approval stays a reviewer's act in the editor.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from workbench.align import store as align_store
from workbench.align.confidence import LOW_CONFIDENCE
from workbench.errors import WorkbenchError
from workbench.project import Project
from workbench.text.scripts import lang_name
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
                tooltip="Mark the link correct (adds it to the TM as translated)"),
        Binding("n", "next_low", "Next low", id="align.next_low",
                tooltip="Jump to the next low-confidence link"),
        Binding("escape", "back", "Back", id="align.back"),
    ]

    def __init__(self, project: Project, alignment_id: int) -> None:
        super().__init__()
        self.project = project
        self.alignment_id = alignment_id
        self.alignment = align_store.get_alignment(project.db, alignment_id)
        self.links: list[align_store.StoredLink] = []

    def compose(self) -> ComposeResult:
        aln = self.alignment
        yield Static(id="align-title")
        yield AlignTable(src_lang=aln["src_lang"], tgt_lang=aln["tgt_lang"],
                         rtl_mode=getattr(self.app, "rtl_mode", self.project.settings.rtl_render),
                         id="align-table")
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
                  if link.confidence < LOW_CONFIDENCE and link.status != "confirmed")
        done = sum(1 for link in self.links if link.status == "confirmed")
        self.query_one("#align-title", Static).update(Text(
            f"Alignment {self.alignment_id}: {lang_name(aln['src_lang'])} → "
            f"{lang_name(aln['tgt_lang'])} · {len(self.links)} links · {done} confirmed · "
            f"{low} low-confidence"))
        warnings = aln["warnings"]
        self.query_one("#align-status", Static).update(
            Text(warnings.replace("\n", " · "), style="bold yellow") if warnings else Text(""))
        self.query_one(AlignTable).show(self.links, total_width=self.size.width or 120)

    def _current(self) -> align_store.StoredLink | None:
        table = self.query_one(AlignTable)
        if not self.links:
            return None
        return self.links[min(table.cursor_row, len(self.links) - 1)]

    def _edit(self, edit: Callable[..., None], *args: str) -> None:
        """Apply one store edit to the current link, then redraw from the store."""
        link = self._current()
        if link is None:
            return
        try:
            edit(self.project.db, link.id, *args)
        except WorkbenchError as exc:
            self.notify(exc.render(), severity="warning", markup=False)
            return
        self.reload()

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
        self._edit(align_store.confirm_link)
        table = self.query_one(AlignTable)
        if table.cursor_row + 1 < len(self.links):
            table.move_cursor(row=table.cursor_row + 1)

    def action_next_low(self) -> None:
        """Move the cursor to the next unconfirmed low-confidence link."""
        table = self.query_one(AlignTable)
        for row in range(table.cursor_row + 1, len(self.links)):
            link = self.links[row]
            if link.confidence < LOW_CONFIDENCE and link.status != "confirmed":
                table.move_cursor(row=row)
                return
        self.notify("no more low-confidence links below")

    def action_back(self) -> None:
        """Return to the previous screen (everything is already stored)."""
        self.app.pop_screen()
