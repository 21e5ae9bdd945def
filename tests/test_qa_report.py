"""The project QA report: translations and suggestions, consistency across the project."""

from __future__ import annotations

from workbench.ingest.importer import parse_text
from workbench.qa.report import run_report
from workbench.store.documents import save_document
from workbench.store.translations import set_translation


def _segments(project, text: str) -> list[int]:
    doc_id = save_document(project.db, parse_text(text, title="Report")).document_id
    return [r[0] for r in project.db.execute(
        "SELECT id FROM segments WHERE document_id = ? ORDER BY position", (doc_id,))]


def test_same_source_translated_differently_is_inconsistent(project) -> None:
    a, b, c = _segments(project, "The families waited in Tirana.\n\nThey wrote letters.\n\n"
                                 "The families waited in Tirana.")
    set_translation(project.db, a, "sq", "Familjet pritën në Tiranë.", status="translated",
                    origin="human")
    set_translation(project.db, b, "sq", "Ata shkruan letra.", status="translated",
                    origin="human")
    set_translation(project.db, c, "sq", "Familjet prisnin në Tiranë.", status="translated",
                    origin="human")
    report = run_report(project, ["sq"])
    assert report.checked == 3
    flagged = {i.segment_id: i for i in report.items}
    assert set(flagged) == {a, c}
    [finding] = [f for f in flagged[a].findings if f.code == "inconsistent"]
    assert finding.suggestion == "Familjet prisnin në Tiranë."
    assert report.by_code()["inconsistent"] == 2


def test_consistent_project_has_a_clean_report(project) -> None:
    a, b = _segments(project, "Maryam Rajavi spoke.\n\nMaryam Rajavi spoke.")
    for seg in (a, b):
        set_translation(project.db, seg, "fa", "مریم رجوی سخنرانی کرد.", status="translated",
                        origin="human")
    report = run_report(project, ["fa", "ar"])
    assert report.checked == 2 and report.items == []
    assert report.as_dict()["counts"] == {}
