"""Team roles are enforced by the PostgreSQL server, not only by workbench: a translator
connecting with plain psycopg (no workbench code in the way) cannot approve, cannot edit
another language's target, cannot import or touch the glossary; a reviewer can approve."""

from __future__ import annotations

import itertools
import os

import psycopg
import pytest
from fixtures.pg import location
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from test_store import page

from workbench.cli import main
from workbench.errors import AccessDeniedError
from workbench.project import open_project
from workbench.store.documents import list_segments, save_document
from workbench.store.translations import get_translation, set_status, set_translation
from workbench.tm.lookup import lookup

_USERS = itertools.count(1)


def as_user(dsn: str, dbname: str, user: str) -> psycopg.Connection:
    params = conninfo_to_dict(dsn) | {"dbname": dbname, "user": user}
    return psycopg.connect(make_conninfo(**params), autocommit=True)


@pytest.fixture
def team(pg_server: str, pg_database) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A team project with one document, a translator for sq and a reviewer for sq,fa."""
    dbname = pg_database()
    owner = location(pg_server, dbname)
    n = f"{os.getpid()}_{next(_USERS)}"
    names = {"db": dbname, "translator": f"tina_{n}", "reviewer": f"rita_{n}"}
    assert main(["team", "init", owner]) == 0
    assert main(["team", "grant", owner, names["translator"], "translator", "--langs", "sq"]) == 0
    assert main(["team", "grant", owner, names["reviewer"], "reviewer", "--langs", "sq,fa"]) == 0
    with open_project(owner) as p:
        doc = save_document(p.db, page("The council met. | It voted."))
        ids = [r["id"] for r in list_segments(p.db, doc.document_id)]
        set_translation(p.db, ids[2], "fa", "رأی داد.", status="translated")
    names["seg"], names["fa_seg"] = str(ids[1]), str(ids[2])
    return names


def test_translator_is_refused_by_the_server_with_plain_psycopg(pg_server: str,
                                                               team: dict[str, str]) -> None:
    seg, fa_seg = int(team["seg"]), int(team["fa_seg"])
    with as_user(pg_server, team["db"], team["translator"]) as conn:
        stamp = "2026-01-01T00:00:00Z"
        conn.execute("INSERT INTO translations(segment_id, lang, text, status, origin, "
                     "created_at, updated_at) VALUES (%s, 'sq', 'Këshilli u mblodh.', "
                     "'translated', 'human', %s, %s)", (seg, stamp, stamp))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("UPDATE translations SET status = 'approved' WHERE segment_id = %s "
                         "AND lang = 'sq'", (seg,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE translations SET text = 'x' WHERE segment_id = %s "
                         "AND lang = 'fa'", (fa_seg,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("INSERT INTO translations(segment_id, lang, text, status, origin, "
                         "created_at, updated_at) VALUES (%s, 'ar', 'x', 'draft', 'human', "
                         "%s, %s)", (seg, stamp, stamp))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM translations WHERE lang = 'fa'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            conn.execute("INSERT INTO glossary_concepts(id, created_at, updated_at) "
                         "VALUES ('x', '', '')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            conn.execute("DELETE FROM documents")
        rows = conn.execute("SELECT lang, status, text FROM translations ORDER BY lang")
        assert rows.fetchall() == [("fa", "translated", "رأی داد."),
                                   ("sq", "translated", "Këshilli u mblodh.")]
    with as_user(pg_server, team["db"], team["reviewer"]) as conn:
        conn.execute("UPDATE translations SET status = 'approved' WHERE segment_id = %s "
                     "AND lang = 'sq'", (seg,))
    with as_user(pg_server, team["db"], team["translator"]) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only a reviewer"):
            conn.execute("UPDATE translations SET text = 'y', status = 'translated' "
                         "WHERE segment_id = %s AND lang = 'sq'", (seg,))


def test_workbench_reports_the_refusal_in_one_line(pg_server: str, team: dict[str, str],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    seg = int(team["seg"])
    translator = location(pg_server, team["db"], team["translator"])
    with open_project(translator) as p:
        saved = set_translation(p.db, seg, "sq", "Këshilli u mblodh.")
        assert [h["actor"] for h in p.db.execute("SELECT actor FROM translation_history "
                                                 "WHERE segment_id = ?", (seg,))] == [
            team["translator"]]  # the server writes who made the change
        with pytest.raises(AccessDeniedError, match=r"you may not approve: your role is "
                                                    r"translator \(for sq\); reviewers do"):
            set_status(p.db, seg, "sq", "approved")
        with pytest.raises(AccessDeniedError, match="you may not write fa: your role is "
                                                    "translator"):
            set_translation(p.db, int(team["fa_seg"]), "fa", "x", status="draft")
        assert get_translation(p.db, seg, "sq") == saved
    assert main(["--project", translator, "edit", str(seg), "--to", "sq", "--status",
                 "approved"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "you may not approve: your role is translator" in err[0]
    assert "row-level security" not in err[0]
    reviewer = location(pg_server, team["db"], team["reviewer"])
    assert main(["--project", reviewer, "edit", str(seg), "--to", "sq", "--status",
                 "approved"]) == 0
    assert "approved" in capsys.readouterr().out


def test_undo_takes_back_only_ones_own_edits(pg_server: str, team: dict[str, str]) -> None:
    from workbench.errors import ConflictError, WorkbenchError
    from workbench.review import Edit, ReviewSession

    seg = int(team["seg"])
    with open_project(location(pg_server, team["db"], team["translator"])) as tina, \
            open_project(location(pg_server, team["db"], team["reviewer"])) as rita:
        doc = tina.db.execute("SELECT document_id FROM segments WHERE id = ?", (seg,)
                              ).fetchone()[0]
        mine, hers = ReviewSession.open(tina, doc, "sq"), ReviewSession.open(rita, doc, "sq")
        first = mine.confirm(Edit(seg, "Këshilli u mblodh.", "confirm", base=0)).row
        assert first is not None
        with pytest.raises(WorkbenchError, match=f"is {team['translator']}'s: undo takes back "
                                                 "only your own edits"):
            hers.undo(seg, first.revision)
        second = hers.confirm(Edit(seg, "Këshilli u mblodh sot.", "confirm",
                                   base=first.revision)).row
        assert second is not None
        with pytest.raises(ConflictError, match="nothing to undo of yours"):
            mine.undo(seg, first.revision)  # Tina still sees her text: Rita's is not undone
        assert get_translation(tina.db, seg, "sq").text == "Këshilli u mblodh sot."
        hers.undo(seg, second.revision)  # Rita takes back her own edit
        assert get_translation(tina.db, seg, "sq").text == "Këshilli u mblodh."


def test_a_password_in_the_location_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", "postgresql://alice:secret@localhost/team", "documents"]) == 1
    err = capsys.readouterr().err
    assert "password" in err and "secret" not in err and ".pgpass" in err


def test_a_translators_confirmed_work_is_a_fuzzy_match_for_the_team(
        pg_server: str, team: dict[str, str]) -> None:
    """The translator's role may not write the TM's index tables itself; the server's
    triggers index the unit its confirm wrote, so the reviewer's lookup finds it at once."""
    translator = location(pg_server, team["db"], team["translator"])
    with open_project(translator) as p:
        set_translation(p.db, int(team["seg"]), "sq", "Këshilli u mblodh.")
        with pytest.raises(AccessDeniedError):
            p.db.execute("DELETE FROM tm_cand")
    with open_project(location(pg_server, team["db"], team["reviewer"])) as p:
        found = lookup(p.db, "The council met again.", "en", "sq")
        assert [(m.source, m.target) for m in found] == [("The council met.",
                                                          "Këshilli u mblodh.")]
