-- A leaner translation memory: every text is stored once (tm_units.source / target); the
-- search indexes hold postings only. What 0300 stored twice and this migration removes:
-- * tm_units.source_norm, and tm_units_lookup (a B-tree copy of it): the match key is
--   recomputed from `source` (workbench.text.normalize.match_key); exact lookups and the
--   duplicate check of imported pairs use one integer index on a 64-bit hash of the key;
-- * tm_units_pair (a B-tree copy of source + target): duplicates are found through the same
--   hash and compared in full by store.tm.add_units;
-- * tm_fts's content table (folded copies of both sides): tm_fts becomes contentless;
-- * tm_cand's per-row token counts (columnsize=0: fuzzy lookup never ranks by them).
-- Existing units stay; the indexes are rebuilt by the first search (store.tm.refresh).

DROP TRIGGER tm_units_queue_insert;
DROP TRIGGER tm_units_queue_update;
DROP TRIGGER tm_units_queue_delete;
DROP INDEX tm_units_lookup;
DROP INDEX tm_units_pair;
ALTER TABLE tm_units DROP COLUMN source_norm;

-- store.tm.key_hash(match key of source); NULL until the unit is indexed.
ALTER TABLE tm_units ADD COLUMN key_hash INTEGER;
CREATE INDEX tm_units_key ON tm_units(key_hash);

-- Concordance: folded source and target (match_key), rowid = tm_units.id, postings only.
DROP TABLE tm_fts;
CREATE VIRTUAL TABLE tm_fts USING fts5(src_key, tgt_key, content = '',
    tokenize = 'unicode61 remove_diacritics 2');

-- Candidate index of fuzzy lookup: per unit, its source words and word pairs prefixed by the
-- language pair ("en_fa_1_council", "en_fa_2_the_council"), row ids only.
DROP TABLE tm_cand;
CREATE VIRTUAL TABLE tm_cand USING fts5(terms, content = '', detail = none, columnsize = 0,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '_'");

-- Terms are buffered in memory up to 16 MB (default 1 MB) before FTS5 writes them out: fewer,
-- larger segments to merge later; measured ~25 % faster bulk indexing and a smaller index.
INSERT INTO tm_fts(tm_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO tm_cand(tm_cand, rank) VALUES ('hashsize', 16777216);

DELETE FROM tm_token_df;

-- How far the indexes reach: every unit with id <= indexed_upto is indexed unless it is queued.
-- Bulk imports append above it and index as they go, so they queue nothing.
CREATE TABLE tm_index_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_upto INTEGER NOT NULL
);
INSERT INTO tm_index_state(id, indexed_upto) VALUES (1, 0);

-- Indexed units changed or deleted since: the state they were indexed in (NULLs: not indexed),
-- which is what a contentless FTS5 table needs to be told to forget a row.
DROP TABLE tm_index_queue;
CREATE TABLE tm_index_queue (
    unit_id  INTEGER PRIMARY KEY,
    src_lang TEXT,
    tgt_lang TEXT,
    source   TEXT,
    target   TEXT
);

-- Not INSERT OR IGNORE: inside a trigger the outer statement's conflict handling wins, so an
-- upsert into tm_units (the translation sync) would abort on a queued id. The first change
-- after indexing is recorded; later ones keep it (it is what the index still holds).
CREATE TRIGGER tm_units_queue_insert AFTER INSERT ON tm_units
    WHEN new.id <= (SELECT indexed_upto FROM tm_index_state) BEGIN
    INSERT INTO tm_index_queue(unit_id) SELECT new.id
        WHERE NOT EXISTS (SELECT 1 FROM tm_index_queue WHERE unit_id = new.id);
END;

CREATE TRIGGER tm_units_queue_update AFTER UPDATE OF source, target, src_lang, tgt_lang
    ON tm_units WHEN old.id <= (SELECT indexed_upto FROM tm_index_state) BEGIN
    INSERT INTO tm_index_queue(unit_id, src_lang, tgt_lang, source, target)
        SELECT old.id, old.src_lang, old.tgt_lang, old.source, old.target
        WHERE NOT EXISTS (SELECT 1 FROM tm_index_queue WHERE unit_id = old.id);
END;

CREATE TRIGGER tm_units_queue_delete AFTER DELETE ON tm_units
    WHEN old.id <= (SELECT indexed_upto FROM tm_index_state) BEGIN
    INSERT INTO tm_index_queue(unit_id, src_lang, tgt_lang, source, target)
        SELECT old.id, old.src_lang, old.tgt_lang, old.source, old.target
        WHERE NOT EXISTS (SELECT 1 FROM tm_index_queue WHERE unit_id = old.id);
END;
