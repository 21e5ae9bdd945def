"""The store's contract, run on both backends: every test here runs once on an SQLite project
file and once on a PostgreSQL team project (fixtures/pg.py), through `Project` as the CLI and
the TUI use it. A feature that works on one backend only fails here."""

from __future__ import annotations

import pytest
from test_store import page

from workbench.errors import ConflictError, WorkbenchError
from workbench.glossary.match import find_terms
from workbench.glossary.model import Concept
from workbench.glossary.store import count_concepts, delete_concept, get_concept, save_concepts
from workbench.glossary.store import revision as glossary_revision
from workbench.project import Project
from workbench.store.documents import (
    delete_document,
    get_segment,
    language_counts,
    list_documents,
    list_passages,
    list_segments,
    save_document,
    source_segments,
)
from workbench.store.suggestions import Suggestion, get_suggestion, save_suggestions
from workbench.store.translations import (
    get_translation,
    history,
    progress,
    redo,
    save_translation,
    set_status,
    set_translation,
    undo,
)


def seg_ids(project: Project, doc_id: int) -> list[int]:
    return [r["id"] for r in list_segments(project.db, doc_id)]


def test_imports_version_pages_and_carry_unchanged_translations(store_project: Project) -> None:
    db = store_project.db
    v1 = save_document(db, page("Maryam Rajavi visited Tirana. | She met officials."))
    again = save_document(db, page("Maryam Rajavi visited Tirana. | She met officials."))
    assert (v1.action, again.action, again.document_id) == ("created", "unchanged",
                                                            v1.document_id)
    ids = seg_ids(store_project, v1.document_id)
    set_translation(db, ids[1], "sq", "Maryam Rajavi vizitoi Tiranën.")
    v2 = save_document(db, page("Maryam Rajavi visited Tirana. | She met two officials."))
    assert (v2.action, v2.version, v2.carried_translations) == ("new-version", 2, 1)
    docs = list_documents(db)
    assert [d["id"] for d in docs] == [v2.document_id]
    assert (docs[0]["passages"], docs[0]["segments"], docs[0]["words"]) == (2, 3, 13)
    assert len(list_documents(db, include_old=True)) == 2
    rows = list_segments(db, v2.document_id, lang="sq")
    assert [r["t_text"] for r in rows] == [None, "Maryam Rajavi vizitoi Tiranën.", None]
    assert [r["position"] for r in list_segments(db, v2.document_id, after_position=0,
                                                 limit=1)] == [1]
    assert [p["kind"] for p in list_passages(db, v2.document_id)] == ["title", "paragraph"]
    assert get_segment(db, ids[1])["text"] == "Maryam Rajavi visited Tirana."
    assert len(source_segments(db)) == 3
    assert language_counts(db)["en"] == 13
    delete_document(db, v2.document_id)
    assert [d["id"] for d in list_documents(db, include_old=True)] == [v1.document_id]


def test_edits_keep_history_and_undo_redo_walk_it(store_project: Project) -> None:
    db = store_project.db
    doc = save_document(db, page("Camp Ashraf is in Manez."))
    sid = seg_ids(store_project, doc.document_id)[1]
    set_translation(db, sid, "fa", "کمپ اشرف در مانز است", status="draft", origin="mt")
    set_translation(db, sid, "fa", "اردوگاه اشرف در مانز است")
    set_status(db, sid, "fa", "reviewed")
    assert [h["new_status"] for h in history(db, sid, "fa")] == ["draft", "translated",
                                                                 "reviewed"]
    assert undo(db, sid, "fa").status == "translated"
    assert undo(db, sid, "fa").text == "کمپ اشرف در مانز است"
    assert undo(db, sid, "fa") is None
    with pytest.raises(WorkbenchError, match="nothing to undo"):
        undo(db, sid, "fa")
    assert redo(db, sid, "fa").origin == "mt"
    assert redo(db, sid, "fa").text == "اردوگاه اشرف در مانز است"
    set_translation(db, sid, "fa", "اردوگاه اشرف در مانز قرار دارد")
    with pytest.raises(WorkbenchError, match="nothing to redo"):
        redo(db, sid, "fa")
    assert get_translation(db, sid, "fa").text == "اردوگاه اشرف در مانز قرار دارد"


def test_confirmed_work_feeds_the_tm_and_progress(store_project: Project) -> None:
    db = store_project.db
    doc = save_document(db, page("Nejat Society wrote to UNHCR. | Two."))
    sid, sid2 = seg_ids(store_project, doc.document_id)[1:]

    def tm_targets() -> list[str]:
        return [r[0] for r in db.execute("SELECT target FROM tm_units WHERE segment_id = ?",
                                         (sid,))]

    set_translation(db, sid, "ar", "كتبت جمعية نجات إلى المفوضية", status="draft", origin="mt")
    assert tm_targets() == []
    set_translation(db, sid, "ar", "كتبت جمعية نجات إلى المفوضية", status="translated")
    assert tm_targets() == ["كتبت جمعية نجات إلى المفوضية"]
    set_translation(db, sid2, "ar", "اثنان", status="approved")
    assert progress(db, "ar") == {"new": 1, "draft": 0, "translated": 1, "reviewed": 0,
                                  "approved": 1}
    assert progress(db, "ar", doc_id=doc.document_id)["approved"] == 1
    undo(db, sid, "ar")
    assert tm_targets() == []


def test_a_stale_revision_is_a_conflict_showing_both_texts(store_project: Project) -> None:
    db = store_project.db
    doc = save_document(db, page("The council met in Tirana."))
    sid = seg_ids(store_project, doc.document_id)[1]
    loaded = 0  # both translators opened the segment before anyone translated it
    theirs = save_translation(db, sid, "sq", "Këshilli u mblodh në Tiranë.", loaded)
    with pytest.raises(ConflictError) as err:
        save_translation(db, sid, "sq", "Këshilli u takua në Tiranë.", loaded)
    conflict = err.value
    assert (conflict.mine, conflict.theirs) == ("Këshilli u takua në Tiranë.",
                                                "Këshilli u mblodh në Tiranë.")
    assert conflict.theirs_revision == theirs.revision
    assert get_translation(db, sid, "sq").text == "Këshilli u mblodh në Tiranë."  # not lost
    # Saving the text that is already stored is no conflict; "take mine" saves on top of theirs.
    same = save_translation(db, sid, "sq", "Këshilli u mblodh në Tiranë.", loaded)
    assert same.revision == theirs.revision
    mine = save_translation(db, sid, "sq", conflict.mine, conflict.theirs_revision)
    assert mine.revision == theirs.revision + 1
    assert [h["new_text"] for h in history(db, sid, "sq")] == [
        "Këshilli u mblodh në Tiranë.", "Këshilli u takua në Tiranë."]
    # A reviewer approving text that changed since it was read gets a conflict too.
    with pytest.raises(ConflictError):
        set_status(db, sid, "sq", "approved", expected_revision=theirs.revision)


def test_revisions_never_repeat_after_undo_removes_a_translation(
        store_project: Project) -> None:
    db = store_project.db
    doc = save_document(db, page("Text."))
    sid = seg_ids(store_project, doc.document_id)[1]
    first = set_translation(db, sid, "fa", "متن")
    assert undo(db, sid, "fa") is None          # removed again
    other = set_translation(db, sid, "fa", "نوشته")  # someone writes anew
    assert other.revision > first.revision
    with pytest.raises(ConflictError):  # a client still holding the first text must not win
        save_translation(db, sid, "fa", "متن ۲", first.revision)
    assert undo(db, sid, "fa") is None
    again = redo(db, sid, "fa")
    assert again is not None and again.revision > other.revision


def test_suggestions_and_settings(store_project: Project) -> None:
    db = store_project.db
    doc = save_document(db, page("Hello."))
    sid = seg_ids(store_project, doc.document_id)[1]
    assert save_suggestions(db, [Suggestion(sid, "sq", "Tungjatjeta.", "en_sq@1.0", True,
                                            "repetition")]) == 1
    save_suggestions(db, [Suggestion(sid, "sq", "Përshëndetje.", "en_sq@1.1", False, "")])
    got = get_suggestion(db, sid, "sq")
    assert got == Suggestion(sid, "sq", "Përshëndetje.", "en_sq@1.1", False, "")
    assert get_suggestion(db, sid, "fa") is None
    store_project.set_setting("tui.target_lang", "fa")
    store_project.set_setting("review.note", "50% done")  # '%' and '?' are data, not markers
    store_project.set_setting("review.note", "what? 50% done")
    assert store_project.get_setting("tui.target_lang") == "fa"
    assert store_project.get_setting("review.note") == "what? 50% done"
    assert store_project.get_setting("missing", "x") == "x"


def test_glossary_merges_and_bumps_its_revision(store_project: Project) -> None:
    db = store_project.db
    starter = count_concepts(db)
    assert starter > 0  # a new project gets the starter glossary on both backends
    before = glossary_revision(db)
    concept = Concept("ohrid-guild")
    concept.lang("en").preferred = "Ohrid Translators Guild"
    concept.lang("fa").preferred = "انجمن مترجمان اوهرید"
    report = save_concepts(db, [concept])
    assert report.added == 1 and glossary_revision(db) > before
    again = Concept("guild-2")
    again.lang("en").preferred = "Ohrid Translators Guild"
    again.lang("en").variants = ["Ohrid Guild"]
    again.lang("fa").preferred = "صنف مترجمان اوهرید"
    merged = save_concepts(db, [again])
    assert merged.merged == 1 and merged.conflicts  # kept the stored rendering, reported
    stored = get_concept(db, "ohrid-guild")
    assert stored is not None and stored.lang("fa").preferred == "انجمن مترجمان اوهرید"
    assert "صنف مترجمان اوهرید" in stored.lang("fa").variants
    hits = find_terms(db, "A letter from the Ohrid Translators Guild arrived.", "en", "fa")
    assert [(h.concept_id, h.rendering) for h in hits] == [("ohrid-guild", "انجمن مترجمان اوهرید")]
    assert delete_concept(db, "ohrid-guild") and not delete_concept(db, "ohrid-guild")
    assert count_concepts(db) == starter
    assert find_terms(db, "A letter from the Ohrid Translators Guild arrived.", "en", "fa") == []


def test_confirmed_work_reaches_another_client_through_the_change_feed(
        store_project: Project) -> None:
    """Two clients (two Projects: separate connections, as two programs would have): what one
    confirms, the other's feed reports within a second, and its next read shows it."""
    import threading

    from workbench.project import open_project

    db = store_project.db
    doc = save_document(db, page("The council met. | It voted."))
    sid = seg_ids(store_project, doc.document_id)[1]
    other = open_project(store_project.location if store_project.backend == "postgresql"
                         else store_project.path)
    feed = other.changes()
    try:
        assert feed.wait(0.2) == []  # nothing new yet: the wait times out empty
        got: list = []
        waiter = threading.Thread(target=lambda: got.extend(feed.wait(1.0)))
        waiter.start()
        saved = set_translation(db, sid, "sq", "Këshilli u mblodh.")
        waiter.join()
        assert [(c.kind, c.segment_id, c.lang, c.revision, c.status) for c in got] == [
            ("translation", sid, "sq", saved.revision, "translated")]
        row = list_segments(other.db, doc.document_id, lang="sq")[1]
        assert (row["t_text"], row["t_revision"]) == ("Këshilli u mblodh.", saved.revision)
        undo(db, sid, "sq")
        assert [c.status for c in feed.wait(1.0)] == [None]  # removed again
    finally:
        feed.close()
        other.close()


def test_tm_lookup_concordance_and_pretranslate(store_project: Project, tmp_path) -> None:
    """The TM features on the store's interface: an imported memory (duplicates merged),
    confirmed work, exact/fuzzy lookup with Persian letter variants, concordance with a prefix,
    pre-translation and propagation — the same answers on both backends."""
    from workbench.formats.service import import_tm
    from workbench.tm.concordance import concordance
    from workbench.tm.lookup import lookup
    from workbench.tm.pretranslate import pretranslate
    from workbench.tm.propagate import propagate

    db = store_project.db
    tsv = tmp_path / "memory.tsv"
    tsv.write_text("en\tfa\n"
                   "The council met in Tirana on Monday.\tشورا روز دوشنبه در تیرانا تشکیل شد.\n"
                   "The council met in Tirana on Monday.\tشورا روز دوشنبه در تیرانا تشکیل شد.\n"
                   "Maryam Rajavi spoke to the council.\tمریم رجوی با شورا سخن گفت.\n"
                   "Completely unrelated sentence about the weather.\tهوا خوب است.\n",
                   encoding="utf-8")
    first = import_tm(db, [tsv])
    assert (first.added, first.duplicates) == (3, 1)
    assert import_tm(db, [tsv]).added == 0  # importing again adds nothing
    doc = save_document(db, page("The council met in Tirana on Tuesday. | Maryam Rajavi spoke "
                                 "to the council. | Ashraf residents wrote a letter. | Ashraf "
                                 "residents wrote a letter."))
    title, tuesday, spoke, letter, again = seg_ids(store_project, doc.document_id)

    fuzzy = lookup(db, "The council met in Tirana on Tuesday.", "en", "fa")
    assert [(m.score < 100, m.target) for m in fuzzy] == [
        (True, "شورا روز دوشنبه در تیرانا تشکیل شد.")]
    assert lookup(db, "The weather is lovely in spring.", "en", "fa", min_score=70) == []
    exact = lookup(db, "maryam rajavi spoke to the council.", "en", "fa")
    assert [(m.score, m.target) for m in exact] == [(99, "مریم رجوی با شورا سخن گفت.")]

    set_translation(db, letter, "fa", "ساکنان اشرف نامه‌ای نوشتند.")
    assert propagate(db, letter, "fa") == [again]
    hits = concordance(db, "اشرف نامه\u200cاي", side="target")  # Arabic yeh: still found
    assert [h.target for h in hits] == ["ساکنان اشرف نامه‌ای نوشتند."]  # propagated: not again
    assert [h.source for h in concordance(db, "Tiran", side="source")] == [
        "The council met in Tirana on Monday."]
    assert concordance(db, "council", side="both", tgt_lang="sq") == []

    [summary] = pretranslate(store_project, ["fa"], use_mt=False)
    assert (summary.exact, summary.fuzzy) == (1, 1)
    assert get_translation(db, spoke, "fa").text == "مریم رجوی با شورا سخن گفت."
    assert get_translation(db, tuesday, "fa").status == "draft"
    assert get_translation(db, title, "fa") is None or get_translation(db, title, "fa").text


def test_mt_cache_and_alignment_into_the_memory(store_project: Project, tmp_path) -> None:
    """The MT cache (a second write replaces the first) and an alignment run through the CLI,
    accepted into the memory with its confidence, on both backends."""
    from test_align_store_cli import EN, FA
    from test_align_store_cli import page as align_page

    from workbench.cli import main
    from workbench.store.mt import cached_outputs, pending_segments, store_outputs

    db = store_project.db
    store_outputs(db, "en_sq@1", [("One.", "Një.", True), ("Two.", "Dy", False)])
    store_outputs(db, "en_sq@1", [("Two.", "Dy.", True)])
    assert sorted(cached_outputs(db, "en_sq@1", ["One.", "Two.", "Three."])) == [
        ("One.", "Një.", True), ("Two.", "Dy.", True)]
    assert pending_segments(db, "sq", "m", segment_ids=[]) == []
    files = []
    for lang, text in (("en", align_page(EN, [(0, 3), (3, 6), (6, 10)])),
                       ("fa", align_page(FA, [(0, 3), (3, 6), (6, 9)]))):
        files.append(tmp_path / f"page.{lang}.txt")
        files[-1].write_text(text, encoding="utf-8")
    where = store_project.location
    assert main(["--project", where, "align", *map(str, files), "--tgt-lang", "fa"]) == 0
    assert main(["--project", where, "alignments", "--accept-above", "0.5"]) == 0
    units = db.execute("SELECT origin, confidence FROM tm_units").fetchall()
    assert len(units) >= 6 and {u["origin"] for u in units} == {"aligned"}
    assert all(u["confidence"] >= 0.5 for u in units)


def test_locks_and_notes_are_read_with_the_review_rows(store_project: Project) -> None:
    """A lock (per language) and a note come back in the review's rows, and a locked segment
    is left out of what MT and pre-translation would fill."""
    from workbench.review import ReviewSession
    from workbench.store.interop import set_translation_note
    from workbench.store.locks import locked_among, set_locked
    from workbench.store.tm_fill import untranslated_segments

    db = store_project.db
    doc = save_document(db, page("The council met. | It voted. | Tirana."))
    ids = seg_ids(store_project, doc.document_id)[-3:]
    assert set_locked(db, ids[1:], "fa", True) == ids[1:]
    assert set_locked(db, ids[1:], "fa", True) == []  # nothing new
    set_translation(db, ids[0], "fa", "شورا تشکیل جلسه داد.")
    set_translation_note(db, ids[0], "fa", "«شورا» یا «انجمن»؟")
    rows = ReviewSession(store_project, doc.document_id, "fa").rows_by_id(ids)
    assert [(r.locked, r.note) for r in rows] == [(False, "«شورا» یا «انجمن»؟"), (True, None),
                                                  (True, None)]
    assert locked_among(db, ids, "sq") == set()
    fillable = {r["id"] for r in untranslated_segments(db, "fa", doc_id=doc.document_id)}
    assert fillable.isdisjoint(ids)
    assert set_locked(db, [ids[2]], "fa", False) == [ids[2]]
    assert ids[2] in {r["id"] for r in untranslated_segments(db, "fa", doc_id=doc.document_id)}
