-- Interchange details of memory units (as SQLite 0400_interop.sql).
ALTER TABLE tm_units ADD COLUMN confidence DOUBLE PRECISION;
ALTER TABLE tm_units ADD COLUMN src_tag TEXT;
ALTER TABLE tm_units ADD COLUMN tgt_tag TEXT;
ALTER TABLE tm_units ADD COLUMN created_by TEXT;
ALTER TABLE tm_units ADD COLUMN changed_by TEXT;
