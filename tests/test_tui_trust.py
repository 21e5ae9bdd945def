"""Trust: jobs outlive screens and report failures, user text never drives the terminal,
typed text is never lost (issue 13, TUI side)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fixtures.tui import SIZE, open_review, screen_text

from workbench.ingest.model import ParsedDocument, ParsedPassage
from workbench.project import Project
from workbench.store import translations as tr
from workbench.store.documents import list_segments, save_document
from workbench.store.suggestions import get_suggestion
from workbench.tui.app import make_app
from workbench.tui.screens.documents import DocumentsScreen
from workbench.tui.screens.modals import ConfirmModal, ErrorModal
from workbench.tui.widgets.job_bar import JobBar

HOSTILE = "x \x1b]0;PWNED\x07 y \x1b[2J z \u202eevil"


def big_document(project: Project, passages: int = 40) -> int:
    doc = save_document(project.db, ParsedDocument("Big report", [
        ParsedPassage("paragraph", "", [f"Report {p} line {s} about Tirana." for s in range(50)])
        for p in range(passages)], "text", source_path="big.txt", lang="en"))
    return doc.document_id


def suggestions_stored(project: Project, doc_id: int, lang: str) -> int:
    return sum(get_suggestion(project.db, r["id"], lang) is not None
               for r in list_segments(project.db, doc_id))


async def until(condition, seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    """Wait for something a worker thread does (no fixed sleeps)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached")


async def test_translation_keeps_running_after_leaving_the_review_screen(
        project: Project, installed_models: Path) -> None:
    doc_id = big_document(project, passages=20)
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        app.set_language("sq")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f9", "escape")  # start MT, go straight back to the documents
        await pilot.pause()
        documents = app.screen
        assert isinstance(documents, DocumentsScreen)
        assert documents.query_one(JobBar).running  # the job is shown where the user is
        await until(lambda: not app.job_running())
        await pilot.pause()
        assert suggestions_stored(project, doc_id, "sq") == 1000  # every segment, not 64
        assert not documents.query_one(JobBar).running
        assert any("Translation finished: 1000" in n.message for n in app._notifications)


async def test_a_job_that_fails_after_its_screen_closed_is_reported(
        project: Project, installed_models: Path) -> None:
    """The model file is a FIFO, so loading it waits until the test, after leaving the
    review screen, feeds it bytes that are not a model: the failure comes from a job whose
    screen is gone, and is reported in a modal."""
    import os
    import threading

    big_document(project, passages=1)
    (model_bin,) = [p for p in installed_models.rglob("model.bin") if "en_fa" in str(p)]
    model_bin.unlink()
    os.mkfifo(model_bin)
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, "fa")
        await pilot.press("f9", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DocumentsScreen) and app.job_running()

        def feed() -> None:
            with open(model_bin, "wb") as fifo:
                fifo.write(b"not a model")

        threading.Thread(target=feed, daemon=True).start()
        await until(lambda: isinstance(app.screen, ErrorModal))
        assert "model" in app.screen.message
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DocumentsScreen)
        assert not app.screen.query_one(JobBar).running


async def test_quitting_while_a_job_runs_asks_first(project: Project,
                                                    installed_models: Path) -> None:
    doc_id = big_document(project)
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        app.set_language("sq")
        await pilot.press("f9")
        await until(lambda: suggestions_stored(project, doc_id, "sq") > 0)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "Translating" in app.screen.question
        await pilot.press("n")  # no: keep working, the job goes on
        await pilot.pause()
        assert app.job_running() and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0
    assert 0 < suggestions_stored(project, doc_id, "sq") < 2000  # stopped, kept what was done


async def test_terminal_control_sequences_in_user_text_never_reach_the_terminal(
        project: Project, tmp_path: Path) -> None:
    doc = save_document(project.db, ParsedDocument(f"Title {HOSTILE}", [
        ParsedPassage("paragraph", "", [f"Source {HOSTILE}", "Second segment."])],
        "text", source_path="hostile.txt", lang="en"))
    first = list_segments(project.db, doc.document_id)[0]
    tr.set_translation(project.db, first["id"], "sq", f"Target {HOSTILE}", status="draft")
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = screen_text(app)  # the documents table shows the title
        assert "Title x  y  z ⟦RLO⟧evil" in shown  # the sequences removed whole
        assert "PWNED" not in shown and "\x1b" not in shown and "\x07" not in shown
        screen = await open_review(pilot, "sq")
        shown = screen_text(app)  # header, grid, source panel, editor
        for raw in ("\x1b", "\x07", "\u202e"):
            assert raw not in shown
        assert "Source x y z ⟦RLO⟧evil" in shown  # the grid and the source panel
        assert "Target x" in shown and "PWNED" not in shown.replace("]0;PWNED", "")
        # Stored text is untouched, and the editor holds it exactly (nothing typed is lost).
        assert screen.editor.text == f"Target {HOSTILE}"
        assert tr.get_translation(project.db, first["id"], "sq").text == f"Target {HOSTILE}"
        # Toasts and modals quoting user text are sanitised too.
        app.notify(f"Note {HOSTILE}")
        missing = tmp_path / f"missing {HOSTILE}.html"
        app.screen.app.start_import([str(missing)])
        await until(lambda: isinstance(app.screen, ErrorModal))
        await pilot.pause()
        shown = screen_text(app)
        assert "missing x" in shown
        for raw in ("\x1b", "\x07", "\u202e"):
            assert raw not in shown
        assert all("\x1b" not in n.message for n in app._notifications)
