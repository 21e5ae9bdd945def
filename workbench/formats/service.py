"""Export and import entry points shared by the CLI and the TUI.

`export_pairs` counts what the filter selects (for progress and to refuse an empty export),
then streams units from SQLite straight into the chosen writer. `import_tm` picks the reader
from the file name (or `fmt`), streams pairs out of it and stores them with
`tm.units.import_units`, all or nothing in short transactions (a file with an error anywhere
stores nothing, and other writers never wait for more than a batch), and
every failure a bad file can cause leaves as one `WorkbenchError` (`boundary.input_boundary`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from workbench.boundary import input_boundary, input_file
from workbench.errors import InputError, WorkbenchError
from workbench.formats import jsonl, moses, tmx, tsv, xliff
from workbench.formats.model import (
    ExportFilter,
    ExportReport,
    ExportUnit,
    ImportReport,
    is_lang_tag,
)
from workbench.formats.query import count_units, iter_units
from workbench.limits import MAX_SEGMENT_CHARS
from workbench.progress import ProgressFn
from workbench.store.documents import get_document
from workbench.store.interop import last_tm_unit_id, tm_units_after
from workbench.store.translations import STATUSES, statuses_at_least
from workbench.text.codes import without_codes
from workbench.tm.units import TMPair

Writer = Callable[[Iterator[ExportUnit], Path, ExportFilter, ExportReport], None]
WRITERS: dict[str, Writer] = {"tmx": tmx.export, "xliff": xliff.export, "tsv": tsv.export,
                              "moses": moses.export, "jsonl": jsonl.export}
IMPORT_FORMATS = ("tmx", "xliff", "tsv", "moses", "jsonl")
_SUFFIXES = {".tmx": "tmx", ".xlf": "xliff", ".xliff": "xliff", ".mqxliff": "xliff",
             ".sdlxliff": "xliff", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl",
             ".ndjson": "jsonl"}
_PROGRESS_EVERY = 1000


def export_pairs(conn: sqlite3.Connection, flt: ExportFilter, fmt: str, out: Path, *,
                 progress: ProgressFn | None = None) -> ExportReport:
    """Write the pairs `flt` selects as `fmt` to `out` (a file, stem or pattern per format)."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise WorkbenchError(f"unknown export format {fmt!r}",
                             hint=f"use one of {', '.join(WRITERS)}")
    if flt.all_segments and fmt != "xliff":
        raise WorkbenchError("every segment (a bilingual hand-off) is exported as XLIFF only",
                             hint="use --format xliff")
    if flt.doc_id is not None and get_document(conn, flt.doc_id) is None:
        raise WorkbenchError(f"no document {flt.doc_id} in this project",
                             hint="see `workbench documents`")
    total = count_units(conn, flt)
    if total == 0:
        raise WorkbenchError("nothing to export: no pairs match the filter",
                             hint="lower --min-status, or widen --origin, --to or --what")
    out.parent.mkdir(parents=True, exist_ok=True)
    report = ExportReport()
    writer(_with_progress(iter_units(conn, flt), total, progress), out, flt, report)
    return report


def _with_progress(units: Iterator[ExportUnit], total: int,
                   progress: ProgressFn | None) -> Iterator[ExportUnit]:
    done = 0
    for done, unit in enumerate(units, start=1):
        yield unit
        if progress and done % _PROGRESS_EVERY == 0:
            progress(done, total)
    if progress:
        progress(done, total)


def detect_format(paths: list[Path]) -> str:
    """The import format a file name (or a pair of files, or a Moses stem) stands for."""
    path = paths[0]
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt:
        return fmt
    if len(paths) == 2 or not path.exists():
        return "moses"
    if path.suffix.lower() == ".xml":
        with path.open("rb") as fh:
            head = fh.read(2048)
        if b"<tmx" in head:
            return "tmx"
        if b"<xliff" in head:
            return "xliff"
    raise InputError("cannot tell the file's format from its name", path=path,
                     hint=f"pass --format ({', '.join(IMPORT_FORMATS)})")


def import_tm(conn: sqlite3.Connection, paths: list[Path], *, fmt: str | None = None,
              src_lang: str | None = None, tgt_lang: str | None = None,
              min_status: str = "translated",
              max_chars: int = MAX_SEGMENT_CHARS) -> ImportReport:
    """Read pairs from a TMX/XLIFF/TSV/JSONL file (or two Moses files) into the TM.

    Pairs below `min_status` (drafts, rejected or unconfirmed segments of a CAT tool's file)
    are counted, not stored: a TM serves what it holds as matches, and an unconfirmed draft
    must not come back as a 100 % match. The report says why every unit left out was.
    """
    from workbench.tm.units import import_units  # imports the TM's index code only when needed

    fmt = fmt or detect_format(paths)
    if fmt not in IMPORT_FORMATS:
        raise WorkbenchError(f"unknown import format {fmt!r}",
                             hint=f"use one of {', '.join(IMPORT_FORMATS)}")
    if min_status not in STATUSES:
        raise WorkbenchError(f"unknown status {min_status!r}",
                             hint=f"use one of {', '.join(STATUSES)}")
    for option, value in (("--src-lang", src_lang), ("--tgt-lang", tgt_lang)):
        if value is not None and not is_lang_tag(value):
            raise WorkbenchError(f"{option} {value[:40]!r} is not a language tag",
                                 hint="e.g. en, fa or fa-IR")
    if fmt != "moses":
        if len(paths) != 1:
            raise InputError(f"{fmt} import takes one file", hint="import files one at a time")
        input_file(paths[0])
    report = ImportReport(path=", ".join(str(p) for p in paths), format=fmt)
    origin_ref = "file:" + " + ".join(str(p.resolve()) for p in paths)
    with input_boundary(paths[0]):
        if fmt == "moses":
            pairs = moses.read_pairs(paths, report, src_lang=src_lang, tgt_lang=tgt_lang,
                                     max_chars=max_chars)
        else:
            reader = {"tmx": tmx.read_pairs, "xliff": xliff.read_pairs, "tsv": tsv.read_pairs,
                      "jsonl": jsonl.read_pairs}[fmt]
            pairs = reader(paths[0], report, src_lang=src_lang, tgt_lang=tgt_lang,
                           max_chars=max_chars)
        before = last_tm_unit_id(conn)
        rows = import_units(conn, _counted(pairs, report, min_status), origin_ref=origin_ref)
        report.added = tm_units_after(conn, before)
        report.present = rows - report.added - report.duplicates
    return report


def _counted(pairs: Iterator[TMPair], report: ImportReport,
             min_status: str) -> Iterator[TMPair]:
    """The pairs to store, each counted for the report: with both sides, at or above the
    minimum status; a pair repeated in the file is stored once and counted as a duplicate."""
    wanted = statuses_at_least(min_status)
    seen: set[int] = set()
    for pair in pairs:
        if not without_codes(pair.source).strip():  # nothing but inline codes is no source
            report.no_source += 1
            continue
        if not without_codes(pair.target).strip():
            report.empty += 1
            continue
        report.pairs += 1
        report.languages.add((pair.src_lang, pair.tgt_lang))
        if pair.status not in wanted:
            report.below_status[pair.status] += 1
            continue
        key = hash((pair.src_lang, pair.tgt_lang, pair.source.strip(), pair.target.strip()))
        if key in seen:
            report.duplicates += 1
        seen.add(key)
        yield pair
