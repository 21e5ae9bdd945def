"""`team push` and `team pull` move a whole project between a local file and PostgreSQL
(documents, translations, history, TM, glossary, alignments), with counts checked both ways,
and a later push merges with the conflict rules of live editing."""

from __future__ import annotations

from pathlib import Path

import pytest
from align_samples import EN, SQ

from workbench.cli import main
from workbench.project import Project, open_project
from workbench.store.documents import list_segments
from workbench.store.suggestions import Suggestion, save_suggestions
from workbench.store.translations import get_translation, set_translation

TABLES = ("documents", "passages", "segments", "translations", "suggestions", "glossary_concepts",
          "glossary_terms", "alignments", "alignment_links")


def counts(project: Project) -> dict[str, int]:
    out = {t: project.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    out["tm_units"] = project.db.execute("SELECT count(*) FROM tm_units").fetchone()[0]
    out["history"] = project.db.execute("SELECT count(*) FROM translation_history"
                                        ).fetchone()[0]
    return out


@pytest.fixture
def local(tmp_path: Path) -> Path:
    """A local project with every kind of content: pages, an edition aligned to one, edits with
    history, an MT suggestion, imported memory, a glossary concept."""
    path = tmp_path / "local.wbproj"
    en, sq = tmp_path / "page.en.txt", tmp_path / "page.sq.txt"
    en.write_text(" ".join(EN[:3]) + "\n\n" + " ".join(EN[3:6]) + "\n", encoding="utf-8")
    sq.write_text(" ".join(SQ[:3]) + "\n\n" + " ".join(SQ[3:6]) + "\n", encoding="utf-8")
    memory = tmp_path / "memory.tsv"
    memory.write_text("The council met.\tKëshilli u mblodh.\nIt voted.\tVotoi.\n",
                      encoding="utf-8")
    assert main(["--project", str(path), "align", str(en), str(sq), "--src-lang", "en",
                 "--tgt-lang", "sq"]) == 0
    assert main(["--project", str(path), "import-tm", str(memory), "--src-lang", "en",
                 "--tgt-lang", "sq"]) == 0
    assert main(["--project", str(path), "glossary", "add", "Ohrid Translators Guild",
                 "--fa", "انجمن مترجمان اوهرید"]) == 0
    with open_project(path) as p:
        sid = [r["id"] for r in list_segments(p.db, 1)][0]
        set_translation(p.db, sid, "fa", "پیش‌نویس", status="draft", origin="mt")
        set_translation(p.db, sid, "fa", "متن نهایی")
        save_suggestions(p.db, [Suggestion(sid, "fa", "پیشنهاد", "en_fa@1.0", False, "")])
    return path


def test_push_then_pull_carries_everything_and_counts_match(local: Path, pg_location: str,
                                                           tmp_path: Path) -> None:
    with open_project(local) as p:
        before = counts(p)
    assert before["alignments"] == 1 and before["alignment_links"] > 0
    assert main(["team", "push", str(local), pg_location]) == 0
    with open_project(pg_location) as team:
        on_server = counts(team)
    assert on_server == before
    copy = tmp_path / "offline.wbproj"
    assert main(["team", "pull", pg_location, str(copy)]) == 0
    with open_project(copy) as offline:
        assert counts(offline) == on_server
        sid = [r["id"] for r in list_segments(offline.db, 1)][0]
        assert get_translation(offline.db, sid, "fa").text == "متن نهایی"
    # Pushing and pulling again changes nothing: every row is matched, none doubled.
    assert main(["team", "push", str(copy), pg_location]) == 0
    assert main(["team", "pull", pg_location, str(copy)]) == 0
    with open_project(pg_location) as team, open_project(copy) as offline:
        assert counts(team) == on_server == counts(offline)


def test_a_later_push_merges_and_reports_conflicts(local: Path, pg_location: str,
                                                   tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["team", "push", str(local), pg_location]) == 0
    copy = tmp_path / "offline.wbproj"
    assert main(["team", "pull", pg_location, str(copy)]) == 0
    with open_project(copy) as offline:
        ids = [r["id"] for r in list_segments(offline.db, 1)]
    with open_project(pg_location) as team:
        team_ids = [r["id"] for r in list_segments(team.db, 1)]
        set_translation(team.db, team_ids[0], "fa", "متن تیم")        # both change segment 0
        set_translation(team.db, team_ids[2], "fa", "فقط در تیم")      # only the team
    with open_project(copy) as offline:
        set_translation(offline.db, ids[0], "fa", "متن آفلاین")
        set_translation(offline.db, ids[1], "fa", "فقط آفلاین")         # only offline
    capsys.readouterr()
    assert main(["team", "push", str(copy), pg_location]) == 1  # a conflict is not success
    err = capsys.readouterr().err
    assert "conflict" in err and "متن تیم" in err and "متن آفلاین" in err
    with open_project(pg_location) as team:
        assert get_translation(team.db, team_ids[0], "fa").text == "متن تیم"   # kept
        assert get_translation(team.db, team_ids[1], "fa").text == "فقط آفلاین"  # merged
        assert get_translation(team.db, team_ids[2], "fa").text == "فقط در تیم"
    assert main(["team", "pull", pg_location, str(copy)]) == 1  # still in conflict
    with open_project(copy) as offline:
        assert get_translation(offline.db, ids[0], "fa").text == "متن آفلاین"  # never replaced
        assert get_translation(offline.db, ids[2], "fa").text == "فقط در تیم"
    assert main(["team", "push", str(copy), pg_location, "--conflicts", "take-mine"]) == 0
    with open_project(pg_location) as team:
        assert get_translation(team.db, team_ids[0], "fa").text == "متن آفلاین"
