-- The candidate index of fuzzy lookup moves from an FTS5 table (tm_cand) to packed posting
-- lists the store reads and writes itself (store.tm: "Candidate postings"): per term (a 64-bit
-- hash of a source word or word pair, per language pair) rows of unit ids, each row a
-- little-endian uint16 array of offsets from its lowest id. A lookup reads a term's rows with
-- one range scan and decodes them in one numpy call; an import writes one row per term and
-- batch instead of FTS5's segments and their merges.
-- Existing units stay; the indexes are rebuilt by the first search (store.tm.refresh).

DROP TABLE tm_cand;

CREATE TABLE tm_post (
    term  INTEGER NOT NULL,  -- store.tm._term_hashes: word or word pair, language pair
    first INTEGER NOT NULL,  -- the row's lowest unit id; its ids lie below the next row's
    ids   BLOB NOT NULL,     -- uint16 offsets from first, ascending (first itself is 0)
    PRIMARY KEY (term, first)
) WITHOUT ROWID;

-- The rows of the latest bulk batches, moved into tm_post a term range at a time
-- (store.tm._settle): appending to a small table dirties few pages per batch, where every
-- batch's rows, spread over all terms, would dirty most pages of tm_post. Readers read both.
CREATE TABLE tm_post_new (
    term  INTEGER NOT NULL,
    first INTEGER NOT NULL,
    ids   BLOB NOT NULL,
    PRIMARY KEY (term, first)
) WITHOUT ROWID;

-- Index everything again: the concordance index too, so that both are in step from scratch.
INSERT INTO tm_fts(tm_fts) VALUES ('delete-all');
DELETE FROM tm_token_df;
DELETE FROM tm_index_queue;
UPDATE tm_index_state SET indexed_upto = 0;
