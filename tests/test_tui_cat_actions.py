"""The CAT actions issue 18 found missing, in the review screen: lock a segment, write a note
on a translation, jump back to the last edited segment (also across documents)."""

from __future__ import annotations

from fixtures.tui import SIZE, ReviewDoc, grid_text, open_review, panel_text, settle, type_text

from workbench.review import ReviewSession
from workbench.tui.app import make_app
from workbench.tui.screens.modals import TextModal
from workbench.tui.widgets.panels import SourcePanel


async def test_a_locked_segment_cannot_be_typed_into_or_confirmed(review_doc: ReviewDoc) -> None:
    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "fa")
        row = screen.grid.current
        await pilot.press("alt+l")
        await settle(pilot)
        assert screen.grid.current.locked and screen.editor.read_only
        assert "LOCKED" in screen.query_one(SourcePanel).border_title
        assert "⊘" in grid_text(screen.grid).splitlines()[0]
        await type_text(pilot, "نه")
        await pilot.press("ctrl+t", "ctrl+j")  # neither MT nor confirm changes it
        await settle(pilot)
        assert screen.editor.text == ""
        stored = ReviewSession(project, review_doc.doc_id, "fa").row(row.id)
        assert stored is not None and stored.locked and stored.target is None
        assert ReviewSession(project, review_doc.doc_id, "sq").row(row.id).locked is False
        await pilot.press("alt+l")
        await settle(pilot)
        await type_text(pilot, "رجوی در تیرانا")
        await pilot.press("ctrl+j")
        await settle(pilot)
        assert ReviewSession(project, review_doc.doc_id, "fa").row(row.id).target == \
            "رجوی در تیرانا"


async def test_a_note_is_written_shown_and_kept(review_doc: ReviewDoc) -> None:
    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        await pilot.press("f3")  # no translation yet: nothing to attach the note to
        await pilot.pause()
        assert not isinstance(app.screen, TextModal)
        await type_text(pilot, "Rajavi në Tiranë")
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, TextModal)
        await type_text(pilot, "Ask: [/] Tirana or Tiranë?")
        await pilot.press("enter")
        await settle(pilot)
        row = ReviewSession(project, review_doc.doc_id, "sq").row(screen.shown_id)
        assert row is not None and row.note == "Ask: [/] Tirana or Tiranë?"
        assert row.target == "Rajavi në Tiranë" and row.status == "draft"
        assert "Note: Ask: [/] Tirana or Tiranë?" in panel_text(screen.query_one(SourcePanel))
        assert "†" in grid_text(screen.grid).splitlines()[0]


async def test_back_to_the_last_edited_segment_across_documents(review_doc: ReviewDoc) -> None:
    from workbench.ingest.model import ParsedDocument, ParsedPassage
    from workbench.store.documents import save_document
    from workbench.tui.screens.review import ReviewScreen

    project = review_doc.project
    other = save_document(project.db, ParsedDocument("Another page", [ParsedPassage(
        "paragraph", "", ["Tirana is the capital.", "Durrës is a port."])], "text",
        source_path="other.txt", lang="en")).document_id
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("alt+left")
        await settle(pilot)
        assert not isinstance(app.screen, ReviewScreen)  # nothing edited yet: said so
        screen = await open_review(pilot, "fa")
        assert screen.doc_id == review_doc.doc_id
        await pilot.press("ctrl+l", "4", "enter")
        await settle(pilot)
        await type_text(pilot, "نشانه‌گذاری داده است")
        await pilot.press("ctrl+j")  # stored, and on to the next unconfirmed segment
        await settle(pilot)
        assert screen.grid.current.number == 5
        await pilot.press("f2")  # another language...
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        app.open_review(other)  # ... and another document
        await settle(pilot)
        assert app.screen.doc_id == other
        await pilot.press("alt+left")
        await settle(pilot)
        back = app.screen
        assert isinstance(back, ReviewScreen) and back.doc_id == review_doc.doc_id
        assert back.lang == "fa" and back.grid.current.number == 4
        assert back.editor.text == "نشانه‌گذاری داده است"
        await pilot.press("ctrl+l", "1", "enter")
        await settle(pilot)
        await pilot.press("alt+left")  # within the same document
        await settle(pilot)
        assert back.grid.current.number == 4 and len(app.screen_stack) == 3


async def fill_in(pilot, *fields: str) -> None:  # type: ignore[no-untyped-def]
    """Type into a dialog's fields one after the other (Tab between), then Enter."""
    for n, text in enumerate(fields):
        if n:
            await pilot.press("tab")
        await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


async def test_a_new_glossary_term_from_the_editor_is_stored_shown_and_enforced(
        review_doc: ReviewDoc) -> None:
    """Alt+G: a segment's terms all have renderings, so a picker offers them and a new term;
    the editor's selection is the rendering; the term is then checked in the document."""
    from workbench.glossary.edit import concept_for
    from workbench.tui.screens.modals import PickModal
    from workbench.tui.screens.term_modal import TermModal
    from workbench.tui.widgets.panels import SidePanels

    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        await pilot.press("ctrl+l", "3", "enter")
        await settle(pilot)
        await type_text(pilot, "MEK zhvendosi 3.000 pjesëtarë në Shqipëri.")
        await pilot.press("ctrl+j")  # confirmed before the term exists: no term problem
        await settle(pilot)
        assert screen.rows[screen.order[2]].qa != "error"
        await pilot.press("alt+up")
        await settle(pilot)
        await pilot.press("alt+g")
        await pilot.pause()
        assert isinstance(app.screen, PickModal)
        await pilot.press("end", "enter")  # "+ New term"
        await pilot.pause()
        assert isinstance(app.screen, TermModal)
        await fill_in(pilot, "members", "anëtarë")
        concept = concept_for(project.db, "Members")
        assert concept is not None and concept.rendering("sq") == "anëtarë"
        side = screen.query_one(SidePanels)
        assert "members → anëtarë" in panel_text(side.glossary)
        assert "anëtarë" in panel_text(side.qa)  # this segment's QA now wants the term
        assert screen.rows[screen.order[2]].qa == "error"
        assert "✖" in next(line for line in grid_text(screen.grid).splitlines()
                           if line.split()[:1] == ["3"])
        # selecting the word in the editor and saving it as this term's rendering edits it
        await pilot.press("ctrl+a")
        await type_text(pilot, "MEK zhvendosi 3.000 pjesëtarë")
        await pilot.press("ctrl+shift+left")
        await pilot.press("alt+g")
        await pilot.pause()
        assert isinstance(app.screen, PickModal)
        await pilot.press("home", "enter")  # in source order: members, Albania, + New term
        await pilot.pause()
        assert isinstance(app.screen, TermModal)
        assert (app.screen.english, app.screen.rendering) == ("members", "pjesëtarë")
        await pilot.press("enter")
        await settle(pilot)
        concept = concept_for(project.db, "members")
        assert concept is not None and concept.rendering("sq") == "pjesëtarë"
        assert "anëtarë" not in concept.lang("sq").allowed()
        assert "members → pjesëtarë" in panel_text(side.glossary)


async def test_a_source_selection_is_the_new_terms_english_form(
        review_doc: ReviewDoc) -> None:
    """Text selected with the mouse in the source panel is the English form; Esc stores
    nothing; a term already in the glossary is named in the dialog."""
    from textual.selection import Selection

    from workbench.glossary.edit import concept_for
    from workbench.tui.screens.term_modal import TermModal

    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "fa")
        await pilot.press("ctrl+l", "2", "enter")
        await settle(pilot)
        source = screen.query_one(SourcePanel)
        await pilot.mouse_down(source, offset=(15, 1))  # "spoke": "Maryam Rajavi |spoke"
        await pilot.hover(source, offset=(20, 1))
        await pilot.mouse_up(source, offset=(20, 1))
        await pilot.pause()
        assert isinstance(screen.selections.get(source), Selection)
        await pilot.press("alt+g")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, TermModal) and modal.english == "spoke"
        await pilot.press("escape")
        await settle(pilot)
        assert concept_for(project.db, "spoke") is None


async def test_find_and_replace_previews_then_replaces_in_one_step(
        review_doc: ReviewDoc) -> None:
    """Alt+H: "پاریس" (Persian yeh) finds "پاريس" (Arabic yeh) typed by a translator; the
    preview lists before → after and the locked segment it leaves alone; nothing is written
    until `r`; then the grid, the editor and the store have the new text, and the palette's
    "Undo last replace" takes all of it back."""
    from workbench.tui.commands import WorkbenchCommands
    from workbench.tui.screens.replace_modals import ReplaceModal, ReplacePreviewModal

    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "fa")
        await pilot.press("ctrl+l", "2", "enter")
        await settle(pilot)
        ids = list(screen.order)
        for text in ("رجوی در پاريس سخن گفت", "پاريس و تيرانا"):
            await type_text(pilot, text)
            await pilot.press("ctrl+j")
            await settle(pilot)
        await type_text(pilot, "پاريس")  # segment 4: a draft, then locked
        await pilot.press("alt+l")
        await settle(pilot)
        await pilot.press("alt+h")
        await pilot.pause()
        assert isinstance(app.screen, ReplaceModal)
        await fill_in(pilot, "پاریس", "پاریس")
        preview = app.screen
        assert isinstance(preview, ReplacePreviewModal) and preview.plan is not None
        summary = str(preview.query_one("#replace-summary").render())
        assert "would replace 2 match(es) in 2 segment(s)" in summary
        assert "left alone (locked): segment(s) 4" in summary
        assert [(c.number, c.after) for c in preview.plan.changes] == [
            (2, "رجوی در پاریس سخن گفت"), (3, "پاریس و تيرانا")]
        stored = ReviewSession(project, review_doc.doc_id, "fa")
        assert stored.row(ids[1]).target == "رجوی در پاريس سخن گفت"  # only a preview
        await pilot.press("r")
        await settle(pilot)
        assert [stored.row(i).target for i in ids[1:4]] == [
            "رجوی در پاریس سخن گفت", "پاریس و تيرانا", "پاريس"]
        assert stored.row(ids[1]).status == "translated"
        assert screen.rows[ids[2]].target == "پاریس و تيرانا"
        assert screen.shown_id == ids[3] and screen.editor.text == "پاريس"  # locked: as it was
        assert "replaced 2 match(es)" in list(app._notifications)[-1].message.lower()
        commands = {name: callback for name, callback, _ in WorkbenchCommands(screen).commands()}
        commands["Undo last replace"]()
        await settle(pilot)
        assert [stored.row(i).target for i in ids[1:3]] == [
            "رجوی در پاريس سخن گفت", "پاريس و تيرانا"]
        assert screen.rows[ids[2]].target == "پاريس و تيرانا"


async def test_find_in_the_source_goes_to_the_chosen_segment(review_doc: ReviewDoc) -> None:
    from workbench.tui.screens.replace_modals import ReplaceModal, ReplacePreviewModal

    app = make_app(review_doc.project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        await pilot.press("alt+h")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ReplaceModal)
        await type_text(pilot, "[b")
        modal.query_one("#source").value = True  # the "Find in the source" box
        await pilot.press("enter")
        await settle(pilot)
        preview = app.screen
        assert isinstance(preview, ReplacePreviewModal) and preview.plan is None
        assert [f.number for f in preview.found] == [6, 7]  # "[bold]x", "An open [b"
        await pilot.press("down", "enter")
        await settle(pilot)
        assert screen.grid.current.number == 7


async def test_merge_and_split_segments_in_the_review(review_doc: ReviewDoc) -> None:
    """Alt+M joins segment 2 with the next one of its paragraph (the draft typed is kept),
    Alt+S splits it again before words typed in a dialog; a merge across paragraphs is
    refused with the reason."""
    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        first, second = screen.order[1], screen.order[2]
        await pilot.press("ctrl+l", "2", "enter")
        await settle(pilot)
        await type_text(pilot, "Rajavi foli në Paris.")
        await pilot.press("alt+m")
        await settle(pilot)
        assert len(screen.order) == 8 and second not in screen.rows
        row = screen.grid.current
        assert row.id == first and row.source == ("Maryam Rajavi spoke in Paris in 2024. The "
                                                  "MEK moved 3,000 members to Albania.")
        assert screen.editor.text == "Rajavi foli në Paris."
        assert "Markup is data" in next(line for line in grid_text(screen.grid).splitlines()
                                        if line.split()[:1] == ["3"])  # renumbered
        await pilot.press("alt+s")
        await pilot.pause()
        assert isinstance(app.screen, TextModal)
        await type_text(pilot, "the mek")
        await pilot.press("enter")
        await settle(pilot)
        assert len(screen.order) == 9 and screen.order[1] == first
        session = ReviewSession(project, review_doc.doc_id, "sq")
        rows = [session.row(i) for i in screen.order[1:3]]
        assert [r.source for r in rows] == ["Maryam Rajavi spoke in Paris in 2024.",
                                            "The MEK moved 3,000 members to Albania."]
        assert (rows[0].target, rows[0].status, rows[1].target) == (
            "Rajavi foli në Paris.", "draft", None)
        await pilot.press("alt+down", "alt+m")  # segment 3 ends its paragraph
        await settle(pilot)
        assert "last of its paragraph" in list(app._notifications)[-1].message
        assert len(screen.order) == 9


async def wait_for_job(pilot, group: str) -> None:  # type: ignore[no-untyped-def]
    """Wait until the App's job `group` has ended (what a user waits for in the job bar)."""
    app = pilot.app
    for _ in range(3000):
        await pilot.pause()
        if group not in app.jobs and not app.job_running(group):
            await settle(pilot)
            return
    raise AssertionError(f"the {group} job never ended")


async def test_export_from_the_palette_runs_the_export_as_a_job(review_doc: ReviewDoc,
                                                                 tmp_path) -> None:  # type: ignore[no-untyped-def]
    from lxml import etree

    from workbench.tui.commands import WorkbenchCommands
    from workbench.tui.screens.modals import ErrorModal
    from workbench.tui.screens.tool_modals import ExportModal

    app = make_app(review_doc.project)
    out = tmp_path / "fa.tmx"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "fa")
        await type_text(pilot, "رجوی در تیرانا")
        await pilot.press("ctrl+j")
        await settle(pilot)
        commands = {name: callback for name, callback, _ in WorkbenchCommands(screen).commands()}
        commands["Export…"]()
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ExportModal)
        modal.query_one("#out").value = str(out)
        await pilot.press("enter")
        await wait_for_job(pilot, "export")
        assert "Exported 1 pair(s) as tmx" in list(app._notifications)[-1].message
        tree = etree.parse(str(out))
        assert tree.xpath("//tuv[@xml:lang='fa']/seg/text()") == ["رجوی در تیرانا"]
        commands["Export…"]()  # the html edition refuses untranslated segments: said so
        await pilot.pause()
        app.screen.query_one("#format").value = "html"
        app.screen.query_one("#out").value = str(tmp_path / "site")
        await pilot.press("enter")
        await wait_for_job(pilot, "export")
        assert isinstance(app.screen, ErrorModal)
        assert "untranslated" in app.screen.message
        assert not any((tmp_path / "site").iterdir())


async def test_install_a_model_file_from_the_palette(review_doc: ReviewDoc,
                                                     argos_package_files, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from workbench.mt.packages import find_package
    from workbench.tui.commands import WorkbenchCommands
    from workbench.tui.screens.modals import ErrorModal
    from workbench.tui.screens.tool_modals import InstallModelModal
    from workbench.tui.widgets.panels import SidePanels

    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "fa")
        side = screen.query_one(SidePanels)
        assert "No MT model installed" in panel_text(side.mt)
        commands = {name: callback for name, callback, _ in WorkbenchCommands(screen).commands()}
        commands["Install MT model from a file…"]()
        await pilot.pause()
        assert isinstance(app.screen, InstallModelModal)
        bad = tmp_path / "broken.argosmodel"
        bad.write_bytes(b"not a zip")
        await type_text(pilot, str(bad))
        await pilot.press("enter")
        await wait_for_job(pilot, "models")
        assert isinstance(app.screen, ErrorModal)  # one clear message, nothing installed
        assert "broken.argosmodel" in app.screen.message
        assert find_package(project.settings.models_dir, "en", "fa") is None
        await pilot.press("escape")
        commands["Install MT model from a file…"]()
        await pilot.pause()
        await type_text(pilot, str(argos_package_files["en_fa"]))
        await pilot.press("enter")
        await wait_for_job(pilot, "models")
        message = list(app._notifications)[-1].message
        assert "Installed MT model en_fa" in message and "TEST MODEL" in message
        assert find_package(project.settings.models_dir, "en", "fa") is not None
        assert "No MT model installed" not in panel_text(side.mt)
