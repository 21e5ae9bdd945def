"""Propagation, concordance (Arabic/Persian folding), analysis bands, pre-translation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_tm_lookup import COUNCIL, COUNCIL_SQ, add_doc

from workbench.cli import main
from workbench.project import Project
from workbench.store.suggestions import get_suggestion
from workbench.store.translations import get_translation, history, set_translation
from workbench.tm.analyze import analyze, band_of
from workbench.tm.concordance import concordance, mark
from workbench.tm.pretranslate import pretranslate
from workbench.tm.propagate import apply_to, candidates, propagate
from workbench.tm.units import TMPair, add_units


def test_propagation_applies_to_untranslated_and_machine_drafts_only(project: Project) -> None:
    ids = add_doc(project, [COUNCIL, "Other.", COUNCIL.upper(), COUNCIL, COUNCIL, COUNCIL])
    db = project.db
    set_translation(db, ids[3], "sq", "my own draft", status="draft")           # human draft
    set_translation(db, ids[4], "sq", "machine", status="draft", origin="mt")   # MT draft
    set_translation(db, ids[5], "sq", "confirmed already")                      # confirmed
    set_translation(db, ids[0], "sq", COUNCIL_SQ)
    assert candidates(db, ids[0], "sq") == [ids[2], ids[4]]
    assert propagate(db, ids[0], "sq", mode="apply") == [ids[2], ids[4]]
    for sid in (ids[2], ids[4]):
        t = get_translation(db, sid, "sq")
        assert (t.text, t.status, t.origin) == (COUNCIL_SQ, "translated", "tm")
        assert history(db, sid, "sq")[-1]["actor"] == "propagation"
    assert get_translation(db, ids[3], "sq").text == "my own draft"
    assert get_translation(db, ids[5], "sq").text == "confirmed already"
    assert get_translation(db, ids[1], "sq") is None


def test_propagation_offer_mode_fills_nothing_until_accepted(project: Project) -> None:
    ids = add_doc(project, [COUNCIL, COUNCIL])
    set_translation(project.db, ids[0], "fa", "شورا")
    assert propagate(project.db, ids[0], "fa", mode="offer") == []
    assert propagate(project.db, ids[0], "fa", mode="off") == []
    assert get_translation(project.db, ids[1], "fa") is None
    assert apply_to(project.db, ids[0], "fa", candidates(project.db, ids[0], "fa")) == [ids[1]]
    set_translation(project.db, ids[1], "fa", "draft", status="draft")
    assert propagate(project.db, ids[1], "fa", mode="apply") == []  # drafts do not propagate


@pytest.fixture
def persian_tm(project: Project) -> Project:
    add_units(project.db, [
        TMPair("I want the book of 2019.", "من كتاب ۲۰۱۹ را می‌خواهم.", "en", "fa"),
        TMPair("Muhammad went to Iran.", "مُحَمَّد به ايران رفت.", "en", "fa"),
        TMPair("Muhammad went to Iran.", "ذهب مُحمّد إلى إيران.", "en", "ar"),
        TMPair("The council met in Tiranës.", "Këshilli u mblodh në Tiranë.", "en", "sq"),
    ], origin_ref="test")
    return project


@pytest.mark.parametrize(("query", "expected"), [
    ("کتاب", "⟦كتاب⟧"),        # Persian keheh finds Arabic kaf
    ("میخواهم", "⟦می‌خواهم⟧"),  # no ZWNJ finds ZWNJ
    ("2019", "⟦۲۰۱۹⟧"),         # ASCII digits find Persian digits
    ("٢٠١٩", "⟦۲۰۱۹⟧"),         # Arabic-Indic digits too
    ("محمد", "⟦مُحَمَّد⟧"),       # no harakat finds harakat
    ("ایران", "⟦ايران⟧"),       # Persian yeh finds Arabic yeh
])
def test_concordance_folds_arabic_script_variants(persian_tm: Project, query: str,
                                                  expected: str) -> None:
    hits = concordance(persian_tm.db, query, tgt_lang="fa")
    assert len(hits) == 1
    assert expected in mark(hits[0].target, hits[0].target_spans)


def test_concordance_sides_languages_and_prefixes(persian_tm: Project) -> None:
    db = persian_tm.db
    assert {h.tgt_lang for h in concordance(db, "Muhammad")} == {"fa", "ar"}
    assert [h.tgt_lang for h in concordance(db, "muhammad", tgt_lang="ar")] == ["ar"]
    assert concordance(db, "Muhammad", side="target") == []
    hit = concordance(db, "tiran", side="both")[0]  # prefix and accents: Tiranës, Tiranë
    assert mark(hit.source, hit.source_spans) == "The council met in ⟦Tiranës⟧."
    assert mark(hit.target, hit.target_spans) == "Këshilli u mblodh në ⟦Tiranë⟧."
    assert concordance(db, 'book "of', side="source")  # quotes are text, not FTS syntax


def test_concordance_cli_marks_hits(persian_tm: Project, capsys: pytest.CaptureFixture[str]
                                    ) -> None:
    assert main(["--project", str(persian_tm.path), "concordance", "کتاب", "--to", "fa"]) == 0
    out = capsys.readouterr().out
    assert "fa: من ⟦كتاب⟧ ۲۰۱۹ را می‌خواهم." in out and "1 hit" in out


def _words(prefix: str, n: int = 20) -> list[str]:
    """n distinct letter-only words, unique to `prefix`."""
    return [f"{prefix}{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(n)]


def _sentence(words: list[str]) -> str:
    return " ".join(words) + "."


def _edited(words: list[str], k: int) -> str:
    return _sentence([f"zz{w}" if i < k else w for i, w in enumerate(words)])


def test_analysis_bands_on_a_crafted_project(project: Project, tmp_path: Path) -> None:
    bands = {"hundred": 0, "ninefive": 1, "ninety": 2, "eighty": 4, "sixty": 8}  # of 20 words
    memory = [TMPair(_edited(_words(p), k), f"t{p}", "en", "sq") for p, k in bands.items()]
    add_units(project.db, memory, origin_ref="crafted")
    ctx = [_sentence(_words("pre", 5)), _sentence(_words("mid", 5)), _sentence(_words("nxt", 5))]
    first = add_doc(project, ctx, "first")
    set_translation(project.db, first[1], "sq", "mid translated")
    fresh = _sentence(_words("new"))
    add_doc(project, [_sentence(_words(p)) for p in bands] + [fresh, fresh] + ctx, "second")
    doc = analyze(project.db, ["sq"])[0]
    got = {b: (c.segments, c.words) for b, c in doc.total.items()}
    assert got == {"repetitions": (3, 30), "101%": (1, 5), "100%": (1, 20), "95–99%": (1, 20),
                   "85–94%": (1, 20), "75–84%": (1, 20), "50–74%": (1, 20),
                   "no match": (4, 35)}
    assert doc.progress["translated"] == 1
    second = doc.documents[1]
    assert second.bands["repetitions"].segments == 3  # the fresh repeat, pre and nxt again
    out = tmp_path / "a.json"
    assert main(["--project", str(project.path), "analyze", "--to", "sq", "--json",
                 str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data[0]["total"]["101%"] == {"segments": 1, "words": 5}
    assert [band_of(s) for s in (101, 100, 99, 95, 94, 85, 75, 74, 50, 49, None)] == [
        "101%", "100%", "95–99%", "95–99%", "85–94%", "85–94%", "75–84%", "50–74%",
        "50–74%", "no match", "no match"]


def test_pretranslate_tm_only_fills_exact_and_fuzzy_never_human_work(project: Project) -> None:
    db = project.db
    ids = add_doc(project, [COUNCIL, "Other words entirely.", COUNCIL,
                            "The council met in Durrës on Monday.", COUNCIL])
    set_translation(db, ids[0], "sq", COUNCIL_SQ)
    set_translation(db, ids[4], "sq", "mine", status="draft")
    [summary] = pretranslate(project, ["sq"], use_mt=False)
    assert (summary.segments, summary.exact, summary.fuzzy, summary.mt, summary.untouched) == (
        3, 1, 1, 0, 1)
    exact, fuzzy = get_translation(db, ids[2], "sq"), get_translation(db, ids[3], "sq")
    assert (exact.status, exact.origin, exact.flags) == ("translated", "tm", "tm:100")
    assert (fuzzy.status, fuzzy.origin, fuzzy.flags, fuzzy.text) == (
        "draft", "tm", "tm:86", COUNCIL_SQ)
    assert get_translation(db, ids[4], "sq").text == "mine"
    assert get_translation(db, ids[1], "sq") is None


def test_pretranslate_conflicting_exact_matches_become_a_flagged_draft(project: Project) -> None:
    add_units(project.db, [TMPair(COUNCIL, COUNCIL_SQ, "en", "sq"),
                           TMPair(COUNCIL, "Këshilli u takua në Tiranë të hënën.", "en", "sq")],
              origin_ref="two.tmx")
    ids = add_doc(project, [COUNCIL])
    [summary] = pretranslate(project, ["sq"], use_mt=False)
    t = get_translation(project.db, ids[0], "sq")
    assert (summary.exact, t.status, t.flags) == (1, "draft", "tm:100,tm-multiple")


def test_pretranslate_without_model_keeps_tm_work_and_fails_clearly(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    ids = add_doc(project, [COUNCIL, COUNCIL, "Something new."])
    set_translation(project.db, ids[0], "sq", COUNCIL_SQ)
    assert main(["--project", str(project.path), "pretranslate", "--to", "sq"]) == 1
    out = capsys.readouterr().out
    assert "models install" in out
    assert get_translation(project.db, ids[1], "sq").status == "translated"
    assert main(["--project", str(project.path), "pretranslate", "--to", "sq", "--no-mt"]) == 0


def test_pretranslate_never_inserts_test_model_output(project: Project, installed_models: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    ids = add_doc(project, [COUNCIL, COUNCIL, "Something new.", "Another new sentence."])
    set_translation(project.db, ids[0], "sq", COUNCIL_SQ)
    assert main(["--project", str(project.path), "pretranslate", "--to", "sq"]) == 0
    out = capsys.readouterr().out
    assert "2 MT outputs come from a test model" in out
    assert get_translation(project.db, ids[1], "sq").origin == "tm"
    for sid in ids[2:]:
        assert get_translation(project.db, sid, "sq") is None
        suggestion = get_suggestion(project.db, sid, "sq")
        assert suggestion is not None and suggestion.is_test_model


def test_confirmed_translations_reach_concordance_and_leave_it(project: Project) -> None:
    ids = add_doc(project, ["I want the book."])
    set_translation(project.db, ids[0], "fa", "من كتاب را می‌خواهم.")
    assert [h.unit_id for h in concordance(project.db, "کتاب", tgt_lang="fa")]
    set_translation(project.db, ids[0], "fa", "من كتاب را می‌خواهم.", status="draft")
    assert concordance(project.db, "کتاب", tgt_lang="fa") == []


def test_pretranslate_one_document_only(project: Project) -> None:
    first = add_doc(project, [COUNCIL, "Elsewhere."], "first")
    second = add_doc(project, [COUNCIL], "second")
    set_translation(project.db, first[1], "sq", "Gjetkë.")
    add_units(project.db, [TMPair(COUNCIL, COUNCIL_SQ, "en", "sq")], origin_ref="t")
    doc = project.db.execute("SELECT document_id FROM segments WHERE id = ?",
                             (second[0],)).fetchone()[0]
    [summary] = pretranslate(project, ["sq"], doc_id=doc, use_mt=False)
    assert summary.exact == 1
    assert get_translation(project.db, second[0], "sq").text == COUNCIL_SQ
    assert get_translation(project.db, first[0], "sq") is None
