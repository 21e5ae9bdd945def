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


async def test_correcting_a_farsi_link_previews_it_in_display_order(project: Project) -> None:
    """The dialog's editor holds logical order; the published text and a preview of what is
    typed read right to left, as on the review screen, and the preview follows the typing."""
    from bidi import get_display
    from textual.widgets import TextArea

    from workbench.tui.screens.align_modals import LinkTextModal
    from workbench.tui.widgets.panels import DisplayPanel, PreviewPanel

    alignment_id = aligned(project)
    first = align_store.list_links(project.db, alignment_id)[0]
    align_store.edit_translation(project.db, first.id, "گزارش")  # corrected once before
    app = ReviewApp(project, alignment_id)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LinkTextModal)
        area = dialog.query_one(TextArea)
        assert area.text == "گزارش"
        area.text = "سازمان ملل"
        await pilot.pause()
        preview = dialog.query_one(PreviewPanel)
        assert preview.display and preview.lines(60)[0].plain.strip() == get_display("سازمان ملل")
        published = dialog.query_one("#link-edition", DisplayPanel)
        shown = " ".join(line.plain.strip() for line in published.lines(200))
        assert FA[0] not in shown and get_display(FA[0]) in shown


def long_alignment(project: Project) -> int:
    """A Farsi alignment with more than ten links (two-digit link numbers)."""
    from align_samples import real_text

    en, fa, _ = real_text("drin", "fa")
    db = project.db
    src = parse_text("\n\n".join(en[:14]) + "\n", title="Drin")
    tgt = parse_text("\n\n".join(fa[:15]) + "\n", title="درین")
    src_id = save_document(db, src, role="source").document_id
    tgt_id = save_document(db, tgt, role="edition").document_id
    return align_documents(db, src_id, tgt_id, src_lang="en", tgt_lang="fa").alignment_id


def screen_lines(table: AlignTable) -> list[str]:
    from textual.geometry import Region

    strips = table.render_lines(Region(0, 0, table.size.width, table.size.height))
    return ["".join(segment.text for segment in strip) for strip in strips]


async def test_rtl_lines_and_link_numbers_stay_whole_after_moving(project: Project) -> None:
    # Issue 18: after the first key press the RTL column lost its first cells (the table grew
    # wider than the screen) and the # column could not hold two-digit link numbers.
    alignment_id = long_alignment(project)
    app = ReviewApp(project, alignment_id)
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(AlignTable)
        assert table.row_count >= 10
        for keys in ((), ("down",), ("down", "down", "end")):
            await pilot.press(*keys)
            await pilot.pause()
            lines = screen_lines(table)
            shown = "\n".join(lines)
            numbers = {line[:6].strip(" !✓✔≥") for line in lines}
            for row in range(table.row_count):
                cells = table.get_row_at(row)
                if table.cursor_row - 8 <= row <= table.cursor_row:  # rows on the screen
                    for line in cells[4].plain.split("\n"):
                        assert line.strip() in shown, (keys, line)
                    assert str(row + 1) in numbers, (keys, row)
            assert table.virtual_size.width <= table.size.width  # nothing scrolls off


async def test_site_batch_aligns_reviews_and_confirms_from_the_tui(project: Project,
                                                                    tmp_path: Path) -> None:
    """Issue 17's done-when: 20 page pairs align from the TUI with a progress bar, the list
    shows them least confident first, the threshold action accepts the sure links, and a
    reviewer confirms, corrects and walks the rest; only reviewed links reach the TM."""
    from align_samples import site_pages
    from textual.widgets import DataTable, Input, TextArea

    from workbench.tui.app import make_app
    from workbench.tui.commands import WorkbenchCommands
    from workbench.tui.screens.align_modals import LinkTextModal, ThresholdModal
    from workbench.tui.screens.alignments import AlignmentsScreen
    from workbench.tui.widgets.job_bar import JobBar

    pages = site_pages(tmp_path / "site", count=20)
    tsv = tmp_path / "site" / "pairs.tsv"
    tsv.write_text("".join(f"en/{s.name}\txx/{t.name}\t{lang}\n" for s, t, lang in pages),
                   encoding="utf-8")
    db = project.db
    app = make_app(project)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        commands = {name: cb for name, cb, _ in WorkbenchCommands(app.screen).commands()}
        commands["Align pages"]()
        while not app.screen.query(Input):  # the dialog opens after the list's first refresh
            await pilot.pause()
        screen = app.screen_stack[-2]
        assert isinstance(screen, AlignmentsScreen)
        app.screen.query_one(Input).value = str(tsv)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        job = app.finished["align"]  # the batch's progress (an App job) counted every pair
        assert (job.total, job.done) == (20, 20) and not screen.query_one(JobBar).running
        assert "Aligned 20 of 20 page pair(s)" in list(app._notifications)[-1].message
        table = screen.query_one(DataTable)
        assert table.row_count == 20
        means = [float(table.get_row_at(r)[0].plain) for r in range(20)]
        assert means == sorted(means)  # least confident first
        assert db.execute("SELECT count(*) FROM tm_units").fetchone()[0] == 0

        await pilot.press("t")  # accept every link at or above the threshold (0.80 default)
        await pilot.pause()
        assert isinstance(app.screen, ThresholdModal)
        await pilot.press("enter")
        await pilot.pause()
        sure = db.execute("SELECT count(*) FROM alignment_links WHERE confidence >= 0.8 AND "
                          "src_ids != '[]' AND tgt_ids != '[]'").fetchone()[0]
        accepted = db.execute("SELECT count(*) FROM alignment_links WHERE status = 'accepted'"
                              ).fetchone()[0]
        assert accepted == sure > 20
        assert db.execute("SELECT count(*) FROM alignment_links WHERE status = 'draft' AND "
                          "confidence >= 0.8 AND tgt_ids != '[]' AND src_ids != '[]'"
                          ).fetchone()[0] == 0

        await pilot.press("enter")  # review the least confident alignment
        await pilot.pause()
        review = app.screen
        assert isinstance(review, AlignReviewScreen) and review.alignment_id == screen.ids[0]
        first = review.links[0]
        was_draft = first.status == "draft"
        await pilot.press("c")
        await pilot.pause()
        assert align_store.list_links(db, review.alignment_id)[0].status == "confirmed"
        await pilot.press("up", "e")  # correct the translation of the confirmed link
        await pilot.pause()
        assert isinstance(app.screen, LinkTextModal)
        area = app.screen.query_one(TextArea)
        area.text = area.text + " ✓"
        await pilot.press("ctrl+s")
        await pilot.pause()
        fixed = align_store.list_links(db, review.alignment_id)[0]
        assert fixed.retyped and fixed.tgt_text.endswith(" ✓") and fixed.status == "confirmed"
        await pilot.press("right_square_bracket")  # on to the next alignment of the list
        await pilot.pause()
        assert isinstance(app.screen, AlignReviewScreen)
        assert app.screen.alignment_id == screen.ids[1]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        reviewed_col = [int(table.get_row_at(r)[4].plain) for r in range(20)]
        assert sum(reviewed_col) == accepted + was_draft

    # Only reviewed links reached the TM, as aligned pairs with the aligner's confidence.
    units = db.execute("SELECT source, target, tgt_lang, origin, status, confidence "
                       "FROM tm_units").fetchall()
    pairs = {(link.src_text, link.tgt_text, row["tgt_lang"])
             for row in align_store.list_alignments(db)
             for link in align_store.list_links(db, row["id"]) if link.reviewed}
    assert {(u["source"], u["target"], u["tgt_lang"]) for u in units} == pairs
    assert {(u["origin"], u["status"]) for u in units} == {("aligned", "translated")}
    assert all(u["confidence"] is not None for u in units)
    assert any(u["target"] == fixed.tgt_text for u in units)
    assert first.id == fixed.id
