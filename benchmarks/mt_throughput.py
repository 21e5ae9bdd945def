"""MT throughput: the workbench engine vs today's engine settings vs Argos's way, arms alternating.

The model is a genuine Argos package with Argos's real dimensions (6+6 layers, d_model 512,
8 heads, FFN 2048, ~32k vocabulary, int8) and generated weights (no model can be downloaded
here), built once and cached. Random weights never emit the end token, so every arm caps
decoding at the engine's rule (2 × input tokens + 10): all arms do the same decoding work.
The text is every distinct sentence of the bundled seed pages.

Arms (all beam 4 unless said):
  argos  Argos's way: one sentence per translate_batch call on a Translator with Argos's
         defaults (inter_threads 1, intra_threads 0), Argos's decoding options — what
         argostranslate.translate does (its token batches of 32 hold about one sentence).
  argos1 the same with ARGOS_INTRA_THREADS=1, the strongest simple setting of Argos on a small
         machine: on 2 cores, Argos's default of every core per call spends about half its CPU
         time in the kernel (OpenMP threads waking each other at every decoding step).
  before the engine as it was: translate_project end to end with one worker using every core
         (inter_threads 1, intra_threads = cores), one batch at a time (`mt_workers = 1`).
  engine the engine now: translate_project end to end with its defaults (a worker per core,
         one thread each, a batch per worker in flight).
  draft  the engine in draft mode (`translate --draft`: greedy, beam 1): speed only, the
         quality cost cannot be measured with random weights.

The sentences are dealt into --rounds interleaved slices (similar lengths in each); every round
runs each arm on its slice, the arms' order rotating from round to round (A B C D, B C D A, …),
each on a fresh project (no cache hits). A ratio is computed per round and the median and
range are printed, so a change in the load of a shared machine hits both sides of a ratio.
Peak memory: each arm once more on one slice in its own process (its peak RSS).
Run: `python benchmarks/mt_throughput.py [--quick]`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the package builder shared with the test fixtures

from fixtures.argos_builder import ARGOS, build_package, train_sentencepiece  # noqa: E402

from workbench.config import Settings, load_settings  # noqa: E402
from workbench.ingest.model import ParsedDocument, ParsedPassage  # noqa: E402
from workbench.ingest.segment import split_sentences  # noqa: E402
from workbench.mt.engine import (  # noqa: E402
    ARGOS_DECODING,
    available_cores,
    decode_cap,
    engine_threads,
)
from workbench.mt.packages import PackageInfo, install_file  # noqa: E402
from workbench.mt.service import translate_project  # noqa: E402
from workbench.project import Project  # noqa: E402
from workbench.store.documents import save_document  # noqa: E402

VOCAB = 32_000
ARMS = ("argos", "argos1", "before", "engine", "draft")
ARGOS_INTRA = {"argos": 0, "argos1": 1}  # intra_threads of the Argos-way arms
RATIOS = (("engine", "before", 1.4), ("engine", "argos", 5.0), ("engine", "argos1", None),
          ("draft", "before", None), ("before", "argos", None), ("argos1", "argos", None))


def argos_sized_package(cache_dir: Path) -> Path:
    """Build (once) the Argos-sized en→sq test package; later runs reuse the file."""
    target = cache_dir / "translate-en_sq-1_0.argosmodel"
    if target.exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    sp = train_sentencepiece(cache_dir / "spm", vocab_size=8000)
    build_package(cache_dir, "en", "sq", sp, dims=ARGOS, seed=7, pad_vocab_to=VOCAB)
    print(f"built Argos-sized package in {time.perf_counter() - started:.1f} s: {target}")
    return target


def seed_sentences() -> list[str]:
    """Distinct sentences of the bundled seed pages, in page order."""
    out: dict[str, None] = {}
    for path in sorted((REPO / "seeds").glob("*.txt")):
        for para in path.read_text(encoding="utf-8").split("\n\n"):
            for s in split_sentences(" ".join(para.split()), "en"):
                if len(s) > 3:
                    out.setdefault(s, None)
    return list(out)


def arm_settings(base: Settings, arm: str, beam: int) -> Settings:
    if arm == "before":  # the engine's settings before the thread split: 32, one worker
        return replace(base, beam_size=beam, mt_workers=1, batch_size=32)
    if arm == "draft":
        return replace(base, beam_size=1)
    return replace(base, beam_size=beam)


class Timer:
    """Wall and CPU seconds of a block (CPU time is steadier on a shared machine)."""

    def __enter__(self) -> Timer:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


class Bench:
    """The arms over one installed package, each on a fresh project per call."""

    def __init__(self, info: PackageInfo, settings: Settings, root: Path, beam: int, *,
                 argos: bool | str = True) -> None:
        import ctranslate2
        import sentencepiece as spm

        self.info, self.settings, self.root, self.beam = info, settings, root, beam
        self.runs = 0
        # Argos's translators: inter_threads 1 and intra_threads as its settings module reads
        # them (ARGOS_INTER/INTRA_THREADS), by default and set to one thread.
        self.argos = {arm: ctranslate2.Translator(str(info.path / "model"), device="cpu",
                                                  compute_type="auto", inter_threads=1,
                                                  intra_threads=intra)
                      for arm, intra in ARGOS_INTRA.items() if argos in (True, arm)}
        self.sp = spm.SentencePieceProcessor(model_file=str(info.path / "sentencepiece.model"))

    def run(self, arm: str, sentences: list[str]) -> Timer:
        if arm in ARGOS_INTRA:
            tokens = [self.sp.encode(s, out_type=str) for s in sentences]  # type: ignore[attr-defined]
            translator = self.argos[arm]
            with Timer() as t:
                for toks in tokens:
                    translator.translate_batch(
                        [toks], max_batch_size=32, batch_type="tokens", beam_size=self.beam,
                        num_hypotheses=1, return_scores=True,
                        max_decoding_length=decode_cap(len(toks)), **ARGOS_DECODING)
            return t
        self.runs += 1
        project = Project(self.root / f"{arm}-{self.runs}.wbproj",
                          arm_settings(self.settings, arm, self.beam))
        save_document(project.db, ParsedDocument(
            title="bench", format="text", source_path="bench", lang="en",
            passages=[ParsedPassage("paragraph", " ".join(sentences), sentences=sentences,
                                    lang="en")]))
        with Timer() as t:
            summary = translate_project(project, ["sq"])[0]
        assert summary.translated == len(sentences) and summary.cached == 0
        project.close()
        return t


def peak_rss_child(arm: str, args: argparse.Namespace, sentences: list[str]) -> float:
    """Peak RSS (MB) of a fresh process that loads the model and runs `arm` on `sentences`."""
    command = [sys.executable, __file__, "--child", arm, "--beam", str(args.beam),
               "--cache-dir", str(args.cache_dir)]
    if args.batch_size:
        command += ["--batch-size", str(args.batch_size)]
    out = subprocess.run(command, input=json.dumps(sentences), text=True, capture_output=True,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])


def setup(args: argparse.Namespace, root: Path, *, argos: bool | str = True) -> Bench:
    """The bench over the installed package; `argos`: load both Argos-way translators, none
    (False), or the one of that arm."""
    package = argos_sized_package(args.cache_dir)
    settings = replace(load_settings(), models_dir=root / "models")
    if args.batch_size:
        settings.batch_size = args.batch_size
    info = install_file(package, settings.models_dir)
    return Bench(info, settings, root, args.beam, argos=argos)


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss it does not carry the parent's peak
    across exec, and it can be reset)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(args: argparse.Namespace) -> int:
    sentences = json.loads(sys.stdin.read())
    with tempfile.TemporaryDirectory(prefix="mt-bench-child-") as tmp:
        bench = setup(args, Path(tmp), argos=args.child if args.child in ARGOS_INTRA else False)
        try:  # reset the peak: the install check's model load is not the arm's
            Path("/proc/self/clear_refs").write_text("5")
        except OSError:
            pass
        bench.run(args.child, sentences)
    print(peak_rss_mb())
    return 0


def spread(values: list[float]) -> str:
    return (f"×{statistics.median(values):.2f} (range {min(values):.2f}–{max(values):.2f}, "
            f"{len(values)} rounds)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="180 sentences in 3 rounds")
    parser.add_argument("--rounds", type=int, help="alternating rounds (default 6)")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--batch-size", type=int, help="default: the workbench setting")
    parser.add_argument("--cache-dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "workbench-bench-cache")
    parser.add_argument("--child", choices=ARMS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    sentences = seed_sentences()
    rounds = args.rounds or (3 if args.quick else 6)
    if args.quick:
        sentences = sentences[:180]
    slices = [sentences[r::rounds] for r in range(rounds)]
    with tempfile.TemporaryDirectory(prefix="mt-bench-") as tmp:
        bench = setup(args, Path(tmp))
        workers, per_worker = engine_threads(bench.settings.threads, bench.settings.mt_workers)
        tokens = sum(len(bench.sp.encode(s)) for s in sentences)  # type: ignore[attr-defined]
        print(f"machine: {available_cores()} cores available (load average "
              f"{os.getloadavg()[0]:.1f}); model {bench.info.ref} (Argos dims, {VOCAB} vocab, "
              f"int8); {len(sentences)} distinct seed sentences, {tokens / len(sentences):.1f} "
              f"tokens avg, beam {args.beam}, batch {bench.settings.batch_size}; engine: "
              f"{workers} workers x {per_worker} threads; before: 1 worker x "
              f"{engine_threads(bench.settings.threads, 1)[1]} threads, batch 32")
        for arm in ARMS:  # warm-up: load every translator, size the buffers
            bench.run(arm, slices[0][:6])
        times: dict[str, list[Timer]] = {arm: [] for arm in ARMS}
        for r, part in enumerate(slices):
            order = ARMS[r % len(ARMS):] + ARMS[:r % len(ARMS)]
            for arm in order:
                times[arm].append(bench.run(arm, part))
            print(f"  round {r + 1}/{rounds} ({len(part)} sentences): " + ", ".join(
                f"{arm} {len(part) / times[arm][-1].wall:.2f}/s" for arm in ARMS), flush=True)

        n = len(sentences)
        print(f"\n{'arm':8} {'sent/s wall':>12} {'sent/CPU-s':>11} {'peak RSS':>9}")
        for arm in ARMS:
            wall = sum(t.wall for t in times[arm])
            cpu = sum(t.cpu for t in times[arm])
            rss = peak_rss_child(arm, args, slices[0])
            print(f"{arm:8} {n / wall:12.2f} {n / cpu:11.2f} {rss:7.0f} MB")
        print("\nratios per round (median, range):")
        for fast, slow, goal in RATIOS:
            wall = [s.wall / f.wall for f, s in zip(times[fast], times[slow], strict=True)]
            cpu = [s.cpu / f.cpu for f, s in zip(times[fast], times[slow], strict=True)]
            note = f"   goal >= {goal}" if goal else ""
            print(f"  {fast}/{slow}: wall {spread(wall)}; CPU {spread(cpu)}{note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
