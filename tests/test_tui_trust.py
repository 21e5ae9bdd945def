"""Trust: jobs outlive screens and report failures, user text never drives the terminal,
typed text is never lost (issue 13, TUI side)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fixtures.tui import (
    SIZE,
    ReviewDoc,
    documents_ready,
    open_review,
    screen_text,
    settle,
    type_text,
    until,
)

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


async def test_translation_keeps_running_after_leaving_the_review_screen(
        project: Project, installed_models: Path) -> None:
    doc_id = big_document(project, passages=20)
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, "sq")
        locker = hold_write_lock(project.path)  # the job waits to store its first batch
        try:
            await pilot.press("f9", "escape")  # start MT, go straight back to the documents
            await pilot.pause()
            documents = app.screen
            assert isinstance(documents, DocumentsScreen)
            assert documents.query_one(JobBar).running  # the job is shown where the user is
        finally:
            release(locker)
        await until(pilot, lambda: not app.job_running())
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
        await until(pilot, lambda: isinstance(app.screen, ErrorModal))
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
        await documents_ready(pilot)
        await pilot.press("f9")
        await until(pilot, lambda: suggestions_stored(project, doc_id, "sq") > 0)
        # Another process holds the write lock, so the job cannot finish while the questions
        # are on screen (however fast the machine translates): it is still running when the
        # translator says yes, and what it stored stays.
        locker = hold_write_lock(project.path)
        try:
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmModal)
            assert "Translating" in app.screen.question
            await pilot.press("n")  # no: keep working, the job goes on
            await pilot.pause()
            assert app.job_running() and app.is_running
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmModal)
            await pilot.press("y")
            await pilot.pause()
        finally:
            release(locker)
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
        await app.workers.wait_for_complete()  # the documents are read in a worker
        await pilot.pause()
        shown = screen_text(app)  # the documents table shows the title
        assert "Title x y z ⟦RLO⟧evil" in shown  # the sequences removed whole
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
        await until(pilot, lambda: isinstance(app.screen, ErrorModal))
        await pilot.pause()
        shown = screen_text(app)
        assert "missing x" in shown
        for raw in ("\x1b", "\x07", "\u202e"):
            assert raw not in shown
        assert all("\x1b" not in n.message for n in app._notifications)


LOCKER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
"""


def hold_write_lock(path: Path) -> subprocess.Popen[str]:
    """A second process that takes the project's write lock until told to let go (as a long
    `import-tm` in another terminal does)."""
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(path)], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
    return locker


def release(locker: subprocess.Popen[str]) -> None:
    assert locker.stdin is not None
    locker.stdin.write("\n")
    locker.stdin.flush()
    assert locker.wait(timeout=30) == 0


async def short_busy_wait(pilot) -> None:  # type: ignore[no-untyped-def]
    """Make the writer thread's own connection give up on a held lock after 0.2 s instead of
    the store's default wait, so the test sees the "busy" outcome quickly."""
    app = pilot.app
    app.writer.submit(lambda: app.project.db.execute("PRAGMA busy_timeout = 200"),
                      lambda _: None, lambda exc: None)
    await settle(pilot)


async def test_confirm_while_another_process_holds_the_lock_keeps_the_text_and_retries(
        review_doc: ReviewDoc) -> None:
    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        grid = screen.grid
        first, second = grid.rows[0].id, grid.rows[1].id
        await short_busy_wait(pilot)
        locker = hold_write_lock(project.path)
        try:
            await type_text(pilot, "Rajavi në Tiranë")
            await pilot.press("ctrl+j")
            # The event loop did not wait for the lock: the cursor moved on and typing goes on.
            assert grid.cursor == 1
            await type_text(pilot, "Maryam")
            assert screen.editor.text == "Maryam"
            await until(pilot, lambda: grid.rows[0].unsaved)
            assert any("Segment 1 NOT saved" in n.message and "busy" in n.message
                       for n in app._notifications)
            assert "NOT SAVED" in screen.sub_title
            assert tr.get_translation(project.db, first, "sq") is None
            await pilot.press("alt+up")  # the kept text is what the segment shows
            await pilot.pause()
            assert screen.editor.text == "Rajavi në Tiranë"
            assert "NOT SAVED" in screen_text(app)
        finally:
            release(locker)
        await until(pilot, lambda: (tr.get_translation(project.db, first, "sq") or None) is not None,
                    seconds=30)
        await settle(pilot)
        stored = tr.get_translation(project.db, first, "sq")
        assert (stored.text, stored.status) == ("Rajavi në Tiranë", "translated")
        draft = tr.get_translation(project.db, second, "sq")
        assert (draft.text, draft.status) == ("Maryam", "draft")
        assert not grid.rows[0].unsaved and "NOT SAVED" not in screen.sub_title
        assert any("Segment 1 is saved now" in n.message for n in app._notifications)


async def test_a_write_error_while_confirming_keeps_the_text_and_says_why(
        review_doc: ReviewDoc) -> None:
    """The project file cannot grow (a full disk, here a file-size limit on this process):
    the app does not crash, keeps the text, says why, and saves it once writing works."""
    import resource
    import signal

    project = review_doc.project
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "fa")
        first = screen.grid.rows[0].id
        await short_busy_wait(pilot)  # opens the writer's connection before the limit
        previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))  # no file of ours may grow
        try:
            await type_text(pilot, "رجوی در تیرانا")
            await pilot.press("ctrl+j")
            await until(pilot, lambda: screen.grid.rows[0].unsaved)
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
            signal.signal(signal.SIGXFSZ, previous)
        assert app.is_running and not isinstance(app.screen, ErrorModal)
        assert any("Segment 1 NOT saved" in n.message and "error" in n.message.lower()
                   for n in app._notifications)
        await until(pilot, lambda: not screen.grid.rows[0].unsaved, seconds=30)  # shown as saved
        assert tr.get_translation(project.db, first, "fa").text == "رجوی در تیرانا"
