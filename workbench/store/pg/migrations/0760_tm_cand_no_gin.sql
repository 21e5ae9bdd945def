-- The GIN index over tm_units.cand_terms is read by nothing since 0720 (fuzzy candidates come
-- from tm_cand). 0720 drops it on a database that had 0750 already, but on a new database 0750
-- runs after 0720 and creates it again, and every write of a unit kept it up to date for
-- nothing: it is dropped here, whichever order the two ran in.
DROP INDEX IF EXISTS tm_units_cand;
