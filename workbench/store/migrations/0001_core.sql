-- Core schema: documents → passages → segments, translations with status/origin, edit history,
-- MT suggestions, translation-memory units and project settings.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per imported version of a page. A re-import with identical content is a no-op
-- (content_hash); a changed page becomes a new version (previous_id) and the old one is kept
-- with is_current = 0.
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    source_path  TEXT,
    source_url   TEXT,
    doc_key      TEXT NOT NULL,              -- identity across versions (path or URL or title)
    lang         TEXT,                       -- main language detected
    format       TEXT NOT NULL,              -- html | text
    role         TEXT NOT NULL DEFAULT 'source' CHECK (role IN ('source', 'edition')),
    content_hash TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    previous_id  INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    is_current   INTEGER NOT NULL DEFAULT 1,
    imported_at  TEXT NOT NULL
);
CREATE INDEX documents_key ON documents(doc_key, version);
CREATE INDEX documents_hash ON documents(content_hash);

-- Structural blocks in page order: title, heading, paragraph, list_item, quote, byline.
CREATE TABLE passages (
    id              INTEGER PRIMARY KEY,
    document_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    level           INTEGER,
    lang            TEXT,
    lang_confidence REAL,
    text            TEXT NOT NULL,
    UNIQUE (document_id, position)
);

-- Sentences. `position` is the order within the document; `norm` is text.normalize.match_key;
-- `checksum` (sha1 of text) carries translations across document versions.
CREATE TABLE segments (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    passage_id  INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    norm        TEXT NOT NULL,
    checksum    TEXT NOT NULL,
    lang        TEXT,
    words       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (document_id, position)
);
CREATE INDEX segments_passage ON segments(passage_id);
CREATE INDEX segments_checksum ON segments(checksum);
CREATE INDEX segments_norm ON segments(norm);

-- The translator's target text for a segment in one language.
CREATE TABLE translations (
    id         INTEGER PRIMARY KEY,
    segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    lang       TEXT NOT NULL,
    text       TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('new', 'draft', 'translated', 'reviewed', 'approved')),
    origin     TEXT NOT NULL CHECK (origin IN ('mt', 'tm', 'human', 'aligned')),
    source_ref TEXT,                      -- model id, TM unit, alignment or file it came from
    flags      TEXT NOT NULL DEFAULT '',  -- comma-separated flags (guards, QA, glossary)
    revision   INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (segment_id, lang)
);
CREATE INDEX translations_lang_status ON translations(lang, status);

-- Every change to a translation, oldest first. undone: 0 = in effect, 1 = undone (redo-able),
-- 2 = undone and superseded by a later edit (kept for the record, no longer redo-able).
CREATE TABLE translation_history (
    id         INTEGER PRIMARY KEY,
    segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    lang       TEXT NOT NULL,
    old_text   TEXT,
    old_status TEXT,
    old_origin TEXT,
    new_text   TEXT,
    new_status TEXT,
    new_origin TEXT,
    actor      TEXT NOT NULL DEFAULT 'user',
    changed_at TEXT NOT NULL,
    undone     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX history_segment ON translation_history(segment_id, lang, id);

-- Machine translation output, kept apart from the translator's text: a suggestion is never a
-- translation until someone accepts it (or pre-translation inserts it as a draft).
CREATE TABLE suggestions (
    id            INTEGER PRIMARY KEY,
    segment_id    INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    lang          TEXT NOT NULL,
    kind          TEXT NOT NULL DEFAULT 'mt',
    text          TEXT NOT NULL,
    model         TEXT NOT NULL,             -- package id@version
    is_test_model INTEGER NOT NULL DEFAULT 0,
    flags         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    UNIQUE (segment_id, lang, kind)
);

-- Translation memory: confirmed, imported and aligned pairs, whether or not they belong to a
-- document of this project. segment_id links the pair to its project segment when it has one.
CREATE TABLE tm_units (
    id          INTEGER PRIMARY KEY,
    src_lang    TEXT NOT NULL,
    tgt_lang    TEXT NOT NULL,
    source      TEXT NOT NULL,
    target      TEXT NOT NULL,
    source_norm TEXT NOT NULL,
    origin      TEXT NOT NULL CHECK (origin IN ('mt', 'tm', 'human', 'aligned')),
    status      TEXT NOT NULL DEFAULT 'translated',
    origin_ref  TEXT,                         -- file, document or alignment it came from
    segment_id  INTEGER REFERENCES segments(id) ON DELETE SET NULL,
    prev_norm   TEXT,                         -- neighbours' source keys, for context (101%) matches
    next_norm   TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX tm_units_lookup ON tm_units(src_lang, tgt_lang, source_norm);
CREATE UNIQUE INDEX tm_units_segment ON tm_units(segment_id, tgt_lang) WHERE segment_id IS NOT NULL;
