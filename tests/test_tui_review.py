"""The review screen, defect by defect (issue 18): each test shows what the translator saw."""

from __future__ import annotations

import re

import pytest
from fixtures.tui import SIZE, ReviewDoc, open_review, panel_text, screen_text, settle, type_text
from textual.geometry import Region

from workbench.ingest.model import ParsedDocument, ParsedPassage
from workbench.project import Project
from workbench.store import translations as tr
from workbench.store.documents import list_segments, save_document
from workbench.tui.app import make_app
from workbench.tui.screens.modals import FilterModal, PickModal
from workbench.tui.widgets.panels import (
    PreviewPanel,
    SourcePanel,
)


async def test_undo_and_redo_keep_the_cursor_where_the_change_was(review_doc: ReviewDoc) -> None:
    app = make_app(review_doc.project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "fa")
        await type_text(pilot, "او ")
        await pilot.pause(1.2)  # autosaved as a draft meanwhile
        await type_text(pilot, "توضیح ")
        await pilot.pause(1.2)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert screen.editor.text == "او "
        await pilot.press("ctrl+y")
        await settle(pilot)
        await type_text(pilot, "X")
        assert screen.editor.text == "او توضیح X"


async def test_select_all_and_footer_names_ctrl_j(review_doc: ReviewDoc) -> None:
    app = make_app(review_doc.project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        await type_text(pilot, "Rajavi në Tiranë")
        await pilot.press("ctrl+a")
        await pilot.pause()
        assert screen.editor.selected_text == "Rajavi në Tiranë"
        await type_text(pilot, "Rajavi")  # typing replaces the selection
        assert screen.editor.text == "Rajavi"
        footer = screen_text(app).splitlines()[-1]
        assert "^j Confirm" in footer  # the key every terminal (and tmux) sends


async def test_qa_errors_come_first_are_marked_and_flagged(review_doc: ReviewDoc) -> None:
    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "fa")
        await pilot.press("alt+down", "alt+down")  # "The MEK moved 3,000 members to Albania."
        await settle(pilot)
        # no number (error), Latin comma and no full stop (warnings)
        await type_text(pilot, "مجاهدین خلق, اعضا را منتقل کرد")
        await pilot.press("ctrl+j")
        await settle(pilot)
        assert any(re.match(r"Segment 3 confirmed with \d QA error", n.message)
                   for n in app._notifications)
        grid = screen.grid
        assert grid.rows[2].qa == "error" and "✖" in grid.render_line(
            grid._row_line[2] - grid.scroll_offset.y).text
        await pilot.press("alt+up")
        await settle(pilot)
        shown = panel_text(screen.side.qa).splitlines()
        assert shown[0].startswith("✖") and any(line.startswith("▲") for line in shown)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, FilterModal)
        app.screen.query_one("#kind").value = "flagged"
        await pilot.press("enter")
        await settle(pilot)
        assert [r.number for r in grid.rows] == [3]
        assert "flagged (1 shown)" in screen.sub_title


async def test_filter_starts_in_the_text_field_keeps_it_on_tab_and_filters_origin(
        review_doc: ReviewDoc) -> None:
    project = review_doc.project
    rows = list_segments(project.db, review_doc.doc_id)
    tr.set_translation(project.db, rows[1]["id"], "sq", "Maryam Rajavi foli.", origin="mt")
    tr.set_translation(project.db, rows[2]["id"], "sq", "MEK zhvendosi 3,000 anëtarë.")
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        await pilot.press("ctrl+f")
        await pilot.pause()
        await type_text(pilot, "rajavi")
        await pilot.press("tab", "tab", "tab")  # past "Show" and "Origin", nothing lost
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, FilterModal)
        assert modal.query_one("#text").value == "rajavi"
        modal.query_one("#origin").value = "mt"
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "enter")
        await settle(pilot)
        assert [r.number for r in screen.grid.rows] == [2]


async def test_no_model_is_said_at_once_and_tm_translation_is_visible(project: Project) -> None:
    save_document(project.db, ParsedDocument("Moves", [ParsedPassage("paragraph", "", [
        "The MEK moved 307 members of the organisation to Albania in the summer of 2016.",
        "The MEK moved 278 members of the organisation to Albania in the summer of 2016."])],
        "text", source_path="moves.txt", lang="en"))
    app = make_app(project)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_review(pilot, "fa")
        # Before any F9: the MT panel names the missing model and its install command.
        mt = "\n".join(screen.side.shown("mt"))
        assert "No MT model installed" in mt and "workbench models install en_fa" in mt
        await type_text(pilot, "مجاهدین خلق ۳۰۷ عضو سازمان را در تابستان ۲۰۱۶ به آلبانی "
                               "منتقل کرد.")
        await pilot.press("ctrl+j")
        await settle(pilot)
        # The match's translation is on screen at 140×45 (not behind "… more line(s)").
        shown = "\n".join(screen.side.shown("tm"))
        assert "more line" not in shown
        assert "%" in shown and "۳۰۷" in "".join(shown.split())[::-1] + shown
        await pilot.press("f5")  # inserted with the number repaired for this source
        await settle(pilot)
        assert screen.editor.text == ("مجاهدین خلق ۲۷۸ عضو سازمان را در تابستان ۲۰۱۶ به "
                                      "آلبانی منتقل کرد.")
        assert any("۳۰۷ → ۲۷۸" in n.message for n in app._notifications)


async def test_glossary_shows_accepted_forms_and_ctrl_g_inserts_one(project: Project) -> None:
    save_document(project.db, ParsedDocument("Tirana", [ParsedPassage("paragraph", "", [
        "The office in Tirana opened."])], "text", source_path="t.txt", lang="en"))
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        shown = panel_text(screen.side.glossary)
        assert "Tiranës" in shown and "also:" in shown
        await type_text(pilot, "Zyra e ")
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, PickModal)
        labels = [str(label) for label, _ in app.screen.choices]
        index = next(i for i, label in enumerate(labels) if "Tiranës" in label)
        await pilot.press(*["down"] * index, "enter")
        await pilot.pause()
        assert screen.editor.text == "Zyra e Tiranës"


async def test_pick_lists_show_farsi_in_display_order(review_doc: ReviewDoc) -> None:
    from workbench.tui.bidi import get_display

    app = make_app(review_doc.project)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, "fa")
        await pilot.press("alt+down")  # Maryam Rajavi spoke in Paris in 2024.
        await settle(pilot)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, PickModal)
        labels = [str(label) for label, _ in app.screen.choices]
        assert f"Maryam Rajavi → {get_display('مریم رجوی')}" in labels


async def test_a_document_reopens_where_the_translator_left(review_doc: ReviewDoc) -> None:
    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "fa")
        await pilot.press("ctrl+l", "5", "enter")
        await settle(pilot)
        assert screen.grid.current.number == 5
        await pilot.press("escape")
        await settle(pilot)
        screen = await open_review(pilot)
        assert screen.grid.current.number == 5 and screen.shown_id == screen.grid.current.id


@pytest.mark.parametrize("size", [(80, 24), (90, 28), (100, 30), (120, 40), (140, 45),
                                  (200, 60)])
@pytest.mark.parametrize("lang", ["fa", "sq"])
async def test_layout_degrades_by_priority(review_doc: ReviewDoc, size: tuple[int, int],
                                           lang: str) -> None:
    """At every size the source, the editor and the segment's status are on screen, and every
    side panel can be seen (all at once when there is room, else one at a time with F6)."""
    app = make_app(review_doc.project)
    async with app.run_test(size=size) as pilot:
        screen = await open_review(pilot, lang)
        width, height = size
        whole = Region(0, 0, width, height)

        def visible(widget) -> bool:  # type: ignore[no-untyped-def]
            region = widget.region
            return region.height > 0 and whole.contains_region(region)

        source, editor = screen.query_one(SourcePanel), screen.editor
        assert visible(source) and visible(editor) and editor.content_size.height >= 3
        assert "segment 1/9" in str(source.border_title) and "new" in str(source.border_title)
        assert visible(screen.query_one(PreviewPanel)) == (lang == "fa")
        footer = screen_text(app).splitlines()[-1]
        assert "^j Confirm" in footer and "f1 Help" in footer  # the footer is not cut
        seen: set[str] = set()
        assert visible(screen.side)
        for _ in range(4):
            seen |= {name for name in ("mt", "tm", "glossary", "qa") if screen.side.shown(name)}
            await pilot.press("f6")
            await pilot.pause()
        assert seen == {"mt", "tm", "glossary", "qa"}
        assert screen.has_class("-compact") == (width < 110 or height < 32)


async def test_next_problem_says_plainly_when_there_is_none(review_doc: ReviewDoc) -> None:
    app = make_app(review_doc.project)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, "sq")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert list(app._notifications)[-1].message == (
            "No segments with QA problems left in this view.")


async def test_the_cursor_row_stays_in_view_when_the_grid_shrinks(project: Project) -> None:
    """At 80×24 the source panel grows with a long segment and the grid gets shorter: paging
    and stepping through long and short segments never leaves the current row below the
    grid's bottom edge."""
    long = ("The Albanian authorities said that the members of the organisation who had "
            "been moved from Iraq to the camp near Tirana were given the status of refugees "
            "in the summer of 2016, after years of talks with the United Nations. ")
    sources = [f"{long * 2}({n})" if n % 3 == 2 else f"Short sentence {n}." for n in range(90)]
    save_document(project.db, ParsedDocument("Long and short", [
        ParsedPassage("paragraph", "", sources)], "text", source_path="ls.txt", lang="en"))
    app = make_app(project)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot, "sq")
        grid = screen.grid
        grid.focus()

        def cursor_row_shown() -> bool:
            y = grid._row_line[grid.cursor] - grid.scroll_offset.y
            return 0 <= y < grid.scrollable_content_region.height

        for key in ["pagedown"] * 8 + ["pageup"] * 3 + ["down"] * 12:
            await pilot.press(key)
            await settle(pilot)
            assert cursor_row_shown(), (key, grid.cursor, grid.scroll_offset.y,
                                        grid.scrollable_content_region.height)
