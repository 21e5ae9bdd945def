"""TM storage: projects from the 0300 layout migrate keeping every unit, the contentless indexes
forget exactly what changed, duplicates never merge on a hash collision, batches commit."""

from __future__ import annotations

import random
import resource
import sqlite3
import struct
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from test_tm_lookup import COUNCIL, COUNCIL_SQ, add_doc

from workbench.project import Project
from workbench.store import db as storedb
from workbench.store import tm as store_tm
from workbench.store import tm_prepare, tm_terms
from workbench.store.translations import set_translation
from workbench.text.normalize import match_key
from workbench.tm.concordance import concordance, mark
from workbench.tm.lookup import lookup
from workbench.tm.units import TMPair, add_units

STAMP = "2024-03-01T10:00:00Z"
PERSIAN = [("I want the book of 2019.", "من كتاب ۲۰۱۹ را می‌خواهم."),
           ("Muhammad went to Iran.", "مُحَمَّد به ايران رفت.")]


def schema_before(path: Path, migration: str) -> sqlite3.Connection:
    """A new project file as a workbench without `migration` and later ones wrote it."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    for name, sql in storedb.known_migrations():
        if name >= migration:
            break
        conn.executescript(sql)
        conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, STAMP))
    conn.execute(f"PRAGMA application_id = {storedb.APPLICATION_ID}")
    return conn


def old_layout_project(path: Path) -> list[tuple[object, ...]]:
    """A project as workbench wrote it before 0350: migrations up to 0300, units with
    source_norm, the old indexes filled and one unit still queued. Returns the units."""
    conn = schema_before(path, "0350")
    conn.execute("INSERT INTO documents(id, title, doc_key, lang, format, content_hash,"
                 " imported_at) VALUES (1, 'doc', 'doc', 'en', 'text', 'h', ?)", (STAMP,))
    conn.execute("INSERT INTO passages(id, document_id, position, kind, text)"
                 " VALUES (1, 1, 0, 'paragraph', 'x')")
    sentences = ["Good morning.", COUNCIL, "It rained."]
    for pos, text in enumerate(sentences):
        conn.execute("INSERT INTO segments(id, document_id, passage_id, position, text, norm,"
                     " checksum, lang, words) VALUES (?, 1, 1, ?, ?, ?, 'c', 'en', 3)",
                     (pos + 1, pos, text, match_key(text)))
    conn.execute("INSERT INTO translations(segment_id, lang, text, status, origin,"
                 " created_at, updated_at) VALUES (2, 'sq', ?, 'translated', 'human', ?, ?)",
                 (COUNCIL_SQ, STAMP, STAMP))
    units = [("en", "fa", s, t, match_key(s), "human", None, None, None, "file:a.tmx")
             for s, t in PERSIAN]
    units.append(("en", "sq", COUNCIL, COUNCIL_SQ, match_key(COUNCIL), "human", 2,
                  match_key(sentences[0]), match_key(sentences[2]), "document:1"))
    units.append(("en", "sq", "The council met in Durrës on Monday.", "Durrës", match_key(
        "The council met in Durrës on Monday."), "aligned", None, None, None, "alignment:1"))
    for u in units:
        conn.execute("INSERT INTO tm_units(src_lang, tgt_lang, source, target, source_norm,"
                     " origin, segment_id, prev_norm, next_norm, origin_ref, created_at,"
                     " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", (*u, STAMP, STAMP))
    # what 0300's tm.index.refresh wrote for all but the last unit (still queued)
    for uid, src, tgt, key, t in conn.execute(
            "SELECT id, src_lang, tgt_lang, source_norm, target FROM tm_units"
            " WHERE id < 4").fetchall():
        conn.execute("INSERT INTO tm_fts(rowid, pair, src_key, tgt_key) VALUES (?,?,?,?)",
                     (uid, f"{src} {tgt}", key, match_key(t)))
        conn.execute("DELETE FROM tm_index_queue WHERE unit_id = ?", (uid,))
    rows = conn.execute("SELECT id, src_lang, tgt_lang, source, target, origin, segment_id,"
                        " prev_norm, next_norm, origin_ref, created_at, updated_at"
                        " FROM tm_units ORDER BY id").fetchall()
    conn.close()
    return rows


def test_a_project_of_the_old_layout_migrates_and_keeps_every_unit(tmp_path: Path) -> None:
    path = tmp_path / "old.wbproj"
    before = old_layout_project(path)
    conn = Project(path, create=False).db  # opening migrates
    after = conn.execute("SELECT id, src_lang, tgt_lang, source, target, origin, segment_id,"
                         " prev_norm, next_norm, origin_ref, created_at, updated_at"
                         " FROM tm_units ORDER BY id").fetchall()
    assert [tuple(r) for r in after] == [tuple(r) for r in before]
    columns = {r[1] for r in conn.execute("PRAGMA table_info(tm_units)")}
    assert "source_norm" not in columns
    # every match kind works on the migrated units, the queued one included
    ctx = lookup(conn, COUNCIL, "en", "sq", prev_text="Good morning.", next_text="It rained.")
    assert [(m.score, m.target) for m in ctx] == [(101, COUNCIL_SQ), (86, "Durrës")]
    hits = concordance(conn, "میخواهم", tgt_lang="fa")
    assert [mark(h.target, h.target_spans) for h in hits] == ["من كتاب ۲۰۱۹ را ⟦می‌خواهم⟧."]
    assert [h.source for h in concordance(conn, "durres")] == [
        "The council met in Durrës on Monday."]
    # a re-import of a migrated pair updates it instead of doubling it
    assert add_units(conn, [TMPair(*PERSIAN[0], "en", "fa", note="again")], origin_ref="b") == 1
    assert conn.execute("SELECT count(*), max(note) FROM tm_units").fetchone()[:] == (4, "again")
    set_translation(conn, 2, "sq", "Këshilli u mblodh.")  # the sync writes the new layout
    assert [m.target for m in lookup(conn, COUNCIL, "en", "sq", min_score=100)] == [
        "Këshilli u mblodh."]
    conn.close()


def index_snapshot(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """Every term of the concordance index with its row count, every candidate term with its
    unit ids (whatever rows hold them), and the word frequencies."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_tm_fts USING"
                 " fts5vocab(main, tm_fts, 'row')")
    out = {"tm_fts": conn.execute("SELECT term, doc FROM temp.v_tm_fts ORDER BY term"
                                  ).fetchall()}
    postings: dict[int, list[int]] = {}
    for term, first, blob in conn.execute("SELECT term, first, ids FROM tm_post UNION ALL"
                                          " SELECT term, first, ids FROM tm_post_new"
                                          " ORDER BY term, first"):
        offsets = struct.unpack(f"<{len(blob) // 2}H", blob)  # uint16 offsets from first
        postings.setdefault(term, []).extend(first + o for o in offsets)
    out["tm_post"] = sorted((term, *ids) for term, ids in postings.items())
    out["df"] = conn.execute("SELECT pair, token, df FROM tm_token_df ORDER BY 1, 2").fetchall()
    return {k: [tuple(r) for r in v] for k, v in out.items()}


def test_indexes_forget_exactly_what_edits_and_deletes_changed(project: Project) -> None:
    db = project.db
    ids = add_doc(project, ["I want the book.", COUNCIL, "Muhammad went to Iran."])
    add_units(db, [TMPair(s, t, "en", "fa") for s, t in PERSIAN], origin_ref="t")
    for sid, text in zip(ids, ["من كتاب را می‌خواهم.", "شورا", "محمد رفت."], strict=True):
        set_translation(db, sid, "fa", text)
    assert concordance(db, "شورا")
    set_translation(db, ids[1], "fa", "انجمن تشکیل شد.")       # changed after indexing
    set_translation(db, ids[2], "fa", "محمد به ایران رفت.")
    set_translation(db, ids[2], "fa", "محمد رفت.", status="draft")  # left the memory
    db.execute("DELETE FROM tm_units WHERE source = ?", (PERSIAN[1][0],))
    add_units(db, [TMPair("A new pair.", "جفت تازه", "en", "fa")], origin_ref="t")
    assert concordance(db, "شورا") == []
    assert [h.target for h in concordance(db, "انجمن")] == ["انجمن تشکیل شد."]
    assert lookup(db, "Muhammad went to Iran.", "en", "fa") == []
    edited = index_snapshot(db)
    store_tm.rebuild(db)
    assert edited == index_snapshot(db)  # the same postings as indexing from scratch


def test_a_hash_collision_never_merges_two_pairs(project: Project,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (store_tm, tm_prepare):  # where adding and looking up take the hash from
        monkeypatch.setattr(module, "key_hash", lambda key: 7)  # every key collides
    pairs = [TMPair(COUNCIL, COUNCIL_SQ, "en", "sq"), TMPair("Other words.", "Fjalë.", "en", "sq"),
             TMPair(COUNCIL, "Tjetër.", "en", "sq"), TMPair(COUNCIL, COUNCIL_SQ, "en", "fa")]
    assert add_units(project.db, pairs, origin_ref="t") == 4
    assert add_units(project.db, pairs[:1], origin_ref="t") == 1
    assert project.db.execute("SELECT count(*) FROM tm_units").fetchone()[0] == 4
    exact = lookup(project.db, COUNCIL, "en", "sq", min_score=100)
    assert sorted(m.target for m in exact) == [COUNCIL_SQ, "Tjetër."]


def test_batches_commit_one_by_one_unless_the_caller_holds_a_transaction(
        project: Project) -> None:
    def pairs() -> Iterator[TMPair]:
        for i in range(5):
            yield TMPair(f"Sentence number {i} here.", f"Fjalia {i}.", "en", "sq")
        yield TMPair(f"Sentence number {0} here.", "Fjalia 0.", "en", "sq", note="again")
        raise RuntimeError("the file ends badly")

    other = storedb.connect(project.path)
    with pytest.raises(RuntimeError):
        with storedb.transaction(project.db):
            add_units(project.db, pairs(), origin_ref="t", batch_size=2)
    assert other.execute("SELECT count(*) FROM tm_units").fetchone()[0] == 0  # all or nothing
    with pytest.raises(RuntimeError):
        add_units(project.db, pairs(), origin_ref="t", batch_size=2)
    # bounded batches: what was read before the error is stored, duplicates merged across
    assert other.execute("SELECT count(*), max(note) FROM tm_units").fetchone()[:] == (5, "again")
    assert [m.score for m in lookup(other, "Sentence number 3 here.", "en", "sq")][0] == 100
    other.close()


def test_short_and_arabic_script_queries_find_their_matches(project: Project) -> None:
    add_units(project.db, [
        TMPair("Nejat Society", "انجمن نجات", "en", "fa"),
        TMPair("Nejat Society report", "گزارش انجمن نجات", "en", "fa"),
        TMPair("انجمن نجات گزارش داد", "Nejat Society reported", "fa", "en"),
        TMPair("انجمن نجات گزارش سالانه‌ای داد", "Nejat Society gave its yearly report", "fa", "en"),
    ], origin_ref="t")
    assert lookup(project.db, "nejat society", "en", "fa")[0].score == 99  # case differs
    short = lookup(project.db, "Nejat Society", "en", "fa", min_score=60)
    assert [(m.score, m.target) for m in short] == [(100, "انجمن نجات"),
                                                    (67, "گزارش انجمن نجات")]
    persian = lookup(project.db, "انجمن نجات گزارش سالانه‌ای داد", "fa", "en", min_score=50)
    assert [(m.score, m.target) for m in persian] == [
        (100, "Nejat Society gave its yearly report"), (80, "Nejat Society reported")]
    folded = lookup(project.db, "انجمن نجات گزارش سالانه‌اي داد", "fa", "en", min_score=50)
    assert [(m.score, m.target) for m in folded] == [  # Arabic yeh for Persian: worth a glance
        (99, "Nejat Society gave its yearly report"), (80, "Nejat Society reported")]


def test_a_project_indexed_by_the_fts5_candidate_table_migrates(tmp_path: Path) -> None:
    """0360 replaces tm_cand: a project indexed before it (one unit changed since) is indexed
    again by its first search, every match kind and the concordance working."""
    path = tmp_path / "lean.wbproj"
    conn = schema_before(path, "0360")
    for uid, (s, t) in enumerate(PERSIAN, start=1):
        conn.execute("INSERT INTO tm_units(id, src_lang, tgt_lang, source, target, origin,"
                     " created_at, updated_at) VALUES (?, 'en', 'fa', ?, ?, 'human', ?, ?)",
                     (uid, s, t, STAMP, STAMP))
        conn.execute("INSERT INTO tm_fts(rowid, src_key, tgt_key) VALUES (?, ?, ?)",
                     (uid, match_key(s), match_key(t)))
        tokens = tm_terms.key_tokens(match_key(s))
        conn.execute("INSERT INTO tm_cand(rowid, terms) VALUES (?, ?)",
                     (uid, store_tm.cand_text(store_tm.term_prefix("en fa"), tokens)))
    conn.execute("UPDATE tm_index_state SET indexed_upto = 2")
    conn.execute("UPDATE tm_units SET target = 'محمد رفت.' WHERE id = 2")  # queued
    conn.close()
    db = Project(path, create=False).db
    assert db.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'tm_cand'"
                      ).fetchone()[0] == 0
    assert [(m.score, m.target) for m in lookup(db, "Muhammad went to Iran!", "en", "fa")] == [
        (98, "محمد رفت.")]  # the punctuation differs
    assert [m.score for m in lookup(db, "I want the book of 2020.", "en", "fa")] == [81]
    assert [h.target for h in concordance(db, "محمد")] == ["محمد رفت."]
    assert store_tm.pending(db) == 0


def test_postings_stay_exact_across_bulk_rows_merges_and_splits(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bulk batches write a row per term to tm_post_new, moved to tm_post in term slices;
    small writes merge into rows of either table, full or wide rows split; after edits and
    deletes in the middle of all that, the candidate index holds what indexing from scratch
    gives, and lookups find the edited units."""
    monkeypatch.setattr(store_tm, "APPEND_FROM", 50)   # batches of 60 append rows
    monkeypatch.setattr(store_tm, "ROW_IDS", 40)       # small writes overflow rows soon
    monkeypatch.setattr(store_tm, "_SPAN", 64)         # and rows split on their id span
    monkeypatch.setattr(store_tm, "SETTLE_ROWS", 500)  # moved every few batches
    monkeypatch.setattr(store_tm, "BATCH", 40)         # in slices of 40 rows
    db = project.db
    words = ["council", "met", "in", "the", "city", "on", "monday", "and", "rain", "fell"]

    def sentence(i: int) -> str:
        return " ".join(words[(i * k) % len(words)] for k in range(1, 5 + i % 9)) + f" {i}."

    rows = [store_tm.UnitRow("en", "sq", sentence(i), f"Fjalia {i}.", "human", "translated",
                             None, STAMP, STAMP, None) for i in range(300)]
    store_tm.add_units(db, rows, batch_size=60)
    counts = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("tm_post", "tm_post_new")]
    assert counts[0] > 0 and 0 < counts[1] < 500  # moved, and the last batches not yet
    store_tm.add_units(db, rows[:3] + [rows[0]._replace(target="Tjetër.")], batch_size=60)
    for i in (5, 70, 71, 200, 299):
        db.execute("UPDATE tm_units SET source = ? WHERE source = ?",
                   (f"Edited sentence number {i} of the rain.", sentence(i)))
    db.execute("DELETE FROM tm_units WHERE source IN (?, ?)", (sentence(6), sentence(120)))
    store_tm.add_units(db, [store_tm.UnitRow("en", "sq", sentence(i), "Re.", "human",
                                             "translated", None, STAMP, STAMP, None)
                            for i in range(300, 340)], batch_size=60)
    store_tm.refresh(db)
    edited = index_snapshot(db)
    found = lookup(db, "Edited sentence number 70 of the rain.", "en", "sq")
    assert [m.score for m in found][:1] == [100]
    assert lookup(db, sentence(120), "en", "sq", min_score=100) == []
    assert [m.target for m in lookup(db, sentence(333), "en", "sq", min_score=100)] == ["Re."]
    store_tm.rebuild(db)
    assert edited == index_snapshot(db)  # the same postings as indexing from scratch
    for (blob,) in db.execute("SELECT ids FROM tm_post UNION ALL SELECT ids FROM tm_post_new"):
        offsets = struct.unpack(f"<{len(blob) // 2}H", blob)
        assert offsets[0] == 0 and list(offsets) == sorted(set(offsets)) and offsets[-1] < 64


def test_the_numpy_candidate_choice_is_most_shared() -> None:
    """SQLite's candidate choice (numpy, over tm_post's lists) and the shared `most_shared`
    (PostgreSQL's) keep the same units: most lists first, then the first lists' units."""
    rnd = random.Random(5)
    for _ in range(200):
        lists = [sorted(rnd.sample(range(1, 400), rnd.randint(0, 60)))
                 for _ in range(rnd.randint(1, 12))]
        limit = rnd.randint(1, 80)
        want = store_tm.most_shared(lists, limit, max_postings=10**9)
        got = store_tm._most_shared([np.asarray(x, np.int64) for x in lists], limit)
        assert sorted(got) == sorted(want)


def bulk_rows(n: int) -> list[store_tm.UnitRow]:
    """`n` pairs in two language pairs, Latin and Persian text, with repeats: the same pair
    again within a batch and in a later batch (updated, not stored twice)."""
    rnd = random.Random(5)
    vocab = ["council", "Tirana", "Shkodër", "rights", "women", "freedom", "camp", "Ashraf",
             "the", "of", "and", "résistance", "people", "1988", "trial", "report"]
    rows = []
    for i in range(n):
        if i % 97 == 5:  # a pair seen before (in this batch or an earlier one)
            rows.append(rows[rnd.randrange(len(rows))]._replace(origin="aligned"))
            continue
        source = " ".join(rnd.choice(vocab) for _ in range(rnd.randint(2, 14))) + f" {i % 500}."
        tgt_lang, target = ("fa", f"ترجمه {i}") if i % 3 else ("sq", f"Përkthim {i}")
        rows.append(store_tm.UnitRow("en", tgt_lang, source, target, "human", "translated",
                                     "bulk", STAMP, STAMP, None))
    return rows


def stored_state(conn: sqlite3.Connection) -> tuple[object, ...]:
    units = conn.execute("SELECT id, src_lang, tgt_lang, source, target, origin, key_hash"
                         " FROM tm_units ORDER BY id").fetchall()
    return [tuple(u) for u in units], index_snapshot(conn)


def test_a_bulk_import_prepared_in_a_worker_process_stores_what_preparing_here_does(
        tmp_path: Path) -> None:
    rows = bulk_rows(2 * tm_prepare.AHEAD_FROM + 700)
    states = []
    for name, batch_size in (("worker", tm_prepare.AHEAD_FROM), ("here", 4000)):
        conn = storedb.connect(tmp_path / f"{name}.wbproj")
        store_tm.add_units(conn, rows[:10])  # already stored: the import updates them
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        assert store_tm.add_units(conn, rows, batch_size=batch_size) == len(rows)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        worker_cpu = after.ru_utime - before.ru_utime
        assert (worker_cpu > 0) == (name == "worker")  # batches of 4000 are prepared here
        states.append(stored_state(conn))
        hits = lookup(conn, rows[1].source, "en", rows[1].tgt_lang, min_score=100)
        assert rows[1].target in [h.target for h in hits]
        conn.close()
    assert states[0] == states[1]


def test_an_import_goes_on_alone_when_its_worker_dies(tmp_path: Path) -> None:
    rows = bulk_rows(300)
    worker = tm_prepare._Worker()
    assert worker.process is not None
    worker.process.kill()  # killed as the out-of-memory killer would
    worker.process.join()
    texts = worker.submit(rows)
    got, expected = worker.collect(texts), tm_prepare.prepare(texts)
    assert worker.pipe is None  # the rest of the import is prepared in the importing process
    assert (got.src_keys, got.tgt_keys, got.hashes) == (expected.src_keys, expected.tgt_keys,
                                                        expected.hashes)
    assert np.array_equal(got.postings.terms, expected.postings.terms)
    assert np.array_equal(got.postings.ids, expected.postings.ids)
    worker.close()
