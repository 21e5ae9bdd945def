-- Locked segments per target language (as SQLite 0510_segment_locks.sql).
CREATE TABLE segment_locks (
    segment_id BIGINT NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    lang       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (segment_id, lang)
);
