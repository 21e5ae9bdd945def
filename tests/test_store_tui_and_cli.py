"""The exact sequence that corrupted a project (issue 13): the TUI and the CLI on one project.

Start the TUI, import a file from it (a worker thread, so a second connection in the TUI's
process), add a glossary term from the CLI, confirm a segment in the TUI, import another page
from the CLI, confirm another segment, quit. Before the fix, the TUI's process opened and closed
the project file for every new connection, which dropped its POSIX locks: the CLI then believed
it was the last user and deleted the WAL under the running TUI (`P-wal (deleted)` in
/proc/<tui>/fd), and the next start failed with "database disk image is malformed".
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from textual.widgets import Input, TextArea

from workbench.project import open_project
from workbench.tui.app import make_app
from workbench.tui.screens.review import ReviewScreen

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


async def cli(project: Path, *args: str) -> None:
    """`workbench --project P ARGS` in another process, while the TUI keeps running."""
    result = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "workbench", "--project", str(project), *args],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr


def deleted_journal_files() -> list[str]:
    """Journal files this process still has open although they were deleted."""
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.is_dir():
        return []
    found = []
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.endswith(("-wal (deleted)", "-shm (deleted)")):
            found.append(target)
    return found


async def test_tui_and_cli_on_one_project_keep_every_edit_and_a_sound_file(
        tmp_path: Path) -> None:
    path = tmp_path / "P.wbproj"
    project = open_project(path, with_seeds=False)
    app = make_app(project)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("i")                       # import a page from the TUI
        await pilot.pause()
        app.screen.query_one(Input).value = str(SEEDS / "000_ea33c5071f30f145.txt")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()

        await cli(path, "glossary", "add", "Test Three", "--fa", "تست سه")
        assert deleted_journal_files() == []

        await pilot.press("enter")                   # review the imported page, confirm one
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        screen.query_one(TextArea).load_text("Përkthimi i parë")
        await pilot.press("ctrl+j")
        await app.workers.wait_for_complete()
        await pilot.pause()

        await cli(path, "import", str(SEEDS / "001_fb25b85849cd3284.txt"))
        assert deleted_journal_files() == []

        screen.query_one(TextArea).load_text("Përkthimi i dytë")
        await pilot.press("ctrl+j")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+q")
    project.close()

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    texts = {t for (t,) in conn.execute("SELECT text FROM translations WHERE lang = 'sq'")}
    assert {"Përkthimi i parë", "Përkthimi i dytë"} <= texts
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM glossary_terms WHERE term = 'تست سه'"
                        ).fetchone()[0] == 1
    conn.close()
    reopened = open_project(path)  # the next start works
    reopened.close()
