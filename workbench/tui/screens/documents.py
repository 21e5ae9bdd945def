"""The documents screen: what is in the project and how far each translation is.

A project holds a handful to a few hundred pages, so a `DataTable` is the right widget here
(the segment grid, which can hold 10k rows, uses the Line API instead).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from workbench.store.documents import list_documents
from workbench.store.translations import STATUSES, progress
from workbench.text.display import for_display
from workbench.text.scripts import lang_name
from workbench.tui.bidi import one_line, truncate
from workbench.tui.messages import DocumentsChanged, JobFinished
from workbench.tui.screens.base import WorkbenchScreen
from workbench.tui.screens.modals import PathModal
from workbench.tui.widgets.job_bar import JobBar
from workbench.tui.widgets.segment_grid import STATUS_COLOURS

BAR_WIDTH = 12


def progress_bar(counts: dict[str, int], width: int = BAR_WIDTH) -> Text:
    """A stacked bar (one colour per status, new → approved) and the confirmed percentage."""
    total = sum(counts.values())
    bar = Text()
    if total == 0:
        return Text("–", style="dim")
    filled = 0
    cumulative = 0
    for status in reversed(STATUSES):  # approved first, so the bar fills from the left
        cumulative += counts.get(status, 0)
        cells = round(cumulative * width / total) - filled
        glyph = "░" if status == "new" else "█"
        bar.append(glyph * cells, style=Style(color=STATUS_COLOURS[status]))
        filled += cells
    confirmed = sum(counts.get(s, 0) for s in ("translated", "reviewed", "approved"))
    bar.append(f" {confirmed * 100 // total:>3}%")
    return bar


class DocumentsScreen(WorkbenchScreen):
    """Documents with language, size and per-language progress; Enter opens the review."""

    BINDINGS = [
        Binding("enter", "open_review", "Review", id="documents.review",
                tooltip="Review and translate the highlighted document"),
        Binding("f2", "next_language", "Language", id="documents.language",
                tooltip="Cycle the target language (sq, fa, ar)"),
        Binding("f9", "translate", "Translate", id="documents.translate",
                tooltip="Machine-translate the highlighted document (F9 again cancels)"),
        Binding("ctrl+t", "translate_project", "Translate all", show=False,
                id="documents.translate_all",
                tooltip="Machine-translate every document into the target language"),
        Binding("i", "import", "Import", id="documents.import",
                tooltip="Import a page or a folder of pages"),
        Binding("a", "review_alignment", "Alignment", show=False, id="documents.alignment",
                tooltip="Review an alignment of a translated edition"),
        Binding("r", "refresh", "Refresh", show=False, id="documents.refresh"),
        Binding("c", "calibrate_rtl", "RTL check", show=False, id="documents.calibrate",
                tooltip="Choose how Farsi and Arabic are displayed"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="legend")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="documents")
        yield JobBar()
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Documents"
        self.documents: list[tuple[list[object], list[dict[str, int]]]] = []
        self.columns_for = 0
        self.reload()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        self.show_documents(self.documents)

    def layout_for(self, width: int) -> tuple[int, int, bool]:
        """(title width, bar width, long language names) that fit `width` columns: every
        target language's progress stays visible at 80 columns; the title gets the rest."""
        langs = len(self.project.settings.targets)
        bar, names = (BAR_WIDTH, True) if width >= 140 else (8, False) if width >= 100 \
            else (3, False)
        fixed = 4 + 4 + 5 + 6 + langs * (bar + 5) + 2 * (5 + langs) + 2
        return max(12, min(44, width - fixed)), bar, names

    @property
    def lang(self) -> str:
        return self.app.target_lang  # type: ignore[attr-defined]

    @work(group="documents", thread=True, exclusive=True, exit_on_error=False)
    def reload(self) -> None:
        """Read documents and progress from the store (in a worker), then show them."""
        conn, targets = self.project.db, self.project.settings.targets
        rows = [([doc["id"], doc["title"], doc["lang"] or "?", doc["segments"], doc["words"]],
                 [progress(conn, lang, doc_id=doc["id"]) for lang in targets])
                for doc in list_documents(conn, role="source")]
        self.app.call_from_thread(self.show_documents, rows)

    def show_documents(self, rows: list[tuple[list[object], list[dict[str, int]]]]) -> None:
        """Fill the table (keeping the highlighted row), columns sized to the screen."""
        if not self.is_attached:
            return
        self.documents = rows
        table = self.query_one(DataTable)
        keep = table.cursor_row
        title_width, bar, names = self.layout_for(self.size.width or 120)
        table.clear(columns=True)
        table.add_column("ID", key="id")
        table.add_column("Title", key="title", width=title_width)
        table.add_column("Lang", key="lang")
        table.add_column("Segs", key="segments")
        table.add_column("Words", key="words")
        for lang in self.project.settings.targets:
            label = f"{lang_name(lang)} ({lang})" if names else lang
            table.add_column(Text(label, style="bold" if lang == self.lang else ""),
                             key=f"lang-{lang}", width=bar + 5)
        for (doc_id, title, doc_lang, segments, words), counts in rows:
            table.add_row(doc_id, Text(truncate(one_line(str(title)), title_width)), Text(for_display(str(doc_lang))),
                          segments, words, *[progress_bar(c, bar) for c in counts],
                          key=str(doc_id))
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self._show_legend()

    def _show_legend(self) -> None:
        legend = Text(f"Target: {lang_name(self.lang)} ({self.lang})   ", style="bold")
        for status in STATUSES:
            legend.append("░" if status == "new" else "█",
                          style=Style(color=STATUS_COLOURS[status]))
            legend.append(f" {status}  ")
        self.query_one("#legend", Static).update(legend)
        self.sub_title = self.project.path.name

    def current_doc(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or 0)

    def on_data_table_row_selected(self) -> None:
        self.action_open_review()

    def action_open_review(self) -> None:
        doc_id = self.current_doc()
        if doc_id is None:
            self.notify("No documents yet: press i to import a page or folder.")
            return
        self.app.open_review(doc_id)  # type: ignore[attr-defined]

    def action_next_language(self) -> None:
        self.app.cycle_language()  # type: ignore[attr-defined]
        self._show_legend()

    def action_translate(self) -> None:
        doc_id = self.current_doc()
        if doc_id is not None:
            self.workbench.toggle_translation(self.lang, doc_id)

    def action_translate_project(self) -> None:
        self.workbench.toggle_translation(self.lang, None)

    def action_import(self) -> None:
        def done(paths: list[str] | None) -> None:
            if paths:
                self.workbench.start_import(paths)

        self.app.push_screen(PathModal("Import pages"), done)

    def action_review_alignment(self) -> None:
        """The list of alignments; on a project that has none yet, the list opens with the
        "Align pages" dialog, since aligning is the only thing to do there."""
        from workbench.align.store import list_alignments
        from workbench.tui.screens.alignments import AlignmentsScreen

        if not list_alignments(self.project.db):
            self.action_align_pages()
            return
        self.app.push_screen(AlignmentsScreen(self.project))

    def action_align_pages(self) -> None:
        from workbench.tui.screens.alignments import AlignmentsScreen

        screen = AlignmentsScreen(self.project)
        self.app.push_screen(screen)
        screen.call_after_refresh(screen.action_align_pages)

    def action_refresh(self) -> None:
        self.reload()

    def action_calibrate_rtl(self) -> None:
        self.app.action_calibrate_rtl()  # type: ignore[attr-defined]

    def on_documents_changed(self, _: DocumentsChanged) -> None:
        self.reload()

    def on_job_finished(self, _: JobFinished) -> None:
        """Progress bars change after an import or a translation."""
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()
