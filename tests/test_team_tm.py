"""The translation memory the PostgreSQL way: folding in SQL that agrees with match_key,
concordance with full-text search, fuzzy candidates from the trigram index."""

from __future__ import annotations

import pytest
from test_store import page

from workbench.project import open_project
from workbench.store.documents import list_segments, save_document
from workbench.store.pg import tm as pgtm
from workbench.store.tm import UnitRow
from workbench.store.tm import add_units as import_tm
from workbench.store.translations import set_translation
from workbench.text.normalize import match_key
from workbench.tm.concordance import concordance
from workbench.tm.lookup import lookup

TRICKY = ["مريم رجوي", "مریم رجوی", "می‌خواهم", "كتاب", "ۀ", "سال ۱۴۰۲ و ٢٠٢٣", "Tiranë",
          "Qeveria\u00a0e Shqipërisë", "  spaces   inside ", "بِسْمِ", "ـکـتـاب", "“quoted”",
          "ASCII: a\ttab, a `backtick`, CR\r\nLF, MiXeD  Case"]


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
        assert [h.target for h in concordance(p.db, "رجوي با", side="target")] == [
            "مریم رجوی با شورا در تیرانا دیدار کرد."]
        assert concordance(p.db, "Tirana", tgt_lang="sq") == []
        near = lookup(p.db, "Maryam Rajavi met the council in Paris.", "en", "fa")
        assert [m.target for m in near] == ["مریم رجوی با شورا در تیرانا دیدار کرد."]
        assert 50 < near[0].score < 100
        assert lookup(p.db, "Completely unrelated words here", "en", "fa") == []


def test_units_written_by_plain_sql_are_indexed_by_the_next_search(pg_location: str) -> None:
    """A unit another program inserted without the index columns is still found."""
    with open_project(pg_location) as p:
        p.db.execute("INSERT INTO tm_units(src_lang, tgt_lang, source, target, origin,"
                     " created_at, updated_at) VALUES ('en', 'sq', 'The council met.',"
                     " 'Këshilli u mblodh.', 'tm', '2024-01-01', '2024-01-01')")
        assert [m.score for m in lookup(p.db, "The council met.", "en", "sq")] == [100]
        assert pgtm.pending(p.db) == 0
        words = p.db.execute("SELECT sum(df) FROM tm_token_df").fetchone()[0]
        assert words == 3  # the, council, met
        p.db.execute("DELETE FROM tm_units")
        assert p.db.execute("SELECT sum(df) FROM tm_token_df").fetchone()[0] == 0


def test_fuzzy_candidates_follow_edits_and_deletes_of_units(pg_location: str) -> None:
    """The posting table (tm_cand) the lookup reads is kept by the server: a unit whose source
    another program rewrote is found by its new words only, a deleted one not at all."""
    old = "The council met in Tirana on Monday to discuss the budget."
    new = "The assembly gathered in Durrës last week to approve the plan."
    with open_project(pg_location) as p:
        p.db.execute("INSERT INTO tm_units(src_lang, tgt_lang, source, target, origin,"
                     " created_at, updated_at) VALUES ('en', 'sq', ?, 'Këshilli u mblodh.',"
                     " 'tm', '2024-01-01', '2024-01-01')", (old,))
        assert [m.source for m in lookup(p.db, old.replace("Monday", "Friday"), "en",
                                         "sq")] == [old]
        p.db.execute("UPDATE tm_units SET source = ?, df_words = NULL", (new,))
        assert lookup(p.db, old.replace("Monday", "Friday"), "en", "sq") == []
        assert [m.source for m in lookup(p.db, new.replace("week", "month"), "en",
                                         "sq")] == [new]
        postings = "SELECT count(*) FROM tm_cand"
        assert p.db.execute(postings).fetchone()[0] == p.db.execute(
            "SELECT sum(cardinality(cand_terms)) FROM tm_units").fetchone()[0] > 0
        p.db.execute("DELETE FROM tm_units")
        assert lookup(p.db, new, "en", "sq") == []
        assert p.db.execute(postings).fetchone()[0] == 0


def test_a_memory_stored_before_the_posting_table_is_indexed_by_the_upgrade(
        pg_location: str) -> None:
    """A team project whose units were written when candidates came from the GIN index
    (before PG 0720): opening it with this version fills tm_cand from the units' terms, so
    their fuzzy matches are still found, and drops the index nothing reads."""
    stored = "The council met in Tirana on Monday to discuss the budget."
    with open_project(pg_location) as p:  # back to the schema before 0720
        p.db.execute("DROP TABLE tm_cand")
        p.db.execute("DROP FUNCTION wb_tm_cand() CASCADE")  # and its triggers
        gin = "SELECT to_regclass('tm_units_cand')"
        assert p.db.execute(gin).fetchone()[0] is None  # a new database has none (0760)
        p.db.execute("CREATE INDEX tm_units_cand ON tm_units USING gin (cand_terms)")  # 0750's
        p.db.execute("DELETE FROM schema_migrations WHERE name IN"
                     " ('0720_tm_cand_postings', '0760_tm_cand_no_gin')")
        import_tm(p.db, [UnitRow("en", "sq", stored, "Këshilli u mblodh.", "tm", "translated",
                                 None, "2024-01-01", "2024-01-01", None)])
    with open_project(pg_location) as p:
        assert [m.source for m in lookup(p.db, stored.replace("Monday", "Friday"), "en",
                                         "sq")] == [stored]
        assert p.db.execute(gin).fetchone()[0] is None
