"""translate_project: suggestions only, human work untouched, honest about test models."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import ModelMissingError
from workbench.ingest.model import ParsedDocument, ParsedPassage
from workbench.mt.service import translate_project
from workbench.store.documents import save_document, source_segments
from workbench.store.suggestions import get_suggestion
from workbench.store.translations import get_translation, set_translation

SENTENCES = [
    "News emerged that a data leak in Albania led the government to sign a memorandum.",
    "The company is led by a former adviser.",
    "This knowledge led to a series of comments.",
    "Who knows what real threat there may be?",
    "The company is led by a former adviser.",
]


def add_page(project, sentences: list[str] = SENTENCES, title: str = "Test page") -> list[int]:
    """Store a one-paragraph English page; returns its segment ids in order."""
    doc = ParsedDocument(title=title, format="text", source_path=f"{title}.txt", lang="en",
                         passages=[ParsedPassage("paragraph", " ".join(sentences),
                                                 sentences=list(sentences), lang="en")])
    result = save_document(project.db, doc)
    return [r["id"] for r in source_segments(project.db, doc_id=result.document_id)]


def test_writes_suggestions_never_translations(project, installed_models: Path) -> None:
    ids = add_page(project)
    batches: list[int] = []
    seen: list[tuple[int, int]] = []
    summaries = translate_project(project, ["sq", "fa", "ar"], on_batch=lambda b: batches.append(
        len(b)), progress=lambda d, t: seen.append((d, t)))
    assert [s.lang for s in summaries] == ["sq", "fa", "ar"]
    for s in summaries:
        assert (s.segments, s.translated) == (5, 5)
        assert s.is_test_model and s.model == f"en_{s.lang}@1.0"
        assert s.cached == 1  # the repeated sentence is translated once
    assert sum(batches) == 15 and seen[-1] == (15, 15)
    for sid in ids:
        for lang in ("sq", "fa", "ar"):
            sug = get_suggestion(project.db, sid, lang)
            assert sug is not None and sug.text and sug.model == f"en_{lang}@1.0"
            assert sug.is_test_model
            assert "truncated" in sug.flags.split(",")  # random weights never stop
            assert get_translation(project.db, sid, lang) is None


def test_human_translations_are_kept_and_skipped(project, installed_models: Path) -> None:
    ids = add_page(project)
    set_translation(project.db, ids[0], "sq", "Teksti i përkthyesit.", status="translated")
    summary = translate_project(project, ["sq"])[0]
    assert summary.segments == 4
    assert get_suggestion(project.db, ids[0], "sq") is None
    assert get_translation(project.db, ids[0], "sq").text == "Teksti i përkthyesit."
    # Asked explicitly for that segment, MT offers a suggestion but still keeps the text.
    translate_project(project, ["sq"], segment_ids=[ids[0]])
    assert get_suggestion(project.db, ids[0], "sq") is not None
    assert get_translation(project.db, ids[0], "sq").text == "Teksti i përkthyesit."


def test_second_run_skips_done_work_unless_overwrite(project, installed_models: Path) -> None:
    add_page(project)
    assert translate_project(project, ["fa"])[0].segments == 5
    assert translate_project(project, ["fa"])[0].segments == 0
    again = translate_project(project, ["fa"], overwrite=True)[0]
    assert again.segments == 5 and again.cached == 5  # the project's MT cache answers


def test_cancel_stops_between_batches_and_keeps_what_was_stored(project,
                                                               installed_models: Path) -> None:
    project.settings.batch_size = 3  # three segments per engine batch,
    project.settings.mt_workers = 2  # two batches decoded at once, stored together
    add_page(project, [f"Sentence number {i} about the weekly digest." for i in range(10)])
    stored: list[int] = []
    summary = translate_project(project, ["ar"], on_batch=lambda b: stored.append(len(b)),
                                cancel=lambda: len(stored) >= 1)[0]
    assert summary.translated == 6 and stored == [6]
    assert project.db.execute("SELECT count(*) FROM suggestions WHERE lang='ar'").fetchone()[0] == 6
    assert translate_project(project, ["ar"])[0].segments == 4  # resumes with the rest


def test_only_the_given_document(project, installed_models: Path) -> None:
    add_page(project, ["One sentence in the first page."], title="first")
    second = add_page(project, ["Another sentence in the second page."], title="second")
    doc_id = project.db.execute("SELECT document_id FROM segments WHERE id=?",
                                (second[0],)).fetchone()[0]
    summary = translate_project(project, ["sq"], doc_id=doc_id)[0]
    assert summary.segments == 1 and get_suggestion(project.db, second[0], "sq") is not None


def test_pivot_for_a_non_english_source(project, installed_models: Path) -> None:
    project.settings.source_lang = "sq"
    add_page(project, ["Tirana është kryeqyteti i Shqipërisë."])
    summary = translate_project(project, ["fa"])[0]
    assert summary.model == "sq_en@1.0+en_fa@1.0" and summary.translated == 1


def test_missing_models_are_named_with_the_command(project, tmp_path: Path) -> None:
    add_page(project)
    with pytest.raises(ModelMissingError) as err:
        translate_project(project, ["sq", "fa"])
    text = err.value.render()
    assert "workbench models install en_sq en_fa" in text
    assert project.db.execute("SELECT count(*) FROM suggestions").fetchone()[0] == 0


def test_glossary_terms_fall_back_when_masks_are_lost(project, installed_models: Path) -> None:
    # The starter glossary knows "Albania"; a random model loses the mask, so the segment is
    # re-translated without masks and flagged for the translator.
    ids = add_page(project, ["The government of Albania signed it.", "Nothing to see here."])
    translate_project(project, ["sq"])
    with_term = get_suggestion(project.db, ids[0], "sq")
    without = get_suggestion(project.db, ids[1], "sq")
    assert "glossary-fallback" in with_term.flags.split(",")
    assert "glossary-fallback" not in without.flags.split(",")
