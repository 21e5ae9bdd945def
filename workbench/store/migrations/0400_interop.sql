-- Interop with other CAT tools: what their files say beyond our own fields, kept rather than
-- dropped. Regional tags: the TM is keyed by base language (tgt_lang 'es'), and the tag as the
-- file wrote it ('es-AR') is kept beside it when it says more, so regional variants of one
-- unit are all stored and a TMX export writes them back. Identity: who created and last
-- changed a unit (TMX creationid/changeid, Trados created_by/last_modified_by, memoQ
-- lastchanginguser), as the other tools show it.
ALTER TABLE tm_units ADD COLUMN src_tag TEXT;
ALTER TABLE tm_units ADD COLUMN tgt_tag TEXT;
ALTER TABLE tm_units ADD COLUMN created_by TEXT;
ALTER TABLE tm_units ADD COLUMN changed_by TEXT;
