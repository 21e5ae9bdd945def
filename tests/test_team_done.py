"""Issue 19's Done-when, as a user would try it: two workbenches and a CLI on one PostgreSQL
project, as two translators and a reviewer, at once. Each sees the others' confirmed
segments without a restart, a double edit is a conflict, the translator cannot approve (one
clear line), and a `team pull` copy holds everything."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.pg import location
from fixtures.tui import PAGE, SIZE, open_review, settle, type_text, until
from test_team_tui import double_edit, segment_ids

from workbench.cli import main
from workbench.project import open_project
from workbench.store import translations as tr
from workbench.store.documents import save_document
from workbench.tui.app import make_app

_TEAMS = itertools.count(1)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True,
                          text=True)


@pytest.fixture
def team(pg_server: str, pg_database) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A team project holding the test page: translators tina and tom (sq), reviewer rita."""
    dbname = pg_database()
    owner = location(pg_server, dbname)
    n = f"{os.getpid()}_{next(_TEAMS)}"
    users = {"tina": f"tina_d{n}", "tom": f"tom_d{n}", "rita": f"rita_d{n}"}
    assert main(["team", "init", owner]) == 0
    for name, level in (("tina", "translator"), ("tom", "translator"), ("rita", "reviewer")):
        assert main(["team", "grant", owner, users[name], level, "--langs", "sq"]) == 0
    with open_project(owner) as p:
        save_document(p.db, PAGE)
    return {"owner": owner} | {name: location(pg_server, dbname, user)
                               for name, user in users.items()}


async def test_two_translators_and_a_reviewer_at_once(team: dict[str, str],
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    monkeypatch.setattr("workbench.tui.screens.review.AUTOSAVE_DELAY", 600)  # confirms only
    tina_p, tom_p, check = (open_project(team[who]) for who in ("tina", "tom", "owner"))
    ids = segment_ids(check)
    doc = check.db.execute("SELECT min(id) FROM documents").fetchone()[0]
    tina, tom = make_app(tina_p), make_app(tom_p)
    try:
        async with tina.run_test(size=SIZE) as a, tom.run_test(size=SIZE) as b:
            at_tina, at_tom = await open_review(a, "sq"), await open_review(b, "sq")

            # Tina confirms segment 1; Tom's open review shows it, confirmed.
            await type_text(a, "Rajavi në Tiranë")
            await a.press("ctrl+j")
            await until(b, lambda: at_tom.rows[ids[0]].target == "Rajavi në Tiranë"
                        and at_tom.rows[ids[0]].confirmed)

            # Tom confirms segment 2 from his workbench; Tina sees it.
            at_tom.go_to_segment(ids[1])
            await settle(b)
            await type_text(b, "Maryam Rajavi foli në Paris në 2024.")
            await b.press("ctrl+j")
            await until(a, lambda: at_tina.rows[ids[1]].target ==
                        "Maryam Rajavi foli në Paris në 2024.")

            # Rita approves segment 1 from the CLI; both workbenches show it approved.
            approved = cli("--project", team["rita"], "set", str(doc), "1", "--to", "sq",
                           "--status", "approved")
            assert approved.returncode == 0, approved.stderr
            await until(a, lambda: at_tina.rows[ids[0]].status == "approved")
            await until(b, lambda: at_tom.rows[ids[0]].status == "approved")

            # Both translators edit segment 3; Tina confirms first, Tom gets the conflict.
            await double_edit(a, b, ids[2], "MEK zhvendosi 3,000 anëtarë në Shqipëri.",
                              "MEK zhvendosi anëtarët (Tom)")
            assert "MEK zhvendosi 3,000" in str(tom.screen.query_one("#theirs").render())
            assert tina_p.db.execute("SELECT session_user").fetchone()[0] in str(
                tom.screen.query_one(".conflict-label").render())  # who saved theirs
            await b.press("t")
            await settle(b)
            assert not tom.edits.kept()

            # A translator cannot approve: one clear line, in the workbench and the CLI.
            at_tina.go_to_segment(ids[2])
            await settle(a)
            await a.press("alt+a")
            await until(a, lambda: any("you may not approve: your role is translator"
                                       in str(n.message) for n in tina._notifications))
            assert tr.get_translation(check.db, ids[2], "sq").status == "translated"
            refused = cli("--project", team["tom"], "set", str(doc), "3", "--to", "sq",
                          "--status", "approved")
            assert refused.returncode == 1
            line, = refused.stderr.strip().splitlines()
            assert "you may not approve: your role is translator (for sq)" in line
    finally:
        for p in (tina_p, tom_p):
            p.close()

    # The offline copy holds everything the three of them did.
    local = tmp_path / "offline.wbproj"
    pulled = cli("team", "pull", team["tina"], str(local))
    assert pulled.returncode == 0, pulled.stderr
    expected = {(r["segment_id"], r["text"], r["status"]) for r in check.db.execute(
        "SELECT segment_id, text, status FROM translations WHERE lang = 'sq'")}
    check.close()
    assert len(expected) == 3
    with open_project(local) as copy:
        held = {(r["segment_id"], r["text"], r["status"]) for r in copy.db.execute(
            "SELECT segment_id, text, status FROM translations WHERE lang = 'sq'")}
        assert held == expected
        assert len(tr.history(copy.db, ids[0], "sq")) == 2  # confirmed, then approved
