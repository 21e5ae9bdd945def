"""The translation memory the PostgreSQL way: folding in SQL that agrees with match_key,
concordance with full-text search, fuzzy candidates from the trigram index."""

from __future__ import annotations

import pytest
from test_store import page

from workbench.project import open_project
from workbench.store.documents import list_segments, save_document
from workbench.store.pg import tm as pgtm
from workbench.store.translations import set_translation
from workbench.text.normalize import match_key

TRICKY = ["مريم رجوي", "مریم رجوی", "می‌خواهم", "كتاب", "ۀ", "سال ۱۴۰۲ و ٢٠٢٣", "Tiranë",
          "Qeveria\u00a0e Shqipërisë", "  spaces   inside ", "بِسْمِ", "ـکـتـاب", "“quoted”"]


@pytest.mark.parametrize("text", TRICKY)
def test_sql_folding_agrees_with_match_key(pg_location: str, text: str) -> None:
    with open_project(pg_location) as p:
        assert p.db.execute("SELECT wb_fold(?)", (text,)).fetchone()[0] == match_key(text)


def test_confirmed_work_is_found_by_concordance_and_fuzzy_lookup(pg_location: str) -> None:
    with open_project(pg_location) as p:
        doc = save_document(p.db, page("Maryam Rajavi met the council in Tirana. | Other."))
        sid = [r["id"] for r in list_segments(p.db, doc.document_id)][1]
        set_translation(p.db, sid, "fa", "مریم رجوی با شورا در تیرانا دیدار کرد.")
        # Arabic letters and a ZWNJ in the query still find the Persian text.
        hits = pgtm.concordance(p.db, "رجوي ديدار", side="target")
        assert [h["segment_id"] for h in hits] == [sid]
        assert [h["segment_id"] for h in pgtm.concordance(p.db, "tiran*")] == [sid]
        assert pgtm.concordance(p.db, "Tirana", tgt_lang="sq") == []
        near = pgtm.fuzzy_candidates(p.db, "en", "fa", "Maryam Rajavi met the council in Paris.")
        assert [r["segment_id"] for r in near] == [sid] and 0.5 < near[0]["sim"] < 1
        assert pgtm.fuzzy_candidates(p.db, "en", "fa", "Completely unrelated words here") == []
        assert [r["segment_id"] for r in pgtm.exact(
            p.db, "en", "fa", "maryam rajavi met the council in tirana.")] == [sid]
