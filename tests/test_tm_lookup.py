"""TM units, index sync and lookup: exact/context/fuzzy scores, ordering, diffs, min score."""

from __future__ import annotations

import pytest

from workbench.errors import WorkbenchError
from workbench.ingest.model import ParsedDocument, ParsedPassage
from workbench.project import Project
from workbench.store.documents import save_document
from workbench.store.translations import get_translation, set_translation, undo
from workbench.tm.lookup import lookup, score_pair, word_diff
from workbench.tm.units import TMPair, add_units

COUNCIL = "The council met in Tirana on Monday."
COUNCIL_SQ = "Këshilli u mblodh në Tiranë të hënën."


def add_doc(project: Project, sentences: list[str], title: str = "doc") -> list[int]:
    """Store one source document and return its segment ids in order."""
    doc = ParsedDocument(title, [ParsedPassage("paragraph", " ".join(sentences), sentences)],
                         "text", source_path=title, lang="en")
    doc_id = save_document(project.db, doc).document_id
    return [r[0] for r in project.db.execute(
        "SELECT id FROM segments WHERE document_id = ? ORDER BY position", (doc_id,))]


def test_add_units_updates_duplicates_instead_of_doubling(project: Project) -> None:
    pair = TMPair(COUNCIL, COUNCIL_SQ, "en", "sq", updated_at="2020-01-01T00:00:00Z")
    assert add_units(project.db, [pair, TMPair("  ", "x", "en", "sq")], origin_ref="a.tmx") == 1
    again = TMPair(COUNCIL, COUNCIL_SQ, "en", "sq", origin="aligned", note="checked",
                   updated_at="2024-05-01T00:00:00Z")
    assert add_units(project.db, [again], origin_ref="b.tmx") == 1
    rows = project.db.execute("SELECT * FROM tm_units").fetchall()
    assert len(rows) == 1
    assert (rows[0]["origin"], rows[0]["note"], rows[0]["origin_ref"]) == (
        "aligned", "checked", "b.tmx")
    assert rows[0]["updated_at"] == "2024-05-01T00:00:00Z"
    assert rows[0]["created_at"] == "2020-01-01T00:00:00Z"
    with pytest.raises(WorkbenchError, match="origin"):
        add_units(project.db, [TMPair("a", "b", "en", "sq", origin="robot")], origin_ref="x")


def test_units_queued_for_indexing_can_be_updated_again_before_a_search(project: Project) -> None:
    ids = add_doc(project, [COUNCIL])
    set_translation(project.db, ids[0], "sq", COUNCIL_SQ)
    set_translation(project.db, ids[0], "sq", COUNCIL_SQ, status="reviewed")  # upsert, queued
    pair = TMPair("Hello.", "Tungjatjeta.", "en", "sq")
    assert add_units(project.db, [pair, pair], origin_ref="twice") == 2
    assert get_translation(project.db, ids[0], "sq").status == "reviewed"
    assert lookup(project.db, COUNCIL, "en", "sq")[0].target == COUNCIL_SQ
    assert project.db.execute("SELECT count(*) FROM tm_units").fetchone()[0] == 2


def test_exact_match_is_100_and_101_only_when_neighbours_match(project: Project) -> None:
    ids = add_doc(project, ["Good morning.", COUNCIL, "It rained."])
    set_translation(project.db, ids[1], "sq", COUNCIL_SQ)
    plain = lookup(project.db, COUNCIL, "en", "sq")
    assert [(m.score, m.target, m.origin) for m in plain] == [(100, COUNCIL_SQ, "human")]
    ctx = lookup(project.db, COUNCIL, "en", "sq", prev_text="Good morning.",
                 next_text="It rained.")
    assert ctx[0].score == 101
    other = lookup(project.db, COUNCIL, "en", "sq", prev_text="Good evening.",
                   next_text="It rained.")
    assert other[0].score == 100
    assert lookup(project.db, COUNCIL, "en", "fa") == []
    assert lookup(project.db, COUNCIL, "en", "sq", exclude_segment_id=ids[1]) == []


def test_imported_unit_without_context_never_scores_101(project: Project) -> None:
    add_units(project.db, [TMPair(COUNCIL, COUNCIL_SQ, "en", "sq")], origin_ref="t.tmx")
    assert lookup(project.db, COUNCIL, "en", "sq", prev_text=None, next_text="x")[0].score == 100


def test_case_or_letter_variant_scores_99(project: Project) -> None:
    add_units(project.db, [TMPair(COUNCIL, COUNCIL_SQ, "en", "sq")], origin_ref="t")
    assert lookup(project.db, COUNCIL.upper(), "en", "sq")[0].score == 99


def test_fuzzy_scores_are_word_level_with_number_and_punctuation_penalties() -> None:
    # 7 words, one substituted: 100 * 6/7 = 86
    assert score_pair(COUNCIL, "The council met in Durrës on Monday.") == 86
    assert score_pair(COUNCIL, "The council met in Durrës on Monday!") == 85
    words = "Talks on the 2 new budgets began in Tirana today"
    assert score_pair(words, words.replace("new", "old")) == 90
    assert score_pair(words, words.replace("2", "3")) == 88  # same edit, plus a number trap
    assert score_pair(COUNCIL, "Completely unrelated words here.") < 50


def test_diff_runs_rebuild_the_match_source_and_show_each_change() -> None:
    new = "The council met in Tirana on Monday."
    match = "The council finally met in Durrës, on Monday."
    diff = word_diff(new, match)
    assert " ".join(t for op, t in diff if op != "delete") == match
    assert diff == [("equal", "The council"), ("insert", "finally"), ("equal", "met in"),
                    ("replace", "Durrës,"), ("equal", "on Monday.")]
    assert [op for op, _ in word_diff("A b c d.", "A c d.")] == ["equal", "delete", "equal"]
    assert ("delete", "b") in word_diff("A b c d.", "A c d.")


def test_matches_sorted_by_score_then_recency_then_origin(project: Project) -> None:
    old, new = "2021-01-01T00:00:00Z", "2025-01-01T00:00:00Z"
    add_units(project.db, [
        TMPair("The council met in Durrës on Monday.", "mt", "en", "sq", origin="mt",
               updated_at=old),
        TMPair("The council met in Durrës on Monday.", "aligned", "en", "sq",
               origin="aligned", updated_at=old),
        TMPair("The council met in Durrës on Monday.", "human", "en", "sq", updated_at=old),
        TMPair("The council met in Vlorë on Monday.", "newer", "en", "sq", updated_at=new),
        TMPair("The assembly met in Vlorë on Monday.", "lower", "en", "sq", updated_at=new),
    ], origin_ref="t")
    got = [(m.score, m.target) for m in lookup(project.db, COUNCIL, "en", "sq", limit=10)]
    assert got == [(86, "newer"), (86, "human"), (86, "aligned"), (86, "mt"), (71, "lower")]


def test_min_score_and_limit(project: Project) -> None:
    add_units(project.db, [TMPair("The assembly met in Vlorë on Monday.", "x", "en", "sq"),
                           TMPair("The council met in Durrës on Monday.", "y", "en", "sq")],
              origin_ref="t")
    assert [m.score for m in lookup(project.db, COUNCIL, "en", "sq")] == [86, 71]
    assert [m.score for m in lookup(project.db, COUNCIL, "en", "sq", min_score=80)] == [86]
    assert len(lookup(project.db, COUNCIL, "en", "sq", limit=1)) == 1
    assert lookup(project.db, "Nothing in common at all", "en", "sq") == []


def test_memory_follows_confirmation_changes_and_undo(project: Project) -> None:
    ids = add_doc(project, [COUNCIL])
    set_translation(project.db, ids[0], "sq", COUNCIL_SQ, status="draft")
    assert lookup(project.db, COUNCIL, "en", "sq") == []  # drafts are not memory
    set_translation(project.db, ids[0], "sq", COUNCIL_SQ)
    assert lookup(project.db, COUNCIL, "en", "sq")[0].target == COUNCIL_SQ
    set_translation(project.db, ids[0], "sq", "Këshilli u mblodh.")
    assert [m.target for m in lookup(project.db, COUNCIL, "en", "sq")] == ["Këshilli u mblodh."]
    undo(project.db, ids[0], "sq")
    undo(project.db, ids[0], "sq")
    assert lookup(project.db, COUNCIL, "en", "sq") == []
    fuzzy = lookup(project.db, "The council met in Durrës on Monday.", "en", "sq")
    assert fuzzy == []  # the index forgot the unit too, not only the exact path


def test_rebuild_reindexes_everything(project: Project) -> None:
    from workbench.store.tm import rebuild

    add_units(project.db, [TMPair(COUNCIL, COUNCIL_SQ, "en", "sq"),
                           TMPair("The council met in Durrës on Monday.", "x", "en", "sq")],
              origin_ref="t")
    assert rebuild(project.db) == 2
    assert [m.score for m in lookup(project.db, COUNCIL, "en", "sq")] == [100, 86]
