-- Alignment review (as SQLite 0250_align_review.sql): accepted links, corrected text, batches.
ALTER TABLE alignment_links DROP CONSTRAINT alignment_links_status_check;
ALTER TABLE alignment_links ADD CONSTRAINT alignment_links_status_check
    CHECK (status IN ('draft', 'confirmed', 'accepted'));
ALTER TABLE alignment_links ADD COLUMN tgt_text TEXT;
ALTER TABLE alignment_links ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alignments ADD COLUMN batch TEXT;
ALTER TABLE alignments ADD COLUMN superseded_by BIGINT REFERENCES alignments(id)
    ON DELETE SET NULL;
