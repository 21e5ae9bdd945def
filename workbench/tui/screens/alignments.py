"""The alignments of a project (or of one batch run), least confident first, for site review.

Aligning a whole site gives dozens of alignments; a reviewer starts with the ones the aligner
is least sure of and lets the sure links through in bulk:
  Enter  review the alignment        t  accept every link above a threshold (listed ones)
  a      align pages: a pairs file, two folders or two pages (a batch job with a progress bar)
  b      show only the selected alignment's batch / every alignment     r  refresh   Esc back
The batch job is an App job (tui/jobs.py): leaving this screen does not stop it, its progress
shows in every screen's job bar, a failure is reported by the App's one handler, and the list
re-reads the store when it ends.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from workbench.align import store as align_store
from workbench.align.confidence import LOW_CONFIDENCE
from workbench.errors import WorkbenchError
from workbench.project import Project
from workbench.text.display import for_display
from workbench.tui.bidi import visual_cell
from workbench.tui.jobs import JobContext
from workbench.tui.messages import JobFailed, JobFinished
from workbench.tui.screens.align_modals import AlignPathsModal, ThresholdModal
from workbench.tui.screens.modals import ErrorModal
from workbench.tui.widgets.job_bar import JobBar

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp

ALIGN_GROUP = "align"
TITLE_WIDTH = 36


class AlignmentsScreen(Screen):
    """A table of alignments sorted by mean link confidence, with batch actions."""

    BINDINGS = [
        Binding("enter", "open", "Review", id="alignments.open",
                tooltip="Review the selected alignment link by link"),
        Binding("t", "accept_above", "Accept ≥", id="alignments.accept",
                tooltip="Accept every unreviewed link above a confidence, in the listed "
                        "alignments"),
        Binding("a", "align_pages", "Align pages", id="alignments.align",
                tooltip="Align a pairs file, two folders or two pages"),
        Binding("b", "toggle_batch", "Batch", id="alignments.batch",
                tooltip="Only the selected alignment's batch, or all"),
        Binding("r", "refresh", "Refresh", id="alignments.refresh", show=False),
        Binding("escape", "back", "Back", id="alignments.back"),
    ]

    def __init__(self, project: Project, *, batch: str | None = None) -> None:
        super().__init__()
        self.project = project
        self.batch_name = batch
        self.ids: list[int] = []

    def compose(self) -> ComposeResult:
        yield Static(id="alignments-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="alignments-table")
        yield JobBar()
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    # -- data --------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the alignments from the store, least confident first."""
        rows = sorted(align_store.list_alignments(self.project.db, batch=self.batch_name),
                      key=lambda r: (r["mean_confidence"], r["id"]))
        table = self.query_one(DataTable)
        keep = self.selected()
        table.clear(columns=True)
        for label, key, width in (("mean", "mean", 4), ("#", "id", 4), ("lang", "lang", 4),
                                  ("links", "links", 5), ("done", "done", 5), ("low", "low", 4),
                                  ("source", "src", TITLE_WIDTH),
                                  ("translated page", "tgt", TITLE_WIDTH)):
            table.add_column(label, key=key, width=width)
        rtl_mode = getattr(self.app, "rtl_mode", self.project.settings.rtl_render)
        for r in rows:
            low = r["low"] > 0
            table.add_row(
                Text(f"{r['mean_confidence']:.2f}", style="bold yellow" if
                     r["mean_confidence"] < LOW_CONFIDENCE else ""),
                Text(str(r["id"])), Text(r["tgt_lang"]), Text(str(r["links"])),
                Text(str(r["reviewed"]), style="green" if r["reviewed"] == r["links"] else ""),
                Text(str(r["low"]), style="bold yellow" if low else ""),
                Text(visual_cell(for_display(r["src_title"]), TITLE_WIDTH, r["src_lang"],
                                 rtl_mode)),
                Text(visual_cell(for_display(r["tgt_title"]), TITLE_WIDTH, r["tgt_lang"],
                                 rtl_mode)),
                key=str(r["id"]))
        self.ids = [int(r["id"]) for r in rows]
        if keep in self.ids:
            table.move_cursor(row=self.ids.index(keep))
        links = sum(r["links"] for r in rows)
        reviewed = sum(r["reviewed"] for r in rows)
        scope = f"batch {self.batch_name}" if self.batch_name else "all batches"
        self.query_one("#alignments-title", Static).update(Text(
            f"Alignments ({scope}): {len(rows)} · {reviewed} of {links} links reviewed · "
            f"{sum(1 for r in rows if r['low'])} with low-confidence links · least confident "
            "first"))

    def selected(self) -> int | None:
        """Id of the alignment under the cursor."""
        table = self.query_one(DataTable)
        if not self.ids or table.row_count == 0:
            return None
        return self.ids[min(table.cursor_row, len(self.ids) - 1)]

    # -- actions -----------------------------------------------------------------------------
    def action_open(self) -> None:
        """Review the selected alignment; ] and [ there walk this list."""
        from workbench.tui.screens.align_review import AlignReviewScreen

        alignment_id = self.selected()
        if alignment_id is not None:
            self.app.push_screen(AlignReviewScreen(self.project, alignment_id,
                                                   sequence=list(self.ids)))

    def on_data_table_row_selected(self) -> None:
        self.action_open()

    def action_accept_above(self) -> None:
        """Ask for a threshold, then accept every link at or above it in the listed
        alignments."""
        if not self.ids:
            self.notify("No alignments to accept links in.")
            return
        scope = f"the {len(self.ids)} listed alignment(s)"

        def chosen(threshold: float | None) -> None:
            if threshold is None:
                return
            accepted = align_store.accept_above(self.project.db, list(self.ids), threshold)
            self.notify(f"Accepted {accepted} link(s) with confidence ≥ {threshold:.2f}; they "
                        "are in the translation memory now.", markup=False)
            self.reload()

        self.app.push_screen(ThresholdModal("Accept links above a threshold", scope), chosen)

    def action_toggle_batch(self) -> None:
        """Show only the selected alignment's batch, or every alignment again."""
        if self.batch_name is not None:
            self.batch_name = None
        else:
            alignment_id = self.selected()
            if alignment_id is None:
                return
            batch = align_store.get_alignment(self.project.db, alignment_id)["batch"]
            if not batch:
                self.notify("This alignment was made on its own, not in a batch.")
                return
            self.batch_name = batch
        self.reload()

    def action_align_pages(self) -> None:
        """Ask for a pairs file, two folders or two pages and align them in the background."""
        def chosen(paths: list[str] | None) -> None:
            if paths:
                self.start_alignment(paths)

        self.app.push_screen(AlignPathsModal(), chosen)

    def start_alignment(self, paths: list[str]) -> None:
        """Run a batch alignment as an App worker (it outlives this screen)."""
        from workbench.align.batch import PagePair, match_folders, read_pairs

        try:
            given = [Path(p).expanduser() for p in paths]
            if len(given) == 1:
                pairs, batch = read_pairs(given[0]), given[0].name
            elif len(given) == 2 and given[0].is_dir() and given[1].is_dir():
                matching = match_folders(given[0], given[1])
                pairs, batch = matching.pairs, f"{given[0].name} ↔ {given[1].name}"
                lonely = len(matching.unmatched_source) + len(matching.unmatched_translated)
                if lonely:
                    self.notify(f"{lonely} file(s) found no partner by name or date.",
                                severity="warning")
            elif len(given) == 2:
                pairs, batch = [PagePair(given[0], given[1])], None
            else:
                raise WorkbenchError("give a pairs file, two folders or two pages",
                                     hint="separate the two paths with ';'")
        except WorkbenchError as exc:
            self.app.push_screen(ErrorModal("Cannot align these pages", exc.render()))
            return
        if not pairs:
            self.app.push_screen(ErrorModal("Cannot align these pages",
                                            "no pages of the two folders match by name or date"))
            return
        project = self.project

        def job(ctx: JobContext) -> str:
            from workbench.align.batch import align_pages

            outcomes = align_pages(project, pairs, batch=batch, progress=ctx.progress)
            errors = [o.error for o in outcomes if o.error]
            if errors:
                ctx.post(JobFailed("Some page pairs were not aligned", "\n".join(errors)))
            done = len(outcomes) - len(errors)
            return (f"Aligned {done} of {len(outcomes)} page pair(s)"
                    f"{f', {len(errors)} failed' if errors else ''}")

        if batch is not None:
            self.batch_name = batch
        cast("WorkbenchApp", self.app).start_job(ALIGN_GROUP,
                                                 f"Aligning {len(pairs)} page pair(s)", job)

    def on_job_finished(self, message: JobFinished) -> None:
        """The App ran the job (its failures are reported there): show what it stored."""
        if message.group == ALIGN_GROUP:
            self.reload()

    def action_refresh(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()

