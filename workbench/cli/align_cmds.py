"""`workbench align`: align a page with its translated edition (or two sentence files)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """align."""
    p = sub.add_parser(
        "align", help="align an English page with its translated edition",
        description="Import both pages, align them sentence by sentence and store the pairs "
                    "as draft aligned translations and TM units. With --presegmented, read one "
                    "sentence per line and print links ([0]:[0], [1, 2]:[1], [3]:[]) without "
                    "a project.")
    p.add_argument("source", type=Path, metavar="EN_PAGE")
    p.add_argument("translated", type=Path, metavar="TRANSLATED_PAGE")
    p.add_argument("--src-lang", default=None, metavar="LANG",
                   help="language of the source (default: en)")
    p.add_argument("--tgt-lang", default=None, metavar="LANG",
                   help="language of the translated page (default: detected)")
    p.add_argument("--presegmented", action="store_true",
                   help="the files hold one sentence per line; no project is opened")
    p.add_argument("--format", choices=("links", "tsv"), default="links",
                   help="output of --presegmented: links (Vecalign/Bertalign notation) or "
                        "tsv (source, target, confidence)")
    p.set_defaults(func=cmd_align)


def cmd_align(args: argparse.Namespace) -> int:
    if args.presegmented:
        return _research(args)
    return _project(args)


def _warn(message: str) -> None:
    print(f"workbench: warning: {message}", file=sys.stderr)


def _read_lines(path: Path) -> list[str]:
    from workbench.errors import InputError
    from workbench.ingest.importer import read_text

    lines = read_text(path).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not any(line.strip() for line in lines):
        raise InputError("no sentences (the file has only blank lines)", path=path,
                         hint="give one sentence per line")
    return [line.rstrip("\r") for line in lines]


def _research(args: argparse.Namespace) -> int:
    from workbench.align.aligner import align_report
    from workbench.align.links import format_link
    from workbench.errors import InputError

    if not args.src_lang or not args.tgt_lang:
        raise InputError("--presegmented needs --src-lang and --tgt-lang",
                         hint="e.g. --src-lang de --tgt-lang fr")
    src, tgt = _read_lines(args.source), _read_lines(args.translated)
    result = align_report([src], [tgt], args.src_lang, args.tgt_lang)
    if not result.looks_like_translation:
        _warn("the files do not look like translations of each other: every link is "
              "low-confidence")
    for link in result.links:
        if args.format == "links":
            print(format_link(link.src, link.tgt))
        else:
            print(" ".join(src[i] for i in link.src), " ".join(tgt[j] for j in link.tgt),
                  f"{link.confidence:.2f}", sep="\t")
    return 0


def _project(args: argparse.Namespace) -> int:
    from workbench.align.service import align_documents, language_warnings
    from workbench.cli.common import open_from_args, print_table
    from workbench.errors import InputError
    from workbench.ingest.importer import parse_file
    from workbench.store.documents import save_document

    src_doc = parse_file(args.source)
    tgt_doc = parse_file(args.translated)
    src_lang = args.src_lang or "en"
    tgt_lang = args.tgt_lang or tgt_doc.lang
    if not tgt_lang:
        raise InputError("cannot tell the language of the translated page", path=args.translated,
                         hint="give it with --tgt-lang (e.g. --tgt-lang fa)")
    warnings = language_warnings("source page", src_lang, src_doc.lang)
    if args.tgt_lang:
        warnings += language_warnings("translated page", tgt_lang, tgt_doc.lang)
    tgt_doc.lang = tgt_lang
    for passage in tgt_doc.passages:
        passage.lang = passage.lang or tgt_lang
    project = open_from_args(args, create=True)
    conn = project.db
    src_saved = save_document(conn, src_doc, role="source")
    tgt_saved = save_document(conn, tgt_doc, role="edition")
    summary = align_documents(conn, src_saved.document_id, tgt_saved.document_id,
                              src_lang=src_lang, tgt_lang=tgt_lang, warnings=warnings)
    for warning in summary.warnings:
        _warn(warning)
    links = summary.result.links
    print(f"alignment {summary.alignment_id}: document {src_saved.document_id} ({src_lang}) ↔ "
          f"document {tgt_saved.document_id} ({tgt_lang}), {len(links)} links")
    print_table(("TYPE", "LINKS"), summary.by_kind.most_common())
    print(f"mean confidence {summary.mean_confidence:.2f}; {summary.low_confidence} "
          f"low-confidence links to review; stored as draft (origin aligned)")
    print(f"learned: {summary.result.length_ratio:.2f} {tgt_lang} characters per {src_lang} "
          f"character, {summary.result.lexicon_size} word pairs from the text itself")
    print(f"review with: workbench --project {project.path} (alignment {summary.alignment_id})")
    return 0
