"""The export query: pairs from the project's documents or from the TM, as ExportUnits.

Rows come from one cursor ordered by document and position (`store.exports`), and consecutive
rows of the same segment are folded into one `ExportUnit`, so memory stays flat however large
the project. Local paths never leave the project: a document is named by its file name or URL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import PurePath

from workbench.errors import WorkbenchError
from workbench.formats.model import WHAT, ExportFilter, ExportUnit, TargetText
from workbench.store.codes import segment_codes
from workbench.store.exports import (
    SegmentQuery,
    TMQuery,
    count_segments,
    count_tm_units,
    segment_rows,
    tm_rows,
)
from workbench.store.translations import ORIGINS, STATUSES, statuses_at_least
from workbench.text.codes import CodeTable, has_codes

LOCAL_USER = "user"  # the history's actor for edits made at this workbench (store.translations)
UNTRANSLATED = ("empty", "source")


def _check(flt: ExportFilter) -> None:
    if not flt.targets:
        raise WorkbenchError("no target language given", hint="pass --to sq,fa,ar")
    if flt.min_status not in STATUSES:
        raise WorkbenchError(f"unknown status {flt.min_status!r}",
                             hint=f"use one of {', '.join(STATUSES)}")
    bad = [o for o in flt.origins if o not in ORIGINS]
    if bad:
        raise WorkbenchError(f"unknown origin {bad[0]!r}", hint=f"use one of {', '.join(ORIGINS)}")
    if flt.what not in WHAT:
        raise WorkbenchError(f"unknown export source {flt.what!r}", hint="use segments or tm")
    if flt.untranslated not in UNTRANSLATED:
        raise WorkbenchError(f"unknown choice for untranslated segments {flt.untranslated!r}",
                             hint=f"use one of {', '.join(UNTRANSLATED)}")
    if flt.all_segments and flt.what == "tm":
        raise WorkbenchError("every segment (a hand-off) comes from documents, not the TM",
                             hint="leave out --what tm")


def _segment_query(flt: ExportFilter) -> SegmentQuery:
    return SegmentQuery(flt.targets, statuses_at_least(flt.min_status), flt.origins,
                        flt.doc_id, flt.all_segments)


def _tm_query(flt: ExportFilter) -> TMQuery:
    return TMQuery(flt.src_lang, flt.targets, statuses_at_least(flt.min_status), flt.origins,
                   flt.doc_id)


def count_units(conn: sqlite3.Connection, flt: ExportFilter) -> int:
    """How many units `iter_units` will yield (for progress)."""
    _check(flt)
    if flt.what == "tm":
        return count_tm_units(conn, _tm_query(flt))
    return count_segments(conn, _segment_query(flt))


def iter_units(conn: sqlite3.Connection, flt: ExportFilter) -> Iterator[ExportUnit]:
    """Every unit passing the filter, in document order (TM: in the order units were added)."""
    _check(flt)
    if flt.what == "tm":
        yield from _tm_units(conn, flt)
    else:
        yield from _segment_units(conn, flt)


def person(actor: str | None, translator: str | None) -> str | None:
    """Who an edit-history actor is, for an export: the local user is the translator setting."""
    if actor == LOCAL_USER:
        return translator or actor
    return actor


def document_name(row: sqlite3.Row) -> str:
    """How an export names a document: its URL, or its file's name — never a local path."""
    if row["source_url"]:
        return str(row["source_url"])
    if row["source_path"]:
        return PurePath(str(row["source_path"])).name
    return PurePath(str(row["doc_key"])).name or str(row["title"])


def _segment_units(conn: sqlite3.Connection, flt: ExportFilter) -> Iterator[ExportUnit]:
    order = {lang: i for i, lang in enumerate(flt.targets)}
    head: sqlite3.Row | None = None
    targets: list[TargetText] = []
    for row in segment_rows(conn, _segment_query(flt)):
        if head is not None and row["id"] != head["id"]:
            yield _segment_unit(head, targets, flt.src_lang, order,
                                _codes(conn, head["id"], head["text"]))
            targets = []
        head = row
        targets.append(_target(row, flt))
    if head is not None:
        yield _segment_unit(head, targets, flt.src_lang, order,
                            _codes(conn, head["id"], head["text"]))


def _codes(conn: sqlite3.Connection, segment_id: int | None, text: str) -> CodeTable:
    """The markup of a unit's inline codes: its segment's (a TM unit without a segment has
    none stored; writers then give its codes empty native content)."""
    return segment_codes(conn, segment_id) if segment_id is not None and has_codes(text) else {}


def _target(row: sqlite3.Row, flt: ExportFilter) -> TargetText:
    if row["translation_id"] is None:  # a hand-off: the segment is not translated yet
        text = row["text"] if flt.untranslated == "source" else ""
        return TargetText(row["lang"], text, "new", "", "", "", locked=bool(row["locked"]))
    return TargetText(row["lang"], row["target"], row["status"], row["origin"],
                      row["created_at"], row["updated_at"],
                      created_by=person(row["created_by"], flt.translator),
                      changed_by=person(row["changed_by"], flt.translator), note=row["note"],
                      locked=bool(row["locked"]))


def _segment_unit(row: sqlite3.Row, targets: list[TargetText], src_lang: str,
                  order: dict[str, int], codes: CodeTable) -> ExportUnit:
    return ExportUnit(key=f"s{row['id']}", src_lang=src_lang, source=row["text"],
                      targets=tuple(sorted(targets, key=lambda t: order[t.lang])),
                      document_id=row["doc_id"], document=row["title"],
                      document_name=document_name(row), document_version=row["doc_version"],
                      passage_id=row["passage_id"], position=row["position"] + 1, codes=codes)


def _tm_units(conn: sqlite3.Connection, flt: ExportFilter) -> Iterator[ExportUnit]:
    for row in tm_rows(conn, _tm_query(flt)):
        yield ExportUnit(key=f"tm{row['id']}", src_lang=row["src_tag"] or row["src_lang"],
                         source=row["source"],
                         targets=(TargetText(row["tgt_lang"], row["target"], row["status"],
                                             row["origin"], row["created_at"],
                                             row["updated_at"],
                                             created_by=person(row["created_by"],
                                                               flt.translator),
                                             changed_by=person(row["changed_by"],
                                                               flt.translator),
                                             tag=row["tgt_tag"]),),
                         note=row["note"], codes=_codes(conn, row["segment_id"], row["source"]))
