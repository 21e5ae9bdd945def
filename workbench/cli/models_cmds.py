"""CLI for machine translation: `models list|install|remove|verify` and `translate`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily at run time: `workbench --help` stays light
    from workbench.config import Settings
    from workbench.mt.packages import PackageInfo

from workbench.cli.common import record_id

TEST_WARNING = "test model: output is not a translation"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register `models ...` and `translate`."""
    p = sub.add_parser("models", help="list, install, remove and verify translation models")
    msub = p.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    q = msub.add_parser("list", help="installed and missing packages, versions, sizes")
    q.set_defaults(func=cmd_list)
    q = msub.add_parser("install", help="install packages by code (online) or .argosmodel files")
    q.add_argument("items", nargs="+", metavar="CODE|FILE",
                   help="package codes like en_sq (from the Argos index) or .argosmodel files")
    q.set_defaults(func=cmd_install)
    q = msub.add_parser("remove", help="uninstall packages")
    q.add_argument("codes", nargs="+", metavar="CODE")
    q.set_defaults(func=cmd_remove)
    q = msub.add_parser("verify", help="load each installed package and translate a test line")
    q.add_argument("codes", nargs="*", metavar="CODE", help="only these packages")
    q.set_defaults(func=cmd_verify)

    p = sub.add_parser("translate", help="fill MT suggestions for untranslated segments")
    p.add_argument("--to", dest="targets", metavar="LANGS",
                   help="target languages, e.g. sq,fa,ar (default: the configured targets)")
    p.add_argument("--doc", type=record_id, metavar="ID", help="only this document")
    p.add_argument("--overwrite", action="store_true",
                   help="replace suggestions already made by the same model")
    p.add_argument("--draft", action="store_true",
                   help="fast draft: greedy decoding (beam 1), several times faster, lower "
                        "quality; recorded as MODEL/draft, replaced by a later normal run")
    p.set_defaults(func=cmd_translate)


def _models_dir() -> Path:
    from workbench.config import load_settings

    return load_settings().models_dir


def _engine_line(settings: Settings) -> str:
    """The decoding and thread settings in use, with the quality/speed knob."""
    from workbench.mt.engine import engine_threads

    workers, per_worker = engine_threads(settings.threads, settings.mt_workers)
    mode = "draft: greedy" if settings.beam_size <= 1 else "quality"
    return (f"engine: beam {settings.beam_size} ({mode}; `beam_size` setting, `translate "
            f"--draft` for greedy, several times faster), batch {settings.batch_size}, "
            f"{workers} worker{'s' if workers > 1 else ''} x {per_worker} thread"
            f"{'s' if per_worker > 1 else ''} (`threads`, `mt_workers` settings)")


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def cmd_list(args: argparse.Namespace) -> int:
    from workbench.cli.common import print_table
    from workbench.config import load_settings
    from workbench.mt.packages import argos_packages_dir, installed_packages, load_manifest
    from workbench.text.display import for_display

    models_dir = _models_dir()
    installed = installed_packages(models_dir)
    by_code: dict[str, list[PackageInfo]] = {}
    for info in installed:
        by_code.setdefault(info.code, []).append(info)
    manifest = load_manifest()
    purposes = {e.code: e.purpose for e in manifest}
    missing_required = [e.code for e in manifest
                        if e.required and not any(p.problem is None
                                                  for p in by_code.get(e.code, []))]
    codes = [e.code for e in manifest] + sorted(set(by_code) - set(purposes))
    rows: list[tuple[object, ...]] = []
    for code in codes:
        purpose = purposes.get(code, "(not in the manifest)")
        found = by_code.get(code, [])
        if not found:
            rows.append((code, "missing", "-", "-", "-", "-", "-", "-", purpose))
        used = next((p for p in found if p.problem is None), None)
        rows += [_row(info, "installed" if info is used else
                      "unusable" if info.problem else "not used", purpose) for info in found]
    print_table(("PACKAGE", "STATUS", "VERSION", "ARGOS", "LAYOUT", "SIZE", "KIND", "WHERE",
                 "PURPOSE"), rows)
    argos_dir = argos_packages_dir()
    print(f"\nmodels directory: {for_display(str(models_dir))}")
    print(f"Argos Translate packages (read only): {for_display(str(argos_dir))}"
          + ("" if argos_dir.is_dir() else " (none)"))
    for info in installed:
        if info.problem:
            print(f"unusable {info.code} in {for_display(str(info.path))}: {info.problem}")
    print(_engine_line(load_settings()))
    if any(p.is_test_model for p in installed):
        print("TEST MODEL = generated by the test suite (random weights): "
              "its output is not a translation")
    if missing_required:
        print(f"missing: install with `workbench models install {' '.join(missing_required)}`")
    return 0


def _row(p: PackageInfo, status: str, purpose: str) -> tuple[object, ...]:
    return (p.code, status, p.version, p.argos_version or "-", p.layout.describe(),
            _size(p.size_bytes), "TEST MODEL" if p.is_test_model else "argos",
            "argos (read only)" if p.read_only else "workbench", purpose)


def cmd_install(args: argparse.Namespace) -> int:
    from workbench.cli.common import cli_progress
    from workbench.mt.packages import install_file, install_from_index

    models_dir = _models_dir()
    files = [Path(i) for i in args.items if i.endswith(".argosmodel") or Path(i).is_file()]
    codes = [i for i in args.items if not (i.endswith(".argosmodel") or Path(i).is_file())]
    done = [install_file(f, models_dir) for f in files]
    if codes:
        with cli_progress("Downloading") as progress:
            done += install_from_index(codes, models_dir, progress=progress)
    for info in done:
        note = f"  [{TEST_WARNING}]" if info.is_test_model else ""
        print(f"installed {info.code} {info.version} ({info.layout.describe()}; "
              f"{_size(info.size_bytes)}){note}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from workbench.mt.packages import remove_package

    models_dir = _models_dir()
    for code in args.codes:
        info = remove_package(models_dir, code)
        print(f"removed {info.code} {info.version}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    import time

    from workbench.mt.packages import check_loads, installed_packages
    from workbench.text.display import for_display

    packages = [p for p in installed_packages(_models_dir())
                if not args.codes or p.code in args.codes]
    if not packages:
        print("no packages installed: see `workbench models list`", file=sys.stderr)
        return 1
    failed = 0
    for info in packages:
        started = time.perf_counter()
        label = f"{info.code} {info.version} [{info.layout.describe()}]"
        try:
            # The install check again: load, target prefix, translate the test sentence.
            sentence, output, ended = check_loads(info, info.path)
        except Exception as exc:  # a damaged package: report it, check the others
            failed += 1
            message = getattr(exc, "message", None) or str(exc)
            print(f"FAILED {label}: {for_display(message)}")
            continue
        seconds = time.perf_counter() - started
        if info.is_test_model:
            result = (f"translated a test sentence ({len(output.split())} words; {TEST_WARNING})")
        else:
            result = f"{sentence!r} → {for_display(output)!r}" + ("" if ended else " (cut off)")
        print(f"ok     {label}: loads and translates ({seconds:.2f} s): {result}")
    return 1 if failed else 0


def cmd_translate(args: argparse.Namespace) -> int:
    from workbench.cli.common import cli_progress, open_from_args, print_table, split_langs
    from workbench.mt.service import translate_project

    project = open_from_args(args)
    try:
        if args.doc is not None:
            from workbench.errors import InputError
            from workbench.store.documents import get_document

            if get_document(project.db, args.doc) is None:
                raise InputError(f"no document {args.doc} in this project",
                                 hint="`workbench documents` lists them")
        targets = split_langs(args.targets) if args.targets else list(project.settings.targets)
        if args.draft:
            project.settings.beam_size = 1
        with cli_progress("Translating") as progress:
            summaries = translate_project(project, targets, doc_id=args.doc,
                                          overwrite=args.overwrite, progress=progress)
    finally:
        project.close()
    rows = [(s.lang, s.segments, s.translated, s.cached, f"{s.seconds:.2f}",
             f"{s.per_second:.1f}",
             ", ".join(f"{k} {v}" for k, v in sorted(s.flags.items())) or "-", s.model)
            for s in summaries]
    print_table(("LANG", "SEGMENTS", "TRANSLATED", "CACHED", "SECONDS", "SEG/S", "FLAGS",
                 "MODEL"), rows)
    for s in summaries:
        if s.is_test_model:
            print(f"warning: {s.lang}: {s.model} is a {TEST_WARNING}", file=sys.stderr)
    return 0
