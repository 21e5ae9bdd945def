"""Core commands: import pages, list documents and segments, project statistics."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli.common import (
    cli_progress,
    open_from_args,
    print_table,
    record_id,
    split_langs,
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """import, documents, segments, stats."""
    p = sub.add_parser("import", help="import pages (HTML or text captures, files or folders)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--edition", metavar="LANG",
                   help="the pages are a translated edition in LANG (for alignment), "
                        "not source pages to translate")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("documents", help="list the documents in the project")
    p.add_argument("--all-versions", action="store_true", help="include superseded versions")
    p.set_defaults(func=cmd_documents)

    p = sub.add_parser("segments", help="show the segments of a document")
    p.add_argument("doc", type=record_id, metavar="DOC", help="document id (see `documents`)")
    p.add_argument("--to", metavar="LANG", help="also show the translation into LANG")
    p.set_defaults(func=cmd_segments)

    p = sub.add_parser("stats", help="documents, passages, segments, words, progress")
    p.add_argument("--to", metavar="LANGS", help="target languages (default: sq,fa,ar)")
    p.set_defaults(func=cmd_stats)


def cmd_import(args: argparse.Namespace) -> int:
    from workbench.ingest.importer import import_paths

    project = open_from_args(args, create=True)
    role = "edition" if args.edition else "source"
    with cli_progress("Importing") as progress:
        outcomes = import_paths(project, args.paths, role=role, lang=args.edition,
                                progress=progress)
    failed = 0
    for o in outcomes:
        if o.error:
            failed += 1
            print(f"workbench: error: {o.error}")
        elif o.result:
            r = o.result
            extra = f", {r.carried_translations} translations kept" if r.carried_translations else ""
            print(f"{o.path}: {r.action} document {r.document_id} (v{r.version}, "
                  f"{r.segments} segments{extra})")
    return 1 if failed else 0


def cmd_documents(args: argparse.Namespace) -> int:
    from workbench.store.documents import list_documents

    project = open_from_args(args)
    rows = list_documents(project.db, include_old=args.all_versions)
    print_table(("ID", "LANG", "ROLE", "VER", "PASSAGES", "SEGMENTS", "WORDS", "TITLE"),
                [(r["id"], r["lang"] or "?", r["role"], r["version"], r["passages"],
                  r["segments"], r["words"], r["title"][:70]) for r in rows])
    return 0


def cmd_segments(args: argparse.Namespace) -> int:
    from workbench.errors import WorkbenchError
    from workbench.store.documents import get_document, list_segments

    project = open_from_args(args)
    if get_document(project.db, args.doc) is None:
        raise WorkbenchError(f"no document {args.doc} in {project.path}",
                             hint="see `workbench documents`")
    # NUM is the segment's number in its document (what the workbench shows and Ctrl+L takes);
    # ID is its project-wide id (what `qa` reports and other commands accept).
    print("NUM\tID\tKIND\tLANG\tTEXT")
    for s in list_segments(project.db, args.doc, lang=args.to):
        print(f"{s['position'] + 1}\t{s['id']}\t{s['passage_kind']}\t{s['lang'] or '?'}\t"
              f"{s['text']}")
        if args.to and s["t_text"] is not None:
            print(f"\t\t{args.to} [{s['t_status']}/{s['t_origin']}]\t{s['t_text']}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from workbench.store.documents import language_counts, list_documents
    from workbench.store.translations import STATUSES, progress

    project = open_from_args(args)
    targets = split_langs(args.to) if args.to else list(project.settings.targets)
    docs = list_documents(project.db)
    print(f"Project {project.path}")
    print(f"  documents {len(docs)}, passages {sum(d['passages'] for d in docs)}, "
          f"segments {sum(d['segments'] for d in docs)}, words {sum(d['words'] for d in docs)}")
    langs = language_counts(project.db)
    print("  words per language: " + ", ".join(f"{k} {v}" for k, v in langs.most_common()))
    rows = []
    for lang in targets:
        counts = progress(project.db, lang)
        total = sum(counts.values()) or 1
        done = sum(counts[s] for s in ("translated", "reviewed", "approved"))
        rows.append([lang] + [counts[s] for s in STATUSES] + [f"{100 * done / total:.0f}%"])
    print_table(("TARGET",) + STATUSES + ("DONE",), rows)
    return 0
