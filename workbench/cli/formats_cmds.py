"""`export` (pairs to TMX/XLIFF/TSV/Moses/JSONL) and `import-tm` (pairs into the TM)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.cli import edition_cmds
from workbench.cli.common import (
    cli_progress,
    open_from_args,
    output_location,
    record_id,
    split_langs,
)
from workbench.text.display import for_display

if TYPE_CHECKING:
    from workbench.formats.model import ImportReport

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
  xliff            one XLIFF file (2.0, or 1.2 with --xliff-version 1.2) per target language:
                   -o out/site.{lang}.xlf (pattern), -o DIR (DIR/export.en-sq.xlf, ...), or
                   -o site.xlf (site.sq.xlf, ... when several languages; exactly site.xlf
                   for one)
  moses            -o corpus writes corpus.en-sq.en + corpus.en-sq.sq per target language
                   (-o DIR: DIR/corpus.en-sq.en, ...)

TSV and Moses escape backslash, tab, newline and CR inside text as \\\\, \\t, \\n, \\r (and
other line breaks such as U+2028 as \\uXXXX), so every pair stays on one line.
TMX and XLIFF 1.2 cannot carry most control characters: they are dropped and listed; XLIFF
2.0 keeps them as <cp/> elements. Files name documents by file name or URL, never by a local
path; who made each translation (the translator setting for your own edits) travels as TMX
creationid/changeid, XLIFF 1.2 phases and XLIFF 2.0 metadata.

bilingual hand-off (another translator, another tool):
  workbench export --format xliff --xliff-version 1.2 --all-segments --doc 3 --to fa -o p.xlf
  ... translated in OmegaT, Trados or memoQ ...
  workbench import-xliff p.xlf          (targets, statuses and notes back into document 3)
"""

IMPORT_EPILOG = """\
formats (from the file name, or --format):
  .tmx             TMX 1.1-1.4b, including OmegaT's and memoQ's; multilingual <tu>s give one
                   pair per target language, regional variants included (es, es-AR, es-BO)
  .xlf .xliff      XLIFF 1.1/1.2 (also Trados .sdlxliff, memoQ .mqxliff) or 2.0
  .tsv             our TSV (header row), "en<TAB>fa" header, or plain two columns
  .jsonl           our JSONL
  moses            two files (corpus.en corpus.fa) or one stem (corpus.en-fa)

Statuses come from the file (x-status, XLIFF state/approved, Trados conf, memoQ mq:status;
the tables are in the README); a value that maps only approximately is kept in the note.
Pairs below --min-status (default translated: drafts, rejected and unconfirmed segments) are
counted, not stored, so they never come back as 100% matches. Language tags are stored as
their base language (EN-US -> en) with the full tag kept beside it. --tgt-lang selects the
pairs into LANG in a file that names its languages, and names the target language of a file
that does not; the report says which it did, and why every unit left out was.
A file with any error stores nothing.
"""


HANDOFF_EPILOG = """\
Each unit of the file must be a segment of this project's current documents with the same
source: a file for another project, document or an older version of the page is refused and
nothing is written. Targets come in with the file's status (XLIFF state, Trados conf, memoQ
status); a target changed in a tool that does not set states counts as translated. An empty
target, or the source copy it was sent with, changes nothing. Every change is listed and
kept in the edit history (undo works segment by segment).
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """export, import-tm, import-xliff."""
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
    p.add_argument("--doc", type=record_id, metavar="ID", help="only this document (see `documents`)")
    p.add_argument("--what", choices=("segments", "tm"), default="segments",
                   help="project segments (default) or the whole translation memory")
    p.add_argument("--xliff-version", choices=("2.0", "1.2"), default="2.0",
                   help="xliff: 2.0 (default) or 1.2 (Trados, memoQ, OmegaT 3.6)")
    p.add_argument("--all-segments", action="store_true",
                   help="xliff: every segment of the document(s), for a translator using "
                        "another tool; untranslated ones at state initial with an empty "
                        "target (--untranslated source: a copy of the source); bring the file "
                        "back with `workbench import-xliff`")
    edition_cmds.add_arguments(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import-tm", help="import a TMX/XLIFF/TSV/Moses/JSONL file into the TM",
                       epilog=IMPORT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="files to import, each on its own (Moses: two files or one stem); "
                        "an import that was interrupted (killed, disk full) is finished or "
                        "undone first, and with no PATH that is all it does")
    p.add_argument("--format", "-f", choices=_FORMATS, help="default: from the file name")
    p.add_argument("--src-lang", metavar="LANG",
                   help="source language: in TMX, which <tuv> is the source (default: the "
                        "file's srclang); for a file that names none, its source language")
    p.add_argument("--tgt-lang", metavar="LANG",
                   help="the target language: in a file that names its languages it selects "
                        "the pairs into LANG (the others are counted as left out); a file that "
                        "names none takes LANG as its target language (the report says which)")
    p.add_argument("--min-status", choices=_STATUSES, default="translated",
                   help="lowest status stored (default: translated; drafts, rejected and "
                        "unconfirmed segments are counted, not stored)")
    p.set_defaults(func=cmd_import_tm)

    p = sub.add_parser("import-xliff", help="bring a translated hand-off XLIFF back into the "
                       "project's segments", epilog=HANDOFF_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", type=Path, metavar="FILE",
                   help="an XLIFF 1.2 or 2.0 file made by `export --all-segments`")
    p.add_argument("--translator", metavar="NAME",
                   help="who translated it, for the edit history (default: xliff:FILE)")
    p.add_argument("--overwrite-approved", action="store_true",
                   help="also replace translations reviewed or approved in the project")
    p.add_argument("--overwrite-newer", action="store_true",
                   help="also replace translations changed in the project after the export")
    p.add_argument("--dry-run", action="store_true", help="report what would change, change "
                                                          "nothing")
    p.set_defaults(func=cmd_import_xliff)


def cmd_export(args: argparse.Namespace) -> int:
    if args.format in edition_cmds.EDITION_FORMATS:
        return edition_cmds.cmd_export_edition(args)
    from workbench.formats.model import ExportFilter
    from workbench.formats.service import export_pairs

    project = open_from_args(args)
    flt = ExportFilter(targets=tuple(dict.fromkeys(split_langs(args.to))),
                       src_lang=project.settings.source_lang, min_status=args.min_status,
                       origins=tuple(split_langs(args.origin or "")), doc_id=args.doc,
                       what=args.what, all_segments=args.all_segments,
                       untranslated="source" if args.untranslated == "source" else "empty",
                       translator=project.settings.translator,
                       xliff_version=args.xliff_version)
    with output_location(args.output) as out, cli_progress("Exporting") as progress:
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
    finished = finish_interrupted_imports(project.db)
    if not args.paths:
        if not finished:
            raise WorkbenchError("nothing to import", hint="give a TMX, XLIFF, TSV, Moses or "
                                                       "JSONL file")
        return 0
    fmt = args.format or detect_format(args.paths)
    # Moses takes its files together; other formats import file by file, each all or nothing,
    # and one bad file does not stop the others (like `import`).
    groups = [args.paths] if fmt == "moses" else [[p] for p in args.paths]
    failed = 0
    for paths in groups:
        try:
            report = import_tm(project.db, paths, fmt=args.format, src_lang=args.src_lang,
                               tgt_lang=args.tgt_lang, min_status=args.min_status,
                               max_chars=project.settings.max_segment_chars)
        except WorkbenchError as exc:
            failed += 1
            print(f"workbench: error: {for_display(exc.render())}", file=sys.stderr)
            continue
        for line in import_summary(report, args.min_status, args.tgt_lang):
            print(for_display(line))
    return 1 if failed else 0


def finish_interrupted_imports(conn: object) -> int:
    """Complete (or undo) TM imports whose process died; says what it did, returns how many."""
    from workbench.store.tm_import import resume

    handled = 0
    with cli_progress("Finishing an interrupted import") as progress:
        for item, stored in resume(conn, progress=progress):  # type: ignore[arg-type]
            handled += 1
            what = (f"finished: {stored} pairs stored" if item.state == "storing" else
                    "it had not finished reading its file, so nothing of it was kept")
            print(for_display(f"interrupted import of {item.origin_ref.removeprefix('file:')}"
                              f" {what}"), file=sys.stderr)
    return handled


def import_summary(report: ImportReport, min_status: str, tgt_lang: str | None) -> list[str]:
    """What `import-tm` says about one file: what was stored, and why anything was not."""
    langs = ", ".join(f"{s}→{t}" for s, t in sorted(report.languages)) or "none"
    repeated = f", {report.duplicates} repeated in the file" if report.duplicates else ""
    lines = [f"{report.path}: {_count(report.pairs, 'pair')} read ({report.format}; {langs}), "
             f"{report.stored} stored in the TM ({report.added} new, {report.present} already "
             f"there{repeated})"]
    if report.below_status:
        detail = ", ".join(f"{n} {status}" for status, n in sorted(report.below_status.items()))
        lines.append(f"  not stored: {sum(report.below_status.values())} below {min_status} "
                     f"({detail}); --min-status draft keeps them as drafts")
    if report.filtered:
        lines.append(f"  left out: {_count(sum(report.filtered.values()), 'pair')} into "
                     f"{', '.join(sorted(report.filtered))} (--tgt-lang {tgt_lang} selects "
                     "the pairs into that language)")
    skipped = [(report.empty, "without a target (untranslated)"),
               (report.no_source, "without source text"),
               (report.same_language, "in a variant of the source language (not a "
                                      "translation)")]
    parts = [f"{n} {why}" for n, why in skipped if n]
    if parts:
        lines.append("  skipped: " + "; ".join(parts))
    lines += [f"  note: {note}" for note in report.notes]
    return lines


_SHOW_CHANGES = 200


def cmd_import_xliff(args: argparse.Namespace) -> int:
    from workbench.formats.handoff import import_xliff, summary

    project = open_from_args(args)
    report = import_xliff(project.db, args.file, actor=args.translator,
                          overwrite_approved=args.overwrite_approved,
                          overwrite_newer=args.overwrite_newer, dry_run=args.dry_run,
                          max_chars=project.settings.max_segment_chars)
    print(summary(report))
    shown = [c for c in report.changes if c.kind not in ("unchanged", "untranslated")]
    for c in shown[:_SHOW_CHANGES]:
        status = (f" [{c.old_status or 'new'} → {c.new_status}]"
                  if c.new_status != c.old_status else "")
        why = {"kept-approved": " (kept: reviewed or approved here; --overwrite-approved "
                                "replaces it)",
               "conflict": " (kept: changed here after the export; --overwrite-newer "
                           "replaces it)"}.get(c.kind, "")
        text = f": {c.old_text!r} → {c.new_text!r}" if c.new_text != c.old_text else ""
        print(f"  doc {c.document_id} #{c.number} (s{c.segment_id}) {c.kind}{status}{text}{why}")
    if len(shown) > _SHOW_CHANGES:
        print(f"  … and {len(shown) - _SHOW_CHANGES} more")
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
