-- Inline codes and the page skeleton (as SQLite 0600_inline_codes.sql).
CREATE TABLE segment_codes (
    segment_id BIGINT NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    code_id    INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('pair', 'standalone')),
    name       TEXT NOT NULL,
    open       TEXT NOT NULL,
    close      TEXT NOT NULL DEFAULT '',
    text       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (segment_id, code_id)
);

ALTER TABLE passages ADD COLUMN skeleton TEXT NOT NULL DEFAULT '{}';
