-- Bilingual hand-off: a translation can carry a note (a translator's remark that travels with
-- it in XLIFF as <note>, and comes back with `import-xliff`). NULL: no note.
ALTER TABLE translations ADD COLUMN note TEXT;
