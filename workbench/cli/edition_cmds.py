"""`export --format html|text`: translated documents (editions), beside the pair formats."""

from __future__ import annotations

import argparse
import sys

from workbench.cli.common import open_from_args, output_location, split_langs

EDITION_FORMATS = ("html", "text")

EPILOG = """\
translated documents (--format html | text):
  the edition of each source document (or of --doc ID) in each --to language: the page's
  structure with every segment's translation, links and emphasis restored; <html lang="fa"
  dir="rtl"> for Farsi and Arabic. What import removed (menus, share bars) is not rebuilt.
  -o FILE for one document and language; otherwise -o DIR (DIR/<id>-<title>.<lang>.html)
  or a pattern with {doc} and {lang}.
  Untranslated segments (below --min-status) are refused with their count; --untranslated
  source keeps them in the source language, marked lang="en" dir="ltr". --pseudo writes a
  pseudo-translation to check a page (links, layout, right-to-left) before translating.
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options only editions take."""
    p.add_argument("--untranslated", choices=("refuse", "source"), default="refuse",
                   help="html/text: refuse documents with untranslated segments (default) or "
                        "keep those segments in the source language")
    p.add_argument("--pseudo", action="store_true",
                   help="html/text: write a pseudo-translation of the source instead")


def cmd_export_edition(args: argparse.Namespace) -> int:
    from workbench.formats.document import export_editions

    project = open_from_args(args)
    with output_location(args.output) as out:
        report = export_editions(
            project.db, out, fmt=args.format, langs=tuple(dict.fromkeys(split_langs(args.to))),
            doc_id=args.doc, src_lang=project.settings.source_lang,
            min_status=args.min_status, untranslated=args.untranslated, pseudo=args.pseudo)
    for path in report.files:
        print(path)
    kept = (f", {report.kept_in_source} segment(s) kept in the source language"
            if report.kept_in_source and not args.pseudo else "")
    what = "pseudo-translated edition" if args.pseudo else "edition"
    print(f"exported {report.documents} {what}(s) as {args.format} ({report.segments} "
          f"segments{kept})", file=sys.stderr)
    return 0
