"""The glossary and qa commands, run through the real CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.glossary.starter import read_starter
from workbench.project import open_project
from workbench.store.suggestions import Suggestion, save_suggestions
from workbench.store.translations import set_translation


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    """A new project file (with the starter glossary), created as `import` would create it."""
    path = tmp_path / "cli.wbproj"
    open_project(path, with_seeds=False).close()
    return path


def run(proj: Path, *args: str) -> int:
    return main(["--project", str(proj), *args])


def test_list_with_language_and_search(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(proj, "glossary", "list", "--lang", "fa", "--search", "rajavi") == 0
    out = capsys.readouterr().out
    assert "مریم رجوی" in out and "مريم رجوي" in out  # approved and forbidden
    assert "Tirana" not in out
    assert run(proj, "glossary", "list") == 0
    assert f"{len(read_starter())} concept(s)" in capsys.readouterr().out


def test_add_then_check_finds_the_new_term(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(proj, "glossary", "add", "Jones Group International", "--sq",
               "Jones Group International", "--fa", "گروه بین‌المللی جونز", "--ar",
               "مجموعة جونز الدولية", "--variant", "Jones Group", "--dnt", "sq",
               "--forbid", "fa:گروه بين المللي جونز", "--note", "US security firm") == 0
    assert "added concept jones-group-international" in capsys.readouterr().out
    assert run(proj, "glossary", "check", "The Jones Group signed with Albania.",
               "--to", "fa") == 0
    out = capsys.readouterr().out
    assert "Jones Group  [jones-group-international]" in out
    assert "fa: گروه بین‌المللی جونز" in out and "not: گروه بين المللي جونز" in out
    assert "fa: آلبانی" in out


def test_add_of_an_existing_name_merges(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(proj, "glossary", "add", "Nejat Society", "--variant", "fa:نجات") == 0
    assert "merged into the existing concept" in capsys.readouterr().out


def test_add_rejects_a_malformed_forbid(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(proj, "glossary", "add", "X Y", "--forbid", "no-language") == 1
    assert "--forbid expects LANG:TEXT" in capsys.readouterr().err


def test_export_import_round_trip(proj: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    tbx, tsv = tmp_path / "g.tbx", tmp_path / "g-sq.utf8"
    assert run(proj, "glossary", "export", "-o", str(tbx)) == 0
    assert run(proj, "glossary", "export", "--format", "tsv", "--lang", "sq", "-o", str(tsv)) == 0
    capsys.readouterr()
    assert run(proj, "glossary", "import", str(tbx)) == 0
    assert "0 added, 0 merged" in capsys.readouterr().out
    assert run(proj, "glossary", "import", str(tsv)) == 1
    assert "--lang" in capsys.readouterr().err
    assert run(proj, "glossary", "import", str(tsv), "--lang", "sq") == 0


def test_import_error_is_one_line_with_file_and_line(proj: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("Tirana\tTiranë\nonly one column\n", encoding="utf-8")
    assert run(proj, "glossary", "import", str(bad), "--lang", "sq") == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"workbench: error: {bad}:2: expected 2 or 3") and "\n" not in err


def test_remove(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(proj, "glossary", "remove", "tabriz") == 0
    assert run(proj, "glossary", "remove", "tabriz") == 1
    assert "no glossary concept 'tabriz'" in capsys.readouterr().err


def test_qa_report_on_translations_and_suggestions(proj: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from workbench.ingest.importer import parse_text
    from workbench.store.documents import save_document

    with open_project(proj, with_seeds=False) as project:
        doc = parse_text("Maryam Rajavi visited Ashraf 3 in 2019.\n\nWhy did they leave?",
                         title="QA")
        doc_id = save_document(project.db, doc).document_id
        seg1, seg2 = [r[0] for r in project.db.execute(
            "SELECT id FROM segments WHERE document_id = ? ORDER BY position", (doc_id,))]
        set_translation(project.db, seg1, "fa", "مريم رجوي در سال ۲۰۱۸ از اشرف ۳ دیدار کرد.",
                        status="translated", origin="human")
        set_translation(project.db, seg2, "fa", "چرا آنها رفتند؟", status="translated",
                        origin="human")
        save_suggestions(project.db, [Suggestion(seg2, "fa", "چرا رفتند؟?", "test@1", True, "")])
    out_json = tmp_path / "qa.json"
    assert run(proj, "qa", "--to", "fa", "--json", str(out_json)) == 0
    out = capsys.readouterr().out
    assert "error: term-forbidden" in out and "fix: مریم رجوی" in out
    assert "error: number-missing" in out and "[fa suggestion]" in out
    assert "error: punctuation-doubled" in out
    assert "checked 3 target text(s) in fa" in out
    report = json.loads(out_json.read_text(encoding="utf-8"))
    assert report["checked"] == 3 and report["by_code"]["term-forbidden"] == 1
    items = {(i["segment_id"], i["kind"]) for i in report["items"]}
    assert items == {(seg1, "translation"), (seg2, "suggestion")}  # the good one is clean
    assert run(proj, "qa", "--to", "fa", "--fail-on", "error") == 2  # for delivery scripts
    assert run(proj, "qa", "--to", "sq", "--fail-on", "warning") == 0  # nothing in Albanian
    assert run(proj, "qa", "--doc", "999") == 1


def test_a_mistyped_project_path_is_refused_not_created(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    typo = tmp_path / "no-such-dir" / "projetc.wbproj"
    assert run(typo, "glossary", "list") == 1
    assert "project file does not exist" in capsys.readouterr().err
    assert not typo.parent.exists()
    assert run(typo, "glossary", "add", "Camp Liberty", "--sq", "Kampi Liberty") == 0
    assert "created new project" in capsys.readouterr().err and typo.exists()
