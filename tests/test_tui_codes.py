"""Inline codes in the review screen: tokens, the insert-code key, and the page that results.

The "done when" path of issue 16 as a translator walks it: an HTML page with a link, bold and
a line break is imported, translated in the TUI with the codes put in by key (F4), exported as
the Albanian edition, whose link and bold are on the right words.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from fixtures.tui import SIZE, open_review, panel_text, settle, type_text

from workbench.formats.document import export_editions
from workbench.ingest.importer import parse_text
from workbench.project import Project
from workbench.store import translations as tr
from workbench.store.documents import list_segments, save_document
from workbench.text.codes import to_tokens
from workbench.tui.app import make_app
from workbench.tui.bidi import get_display
from workbench.tui.widgets.editor import TranslationEditor
from workbench.tui.widgets.panels import PreviewPanel, SourcePanel

PAGE = ('<html><body><h1>The report</h1><p>Read the <a href="/report.pdf">full report</a> by '
        "<b>Anne</b>.<br>Then write to us.</p></body></html>")


def imported(project: Project) -> int:
    return save_document(project.db, parse_text(PAGE, fmt="html", title="Report")).document_id


async def test_codes_are_typed_by_key_and_land_on_the_right_words(project: Project,
                                                                  tmp_path: Path) -> None:
    doc = imported(project)
    segments = list_segments(project.db, doc)
    assert to_tokens(segments[1]["text"]) == \
        "Read the ⟨1⟩full report⟨/1⟩ by ⟨2⟩Anne⟨/2⟩.⟨3/⟩"
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        editor = screen.query_one(TranslationEditor)
        await type_text(pilot, "Raporti")
        await pilot.press("ctrl+j")
        await settle(pilot)
        # the source shows tokens and says what they are
        source = panel_text(screen.query_one(SourcePanel))
        assert "Read the ⟨1⟩full report⟨/1⟩ by ⟨2⟩Anne⟨/2⟩.⟨3/⟩" in source
        assert "⟨1⟩ link /report.pdf" in source and "⟨3/⟩ line break" in source
        await type_text(pilot, "Lexoni raportin e plotë")
        for _ in "raportin e plotë":
            await pilot.press("shift+left")
        await pilot.press("f4")  # words selected: the pair goes around them
        assert editor.document.text == "Lexoni ⟨1⟩raportin e plotë⟨/1⟩"
        await pilot.press("end")
        await type_text(pilot, " nga ")
        await pilot.press("f4")
        await type_text(pilot, "Anne")
        await pilot.press("f4")
        await type_text(pilot, ".")
        await pilot.press("f4")
        assert editor.document.text == "Lexoni ⟨1⟩raportin e plotë⟨/1⟩ nga ⟨2⟩Anne⟨/2⟩.⟨3/⟩"
        await pilot.press("f4")  # nothing left to insert: the text is unchanged
        assert editor.document.text.endswith(".⟨3/⟩")
        await pilot.press("ctrl+j")
        await settle(pilot)
        await type_text(pilot, "Pastaj na shkruani.")
        await pilot.press("ctrl+j")
        await settle(pilot)
    stored = tr.get_translation(project.db, segments[1]["id"], "sq")
    assert stored is not None and stored.status == "translated"
    assert to_tokens(stored.text) == "Lexoni ⟨1⟩raportin e plotë⟨/1⟩ nga ⟨2⟩Anne⟨/2⟩.⟨3/⟩"
    page = Path(export_editions(project.db, tmp_path / "r.sq.html", fmt="html",
                                langs=("sq",)).files[0]).read_text("utf-8")
    soup = BeautifulSoup(page, "html.parser")
    link = soup.find("a")
    assert link is not None and link["href"] == "/report.pdf"
    assert link.get_text() == "raportin e plotë"
    assert [b.get_text() for b in soup.find_all("b")] == ["Anne"]
    paragraph = soup.find("p")
    assert paragraph is not None and paragraph.find("br") is not None
    assert paragraph.get_text() == "Lexoni raportin e plotë nga Anne. Pastaj na shkruani."


async def test_a_token_is_one_unit_and_a_deleted_code_is_a_qa_error(project: Project) -> None:
    doc = imported(project)
    second = list_segments(project.db, doc)[1]
    tr.set_translation(project.db, second["id"], "sq", second["text"].replace(
        "Read the", "Lexoni").replace("full report", "raportin").replace(" by", " nga"),
        status="draft")
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        await pilot.press("alt+down")
        await settle(pilot)
        editor = screen.query_one(TranslationEditor)
        assert editor.document.text == "Lexoni ⟨1⟩raportin⟨/1⟩ nga ⟨2⟩Anne⟨/2⟩.⟨3/⟩"
        editor.move_cursor((0, len("Lexoni ⟨1⟩raportin⟨/1⟩")))
        await pilot.press("left")  # over the whole closing token
        assert editor.cursor_location == (0, len("Lexoni ⟨1⟩raportin"))
        await pilot.press("right", "backspace")  # the whole token goes
        assert editor.document.text == "Lexoni ⟨1⟩raportin nga ⟨2⟩Anne⟨/2⟩.⟨3/⟩"
        editor.move_cursor((0, len("Lexoni ⟨")))  # a click inside a token
        await type_text(pilot, "x")
        assert editor.document.text == "Lexoni ⟨1⟩xraportin nga ⟨2⟩Anne⟨/2⟩.⟨3/⟩"
        await pilot.pause(0.4)  # QA follows the editor after a pause in typing
        await settle(pilot)
        qa = panel_text(screen.side.qa)
        assert "⟨/1⟩" in qa and "missing" in qa
        await pilot.press("ctrl+o")  # copy source keeps the codes
        assert editor.text == second["text"]


async def test_rtl_preview_keeps_each_token_whole_and_in_place(project: Project) -> None:
    doc = imported(project)
    second = list_segments(project.db, doc)[1]
    farsi = second["text"].replace("Read the", "").replace("full report", "گزارش کامل") \
        .replace(" by", " نوشته‌ی").replace("Anne", "آن").strip()
    tr.set_translation(project.db, second["id"], "fa", farsi, status="draft")
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "fa")
        await pilot.press("alt+down")
        await settle(pilot)
        preview = panel_text(screen.query_one(PreviewPanel))
        shown = get_display(to_tokens(farsi))
        assert shown in preview
        for whole in ("⟨1⟩", "⟨/1⟩", "⟨2⟩", "⟨/2⟩", "⟨3/⟩"):
            assert whole in preview
        # read right to left: ⟨1⟩ opens before the words and ⟨/1⟩ closes after them, so on
        # the screen ⟨/1⟩ is to the left of ⟨1⟩ (and reversed, "⟨/1⟩" would read "⟨1/⟩")
        assert preview.index("⟨/1⟩") < preview.index("⟨1⟩")
        assert "⟨1/⟩" not in preview
