-- Large TM imports in short transactions (store.tm_import): an import stages its pairs here
-- while the file is read (no lookup reads the stage), then moves them into tm_units batch by
-- batch. `owner` (host:pid:start time) tells an abandoned import from a running one.
CREATE TABLE tm_imports (
    id         INTEGER PRIMARY KEY,
    origin_ref TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('reading', 'storing')),
    owner      TEXT NOT NULL,
    started_at TEXT NOT NULL
);

CREATE TABLE tm_import_rows (
    import_id INTEGER NOT NULL REFERENCES tm_imports(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    row       TEXT NOT NULL,   -- JSON array of store.tm.UnitRow's fields
    PRIMARY KEY (import_id, seq)
) WITHOUT ROWID;
