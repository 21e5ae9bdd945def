-- Translation memory: notes on units, duplicate protection for imported pairs, and the FTS5
-- indexes used for concordance and as the candidate index of fuzzy lookup.

ALTER TABLE tm_units ADD COLUMN note TEXT;

-- An imported/aligned pair (no segment) is stored once per language pair, source and target;
-- a re-import updates it instead of doubling it (tm.units.add_units upserts on this index).
CREATE UNIQUE INDEX tm_units_pair ON tm_units(src_lang, tgt_lang, source, target)
    WHERE segment_id IS NULL;

-- Concordance: folded text (workbench.text.normalize.match_key) of both sides, rowid =
-- tm_units.id; `pair` ("en fa") is stored, not indexed, so a stale row can be un-indexed.
-- Folding needs Python, so rows are written by workbench.tm.index.refresh, never by SQL.
CREATE VIRTUAL TABLE tm_fts USING fts5(pair UNINDEXED, src_key, tgt_key,
    tokenize = 'unicode61 remove_diacritics 2');

-- Candidate index of fuzzy lookup: per unit, its distinct source words prefixed by the
-- language pair ("en_fa_council"), so one posting list holds only that pair's units.
-- Contentless and detail=none (row ids only, no positions): the smallest FTS5 index.
CREATE VIRTUAL TABLE tm_cand USING fts5(tokens, content = '', detail = none,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '_'");

-- Document frequency of each source word per language pair: fuzzy lookup looks up the rarest
-- words of a query first, so it reads short posting lists instead of "the" and "of".
CREATE TABLE tm_token_df (
    pair  TEXT NOT NULL,
    token TEXT NOT NULL,
    df    INTEGER NOT NULL,
    PRIMARY KEY (pair, token)
) WITHOUT ROWID;

-- Units whose index entries are stale. Triggers catch every write to tm_units (including
-- store.translations' sync of confirmed translations); tm.index.refresh folds and indexes the
-- queued units before any search, so the index can never silently miss a unit.
CREATE TABLE tm_index_queue (unit_id INTEGER PRIMARY KEY);
INSERT INTO tm_index_queue(unit_id) SELECT id FROM tm_units;

-- Not INSERT OR IGNORE: inside a trigger the outer statement's conflict handling wins, so
-- an upsert into tm_units (the translation sync, add_units) would abort on a queued id.
CREATE TRIGGER tm_units_queue_insert AFTER INSERT ON tm_units BEGIN
    INSERT INTO tm_index_queue(unit_id) SELECT new.id
        WHERE NOT EXISTS (SELECT 1 FROM tm_index_queue WHERE unit_id = new.id);
END;

CREATE TRIGGER tm_units_queue_update AFTER UPDATE OF source, target, source_norm, src_lang,
    tgt_lang ON tm_units BEGIN
    INSERT INTO tm_index_queue(unit_id) SELECT new.id
        WHERE NOT EXISTS (SELECT 1 FROM tm_index_queue WHERE unit_id = new.id);
END;

CREATE TRIGGER tm_units_queue_delete AFTER DELETE ON tm_units BEGIN
    INSERT INTO tm_index_queue(unit_id) SELECT old.id
        WHERE NOT EXISTS (SELECT 1 FROM tm_index_queue WHERE unit_id = old.id);
END;
