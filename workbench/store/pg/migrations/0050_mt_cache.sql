-- Machine-translation cache (as SQLite 0050_mt_cache.sql). The key is hashed: a B-tree entry
-- cannot hold a long source text.
CREATE TABLE mt_cache (
    model_key  TEXT NOT NULL,
    source     TEXT NOT NULL,
    output     TEXT NOT NULL,
    ended      INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX mt_cache_key ON mt_cache(model_key, md5(source));
CREATE INDEX mt_cache_source ON mt_cache USING hash (source);
