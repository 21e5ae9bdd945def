-- Fuzzy candidates from a B-tree of (term, unit) postings instead of the GIN index over
-- tm_units.cand_terms (0750_tm_rare_words.sql).
--
-- A GIN index hands back heap addresses, so reading a term's posting list visited one
-- tm_units page per unit to learn its id: ~10,000 page visits per lookup, 28 ms of a 30 ms
-- candidate query at 100,000 units. tm_cand holds the same postings as rows whose primary key
-- is (term, unit_id): a posting list is one index-only range scan, a few leaf pages, in unit
-- order (as SQLite's tm_cand lists are), and never touches tm_units.
--
-- The statement triggers below keep tm_cand equal to the units' cand_terms, whoever writes
-- tm_units (the writers compute cand_terms in Python: store.pg.tm.index_values). SECURITY
-- DEFINER, as wb_tm_df: translators write units, not postings; they read tm_cand (SELECT, with
-- every table, from `team init`). No row-level security: it holds term hashes and unit ids,
-- and every team member may read every unit.
--
-- Order: this file sorts before 0750, which adds cand_terms. On a database that has 0750 the
-- postings are filled from cand_terms here and the GIN index is dropped; on a new database
-- 0750 runs after this file (tm_units is empty; the function bodies name cand_terms only when
-- they run) and creates the GIN index again, which nothing reads any more.
CREATE TABLE tm_cand (
    term    INTEGER NOT NULL,
    unit_id BIGINT NOT NULL,
    PRIMARY KEY (term, unit_id)
);

CREATE FUNCTION wb_tm_cand() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM tm_cand c USING (SELECT o.id, t FROM old_units o, unnest(o.cand_terms) t) x
            WHERE c.term = x.t AND c.unit_id = x.id;
    ELSIF TG_OP = 'UPDATE' THEN
        DELETE FROM tm_cand c USING (
            SELECT o.id, t FROM old_units o JOIN new_units n USING (id), unnest(o.cand_terms) t
            WHERE n.cand_terms IS DISTINCT FROM o.cand_terms) x
            WHERE c.term = x.t AND c.unit_id = x.id;
        INSERT INTO tm_cand(term, unit_id)
            SELECT t, n.id FROM new_units n JOIN old_units o USING (id), unnest(n.cand_terms) t
            WHERE n.cand_terms IS DISTINCT FROM o.cand_terms
            ON CONFLICT DO NOTHING;
    ELSE
        INSERT INTO tm_cand(term, unit_id)
            SELECT t, n.id FROM new_units n, unnest(n.cand_terms) t
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER tm_units_cand_insert AFTER INSERT ON tm_units
    REFERENCING NEW TABLE AS new_units FOR EACH STATEMENT EXECUTE FUNCTION wb_tm_cand();
CREATE TRIGGER tm_units_cand_update AFTER UPDATE ON tm_units
    REFERENCING OLD TABLE AS old_units NEW TABLE AS new_units
    FOR EACH STATEMENT EXECUTE FUNCTION wb_tm_cand();
CREATE TRIGGER tm_units_cand_delete AFTER DELETE ON tm_units
    REFERENCING OLD TABLE AS old_units FOR EACH STATEMENT EXECUTE FUNCTION wb_tm_cand();

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'tm_units'::regclass
               AND attname = 'cand_terms' AND NOT attisdropped) THEN
        EXECUTE 'INSERT INTO tm_cand(term, unit_id) SELECT t, id FROM tm_units,'
                ' unnest(cand_terms) t ON CONFLICT DO NOTHING';
        DROP INDEX IF EXISTS tm_units_cand;
    END IF;
END $$;
