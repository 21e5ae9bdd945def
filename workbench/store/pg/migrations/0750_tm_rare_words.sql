-- Fuzzy candidates by rarest words, as on SQLite (0350_tm_lean.sql), replacing the trigram
-- index over whole sentences (p95 1.9 s at 20,000 units: every trigram of a sentence is common).
--
-- * key_hash: store.tm.key_hash of the source's match key, as on SQLite (exact matches,
--   duplicates of imported pairs, alignment evidence); B-tree.
-- * cand_terms: 32-bit hashes of the candidate terms SQLite puts in tm_cand (the source's word
--   pairs, and its words when it is short enough to match a short query), each prefixed by the
--   language pair; GIN-indexed, so a term's posting list is one index probe. A hash collision
--   only adds a candidate, which the scorer then rejects.
-- * df_words: hashes of the source's distinct words (pair-prefixed, as the one-word terms);
--   the statement triggers below keep tm_token_df (how many units hold each word) exact, so a
--   lookup reads the rarest lists first.
-- All three are computed in Python (workbench.store.pg.tm.index_values) by whoever writes the
-- unit; a unit written without them (plain SQL) is indexed by the next search (refresh).
ALTER TABLE tm_units DROP COLUMN source_norm;  -- with tm_units_lookup and tm_units_trgm
ALTER TABLE tm_units ADD COLUMN key_hash BIGINT;
ALTER TABLE tm_units ADD COLUMN cand_terms INTEGER[];
ALTER TABLE tm_units ADD COLUMN df_words INTEGER[];
CREATE INDEX tm_units_key ON tm_units (key_hash);
CREATE INDEX tm_units_cand ON tm_units USING gin (cand_terms) WITH (fastupdate = off);
CREATE INDEX tm_units_unindexed ON tm_units (id) WHERE df_words IS NULL;

CREATE TABLE tm_token_df (
    word INTEGER PRIMARY KEY,
    df   INTEGER NOT NULL
);

-- One statement's units at a time (transition tables), words in order so two writers never
-- wait on each other's rows crosswise. SECURITY DEFINER: translators write units, not counts.
CREATE FUNCTION wb_tm_df() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO tm_token_df(word, df)
            SELECT w, count(*) FROM new_units, unnest(new_units.df_words) w
            GROUP BY w ORDER BY w
            ON CONFLICT (word) DO UPDATE SET df = tm_token_df.df + excluded.df;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE tm_token_df d SET df = d.df - x.n
            FROM (SELECT w, count(*) AS n FROM old_units, unnest(old_units.df_words) w
                  GROUP BY w ORDER BY w) x
            WHERE d.word = x.w;
    ELSE
        INSERT INTO tm_token_df(word, df)
            SELECT w, sum(n) FROM (
                SELECT w, 1 AS n FROM new_units n JOIN old_units o USING (id),
                    unnest(n.df_words) w WHERE n.df_words IS DISTINCT FROM o.df_words
                UNION ALL
                SELECT w, -1 FROM new_units n JOIN old_units o USING (id),
                    unnest(o.df_words) w WHERE n.df_words IS DISTINCT FROM o.df_words) x
            GROUP BY w HAVING sum(n) <> 0 ORDER BY w
            ON CONFLICT (word) DO UPDATE SET df = tm_token_df.df + excluded.df;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER tm_units_df_insert AFTER INSERT ON tm_units
    REFERENCING NEW TABLE AS new_units FOR EACH STATEMENT EXECUTE FUNCTION wb_tm_df();
CREATE TRIGGER tm_units_df_update AFTER UPDATE ON tm_units
    REFERENCING OLD TABLE AS old_units NEW TABLE AS new_units
    FOR EACH STATEMENT EXECUTE FUNCTION wb_tm_df();
CREATE TRIGGER tm_units_df_delete AFTER DELETE ON tm_units
    REFERENCING OLD TABLE AS old_units FOR EACH STATEMENT EXECUTE FUNCTION wb_tm_df();
