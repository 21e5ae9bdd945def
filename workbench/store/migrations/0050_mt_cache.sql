-- Machine-translation cache: raw model output per (model reference + decoding settings,
-- source text), so re-translating unchanged text costs a lookup. Safe to empty at any time.
CREATE TABLE mt_cache (
    model_key  TEXT NOT NULL,              -- e.g. en_sq@1.0/beam4
    source     TEXT NOT NULL,
    output     TEXT NOT NULL,
    ended      INTEGER NOT NULL DEFAULT 1,  -- 0: decoder stopped at the length cap
    created_at TEXT NOT NULL,
    PRIMARY KEY (model_key, source)
) WITHOUT ROWID;
