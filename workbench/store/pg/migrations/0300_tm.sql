-- Translation memory on PostgreSQL: what SQLite does with FTS5 (0300_tm.sql) done the
-- PostgreSQL way.
--
-- * wb_fold(text) is workbench.text.normalize.match_key in SQL (the same FOLD_TABLE, generated
--   from it; tests/test_team_tm.py checks they agree): Arabic/Persian letter variants (ي/ی,
--   ك/ک, ة/ه, hamza forms), Persian and Arabic-Indic digits, ZWNJ/ZWJ, tatweel, harakat and bidi
--   controls folded away, case folded, spaces collapsed. It is IMMUTABLE, so indexes use it.
-- * Concordance: a tsvector of each side's folded text ('simple' configuration: no stemming,
--   so Albanian, Persian and Arabic words are matched as written), GIN-indexed.
-- * Fuzzy candidates: pg_trgm's trigram GIN index on the folded source; `%` / similarity()
--   find near matches without scanning, and rapidfuzz scores the few candidates as on SQLite.
-- pg_trgm is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE FUNCTION wb_fold(t TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT btrim(regexp_replace(lower(translate(regexp_replace(normalize(t, NFC),
        '[\u00AD\u0640\u064B-\u065F\u0670\u06D6-\u06ED\u200B-\u200F\u202A-\u202E\u2066-\u2069\uE000-\uEBFF\uFEFF]', '', 'g'),
        U&'\0009\000A\000D\0060\00A0\00AB\00B4\00BB\02BC\0622\0623\0624\0625\0626\0629\0649\0660\0661\0662\0663\0664\0665\0666\0667\0668\0669\0671\0672\0673\06A9\06AA\06BE\06C0\06CC\06CD\06D0\06D5\06F0\06F1\06F2\06F3\06F4\06F5\06F6\06F7\06F8\06F9\2009\2010\2011\2012\2013\2014\2018\2019\201A\201B\201C\201D\201E\202F\2212',
        U&'\0020\0020\0020\0027\0020\0022\0027\0022\0027\0627\0627\0648\0627\064A\0647\064A0123456789\0627\0627\0627\0643\0643\0647\0647\064A\064A\064A\06470123456789\0020\002D\002D\002D\002D\002D\0027\0027\0027\0027\0022\0022\0022\0020\002D')), '\s+', ' ', 'g'))
$$;

ALTER TABLE tm_units ADD COLUMN src_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', wb_fold(source))) STORED;
ALTER TABLE tm_units ADD COLUMN tgt_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', wb_fold(target))) STORED;
CREATE INDEX tm_units_src_tsv ON tm_units USING gin (src_tsv);
CREATE INDEX tm_units_tgt_tsv ON tm_units USING gin (tgt_tsv);
CREATE INDEX tm_units_trgm ON tm_units USING gin (source_norm gin_trgm_ops);
CREATE INDEX tm_units_pairs ON tm_units (src_lang, tgt_lang);

-- Imported/aligned pairs are stored once per language pair and texts (as SQLite's
-- tm_units_pair); hashed, since a B-tree entry cannot hold a long segment.
CREATE UNIQUE INDEX tm_units_pair ON tm_units (src_lang, tgt_lang, md5(source), md5(target))
    WHERE segment_id IS NULL;
