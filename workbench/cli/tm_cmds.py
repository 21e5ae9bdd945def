"""CLI commands for the translation memory: pretranslate, concordance, analyze, tm-lookup."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from workbench.cli.common import (
    cli_progress,
    limit,
    open_from_args,
    print_table,
    record_id,
    score,
    split_langs,
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """pretranslate, concordance, analyze, tm-lookup."""
    p = sub.add_parser(
        "pretranslate", help="fill untranslated segments from the TM, then from MT",
        description="Fill segments that have no translation yet: TM exact matches (101%/100%) "
                    "become translated, the best fuzzy match at or above the minimum score a "
                    "draft flagged tm:<score>, MT output for the rest a draft (output of a test "
                    "model stays a suggestion). Nothing a translator wrote is touched. Exits 1 "
                    "when MT was needed but no model is installed; the TM work is kept.")
    p.add_argument("--to", metavar="LANGS", help="target languages, e.g. sq,fa,ar "
                   "(default: the targets setting)")
    p.add_argument("--doc", type=record_id, metavar="ID", help="only this document")
    p.add_argument("--no-mt", action="store_true", help="TM only; leave the rest untranslated")
    p.add_argument("--min-score", type=score, metavar="N",
                   help="lowest fuzzy score inserted as a draft (default: tm_min_score)")
    p.set_defaults(func=cmd_pretranslate)

    p = sub.add_parser("concordance", help="search the TM's source and target text")
    p.add_argument("text", metavar="TEXT", help="word or phrase (last word matches as prefix)")
    p.add_argument("--to", metavar="LANG", help="only units into this language")
    p.add_argument("--side", choices=("source", "target", "both"), default="both",
                   help="search the source text, the target text or both (default: both)")
    p.add_argument("--limit", type=limit, default=50, metavar="N",
                   help="show at most N units, best first (default: 50)")
    p.set_defaults(func=cmd_concordance)

    p = sub.add_parser("analyze",
                       help="words and segments per match band (repetitions, 100%%, fuzzy)")
    p.add_argument("--to", metavar="LANGS", help="target languages (default: targets setting)")
    p.add_argument("--doc", type=record_id, metavar="ID", help="only this document")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the report as JSON")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("tm-lookup", help="show TM matches for a sentence")
    p.add_argument("text", metavar="TEXT", help="the source sentence to look up")
    p.add_argument("--to", metavar="LANGS",
                   help="target languages, e.g. fa or sq,fa (default: targets setting)")
    p.add_argument("--min-score", type=score, metavar="N",
                   help="lowest fuzzy score shown, 1-100 (default: the tm_min_score setting)")
    p.add_argument("--limit", type=limit, default=5, metavar="N",
                   help="at most N matches per language (default: 5)")
    p.set_defaults(func=cmd_lookup)


def _targets(args: argparse.Namespace, project: object) -> list[str]:
    return split_langs(args.to) if args.to else list(project.settings.targets)  # type: ignore


def _check_doc(project: object, doc_id: int | None) -> None:
    from workbench.errors import WorkbenchError
    from workbench.store.documents import get_document

    if doc_id is not None and get_document(project.db, doc_id) is None:  # type: ignore
        raise WorkbenchError(f"no document {doc_id} in this project",
                             hint="see `workbench documents`")


def cmd_pretranslate(args: argparse.Namespace) -> int:
    """Exit status: 0 when done; 1 when MT was wanted but no model could run for a language
    that still had untranslated segments (the TM part is kept either way)."""
    from workbench.tm.pretranslate import pretranslate

    project = open_from_args(args)
    _check_doc(project, args.doc)
    targets = _targets(args, project)
    with cli_progress("Pre-translating") as progress:  # one bar: Rich allows one live display
        summaries = pretranslate(project, targets, doc_id=args.doc, use_mt=not args.no_mt,
                                 min_score=args.min_score, progress=progress,
                                 mt_progress=progress)
    print_table(("LANG", "SEGMENTS", "101%", "100%", "FUZZY", "MT", "TEST-MT", "LEFT"),
                [(s.lang, s.segments, s.context, s.exact, s.fuzzy, s.mt, s.test_model_only,
                  s.untouched) for s in summaries])
    failed = False
    for s in summaries:
        if s.test_model_only:
            print(f"{s.lang}: {s.test_model_only} MT outputs come from a test model and were "
                  "kept as suggestions only (a test model's output is not a translation)")
        if s.mt_error:
            failed = True
            print(f"workbench: error: {s.lang}: {s.mt_error}")
    return 1 if failed else 0


def cmd_concordance(args: argparse.Namespace) -> int:
    from workbench.tm.concordance import concordance, mark

    project = open_from_args(args)
    hits = concordance(project.db, args.text, tgt_lang=args.to, side=args.side,
                       limit=args.limit)
    for h in hits:
        print(f"#{h.unit_id} {h.src_lang}→{h.tgt_lang} {h.origin} {h.updated_at[:10]}")
        print(f"  {h.src_lang}: {mark(h.source, h.source_spans)}")
        print(f"  {h.tgt_lang}: {mark(h.target, h.target_spans)}")
    print(f"{len(hits)} hit{'s' if len(hits) != 1 else ''}")
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from workbench.tm.analyze import BANDS, analyze

    project = open_from_args(args)
    _check_doc(project, args.doc)
    targets = _targets(args, project)
    with cli_progress("Analysing") as progress:
        results = analyze(project.db, targets, doc_id=args.doc, progress=progress)
    for res in results:
        words = sum(b.words for b in res.total.values()) or 1
        print(f"\n== {res.lang}: {len(res.documents)} documents ==")
        print_table(("BAND", "SEGMENTS", "WORDS", "%"),
                    [(b, c.segments, c.words, f"{100 * c.words / words:.1f}")
                     for b, c in res.total.items()])
        print()
        print_table(("DOC", *(b.upper() for b in BANDS), "TITLE"),
                    [(d.doc_id, *(d.bands[b].words for b in BANDS), d.title[:40])
                     for d in res.documents])
        print("(words per band)")
        print("progress: " + ", ".join(f"{k} {v}" for k, v in res.progress.items()))
    if args.json:
        args.json.write_text(json.dumps([r.as_dict() for r in results], ensure_ascii=False,
                                        indent=2), encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


def cmd_lookup(args: argparse.Namespace) -> int:
    from workbench.text.display import for_display
    from workbench.tm.lookup import lookup

    project = open_from_args(args)
    targets = _targets(args, project)
    for lang in targets:
        matches = lookup(project.db, args.text, project.settings.source_lang, lang,
                         min_score=args.min_score or project.settings.tm_min_score,
                         limit=args.limit)
        if len(targets) > 1:
            print(f"== {lang} ==")
        for m in matches:
            diff = " ".join(f"{op}:{text.strip()}" for op, text in m.diff if op != "equal")
            print(f"{m.score:>3}%  #{m.unit_id} {m.origin} {m.updated_at[:10]}")
            print(for_display(f"      {m.source}\n      {m.target}", keep_newlines=True))
            if diff:
                print(for_display(f"      diff: {diff}"))
        if not matches:
            print("no matches")
    return 0
