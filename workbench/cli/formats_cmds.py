"""`export` (pairs to TMX/XLIFF/TSV/Moses/JSONL) and `import-tm` (pairs into the TM)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from workbench.cli import edition_cmds
from workbench.cli.common import cli_progress, open_from_args, split_langs

_FORMATS = ("tmx", "xliff", "tsv", "moses", "jsonl")
_STATUSES = ("new", "draft", "translated", "reviewed", "approved")
_SHOW_STRIPPED = 10

EXPORT_EPILOG = """\
what is exported:
  --what segments (default) the translations of the project's current source documents, one
                   pair per sentence, with document, status, origin and dates
  --what tm        every pair of the translation memory (confirmed translations plus imported
                   and aligned pairs) whose source language is the project's

output (-o):
  tmx, tsv, jsonl  one file; several --to languages give a multilingual TMX (one <tu>, one
                   <tuv> per language) and one TSV/JSONL row per pair
  xliff            one XLIFF 2.0 file per target language: -o out/site.{lang}.xlf (pattern),
                   -o DIR (DIR/export.en-sq.xlf, ...), or -o site.xlf (site.sq.xlf, ... when
                   several languages; exactly site.xlf for one)
  moses            -o corpus writes corpus.en-sq.en + corpus.en-sq.sq per target language
                   (-o DIR: DIR/corpus.en-sq.en, ...)

TSV and Moses escape backslash, tab, newline and CR inside text as \\\\, \\t, \\n, \\r (and
other line breaks such as U+2028 as \\uXXXX), so every pair stays on one line.
TMX cannot carry most control characters: they are dropped and listed; XLIFF keeps them
as <cp/> elements.
"""

IMPORT_EPILOG = """\
formats (from the file name, or --format):
  .tmx             TMX 1.1-1.4b, including OmegaT's and memoQ's; multilingual <tu>s give one
                   pair per target language (limit with --tgt-lang)
  .xlf .xliff      XLIFF 1.2 or 2.0 (translated segments)
  .tsv             our TSV (header row), "en<TAB>fa" header, or plain two columns
  .jsonl           our JSONL
  moses            two files (corpus.en corpus.fa) or one stem (corpus.en-fa)

Pairs keep status and origin when the file carries ours (x-status/x-origin props, subState,
columns); otherwise they are stored as origin "tm", status "translated". Language tags are
reduced to their base language (EN-US -> en). A file with any error stores nothing.
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """export, import-tm."""
    p = sub.add_parser("export", help="export translated pairs (TMX, XLIFF, TSV, Moses, JSONL) "
                       "or translated documents (HTML, text)",
                       epilog=EXPORT_EPILOG + "\n" + edition_cmds.EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--format", "-f", choices=_FORMATS + edition_cmds.EDITION_FORMATS,
                   required=True)
    p.add_argument("--to", metavar="LANGS", required=True, help="target languages, e.g. sq,fa,ar")
    p.add_argument("-o", "--output", metavar="PATH", required=True,
                   help="output file, directory (a trailing / creates it), pattern or stem "
                        "(see below)")
    p.add_argument("--min-status", choices=_STATUSES, default="translated",
                   help="lowest status to include (default: translated)")
    p.add_argument("--origin", metavar="ORIGINS",
                   help="only these origins: human, mt, tm, aligned (comma-separated)")
    p.add_argument("--doc", type=int, metavar="ID", help="only this document (see `documents`)")
    p.add_argument("--what", choices=("segments", "tm"), default="segments",
                   help="project segments (default) or the whole translation memory")
    edition_cmds.add_arguments(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import-tm", help="import a TMX/XLIFF/TSV/Moses/JSONL file into the TM",
                       epilog=IMPORT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                   help="files to import, each on its own (Moses: two files or one stem)")
    p.add_argument("--format", "-f", choices=_FORMATS, help="default: from the file name")
    p.add_argument("--src-lang", metavar="LANG", help="source language (default: from the file)")
    p.add_argument("--tgt-lang", metavar="LANG",
                   help="only pairs into LANG when the file names its languages (default: "
                        "all of them); the target language when it does not")
    p.set_defaults(func=cmd_import_tm)


def cmd_export(args: argparse.Namespace) -> int:
    if args.format in edition_cmds.EDITION_FORMATS:
        return edition_cmds.cmd_export_edition(args)
    from workbench.formats.model import ExportFilter
    from workbench.formats.service import export_pairs

    project = open_from_args(args)
    flt = ExportFilter(targets=tuple(dict.fromkeys(split_langs(args.to))),
                       src_lang=project.settings.source_lang, min_status=args.min_status,
                       origins=tuple(split_langs(args.origin or "")), doc_id=args.doc,
                       what=args.what)
    out = Path(args.output)
    if args.output.endswith(("/", os.sep)):  # Path() drops the slash that says "a directory"
        out.mkdir(parents=True, exist_ok=True)
    with cli_progress("Exporting") as progress:
        report = export_pairs(project.db, flt, args.format, out, progress=progress)
    for path in report.files:
        print(path)
    units = "TM units" if args.what == "tm" else "source segments"
    print(f"exported {_count(report.pairs, 'pair')} ({report.units} {units}) as {args.format}",
          file=sys.stderr)
    if report.stripped:
        spots = ", ".join(f"{key} ({where}) x{n}" for key, where, n in
                          report.stripped[:_SHOW_STRIPPED])
        more = len(report.stripped) - _SHOW_STRIPPED
        print(f"workbench: warning: removed {report.stripped_total} characters that XML 1.0 "
              f"forbids (control characters) in {len(report.stripped)} places: {spots}"
              + (f" and {more} more" if more > 0 else ""), file=sys.stderr)
    return 0


def cmd_import_tm(args: argparse.Namespace) -> int:
    from workbench.errors import WorkbenchError
    from workbench.formats.service import detect_format, import_tm

    project = open_from_args(args, create=True)
    fmt = args.format or detect_format(args.paths)
    # Moses takes its files together; other formats import file by file, each all or nothing,
    # and one bad file does not stop the others (like `import`).
    groups = [args.paths] if fmt == "moses" else [[p] for p in args.paths]
    failed = 0
    for paths in groups:
        try:
            report = import_tm(project.db, paths, fmt=args.format, src_lang=args.src_lang,
                               tgt_lang=args.tgt_lang)
        except WorkbenchError as exc:
            failed += 1
            print(f"workbench: error: {exc.render()}", file=sys.stderr)
            continue
        langs = ", ".join(f"{s}→{t}" for s, t in sorted(report.languages)) or "none"
        skipped = f", {report.skipped} skipped (empty or no source)" if report.skipped else ""
        print(f"{report.path}: {_count(report.pairs, 'pair')} read ({report.format}; {langs}), "
              f"{report.stored} stored in the TM{skipped}")
    return 1 if failed else 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
