-- Glossary: concepts (one per person, organisation, place ...) and their terms per language.
-- A concept owns every form of its name: the English preferred form, variants and acronyms
-- (MEK / MKO / PMOI / Mojahedin-e Khalq), and per target language the approved rendering, its
-- variants (Albanian inflected forms: Tirana / Tiranë / Tiranës) and forbidden renderings
-- (Arabic letters in Persian text). `norm` is text.normalize.match_key(term): two allowed terms
-- with the same key in one concept and language are the same term, so duplicates merge instead of
-- doubling. Forbidden terms keep a letter-exact key (model.exact_key): مريم رجوي is forbidden in
-- Persian precisely because its letters differ from the approved مریم رجوی, which match_key folds.

CREATE TABLE glossary_concepts (
    id               TEXT PRIMARY KEY,          -- stable slug, e.g. 'maryam-rajavi'
    domain           TEXT NOT NULL DEFAULT '',  -- person | organisation | place | ...
    note             TEXT NOT NULL DEFAULT '',
    do_not_translate TEXT NOT NULL DEFAULT '',  -- '' | '*' (every language) | 'sq,fa'
    origin           TEXT NOT NULL DEFAULT '',  -- starter | file it was imported from | user
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

CREATE TABLE glossary_terms (
    id         INTEGER PRIMARY KEY,
    concept_id TEXT NOT NULL REFERENCES glossary_concepts(id) ON DELETE CASCADE ON UPDATE CASCADE,
    lang       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('preferred', 'variant', 'acronym', 'forbidden')),
    term       TEXT NOT NULL,
    norm       TEXT NOT NULL,                  -- match key; letter-exact for forbidden terms
    position   INTEGER NOT NULL DEFAULT 0,     -- order within (concept, lang, kind)
    UNIQUE (concept_id, lang, kind, norm)
);
CREATE INDEX glossary_terms_lookup ON glossary_terms(lang, norm);
CREATE UNIQUE INDEX glossary_terms_one_preferred ON glossary_terms(concept_id, lang)
    WHERE kind = 'preferred';

-- One row: bumped by every change so compiled matchers can be cached per revision.
CREATE TABLE glossary_state (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT INTO glossary_state(id, revision) VALUES (1, 0);

CREATE TRIGGER glossary_terms_ins AFTER INSERT ON glossary_terms
BEGIN UPDATE glossary_state SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER glossary_terms_upd AFTER UPDATE ON glossary_terms
BEGIN UPDATE glossary_state SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER glossary_terms_del AFTER DELETE ON glossary_terms
BEGIN UPDATE glossary_state SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER glossary_concepts_upd AFTER UPDATE ON glossary_concepts
BEGIN UPDATE glossary_state SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER glossary_concepts_del AFTER DELETE ON glossary_concepts
BEGIN UPDATE glossary_state SET revision = revision + 1 WHERE id = 1; END;
