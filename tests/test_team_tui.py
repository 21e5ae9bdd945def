"""Two translators in two workbenches on one project (issue 19): a double edit is a conflict
the second one resolves, never a silent overwrite; each sees the other's confirmed work.

Run on SQLite (two TUIs on one file are two writers too) and on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fixtures.tui import PAGE, SIZE, grid_text, open_review, settle, type_text, until

from workbench.project import Project, open_project
from workbench.store import translations as tr
from workbench.store.documents import list_segments, save_document
from workbench.tui.app import make_app
from workbench.tui.screens.conflict import ConflictModal


@pytest.fixture
def where(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The --project location of the shared project."""
    return str(tmp_path / "team.wbproj") if backend == "sqlite" else \
        str(request.getfixturevalue("pg_location"))


@pytest.fixture
def shared(where: str) -> Iterator[Callable[[], Project]]:
    """Opens the same project (holding the test page) once per caller: one per translator."""
    opened: list[Project] = []

    def open_one() -> Project:
        opened.append(open_project(where, with_seeds=False))
        return opened[-1]

    first = open_one()
    save_document(first.db, PAGE)
    yield open_one
    for p in opened:
        p.close()


def segment_ids(project: Project, doc: int | None = None) -> list[int]:
    """The segments of `doc` (default: the test page, the first document) in order."""
    if doc is None:
        doc = project.db.execute("SELECT min(id) FROM documents").fetchone()[0]
    return [r["id"] for r in list_segments(project.db, doc)]


async def double_edit(a: Any, b: Any, segment_id: int, first: str, second: str) -> None:
    """Both translators on `segment_id` type at once; A confirms `first`, then B confirms
    `second` — and gets the conflict dialog."""
    for pilot in (a, b):
        pilot.app.screen.go_to_segment(segment_id)
        await settle(pilot)
    await type_text(b, second)
    await type_text(a, first)
    await a.press("ctrl+j")
    await settle(a)
    await b.press("ctrl+j")
    await until(b, lambda: isinstance(b.app.screen, ConflictModal))


async def test_a_double_edit_opens_the_conflict_dialog_and_loses_nothing(
        shared: Callable[[], Project], monkeypatch: pytest.MonkeyPatch) -> None:
    # Typing is stored as a draft only when a test says so: both translators are mid-edit.
    monkeypatch.setattr("workbench.tui.screens.review.AUTOSAVE_DELAY", 600)
    alice_p, bob_p, check = shared(), shared(), shared()
    first = segment_ids(check)[0]
    alice, bob = make_app(alice_p), make_app(bob_p)
    async with alice.run_test(size=SIZE) as a, bob.run_test(size=SIZE) as b:
        screen_a = await open_review(a, "sq")
        screen_b = await open_review(b, "sq")
        assert screen_a.shown_id == screen_b.shown_id == first
        await type_text(b, "Rajavi ne Tirane (Bob)")
        await type_text(a, "Rajavi në Tiranë")
        await a.press("ctrl+j")
        await settle(a)
        assert tr.get_translation(check.db, first, "sq").text == "Rajavi në Tiranë"
        await until(b, lambda: any("was just changed" in str(n.message)
                                   for n in bob._notifications))  # Bob is told at once
        assert screen_b.editor.text == "Rajavi ne Tirane (Bob)"

        await b.press("ctrl+j")
        await until(b, lambda: isinstance(bob.screen, ConflictModal))
        modal = bob.screen
        theirs = str(modal.query_one("#theirs").render())
        assert "Rajavi në Tiranë" in theirs and "Rajavi ne Tirane (Bob)" in str(
            modal.query_one("#mine").render())
        stored = tr.get_translation(check.db, first, "sq")
        assert stored.text == "Rajavi në Tiranë"  # Alice's work is not overwritten

        await b.press("escape")  # decide later: Bob's text stays, marked, nothing written
        await settle(b)
        assert bob.edits.kept()[0][1].edit.text == "Rajavi ne Tirane (Bob)"
        assert "CONFLICT" in screen_b.sub_title
        assert tr.get_translation(check.db, first, "sq").text == "Rajavi në Tiranë"

        screen_b.go_to_segment(first)  # back to it: the editor still holds Bob's text
        await settle(b)
        assert screen_b.editor.text == "Rajavi ne Tirane (Bob)"
        await b.press("ctrl+j")  # confirming again asks again
        await until(b, lambda: isinstance(bob.screen, ConflictModal))
        await b.press("m")  # take mine: saved on top of Alice's, hers kept in the history
        await settle(b)
        assert not bob.edits.kept()
        assert tr.get_translation(check.db, first, "sq").text == "Rajavi ne Tirane (Bob)"
        assert [h["new_text"] for h in tr.history(check.db, first, "sq")] == [
            "Rajavi në Tiranë", "Rajavi ne Tirane (Bob)"]

        # The other way round on the next segment: Bob takes Alice's text.
        second = segment_ids(check)[1]
        await double_edit(a, b, second, "Maryam Rajavi foli në Paris në 2024.", "Bob's draft")
        await b.press("t")
        await settle(b)
        await until(b, lambda: screen_b.rows[second].target ==
                    "Maryam Rajavi foli në Paris në 2024.")  # the grid shows hers
        assert not screen_b.rows[second].unsaved
        assert not bob.edits.kept() and "CONFLICT" not in screen_b.sub_title
        assert tr.get_translation(check.db, second, "sq").text == \
            "Maryam Rajavi foli në Paris në 2024."
        assert "Bob's draft" not in grid_text(screen_b.grid)


def cli(where: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", "--project", where, *args],
                          capture_output=True, text=True)


def test_cli_refuses_to_overwrite_a_newer_translation_unless_forced(
        where: str, shared: Callable[[], Project]) -> None:
    check = shared()
    doc = check.db.execute("SELECT id FROM documents").fetchone()[0]
    first = cli(where, "confirm", str(doc), "2", "Maryam Rajavi foli në Paris.", "--to", "sq")
    assert first.returncode == 0, first.stderr
    assert "translated (human) rev 1: Maryam Rajavi foli në Paris." in first.stdout
    other = cli(where, "set", str(doc), "2", "--to", "sq", "--text", "Rajavi foli.",
                "--status", "translated", "--revision", "1")  # a colleague, on top of rev 1
    assert other.returncode == 0, other.stderr
    stale = cli(where, "confirm", str(doc), "2", "Maryam Rajavi foli në Paris në 2024.",
                "--to", "sq", "--revision", "1")  # based on what was read before theirs
    assert stale.returncode == 1
    line, = stale.stderr.strip().splitlines()
    assert "segment 2 [sq] was changed by" in line and "now translated: Rajavi foli." in line
    assert "nothing was saved" in line and "--force" in line
    assert tr.get_translation(check.db, segment_ids(check)[1], "sq").text == "Rajavi foli."
    forced = cli(where, "confirm", str(doc), "2", "Maryam Rajavi foli në Paris në 2024.",
                 "--to", "sq", "--revision", "1", "--force")
    assert forced.returncode == 0, forced.stderr
    assert tr.get_translation(check.db, segment_ids(check)[1], "sq").text == \
        "Maryam Rajavi foli në Paris në 2024."


async def test_work_confirmed_elsewhere_appears_in_the_open_review(
        shared: Callable[[], Project]) -> None:
    from workbench.ingest.model import ParsedDocument, ParsedPassage
    from workbench.review import Edit, ReviewSession

    mine_p, other = shared(), shared()
    doc = other.db.execute("SELECT min(id) FROM documents").fetchone()[0]
    elsewhere = save_document(other.db, ParsedDocument("Another page", [ParsedPassage(
        "paragraph", "", ["Rajavi in Tirana", "Another sentence."])], "text",
        source_path="other.txt", lang="en")).document_id
    ids = segment_ids(other, doc)
    theirs = ReviewSession.open(other, doc, "sq")
    app = make_app(mine_p)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, "sq")
        assert screen.doc_id == doc and screen.shown_id == ids[0]

        # A segment the translator is not on: the grid shows it, confirmed.
        theirs.confirm(Edit(ids[2], "MEK zhvendosi 3,000 anëtarë në Shqipëri.", "confirm"))
        await until(pilot, lambda: screen.rows[ids[2]].target ==
                    "MEK zhvendosi 3,000 anëtarë në Shqipëri.")
        assert screen.rows[ids[2]].confirmed
        assert "MEK zhvendosi 3,000" in grid_text(screen.grid)

        # The TM panel of the current segment offers what was just confirmed elsewhere.
        other_first = ReviewSession.open(other, elsewhere, "sq")
        row = other_first.row_number(1)
        other_first.confirm(Edit(row.id, "Rajavi në Tiranë", "confirm"))
        await until(pilot, lambda: screen.context is not None and any(
            m.target == "Rajavi në Tiranë" for m in screen.context.tm_matches))

        # The segment in the editor, not touched: it shows their text at once.
        theirs.confirm(Edit(ids[0], "Rajavi në Tiranë (1)", "confirm"))
        await until(pilot, lambda: screen.editor.text == "Rajavi në Tiranë (1)")

        # The segment being edited keeps the translator's text; confirming asks.
        await type_text(pilot, " — mine")
        theirs.confirm(Edit(ids[0], "Rajavi në Tiranë (2)", "confirm"))
        await until(pilot, lambda: any("was just changed" in str(n.message)
                                       for n in app._notifications))
        assert screen.editor.text == "Rajavi në Tiranë (1) — mine"
        await pilot.press("ctrl+j")
        await until(pilot, lambda: isinstance(app.screen, ConflictModal))
        assert "Rajavi në Tiranë (2)" in str(app.screen.query_one("#theirs").render())
        assert tr.get_translation(other.db, ids[0], "sq").text == "Rajavi në Tiranë (2)"
