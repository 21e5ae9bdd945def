-- Team work (issue 19): the change feed, and revisions that never repeat.
--
-- change_log: every change to a translation (and each glossary revision) gets a sequence
-- number; an open TUI reads what came after the last number it saw (store.changes), woken by
-- PRAGMA data_version on this backend (LISTEN/NOTIFY on PostgreSQL). Pruned by the trigger.
CREATE TABLE change_log (
    seq        INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,            -- translation | glossary
    segment_id INTEGER,
    lang       TEXT,
    revision   INTEGER,
    status     TEXT,                     -- NULL: the translation was removed (undo)
    actor      TEXT NOT NULL DEFAULT ''
);

CREATE TRIGGER translations_log_insert AFTER INSERT ON translations BEGIN
    INSERT INTO change_log(kind, segment_id, lang, revision, status)
    VALUES ('translation', new.segment_id, new.lang, new.revision, new.status);
    DELETE FROM change_log WHERE seq < (SELECT max(seq) FROM change_log) - 20000;
END;
CREATE TRIGGER translations_log_update AFTER UPDATE ON translations BEGIN
    INSERT INTO change_log(kind, segment_id, lang, revision, status)
    VALUES ('translation', new.segment_id, new.lang, new.revision, new.status);
END;
CREATE TRIGGER translations_log_delete AFTER DELETE ON translations BEGIN
    INSERT INTO change_log(kind, segment_id, lang, revision, status)
    VALUES ('translation', old.segment_id, old.lang, old.revision, NULL);
END;
CREATE TRIGGER glossary_state_log AFTER UPDATE ON glossary_state BEGIN
    INSERT INTO change_log(kind, revision) VALUES ('glossary', new.revision);
END;

-- The revision a translation reached with each recorded change. A translation removed by undo
-- and written again continues from the highest revision it ever had, so a revision number is
-- never reused: a client holding revision 3 of the removed text cannot overwrite the new one.
ALTER TABLE translation_history ADD COLUMN revision INTEGER;

-- A local copy of a team project (`team pull`, `team push`): per translation, the local and the
-- team revision at the last sync, so the next one knows which side changed since.
CREATE TABLE team_sync (
    segment_id     INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    lang           TEXT NOT NULL,
    local_revision INTEGER NOT NULL,
    team_revision  INTEGER NOT NULL,
    PRIMARY KEY (segment_id, lang)
);
