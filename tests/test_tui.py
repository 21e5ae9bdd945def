"""The Textual workbench driven as a user would, with Textual's Pilot on real projects."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from bidi import get_display
from fixtures.tui import (
    LONG,
    MARKUP_TRAPS,
    SIZE,
    ReviewDoc,
    documents_ready,
    grid_text,
    open_review,
    panel_text,
    settle,
    type_text,
    until,
)
from rich.text import Text
from textual.events import Key
from textual.widgets import DataTable, Input, OptionList, Select, TextArea

from workbench.project import open_project
from workbench.store import translations as tr
from workbench.store.suggestions import get_suggestion
from workbench.tui.app import make_app
from workbench.tui.commands import WorkbenchCommands
from workbench.tui.screens.align_modals import AlignPathsModal
from workbench.tui.screens.alignments import AlignmentsScreen
from workbench.tui.screens.documents import DocumentsScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.modals import ErrorModal, FilterModal, PickModal
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.widgets.panels import SourcePanel
from workbench.tui.widgets.segment_grid import SegmentGrid


async def test_translate_edit_confirm_undo_filter_switch_and_reopen(
        review_doc: ReviewDoc, installed_models: Path) -> None:
    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        grid = screen.query_one(SegmentGrid)
        assert grid.current is not None and grid.current.source == "Rajavi in Tirana"

        # Background MT: the worker stores suggestions and the grid fills in.
        await pilot.press("f9")
        await pilot.pause()
        await screen.workers.wait_for_complete()
        await pilot.pause()
        first = grid.rows[1]
        suggestion = get_suggestion(project.db, first.id, "sq")
        assert suggestion is not None and suggestion.is_test_model
        assert grid.row_of(first.id).suggestion == suggestion.text
        assert "TEST " in grid_text(grid)  # test-model output is labelled in the grid too
        assert tr.get_translation(project.db, first.id, "sq") is None  # never a translation

        # The current segment's MT panel says loudly that this is a test model.
        assert "TEST MODEL" in panel_text(screen.side.mt)

        # Accept MT, change it, confirm: stored at once as human, cursor to next unconfirmed.
        await pilot.press("ctrl+t")
        editor = screen.query_one(TextArea)
        assert editor.text == get_suggestion(project.db, grid.rows[0].id, "sq").text
        editor.load_text("Rajavi në Tiranë")
        await pilot.press("ctrl+j")
        await pilot.pause()
        stored = tr.get_translation(project.db, grid.rows[0].id, "sq")
        assert stored is not None
        assert (stored.text, stored.status, stored.origin) == (
            "Rajavi në Tiranë", "translated", "human")
        assert grid.cursor == 1
        # Committed at once: another process (a fresh connection) already sees it.
        other = sqlite3.connect(project.path)
        assert other.execute("SELECT text FROM translations WHERE segment_id = ?",
                             (grid.rows[0].id,)).fetchone() == ("Rajavi në Tiranë",)
        other.close()

        # Accept MT unchanged → origin mt with the model as source_ref.
        await pilot.press("ctrl+t", "ctrl+j")
        await pilot.pause()
        mt_confirmed = tr.get_translation(project.db, grid.rows[1].id, "sq")
        assert mt_confirmed.origin == "mt" and mt_confirmed.source_ref.startswith("en_sq@")

        # Undo (store history) on the first segment removes the translation; redo restores.
        await pilot.press("alt+up", "alt+up")
        await pilot.pause()
        assert grid.cursor == 0
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert tr.get_translation(project.db, grid.rows[0].id, "sq") is None
        assert editor.text == ""
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert editor.text == "Rajavi në Tiranë"

        # Filter: only confirmed segments, then a folded text search.
        await pilot.press("ctrl+f")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, FilterModal)
        modal.query_one(Select).value = "translated"
        await pilot.press("enter")
        await pilot.pause()
        assert [r.position for r in grid.rows] == [0, 1]
        await pilot.press("ctrl+f")
        await pilot.pause()
        app.screen.query_one(Select).value = "all"
        app.screen.query_one(Input).value = "ALBANIA"
        await pilot.press("enter")
        await pilot.pause()
        assert [r.source for r in grid.rows] == ["The MEK moved 3,000 members to Albania.",
                                                 LONG]

        # Switch language: same document, Farsi targets, editor empty for the new language.
        await pilot.press("f2")
        await screen.workers.wait_for_complete()
        await pilot.pause()
        assert screen.lang == "fa" and grid.lang == "fa"
        assert screen.query_one(TextArea).text == ""
        await pilot.press("ctrl+q")
    project.close()

    reopened = open_project(project.path)
    again = make_app(reopened)
    async with again.run_test(size=SIZE) as pilot:
        again.set_language("sq")
        screen = await open_review(pilot)
        assert screen.query_one(SegmentGrid).rows[0].target == "Rajavi në Tiranë"
        assert screen.query_one(TextArea).text == "Rajavi në Tiranë"
    reopened.close()


async def test_missing_model_panel_and_manual_translation_still_works(
        review_doc: ReviewDoc) -> None:
    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "fa")
        await pilot.press("f9")
        await pilot.pause()
        await screen.workers.wait_for_complete()
        await pilot.pause()
        text = panel_text(screen.side.mt)
        assert "No MT model installed" in text
        assert "workbench models install en_fa" in text
        assert not isinstance(app.screen, ErrorModal)
        await pilot.press(*"ok")
        screen.query_one(TextArea).load_text("مریم رجوی در تیرانا")
        await pilot.press("ctrl+j")
        await pilot.pause()
        row = screen.query_one(SegmentGrid).rows[0]
        assert tr.get_translation(project.db, row.id, "fa").text == "مریم رجوی در تیرانا"


async def test_markup_in_segments_is_shown_literally(review_doc: ReviewDoc) -> None:
    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        await documents_ready(pilot)
        table = app.screen.query_one(DataTable)
        assert "Rajavi in Tirana [draft]" in str(table.get_row_at(0)[1])
        screen = await open_review(pilot, "sq")
        grid = screen.query_one(SegmentGrid)
        shown = grid_text(grid)
        for trap in MARKUP_TRAPS:
            assert trap in shown
        # Put a trap in the editor as a translation, confirm it, show it everywhere.
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("5", "enter")
        await pilot.pause()
        assert grid.current.source == "A literal [/] closing tag."
        assert "A literal [/] closing tag." in panel_text(screen.query_one(SourcePanel))
        screen.query_one(TextArea).load_text("Një [/] [bold]x [b [0].")
        await pilot.press("ctrl+j")
        await pilot.pause()
        assert "Një [/] [bold]x [b [0]." in grid_text(grid)
        # The palette shows the document title literally too.
        provider = WorkbenchCommands(screen)
        names = [name for name, _, _ in provider.commands()]
        assert any("Rajavi in Tirana [draft]" in name for name in names)


async def test_long_segment_wraps_in_source_panel(review_doc: ReviewDoc) -> None:
    app = make_app(review_doc.project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        grid = screen.query_one(SegmentGrid)
        grid.move_to(len(grid.rows) - 1)
        await pilot.pause()
        panel = screen.query_one(SourcePanel)
        lines = panel.build(panel.content_size.width)
        assert len(lines) > 2
        assert " ".join(line.plain.strip() for line in lines) == LONG
        assert all(line.cell_len <= panel.content_size.width for line in lines)


async def test_qa_findings_follow_the_editor_and_next_problem(review_doc: ReviewDoc) -> None:
    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        grid = screen.query_one(SegmentGrid)
        # Segment 3 mentions 3,000: a translation without the number is a QA problem.
        tr.set_translation(project.db, grid.rows[2].id, "sq",
                           "MEK zhvendosi anëtarë në Shqipëri.")
        screen.load_rows()
        await screen.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert grid.current.position == 2
        assert "3" in panel_text(screen.side.qa)


async def test_help_and_palette_offer_every_review_action(review_doc: ReviewDoc) -> None:
    app = make_app(review_doc.project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        names = {name for name, _, _ in WorkbenchCommands(screen).commands()}
        descriptions = {b.description for b in ReviewScreen.BINDINGS  # type: ignore[union-attr]
                        if b.description}
        assert descriptions <= names
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.table
        actions = [str(cell) for cell in table.columns[1]._cells]
        assert "Confirm" in actions and "Accept MT" in actions
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_import_from_documents_screen(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "page.txt"
    page.write_text("A small page\n\nMaryam Rajavi spoke in Tirana. The MEK answered.\n",
                    encoding="utf-8")
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, DocumentsScreen)
        assert screen.query_one(DataTable).row_count == 0
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one(Input).value = str(page)
        await pilot.press("enter")
        await pilot.pause()
        await screen.workers.wait_for_complete()
        await pilot.pause()
        assert screen.query_one(DataTable).row_count == 1
        # A path that does not exist is reported in a modal, and nothing else changes.
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path / "missing.html")
        await pilot.press("enter")
        await pilot.pause()
        await screen.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ErrorModal)
        assert "missing.html" in str(app.screen.message)
        assert screen.query_one(DataTable).row_count == 1


def test_progress_bar_counts_statuses() -> None:
    from workbench.tui.screens.documents import progress_bar

    bar = progress_bar({"new": 6, "draft": 0, "translated": 3, "reviewed": 0, "approved": 3},
                       width=12)
    assert isinstance(bar, Text)
    assert bar.plain == "███" + "███" + "░" * 6 + "  50%"


async def test_ten_thousand_segments_render_only_what_is_visible(project) -> None:  # type: ignore[no-untyped-def]
    from workbench.ingest.model import ParsedDocument, ParsedPassage
    from workbench.store.documents import save_document

    passages = [ParsedPassage("paragraph", "", [f"Sentence {p * 100 + s} of a long report."
                                                for s in range(100)]) for p in range(100)]
    doc = save_document(project.db, ParsedDocument("Long report", passages, "text",
                                                   source_path="long.txt", lang="en"))
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        await documents_ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        grid = screen.query_one(SegmentGrid)
        assert 0 < len(grid.rows) <= 10_000  # the first page is up before the rest is read
        await screen.workers.wait_for_complete()
        await pilot.pause()
        assert len(grid.rows) == doc.segments == 10_000
        grid.focus()
        await pilot.press("end")
        await pilot.pause()
        assert grid.current.source == "Sentence 9999 of a long report."
        await pilot.press("enter")  # Enter on the grid goes to the editor
        await pilot.pause()
        assert screen.query_one(TextArea).has_focus
        # Switching language keeps the place, even when it is on the last page.
        await pilot.press("f2")
        await screen.workers.wait_for_complete()
        await pilot.pause()
        assert screen.lang == "fa" and grid.current.position == 9999
        assert "10000 ·  Sentence 9999 of a long" in grid_text(grid)
        # Only lines that were on screen were ever rendered (two screens' worth).
        assert len(grid._cache) < 3 * grid.size.height


async def test_alignment_review_opens_from_the_documents_screen(review_doc: ReviewDoc) -> None:
    from workbench.align.service import align_documents
    from workbench.ingest.model import ParsedDocument, ParsedPassage
    from workbench.store.documents import save_document
    from workbench.tui.screens.align_review import AlignReviewScreen

    conn = review_doc.project.db
    edition = ParsedDocument("Rajavi në Tiranë", [
        ParsedPassage("title", "Rajavi në Tiranë", ["Rajavi në Tiranë"], lang="sq"),
        ParsedPassage("paragraph", "", ["Maryam Rajavi foli në Paris në 2024.",
                                        "MEK zhvendosi 3,000 anëtarë në Shqipëri."], lang="sq")],
        "text", source_path="edition-sq.txt", lang="sq")
    tgt = save_document(conn, edition, role="edition").document_id
    alignment = align_documents(conn, review_doc.doc_id, tgt, src_lang="en",
                                tgt_lang="sq").alignment_id
    app = make_app(review_doc.project)
    async with app.run_test(size=SIZE) as pilot:
        app.open_alignment(alignment + 100)
        await pilot.pause()
        assert isinstance(app.screen, ErrorModal)
        assert f"no alignment {alignment + 100}" in app.screen.message
        await pilot.press("escape", "a")  # the alignments list shows the stored alignments
        await pilot.pause()
        listed = app.screen.query_one("#alignments-table")
        assert "Rajavi në Tiranë" in listed.get_row_at(0)[7].plain
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AlignReviewScreen)


async def test_confirm_fills_repetitions_per_the_propagate_setting(project) -> None:  # type: ignore[no-untyped-def]
    from workbench.ingest.model import ParsedDocument, ParsedPassage
    from workbench.store.documents import save_document
    from workbench.tui.screens.modals import ConfirmModal

    repeated = "Read more on our website."
    save_document(project.db, ParsedDocument("Repeats", [
        ParsedPassage("paragraph", "", [repeated, "Something else.", repeated, repeated])],
        "text", source_path="repeats.txt", lang="en"))
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        grid = screen.query_one(SegmentGrid)
        screen.query_one(TextArea).load_text("Lexoni më shumë në faqen tonë.")
        await pilot.press("ctrl+j")
        await pilot.pause()
        filled = [r for r in grid.rows if r.target == "Lexoni më shumë në faqen tonë."]
        assert [r.position for r in filled] == [0, 2, 3]
        assert grid.current.position == 1  # next unconfirmed, repetitions skipped

        # "offer": ask first; answering yes fills the remaining repetition.
        project.settings.propagate = "offer"
        tr.set_translation(project.db, grid.rows[3].id, "sq", "", status="new")
        grid.move_to(0)
        await pilot.pause()
        screen.query_one(TextArea).load_text("Lexoni më shumë në faqen tonë!")
        await pilot.press("ctrl+j")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
        assert tr.get_translation(project.db, grid.rows[3].id, "sq").text == \
            "Lexoni më shumë në faqen tonë!"


async def test_quitting_keeps_unconfirmed_typing_as_a_draft(review_doc: ReviewDoc) -> None:
    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "fa")
        first = screen.query_one(SegmentGrid).rows[0]
        await pilot.press(*"رجوی")
        await pilot.press("ctrl+q")
    stored = tr.get_translation(project.db, first.id, "fa")
    assert (stored.text, stored.status, stored.origin) == ("رجوی", "draft", "human")


async def test_translate_the_whole_project_from_the_documents_screen(
        review_doc: ReviewDoc, installed_models: Path) -> None:
    from workbench.store.documents import list_segments

    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        app.set_language("fa")
        await pilot.press("ctrl+t")
        await pilot.pause()
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        rows = list_segments(project.db, review_doc.doc_id)
        assert all(get_suggestion(project.db, r["id"], "fa") for r in rows)
        assert all(tr.get_translation(project.db, r["id"], "fa") is None for r in rows)


def test_filter_text_search_folds_digits_letters_and_status() -> None:
    from workbench.review import ReviewRow
    from workbench.tui.filters import SegmentFilter

    row = ReviewRow(1, 0, 1, "paragraph", "Rajavi spoke in 2024.", target="رجوی در سال 2024",
                  status="draft")
    assert SegmentFilter(text="۲۰۲۴").matches(row)          # Persian digits find 2024
    assert SegmentFilter(text="رجوي").matches(row)          # Arabic yeh finds Persian yeh
    assert SegmentFilter(text="RAJAVI").matches(row)
    assert not SegmentFilter(text="Tirana").matches(row)
    assert SegmentFilter("unconfirmed").matches(row)
    assert SegmentFilter("draft").matches(row) and not SegmentFilter("approved").matches(row)
    assert not SegmentFilter("untranslated").matches(row)
    assert not SegmentFilter("flagged").matches(row)


def test_startup_path_imports_no_mt_engine() -> None:
    """First paint must stay fast: ctranslate2/sentencepiece load only inside the MT worker."""
    import subprocess
    import sys

    code = ("import sys, workbench.tui.app, workbench.tui.screens.review; "
            "print(sorted(m for m in ('ctranslate2', 'sentencepiece', 'workbench.mt.service',"
            " 'argostranslate') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


async def test_background_translation_can_be_cancelled(project, installed_models: Path) -> None:  # type: ignore[no-untyped-def]
    from workbench.ingest.model import ParsedDocument, ParsedPassage
    from workbench.store.documents import list_segments, save_document
    from workbench.tui.widgets.job_bar import JobBar

    passages = [ParsedPassage("paragraph", "", [f"Report {p} line {s} about Tirana."
                                                for s in range(50)]) for p in range(40)]
    doc = save_document(project.db, ParsedDocument("Big report", passages, "text",
                                                   source_path="big.txt", lang="en"))
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        grid = screen.query_one(SegmentGrid)
        await pilot.press("f9")
        await until(pilot, lambda: any(row.suggestion for row in grid.rows))  # a first batch
        assert screen.query_one(JobBar).running
        await pilot.press("f9")  # F9 again cancels after the current batch
        await until(pilot, lambda: not app.job_running())  # stops after its batch
        await pilot.pause()
        assert not screen.query_one(JobBar).running
        rows = list_segments(project.db, doc.document_id)
        done = sum(get_suggestion(project.db, r["id"], "sq") is not None for r in rows)
        assert 0 < done < doc.segments  # stopped well before the end


async def test_tm_match_is_shown_inserted_and_credited(project) -> None:  # type: ignore[no-untyped-def]
    from workbench.ingest.model import ParsedDocument, ParsedPassage
    from workbench.store.documents import save_document

    save_document(project.db, ParsedDocument("Moves", [ParsedPassage("paragraph", "", [
        "The MEK moved 3,000 members to Albania in 2016.",
        "The MEK moved 2,000 members to Albania in 2016."])],
        "text", source_path="moves.txt", lang="en"))
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        grid = screen.query_one(SegmentGrid)
        screen.query_one(TextArea).load_text("MEK zhvendosi 3,000 anëtarë në Shqipëri në 2016.")
        await pilot.press("ctrl+j")
        await settle(pilot)
        assert grid.current.position == 1
        shown = panel_text(screen.side.tm)
        assert "%" in shown and "MEK zhvendosi 3,000" in shown
        editor = screen.query_one(TextArea)
        match_text = "MEK zhvendosi 2,000 anëtarë në Shqipëri në 2016."  # numbers repaired
        # £ ™ ¡ are typed like any character (they used to be taken as "insert match 3/2/1").
        await type_text(pilot, "£5 ™ ¡")
        assert editor.text == "£5 ™ ¡"
        editor.load_text("")
        await pilot.press("f5")  # works in every terminal
        await pilot.pause()
        assert editor.text == match_text
        editor.load_text("")
        await pilot.press("ctrl+b")  # a picker with the score
        await pilot.pause()
        assert isinstance(app.screen, PickModal)
        assert "%" in str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and editor.text == match_text
        editor.load_text("")
        await pilot.press("ctrl+1")
        await pilot.pause()
        assert editor.text == match_text
        await pilot.press("ctrl+j")
        await pilot.pause()
        stored = tr.get_translation(project.db, grid.rows[1].id, "sq")
        assert stored.origin == "tm" and stored.source_ref.startswith("tm:")
        # The match was for 3,000: its number was repaired for this source (2,000).
        assert stored.text == "MEK zhvendosi 2,000 anëtarë në Shqipëri në 2016."
        assert any("Numbers updated for this source: 3,000 → 2,000" in n.message
                   for n in app._notifications)


async def test_glossary_rendering_inserted_at_the_cursor(review_doc: ReviewDoc) -> None:
    from workbench.tui.screens.modals import PickModal

    app = make_app(review_doc.project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "fa")
        await pilot.press("alt+down")  # "Maryam Rajavi spoke in Paris in 2024."
        await pilot.pause()
        await pilot.press(*"سخنرانی ")
        await pilot.press("ctrl+g")
        await pilot.pause()
        if isinstance(app.screen, PickModal):  # several terms: pick Maryam Rajavi
            labels = [str(label) for label, _ in app.screen.choices]
            index = next(i for i, label in enumerate(labels) if label.startswith("Maryam"))
            await pilot.press(*["down"] * index, "enter")
            await pilot.pause()
        assert screen.query_one(TextArea).text == "سخنرانی مریم رجوی"


async def test_user_keymap_remaps_a_binding_by_id(review_doc: ReviewDoc) -> None:
    from workbench.tui.app import keymap_path

    keymap_path().write_text('"review.confirm" = "ctrl+s"\n', encoding="utf-8")
    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        screen.query_one(TextArea).load_text("Rajavi në Tiranë")
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = screen.query_one(SegmentGrid).rows[0]
        assert tr.get_translation(project.db, row.id, "sq").status == "translated"


def test_broken_keymap_is_a_clear_error(review_doc: ReviewDoc) -> None:
    from workbench.errors import WorkbenchError
    from workbench.tui.app import keymap_path

    keymap_path().write_text('"review.confirm" = \n', encoding="utf-8")
    with pytest.raises(WorkbenchError, match="invalid keymap"):
        make_app(review_doc.project)


async def test_concordance_finds_earlier_translations(review_doc: ReviewDoc) -> None:
    from textual.widgets import Static

    from workbench.tui.screens.concordance import ConcordanceScreen

    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "fa")
        grid = screen.query_one(SegmentGrid)
        tr.set_translation(project.db, grid.rows[2].id, "fa",
                           "مجاهدین خلق ۳۰۰۰ عضو را به آلبانی منتقل کرد.")
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, ConcordanceScreen)
        app.screen.query_one(Input).value = "albania"
        await pilot.press("enter")
        await pilot.pause()
        hits = [str(hit.render()) for hit in app.screen.query(".hit").results(Static)]
        assert len(hits) == 1 and "The MEK moved 3,000 members to Albania." in hits[0]
        assert get_display("آلبانی", base_dir="R") in hits[0]


async def test_typing_straight_after_confirm_lands_in_the_next_segment(
        review_doc: ReviewDoc) -> None:
    """Keys typed right after Ctrl+J (no pause) go to the next segment's editor, and Ctrl+J
    confirms exactly what was typed before it."""
    app = make_app(review_doc.project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        ids = [row.id for row in screen.query_one(SegmentGrid).rows[:6]]
        for i in range(1, 7):  # as a fast typist's terminal delivers them: no idle between
            for key in [*f"Test B{i}", "ctrl+j"]:
                app.post_message(Key("space" if key == " " else key,
                                     "\n" if key == "ctrl+j" else key))
        await pilot.pause()
        await pilot.pause()
        stored = [tr.get_translation(review_doc.project.db, i, "sq") for i in ids]
        assert [(t.text, t.status) for t in stored if t] == [
            (f"Test B{i}", "translated") for i in range(1, 7)]


async def test_typing_is_autosaved_as_a_draft_after_a_pause(review_doc: ReviewDoc) -> None:
    """A second after typing stops, the editor is in the store (a kill -9 loses nothing):
    one history entry per pause, the cursor stays, unchanged text is not stored again."""
    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        grid = screen.query_one(SegmentGrid)
        first = grid.rows[0]
        await pilot.press(*"Rajavi në")
        assert tr.get_translation(project.db, first.id, "sq") is None  # not on every key
        await pilot.pause(1.2)  # the pause that triggers the autosave (on a busy machine the
        await settle(pilot)     # writer thread may still be at it: wait for it, no longer)
        other = sqlite3.connect(project.path)
        try:
            assert other.execute(
                "SELECT text, status, origin FROM translations WHERE segment_id = ?"
                " AND lang = 'sq'", (first.id,)).fetchone() == ("Rajavi në", "draft", "human")
        finally:
            other.close()
        assert grid.cursor == 0 and screen.query_one(TextArea).text == "Rajavi në"
        await pilot.pause(1.2)  # nothing typed since: no second entry
        assert len(tr.history(project.db, first.id, "sq")) == 1
        await pilot.press("ctrl+j")
        await pilot.pause()
        assert tr.get_translation(project.db, first.id, "sq").status == "translated"


async def test_missing_model_install_command_is_visible_at_140x45(review_doc: ReviewDoc) -> None:
    app = make_app(review_doc.project)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_review(pilot, "fa")
        await pilot.press("f9")
        await pilot.pause()
        await screen.workers.wait_for_complete()
        await pilot.pause()
        shown = screen.side.shown("mt")  # what fits, "… more line(s)" included
        assert "workbench models install en_fa" in shown[1]


async def test_palette_reviews_an_alignment_and_ctrl_t_names_the_missing_model(
        review_doc: ReviewDoc) -> None:
    app = make_app(review_doc.project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "fa")
        commands = {name: callback for name, callback, _ in WorkbenchCommands(screen).commands()}
        commands["Review an alignment"]()  # from the review screen too
        for _ in range(20):  # none yet: the list opens with "Align pages" after its refresh
            if isinstance(app.screen, AlignPathsModal):
                break
            await pilot.pause()
        assert isinstance(app.screen_stack[-2], AlignmentsScreen)
        assert isinstance(app.screen, AlignPathsModal)
        await pilot.press("escape", "escape")  # the dialog, then the empty list
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("ctrl+t")
        await pilot.pause()
        message = list(app._notifications)[-1].message
        assert "en_fa is not installed" in message
        assert "workbench models install en_fa" in message and "F9" not in message


async def test_goto_a_filtered_out_segment_offers_to_clear_the_filter(
        review_doc: ReviewDoc) -> None:
    from workbench.tui.filters import SegmentFilter
    from workbench.tui.screens.modals import ConfirmModal

    app = make_app(review_doc.project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        grid = screen.query_one(SegmentGrid)
        await pilot.press(*"Rajavi", "ctrl+j")
        await pilot.pause()
        screen.filter = SegmentFilter(kind="translated")
        screen.apply_filter()
        assert [r.position for r in grid.rows] == [0]
        await pilot.press("ctrl+l", "7", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "Segment 7 is hidden" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen and not screen.filter.active
        assert grid.current.position == 6 and screen.shown_id == grid.current.id
        await pilot.press("ctrl+l", *"99", "enter")
        await pilot.pause()
        assert "There is no segment 99" in list(app._notifications)[-1].message


async def test_persian_zwnj_typed_in_the_editor_is_kept(review_doc: ReviewDoc) -> None:
    app = make_app(review_doc.project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "fa")
        await pilot.press(*"می\u200cگوید")  # a Persian keyboard's ZWNJ key sends U+200C
        assert screen.query_one(TextArea).text == "می\u200cگوید"
        await pilot.press("ctrl+j")
        await pilot.pause()
        row = screen.query_one(SegmentGrid).rows[0]
        assert tr.get_translation(review_doc.project.db, row.id, "fa").text == "می\u200cگوید"
