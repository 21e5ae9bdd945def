-- Alignments of a source page with a translated edition, and their links.
-- A link joins zero or more source segments with zero or more edition segments (JSON arrays of
-- segment ids, in order); `position` orders links, renumbered when a reviewer merges or splits.

CREATE TABLE alignments (
    id          INTEGER PRIMARY KEY,
    src_doc_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    tgt_doc_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    src_lang    TEXT NOT NULL,
    tgt_lang    TEXT NOT NULL,
    warnings    TEXT NOT NULL DEFAULT '',  -- newline-separated warnings from the aligner
    to_memory   INTEGER NOT NULL DEFAULT 1, -- 0: not a translation; only confirmed links count
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE alignment_links (
    id           INTEGER PRIMARY KEY,
    alignment_id INTEGER NOT NULL REFERENCES alignments(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    src_ids      TEXT NOT NULL DEFAULT '[]',
    tgt_ids      TEXT NOT NULL DEFAULT '[]',
    confidence   REAL NOT NULL,
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'confirmed'))
);
CREATE INDEX alignment_links_order ON alignment_links(alignment_id, position);
