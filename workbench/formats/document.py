"""Translated documents (editions): the source page's structure with each segment's translation.

The deliverable of a site translation is the Farsi, Arabic or Albanian page, not a segment
file, so `export --format html|text` rebuilds the page the way OmegaT, memoQ and Trados write
the target document: passage by passage from the skeleton the import kept
(`ingest.model.ParsedPassage.skeleton`), each segment's translation in place of its source,
inline codes turned back into their markup (`document_html`, `document_text`).

Decisions:

* **Only what import kept is rebuilt.** Menus, share bars, cookie banners and sidebars were
  removed at import; the edition is the article, never the site around it resurrected.
* **Untranslated segments are refused by default**, with their count per document: a page
  that silently mixes English into Farsi is the one mistake a publisher notices first.
  `untranslated="source"` keeps them in the source language, marked as such
  (`lang="en" dir="ltr"` in HTML) so the browser lays them out correctly.
  "Translated" means the status `min_status` or above (default translated), as for the TM
  exports; drafts count as untranslated unless `min_status="draft"`.
* **`pseudo=True`** writes a pseudo-translation of the source (accented letters, 30 % longer,
  bracketed) with the codes in place: it shows before anyone translates whether the page, its
  links and its right-to-left layout survive.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.formats.output import output_file
from workbench.store.codes import document_codes
from workbench.store.documents import get_document, list_documents, list_passages, list_segments
from workbench.store.translations import status_rank
from workbench.text.codes import CODE_RE, CodeTable

FORMATS = ("html", "text")
UNTRANSLATED = ("refuse", "source")
SUFFIX = {"html": ".html", "text": ".txt"}


@dataclass(frozen=True)
class EditionSegment:
    """One sentence of the edition: the text to write and whether it is the translation."""

    text: str
    codes: CodeTable
    translated: bool


@dataclass
class EditionPassage:
    """One passage with its segments and where it sat in the page."""

    kind: str
    level: int | None
    skeleton: dict[str, Any]
    segments: list[EditionSegment] = field(default_factory=list)

    @property
    def untranslated(self) -> bool:
        """No segment of the passage is translated (the whole passage is in the source)."""
        return not any(s.translated for s in self.segments)


@dataclass
class Edition:
    """A document ready to write in one target language."""

    doc_id: int
    title: str
    format: str  # the source document's format: html | text
    src_lang: str
    lang: str
    passages: list[EditionPassage]
    untranslated: int = 0
    pseudo: bool = False

    @property
    def segments(self) -> int:
        return sum(len(p.segments) for p in self.passages)


def build_edition(conn: sqlite3.Connection, doc_id: int, lang: str, *, src_lang: str = "en",
                  min_status: str = "translated", pseudo: bool = False) -> Edition:
    """The edition of one document in `lang`; segments below `min_status` keep their source
    text and are counted in `untranslated`."""
    doc = get_document(conn, doc_id)
    if doc is None:
        raise WorkbenchError(f"no document {doc_id} in this project",
                             hint="see `workbench documents`")
    codes = document_codes(conn, doc_id)
    floor = status_rank(min_status)
    by_passage: dict[int, list[EditionSegment]] = {}
    missing = 0
    for row in list_segments(conn, doc_id, lang=lang):
        table = codes.get(row["id"], {})
        if pseudo:
            segment = EditionSegment(pseudo_translate(row["text"]), table, True)
        elif (row["t_text"] or "").strip() and status_rank(row["t_status"]) >= floor:
            segment = EditionSegment(row["t_text"], table, True)
        else:
            missing += 1
            segment = EditionSegment(row["text"], table, False)
        by_passage.setdefault(row["passage_id"], []).append(segment)
    passages = [EditionPassage(p["kind"], p["level"], json.loads(p["skeleton"] or "{}"),
                               by_passage.get(p["id"], []))
                for p in list_passages(conn, doc_id)]
    return Edition(doc_id, doc["title"], doc["format"], doc["lang"] or src_lang, lang,
                   [p for p in passages if p.segments], missing, pseudo)


# ------------------------------------------------------------------------ pseudo-translation

_PSEUDO = str.maketrans("AaCcEeIiNnOoSsUuYyZz", "ÅåÇçÉéÎîÑñÖöŠšÛûÝýŽž")
_VOWELS = re.compile(r"([aeiouAEIOU])")


def pseudo_translate(text: str) -> str:
    """Accented look-alikes, every third vowel doubled (about 30 % longer, as sq and many
    languages run), brackets at both ends; codes stay exactly where they were."""
    count = 0

    def stretch(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return m.group() * (2 if count % 3 == 0 else 1)

    pieces = []
    last = 0
    for m in CODE_RE.finditer(text):
        pieces.append(_VOWELS.sub(stretch, text[last:m.start()]).translate(_PSEUDO))
        pieces.append(m.group())
        last = m.end()
    pieces.append(_VOWELS.sub(stretch, text[last:]).translate(_PSEUDO))
    return "⟦" + "".join(pieces) + "⟧"


# ---------------------------------------------------------------------------------- writing

Renderer = Callable[[Edition], str]


@dataclass
class EditionReport:
    """What an edition export wrote."""

    files: list[str] = field(default_factory=list)
    documents: int = 0
    segments: int = 0
    kept_in_source: int = 0


def output_path(out: Path, doc_id: int, title: str, lang: str, fmt: str, *, many: bool) -> Path:
    """Where one edition goes: `out` itself for one document and language (unless it is a
    folder), `{doc}`/`{lang}` filled in a pattern, else FOLDER/<id>-<title>.<lang>.<suffix>."""
    text = str(out)
    if "{lang}" in text or "{doc}" in text:
        return Path(text.replace("{lang}", lang).replace("{doc}", str(doc_id)))
    if not many and not out.is_dir():
        return out
    slug = re.sub(r"[^\w]+", "-", title.casefold()).strip("-")[:60] or "document"
    return out / f"{doc_id}-{slug}.{lang}{SUFFIX[fmt]}"


REFUSALS_NAMED = 3  # editions a refusal names before "and N more"


def export_editions(conn: sqlite3.Connection, out: Path, *, fmt: str, langs: tuple[str, ...],
                    doc_id: int | None = None, src_lang: str = "en",
                    min_status: str = "translated", untranslated: str = "refuse",
                    pseudo: bool = False) -> EditionReport:
    """Write the edition of each selected document in each language.

    Every edition is built (and refused, if need be) before the first file is written, so a
    refusal leaves nothing half exported.
    """
    if fmt not in FORMATS:
        raise WorkbenchError(f"unknown edition format {fmt!r}", hint="use html or text")
    if untranslated not in UNTRANSLATED:
        raise WorkbenchError(f"unknown --untranslated value {untranslated!r}",
                             hint="use refuse or source")
    doc_ids = [doc_id] if doc_id is not None else [
        d["id"] for d in list_documents(conn, role="source")]
    if not doc_ids:
        raise WorkbenchError("nothing to export: the project has no documents",
                             hint="import pages with `workbench import`")
    editions = [build_edition(conn, one, lang, src_lang=src_lang, min_status=min_status,
                              pseudo=pseudo) for lang in langs for one in doc_ids]
    refused = [e for e in editions if e.untranslated]
    if refused and untranslated == "refuse":
        # One readable line however many documents are short: name the first few only.
        counts = "; ".join(f"document {e.doc_id} ({e.title}) into {e.lang}: {e.untranslated} of "
                           f"{e.segments}" for e in refused[:REFUSALS_NAMED])
        if len(refused) > REFUSALS_NAMED:
            counts += f"; and {len(refused) - REFUSALS_NAMED} more edition(s)"
        total = sum(e.untranslated for e in refused)
        raise WorkbenchError(
            f"{total} segment(s) are not translated (status {min_status} or above): {counts}",
            hint="translate them, export one document with --doc ID, or pass --untranslated "
                 "source to keep them in the source language (marked as such)")
    render = _renderer(fmt)
    report = EditionReport()
    many = len(editions) > 1
    for edition in editions:
        path = output_path(out, edition.doc_id, edition.title, edition.lang, fmt, many=many)
        path.parent.mkdir(parents=True, exist_ok=True)
        with output_file(path) as fh:
            fh.write(render(edition))
        report.files.append(str(path))
        report.documents += 1
        report.segments += edition.segments
        report.kept_in_source += edition.untranslated
    return report


def _renderer(fmt: str) -> Renderer:
    if fmt == "html":
        from workbench.formats.document_html import render_html

        return render_html
    from workbench.formats.document_text import render_text

    return render_text
