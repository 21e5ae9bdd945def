"""The CAT tools' core, on both backends: a glossary term added or changed from the editor
(`glossary.edit`, also `workbench glossary set`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.cli import main
from workbench.errors import InputError
from workbench.glossary.edit import concept_for, save_term
from workbench.glossary.match import find_terms
from workbench.glossary.store import revision
from workbench.project import Project, open_project
from workbench.qa.checks import run_checks


def test_a_new_term_is_found_and_checked_at_once(store_project: Project) -> None:
    db = store_project.db
    before = revision(db)
    saved = save_term(db, "  Nowruz   Festival ", "fa", "جشن نوروز")
    assert saved.changed and "added Nowruz Festival → جشن نوروز" in saved.message
    assert revision(db) != before
    hits = find_terms(db, "They met at the nowruz festival yesterday.", "en", "fa")
    assert [(h.matched, h.rendering) for h in hits] == [("nowruz festival", "جشن نوروز")]
    findings = run_checks("They met at the Nowruz Festival.", "آنها در جشن دیدار کردند.", "en", "fa",
                          conn=db)
    assert any("جشن نوروز" in f.message for f in findings if f.severity == "error")


def test_changing_a_rendering_replaces_it_and_lifts_a_forbidden_form(
        store_project: Project) -> None:
    """Maryam Rajavi's Farsi rendering is مریم رجوی and the Arabic-letter form مريم رجوي is
    forbidden: a translator who decides otherwise (any English form finds the concept)."""
    db = store_project.db
    concept = concept_for(db, "maryam rajavi")
    assert concept is not None
    old = concept.rendering("fa")
    forbidden = concept.lang("fa").forbidden[0]
    saved = save_term(db, "Maryam Rajavi", "fa", forbidden)
    assert f"(was {old})" in saved.message
    after = concept_for(db, "Maryam Rajavi")
    assert after is not None and after.id == concept.id
    assert after.rendering("fa") == forbidden
    assert forbidden not in after.lang("fa").forbidden and old not in after.lang("fa").allowed()
    assert after.rendering("sq") == concept.rendering("sq")  # other languages untouched
    again = save_term(db, "Maryam Rajavi", "fa", forbidden)
    assert not again.changed and "already" in again.message


def test_a_term_needs_both_forms() -> None:
    with pytest.raises(InputError):
        save_term(None, " ", "fa", "x")  # type: ignore[arg-type]  # refused before any SQL


def test_cli_glossary_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cli.wbproj"
    open_project(path, with_seeds=False).close()
    assert main(["--project", str(path), "glossary", "set", "Liberty", "Liria",
                 "--to", "sq"]) == 0
    assert "added Liberty → Liria (sq)" in capsys.readouterr().out
    assert main(["--project", str(path), "glossary", "set", "liberty", "Lirinë",
                 "--to", "sq"]) == 0
    assert "Liberty → Lirinë (sq) (was Liria)" in capsys.readouterr().out
    assert main(["--project", str(path), "glossary", "set", "Liberty", "", "--to",
                 "sq"]) != 0
    assert "needs its English form and a rendering" in capsys.readouterr().err
