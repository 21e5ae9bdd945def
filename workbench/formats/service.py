"""Export and import entry points shared by the CLI and the TUI.

`export_pairs` counts what the filter selects (for progress and to refuse an empty export),
then streams units from SQLite straight into the chosen writer. `import_tm` picks the reader
from the file name (or `fmt`), streams pairs out of it and stores them with
`tm.units.add_units` in one transaction: a file with an error anywhere stores nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from workbench.errors import InputError, WorkbenchError
from workbench.formats import jsonl, moses, tmx, tsv, xliff
from workbench.formats.model import ExportFilter, ExportReport, ExportUnit, ImportReport
from workbench.formats.query import count_units, iter_units
from workbench.progress import ProgressFn
from workbench.store.db import transaction
from workbench.store.documents import get_document
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
              src_lang: str | None = None, tgt_lang: str | None = None) -> ImportReport:
    """Read pairs from a TMX/XLIFF/TSV/JSONL file (or two Moses files) into the TM."""
    from workbench.tm.units import add_units  # imports the TM's index code only when needed

    fmt = fmt or detect_format(paths)
    if fmt not in IMPORT_FORMATS:
        raise WorkbenchError(f"unknown import format {fmt!r}",
                             hint=f"use one of {', '.join(IMPORT_FORMATS)}")
    if fmt != "moses":
        if len(paths) != 1:
            raise InputError(f"{fmt} import takes one file", hint="import files one at a time")
        if not paths[0].is_file():
            raise InputError("file not found", path=paths[0])
    report = ImportReport(path=", ".join(str(p) for p in paths), format=fmt)
    langs = {"src_lang": src_lang, "tgt_lang": tgt_lang}
    if fmt == "moses":
        pairs = moses.read_pairs(paths, report, **langs)
    else:
        reader = {"tmx": tmx.read_pairs, "xliff": xliff.read_pairs, "tsv": tsv.read_pairs,
                  "jsonl": jsonl.read_pairs}[fmt]
        pairs = reader(paths[0], report, **langs)
    origin_ref = "file:" + " + ".join(str(p.resolve()) for p in paths)
    with transaction(conn):
        report.stored = add_units(conn, _counted(pairs, report), origin_ref=origin_ref)
    return report


def _counted(pairs: Iterator[TMPair], report: ImportReport) -> Iterator[TMPair]:
    """Pairs with both sides, counted for the report; empty ones (untranslated) skipped."""
    for pair in pairs:
        if not pair.source.strip() or not pair.target.strip():
            report.skipped += 1
            continue
        report.pairs += 1
        report.languages.add((pair.src_lang, pair.tgt_lang))
        yield pair
