"""`workbench align` (a page, a folder pair or a pairs file) and `workbench alignments`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.align.batch import PagePair, PairOutcome
    from workbench.align.service import AlignSummary
    from workbench.project import Project


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """align, alignments."""
    p = sub.add_parser(
        "align", help="align English pages with their translated editions",
        description="Import both pages, align them sentence by sentence and store the links "
                    "for review; the edition's sentences become draft translations, and pairs "
                    "reach the translation memory once reviewed (confirmed, or accepted above a "
                    "threshold). Give two pages, two folders (files matched by name or date), "
                    "or --pairs FILE.tsv. Aligning the same pages again replaces their "
                    "alignment. With --presegmented, read one sentence per line and print links "
                    "([0]:[0], [1, 2]:[1], [3]:[]) without a project.")
    p.add_argument("source", type=Path, nargs="?", metavar="EN_PAGE",
                   help="the English page, or a folder of them")
    p.add_argument("translated", type=Path, nargs="?", metavar="TRANSLATED_PAGE",
                   help="its translated edition, or a folder of editions")
    p.add_argument("--pairs", type=Path, metavar="FILE.tsv",
                   help="align every pair listed: SOURCE<TAB>TRANSLATED[<TAB>LANG] per line "
                        "(relative paths are relative to the file)")
    p.add_argument("--src-lang", default="en", metavar="LANG",
                   help="language of the source (default: en)")
    p.add_argument("--tgt-lang", default=None, metavar="LANG",
                   help="language of the translated pages (default: detected per page)")
    p.add_argument("--replace", action="store_true",
                   help="re-align even where a person reviewed or edited links of an earlier "
                        "alignment of the same pages (reviewed pairs stay in the TM)")
    p.add_argument("--mt", choices=("auto", "on", "off"), default="auto",
                   help="MT evidence: auto uses an installed model (not a test model) to "
                        "translate the edition back and compare; on uses any installed model; "
                        "off none. Useless MT output is detected and ignored")
    p.add_argument("--presegmented", action="store_true",
                   help="the files hold one sentence per line; no project is opened")
    p.add_argument("--format", choices=("links", "tsv"), default="links",
                   help="output of --presegmented: links (Vecalign/Bertalign notation) or "
                        "tsv (source, target, confidence)")
    p.set_defaults(func=cmd_align)

    q = sub.add_parser(
        "alignments", help="list alignments by confidence; accept links above a threshold",
        description="List the project's alignments, least confident first (the ones to "
                    "review first). With --accept-above, accept every unreviewed link at or "
                    "above that confidence in the listed alignments: they reach the translation "
                    "memory as aligned pairs, with their confidence.")
    q.add_argument("ids", type=int, nargs="*", metavar="ID", help="only these alignments")
    q.add_argument("--batch", metavar="NAME",
                   help="only the alignments of one run (the pairs file or folders given)")
    q.add_argument("--accept-above", type=float, metavar="CONFIDENCE",
                   help="accept unreviewed links with at least this confidence (0-1)")
    q.set_defaults(func=cmd_alignments)


def _warn(message: str) -> None:
    from workbench.text.display import for_display

    print(f"workbench: warning: {for_display(message)}", file=sys.stderr)


def cmd_align(args: argparse.Namespace) -> int:
    from workbench.errors import InputError

    if args.presegmented:
        return _research(args)
    if args.pairs is not None:
        if args.source is not None:
            raise InputError("give either --pairs FILE or two pages/folders, not both")
        from workbench.align.batch import read_pairs

        return _batch(args, read_pairs(args.pairs), args.pairs.name)
    if args.source is None or args.translated is None:
        raise InputError("align needs an English page and its translated edition",
                         hint="workbench align EN_PAGE TRANSLATED_PAGE, two folders, "
                              "or --pairs FILE.tsv")
    if args.source.is_dir() or args.translated.is_dir():
        return _folders(args)
    from workbench.align.batch import PagePair

    return _single(args, PagePair(args.source, args.translated))


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

    if args.source is None or args.translated is None:
        raise InputError("--presegmented needs two files of one sentence per line")
    src, tgt = _read_lines(args.source), _read_lines(args.translated)
    tgt_lang = args.tgt_lang
    if not tgt_lang:
        from workbench.ingest.langid import detect_language

        tgt_lang = detect_language(" ".join(tgt[:200]))[0]
        if not tgt_lang:
            raise InputError("cannot tell the language of the translation", path=args.translated,
                             hint="give it with --tgt-lang (e.g. --tgt-lang fa)")
    result = align_report([src], [tgt], args.src_lang, tgt_lang)
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


def _single(args: argparse.Namespace, pair: PagePair) -> int:
    from workbench.align.batch import MTChooser, parse_pair, store_and_align
    from workbench.cli.common import open_from_args, print_table

    parsed = parse_pair(pair, src_lang=args.src_lang, tgt_lang=args.tgt_lang)
    project = open_from_args(args, create=True)  # only once both pages are known to be good
    mt = MTChooser(project, args.mt)(args.src_lang, parsed.tgt_lang)
    outcome = store_and_align(project, parsed, src_lang=args.src_lang, replace=args.replace,
                              mt=mt)
    summary = outcome.summary
    assert summary is not None  # store_and_align raises instead of returning an error outcome
    for warning in summary.warnings:
        _warn(warning)
    links = summary.result.links
    tgt_lang = _alignment_lang(project, summary.alignment_id)
    print(f"alignment {summary.alignment_id} ({_action(summary)}): "
          f"document {outcome.src_doc_id} ({args.src_lang}) ↔ document {outcome.tgt_doc_id} "
          f"({tgt_lang}), {len(links)} links")
    print_table(("TYPE", "LINKS"), summary.by_kind.most_common())
    print(f"mean confidence {summary.mean_confidence:.2f}; {summary.low_confidence} "
          f"low-confidence links to review; stored as drafts (origin aligned), in the TM once "
          "reviewed")
    print(f"learned: {summary.result.length_ratio:.2f} {tgt_lang} characters per "
          f"{args.src_lang} character, {summary.result.lexicon_size} word pairs from the text")
    if mt is not None:
        verdict = "used" if summary.result.mt_used else "ignored: it did not single out " \
            "counterparts better than chance"
        test = " (TEST MODEL)" if mt.is_test_model else ""
        print(f"MT evidence from {mt.model}{test}: {verdict}")
    print(f"review with: workbench --project {project.location} (alignment "
          f"{summary.alignment_id}),"
          f" or accept the sure ones: workbench --project {project.location} alignments "
          f"{summary.alignment_id} --accept-above 0.8")
    return 0


def _alignment_lang(project: Project, alignment_id: int) -> str:
    from workbench.align.store import get_alignment

    return str(get_alignment(project.db, alignment_id)["tgt_lang"])


def _action(summary: AlignSummary) -> str:
    kept = f", {summary.carried} reviewed link(s) kept" if summary.carried else ""
    if summary.action == "replaced":
        return f"replaced the earlier run{kept}"
    if summary.action == "superseded":
        earlier = ", ".join(map(str, summary.superseded))
        return f"new; replaces alignment {earlier} of an earlier version of the pages{kept}"
    return "unchanged: same links as before" if summary.action == "unchanged" else "new"


def _folders(args: argparse.Namespace) -> int:
    from workbench.align.batch import match_folders
    from workbench.errors import InputError

    if not (args.source.is_dir() and args.translated.is_dir()):
        raise InputError("give two pages or two folders, not a page and a folder",
                         path=args.source if not args.source.is_dir() else args.translated)
    matching = match_folders(args.source, args.translated)
    for path in matching.unmatched_source:
        _warn(f"{path}: no translated page with the same name or date")
    for path in matching.unmatched_translated:
        _warn(f"{path}: no English page with the same name or date")
    if not matching.pairs:
        raise InputError("no pages of the two folders match by name or date",
                         path=args.source, hint="list the pairs in a TSV file: --pairs FILE")
    return _batch(args, matching.pairs, f"{args.source.name} ↔ {args.translated.name}")


def _batch(args: argparse.Namespace, pairs: list[PagePair], batch: str) -> int:
    from workbench.align.batch import align_pages
    from workbench.cli.common import cli_progress, open_from_args

    project = open_from_args(args, create=True)
    with cli_progress(f"Aligning {len(pairs)} page pairs") as progress:
        outcomes = align_pages(project, pairs, src_lang=args.src_lang, tgt_lang=args.tgt_lang,
                               batch=batch, replace=args.replace, progress=progress, mt=args.mt)
    _print_outcomes(outcomes)
    failed = [o for o in outcomes if o.error]
    done = len(outcomes) - len(failed)
    print(f"batch {batch!r}: {done} of {len(outcomes)} pairs aligned"
          f"{f', {len(failed)} failed' if failed else ''}; review with: workbench --project "
          f"{project.location} alignments --batch {_quote(batch)}")
    return 1 if failed else 0


def _print_outcomes(outcomes: list[PairOutcome]) -> None:
    from workbench.cli.common import print_table
    from workbench.text.display import for_display

    rows = []
    for o in outcomes:
        if o.error:
            print(f"workbench: error: {for_display(o.error)}", file=sys.stderr)
            continue
        s = o.summary
        assert s is not None
        for warning in s.warnings:
            _warn(f"{o.pair.translated.name}: {warning}")
        rows.append((s.alignment_id, len(s.result.links), s.low_confidence,
                     f"{s.mean_confidence:.2f}", s.action, for_display(o.pair.source.name),
                     for_display(o.pair.translated.name)))
    if rows:
        print_table(("ID", "LINKS", "LOW", "MEAN", "RUN", "SOURCE", "TRANSLATED"), rows)


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def cmd_alignments(args: argparse.Namespace) -> int:
    from workbench.align.store import accept_above, list_alignments
    from workbench.cli.common import open_from_args, print_table
    from workbench.errors import InputError
    from workbench.text.display import for_display

    project = open_from_args(args)
    rows = list_alignments(project.db, batch=args.batch)
    if args.ids:
        known = {r["id"] for r in rows}
        missing = [i for i in args.ids if i not in known]
        if missing:
            raise InputError(f"no alignment {', '.join(map(str, missing))} in this project"
                             f"{' batch' if args.batch else ''}",
                             hint="`workbench alignments` lists them")
        rows = [r for r in rows if r["id"] in set(args.ids)]
    if args.accept_above is not None:
        accepted = accept_above(project.db, [r["id"] for r in rows], args.accept_above)
        print(f"accepted {accepted} link(s) with confidence ≥ {args.accept_above:g} in "
              f"{len(rows)} alignment(s); they are in the TM as aligned pairs")
        rows = [r for r in list_alignments(project.db, batch=args.batch)
                if r["id"] in {x["id"] for x in rows}]
    rows = sorted(rows, key=lambda r: (r["mean_confidence"], r["id"]))
    print_table(("ID", "LANG", "LINKS", "REVIEWED", "LOW", "MEAN", "SOURCE", "TRANSLATED"),
                [(r["id"], r["tgt_lang"], r["links"], r["reviewed"], r["low"],
                  f"{r['mean_confidence']:.2f}", for_display(r["src_title"]),
                  for_display(r["tgt_title"])) for r in rows])
    return 0
