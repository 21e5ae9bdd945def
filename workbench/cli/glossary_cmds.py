"""CLI for the glossary (list, add, remove, import, export, check) and the QA report."""

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

LANG_OPTIONS = ("sq", "fa", "ar")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """glossary list|add|set|remove|import|export|check, qa."""
    g = sub.add_parser("glossary", help="the project glossary of names and organisations")
    gsub = g.add_subparsers(dest="glossary_command", metavar="ACTION", required=True)

    p = gsub.add_parser("list", help="list concepts and their renderings")
    p.add_argument("--lang", metavar="LANG", help="show one target language in detail")
    p.add_argument("--search", metavar="TEXT", help="only concepts with a term containing TEXT")
    p.set_defaults(func=cmd_list)

    p = gsub.add_parser("add", help="add a concept (merged into an existing one with the "
                                    "same English term)")
    p.add_argument("english", metavar="ENGLISH", help="the English form, e.g. 'Camp Ashraf'")
    for lang in LANG_OPTIONS:
        p.add_argument(f"--{lang}", metavar="TEXT", help=f"approved rendering in {lang}")
    p.add_argument("--variant", action="append", default=[], metavar="[LANG:]TEXT",
                   help="another accepted form (English unless prefixed, e.g. fa:منافقین); "
                        "repeatable")
    p.add_argument("--acronym", action="append", default=[], metavar="TEXT",
                   help="an English acronym (MEK, NCRI); repeatable")
    p.add_argument("--forbid", action="append", default=[], metavar="LANG:TEXT",
                   help="a wrong rendering QA must flag, e.g. fa:مريم رجوي; repeatable")
    p.add_argument("--dnt", nargs="?", const="*", metavar="LANGS",
                   help="do not translate (keep the English form) in LANGS, or everywhere")
    p.add_argument("--note", default="", help="a note for translators")
    p.add_argument("--domain", default="", help="person, organisation, place, ...")
    p.add_argument("--id", dest="concept_id", help="concept id (default: from the English form)")
    p.set_defaults(func=cmd_add)

    p = gsub.add_parser("set", help="make TEXT the approved rendering of ENGLISH in LANG (a new "
                                    "concept if no concept has that English form; replaces "
                                    "the approved rendering of an existing one)")
    p.add_argument("english", metavar="ENGLISH", help="the English form (any accepted form)")
    p.add_argument("rendering", metavar="TEXT", help="the approved rendering")
    p.add_argument("--to", metavar="LANG", required=True, help="target language, e.g. fa")
    p.add_argument("--note", default="", help="a note for translators")
    p.set_defaults(func=cmd_set)

    p = gsub.add_parser("remove", help="remove a concept by id")
    p.add_argument("concept_id", metavar="ID")
    p.set_defaults(func=cmd_remove)

    p = gsub.add_parser("import", help="import a TBX, OmegaT TSV/CSV or TOML glossary")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--lang", metavar="LANG", help="target language of a TSV file")
    p.add_argument("--partial", action="store_true",
                   help="store the valid entries and list the bad ones (default: a bad entry "
                        "stops the import and nothing is stored)")
    p.set_defaults(func=cmd_import)

    p = gsub.add_parser("export", help="export the glossary as TBX-Basic or OmegaT's "
                                       "tab-separated .txt (CSV when FILE ends in .csv)")
    p.add_argument("--format", choices=("tbx", "tsv"),
                   help="file format (default: from the file extension)")
    p.add_argument("--lang", metavar="LANG", help="target language (required for TSV)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                   help="the file (OmegaT reads .txt, .utf8, .tab, .csv and .tbx, not .tsv), "
                        "or an OmegaT project folder: written to its glossary/ folder")
    p.add_argument("--forbidden", choices=("note", "omit", "keep"), default="note",
                   help="forbidden renderings: into the entry's note as 'not: …' (default; "
                        "OmegaT shows every TBX term as a translation), left out, or kept as "
                        "TBX deprecatedTerm (memoQ, MultiTerm)")
    p.set_defaults(func=cmd_export)

    p = gsub.add_parser("check", help="show the glossary terms found in TEXT")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--from", dest="src", default=None, metavar="LANG",
                   help="language of TEXT (default: the project's source language)")
    p.add_argument("--to", metavar="LANG", help="show renderings in LANG (default: all)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("qa", help="check translations and suggestions (terms, numbers, "
                                  "punctuation, spacing, length)")
    p.add_argument("--to", metavar="LANGS", help="target languages (default: sq,fa,ar)")
    p.add_argument("--doc", type=record_id, metavar="ID", help="only this document")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the report as JSON")
    p.add_argument("--fail-on", choices=("error", "warning", "never"), default="never",
                   help="exit with status 2 when findings of this severity (or worse) exist, "
                        "e.g. in a delivery script (default: never)")
    p.set_defaults(func=cmd_qa)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def cmd_list(args: argparse.Namespace) -> int:
    from workbench.glossary.store import load_concepts

    project = open_from_args(args)
    concepts = load_concepts(project.db, lang=args.lang, search=args.search)
    if args.lang:
        rows = []
        for c in concepts:
            t = c.terms.get(args.lang)
            others = [x for x in (t.allowed() if t else []) if x != c.rendering(args.lang)]
            rows.append((c.id, c.english, c.rendering(args.lang) or "—",
                         "; ".join(others), "; ".join(t.forbidden if t else []),
                         "yes" if c.keeps_source(args.lang) else ""))
        print_table(("ID", "ENGLISH", args.lang.upper(), "VARIANTS", "FORBIDDEN", "DNT"), rows)
    else:
        print_table(("ID", "DOMAIN", "ENGLISH", "SQ", "FA", "AR"),
                    [(c.id, c.domain, c.english, c.rendering("sq") or "—",
                      c.rendering("fa") or "—", c.rendering("ar") or "—") for c in concepts])
    print(f"{len(concepts)} concept(s)")
    return 0


def _split_lang(value: str, option: str) -> tuple[str, str]:
    from workbench.errors import InputError

    lang, sep, text = value.partition(":")
    if not sep or not lang.isalpha() or len(lang) > 3 or not text.strip():
        raise InputError(f"{option} expects LANG:TEXT, got {value!r}", hint="e.g. fa:مريم رجوي")
    return lang.lower(), text


def cmd_add(args: argparse.Namespace) -> int:
    from workbench.glossary.model import Concept, parse_dnt, slugify
    from workbench.glossary.store import save_concepts

    concept = Concept(args.concept_id or slugify(args.english),
                      do_not_translate=parse_dnt(args.dnt), note=args.note, domain=args.domain)
    concept.lang("en").preferred = args.english
    concept.lang("en").acronyms += args.acronym
    for lang in LANG_OPTIONS:
        if getattr(args, lang):
            concept.lang(lang).preferred = getattr(args, lang)
    for value in args.variant:
        head = value.partition(":")[0]
        if ":" in value and head.isalpha() and len(head) <= 3:
            lang, text = _split_lang(value, "--variant")
        else:
            lang, text = "en", value
        concept.lang(lang).variants.append(text)
    for value in args.forbid:
        lang, text = _split_lang(value, "--forbid")
        concept.lang(lang).forbidden.append(text)
    project = open_from_args(args, create=True)
    report = save_concepts(project.db, [concept], origin="user")
    if report.added:
        print(f"added concept {concept.id}")
    elif report.merged:
        print(f"merged into the existing concept for '{args.english}'")
    else:
        print(f"nothing new: '{args.english}' is already in the glossary")
    for line in report.conflicts:
        print(f"note: {line}")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from workbench.glossary.edit import save_term
    from workbench.text.display import for_display

    project = open_from_args(args, create=True)
    saved = save_term(project.db, args.english, args.to, args.rendering, note=args.note)
    print(for_display(saved.message))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from workbench.errors import InputError
    from workbench.glossary.store import delete_concept

    project = open_from_args(args)
    if not delete_concept(project.db, args.concept_id):
        raise InputError(f"no glossary concept {args.concept_id!r}",
                         hint="see `workbench glossary list`")
    print(f"removed concept {args.concept_id}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from workbench.glossary.exchange import import_glossary

    project = open_from_args(args, create=True)
    report = import_glossary(project.db, args.file, lang=args.lang, partial=args.partial)
    print(f"{args.file}: {report.added} added, {report.merged} merged into existing concepts, "
          f"{report.unchanged} already present")
    for line in report.conflicts:
        print(f"note: {line}")
    for line in report.skipped:
        print(f"skipped: {line}")
    return 1 if report.skipped else 0


def cmd_export(args: argparse.Namespace) -> int:
    import sys

    from workbench.errors import InputError
    from workbench.glossary.exchange import (
        OMEGAT_READS,
        TBX_SUFFIXES,
        export_glossary,
        omegat_glossary_path,
    )

    out: Path = args.output
    if out.is_dir():
        if not (out / "omegat.project").is_file():
            raise InputError("is a folder but not an OmegaT project (no omegat.project)",
                             path=out, hint="give a file name, or an OmegaT project folder")
        fmt = args.format or "tsv"
        if fmt == "tsv" and not args.lang:
            raise InputError("a tab-separated glossary holds one target language",
                             hint="say which with --lang sq|fa|ar")
        out = omegat_glossary_path(out, args.lang or "all", fmt)
        out.parent.mkdir(exist_ok=True)
    fmt = args.format or ("tbx" if out.suffix.lower() in TBX_SUFFIXES else "tsv")
    project = open_from_args(args)
    count = export_glossary(project.db, out, fmt, lang=args.lang, forbidden=args.forbidden)
    unit = "entries" if fmt == "tbx" else "lines"
    print(f"wrote {count} {unit} to {out}")
    if out.suffix.lower() not in OMEGAT_READS:
        print(f"workbench: warning: OmegaT does not read {out.suffix or 'extension-less'} "
              "glossaries; name the file .txt (or .utf8, .tab, .csv, .tbx) to use it in OmegaT",
              file=sys.stderr)
    if fmt == "tbx" and args.forbidden == "keep":
        print("workbench: warning: OmegaT ignores the deprecated status and shows forbidden "
              "renderings as translations; use --forbidden note for OmegaT", file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from workbench.glossary.match import find_terms

    project = open_from_args(args)
    src = args.src or project.settings.source_lang
    langs = [args.to] if args.to else [t for t in project.settings.targets if t != src]
    hits = {lang: find_terms(project.db, args.text, src, lang) for lang in langs}
    first = next(iter(hits.values()), [])
    if not first:
        print("no glossary terms found")
        return 0
    for n, hit in enumerate(first):
        print(f"{hit.start}-{hit.end}  {_one_line(hit.matched)}  [{hit.concept_id}]")
        for lang in langs:
            h = hits[lang][n]
            line = f"    {lang}: {h.rendering or '— (no rendering)'}"
            if h.do_not_translate:
                line += "  (do not translate)"
            if h.variants:
                line += f"  also: {'; '.join(h.variants)}"
            if h.forbidden:
                line += f"  not: {'; '.join(h.forbidden)}"
            print(line)
        if hit.note:
            print(f"    note: {_one_line(hit.note)}")
    return 0


def cmd_qa(args: argparse.Namespace) -> int:
    from workbench.qa.report import run_report

    project = open_from_args(args)
    langs = split_langs(args.to) if args.to else list(project.settings.targets)
    with cli_progress("Checking") as progress:
        report = run_report(project, langs, doc_id=args.doc, progress=progress)
    for item in report.items:
        # The segment's number in its document, as the workbench shows it (Ctrl+L takes it);
        # the project-wide id after it, for scripts.
        print(f"doc {item.document_id} segment {item.position + 1} (id {item.segment_id}) "
              f"[{item.lang} {item.kind}]")
        print(f"    source: {_one_line(item.source)}")
        print(f"    target: {_one_line(item.target)}")
        for f in item.findings:
            print(f"    {f.severity}: {f.code}: {_one_line(f.message)}")
            if f.suggestion is not None:
                print(f"        fix: {_one_line(f.suggestion)}")
    counts = report.counts()
    print(f"checked {report.checked} target text(s) in {', '.join(langs)}: "
          f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info")
    if args.json:
        report.write_json(args.json)
        print(f"wrote {args.json}")
    failing = {"error": counts["error"], "warning": counts["error"] + counts["warning"],
               "never": 0}[args.fail_on]
    return 2 if failing else 0
