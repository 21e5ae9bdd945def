-- Inline codes (workbench.text.codes) and the skeleton that rebuilds a translated page.
-- A segment's text holds one Private Use Area character per code; this table holds the original
-- markup of each code id of the segment (a pair's opening and closing markup, or a standalone
-- code's), and for text-like codes (URLs, @handles) the text they stand for. A translation uses
-- the same characters, so it is rebuilt into markup with its segment's rows.
CREATE TABLE segment_codes (
    segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    code_id    INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('pair', 'standalone')),
    name       TEXT NOT NULL,            -- a, b, br, img ... or url, handle, hashtag, email, pua
    open       TEXT NOT NULL,            -- opening markup (standalone: all of it)
    close      TEXT NOT NULL DEFAULT '', -- closing markup of a pair
    text       TEXT NOT NULL DEFAULT '', -- what a standalone code reads as in plain text
    PRIMARY KEY (segment_id, code_id)
) WITHOUT ROWID;

-- Where a passage sat in its page (JSON, see ingest.model.ParsedPassage.skeleton): the chain of
-- elements around it, markup that wrapped all of it, list markers of text captures.
ALTER TABLE passages ADD COLUMN skeleton TEXT NOT NULL DEFAULT '{}';
