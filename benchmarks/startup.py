"""Start-up: `workbench --help`, the first launch (a default project created with the starter
glossary and the five seed pages) and a later launch, against a bare Python start, arms
alternating; then where the first launch's time goes.

Usage: python benchmarks/startup.py [--rounds N] [--against CHECKOUT]

Each round runs, in turn: `python -c pass` (the baseline: what any Python program pays),
`workbench --help`, `workbench stats` on a fresh data folder (the first launch) and
`workbench stats` again on it (a later launch). Ratios to the baseline are taken per round
(median and spread), so host load hits every arm alike. Times are wall and CPU (user + system
of the child). Modules run from compiled bytecode, as an installed package does: the
bytecode goes to a temporary PYTHONPYCACHEPREFIX, written by a warm-up run.

`--against CHECKOUT` (another checkout of workbench, e.g. /work/main) runs every arm of every
round in both checkouts, one after the other, and prints the ratio this / that per arm (median
and spread): a before/after comparison that host load hits alike.

The breakdown runs the first launch's steps one by one in a fresh interpreter (CPU ms):
importing the CLI and building its parser, importing the core, creating and migrating the
project, installing the starter glossary, importing the seeds (parsing, language detection,
sentence splitting, storing). Goals: `--help` < 300 ms, first launch < 250 ms.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BREAKDOWN = r"""
import os, sys, tempfile, time
clock = time.process_time
marks = [("python start", clock())]
from workbench.cli import build_parser, command_in
build_parser(command_in(["stats"]))
marks.append(("CLI import + parser", clock()))
from workbench.glossary.starter import install_starter_glossary
from workbench.ingest import importer
from workbench.project import Project
from workbench.resources import seed_files
from workbench.store import documents
marks.append(("core imports", clock()))
project = Project(os.path.join(tempfile.mkdtemp(), "p.wbproj"))
marks.append(("create + migrate", clock()))
install_starter_glossary(project)
marks.append(("starter glossary", clock()))
spent = {}
def timed(module, name):
    call = getattr(module, name)
    def wrapper(*args, **kwargs):
        start = clock()
        try:
            return call(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + clock() - start
    setattr(module, name, wrapper)
for name in ("parse_capture", "detect_document", "split_sentences"):
    timed(importer, name)
timed(documents, "save_document")
with seed_files() as seeds:
    importer.import_paths(project, seeds)
marks.append(("seed import", clock()))
last = 0.0
for name, at in marks:
    print(f"  {name:<22}{(at - last) * 1e3:7.1f} ms")
    last = at
parts = ", ".join(f"{k} {v * 1e3:.0f}" for k, v in spent.items())
print(f"    of which: {parts} ms")
print(f"  {'total (CPU)':<22}{last * 1e3:7.1f} ms")
"""


HERE = Path(__file__).resolve().parents[1]


def run(cmd: list[str], env: dict[str, str], cwd: Path = HERE) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of `cmd` in `cwd` (`-m workbench` runs that checkout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, env=env, capture_output=True, check=True, cwd=cwd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def fresh_env(root: Path, cache: Path) -> dict[str, str]:
    """An environment with its own data, config and models folders and a bytecode cache."""
    root.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(WORKBENCH_DATA_DIR=str(root / "data"), WORKBENCH_CONFIG=str(root / "c.toml"),
               WORKBENCH_MODELS_DIR=str(root / "models"), HOME=str(root),
               PYTHONPYCACHEPREFIX=str(cache))
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--against", type=Path, metavar="CHECKOUT",
                        help="another workbench checkout to compare with, arm by arm")
    args = parser.parse_args()
    wb = [sys.executable, "-m", "workbench"]
    arms = {"python -c pass (baseline)": [sys.executable, "-c", "pass"],
            "workbench --help": [*wb, "--help"], "first launch (stats)": [*wb, "stats"],
            "later launch (stats)": [*wb, "stats"]}
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in arms}
    other: dict[str, list[tuple[float, float]]] = {name: [] for name in arms}
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "pycache"
        run([*wb, "stats"], fresh_env(Path(tmp) / "warm", cache))  # writes the bytecode
        if args.against:
            run([*wb, "stats"], fresh_env(Path(tmp) / "warm-other", cache), args.against)
        for i in range(args.rounds):
            env = fresh_env(Path(tmp) / f"round{i}", cache)
            other_env = fresh_env(Path(tmp) / f"other{i}", cache)
            for name, cmd in arms.items():
                samples[name].append(run(cmd, env))
                if args.against:
                    other[name].append(run(cmd, other_env, args.against))
        base = samples["python -c pass (baseline)"]
        print(f"{args.rounds} alternating rounds (the machine is shared); medians:")
        for name, values in samples.items():
            wall = statistics.median(w for w, _ in values)
            cpu = statistics.median(c for _, c in values)
            ratios = [w / b for (w, _), (b, _) in zip(values, base, strict=True)]
            print(f"  {name:<28}{wall * 1e3:7.0f} ms wall {cpu * 1e3:6.0f} ms CPU   "
                  f"{statistics.median(ratios):5.1f}x baseline (spread "
                  f"{min(ratios):.1f}–{max(ratios):.1f})")
        if args.against:
            print(f"this checkout / {args.against} (same rounds, one after the other):")
            for name, values in samples.items():
                walls = [w / o for (w, _), (o, _) in zip(values, other[name], strict=True)]
                cpus = [c / o for (_, c), (_, o) in zip(values, other[name], strict=True)]
                print(f"  {name:<28}{statistics.median(o for o, _ in other[name]) * 1e3:7.0f}"
                      f" ms wall there; ratio wall {statistics.median(walls):5.2f} (spread "
                      f"{min(walls):.2f}–{max(walls):.2f}), CPU {statistics.median(cpus):5.2f}")
        first = statistics.median(w for w, _ in samples["first launch (stats)"])
        helped = statistics.median(w for w, _ in samples["workbench --help"])
        print(f"goals: --help < 300 ms: {'met' if helped < 0.3 else 'NOT met'}; first launch "
              f"< 250 ms: {'met' if first < 0.25 else 'NOT met'}")
        print("first launch, step by step (CPU, one fresh interpreter):")
        out = subprocess.run([sys.executable, "-c", BREAKDOWN], capture_output=True, text=True,
                             check=True, env=fresh_env(Path(tmp) / "breakdown", cache))
        print(out.stdout, end="")


if __name__ == "__main__":
    main()
