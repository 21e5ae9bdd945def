-- Locked segments, per target language: a segment the translator (or a returned hand-off file)
-- marked do-not-translate / locked. Nothing edits its translation in that language (editor,
-- confirm, find & replace), and MT, pre-translation and propagation skip it; exports mark it
-- (XLIFF 1.2 translate="no", XLIFF 2.0 and TMX a "locked" property) and import-xliff reads the
-- mark back. A row here is the lock; no row: not locked. Separate from `translations` because
-- an untranslated segment can be locked (do-not-translate) and has no translation row.
CREATE TABLE segment_locks (
    segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    lang       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (segment_id, lang)
) WITHOUT ROWID;
