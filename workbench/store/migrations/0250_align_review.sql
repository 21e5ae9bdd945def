-- Review at site scale: links a person accepted in bulk (above a confidence threshold), a
-- reviewer's corrected translation text, edits marked so a re-run never discards them, runs
-- grouped into batches, and the aligner's confidence kept on the TM units links become.

CREATE TABLE alignment_links_v2 (
    id           INTEGER PRIMARY KEY,
    alignment_id INTEGER NOT NULL REFERENCES alignments(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    src_ids      TEXT NOT NULL DEFAULT '[]',
    tgt_ids      TEXT NOT NULL DEFAULT '[]',
    confidence   REAL NOT NULL,               -- the aligner's, never overwritten by a review
    -- draft: unreviewed; confirmed: a person checked this link; accepted: a person accepted
    -- every link above a threshold. Only confirmed and accepted links reach the TM.
    status       TEXT NOT NULL DEFAULT 'draft'
                 CHECK (status IN ('draft', 'confirmed', 'accepted')),
    tgt_text     TEXT,                        -- reviewer's corrected translation (NULL: edition's)
    edited       INTEGER NOT NULL DEFAULT 0   -- 1: merged, split, moved or retyped by a person
);
INSERT INTO alignment_links_v2(id, alignment_id, position, src_ids, tgt_ids, confidence, status)
    SELECT id, alignment_id, position, src_ids, tgt_ids, confidence, status FROM alignment_links;
DROP TABLE alignment_links;
ALTER TABLE alignment_links_v2 RENAME TO alignment_links;
CREATE INDEX alignment_links_order ON alignment_links(alignment_id, position);

ALTER TABLE alignments ADD COLUMN batch TEXT;  -- the run (pairs file, folders) it came from
-- Set when the pages were aligned again as new versions: the newer alignment replaces this
-- one in the lists (this one stays, with its review, for the record).
ALTER TABLE alignments ADD COLUMN superseded_by INTEGER REFERENCES alignments(id)
    ON DELETE SET NULL;
CREATE INDEX alignments_docs ON alignments(src_doc_id, tgt_doc_id);

-- Confidence of an aligned pair in the TM (NULL for every other origin).
ALTER TABLE tm_units ADD COLUMN confidence REAL;
