"""The headless review core (workbench/review.py) and the CLI commands that use its rules."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from fixtures.tui import ReviewDoc

from workbench.errors import ProjectBusyError, WorkbenchError
from workbench.ingest.model import ParsedDocument, ParsedPassage
from workbench.project import Project
from workbench.review import Edit, Inserted, ReviewSession, sort_findings
from workbench.store import translations as tr
from workbench.store.documents import save_document
from workbench.store.suggestions import Suggestion, save_suggestions
from workbench.tm.repair import repair_numbers


def session_of(doc: ReviewDoc, lang: str = "sq") -> ReviewSession:
    return ReviewSession.open(doc.project, doc.doc_id, lang)


def test_pages_join_translations_and_suggestions(review_doc: ReviewDoc) -> None:
    session = session_of(review_doc)
    rows = [row for page in session.pages(page=3) for row in page]
    assert [r.number for r in rows] == list(range(1, session.count() + 1))
    save_suggestions(review_doc.project.db, [Suggestion(rows[1].id, "sq", "MT text", "m@1",
                                                        True, "")])
    tr.set_translation(review_doc.project.db, rows[0].id, "sq", "Rajavi në Tiranë")
    first, second = session.rows_by_id([rows[0].id, rows[1].id])
    assert (first.target, first.status, first.origin) == ("Rajavi në Tiranë", "translated",
                                                           "human")
    assert (second.suggestion, second.suggestion_is_test, second.target) == ("MT text", True,
                                                                             None)
    assert session.row_number(2) == second and session.row_number(99) is None


def test_origin_and_status_rules_on_confirm(review_doc: ReviewDoc) -> None:
    session = session_of(review_doc)
    row = session.row_number(2)
    assert row is not None
    mt = Inserted("Maryam Rajavi foli në Paris.", "mt", "en_sq@1")
    saved = session.confirm(Edit(row.id, mt.text, "confirm", mt))
    assert saved.row and (saved.row.status, saved.row.origin) == ("translated", "mt")
    tr.set_status(review_doc.project.db, row.id, "sq", "approved")
    again = session.confirm(Edit(row.id, mt.text, "confirm"))  # unchanged: never lowered
    assert again.row and (again.row.status, again.row.origin) == ("approved", "mt")
    typed = session.confirm(Edit(row.id, "Maryam Rajavi foli në Paris në 2024.", "confirm", mt))
    assert typed.row and (typed.row.status, typed.row.origin) == ("translated", "human")
    with pytest.raises(WorkbenchError, match="empty"):
        session.confirm(Edit(row.id, "  ", "confirm"))


def test_drafts_are_stored_once_and_confirm_reports_qa_errors(review_doc: ReviewDoc) -> None:
    session = session_of(review_doc)
    row = session.row_number(3)  # "The MEK moved 3,000 members to Albania."
    assert row is not None
    assert session.save_draft(Edit(row.id, "MEK zhvendosi", "draft")).changed
    assert not session.save_draft(Edit(row.id, "MEK zhvendosi", "draft")).changed
    assert len(tr.history(review_doc.project.db, row.id, "sq")) == 1
    saved = session.confirm(Edit(row.id, "MEK zhvendosi anëtarë në Shqipëri.", "confirm"))
    assert saved.row and saved.row.qa == "error"
    assert [f.code for f in saved.errors] == ["number-missing"]


def test_context_has_terms_tm_and_findings_sorted_by_severity(review_doc: ReviewDoc) -> None:
    session = session_of(review_doc, "fa")
    row = session.row_number(2)
    assert row is not None
    ctx = session.context(row, "مریم رجوی در پاریس سخنرانی کرد")  # no number, no full stop
    assert "Maryam Rajavi" in [h.matched for h in ctx.terms]
    assert ctx.model_missing == "workbench models install en_fa"
    severities = [f.severity for f in ctx.findings]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    assert severities[0] == "error" and "warning" in severities
    assert [f.severity for f in sort_findings(reversed(ctx.findings))] == severities


def test_problems_and_next_problem(review_doc: ReviewDoc) -> None:
    session = session_of(review_doc)
    rows = [row for page in session.pages() for row in page]
    tr.set_translation(review_doc.project.db, rows[2].id, "sq", "MEK zhvendosi anëtarë.")
    tr.set_translation(review_doc.project.db, rows[0].id, "sq", "Rajavi në Tiranë")
    rows = [row for page in session.pages() for row in page]
    marks = session.problems(rows)
    assert marks == {rows[2].id: "error"}
    marked = [replace(r, qa=marks.get(r.id, "")) for r in rows]
    assert ReviewSession.next_matching(marked, 0, ReviewSession.is_problem) == 2
    assert ReviewSession.next_matching(marked, 2, ReviewSession.is_problem) == 2  # wraps


def test_edits_the_store_refuses_are_kept_until_stored(review_doc: ReviewDoc) -> None:
    session = session_of(review_doc)
    row = session.row_number(1)
    assert row is not None
    confirm = Edit(row.id, "Rajavi në Tiranë", "confirm", number=1)
    kept = session.keep(confirm, ProjectBusyError("the project is busy"))
    assert kept.reason.startswith("the project is busy")
    shown = session.overlay(row)
    assert (shown.target, shown.status, shown.unsaved) == ("Rajavi në Tiranë", "translated",
                                                           True)
    newer = Edit(row.id, "Rajavi në Tiranë!", "draft", number=1)
    session.keep(newer, ProjectBusyError("busy"))
    assert not session.stored(confirm)  # the older write landed, the newer edit still waits
    assert session.stored(newer) and not session.unsaved


def test_reopening_starts_where_the_translator_left(review_doc: ReviewDoc) -> None:
    session = session_of(review_doc, "fa")
    assert session.last_position() is None
    row = session.row_number(4)
    assert row is not None
    session.remember_position(row.id)
    assert session_of(review_doc, "fa").last_position() == row.id
    assert session_of(review_doc, "sq").last_position() is None  # per language


@pytest.mark.parametrize(("match_source", "new_source", "target", "expected"), [
    ("The MEK moved 307 members to Albania.", "The MEK moved 278 members to Albania.",
     "مجاهدین خلق ۳۰۷ عضو را به آلبانی منتقل کرد.",
     "مجاهدین خلق ۲۷۸ عضو را به آلبانی منتقل کرد."),
    ("In 2016, 3,000 members.", "In 2019, 2,500 members.", "Në 2016, 3.000 anëtarë.",
     "Në 2019, 2.500 anëtarë."),
    ("On 3 May 2016.", "On 3 May 2016.", "Më 3 maj 2016.", "Më 3 maj 2016."),
    ("Between 2013 and 2016.", "In 2019.", "بين ٢٠١٣ و ٢٠١٦.", "بين ٢٠١٣ و ٢٠١٦."),  # ambiguous
    ("Camp 1 had 300 people.", "Camp 2 had 300 people.", "کمپ ۱ با ۳۰۰ نفر.", "کمپ ۲ با ۳۰۰ نفر."),
])
def test_tm_numbers_are_repaired_in_the_target_script(match_source: str, new_source: str,
                                                      target: str, expected: str) -> None:
    assert repair_numbers(match_source, new_source, target)[0] == expected


def run_cli(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", "--project", str(project.path),
                           *args], capture_output=True, text=True)


def test_cli_confirm_and_set_use_the_review_rules(project: Project) -> None:
    from workbench.cli.review_cmds import SETTABLE

    assert SETTABLE == tr.STATUSES[1:]
    repeated = "Read more on our website."
    doc = save_document(project.db, ParsedDocument("Repeats", [ParsedPassage("paragraph", "", [
        repeated, "The MEK moved 3,000 members.", repeated])], "text", source_path="r.txt",
        lang="en")).document_id
    done = run_cli(project, "confirm", str(doc), "1", "Lexoni më shumë në faqen tonë.",
                   "--to", "sq")
    assert done.returncode == 0, done.stderr
    assert f"doc {doc} segment 1 [sq]: translated (human)" in done.stdout
    assert "filled 1 repetition(s): segment(s) 3" in done.stdout
    qa = run_cli(project, "confirm", str(doc), "2", "MEK zhvendosi anëtarë.", "--to", "sq")
    assert "QA error: number-missing" in qa.stdout
    drafted = run_cli(project, "set", str(doc), "2", "--to", "sq", "--text",
                      "MEK zhvendosi 3,000 anëtarë.")
    assert "segment 2 [sq]: draft (human)" in drafted.stdout
    approved = run_cli(project, "set", str(doc), "2", "--to", "sq", "--status", "approved")
    assert "segment 2 [sq]: approved" in approved.stdout
    again = run_cli(project, "confirm", str(doc), "2", "--to", "sq")  # stored text, kept status
    assert "segment 2 [sq]: approved" in again.stdout
    missing = run_cli(project, "confirm", str(doc), "9", "x", "--to", "sq")
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines() == [
        f"workbench: error: document {doc} has no segment 9 (it has 3) — see "
        f"`workbench segments {doc}`"]
    no_mt = run_cli(project, "confirm", str(doc), "2", "--mt", "--to", "fa")
    assert no_mt.returncode == 1 and "no MT suggestion" in no_mt.stderr


def test_cli_qa_names_the_segment_number_and_tables_align_rtl(project: Project,
                                                               tmp_path: Path) -> None:
    from workbench.cli.common import cell_width

    doc = save_document(project.db, ParsedDocument("Numbers", [ParsedPassage("paragraph", "", [
        "First sentence.", "The MEK moved 3,000 members."])], "text", source_path="n.txt",
        lang="en")).document_id
    run_cli(project, "set", str(doc), "2", "--to", "sq", "--text", "MEK zhvendosi anëtarë.")
    out = run_cli(project, "qa", "--to", "sq").stdout
    assert f"doc {doc} segment 2 (id " in out and " seg " not in out
    assert cell_width("لا تزال") == 7 and cell_width("خلاصهٔ") == 5 and cell_width("می\u200cگوید") == 6
    lookup = run_cli(project, "tm-lookup", "First sentence.")  # --to is optional now
    assert lookup.returncode == 0 and "== fa ==" in lookup.stdout
