"""The alignment review screen, driven with Textual's Pilot on a minimal app."""

from __future__ import annotations

from pathlib import Path

from align_samples import EN, FA
from rich.text import Text
from textual.app import App

from workbench.align import store as align_store
from workbench.align.service import align_documents
from workbench.ingest.importer import parse_text
from workbench.project import Project
from workbench.store.documents import save_document
from workbench.tui.screens.align_review import AlignReviewScreen
from workbench.tui.widgets.align_table import AlignTable

TRICKY = "[bold]x [/] [b [0]"  # must show as typed, never parsed as markup


def aligned(project: Project) -> int:
    src = parse_text("\n\n".join([" ".join(EN[0:3]), " ".join(EN[3:6]), " ".join(EN[6:])]
                                 ) + f"\n\n{TRICKY}\n", title="Report")
    tgt = parse_text("\n\n".join([" ".join(FA[0:3]), " ".join(FA[3:6]), " ".join(FA[6:])]
                                 ) + f"\n\n{TRICKY}\n", title="گزارش")
    db = project.db
    src_id = save_document(db, src, role="source").document_id
    tgt_id = save_document(db, tgt, role="edition").document_id
    return align_documents(db, src_id, tgt_id, src_lang="en", tgt_lang="fa").alignment_id


class ReviewApp(App):
    def __init__(self, project: Project, alignment_id: int) -> None:
        super().__init__()
        self.project, self.alignment_id = project, alignment_id

    def on_mount(self) -> None:
        self.push_screen(AlignReviewScreen(self.project, self.alignment_id))


async def test_review_keys_change_the_store(project: Project, tmp_path: Path) -> None:
    alignment_id = aligned(project)
    db = project.db
    before = [link.kind for link in align_store.list_links(db, alignment_id)]
    app = ReviewApp(project, alignment_id)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(AlignTable)
        assert table.row_count == len(before)
        # Target text of the RTL edition is shown in visual order, user text never as markup.
        cells = [table.get_row_at(r) for r in range(table.row_count)]
        assert all(isinstance(c[3], Text) and isinstance(c[4], Text) for c in cells)
        assert any(TRICKY in c[3].plain for c in cells)  # brackets kept, nothing parsed
        assert any("[bold]" in c[4].plain or "]bold[" in c[4].plain for c in cells)
        assert FA[0] not in cells[0][4].plain  # RTL shown in visual order, not logical
        await pilot.press("c")  # confirm the first link, cursor moves on
        await pilot.pause()
        first = align_store.list_links(db, alignment_id)[0]
        assert first.status == "confirmed"
        assert table.cursor_row == 1
        await pilot.press("down", "down", "s")  # row 3: split 2-1 → 1-1 + 1-0
        await pilot.pause()
        kinds = [link.kind for link in align_store.list_links(db, alignment_id)]
        assert kinds[3:5] == ["1-1", "1-0"]
        await pilot.press("m")  # merge it back
        await pilot.pause()
        assert [link.kind for link in align_store.list_links(db, alignment_id)] == before
        await pilot.press("down", "d")  # row 4 (1-2): last target sentence down to next link
        await pilot.pause()
        kinds = [link.kind for link in align_store.list_links(db, alignment_id)]
        assert kinds[4:6] == ["1-1", "1-2"]
        assert table.row_count == len(kinds)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AlignReviewScreen)
