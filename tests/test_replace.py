"""Find and replace in translations (workbench.replace, `workbench replace`), on both
backends: folded matching, whole words, case, locked segments and inline codes left alone,
one transaction with history, undo of the whole replace."""

from __future__ import annotations

import pytest
from test_store import page

from workbench.cli import main
from workbench.errors import InputError
from workbench.project import Project
from workbench.replace import Query, apply, excerpt, find, plan, spans, undo_last
from workbench.store.documents import list_segments, save_document
from workbench.store.locks import set_locked
from workbench.store.translations import get_translation, history, set_translation


def test_folded_matching_replaces_the_original_spans() -> None:
    text = "می‌خواهم كتاب‌ها را در ۲۰۱۹ ببینم؛ كتابٌ"
    assert [text[s:e] for s, e in spans(text, Query("میخواهم"))] == ["می‌خواهم"]
    assert [text[s:e] for s, e in spans(text, Query("2019"))] == ["۲۰۱۹"]
    assert [text[s:e] for s, e in spans(text, Query("کتاب"))] == ["كتاب", "كتابٌ"]
    assert [text[s:e] for s, e in spans(text, Query("کتاب", whole_word=True))] == ["كتابٌ"]
    sq = "Tirana, TIRANA dhe tiranasit, Tiranasit"
    assert len(spans(sq, Query("tirana"))) == 4
    assert [s for s, _ in spans(sq, Query("Tirana", case_sensitive=True))] == [0, 30]
    assert [s for s, _ in spans(sq, Query("Tirana", whole_word=True))] == [0, 8]
    with pytest.raises(InputError):
        Query("  ")


def test_a_long_segments_preview_shows_the_changed_words() -> None:
    before = ("Maryam Rajavi told supporters gathered outside Paris that the organisation, "
              "which moved more than 3,000 members from Camp Liberty in Iraq to Manëz near "
              "Durrës in Albania between 2013 and 2016")
    shown = excerpt(before, before.replace("Camp Liberty", "Kampi Liria"))
    assert shown == ("…more than 3,000 members from Camp Liberty in Iraq to Manëz near Durrës…",
                     "…more than 3,000 members from Kampi Liria in Iraq to Manëz near Durrës…")
    assert excerpt("Tirana x Tirana", "Tiranë x Tiranë") == ("Tirana x Tirana",
                                                             "Tiranë x Tiranë")


def _doc(project: Project) -> tuple[int, list[int]]:
    doc = save_document(project.db, page("Tirana is big. | Tirana again. | Tirana locked. | "
                                         "Nothing here.")).document_id
    return doc, [r["id"] for r in list_segments(project.db, doc)][1:]  # after the title


def test_replace_plans_applies_in_one_step_and_undoes(store_project: Project) -> None:
    db = store_project.db
    doc, ids = _doc(store_project)
    set_translation(db, ids[0], "sq", "Tirana është e madhe.", status="approved")
    set_translation(db, ids[1], "sq", "Përsëri tirana, TIRANA.", status="draft")
    set_translation(db, ids[2], "sq", "Tirana e kyçur.")
    set_locked(db, [ids[2]], "sq", True)
    set_translation(db, ids[3], "fa", "تیرانا")
    preview = plan(store_project, "sq", Query("tirana"), "Tiranë", doc_id=doc)
    assert [(c.number, c.after, c.status) for c in preview.changes] == [
        (2, "Tiranë është e madhe.", "translated"), (3, "Përsëri Tiranë, Tiranë.", "draft")]
    assert preview.locked == [(doc, 4)] and preview.matches == 3
    assert get_translation(db, ids[0], "sq").text == "Tirana është e madhe."  # a preview
    set_translation(db, ids[1], "sq", "Përsëri tirana, TIRANA!", status="draft")  # meanwhile
    done = apply(store_project, preview)
    assert [c.number for c in done.changes] == [2] and done.stale == [(doc, 3)]
    assert "changed since the preview" in done.summary(done=True)
    assert get_translation(db, ids[0], "sq").text == "Tiranë është e madhe."
    assert get_translation(db, ids[1], "sq").text == "Përsëri tirana, TIRANA!"
    assert get_translation(db, ids[2], "sq").text == "Tirana e kyçur."
    assert [h["new_text"] for h in history(db, ids[0], "sq")][-1] == "Tiranë është e madhe."
    assert [f.number for f in find(store_project, "sq", Query("tirana", side="source"),
                                   doc_id=doc)] == [2, 3, 4]
    restored, kept = undo_last(store_project, "sq")
    assert (restored, kept) == ([ids[0]], 0)
    restored_row = get_translation(db, ids[0], "sq")
    assert (restored_row.text, restored_row.status) == ("Tirana është e madhe.", "approved")


def test_a_match_spanning_an_inline_code_is_left_alone(store_project: Project) -> None:
    from workbench.text.codes import code_char

    db = store_project.db
    doc, ids = _doc(store_project)
    o, c = code_char("open", 1), code_char("close", 1)
    set_translation(db, ids[0], "sq", f"Kampi {o}Liria{c} dhe Kampi Liria")
    found = plan(store_project, "sq", Query("Kampi Liria"), "Kampi Liberty", doc_id=doc)
    assert found.changes[0].after == f"Kampi {o}Liria{c} dhe Kampi Liberty"
    assert found.across_codes == [(doc, 2)]


def test_cli_replace_dry_run_then_apply_then_undo(store_project: Project,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    db = store_project.db
    doc, ids = _doc(store_project)
    set_translation(db, ids[0], "fa", "مجاهدين خلق در ۲۰۱۹")
    location = store_project.location
    args = ["--project", location, "replace", "مجاهدین", "سازمان مجاهدین", "--to", "fa"]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "“مجاهدين خلق در ۲۰۱۹” → “سازمان مجاهدین خلق در ۲۰۱۹”" in out
    assert "would replace 1 match(es) in 1 segment(s) [fa]" in out
    assert get_translation(db, ids[0], "fa").text == "مجاهدين خلق در ۲۰۱۹"
    assert main(args) == 0
    assert "replaced 1 match(es)" in capsys.readouterr().out
    assert get_translation(db, ids[0], "fa").text == "سازمان مجاهدین خلق در ۲۰۱۹"
    assert main(["--project", location, "replace", "--undo", "--to", "fa"]) == 0
    assert get_translation(db, ids[0], "fa").text == "مجاهدين خلق در ۲۰۱۹"
    assert main(["--project", location, "replace", "x", "--to", "fa"]) != 0
    assert "needs FIND and REPLACE" in capsys.readouterr().err
