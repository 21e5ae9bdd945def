-- Team project: the change feed, and the edit history's author taken from the server.
--
-- change_log: every change to a translation (and each glossary revision) gets a sequence
-- number; clients read what came after the last number they saw. NOTIFY is only the doorbell
-- (sent at commit, so never for work that was rolled back); the log is the truth, so a client
-- that missed notifications while reconnecting still catches up. Old entries are pruned.
CREATE TABLE change_log (
    seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       TEXT NOT NULL,            -- translation | glossary
    segment_id BIGINT,
    lang       TEXT,
    revision   INTEGER,
    status     TEXT,                     -- NULL: the translation was removed (undo)
    actor      TEXT NOT NULL DEFAULT current_user
);

CREATE FUNCTION wb_log_translation() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public AS $$
DECLARE
    n BIGINT;
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO change_log(kind, segment_id, lang, revision, status, actor)
        VALUES ('translation', OLD.segment_id, OLD.lang, OLD.revision, NULL, session_user)
        RETURNING seq INTO n;
    ELSE
        INSERT INTO change_log(kind, segment_id, lang, revision, status, actor)
        VALUES ('translation', NEW.segment_id, NEW.lang, NEW.revision, NEW.status, session_user)
        RETURNING seq INTO n;
    END IF;
    IF n % 1000 = 0 THEN
        DELETE FROM change_log WHERE seq < n - 20000;
    END IF;
    PERFORM pg_notify('workbench_changes', n::text);
    RETURN NULL;
END $$;

CREATE TRIGGER translations_changed AFTER INSERT OR UPDATE OR DELETE ON translations
    FOR EACH ROW EXECUTE FUNCTION wb_log_translation();

CREATE FUNCTION wb_log_glossary() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public AS $$
DECLARE
    n BIGINT;
BEGIN
    INSERT INTO change_log(kind, revision, actor) VALUES ('glossary', NEW.revision, session_user)
    RETURNING seq INTO n;
    PERFORM pg_notify('workbench_changes', n::text);
    RETURN NULL;
END $$;

CREATE TRIGGER glossary_state_changed AFTER UPDATE ON glossary_state
    FOR EACH ROW EXECUTE FUNCTION wb_log_glossary();

-- The history's author is the database user who made the change: a client cannot write
-- someone else's name. The app's own label ('aligner', 'propagate' …) is kept beside it.
CREATE FUNCTION wb_history_actor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.actor := CASE WHEN NEW.actor IN ('user', session_user) THEN session_user
                      ELSE session_user || ' (' || NEW.actor || ')' END;
    RETURN NEW;
END $$;

CREATE TRIGGER translation_history_actor BEFORE INSERT ON translation_history
    FOR EACH ROW EXECUTE FUNCTION wb_history_actor();

-- Per-user preferences (the TUI's language, RTL mode): one translator's choice is not
-- another's. Row-level security keeps each user to their own rows (team.py).
CREATE TABLE user_settings (
    role_name TEXT NOT NULL DEFAULT current_user,
    key       TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (role_name, key)
);

-- Team members and the target languages each may write ('*' = all); filled by `team grant`.
CREATE TABLE team_members (
    role_name TEXT PRIMARY KEY,
    level     TEXT NOT NULL CHECK (level IN ('translator', 'reviewer', 'admin')),
    langs     TEXT[] NOT NULL DEFAULT '{}'
);
